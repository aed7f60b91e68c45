#!/usr/bin/env python3
"""Developer entry point for sphinx-podcast-ext (standard library only).

Usage::

    python3 dev.py site            # build the archive site  -> content/_build/html
    python3 dev.py test [ARGS...]  # run the test suite (ARGS go to pytest)
    python3 dev.py docs            # build the documentation -> docs/_build/html
    python3 dev.py serve [ARGS...] # live-reloading preview of the archive site
    python3 dev.py lint            # ruff check, ruff format --check, mypy

On first use a virtual environment is created in ``.venv/`` and the project is
installed into it in editable mode with the ``site``, ``test`` and ``themes`` extras.  It is
re-installed only when ``pyproject.toml`` changes (a hash stamp is kept inside
``.venv/``).  Every command runs with the interpreter of that environment, never
with the system site-packages.
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
BASE_EXTRAS = "site,test,themes"

USAGE = """\
usage: python3 dev.py COMMAND [ARGS...]

commands:
  site   [SPHINX-ARGS...]   build the archive site in content/ -> content/_build/html
  test   [PYTEST-ARGS...]   run the test suite, e.g. `python3 dev.py test -k quote`
  docs   [SPHINX-ARGS...]   build the documentation in docs/ -> docs/_build/html
  serve  [AUTOBUILD-ARGS...] live-reloading preview of content/ (sphinx-autobuild)
  lint                      ruff check, ruff format --check and mypy

The first run creates .venv/ and installs the project there with
`pip install -e ".[site,test,themes]"`; it is re-installed when pyproject.toml changes.
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


def ensure_env(extra_sets: tuple[str, ...] = ()) -> str:
    """Make sure .venv exists and is up to date; return its python."""
    if not venv_works():
        create_venv()
    install(BASE_EXTRAS)
    for extras in extra_sets:
        install(extras)
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


def sphinx_build(srcdir: str, args: list[str], builder: str = "html") -> int:
    require_conf(srcdir)
    python = ensure_env()
    outdir = os.path.join(srcdir, "_build", builder)
    info(f"building {srcdir}/ -> {outdir}/")
    code = run([python, "-m", "sphinx", "-b", builder, "-W", "--keep-going", *args, srcdir, outdir])
    if code != 0:
        raise DevError(f"sphinx-build of {srcdir}/ failed (exit code {code})", code)
    return 0


def cmd_site(args: list[str]) -> int:
    # dirhtml too: the archive must work with pretty URLs (…/post/) as well.
    sphinx_build("content", args, "dirhtml")
    sphinx_build("content", args)
    info(f"done: open {os.path.join(ROOT, 'content', '_build', 'html', 'index.html')}")
    return 0


def cmd_docs(args: list[str]) -> int:
    sphinx_build("docs", args)
    info(f"done: open {os.path.join(ROOT, 'docs', '_build', 'html', 'index.html')}")
    return 0


def cmd_test(args: list[str]) -> int:
    python = ensure_env()
    code = run([python, "-m", "pytest", *args])
    if code == 5:
        raise DevError("pytest collected no tests (exit code 5): treating this as a failure", 5)
    if code != 0:
        raise DevError(f"tests failed (pytest exit code {code})", code)
    return 0


def cmd_serve(args: list[str]) -> int:
    require_conf("content")
    python = ensure_env()
    ensure_module(python, "sphinx_autobuild", "sphinx-autobuild")
    outdir = os.path.join("content", "_build", "html")
    return run([python, "-m", "sphinx_autobuild", *args, "content", outdir])


def cmd_lint(args: list[str]) -> int:
    python = ensure_env(("lint",))
    failed = []
    for name, cmd in (
        ("ruff check", [python, "-m", "ruff", "check", *args, "."]),
        ("ruff format --check", [python, "-m", "ruff", "format", "--check", "."]),
        ("mypy", [python, "-m", "mypy"]),
    ):
        info(name)
        if run(cmd) != 0:
            failed.append(name)
    if failed:
        raise DevError("lint failed: " + ", ".join(failed))
    return 0


COMMANDS = {
    "site": cmd_site,
    "test": cmd_test,
    "docs": cmd_docs,
    "serve": cmd_serve,
    "lint": cmd_lint,
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
