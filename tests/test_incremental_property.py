"""Property: after any sequence of edits, an incremental build equals a clean build.

Random edit sequences — rename, delete, retitle, retag, change a guest or a date,
add a related link to a deleted post, add a post — are applied to a small
archive built with ablog (through ``sphinx_podcast_ext.blog``, with its archives
and a full-text feed), in ``html`` and ``dirhtml``, serially and with ``-j 2``.
After each edit the same output folder is built again incrementally and a fresh
folder cleanly; every file the clean build writes must be byte-identical in the
incremental one (the feed's generation time aside), and the incremental folder
may hold more only where Sphinx keeps the pages of deleted documents.
"""

from __future__ import annotations

import io
import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sphinx.testing.util import SphinxTestApp

CONF = """\
project = "Property"
extensions = ["myst_parser", "sphinx_podcast_ext.blog"]
exclude_patterns = ["_build"]
html_theme = "alabaster"
html_baseurl = "https://example.org/"
blog_baseurl = "https://example.org/"
blog_feed_fulltext = True
podcast_page_size = 3
"""
INDEX = "# Property\n\n```{latest-posts}\n:limit: 4\n```\n\n```{podcast-index} guests\n```\n"
GUESTS = ("Ada Lovelace", "Grace Hopper", "Alan Turing")
TAGS = ("ai", "chips", "policy")
#: What varies between two builds of the same sources: the feed's generation time.
VOLATILE = re.compile(rb"<updated>[^<]*</updated>")
SKIPPED = (".buildinfo", ".doctrees", "_static", "_sources", ".podcast-pages.json")


@dataclass
class Post:
    slug: str
    title: str
    day: int
    guest: str
    tags: tuple[str, ...]
    related: tuple[str, ...] = ()

    def text(self) -> str:
        related = "".join(f"{target}\n" for target in self.related)
        return (
            f'---\ntitle: "{self.title}"\ndate: 2024-03-{self.day:02d}\n'
            f"tags: [{', '.join(self.tags)}]\n"
            f"episode:\n  url: https://www.youtube.com/watch?v=abcdefghij{self.day % 10}\n"
            f"  guest: {self.guest}\n  show: Show\n---\n\n"
            f"A first paragraph about {self.title}.\n\n"
            f"```{{key-quote}}\n:speaker: {self.guest}\n\nSaid on day {self.day}.\n```\n\n"
            f"```{{related-posts}}\n:auto:\n{related}```\n"
        )


def initial_posts() -> dict[str, Post]:
    posts = [
        Post(f"post-{i}", f"Post {i}", i + 1, GUESTS[i % 3], (TAGS[i % 3], TAGS[(i + 1) % 3]))
        for i in range(5)
    ]
    return {post.slug: post for post in posts}


EDITS = st.sampled_from(["rename", "delete", "retitle", "retag", "guest", "date", "dangle", "add"])


def apply(
    edit: str, pick: int, posts: dict[str, Post], deleted: list[str], counter: list[int]
) -> None:
    """Change *posts* (the archive's sources) by one edit of kind *edit*."""
    counter[0] += 1
    if edit == "add" or not posts:
        slug = f"new-{counter[0]}"
        posts[slug] = Post(
            slug, f"New {counter[0]}", 20 + counter[0] % 8, GUESTS[pick % 3], ("ai",)
        )
        return
    slug = sorted(posts)[pick % len(posts)]
    post = posts[slug]
    if edit == "rename":
        del posts[slug]
        post.slug = f"{slug}-moved"
        posts[post.slug] = post
        deleted.append(slug)
    elif edit == "delete":
        del posts[slug]
        deleted.append(slug)
    elif edit == "retitle":
        post.title = f"{post.title} again {counter[0]}"
    elif edit == "retag":
        post.tags = (TAGS[(pick + counter[0]) % 3],)
    elif edit == "guest":
        post.guest = (
            GUESTS[(GUESTS.index(post.guest) + 1) % 3] if post.guest in GUESTS else GUESTS[0]
        )
    elif edit == "date":
        post.day = 1 + (post.day + 7) % 27
    elif edit == "dangle":
        post.related = (*post.related, deleted[-1] if deleted else "never-written")


