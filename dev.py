#!/usr/bin/env python3
"""Developer entry point for sphinx-podcast-ext (standard library only).

It only bootstraps: it creates ``.venv/``, installs the project there, and runs
the task's nox session (``noxfile.py``, where every task is defined) inside it::

    python3 dev.py site            # nox -s site    -> content/_build/html
    python3 dev.py test [ARGS...]  # nox -s tests   (ARGS go to pytest)
    python3 dev.py docs            # nox -s docs    -> docs/_build/html
    python3 dev.py serve [ARGS...] # nox -s serve   (live-reloading preview)
    python3 dev.py lint            # nox -s lint    (ruff, mypy)
    python3 dev.py bench [ARGS...] # nox -s bench   (benchmarks/run.py ARGS)

On first use ``.venv/`` is created and the project installed into it in editable
mode with the ``site``, ``test``, ``themes``, ``lint`` and ``dev`` extras (nox
among them). It is re-installed only when ``pyproject.toml`` changes (a hash
stamp is kept inside ``.venv/``). The sessions run with ``nox --no-venv``, in
that environment, never with the system site-packages.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import time

MIN_PYTHON = (3, 11)
ROOT = os.path.dirname(os.path.abspath(__file__))
VENV = os.path.join(ROOT, ".venv")
PYPROJECT = os.path.join(ROOT, "pyproject.toml")
# Bump to force a re-install everywhere when the install recipe below changes.
STAMP_VERSION = "1"
BASE_EXTRAS = "site,test,themes,lint,dev"

USAGE = """\
usage: python3 dev.py COMMAND [ARGS...]

commands (each runs the nox session of the same name in .venv/):
  site   [SPHINX-ARGS...]   build the archive site in content/ -> content/_build/html
  test   [PYTEST-ARGS...]   run the test suite, e.g. `python3 dev.py test -k quote`
  docs   [SPHINX-ARGS...]   build the documentation in docs/ -> docs/_build/html
  serve  [AUTOBUILD-ARGS...] live-reloading preview of content/ (sphinx-autobuild)
  lint                      ruff check, ruff format --check and mypy
  bench  [ARGS...]          the scaling benchmark (benchmarks/run.py)

