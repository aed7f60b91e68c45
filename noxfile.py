"""Nox sessions for sphinx-podcast-ext.

``nox`` runs lint, tests (Sphinx 8 and 9) and docs; ``nox -l`` lists every session.
"""

from __future__ import annotations

from pathlib import Path

import nox

nox.needs_version = ">=2024.3.2"
nox.options.default_venv_backend = "venv"
nox.options.sessions = ["lint", "tests", "docs"]

ROOT = Path(__file__).parent
SPHINX_MAJORS = ["8", "9"]


@nox.session
@nox.parametrize("sphinx", SPHINX_MAJORS)
def tests(session: nox.Session, sphinx: str) -> None:
    """Run the test suite against one Sphinx major version."""
    major = int(sphinx)
    session.install(".[site,test,themes]", f"sphinx>={major},<{major + 1}")
    session.run("python", "-c", "import sphinx; print('Sphinx', sphinx.__version__)")
    # pytest exits 5 when it collects no tests; nox treats that as a failure.
    session.run("pytest", *session.posargs)


@nox.session
@nox.parametrize("sphinx", SPHINX_MAJORS)
def matrix(session: nox.Session, sphinx: str) -> None:
    """Every theme x builder, the common neighbour extensions and the bad-input corpus,
    against one Sphinx major version (``nox -s matrix``: the lowest and highest)."""
    major = int(sphinx)
    session.install(".[site,test,themes]", f"sphinx>={major},<{major + 1}")
    session.run("python", "-m", "pip", "check")
    session.run("python", "-c", "import sphinx; print('Sphinx', sphinx.__version__)")
    session.run(
        "pytest",
        "tests/test_matrix.py",
        "tests/test_builders.py",
        "tests/test_sanitize.py",
        "tests/badinput",
        *session.posargs,
    )


@nox.session
def lint(session: nox.Session) -> None:
    """ruff check, ruff format --check and mypy."""
    session.install("-e", ".[lint]")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")
    session.run("mypy", *session.posargs)


@nox.session
def docs(session: nox.Session) -> None:
    """Build the documentation (``nox -s docs -- live`` for a live-reloading server)."""
    session.install("-r", "docs/requirements.txt", ".")
    args = list(session.posargs)
    if args[:1] == ["live"]:
        session.install("sphinx-autobuild")
        session.run("sphinx-autobuild", *args[1:], "docs", "docs/_build/html")
        return
    session.run(
        "sphinx-build", "-b", "html", "-W", "--keep-going", "-n", *args, "docs", "docs/_build/html"
    )


@nox.session
def site(session: nox.Session) -> None:
    """Build the archive site in content/ as html and dirhtml."""
    session.install(".[site]")
    for builder in ("html", "dirhtml"):
        session.run(
            "sphinx-build",
            "-b",
            builder,
            "-W",
            "--keep-going",
            *session.posargs,
            "content",
            f"content/_build/{builder}",
        )


@nox.session
def serve(session: nox.Session) -> None:
    """Live-reloading preview of the archive site (sphinx-autobuild)."""
    session.install("-e", ".[site]", "sphinx-autobuild")
    session.run("sphinx-autobuild", *session.posargs, "content", "content/_build/html")


@nox.session
def bench(session: nox.Session) -> None:
    """Run the benchmarks: ``nox -s bench -- ARGS`` runs ``benchmarks/run.py ARGS``."""
    if not (ROOT / "benchmarks" / "run.py").exists():
        session.error("benchmarks/run.py does not exist yet")
    session.install(".[site,test]")
    session.run("python", "benchmarks/run.py", *session.posargs)


@nox.session
def browser(session: nox.Session) -> None:
    """Browser tests in tests/browser: Playwright driving the system's headless Chromium.

    Needs ``chromium`` on PATH (``apt-get install chromium``; or set
    ``PODCAST_CHROMIUM``); without it the tests skip, unless ``CI`` is set.
    """
    if not (ROOT / "tests" / "browser").is_dir():
        session.error("tests/browser does not exist yet")
    session.install(".[site,test,browser]")
    session.run("pytest", "tests/browser", *session.posargs)


@nox.session
def catalogs(session: nox.Session) -> None:
    """Extract the messages and write and compile the fr, de, es and pt catalogs."""
    session.install("-e", ".", "babel", "jinja2")
    session.run("python", "-m", "sphinx_podcast_ext.translations")


@nox.session
def gallery(session: nox.Session) -> None:
    """Screenshots of the reader's pages for docs/gallery.md (light and dark, desktop and phone).

    Needs Chromium (``apt-get install chromium``); writes ``docs/_static/gallery/*.png``.
    """
    session.install(".[site,test,browser]")
    session.run(
        "pytest",
        "tests/browser/test_gallery.py",
        *session.posargs,
        env={"PODCAST_GALLERY": str(ROOT / "docs" / "_static" / "gallery")},
    )
