"""Regression tests for the fourth attack (``ATTACK-REPORT-4.md``).

The target is commit f1d462f: Pagefind started in the background on the first
``html-collect-pages`` handler (``search/__init__.py``: ``start_indexing``) and
waited for or cancelled on ``build-finished`` (``search/bundle.py``: ``PagefindRun``).
Each test fails until its finding is fixed.
"""

from __future__ import annotations

import os
import shutil
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pagefind_index import Bundle
from sphinx.errors import ExtensionError
from sphinx.testing.util import SphinxTestApp

from sphinx_podcast_ext.search import BUNDLE_DIR
from sphinx_podcast_ext.search.bundle import pagefind_executable

ROOT = Path(__file__).parent.parent / "roots" / "test-search"
REPO = Path(__file__).parent.parent.parent

needs_pagefind = pytest.mark.skipif(
    pagefind_executable()[0] is None or os.name != "posix",
    reason="pagefind[bin] and a POSIX shell (stand-in binaries) are needed",
)


def _src(tmp_path: Path) -> Path:
    src = tmp_path / "src"
    shutil.copytree(ROOT, src, ignore=shutil.ignore_patterns("_build"))
    return src


def _build(src: Path, out: Path, hooks=()) -> SphinxTestApp:
    app = SphinxTestApp("html", srcdir=src, builddir=out)
    for event, handler, priority in hooks:
        app.connect(event, handler, priority=priority)
    try:
        app.build()
    finally:
        app.cleanup()
    return app


def _edit(src: Path, text: str) -> None:
    post = src / "posts" / "odd.md"
    post.write_text(post.read_text("utf-8") + f"\n{text}\n", "utf-8")


def _script(path: Path, body: str) -> Path:
    path.write_text(f"#!/bin/sh\n{body}\n", "utf-8")
    path.chmod(path.stat().st_mode | stat.S_IEXEC)
    return path


def _alive(pid: int) -> bool:
    """Running (a zombie that is only waiting to be reaped counts as gone)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in {"Z", "X"}


def _wait_for(path: Path) -> int:
    for _ in range(200):
        if path.exists() and path.read_text().strip():
            return int(path.read_text())
        time.sleep(0.05)
    raise AssertionError(f"{path} was never written: Pagefind was not started")


def _reap(pid: int) -> None:
    """Stop a process the test started (through the build) if it is still running."""
    if _alive(pid):
        os.kill(pid, signal.SIGKILL)


# -- F1: one application, two builds: the second one neither records nor indexes ---------------


@needs_pagefind
def test_a_second_build_of_the_same_application_updates_the_record_and_the_index(tmp_path):
    """``_PagefindBuild`` is made once per builder (``builder-inited``) but its
    ``indexing_started`` flag and its finished ``PagefindRun`` are never reset, so the
    second ``app.build()`` of the same application (a language server such as esbonio,
    a test harness, a watcher that keeps Sphinx in-process) writes no record
    (``write_record`` returns early), does not start Pagefind, and ``finish`` calls
    ``wait()`` on the first run again: "Pagefind could not index the site: I/O
    operation on closed file." The stale record then stays: later builds, in new
    processes, find the document up to date and the index "up to date", so the word
    is never searchable until the post is edited again. 45f3ce7 indexed it."""
    src = _src(tmp_path)
    app = SphinxTestApp("html", srcdir=src, builddir=tmp_path / "out")
    try:
        app.build()
        _edit(src, "Zebraquux was added between the builds.")
        app.build()
    finally:
        app.cleanup()
    assert "Pagefind could not index" not in app.warning.getvalue()
    record = next((Path(app.doctreedir) / "podcast-search").rglob("odd.html"))
    assert "Zebraquux" in record.read_text("utf-8")
    assert "zebraquux" in Bundle.read(Path(app.outdir) / BUNDLE_DIR).words
    # And a later build in a fresh application does not call the stale index up to date.
    later = _build(src, tmp_path / "out")
    assert "zebraquux" in Bundle.read(Path(later.outdir) / BUNDLE_DIR).words


# -- F2: a build that ends without our build-finished handler leaves Pagefind running ---------

#: A project extension that fails after indexing started, in one of two ways.
FAILING = """
import os, time
from pathlib import Path

PID = Path(os.environ["ATTACK_PID_FILE"])


def _wait():
    for _ in range(200):
        if PID.exists() and PID.read_text().strip():
            return
        time.sleep(0.05)


def _interrupt(app):
    _wait()
    raise KeyboardInterrupt  # Ctrl-C (SIGINT to sphinx-build) while pages are written