The first run creates .venv/ and installs the project there with
`pip install -e ".[site,test,themes,lint,dev]"`; it is re-installed when pyproject.toml
changes.
"""


class DevError(Exception):
    """An expected failure: reported as a one-line message, never a traceback."""

    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.code = code


def info(message: str) -> None:
    print(f"dev.py: {message}", flush=True)


# --------------------------------------------------------------------------- venv


def venv_python() -> str:
    if os.name == "nt":
        return os.path.join(VENV, "Scripts", "python.exe")
    return os.path.join(VENV, "bin", "python")


def venv_bin_dir() -> str:
    return os.path.dirname(venv_python())


def child_env() -> dict[str, str]:
    """Environment for commands run inside the venv (no leaks from outside)."""
    env = dict(os.environ)
    for var in ("PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP", "__PYVENV_LAUNCHER__"):
        env.pop(var, None)
    env["VIRTUAL_ENV"] = VENV
    env["PATH"] = venv_bin_dir() + os.pathsep + env.get("PATH", "")
    env["PYTHONNOUSERSITE"] = "1"
    env.setdefault("PIP_DISABLE_PIP_VERSION_CHECK", "1")
    return env


def run(cmd: list[str], *, what: str | None = None) -> int:
    """Run *cmd* from the repository root and return its exit code."""
    try:
        return subprocess.call(cmd, cwd=ROOT, env=child_env())
    except FileNotFoundError as exc:
        raise DevError(f"cannot run {what or cmd[0]}: {exc}") from None


def check(cmd: list[str], what: str) -> None:
    code = run(cmd, what=what)
    if code != 0:
        raise DevError(f"{what} failed (exit code {code})", code)


def venv_works() -> bool:
    python = venv_python()
    if not os.path.exists(python):
        return False
    try:
        out = subprocess.run(
            [python, "-c", "import sys; print(sys.version_info >= (3, 11), sys.prefix)"],
            capture_output=True,
            text=True,
            env=child_env(),
            check=False,
        )
    except OSError:
        return False
    return out.returncode == 0 and out.stdout.startswith("True")


def create_venv() -> None:
    try:
        import ensurepip  # noqa: F401  (Debian ships it separately)
        import venv  # noqa: F401
    except ImportError:
        raise DevError(
            "the Python 'venv' module (with ensurepip) is missing.\n"
            "    On Debian/Ubuntu install it with:  apt-get install python3-venv\n"
            "    then re-run this command."
        ) from None
    if os.path.exists(VENV):
        info(f"{VENV} is unusable (broken or too old); re-creating it")
        shutil.rmtree(VENV)
    info(f"creating virtual environment in {VENV}")
    code = subprocess.call([sys.executable, "-m", "venv", VENV])
    if code != 0 or not os.path.exists(venv_python()):
        shutil.rmtree(VENV, ignore_errors=True)
        raise DevError(
            "could not create the virtual environment (python -m venv failed).\n"
            "    On Debian/Ubuntu: apt-get install python3-venv"
        )
    info("upgrading pip")
    check([venv_python(), "-m", "pip", "install", "--quiet", "--upgrade", "pip"], "pip upgrade")


def stamp_path(extras: str) -> str:
    return os.path.join(VENV, f".sphinx-podcast-dev-{extras.replace(',', '-')}.stamp")


def wanted_stamp(extras: str) -> str:
    try:
        with open(PYPROJECT, "rb") as fh:
            data = fh.read()
    except OSError as exc:
        raise DevError(f"cannot read {PYPROJECT}: {exc}") from None
    digest = hashlib.sha256(data).hexdigest()
    return f"{STAMP_VERSION} {extras} {digest}\n"


def read_stamp(extras: str) -> str | None:
    try:
        with open(stamp_path(extras), encoding="utf-8") as fh:
            return fh.read()
    except OSError:
        return None


def install(extras: str) -> None:
    """``pip install -e .[extras]`` unless the stamp says it is up to date."""
    wanted = wanted_stamp(extras)
    current = read_stamp(extras)
    if current == wanted:
        return
    why = "pyproject.toml changed, re-installing" if current else "installing the project"
    info(f'{why}: pip install -e ".[{extras}]" (this may take a minute)')
    path = stamp_path(extras)
    if os.path.exists(path):
        os.remove(path)
    code = run([venv_python(), "-m", "pip", "install", "--quiet", "-e", f".[{extras}]"])
    if code != 0:
        raise DevError(
            f"pip install -e '.[{extras}]' failed (exit code {code}); see pip's output above",
            code,
        )
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(wanted)


def ensure_env() -> str:
    """Make sure .venv exists and is up to date; return its python."""
    if not venv_works():
        create_venv()
    install(BASE_EXTRAS)
    return venv_python()


def ensure_module(python: str, module: str, requirement: str) -> None:
    probe = subprocess.run(
        [python, "-c", f"import {module}"], capture_output=True, env=child_env(), check=False
    )
    if probe.returncode != 0:
        info(f"installing {requirement}")
        check(
            [python, "-m", "pip", "install", "--quiet", requirement], f"pip install {requirement}"
        )


def require_conf(srcdir: str) -> None:
    if not os.path.exists(os.path.join(ROOT, srcdir, "conf.py")):
        raise DevError(f"{srcdir}/conf.py not found: nothing to build in {srcdir}/")


# ----------------------------------------------------------------------- commands


def nox_session(session: str, args: list[str]) -> int:
    """Run a nox session (noxfile.py) in .venv, where its requirements are installed."""
    python = ensure_env()
    code = run([python, "-m", "nox", "--no-venv", "-s", session, "--", *args], what="nox")
    if code != 0:
        raise DevError(f"nox session {session!r} failed (exit code {code})", code)
    return 0


def installed_sphinx_major(python: str) -> str:
    """The major version of the Sphinx installed in .venv (which ``tests`` session to run)."""
    out = subprocess.run(
        [python, "-c", "import sphinx; print(sphinx.version_info[0])"],
        capture_output=True,
        text=True,
        env=child_env(),
        check=False,
    )
    if out.returncode != 0:
        raise DevError("Sphinx is not importable in .venv; remove .venv and try again")
    return out.stdout.strip()


def cmd_site(args: list[str]) -> int:
    require_conf("content")
    return nox_session("site", args)


def cmd_docs(args: list[str]) -> int:
    require_conf("docs")
    return nox_session("docs", args)


def cmd_test(args: list[str]) -> int:
    major = installed_sphinx_major(ensure_env())
    return nox_session(f"tests(sphinx='{major}')", args)


def cmd_serve(args: list[str]) -> int:
    require_conf("content")
    ensure_module(ensure_env(), "sphinx_autobuild", "sphinx-autobuild")
    return nox_session("serve", args)


def cmd_lint(args: list[str]) -> int:
    return nox_session("lint", args)


def cmd_bench(args: list[str]) -> int:
    return nox_session("bench", args)


COMMANDS = {
    "site": cmd_site,
    "test": cmd_test,
    "docs": cmd_docs,
    "serve": cmd_serve,
    "lint": cmd_lint,
    "bench": cmd_bench,
}


def main(argv: list[str]) -> int:
    if sys.version_info < MIN_PYTHON:
        wanted = ".".join(map(str, MIN_PYTHON))
        raise DevError(f"Python {wanted}+ is required (this is {sys.version.split()[0]})")
    if not argv or argv[0] in ("-h", "--help", "help"):
        print(USAGE, end="")
        return 0 if argv else 2
    command, args = argv[0], argv[1:]
    if command not in COMMANDS:
        print(USAGE, end="", file=sys.stderr)
        raise DevError(f"unknown command {command!r}", 2)
    start = time.monotonic()
    code = COMMANDS[command](args)
    info(f"{command}: ok ({time.monotonic() - start:.1f}s)")
    return code


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except DevError as exc:
        print(f"dev.py: error: {exc}", file=sys.stderr)
        sys.exit(exc.code)
    except KeyboardInterrupt:
        print("dev.py: interrupted", file=sys.stderr)
        sys.exit(130)
