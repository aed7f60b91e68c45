"""Shared fixtures: Sphinx's test apps, test roots and HTML parsing."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

pytest_plugins = ("sphinx.testing.fixtures",)

ROOTS = Path(__file__).parent / "roots"


@pytest.fixture(autouse=True)
def _fresh_ablog_state():
    """ablog keeps its blog in class-level state shared by every app in the process;
    start each test without the posts of the previous one."""
    try:
        from ablog.blog import Blog
    except ImportError:
        yield
        return
    Blog._dict.clear()
    yield
    Blog._dict.clear()


@pytest.fixture(scope="session")
def rootdir() -> Path:
    """Where ``@pytest.mark.sphinx(testroot=...)`` finds ``test-<name>`` projects."""
    return ROOTS


def parse_html(path: Path) -> BeautifulSoup:
    """Parse an output HTML file."""
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


@pytest.fixture
def html_page():
    """``html_page(app, "posts/foo")`` → the parsed HTML of a built page."""

    def load(app, docname: str) -> BeautifulSoup:
        return parse_html(Path(app.outdir) / f"{docname}.html")

    return load
