"""Property tests not covered elsewhere.

Already covered (and not repeated here): timestamps and YouTube URLs
(``test_media.py``), ``slugify``/``post_slug`` safety and ``assign_unique`` basics
(``importer/test_slugs.py``), front matter that never raises (``test_metadata.py``),
import idempotence and text survival (``importer/test_properties.py``), and raw
HTML sanitizing (``test_sanitize.py``).
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from types import SimpleNamespace

from hypothesis import given, settings
from hypothesis import strategies as st

from sphinx_podcast_ext.importer.errors import PostError
from sphinx_podcast_ext.importer.legacy import parse_legacy
from sphinx_podcast_ext.pages import page_name
from sphinx_podcast_ext.slugs import assign_unique, post_slug, slugify

_YAML_BITS = st.sampled_from(
    [
        "title: ",
        "date: ",
        "tags: ",
        "episode: ",
        "2024-13-45",
        "2024-02-30",
        "2024-01-01",
        "!!int abc",
        "!!float x",
        "!!binary ===",
        "!!timestamp 2024-99-99",
        "!!python/object:os.system",
        "&a ",
        "*a",
        "<<: *a",
        "{",
        "}",
        "[",
        "]",
        "? ",
        ": ",
        "- ",
        '"',
        "'",
        "\n",
        "\n  ",
        "#",
        "%YAML 1.1",
        "\t",
        "~",
        "null",
        "5",
    ]
)
_FRONT = st.lists(st.one_of(_YAML_BITS, st.text(max_size=6)), max_size=25).map("".join)


@settings(max_examples=400, deadline=None)
@given(_FRONT)
def test_legacy_front_matter_fails_only_with_a_post_error(front: str) -> None:
    """Whatever the front matter, a post is parsed or refused with a located message."""
    try:
        post = parse_legacy(f"---\n{front}\n---\n\nBody.\n")
    except PostError as exc:
        assert exc.line is None or exc.line >= 1
        assert exc.message
    else:
        assert post.title
        assert isinstance(post.date, dt.date)


_SLUGS = st.lists(
    st.tuples(st.text(min_size=1, max_size=8), st.text(max_size=12).map(slugify)), max_size=12
)


@given(_SLUGS, st.randoms())
def test_assign_unique_ignores_input_order(pairs, random) -> None:
    pairs = list(dict(pairs).items())
    shuffled = pairs[:]
    random.shuffle(shuffled)
    assert assign_unique(pairs) == assign_unique(shuffled)


@given(st.lists(st.tuples(st.text(max_size=30), st.dates()), min_size=1, max_size=12))
def test_post_file_names_are_unique_on_every_file_system(posts) -> None:
    """Distinct posts get names that differ even on case-insensitive, normalizing
    file systems (Windows, macOS)."""
    wanted = [(f"{index:03d}", post_slug(title, day)) for index, (title, day) in enumerate(posts)]
    names = list(assign_unique(wanted).values())
    folded = {unicodedata.normalize("NFC", f"{name}.md").casefold() for name in names}
    assert len(folded) == len(names)


_CONFIG = SimpleNamespace(podcast_pages_prefix="")


@given(st.text(min_size=1, max_size=20))
def test_page_names_are_stable_and_safe(name: str) -> None:
    page = page_name(_CONFIG, "guest", name)
    assert page == page_name(_CONFIG, "guest", name)
    folder, _, leaf = page.partition("/")
    assert folder == "guests"
    assert leaf and leaf.isascii() and "/" not in leaf and not leaf.startswith(".")
