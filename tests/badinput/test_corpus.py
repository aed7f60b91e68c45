"""The bad-input corpus through the importer and the Sphinx build.

One build of every case (``cases.py``), plus legacy posts imported first:
no traceback, every expected warning at its file and line, no executable
user markup on any output page (generated guest/show/quote pages included),
and every sentence still visible.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from sphinx_podcast_ext.importer import ImportOptions, import_posts
from sphinx_podcast_ext.importer.report import Reporter

from .cases import CASES, LEGACY, Case, write_files, write_project
from .checks import (
    Message,
    executable_markup,
    folded,
    parse_messages,
    theme_inline_scripts,
    visible_text,
)

EMPTY_INDEX = "# Empty\n\nNothing here.\n"


@dataclass
class Built:
    src: Path
    out: Path
    output: str
    status: int
    messages: list[Message]
    import_errors: str
    import_failed: int
    theme_scripts: set[str]


def sphinx_build(src: Path, out: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``python -m sphinx`` in a new process (as users run it; no state shared with tests)."""
    return subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", *args, str(src), str(out)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
        timeout=600,
    )


def import_legacy(root: Path, into: Path) -> tuple[int, str]:
    """Import the legacy corpus; return the number of failed files and the diagnostics."""
    legacy = root / "legacy"
    write_files(legacy, {name: content for name, content, _d, _t in LEGACY})
    stdout, stderr = io.StringIO(), io.StringIO()
    report = import_posts([legacy], ImportOptions(into=into), Reporter(stdout, stderr))
    return report.failed, stderr.getvalue()


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    root = tmp_path_factory.mktemp("badinput")
    src = write_project(root / "src", CASES)
    failed, errors = import_legacy(root, src / "imported")
    result = sphinx_build(src, root / "out")
    empty = root / "empty"
    empty.mkdir()
    shutil.copy(src / "conf.py", empty / "conf.py")
    (empty / "index.md").write_text(EMPTY_INDEX, encoding="utf-8")
    baseline = sphinx_build(empty, root / "empty-out")
    assert baseline.returncode == 0, baseline.stderr
    return Built(
        src,
        root / "out",
        result.stdout + result.stderr,
        result.returncode,
        parse_messages(result.stderr, src),
        errors,
        failed,
        theme_inline_scripts(root / "empty-out"),
    )


def test_corpus_is_large_enough() -> None:
    assert len(CASES) + len(LEGACY) >= 30
    assert len({case.name for case in CASES}) == len(CASES)


def test_build_finishes_without_traceback(built: Built) -> None:
    assert built.status == 0, built.output[-3000:]
    assert "Traceback" not in built.output
    assert "Exception occurred" not in built.output
    assert (built.out / "index.html").is_file()


def test_every_message_names_a_file_and_line(built: Built) -> None:
    assert built.messages
    for message in built.messages:
        assert message.line is not None and message.line >= 1, message
        assert not Path(message.file).is_absolute(), message


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_case_warnings(built: Built, case: Case) -> None:
    folder = f"cases/{case.name}/"
    mine = [m for m in built.messages if m.file.startswith(folder)]
    for file, line, kind in case.warnings:
        # "../../index.md": a file of the project rather than of the case.
        outside = file.startswith("../../")
        path = file.removeprefix("../../") if outside else folder + file
        pool = built.messages if outside else mine
        assert any(
            m.file == path and (line is None or m.line == line) and (kind is None or m.type == kind)
            for m in pool
        ), (file, line, kind, [(m.file, m.line, m.type) for m in pool])
    expected_kinds = {kind for _f, _l, kind in case.warnings}
    for message in mine:
        # No surprise warnings of other kinds for the case's own files.
        assert message.type in expected_kinds, message


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_case_text_survives(built: Built, case: Case) -> None:
    pages = [built.out / "cases" / case.name / f"{page}.html" for page in case.pages]
    for page in pages:
        assert page.is_file(), page
    shown = " ".join(visible_text(page) for page in pages)
    for text in case.texts:
        assert folded(text) in shown, text


