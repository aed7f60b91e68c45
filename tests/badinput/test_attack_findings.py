"""Regression tests for the findings of the robustness attack (``ATTACK-REPORT.md``).

Each test is one finding, built the way the reference configuration builds a
site (``sphinx_podcast_ext.blog``, a base URL, a sitemap, Pagefind where the
finding needs it) in a new process, as ``sphinx-build`` runs. They fail until
the finding is fixed.
"""

# ruff: noqa: E501  (test data: long one-line inputs)

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from defusedxml import ElementTree

from sphinx_podcast_ext.importer import ImportOptions, import_posts
from sphinx_podcast_ext.importer.report import Reporter

from .checks import parse_messages, visible_text

BASE_URL = "https://podcasts.example.org/"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
ATOM = "{http://www.w3.org/2005/Atom}"
CONF = """\
project = "Attack"
extensions = ["myst_parser", "sphinx_podcast_ext.blog", "sphinx_sitemap"]
exclude_patterns = ["_build"]
html_theme = "pydata_sphinx_theme"
html_baseurl = {base!r}
blog_baseurl = {base!r}
blog_path = "blog"
post_auto_excerpt = 1
fontawesome_included = True
html_context = {{"default_mode": "auto"}}
html_sidebars = {{"**": []}}
sitemap_url_scheme = "{{link}}"
"""
INDEX = "# Attack\n\nWelcome.\n\n```{toctree}\n:glob:\n\npages/*\n```\n"
#: A guest, tag or speaker written with HTML entities: text for the reader, markup once decoded.
ENTITY_IMG = "&lt;img src=x onerror=alert(1)&gt;"


def _project(root: Path, files: dict[str, str | bytes], extra: str = "") -> Path:
    src = root / "src"
    src.mkdir(parents=True)
    (src / "conf.py").write_text(CONF.format(base=BASE_URL) + extra, encoding="utf-8")
    (src / "index.md").write_text(INDEX, encoding="utf-8")
    for name, content in files.items():
        path = src / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return src


def _sphinx(
    src: Path, out: Path, *args: str, builder: str = "html"
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    return subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", builder, *args, str(src), str(out)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
        timeout=600,
        env=env,
    )