def write(src: Path, posts: dict[str, Post]) -> None:
    folder = src / "posts"
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    for post in posts.values():
        (folder / f"{post.slug}.md").write_text(post.text(), encoding="utf-8")


def build(src: Path, out: Path, builder: str, jobs: int, fresh: bool) -> Path:
    """Build *src* into *out* (``out/<builder>``): the output folder."""
    from ablog.blog import Blog

    Blog._dict.clear()  # ablog keeps its blog in class-level state, per process
    app = SphinxTestApp(
        builder, srcdir=src, builddir=out, freshenv=fresh, parallel=jobs,
        status=io.StringIO(), warning=io.StringIO(),
    )  # fmt: skip
    try:
        app.build(force_all=fresh)
    finally:
        app.cleanup()  # unregisters what the app added to docutils, for the next one
        Blog._dict.clear()
    return Path(app.outdir)


def _search_index(data: bytes) -> bytes:
    """Sphinx's search index without the empty entries its incremental pruning leaves.

    Removing a document leaves each word only it had as ``"word": []`` in
    ``searchindex.js`` (Sphinx's ``IndexBuilder.prune``), where a clean build has no
    entry; both find the same pages.
    """
    prefix, suffix = b"Search.setIndex(", b")"
    index = json.loads(data[len(prefix) : -len(suffix)])
    for table in ("terms", "titleterms"):
        index[table] = {word: docs for word, docs in index[table].items() if docs != []}
    return json.dumps(index, sort_keys=True).encode()


def outputs(out: Path) -> dict[str, bytes]:
    found = {}
    for path in out.rglob("*"):
        relative = path.relative_to(out).as_posix()
        if path.is_file() and not relative.startswith(SKIPPED):
            data = VOLATILE.sub(b"<updated/>", path.read_bytes())
            found[relative] = _search_index(data) if relative == "searchindex.js" else data
    return found


def leftovers(builder: str, deleted: list[str]) -> set[str]:
    """The pages Sphinx keeps of deleted documents (it never removes a document's output)."""
    if builder == "dirhtml":
        return {f"posts/{slug}/index.html" for slug in deleted}
    return {f"posts/{slug}.html" for slug in deleted}


@pytest.mark.parametrize(("builder", "jobs"), [("html", 1), ("dirhtml", 2)])
@settings(
    max_examples=3,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=st.lists(st.tuples(EDITS, st.integers(0, 10)), min_size=2, max_size=3))
def test_incremental_build_equals_clean_build(
    tmp_path_factory: pytest.TempPathFactory, builder: str, jobs: int, steps: list[tuple[str, int]]
) -> None:
    root = tmp_path_factory.mktemp("property")
    src = root / "src"
    src.mkdir()
    (src / "conf.py").write_text(CONF, encoding="utf-8")
    (src / "index.md").write_text(INDEX, encoding="utf-8")
    posts, deleted, counter = initial_posts(), [], [0]
    write(src, posts)
    incremental = build(src, root / "incremental", builder, jobs, fresh=True)
    for number, (edit, pick) in enumerate(steps):
        apply(edit, pick, posts, deleted, counter)
        write(src, posts)
        build(src, root / "incremental", builder, jobs, fresh=False)
        clean = build(src, root / f"clean-{number}", builder, jobs, fresh=True)
        mine, theirs = outputs(incremental), outputs(clean)
        extra = set(mine) - set(theirs)
        assert extra <= leftovers(builder, deleted), (steps[: number + 1], sorted(extra))
        assert set(theirs) <= set(mine), (steps[: number + 1], sorted(set(theirs) - set(mine)))
        different = sorted(name for name in theirs if mine[name] != theirs[name])
        assert different == [], (steps[: number + 1], different)
        shutil.rmtree(clean)
