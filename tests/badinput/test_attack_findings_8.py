"""Regression tests for the eighth attack, on the ``-j N`` round (early generated pages,
Pagefind started once every document has its record, the collector's hold in forks).

F1 (a stopped build left stale and orphan generated pages) is in
``tests/test_parallel_pages.py``. Each test here failed on the code the attack
was made on (24464db).
"""

from __future__ import annotations

import contextlib
import gc
import json
import multiprocessing
import os
import shutil
import signal
import stat
import subprocess
import sys
import textwrap
import time
import weakref
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp
from sphinx.util.parallel import parallel_available

from sphinx_podcast_ext.parallel import WORKER_NAME
from sphinx_podcast_ext.search.bundle import pagefind_executable
from sphinx_podcast_ext.testing import write_archive

pytestmark = pytest.mark.skipif(
    not parallel_available or os.name != "posix", reason="needs fork and POSIX signals"
)

REPO = Path(__file__).resolve().parents[2]
CONTENT = REPO / "content"
SEARCH_ROOT = REPO / "tests" / "roots" / "test-search"


def _site(root: Path, spy: str = "") -> Path:
    """The reference site with 30 posts and, if given, a small extension ``spy`` (its code)."""
    src = root / "src"
    shutil.copytree(CONTENT, src, ignore=shutil.ignore_patterns("_build", "posts"))
    write_archive(src, 30, seed=11)
    if spy:
        (src / "spy.py").write_text(textwrap.dedent(spy), "utf-8")
        with (src / "conf.py").open("a", encoding="utf-8") as conf:
            path = f"sys.path.insert(0, {str(src)!r})"
            conf.write(f"\nimport sys\n{path}\nextensions.append('spy')\n")
    return src