def _fail_finished(app, exception):
    # Fails whatever happened (it does not look at *exception*): Sphinx emits the event
    # again with the error, this handler fails again, and later handlers never run.
    _wait()
    raise RuntimeError("the sitemap could not be written")


def setup(app):
    if os.environ["ATTACK_MODE"] == "interrupt":
        app.connect("html-collect-pages", _interrupt, priority=900)
    else:
        app.connect("build-finished", _fail_finished)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
"""


@needs_pagefind
@pytest.mark.parametrize("mode", ["build-finished-fails", "interrupt"])
def test_a_build_that_never_reaches_finish_does_not_leave_pagefind_running(tmp_path, mode):
    """The run is stopped only by ``finish`` (``build-finished`` with an exception).
    That handler is skipped when a ``build-finished`` handler that runs before it raises
    (an extension listed before ``sphinx_podcast_ext``: Sphinx stops at the first failing
    handler, in both of its emits), and ``build-finished`` is not emitted at all for a
    ``KeyboardInterrupt`` (Sphinx catches ``Exception`` only). ``sphinx-build`` exits with
    an error, but Pagefind outlives it and then writes ``<outdir>/_pagefind.new``, which
    nothing removes (and which is published with the output). 45f3ce7 started Pagefind
    inside ``build-finished`` only: nothing was left running."""
    src = _src(tmp_path)
    out = tmp_path / "out"
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(REPO), str(src), os.environ.get("PYTHONPATH", "")]),
        "PYTHONWARNINGS": "ignore",
    }
    first = subprocess.run(
        [sys.executable, "-m", "sphinx", "-q", "-b", "html", str(src), str(out)],
        capture_output=True, text=True, check=False, env=env, timeout=300,
    )  # fmt: skip
    assert first.returncode == 0, first.stderr
    _edit(src, "A sentence added.")
    (src / "failing.py").write_text(FAILING, "utf-8")
    with (src / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write('\nextensions.insert(0, "failing")\n')
    pid_file = tmp_path / "pid"
    real = pagefind_executable()[0]
    fake = _script(tmp_path / "pagefind", f'echo $$ > {pid_file}\nsleep 2\nexec "{real}" "$@"')
    env.update(PAGEFIND_BINARY_PATH=str(fake), ATTACK_PID_FILE=str(pid_file), ATTACK_MODE=mode)
    failed = subprocess.run(
        [sys.executable, "-m", "sphinx", "-q", "-b", "html", str(src), str(out)],
        capture_output=True, text=True, check=False, env=env, timeout=300,
    )  # fmt: skip
    assert failed.returncode != 0
    pid = _wait_for(pid_file)
    try:
        assert not _alive(pid), "Pagefind is still running after sphinx-build exited"
        time.sleep(3)
        assert not (out / f"{BUNDLE_DIR}.new").exists()
    finally:
        _reap(pid)


# -- F3: cancel() kills the launcher, not the indexer it started ---------------------------------


@needs_pagefind
def test_a_failed_build_stops_pagefind_started_through_a_launcher(tmp_path, monkeypatch):
    """``pagefind_executable`` falls back to ``pagefind`` on ``PATH``, which for an npm
    install is a Node launcher that runs the native binary as its child
    (``execFileSync``/``spawnSync``). ``PagefindRun.cancel`` (and the timeout) SIGKILLs
    only the direct child, so the real indexer keeps running after a failed build and
    writes ``<outdir>/_pagefind.new`` once the build has "removed" it. A process group
    (``start_new_session=True`` and ``os.killpg``) would stop both."""
    src = _src(tmp_path)
    out = tmp_path / "out"
    _build(src, out)
    _edit(src, "A sentence added.")
    pid_file = tmp_path / "pid"
    real = pagefind_executable()[0]
    # The launcher waits for its child, as Node's execFileSync does; it does not exec.
    launcher = _script(
        tmp_path / "pagefind",
        f'sh -c \'echo $$ > {pid_file}; sleep 1; exec "{real}" "$@"\' pagefind "$@"',
    )
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(launcher))

    def broken_pages(app):
        _wait_for(pid_file)
        raise RuntimeError("an extension's pages failed")

    with pytest.raises(ExtensionError, match="pages failed"):
        _build(src, out, [("html-collect-pages", broken_pages, 900)])
    pid = _wait_for(pid_file)
    try:
        assert not _alive(pid), "the indexer started by the launcher is still running"
        time.sleep(2)
        assert not (out / "html" / f"{BUNDLE_DIR}.new").exists()
    finally:
        _reap(pid)
