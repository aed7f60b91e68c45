"""The example project (``tests/roots/test-directives``) with every theme and builder.

Each theme x HTML-family builder and each other builder is built once, without
warnings; and the extension sits beside sphinxext-opengraph, sphinx-sitemap and
sphinx-copybutton without adding warnings. The Sphinx version is the installed
one (``nox -s matrix`` runs this file against the lowest and highest supported).
"""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sphinx.testing.util import SphinxTestApp
from sphinx.util.console import strip_escape_sequences

ROOT = Path(__file__).parent / "roots" / "test-directives"
THEMES = {
    "alabaster": "alabaster",
    "furo": "furo",
    "pydata_sphinx_theme": "pydata_sphinx_theme",
    "sphinx_book_theme": "sphinx_book_theme",
    "sphinx_rtd_theme": "sphinx_rtd_theme",
}
HTML_BUILDERS = ("html", "dirhtml", "singlehtml")
OTHER_BUILDERS = ("latex", "epub", "text")
#: epub checks its own config; these are not the extension's concern.
EPUB_CONFIG = {"epub_copyright": "2024, Test", "version": "1.0", "release": "1.0"}
NEIGHBOURS = ("sphinxext.opengraph", "sphinx_sitemap", "sphinx_copybutton")
QUOTE = "I hope the form factor would basically be that people are still driving all this"


def _installed(module: str) -> bool:
    return importlib.util.find_spec(module) is not None


def _theme(name: str):
    return pytest.param(
        name,
        marks=pytest.mark.skipif(not _installed(THEMES[name]), reason=f"{name} not installed"),
    )


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("matrix") / "src"
    shutil.copytree(ROOT, target)
    return target


def build(source: Path, out: Path, builder: str, **overrides) -> tuple[SphinxTestApp, list[str]]:
    """Build quietly into *out*; return the app and its warning/error lines."""
    app = SphinxTestApp(
        builder, srcdir=source, builddir=out, freshenv=True, confoverrides=overrides
    )
    try:
        app.build(force_all=True)
    finally:
        app.cleanup()
    lines = [
        line
        for line in strip_escape_sequences(app.warning.getvalue()).splitlines()
        if "WARNING" in line or "ERROR" in line
    ]
    return app, lines


@pytest.mark.parametrize("builder", HTML_BUILDERS)
@pytest.mark.parametrize("theme", [_theme(name) for name in THEMES])
def test_theme_and_html_builder(source: Path, tmp_path: Path, theme: str, builder: str) -> None:
    app, warnings = build(source, tmp_path, builder, html_theme=theme)
    assert warnings == []
    index = "index.html"
    page = (
        "index.html"
        if builder == "singlehtml"
        else ("posts/schulman/index.html" if builder == "dirhtml" else "posts/schulman.html")
    )
    soup = BeautifulSoup(Path(app.outdir, page).read_text(encoding="utf-8"), "html.parser")
    text = " ".join(soup.get_text(" ").split())
    assert QUOTE in text
    assert soup.select_one("figure.podcast-quote") is not None
    assert soup.select_one("section.podcast-episode") is not None
    assert soup.find("link", href=lambda href: bool(href) and "_static/podcast.css" in href)
    assert Path(app.outdir, index).is_file()


@pytest.mark.parametrize("builder", OTHER_BUILDERS)
def test_other_builders(source: Path, tmp_path: Path, builder: str) -> None:
    overrides = EPUB_CONFIG if builder == "epub" else {}
    app, warnings = build(source, tmp_path, builder, **overrides)
    assert warnings == []
    outputs = {
        "latex": "podcasttest.tex",
        "epub": "Podcasttest.epub",
        "text": "posts/schulman.txt",
    }
    produced = Path(app.outdir, outputs[builder])
    assert produced.is_file() and produced.stat().st_size > 0


@pytest.mark.skipif(
    not all(_installed(name) for name in NEIGHBOURS), reason="a neighbour is not installed"
)
def test_beside_common_extensions_no_new_warnings(source: Path, tmp_path: Path) -> None:
    common = {
        "html_baseurl": "https://podcast.example/",
        "ogp_site_url": "https://podcast.example/",
    }
    conf = source / "conf.py"
    namespace: dict[str, object] = {}
    exec(conf.read_text(encoding="utf-8"), namespace)
    extensions = list(namespace["extensions"])  # type: ignore[call-overload]
    _alone, without = build(
        source, tmp_path / "alone", "html", html_baseurl="https://podcast.example/"
    )
    app, beside = build(
        source, tmp_path / "beside", "html", extensions=[*extensions, *NEIGHBOURS], **common
    )
    assert beside == without == []
    assert set(NEIGHBOURS) <= set(app.extensions)
    assert Path(app.outdir, "sitemap.xml").is_file()
    page = Path(app.outdir, "posts/schulman.html").read_text(encoding="utf-8")
    assert "copybutton" in page
    soup = BeautifulSoup(page, "html.parser")
    titles = soup.find_all("meta", property="og:title")
    assert len(titles) == 1  # opengraph owns it; the extension does not repeat it
