"""Regression tests for the seventh attack (``ATTACK-REPORT-7.md``).

The targets are commits 45b06f3 (Pagefind records made on ``doctree-resolved``)
and f65c2d6 (``collector.py``: the collector held back while the main process
resolves for parallel writers; every process forked during a ``-j N`` build
freezes what it inherited). Each test fails until its finding is fixed.

Every build runs in a new interpreter, so that a collector left held, frozen or
"parallel" cannot leak into the rest of the test session; the child reports
what it saw as one JSON line, which the test parses.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

#: A project of 30 pages with a key quote each (it uses the extension), and a build helper.
_PROJECT = textwrap.dedent(
    """
    import gc, json, os, sys, weakref
    from pathlib import Path
    from sphinx.testing.util import SphinxTestApp

    def project(src, count=30):
        src.mkdir(parents=True)
        (src / "conf.py").write_text(
            'extensions = ["myst_parser", "sphinx_podcast_ext"]\\n', "utf-8")
        names = [f"page{n:02d}" for n in range(count)]
        toc = "\\n".join(names)
        (src / "index.md").write_text(f"# Pages\\n\\n```{{toctree}}\\n{toc}\\n```\\n", "utf-8")
        for name in names:
            (src / f"{name}.md").write_text(
                f"# {name}\\n\\nA paragraph of {name}.\\n\\n"
                f"```{{key-quote}}\\n:speaker: Guest {name}\\nSaid on {name}.\\n```\\n",
                "utf-8")
        return src

    def build(root, parallel, connect=()):
        app = SphinxTestApp("html", srcdir=project(root / "src"), builddir=root / "out",
                            parallel=parallel)
        for args in connect:
            app.connect(*args)
        error = None
        try:
            app.build()
        except BaseException as exc:  # what a host catches (sphinx.cmd.build catches these)
            error = type(exc).__name__
        finally:
            app.cleanup()
        return error

    def in_a_child(probe):
        \"\"\"Fork (as a host or another extension may), run *probe* there, return its result.\"\"\"
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:
            try:
                os.write(write, json.dumps(probe()).encode())
            finally:
                os._exit(0)
        os.close(write)
        os.waitpid(pid, 0)
        with os.fdopen(read) as pipe:
            return json.loads(pipe.read())

    root = Path(sys.argv[1])
    """
)


def _run(tmp_path: Path, body: str) -> dict:
    script = tmp_path / "scenario.py"
    script.write_text(_PROJECT + textwrap.dedent(body), "utf-8")
    env = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONWARNINGS": "ignore"}
    result = subprocess.run(
        [sys.executable, str(script), str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=600,
        env=env,
        check=False,
    )
    lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
    assert result.returncode == 0 and lines, result.stderr[-3000:]
    return json.loads(lines[-1])


# -- A1: an interrupted -j 2 build leaves every later fork of the host freezing its heap -----


def test_a_process_forked_after_an_interrupted_parallel_build_does_not_freeze(tmp_path):
    """Ctrl-C (``KeyboardInterrupt``) in the middle of a ``-j 2`` write.

    Sphinx emits ``build-finished`` only for an ``Exception``, so ``end_of_build``
    never runs and ``_BUILD.parallel`` stays ``True`` after ``app.build()`` has
    returned (with the exception) to the host. From then on *every* process the
    host forks - a ``multiprocessing`` pool, a ``ProcessPoolExecutor``, a plain
    ``os.fork()`` having nothing to do with Sphinx - runs ``gc.freeze()`` on
    everything it inherited (so cyclic garbage it inherited is never collected
    there) and is marked ``_BUILD.forked`` (its own parallel writes would never
    be held). The docstring promises this only "while a parallel build runs".
    It lasts until the host happens to build again with the extension.
    """
    seen = _run(
        tmp_path,
        """
        def interrupt(app, doctree, docname):
            raise KeyboardInterrupt  # the user's Ctrl-C, in a slow handler

        error = build(root, 2, [("doctree-resolved", interrupt, 1002)])
        # The host carries on (a language server, a notebook, a test session) and forks.
        host_objects = [[number] for number in range(10_000)]  # the host's own, not frozen
        in_parent = gc.get_freeze_count()
        child = in_a_child(lambda: {"frozen": gc.get_freeze_count()})
        print(json.dumps({"error": error, "frozen_in_child": child["frozen"],
                          "frozen_in_parent": in_parent}))
        """,
    )
    assert seen["error"] == "KeyboardInterrupt"
    # What the parent froze (since e76ebce the merges' garbage is frozen at env-updated,
    # until the next build thaws it, as after any build) is the child's too; the child
    # must freeze nothing more of its own (frozen objects freed since the fork leave
    # the count).
    assert seen["frozen_in_child"] <= seen["frozen_in_parent"]


# -- A2: a host that disabled automatic collection with threshold 0 gets it back ---------------


def test_a_host_with_threshold_zero_keeps_automatic_collection_off_while_writing(tmp_path):
    """``gc.set_threshold(0)`` is the documented way to disable automatic collection
    ("Setting threshold0 to zero disables collection"), and a host may use it
    instead of ``gc.disable()``. ``hold_while_resolving`` only checks
    ``gc.isenabled()``, and ``_Hold._raise`` then sets the first threshold to
    ``2 * max(1_000_000, live)``: for the whole parallel write the host's
    collector runs automatic collections again, and ``collect_if_due`` runs
    full ``gc.collect()`` calls, in a process that asked for none. The module
    docstring says a host that "changed its thresholds" is left as it was. (The
    merge hold of a parallel read, older, does the same.)
    """
    seen = _run(
        tmp_path,
        """
        gc.set_threshold(0, 10, 10)  # the host: no automatic collections
        during = set()
        def watch(app, doctree, docname):
            during.add(gc.get_threshold())
        error = build(root, 2, [("doctree-resolved", watch, 1001)])
        print(json.dumps({"error": error, "during": sorted(during), "after": gc.get_threshold()}))
        """,
    )
    assert seen["error"] is None
    assert seen["after"] == [0, 10, 10]
    assert seen["during"] == [[0, 10, 10]]


# -- A3: a helper process forked during a parallel write keeps the garbage it inherited -------


def test_a_helper_process_forked_during_a_parallel_write_can_collect_what_it_inherited(tmp_path):
    """Another extension (or the host) forks a long-lived helper while the main
    process resolves for the writers - e.g. a ``ProcessPoolExecutor`` started
    lazily by an image or social-card extension from a ``doctree-resolved``
    handler and kept for the next builds of a language server.

    ``_in_child`` freezes *every* process forked while ``_BUILD.parallel`` is
    set, not only Sphinx's short-lived readers and writers (the docstring's "They
    live for one chunk of documents"). The helper inherits the main process's
    uncollected garbage - which the write hold lets grow up to the size of the
    live heap - and, frozen, can never collect it: ``gc.collect()`` in the
    helper leaves a garbage cycle it inherited alive. Without the freeze (or in
    a ``-j 1`` build) the helper collects it.
    """
    seen = _run(
        tmp_path,
        """
        class Junk:
            pass

        result = {}
        def fork_a_helper(app, doctree, docname):
            if docname != "page05" or result:
                return
            junk = Junk()
            junk.me = junk  # a cycle: only the cycle collector frees it
            ref = weakref.ref(junk)
            del junk        # garbage now, not yet collected (the collector is held back)

            def probe():
                gc.collect()
                return {"alive": ref() is not None, "frozen": gc.get_freeze_count()}

            result.update(in_a_child(probe))

        error = build(root, 2, [("doctree-resolved", fork_a_helper, 1001)])
        print(json.dumps({"error": error, **result}))
        """,
    )
    assert seen["error"] is None
    assert seen["alive"] is False, seen
