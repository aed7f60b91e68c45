"""Regression tests for the second robustness attack (``ATTACK-REPORT-2.md``).

Same style as ``test_attack_findings.py``: each test builds a small project the
way the reference configuration does (``sphinx_podcast_ext.blog``, a base URL,
sphinx-sitemap, Pagefind where the finding needs it) in a new process, and
fails until its finding is fixed.
"""

# ruff: noqa: E501  (test data: long one-line inputs)

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from defusedxml import ElementTree

from .checks import parse_messages, visible_text
from .test_attack_findings import BASE_URL, SITEMAP, _no_traceback, _project, _sphinx

# -- G1: a lone surrogate (YAML "\ud800", reST unicode::) crashes the build --------------------


@pytest.mark.parametrize(
    ("name", "post", "extra"),
    [
        (
            "title",
            '---\ntitle: "Sur \\ud800 title"\ndate: 2024-05-01\n---\n\nA plain first paragraph.\n',
            "",
        ),
        (
            "guest",
            '---\ntitle: "Guest"\ndate: 2024-05-01\nepisode:\n  url: https://example.com/a.mp3\n  guest: "G\\ud800"\n---\n\nA plain first paragraph.\n',
            "",
        ),
        (
            "speaker-option",
            '---\ntitle: "Speaker"\ndate: 2024-05-01\n---\n\nA plain first paragraph.\n\n```{key-quote}\n:speaker: "S\\ud800"\n\nA quote.\n```\n',
            "",
        ),
        (
            "tag-pagefind",
            '---\ntitle: "Tag"\ndate: 2024-05-01\ntags: ["a\\udfffb"]\n---\n\nA plain first paragraph.\n',
            'podcast_search = "pagefind"\n',
        ),
        (
            "rst-unicode-pagefind",
            "Page\n====\n\nA plain first paragraph.\n\nSurrogate |s| here.\n\n.. |s| unicode:: U+D800\n",
            'podcast_search = "pagefind"\n',
        ),
    ],
    ids=["title", "guest", "speaker-option", "tag-pagefind", "rst-unicode-pagefind"],
)
def test_lone_surrogates_do_not_crash_the_build(
    tmp_path: Path, name: str, post: str, extra: str
) -> None:
    """``"\\ud800"`` is a valid YAML (and MyST option) escape; Python keeps the lone
    surrogate, which no UTF-8 file can hold: the social card or Pagefind record writer
    raises ``UnicodeEncodeError`` and the whole build stops with no location."""
    path = f"pages/{name}.rst" if post.startswith("Page\n") else f"posts/{name}.md"
    src = _project(tmp_path, {path: post}, extra)
    out = tmp_path / "out"
    result = _sphinx(src, out)
    _no_traceback(result)
    page = out / Path(path).with_suffix(".html")
    assert "A plain first paragraph." in visible_text(page)


# -- G2: a legacy_slug through an existing output file crashes the build ---------------------------


@pytest.mark.parametrize(
    ("slug", "builder"),
    [
        ("posts/b.html/x", "html"),
        ("blog/atom.xml/x", "html"),
        ("search.html/x", "html"),
        ("posts/b/index.html/x", "dirhtml"),
    ],
    ids=["document", "feed", "search", "dirhtml-document"],
)
def test_legacy_slug_through_an_output_file_is_refused(
    tmp_path: Path, slug: str, builder: str
) -> None:
    """A segment may contain dots, so ``posts/b.html/x`` is a "safe" name; its file
    needs ``posts/b.html`` to be a folder. Either the redirect fails
    (``FileExistsError``/``NotADirectoryError``, the build stops) or it is written
    first and Sphinx's own page is lost (``search.html`` becomes a folder, with an
    unlocated "error writing file" warning)."""
    files = {
        "posts/a.md": f'---\ntitle: "A"\ndate: 2024-06-01\nlegacy_slug: "{slug}"\n---\n\nA sentence.\n',
        "posts/b.md": '---\ntitle: "B"\ndate: 2024-06-02\n---\n\nB sentence.\n',
    }
    src = _project(tmp_path, files)
    out = tmp_path / "out"
    result = _sphinx(src, out, builder=builder)
    _no_traceback(result)
    assert "error writing file" not in result.stderr, result.stderr[-2000:]
    assert (out / ("search.html" if builder == "html" else "search/index.html")).is_file()
    messages = parse_messages(result.stderr, src)
    assert any(
        m.file == "posts/a.md" and m.line == 4 and m.type == "podcast.pages" for m in messages
    ), [(m.file, m.line, m.type, m.message) for m in messages]


# -- G3: a carriage return in the title still splits it (F9 through "\r") ------------------------


