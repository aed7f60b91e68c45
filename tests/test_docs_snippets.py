"""The documentation is executable: every example it shows is built as it is written.

The examples are read from ``docs/**/*.md`` by :mod:`docs_snippets` (whose
docstring states the convention: every ``markdown``/``rst`` fence is a page,
and a ``% snippet:`` comment above a fence says when it warns on purpose).
Each one is built under the equivalent of ``-W`` in a small project:
``myst_parser`` and ``sphinx_podcast_ext`` (once more with
``sphinx_podcast_ext.blog`` where the page is about an ablog site), the
documentation's example posts beside it (the examples link to them), and the
snippet as the file of the page it is shown on. Its resolved doctree is kept
as a regression file in ``tests/docs_snippets/`` (sphinx-design's way of
keeping its docs and its tests in step); after a deliberate change, refresh
them with ``pytest tests/test_docs_snippets.py --force-regen``.

The documentation itself is built as Read the Docs and ``nox -s docs`` build
it (``-W --keep-going -n``), in html and latex, and the pages are checked for
what issue 15 found on them.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from io import StringIO
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from docs_snippets import DOCS, ROOT, Snippet, all_snippets, fenced_blocks, front_matter_split
from helpers import parse_warnings
from sphinx.testing.util import SphinxTestApp
from sphinx.util.console import strip_escape_sequences

SNIPPETS = all_snippets()
REGRESSIONS = Path(__file__).parent / "docs_snippets"
ROOT_DOC = "snippet-root"
#: What a ``post`` snippet is built under: a post with an episode.
POST_PRELUDE = {
    ".md": "---\nepisode: https://www.youtube.com/watch?v=AbCdEfGhIjK\n---\n\n",
    ".rst": ":episode: https://www.youtube.com/watch?v=AbCdEfGhIjK\n\n",
}
CONF = """\
extensions = {extensions!r}
root_doc = {root!r}
exclude_patterns = ["_build"]
myst_enable_extensions = ["colon_fence"]
# The index below lists every page; a snippet without a heading has no title to list.
suppress_warnings = ["toc.no_title"]
"""


def snippet_project(root: Path, snippet: Snippet, *, blog: bool) -> str:
    """Write the project that builds *snippet*; return the snippet's docname."""
    shutil.copytree(DOCS / "examples", root / "examples")
    extensions = ["myst_parser", "sphinx_podcast_ext.blog" if blog else "sphinx_podcast_ext"]
    (root / "conf.py").write_text(CONF.format(extensions=extensions, root=ROOT_DOC), "utf-8")
    docname = str(Path(snippet.path).with_suffix("").as_posix())
    (root / f"{ROOT_DOC}.md").write_text(
        f"# Snippets\n\n```{{toctree}}\nexamples/index\n{docname}\n```\n", "utf-8"
    )
    target = root / snippet.path
    target.parent.mkdir(parents=True, exist_ok=True)
    prelude = POST_PRELUDE[target.suffix] if snippet.post else ""
    target.write_text(prelude + snippet.text, "utf-8")
    return docname


@contextmanager
def build(root: Path, builder: str = "html") -> Iterator[SphinxTestApp]:
    """Build *root*; the app stays set up (its translations too) until the block ends."""
    app = SphinxTestApp(
        builder,
        srcdir=root,
        builddir=root / "_build",
        freshenv=True,
        status=StringIO(),
        warning=StringIO(),
    )
    try:
        app.build()
        yield app
    finally:
        app.cleanup()


def doctree_text(app: SphinxTestApp, docname: str) -> str:
    """The snippet's doctree after every transform of the html builder, without paths."""
    doctree = app.env.get_and_resolve_doctree(docname, app.builder)
    doctree["source"] = Path(app.env.doc2path(docname)).relative_to(app.srcdir).as_posix()
    text = doctree.pformat().replace(str(app.srcdir), "<srcdir>")
    # The episode record a card is drawn from is internal; what the card shows is kept.
    text = re.sub(r' episode="Episode\(.*?\)"', "", text)
    # docutils writes a flag as "1" or "True", by version: one spelling for every version.
    return re.sub(r'="True"', '="1"', text)


def warning_types(app: SphinxTestApp) -> list[str]:
    found = parse_warnings(app, app.warning.getvalue())
    return sorted(w.type or f"(untyped) {w.file}:{w.line}: {w.message}" for w in found)