def _gone(pid: int) -> bool:
    """Whether *pid* has exited (a zombie nobody reaps counts as gone)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text("utf-8")
    except FileNotFoundError:
        return True
    except OSError:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        return False
    return "\nState:\tZ" in status


# -- F2: after SIGTERM the early page worker went on writing pages, then hung for ever ---------


def test_a_killed_build_leaves_no_page_worker_writing_into_its_output(tmp_path):
    log = tmp_path / "pages.log"
    src = _site(
        tmp_path,
        f"""
        import os, time

        def slow_page(app, pagename, templatename, context, doctree):
            if doctree is None:
                with open({str(log)!r}, "a") as log:
                    log.write(f"{{time.time()}} {{os.getpid()}} {{pagename}}\\n")
                time.sleep(0.2)

        def slow_document(app, doctree, docname):
            if docname.endswith("00020"):
                time.sleep(60)  # the main process is still resolving when it is killed

        def setup(app):
            app.connect("html-page-context", slow_page)
            app.connect("doctree-resolved", slow_document)
        """,
    )
    command = [sys.executable, "-m", "sphinx", "-q", "-j", "2", "-D", "podcast_page_size=3"]
    build = subprocess.Popen(
        [*command, str(src), str(tmp_path / "out")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 120
        while not (log.exists() and len(log.read_text("utf-8").splitlines()) >= 3):
            assert time.monotonic() < deadline and build.poll() is None
            time.sleep(0.05)
        build.send_signal(signal.SIGTERM)  # the main process only, as `kill` or `timeout`
        build.wait(timeout=30)
        killed = time.time()
        time.sleep(3)
        lines = [line.split() for line in log.read_text("utf-8").splitlines()]
        workers = {int(pid) for _, pid, _ in lines}
        # At most the page each worker was writing when the build died.
        after = [page for when, _, page in lines if float(when) > killed + 0.5]
        assert after == []
        assert all(_gone(pid) for pid in workers)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(build.pid, signal.SIGKILL)


# -- F3: a helper forked during the hold ran at a first threshold of 2,000,000 for good -------


def test_a_helper_forked_during_a_parallel_build_runs_at_the_hosts_thresholds(tmp_path):
    script = tmp_path / "helper.py"
    script.write_text(
        textwrap.dedent(
            """
            import gc, json, os, sys
            from pathlib import Path
            from sphinx.testing.util import SphinxTestApp

            root = Path(sys.argv[1])
            src = root / "src"
            src.mkdir()
            (src / "conf.py").write_text('extensions = ["myst_parser", "sphinx_podcast_ext"]\\n')
            names = [f"page{n:02d}" for n in range(40)]
            toc = "\\n".join(names)
            (src / "index.md").write_text(f"# Pages\\n\\n```{{toctree}}\\n{toc}\\n```\\n")
            for name in names:
                (src / f"{name}.md").write_text(
                    f"# {name}\\n\\n```{{key-quote}}\\n:speaker: G {name}\\nSaid.\\n```\\n")
            host = gc.get_threshold()
            seen = {}

            def fork_a_helper(app, doctree, docname):
                if docname != "page20" or seen:
                    return
                read, write = os.pipe()
                pid = os.fork()
                if pid == 0:
                    made = [[] for _ in range(5000)]  # the helper's own work
                    os.write(write, json.dumps(gc.get_threshold()).encode())
                    os._exit(0)
                os.close(write)
                os.waitpid(pid, 0)
                with os.fdopen(read) as pipe:
                    seen["helper"] = json.loads(pipe.read())
                seen["parent"] = gc.get_threshold()

            app = SphinxTestApp("html", srcdir=src, builddir=root / "out", parallel=2)
            app.connect("doctree-resolved", fork_a_helper, 1001)
            try:
                app.build()
            finally:
                app.cleanup()
            print(json.dumps({"host": host, **seen}))
            """
        ),
        "utf-8",
    )
    env = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONWARNINGS": "ignore"}
    result = subprocess.run(
        [sys.executable, str(script), str(tmp_path)],
        capture_output=True, text=True, timeout=600, env=env, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    seen = json.loads(result.stdout.splitlines()[-1])
    assert seen["parent"] != seen["host"]  # the build held the collector back meanwhile
    assert seen["helper"] == seen["host"]


# -- F4: Pagefind started from one of Sphinx's writers -----------------------------------------


def _fake_pagefind(tmp_path: Path, log: Path) -> Path:
    real = pagefind_executable()[0]
    fake = tmp_path / "pagefind"
    fake.write_text(f'#!/bin/sh\necho $PPID >> "{log}"\nexec "{real}" "$@"\n', "utf-8")
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    return fake


@pytest.mark.skipif(pagefind_executable()[0] is None, reason="pagefind[bin] is not installed")
def test_pagefind_is_started_once_by_the_main_process(tmp_path, monkeypatch):
    src = tmp_path / "src"
    shutil.copytree(SEARCH_ROOT, src, ignore=shutil.ignore_patterns("_build"))
    for number in range(40):
        (src / f"extra{number:02d}.md").write_text(f"# Extra {number}\n\nText.\n", "utf-8")
    with (src / "index.md").open("a", encoding="utf-8") as index:
        extras = "\n".join(f"extra{number:02d}" for number in range(40))
        index.write(f"\n```{{toctree}}\n:hidden:\n{extras}\n```\n")
    started = tmp_path / "started"
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(_fake_pagefind(tmp_path, started)))
    main = os.getpid()
    resolved_in: set[int] = set()

    def resolve_everything(app, pagename, templatename, context, doctree) -> None:
        # Another extension that resolves every document while Sphinx's writer writes one.
        if doctree is not None and os.getpid() != main and os.getpid() not in resolved_in:
            resolved_in.add(os.getpid())
            for docname in sorted(app.env.all_docs):
                app.env.get_and_resolve_doctree(docname, app.builder)

    app = SphinxTestApp("html", srcdir=src, builddir=tmp_path / "out", parallel=2)
    app.connect("html-page-context", resolve_everything)
    try:
        app.build()
    finally:
        app.cleanup()
    time.sleep(1)  # an indexer started by a writer would have logged by now
    assert started.read_text("utf-8").split() == [str(main)]
    assert (Path(app.outdir) / "_pagefind" / "pagefind-entry.json").is_file()
    assert not (Path(app.outdir) / "_pagefind.new").exists()


# -- F5: the early worker of an interrupted build outlived the next application's build --------


def test_the_next_application_stops_the_worker_of_an_interrupted_build(tmp_path):
    src = _site(
        tmp_path,
        """
        import time

        def slow_page(app, pagename, templatename, context, doctree):
            if doctree is None:
                time.sleep(0.3)

        def setup(app):
            app.connect("html-page-context", slow_page)
        """,
    )
    resolved: list[str] = []

    def interrupt(app, doctree, docname) -> None:
        resolved.append(docname)
        if len(resolved) == 5:
            raise KeyboardInterrupt

    first = SphinxTestApp(
        "html", srcdir=src, builddir=tmp_path / "first", parallel=2,
        confoverrides={"podcast_page_size": 3},
    )  # fmt: skip
    first.connect("doctree-resolved", interrupt, 1001)
    try:
        with pytest.raises(KeyboardInterrupt):
            first.build()
    finally:
        first.cleanup()
    left = [p for p in multiprocessing.active_children() if p.name.startswith(WORKER_NAME)]
    assert left  # the interrupted build's worker is still at work
    (src / "spy.py").write_text("def setup(app):\n    pass\n", "utf-8")
    second = SphinxTestApp("html", srcdir=src, builddir=tmp_path / "second")
    try:
        second.build()
    finally:
        second.cleanup()
    assert not any(process.is_alive() for process in left)


# -- P2: every application a host made stayed alive ------------------------------------------


def test_a_host_that_builds_new_applications_does_not_keep_the_old_ones(tmp_path):
    src = tmp_path / "src"
    shutil.copytree(SEARCH_ROOT, src, ignore=shutil.ignore_patterns("_build"))
    environments = []
    for _build in range(3):
        app = SphinxTestApp("html", srcdir=src, builddir=tmp_path / "out", parallel=2)
        try:
            app.build()
        finally:
            app.cleanup()
        environments.append(weakref.ref(app.env))
        del app
        gc.unfreeze()
        gc.collect()
    assert [env() is None for env in environments[:-1]] == [True, True]
