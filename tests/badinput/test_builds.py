"""Builds of bad input: parallel equals serial, incremental equals clean,
``-W --keep-going`` reports every problem, and the extension's HTML needs no inline
script or style (a strict Content-Security-Policy)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from bs4 import BeautifulSoup

from .cases import CASES, write_project
from .checks import parse_messages, theme_inline_scripts
from .test_corpus import sphinx_build

ROOTS = Path(__file__).parents[1] / "roots"
SMALL = [case for case in CASES if case.small]


def pages(outdir: Path) -> dict[str, str]:
    """Every HTML page's main content (the theme's sidebar and timestamps left out)."""
    result = {}
    for path in sorted(outdir.rglob("*.html")):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        body = soup.select_one("div.body") or soup.body
        result[path.relative_to(outdir).as_posix()] = str(body)
    return result


def test_parallel_build_of_the_corpus_equals_serial(tmp_path: Path) -> None:
    src = write_project(tmp_path / "src", SMALL)
    serial = sphinx_build(src, tmp_path / "serial", "-E")
    parallel = sphinx_build(src, tmp_path / "parallel", "-E", "-j", "2")
    assert serial.returncode == parallel.returncode == 0, parallel.stderr[-2000:]
    one, two = pages(tmp_path / "serial"), pages(tmp_path / "parallel")
    assert len(one) > len(SMALL)
    assert one == two
    key = lambda text: sorted(  # noqa: E731
        (m.file, m.line or 0, m.type or "", m.message) for m in parse_messages(text, src)
    )
    assert key(serial.stderr) == key(parallel.stderr)


def test_incremental_build_after_graph_edits_equals_clean(tmp_path: Path) -> None:
    src = write_project(tmp_path / "src", SMALL)
    first = sphinx_build(src, tmp_path / "incremental")
    assert first.returncode == 0, first.stderr[-2000:]
    # A related target deleted, another renamed, a cycle partner edited, a new bad post added.
    (src / "cases/graph-cycle/b.md").unlink()
    other = src / "cases/markup-related-titles/other.md"
    other.rename(other.with_name("renamed.md"))
    self_post = src / "cases/graph-self/post.md"
    self_post.write_text(
        self_post.read_text(encoding="utf-8").replace("Self related", "Self <b>related</b>"),
        encoding="utf-8",
    )
    (src / "cases/graph-cycle/c.md").write_text(
        '---\ntitle: "Added <script>x()</script>"\ndate: 2024-05-09\n---\n\n'
        "Added later.\n\n```{related-posts}\na\nb\n```\n",
        encoding="utf-8",
    )
    second = sphinx_build(src, tmp_path / "incremental")
    clean = sphinx_build(src, tmp_path / "clean", "-E")
    assert second.returncode == clean.returncode == 0, second.stderr[-2000:]
    incremental, fresh = pages(tmp_path / "incremental"), pages(tmp_path / "clean")
    stale = {"cases/graph-cycle/b.html", "cases/markup-related-titles/other.html"}
    assert incremental.keys() - fresh.keys() == stale
    for name, html in fresh.items():
        assert incremental[name] == html, name
    messages = {(m.file, m.type) for m in parse_messages(second.stderr, src)}
    assert ("cases/graph-cycle/a.md", "podcast.related") in messages
    assert ("cases/markup-related-titles/post.md", "podcast.related") in messages
    assert ("cases/graph-cycle/c.md", "podcast.related") in messages


#: One distinct problem per file: (file, text, line, warning type).
BROKEN = [
    ("a.md", "# A\n\n```{key-quote}\n:timestamp: 1:99\nText.\n```\n", 3, "podcast.quote"),
    ("b.md", "# B\n\n```{episode} javascript:alert(1)\n```\n", 3, "podcast.url"),
    ("c.md", "# C\n\n```{related-posts}\nmissing-post\n```\n", 4, "podcast.related"),
    ("d.md", "# D\n\n<script>alert(1)</script>\n", 3, "podcast.html"),
    ("e.md", "---\ntitle: E\ndate: 2024-02-31\n---\n\nText.\n", 3, "podcast.metadata"),
    ("f.md", "# F\n\nAt {timestamp}`0:30` with no episode.\n", 3, "podcast.timestamp"),
    ("g.md", "# G\n\n```{related-posts}\n:columns: 42\n```\n", 4, "podcast.option"),
    ("h.md", b"# H\n\nBad \xff byte.\n", 3, "podcast.encoding"),
]


def test_keep_going_reports_every_problem_in_one_run(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text(
        'extensions = ["myst_parser", "sphinx_podcast_ext"]\nproject = "Broken"\n',
        encoding="utf-8",
    )
    (src / "index.md").write_text("# Broken\n\n```{toctree}\n:glob:\n\n*\n```\n", encoding="utf-8")
    for name, text, _line, _kind in BROKEN:
        path = src / name
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
    result = sphinx_build(src, tmp_path / "out", "-W", "--keep-going")
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    found = {(m.file, m.line, m.type) for m in parse_messages(result.stderr, src)}
    for name, _text, line, kind in BROKEN:
        assert (name, line, kind) in found, (name, line, kind, found)


def test_extension_html_needs_no_inline_script_or_style(tmp_path: Path) -> None:
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-directives", src)
    result = sphinx_build(src, tmp_path / "out", "-E")
    assert result.returncode == 0, result.stderr[-2000:]
    empty = tmp_path / "empty"
    empty.mkdir()
    shutil.copy(src / "conf.py", empty / "conf.py")
    (empty / "index.md").write_text("# Empty\n", encoding="utf-8")
    assert sphinx_build(empty, tmp_path / "empty-out").returncode == 0
    theme_scripts = theme_inline_scripts(tmp_path / "empty-out")
    theme_styles = _styles(tmp_path / "empty-out")
    out = tmp_path / "out"
    html = list(out.rglob("*.html"))
    assert any("podcast-episode" in page.read_text(encoding="utf-8") for page in html)
    for page in html:
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for script in soup.find_all("script"):
            if script.get("src") or script.get("type") == "application/ld+json":
                continue
            assert (script.string or "").strip() in theme_scripts, (page, script)
        for element in soup.find_all(style=True):
            assert (element.name, element["style"]) in theme_styles, (page, element)
        for element in soup.find_all(class_=re.compile("^podcast")):
            for inner in [element, *element.find_all(True)]:
                assert not inner.get("style"), (page, inner)
                assert not any(name.startswith("on") for name in inner.attrs), (page, inner)
        assert not soup.find_all("style"), page


def _styles(outdir: Path) -> set[tuple[str, str]]:
    found = set()
    for page in outdir.rglob("*.html"):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        found |= {(element.name, element["style"]) for element in soup.find_all(style=True)}
    return found