def check_snippet(snippet: Snippet, tmp_path: Path, file_regression, *, blog: bool) -> None:
    root = tmp_path / ("blog" if blog else "plain")
    docname = snippet_project(root, snippet, blog=blog)
    with build(root) as app:
        # Before the doctree is resolved again below, which would repeat its warnings.
        found, messages = warning_types(app), app.warning.getvalue()
        doctree = doctree_text(app, docname)
    assert found == list(snippet.warns), (
        f"{snippet.where}: the example gives other warnings than its marker says "
        f"(% snippet: warns …):\n{messages}"
    )
    if snippet.warns and snippet.output and "WARNING:" in snippet.output:
        printed = strip_escape_sequences(messages).replace(f"{app.srcdir}{os.sep}", "")
        assert printed.splitlines() == snippet.output.strip().splitlines(), (
            f"{snippet.where}: the warnings shown under the example are not what it prints"
        )
    name = f"{snippet.id}.blog.xml" if blog else f"{snippet.id}.xml"
    file_regression.check(doctree, fullpath=REGRESSIONS / name)


BUILT = [s for s in SNIPPETS if not s.skip]


@pytest.mark.parametrize("snippet", BUILT, ids=[s.id for s in BUILT])
def test_snippet_builds_as_written(snippet: Snippet, tmp_path, file_regression):
    check_snippet(snippet, tmp_path, file_regression, blog=False)


BLOG = [s for s in BUILT if s.blog]


@pytest.mark.parametrize("snippet", BLOG, ids=[s.id for s in BLOG])
def test_snippet_builds_on_an_ablog_site(snippet: Snippet, tmp_path, file_regression):
    check_snippet(snippet, tmp_path, file_regression, blog=True)


def test_markers_are_understood():
    problems = [f"{s.where}: {problem}" for s in SNIPPETS for problem in s.problems]
    problems += [
        f"{s.where}: `post` puts the example under a front matter; it has one already"
        for s in SNIPPETS
        if s.post and (s.text.startswith("---") or re.match(r":[\w-]+: ", s.text))
    ]
    assert problems == []


def test_every_snippet_is_built_or_skipped_for_a_reason():
    assert len(BUILT) >= 30, "fewer examples found than the docs have: is the parser broken?"
    assert all(s.skip.strip() for s in SNIPPETS if s.skip is not None)


def test_pages_say_which_warnings_their_examples_give_on_purpose():
    """A reader must see it: every expected warning type is named in the page's text."""
    missing = []
    for snippet in SNIPPETS:
        text = (DOCS / snippet.page).read_text(encoding="utf-8")
        prose = "\n".join(line for line in text.splitlines() if "snippet:" not in line)
        missing += [f"{snippet.where}: {kind}" for kind in set(snippet.warns) if kind not in prose]
    assert missing == []


WITH_RESULT = [s for s in SNIPPETS if s.result is not None]


@pytest.mark.parametrize("snippet", WITH_RESULT, ids=[s.id for s in WITH_RESULT])
def test_live_rendering_shows_the_example(snippet: Snippet):
    """The ``docs-result`` block under an example renders that example, not another text."""
    _front, body = front_matter_split(snippet.text)
    assert snippet.result is not None
    assert snippet.result.strip() == body.strip()


# -- the documentation build -----------------------------------------------------------------


def sphinx_build(builder: str, out: Path) -> subprocess.CompletedProcess[str]:
    """The documentation built as Read the Docs and ``nox -s docs`` build it."""
    env = {**os.environ, "PYTHONWARNINGS": "ignore::DeprecationWarning"}
    return subprocess.run(
        [
            *(sys.executable, "-m", "sphinx", "-b", builder, "-W", "--keep-going", "-n", "-q"),
            *("-d", str(out / ".doctrees"), str(DOCS), str(out / builder)),
        ],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )


