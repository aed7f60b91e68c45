"""What the extension tells Sphinx: metadata, static files, and config validation."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from helpers import Warn, parse_warnings

import sphinx_podcast_ext
from sphinx_podcast_ext.extension import STATIC_DIR
from sphinx_podcast_ext.store import ENV_VERSION

STATIC_FILES = ("podcast.css", "podcast.js")
#: ``<script>`` types browsers never execute.
DATA_BLOCK_TYPES = ("application/ld+json", "application/json")


def without_query(url: str) -> str:
    return url.split("?", 1)[0]


# -- metadata ----------------------------------------------------------------------------------


@pytest.mark.sphinx("html", testroot="directives")
def test_extension_metadata(app):
    extension = app.extensions["sphinx_podcast_ext"]
    assert extension.version == sphinx_podcast_ext.__version__
    assert extension.parallel_read_safe is True
    assert extension.parallel_write_safe is True
    env_version = extension.metadata["env_version"]
    assert isinstance(env_version, int)
    assert env_version == ENV_VERSION
    assert app.env.get_domain("podcast").name == "podcast"
    assert "sphinx_design" in app.extensions


@pytest.mark.sphinx("html", testroot="directives")
def test_registered_directives_and_role(app):
    from docutils.parsers.rst import directives, roles

    for name in ("key-quote", "episode", "related-posts"):
        assert directives.directive(name, None, None)[0] is not None, name
    assert roles.role("timestamp", None, 0, None)[0] is not None


# -- static files ------------------------------------------------------------------------------


@pytest.mark.sphinx("html", testroot="directives")
def test_static_files_are_copied(app):
    app.build()
    for name in STATIC_FILES:
        copied = Path(app.outdir) / "_static" / name
        assert copied.is_file(), name
        assert copied.read_bytes() == (STATIC_DIR / name).read_bytes()
    # Copied by the extension once it knows the project uses it: the project's
    # html_static_path is left as it was.
    assert str(STATIC_DIR) not in [str(p) for p in app.config.html_static_path]


@pytest.mark.sphinx("html", testroot="directives")
@pytest.mark.parametrize(
    ("docname", "prefix"), [("index", "_static/"), ("posts/schulman", "../_static/")]
)
def test_pages_link_the_static_files(app, html_page, docname, prefix):
    app.build()
    soup = html_page(app, docname)
    (script,) = [
        s for s in soup.find_all("script", src=True) if "podcast" in without_query(s["src"])
    ]
    assert without_query(script["src"]) == f"{prefix}podcast.js"
    assert script.has_attr("defer")
    (css,) = [
        link
        for link in soup.find_all("link", href=True)
        if "podcast" in without_query(link["href"])
    ]
    assert without_query(css["href"]) == f"{prefix}podcast.css"
    assert css["rel"] == ["stylesheet"]


@pytest.mark.sphinx("html", testroot="directives")
def test_no_inline_script_from_the_extension(app, html_page):
    app.build()
    soup = html_page(app, "posts/schulman")
    # Inline scripts of the theme are on every page, with or without podcast content.
    theme_scripts = {
        s.get_text().strip() for s in html_page(app, "genindex").find_all("script", src=False)
    }
    for script in soup.find_all("script"):
        if script.has_attr("src"):
            continue
        text = script.get_text().strip()
        if script.get("type", "").lower() in DATA_BLOCK_TYPES:
            # A data block (structured data) is never executed; it must be valid JSON.
            json.loads(text)
            continue
        assert text in theme_scripts, text
        assert not re.search(r"podcast|youtube|embed", text, re.IGNORECASE)
    # No inline event handlers in the content either.
    for tag in soup.select_one("[role=main]").find_all(True):
        assert not [attr for attr in tag.attrs if attr.lower().startswith("on")], tag


@pytest.mark.sphinx("latex", testroot="directives")
def test_no_static_files_for_latex(app):
    app.build()
    names = {p.name for p in Path(app.outdir).rglob("*")}
    assert names.isdisjoint(STATIC_FILES)


@pytest.mark.sphinx("text", testroot="directives")
def test_no_static_files_for_text(app):
    app.build()
    names = {p.name for p in Path(app.outdir).rglob("*")}
    assert names.isdisjoint(STATIC_FILES)


# -- configuration -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "bad", "default", "problem"),
    [
        pytest.param(
            name,
            bad,
            default,
            problem,
            marks=pytest.mark.sphinx(
                "html", testroot="directives", freshenv=True, confoverrides={name: bad}
            ),
            id=name,
        )
        for name, bad, default, problem in [
            ("podcast_related_limit", 0, 3, "must be a positive integer"),
            ("podcast_related_columns", -2, 3, "must be a positive integer"),
            ("podcast_excerpt_length", 0, 240, "must be a positive integer"),
            ("podcast_default_embed", "auto", "link", "must be one of 'link', 'click', 'none'"),
            ("podcast_episode_card", "bottom", "top", "must be one of 'top', 'none'"),
        ]
    ],
)
def test_invalid_config_warns_and_falls_back(app, warning, name, bad, default, problem):
    assert getattr(app.config, name) == default
    found = parse_warnings(app, warning.getvalue())
    assert found == [Warn(None, None, f"{name} {problem}; using {default!r}", "podcast.config")]


@pytest.mark.sphinx(
    "html",
    testroot="directives",
    freshenv=True,
    confoverrides={"podcast_related_limit": 0, "podcast_default_embed": "auto"},
)
def test_invalid_config_build_uses_defaults(app, warning, html_page):
    app.build()
    found = [w for w in parse_warnings(app, warning.getvalue()) if w.type == "podcast.config"]
    assert len(found) == 2
    # The episode with ``:embed: click`` keeps it; the related cards use the default limit.
    assert html_page(app, "posts/schulman").select(".podcast-embed") != []
    assert len(html_page(app, "posts/lehmann").select(".podcast-card")) == 1


@pytest.mark.sphinx("html", testroot="directives", freshenv=True)
def test_valid_config_does_not_warn(app, warning):
    assert app.config.podcast_related_limit == 3
    assert app.config.podcast_default_embed == "link"
    assert parse_warnings(app, warning.getvalue()) == []


# -- a project without posts ---------------------------------------------------------------


_PLAIN_PAGES = {
    "index.md": "# Plain\n\nA page.\n\n```{toctree}\nguide\n```\n",
    "guide.md": "# Guide\n\nNo posts here: no date, no episode.\n",
}


def _plain_build(tmp_path: Path, extensions: list[str]) -> tuple[set[str], str, str]:
    """Build a project twice in new processes: its pages, its warnings, the second's output."""
    import subprocess
    import sys

    src = tmp_path / "src"
    src.mkdir(parents=True)
    (src / "conf.py").write_text(f"extensions = {extensions!r}\n", encoding="utf-8")
    for name, text in _PLAIN_PAGES.items():
        (src / name).write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    command = [sys.executable, "-m", "sphinx", "-b", "html", str(src), str(out)]
    first = subprocess.run(command, capture_output=True, text=True, check=True)
    second = subprocess.run(command, capture_output=True, text=True, check=True)
    pages = {p.relative_to(out).as_posix() for p in out.rglob("*.html")}
    return pages, first.stderr + second.stderr, second.stdout


def _files(out: Path) -> set[str]:
    return {
        p.relative_to(out).as_posix()
        for p in out.rglob("*")
        if p.is_file() and ".doctrees" not in p.parts and p.name != ".buildinfo"
    }


def test_a_project_without_posts_is_left_as_it_was(tmp_path: Path) -> None:
    """No new page, no new warning, no 'configuration has changed' on a rebuild."""
    plain, plain_warnings, plain_status = _plain_build(
        tmp_path / "plain", ["myst_parser", "sphinx_design"]
    )
    added, added_warnings, added_status = _plain_build(
        tmp_path / "added", ["myst_parser", "sphinx_design", "sphinx_podcast_ext"]
    )
    assert added == plain
    assert "guests.html" not in added and "quotes.html" not in added
    # Not a file more, and no link to the extension's stylesheet or script.
    assert _files(tmp_path / "added" / "out") == _files(tmp_path / "plain" / "out")
    index = (tmp_path / "added" / "out" / "index.html").read_text(encoding="utf-8")
    assert "podcast" not in index
    assert added_warnings == plain_warnings == ""
    assert ("configuration has changed" in added_status) == (
        "configuration has changed" in plain_status
    )