def _no_traceback(result: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    assert "Exception occurred" not in result.stderr, result.stderr[-3000:]
    assert result.returncode == 0, result.stderr[-3000:]


# -- F1: Pagefind filter values become markup (stored XSS on the search page) -------------------


def test_pagefind_filter_values_never_hold_markup(tmp_path: Path) -> None:
    """A guest, tag or speaker written with entities must not become ``<img …>`` in a filter.

    Pagefind decodes every level of HTML escaping while indexing and its UI writes
    filter values with ``innerHTML``; ``search.filter_value`` only maps a literal
    ``<``, so ``&lt;img …&gt;`` (visible text on the post) reaches the filter as
    ``<img src=x onerror=alert(1)>`` and runs on ``search.html``.
    """
    from sphinx_podcast_ext.search.bundle import pagefind_executable

    assert pagefind_executable()[0] is not None, "Pagefind's binary comes with the test extra"
    from pagefind_index import Bundle

    post = (
        f'---\ntitle: "Entity filters"\ndate: 2024-06-01\ntags: ["{ENTITY_IMG}"]\n'
        f'episode:\n  url: https://example.com/a.mp3\n  guest: "{ENTITY_IMG}"\n---\n\n'
        f'A plain first paragraph.\n\n```{{key-quote}}\n:speaker: "{ENTITY_IMG}"\n\nA quote.\n```\n'
    )
    src = _project(tmp_path, {"posts/pf.md": post}, 'podcast_search = "pagefind"\n')
    out = tmp_path / "out"
    _no_traceback(_sphinx(src, out))
    bundle = Bundle.read(out / "_pagefind")
    page = bundle.page("/posts/pf.html")
    values = [value for values in page["filters"].values() for value in values]
    assert values, page
    assert [value for value in values if "<" in value or ">" in value] == []


# -- F2: a control character in a title or first paragraph crashes the build (Atom feed) --------


@pytest.mark.parametrize(
    ("name", "post"),
    [
        (
            "title-escape",
            '---\ntitle: "Bell \\a and escape \\e in a title"\ndate: 2024-05-01\n---\n\nA plain first paragraph.\n',
        ),
        (
            "heading-escape",
            "---\ndate: 2024-05-01\n---\n\n# Heading \x1b with an escape\n\nA plain first paragraph.\n",
        ),
        (
            "excerpt-form-feed",
            '---\ntitle: "Form feed"\ndate: 2024-05-01\n---\n\nFirst paragraph with a form\x0cfeed pasted from a PDF.\n',
        ),
    ],
)
def test_control_characters_do_not_crash_the_feed(tmp_path: Path, name: str, post: str) -> None:
    src = _project(tmp_path, {f"posts/{name}.md": post})
    out = tmp_path / "out"
    result = _sphinx(src, out)
    _no_traceback(result)
    root = ElementTree.fromstring((out / "blog" / "atom.xml").read_bytes())
    assert len(root.findall(f"{ATOM}entry")) == 1


def test_del_and_c1_controls_are_read_as_spaces_with_a_warning_at_their_line(
    tmp_path: Path,
) -> None:
    """YAML refuses DEL and the C1 controls (Windows-1252 text read as Latin-1 has them):
    MyST dropped the whole front matter with "Malformed YAML", and the body's passed
    into every page unseen."""
    post = (
        '---\ntitle: "Caf\x80e \x9d talk"\ndate: 2024-05-01\ntags: [cafes]\n---\n\n'
        "A body with a DEL \x7f and a next-line \x85 control.\n"
    )
    src = _project(tmp_path, {"posts/c1.md": post})
    out = tmp_path / "out"
    result = _sphinx(src, out)
    _no_traceback(result)
    messages = parse_messages(result.stderr, src)
    found = {(m.line, m.type) for m in messages if m.file == "posts/c1.md"}
    assert found == {(2, "podcast.encoding"), (7, "podcast.encoding")}
    soup = BeautifulSoup((out / "posts" / "c1.html").read_text("utf-8"), "html.parser")
    title = soup.select_one("h1.podcast-title")
    assert title is not None and title.contents[0].split() == ["Caf", "e", "talk"]
    assert "DEL and a next-line control." in " ".join(soup.get_text().split())
    for page in out.rglob("*.html"):
        text = page.read_text("utf-8")
        assert not [c for c in text if "\x7f" <= c <= "\x9f"], page
    assert (out / "blog" / "tag" / "cafes.html").is_file()  # the front matter was kept


# -- F3: a legacy_slug replaces Sphinx's own genindex-all page (html_split_index) --------------


def test_legacy_slug_does_not_replace_the_split_index(tmp_path: Path) -> None:
    post = '---\ntitle: "Split index"\ndate: 2024-06-05\nlegacy_slug: genindex-all\n---\n\nA plain first paragraph.\n'
    src = _project(tmp_path, {"posts/split.md": post}, "html_split_index = True\n")
    out = tmp_path / "out"
    result = _sphinx(src, out)
    _no_traceback(result)
    soup = BeautifulSoup((out / "genindex-all.html").read_text(encoding="utf-8"), "html.parser")
    assert soup.find("meta", attrs={"http-equiv": "refresh"}) is None
    messages = parse_messages(result.stderr, src)
    assert any(
        m.file == "posts/split.md" and m.line == 4 and m.type == "podcast.pages" for m in messages
    )


# -- F4: an incremental build writes a sitemap without the pages it did not rewrite ------------


def test_incremental_sitemap_lists_every_page(tmp_path: Path) -> None:
    files = {
        f"posts/p{i}.md": f'---\ntitle: "Post {i}"\ndate: 2024-06-0{i}\ntags: [t{i}]\n---\n\nPost {i} sentence.\n'
        for i in range(1, 5)
    }
    src = _project(tmp_path, files)
    out = tmp_path / "out"
    _no_traceback(_sphinx(src, out))

    def locations() -> set[str]:
        root = ElementTree.fromstring((out / "sitemap.xml").read_bytes())
        return {url.findtext(f"{SITEMAP}loc") or "" for url in root.findall(f"{SITEMAP}url")}

    clean = locations()
    assert f"{BASE_URL}posts/p1.html" in clean
    edited = src / "posts" / "p4.md"
    edited.write_text(
        edited.read_text(encoding="utf-8").replace("sentence.", "sentence, edited."),
        encoding="utf-8",
    )
    _no_traceback(_sphinx(src, out))
    assert locations() == clean


# -- F5: redirect pages are listed in the sitemap ----------------------------------------------


def test_redirect_pages_are_not_in_the_sitemap(tmp_path: Path) -> None:
    post = '---\ntitle: "Moved"\ndate: 2024-06-01\nlegacy_slug: 2019/old-address\n---\n\nA plain first paragraph.\n'
    src = _project(tmp_path, {"posts/moved.md": post})
    out = tmp_path / "out"
    _no_traceback(_sphinx(src, out))
    assert (out / "2019" / "old-address.html").is_file()
    root = ElementTree.fromstring((out / "sitemap.xml").read_bytes())
    locations = {url.findtext(f"{SITEMAP}loc") for url in root.findall(f"{SITEMAP}url")}
    assert f"{BASE_URL}2019/old-address.html" not in locations


# -- F6: a chapter label shows inline HTML as escaped source ----------------------------------


def test_chapter_labels_show_the_text_the_reader_sees(tmp_path: Path) -> None:
    post = (
        '---\ntitle: "Chapter labels"\ndate: 2024-05-09\nepisode:\n  url: https://www.youtube.com/watch?v=dQw4w9WgXcQ\n  embed: click\n---\n\n'
        "## Chapters\n\n- {timestamp}`1:00` <script>alert(1)</script> cleaned\n- {timestamp}`2:00` <i>italic</i> words\n\nBody.\n"
    )
    src = _project(tmp_path, {"posts/c.md": post})
    out = tmp_path / "out"
    _no_traceback(_sphinx(src, out))
    soup = BeautifulSoup((out / "posts" / "c.html").read_text(encoding="utf-8"), "html.parser")
    labels = [label.get_text() for label in soup.select(".podcast-chapter__label")]
    assert len(labels) == 2, labels
    for label in labels:
        assert "&lt;" not in label and "<i>" not in label, labels


# -- F7: the importer reports deeply nested TOML as an internal error --------------------------


def test_importer_reports_deep_toml_at_its_line(tmp_path: Path) -> None:
    legacy = tmp_path / "legacy"
    legacy.mkdir()
    (legacy / "deep.md").write_text(
        '+++\ntitle = "Deep"\ndate = 2024-02-03\nx = '
        + "[" * 50000
        + "]" * 50000
        + "\n+++\n\nBody.\n",
        encoding="utf-8",
    )
    stdout, stderr = io.StringIO(), io.StringIO()
    report = import_posts([legacy], ImportOptions(into=tmp_path / "out"), Reporter(stdout, stderr))
    assert report.failed == 1
    assert "internal error" not in stderr.getvalue(), stderr.getvalue()
    assert "deep.md:" in stderr.getvalue() and "TOML" in stderr.getvalue(), stderr.getvalue()


# -- F8: a warning with no file or line ----------------------------------------------------------


def test_pagination_clash_warning_points_at_the_document(tmp_path: Path) -> None:
    files = {
        f"posts/p{i}.md": f'---\ntitle: "Post {i}"\ndate: 2024-06-0{i}\n---\n\nPost {i} sentence.\n'
        for i in range(1, 4)
    }
    files["blog/page/2.md"] = "# A document at a page name\n\nIts own words.\n"
    src = _project(tmp_path, files, "podcast_page_size = 1\n")
    out = tmp_path / "out"
    result = _sphinx(src, out)
    _no_traceback(result)
    located = [m for m in parse_messages(result.stderr, src) if m.type == "podcast.pages"]
    unlocated = [
        line
        for line in result.stderr.splitlines()
        if "[podcast.pages]" in line and line.startswith("WARNING")
    ]
    assert unlocated == []
    assert any(m.file == "blog/page/2.md" for m in located), located


# -- F9: a title with a line break loses its second line from the H1 and <title> ----------------


def test_title_with_a_line_break_stays_the_title(tmp_path: Path) -> None:
    post = '---\ntitle: "Line one\\nLine two"\ndate: 2024-06-05\n---\n\nA plain first paragraph.\n'
    src = _project(tmp_path, {"posts/nl.md": post})
    out = tmp_path / "out"
    _no_traceback(_sphinx(src, out))
    page = out / "posts" / "nl.html"
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    assert "Line two" in soup.find("h1").get_text()
    assert "Line two" in soup.find("title").get_text()
    description = soup.find("meta", attrs={"name": "description"})
    assert description is None or description.get("content") != "Line two"
    assert "A plain first paragraph." in visible_text(page)


# -- F10: legacy_slug names that alias another file on Windows/macOS ----------------------------


@pytest.mark.parametrize("slug", ["CON", "pages/victim."])
def test_legacy_slug_windows_aliases_are_refused(tmp_path: Path, slug: str) -> None:
    post = f'---\ntitle: "Alias"\ndate: 2024-06-04\nlegacy_slug: "{slug}"\n---\n\nA plain first paragraph.\n'
    files = {"posts/alias.md": post, "pages/victim.md": "# Victim\n\nThe victim keeps its words.\n"}
    src = _project(tmp_path, files)
    out = tmp_path / "out"
    result = _sphinx(src, out, builder="dirhtml")
    _no_traceback(result)
    messages = parse_messages(result.stderr, src)
    assert any(
        m.file == "posts/alias.md" and m.line == 4 and m.type == "podcast.pages" for m in messages
    ), [(m.file, m.line, m.type, m.message) for m in messages]