@pytest.fixture(scope="module")
def docs_html(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("docs")
    result = sphinx_build("html", out)
    assert result.returncode == 0, result.stderr
    return out / "html"


def page(html: Path, name: str) -> BeautifulSoup:
    return BeautifulSoup((html / f"{name}.html").read_text("utf-8"), "html.parser")


def test_docs_build_in_html_without_warnings(docs_html):
    assert (docs_html / "index.html").exists()


def test_docs_build_in_latex_without_warnings(tmp_path):
    result = sphinx_build("latex", tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "latex" / "sphinx-podcast-ext.tex").exists()


@pytest.mark.parametrize("example", ["small-models", "chip-economics"])
def test_related_posts_heading_is_shown_once(docs_html, example):
    """Issue 15: ``## Related posts`` above ``{related-posts}`` showed the title twice."""
    soup = page(docs_html, f"examples/{example}")
    article = soup.select_one("article") or soup
    headings = [
        tag for tag in article.find_all(["h1", "h2", "h3", "p"]) if "Related posts" in tag.text
    ]
    texts = [" ".join(tag.get_text(" ", strip=True).replace("#", "").split()) for tag in headings]
    assert texts.count("Related posts") == 1, texts


def test_json_ld_quotation_text_is_one_line(docs_html):
    """Issue 15: ``Quotation.text`` kept the source's line breaks."""
    soup = page(docs_html, "examples/small-models")
    (script,) = soup.select('script[type="application/ld+json"]')
    data = json.loads(script.string)
    texts = [part["text"] for part in data["hasPart"]]
    assert texts[0] == (
        "A small model trained on the right ten billion tokens beats a large one "
        "trained on the wrong trillion."
    )
    assert all(text == " ".join(text.split()) for text in texts)


# -- README ------------------------------------------------------------------------------------


def test_readme_quick_start_is_two_commands():
    """The README's first commands are the project's quick start: exactly these two."""
    commands = fenced_blocks(ROOT / "README.md", "console")[0]
    assert commands.splitlines() == ["python3 dev.py site", "python3 dev.py test"]


def test_readme_markdown_example_builds_without_warnings(tmp_path):
    """Issue 15: the README's ``{episode}`` example, copied literally, warned (podcast.embed)."""
    (example,) = fenced_blocks(ROOT / "README.md", "markdown")
    path = re.search(r"^A post, `([^`]+)`", _readme(), re.M)[1]
    (tmp_path / "conf.py").write_text(_readme_conf(), "utf-8")
    (tmp_path / "index.md").write_text("# Archive\n", "utf-8")
    (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
    (tmp_path / path).write_text(example, "utf-8")
    with build(tmp_path) as app:
        messages = app.warning.getvalue()
    assert messages == ""


def _readme() -> str:
    return (ROOT / "README.md").read_text(encoding="utf-8")


def _readme_conf() -> str:
    """The README's ``conf.py`` lines."""
    (conf,) = [b for b in fenced_blocks(ROOT / "README.md", "python") if "extensions" in b]
    return conf


# -- front-matter.md's validation table -----------------------------------------------------

TABLE_ROW = re.compile(
    r"^\| (?P<problem>[^|]+) \| (?P<example>.+?) \| `(?P<message>.+)` \(`(?P<type>[\w.]+)`\) \|$"
)


def validation_rows() -> list[re.Match[str]]:
    text = (DOCS / "front-matter.md").read_text(encoding="utf-8")
    table = text[text.index("| Problem | Front matter | Warning |") :].split("\n\n", 1)[0]
    return [m for line in table.splitlines() if (m := TABLE_ROW.match(line))]


def test_front_matter_table_gives_the_warnings_it_shows(tmp_path):
    """Each row's front matter (one line per code span) gives that row's warning, and no other
    (issue 15: the duplicate-key row showed a message the extension does not print)."""
    rows = validation_rows()
    assert len(rows) >= 10
    (tmp_path / "conf.py").write_text(
        'extensions = ["myst_parser", "sphinx_podcast_ext"]\n'
        # The rows are pages of their own, not posts to list: no toctree needed here.
        'suppress_warnings = ["toc.not_included"]\n',
        "utf-8",
    )
    (tmp_path / "index.md").write_text("# Rows\n", "utf-8")
    for number, row in enumerate(rows):
        lines = re.findall(r"`([^`]+)`", row["example"])
        (tmp_path / f"row{number}.md").write_text(
            "---\n" + "\n".join(lines) + "\n---\n\nText.\n", "utf-8"
        )
    with build(tmp_path) as app:
        found = parse_warnings(app, app.warning.getvalue())
    got = {(w.file, w.message, w.type) for w in found}
    expected = {(f"row{n}.md", row["message"], row["type"]) for n, row in enumerate(rows)}
    assert got == expected
