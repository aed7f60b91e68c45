"""Regression tests for the sixth attack (``ATTACK-REPORT-6.md``).

The targets are commits 120bd14 (``collector.py``: the cycle collector held back
from the first ``env-merge-info`` of a parallel read to ``env-updated``) and
ddc11f9 (Pagefind records made on ``html-page-context``). Each test fails until
its finding is fixed.

The collector tests run their builds in a new interpreter, so that a collector
left disabled cannot leak into the rest of the test session; the child reports
what it saw as one JSON line, which the test parses.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from sphinx_podcast_ext.search.bundle import pagefind_executable

REPO = Path(__file__).resolve().parents[2]

needs_pagefind = pytest.mark.skipif(
    pagefind_executable()[0] is None, reason="pagefind[bin] is not installed"
)

#: Writes a project of 30 plain pages (read in several chunks with ``-j 2``).
_PROJECT = textwrap.dedent(
    """
    import gc, json, sys
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
            (src / f"{name}.md").write_text(f"# {name}\\n\\nA paragraph of {name}.\\n", "utf-8")
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


# -- H1: an interrupted parallel read leaves the host's collector disabled -------------------


@pytest.mark.parametrize("interrupt", ["KeyboardInterrupt", "SystemExit"])
def test_an_interrupted_parallel_read_leaves_the_collector_running(tmp_path, interrupt):
    """Ctrl-C (or ``sys.exit``) after the first merge and before ``env-updated``.

    Sphinx emits ``build-finished`` only for an ``Exception``; ``sphinx.cmd.build``
    catches ``KeyboardInterrupt`` and returns 2, so an in-process host (a language
    server, a notebook, a test session) carries on with the collector disabled.
    """
    seen = _run(
        tmp_path,
        f"""
        def interrupt(app, env):
            raise {interrupt}()  # the user's Ctrl-C, in a slow env-updated handler

        error = build(root, 2, [("env-updated", interrupt, -1)])
        print(json.dumps({{"error": error, "enabled": gc.isenabled()}}))
        """,
    )
    assert seen["error"] == interrupt
    assert seen["enabled"] is True


# -- H2: a failed build whose other cleanup fails too leaves the collector disabled ----------


def test_a_failing_build_finished_handler_does_not_keep_the_collector_disabled(tmp_path):
    """The build fails after merging (an ``env-updated`` handler); another extension's
    ``build-finished`` handler, ahead of the collector's (priority < 0), fails as well:
    the collector's release at ``build-finished`` (priority 0) never runs."""
    seen = _run(
        tmp_path,
        """
        def fail(app, env):
            raise RuntimeError("env-updated fails")

        def cleanup(app, exception):
            if exception is not None:
                raise RuntimeError("the other extension's cleanup fails too")

        error = build(root, 2, [("env-updated", fail, -1), ("build-finished", cleanup, -1)])
        print(json.dumps({"error": error, "enabled": gc.isenabled()}))
        """,
    )
    assert seen["error"] == "ExtensionError"
    assert seen["enabled"] is True


# -- H3: the stale hold re-enables a collector the host disabled in a later build ------------


def test_a_host_that_disabled_the_collector_after_an_interrupt_keeps_it_disabled(tmp_path):
    """After an interrupted parallel read (H1) the hold's state (``_MERGE.held``, since
    ``_HOLD.held``) is left set. The host restores its collector, then disables it for
    its next build (a serial one): that build's ``env-updated`` "releases" the stale hold and calls
    ``gc.enable()`` on the host's disabled collector."""
    seen = _run(
        tmp_path,
        """
        def interrupt(app, env):
            raise KeyboardInterrupt

        first = build(root / "one", 2, [("env-updated", interrupt, -1)])
        gc.enable()   # the host puts its collector back as it was...
        gc.disable()  # ...and disables it for its own reasons before the next build
        second = build(root / "two", 0)
        print(json.dumps({"first": first, "second": second, "enabled": gc.isenabled()}))
        """,
    )
    assert seen["first"] == "KeyboardInterrupt"
    assert seen["second"] is None
    assert seen["enabled"] is False


# -- H4 (older than both commits): html_link_suffix = "" leaves the site without an index ----


@needs_pagefind
def test_pretty_link_suffix_still_gets_a_pagefind_index(tmp_path):
    """``html_link_suffix = ""`` (extensionless links; the files are still ``.html``):
    ``RecordStore.path`` names each record after the *link* (``pages/about``), which
    Pagefind's ``--glob **/*.html`` does not match, so no index is written at all."""
    sys.path.insert(0, str(REPO / "tests"))
    from pagefind_index import Bundle
    from sphinx.testing.util import SphinxTestApp

    from sphinx_podcast_ext.search import BUNDLE_DIR

    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text(
        'extensions = ["myst_parser", "sphinx_podcast_ext"]\n'
        'podcast_search = "pagefind"\n'
        'html_link_suffix = ""\n',
        "utf-8",
    )
    (src / "index.md").write_text("# Home\n\n```{toctree}\nabout\n```\n", "utf-8")
    (src / "about.md").write_text("# About\n\nWords of the quixotic kind.\n", "utf-8")
    app = SphinxTestApp("html", srcdir=src, builddir=tmp_path / "out")
    try:
        app.build()
    finally:
        app.cleanup()
    bundle = Path(app.outdir) / BUNDLE_DIR
    assert (bundle / "pagefind-entry.json").is_file(), app.warning.getvalue()
    index = Bundle.read(bundle)
    assert len(index.pages) == 2
    assert any(url.endswith(("about", "about.html")) for url in index.urls)
    assert index.weights("quixot")
