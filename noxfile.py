"""Nox sessions for sphinx-podcast-ext: the one definition of every development task.

``nox`` runs lint, tests (Sphinx 8 and 9) and docs; ``nox -l`` lists every session.
``python3 dev.py COMMAND`` runs the same sessions in the project's ``.venv/``
(``nox --no-venv``), where everything is installed already: each session
installs its requirements only when nox gives it a virtual environment.
"""

from __future__ import annotations

from pathlib import Path

import nox

nox.needs_version = ">=2024.3.2"
nox.options.default_venv_backend = "venv"
nox.options.sessions = ["lint", "tests", "docs"]

ROOT = Path(__file__).parent
#: The lowest and highest supported Sphinx majors.
SPHINX_MAJORS = ["8", "9"]
SITE_BUILDERS = ("dirhtml", "html")


def install(session: nox.Session, *requirements: str) -> None:
    """Install *requirements*, unless the session runs in an existing environment (dev.py)."""
    if session.venv_backend != "none":
        session.install(*requirements)


@nox.session
@nox.parametrize("sphinx", SPHINX_MAJORS)
def tests(session: nox.Session, sphinx: str) -> None:
    """The test suite (browser tests deselected unless named) against one Sphinx major."""
    major = int(sphinx)
    install(session, "-e", ".[site,test,themes]", f"sphinx>={major},<{major + 1}")
    session.run("python", "-c", "import sphinx; print('Sphinx', sphinx.__version__)")
    # pytest exits 5 when it collects no tests; nox treats that as a failure.
    session.run("python", "-m", "pytest", *session.posargs)


@nox.session
def browser(session: nox.Session) -> None:
    """Browser tests in tests/browser: Playwright driving the system's headless Chromium.

    Needs ``chromium`` on PATH (``apt-get install chromium``; or set
    ``PODCAST_CHROMIUM``); without it the tests skip, unless ``CI`` is set.
    """
    install(session, "-e", ".[site,test,themes]")
    session.run("python", "-m", "pytest", "tests/browser", *session.posargs)


@nox.session
def matrix(session: nox.Session) -> None:
    """Every theme x builder, the neighbour extensions and the bad-input corpus."""
    install(session, "-e", ".[site,test,themes]")
    session.run("python", "-m", "pip", "check")
    session.run(
        "python",
        "-m",
        "pytest",
        "tests/test_matrix.py",
        "tests/test_builders.py",
        "tests/test_htmlclean.py",
        "tests/badinput",
        *session.posargs,
    )


@nox.session
def lint(session: nox.Session) -> None:
    """ruff check, ruff format --check and mypy."""
    install(session, "-e", ".[lint]")
    session.run("python", "-m", "ruff", "check", ".")
    session.run("python", "-m", "ruff", "format", "--check", ".")
    session.run("python", "-m", "mypy", *session.posargs)


def _sphinx_build(session: nox.Session, source: str, builder: str, *args: str) -> None:
    session.run(
        "python",
        "-m",
        "sphinx",
        "-b",
        builder,
        "-W",
        "--keep-going",
        *args,
        source,
        f"{source}/_build/{builder}",
    )


@nox.session
def docs(session: nox.Session) -> None:
    """Build the documentation (``-- live`` for a live-reloading server)."""
    install(session, "-r", "docs/requirements.txt", "-e", ".")
    args = list(session.posargs)
    if args[:1] == ["live"]:
        install(session, "sphinx-autobuild")
        session.run("sphinx-autobuild", *args[1:], "docs", "docs/_build/html")
        return
    _sphinx_build(session, "docs", "html", "-n", *args)


@nox.session
def site(session: nox.Session) -> None:
    """Build the archive site in content/ as dirhtml and html, warnings as errors."""
    install(session, "-e", ".[site]")
    for builder in SITE_BUILDERS:
        _sphinx_build(session, "content", builder, *session.posargs)
    session.log(f"done: open {ROOT / 'content' / '_build' / 'html' / 'index.html'}")


@nox.session
def serve(session: nox.Session) -> None:
    """Live-reloading preview of the archive site (sphinx-autobuild)."""
    install(session, "-e", ".[site]", "sphinx-autobuild")
    session.run("sphinx-autobuild", *session.posargs, "content", "content/_build/html")


@nox.session
def bench(session: nox.Session) -> None:
    """The scaling benchmark: ``nox -s bench -- ARGS`` runs ``benchmarks/run.py ARGS``."""
    install(session, "-e", ".[site,test]")
    session.run("python", "benchmarks/run.py", *session.posargs)


@nox.session
def catalogs(session: nox.Session) -> None:
    """Extract the messages and write and compile the fr, de, es and pt catalogs."""
    install(session, "-e", ".", "babel", "jinja2")
    session.run("python", "-m", "sphinx_podcast_ext.translations")


@nox.session
def gallery(session: nox.Session) -> None:
    """Screenshots of the reader's pages for docs/gallery.md (light and dark, desktop and phone).

    Needs Chromium (``apt-get install chromium``); writes ``docs/_static/gallery/*.png``.
    """
    install(session, "-e", ".[site,test,themes]")
    session.run(
        "python",
        "-m",
        "pytest",
        "tests/browser/test_gallery.py",
        *session.posargs,
        env={"PODCAST_GALLERY": str(ROOT / "docs" / "_static" / "gallery")},
    )