def test_no_page_has_executable_user_markup(built: Built) -> None:
    pages = sorted(built.out.rglob("*.html"))
    names = {page.relative_to(built.out).as_posix() for page in pages}
    # The generated pages are part of the check.
    assert {"guests.html", "shows.html", "quotes.html"} <= names
    assert any(name.startswith("guests/") for name in names)
    assert any(name.startswith("shows/") for name in names)
    problems = {
        name: found
        for page in pages
        if (found := executable_markup(page, built.theme_scripts))
        for name in [page.relative_to(built.out).as_posix()]
    }
    assert problems == {}


def test_generated_pages_show_tricky_names_as_text(built: Built) -> None:
    quotes = visible_text(built.out / "quotes.html")
    assert "<img src=x onerror=alert(2)>Mallory" in quotes
    shows = visible_text(built.out / "shows.html")
    assert "<script>alert(1)</script>Evil Show" in shows
    guests = visible_text(built.out / "guests.html")
    assert "Zoë Ǆ 👩\u200d🔬" in guests


def test_guests_whose_names_slugify_alike_get_a_page_each(built: Built) -> None:
    """Tomás, Tomas, TOMAS and Tomas-with-a-zero-width-space Ferreira: four pages, each
    listing its own guest's post (formerly the last one read replaced the others)."""
    index = BeautifulSoup((built.out / "guests.html").read_text(encoding="utf-8"), "html.parser")
    links = {
        a.get_text(): a["href"]
        for a in index.select(".podcast-page__index a")
        if "Ferreira" in a.get_text() or "FERREIRA" in a.get_text()
    }
    assert len(links) == 4, links
    assert len(set(links.values())) == 4, links
    for guest, post in (
        ("Tomás Ferreira", "a"),
        ("Tomas Ferreira", "b"),
        ("TOMAS FERREIRA", "c"),
        ("Tomas\u200b Ferreira", "d"),
    ):
        page = BeautifulSoup((built.out / links[guest]).read_text(encoding="utf-8"), "html.parser")
        listed = {
            a["href"].rsplit("/", 1)[-1]
            for a in page.select(".podcast-page__entries a.podcast-page__title")
        }
        assert listed == {f"{post}.html"}, (guest, listed)


def test_raw_html_is_cleaned_not_dropped(built: Built) -> None:
    page = (built.out / "cases/markup-split-html/post.html").read_text(encoding="utf-8")
    # Allowed elements split by Markdown's blank lines keep their structure.
    assert "<details>" in page and "</details>" in page
    assert page.index("<details>") < page.index("Hidden paragraph") < page.index("</details>")
    assert page.count("<kbd>") == 2
    raw = (built.out / "cases/markup-raw-blocks/post.html").read_text(encoding="utf-8")
    assert 'href="https://example.com" rel="noopener noreferrer"' in raw
    assert "&lt;script" not in raw or "<script>alert" not in raw


# -- the importer ------------------------------------------------------------------------------


def test_import_reports_each_bad_legacy_post(built: Built) -> None:
    lines = built.import_errors.splitlines()
    assert "Traceback" not in built.import_errors
    failures = [name for name, _c, diag, _t in LEGACY if diag and diag[1] == "error"]
    assert built.import_failed == len(failures)
    for name, _content, diagnostic, _texts in LEGACY:
        if diagnostic is None:
            continue
        line, level, fragment = diagnostic
        where = f"{name}:{line}: " if line is not None else f"{name}: "
        assert any(where in text and f"{level}: " in text and fragment in text for text in lines), (
            name,
            diagnostic,
            lines,
        )


def test_imported_posts_build_safely_and_keep_their_text(built: Built) -> None:
    imported = sorted((built.src / "imported").glob("*.md"))
    assert len(imported) == len([d for _n, _c, d, _t in LEGACY if not d or d[1] != "error"])
    shown = " ".join(
        visible_text(built.out / "imported" / f"{page.stem}.html") for page in imported
    )
    for _name, _content, _diag, texts in LEGACY:
        for text in texts:
            assert folded(text) in shown, text
    script = next(page for page in imported if "legacy-script" in page.stem)
    assert any(
        m.file == f"imported/{script.name}" and m.type == "podcast.html" for m in built.messages
    )