def test_title_with_a_carriage_return_stays_the_title(tmp_path: Path) -> None:
    """F9's repair looks for ``\\n`` only; Markdown reads a lone ``\\r`` as a line break too."""
    post = '---\ntitle: "Line one\\rLine two"\ndate: 2024-06-05\n---\n\nA plain first paragraph.\n'
    src = _project(tmp_path, {"posts/cr.md": post})
    out = tmp_path / "out"
    _no_traceback(_sphinx(src, out))
    page = out / "posts" / "cr.html"
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    assert "Line two" in soup.find("h1").get_text()
    assert "Line two" in soup.find("title").get_text()
    description = soup.find("meta", attrs={"name": "description"})
    assert description is None or description.get("content") != "Line two"


# -- G4: the incremental sitemap drops other extensions' pages (viewcode) --------------------------


def test_incremental_sitemap_keeps_other_extensions_pages(tmp_path: Path) -> None:
    """The sitemap guard adds documents and the extension's pages; viewcode's
    ``_modules/mymod.html`` is not rewritten in an incremental build and disappears."""
    files = {
        f"posts/p{i}.md": f'---\ntitle: "Post {i}"\ndate: 2024-06-0{i}\n---\n\nPost {i} sentence.\n'
        for i in (1, 2)
    }
    files["mymod.py"] = '"""Mod."""\n\n\ndef f():\n    """F."""\n'
    files["pages/api.md"] = "# API\n\n```{eval-rst}\n.. automodule:: mymod\n   :members:\n```\n"
    extra = (
        "import os, sys\nsys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))\n"
        'extensions += ["sphinx.ext.autodoc", "sphinx.ext.viewcode"]\n'
    )
    src = _project(tmp_path, files, extra)
    out = tmp_path / "out"
    _no_traceback(_sphinx(src, out))

    def locations() -> set[str]:
        root = ElementTree.fromstring((out / "sitemap.xml").read_bytes())
        return {url.findtext(f"{SITEMAP}loc") or "" for url in root.findall(f"{SITEMAP}url")}

    clean = locations()
    assert f"{BASE_URL}_modules/mymod.html" in clean
    edited = src / "posts" / "p1.md"
    edited.write_text(edited.read_text(encoding="utf-8").replace("sentence", "edited"), "utf-8")
    _no_traceback(_sphinx(src, out))
    assert locations() == clean


# -- G5: legacy_slug in the form of a Windows 8.3 short name -------------------------------------


def test_legacy_slug_short_name_alias_is_refused(tmp_path: Path) -> None:
    """``pages/LONGVI~1`` is the 8.3 short name of ``pages/longvictimname`` on Windows
    (NTFS with short names, the default on system drives): under dirhtml the redirect
    ``pages/LONGVI~1/index.html`` replaces the document's page there (git refuses such
    paths for the same reason, core.protectNTFS)."""
    files = {
        "posts/alias.md": '---\ntitle: "Alias"\ndate: 2024-06-04\nlegacy_slug: "pages/LONGVI~1"\n---\n\nA plain first paragraph.\n',
        "pages/longvictimname.md": "# Victim\n\nThe victim keeps its words.\n",
    }
    src = _project(tmp_path, files)
    out = tmp_path / "out"
    result = _sphinx(src, out, builder="dirhtml")
    _no_traceback(result)
    messages = parse_messages(result.stderr, src)
    assert any(
        m.file == "posts/alias.md" and m.line == 4 and m.type == "podcast.pages" for m in messages
    ), [(m.file, m.line, m.type, m.message) for m in messages]


# -- G6: the same guest name in NFC and NFD is two guests ----------------------------------------


def test_guest_names_are_compared_unicode_normalized(tmp_path: Path) -> None:
    """The name "Café" typed on macOS (NFD) and elsewhere (NFC) is one person: one guest page,
    not ``guests/cafe-guest`` and ``guests/cafe-guest-2`` with a warning that reads
    "guest 'Café Guest' … is taken by guest 'Café Guest'"."""

    def post(i: int, guest: str) -> str:
        return f'---\ntitle: "Post {i}"\ndate: 2024-06-0{i}\nepisode:\n  url: https://example.com/a{i}.mp3\n  guest: "{guest}"\n---\n\nPost {i} sentence.\n'

    files = {
        "posts/p1.md": post(1, unicodedata.normalize("NFC", "Café Guest")),
        "posts/p2.md": post(2, unicodedata.normalize("NFD", "Café Guest")),
    }
    src = _project(tmp_path, files)
    out = tmp_path / "out"
    result = _sphinx(src, out)
    _no_traceback(result)
    assert (out / "guests" / "cafe-guest.html").is_file()
    assert not (out / "guests" / "cafe-guest-2.html").exists()
