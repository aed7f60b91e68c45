"""Bytes one search costs in the browser: Pagefind against Sphinx's ``searchindex.js``.

For an archive of N posts (``content/`` and N synthetic posts, as ``run.py``
builds it), the site is built twice, with ``podcast_search = "sphinx"`` and
``"pagefind"``. Each is served on 127.0.0.1 and ``search.html?q=WORD`` is opened
in headless Chromium (Debian's, driven by Playwright; a fresh context, so
nothing is cached) until the results are shown and the network is idle. Every
response is counted twice: by Playwright (``request.sizes()``: body as sent,
plus headers) and by the server (bytes written), which also sees the requests
of Pagefind's web worker.

The server can compress text responses with gzip (``--gzip``) as most hosts do
(Read the Docs, GitHub Pages); Pagefind's index files are compressed already.

Usage::

    python benchmarks/search_bytes.py --posts 1000 [--word WORD] [--gzip] [--out FILE]

:func:`measure_query` measures one query on a site that is already built; the
browser tests use it on their small sites.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import gzip
import io
import json
import re
import shutil
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
HOST = "127.0.0.1"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
COMPRESSIBLE = (".html", ".css", ".js", ".json", ".svg", ".txt", ".xml")
#: Requests that belong to search (the rest is the page and its theme).
SEARCH_FILES = ("searchindex.js", "searchtools.js", "language_data.js", "podcast-search.")
#: The extension's log line after indexing.
INDEXED = re.compile(r"pagefind: indexed (\d+) pages into \S+ in ([\d.]+) s")
#: Both engines show their results here once the query is done.
DONE_JS = {
    "pagefind": """() => {
        const message = document.querySelector(".pagefind-ui__message");
        return message && /result/i.test(message.textContent)
            && !document.querySelector(".pagefind-ui__loading");
    }""",
    "sphinx": """() => {
        const status = document.querySelector("#search-results .search-summary");
        return status && /finished|did not match|found/i.test(status.textContent);
    }""",
}


@dataclass
class QueryBytes:
    """What one query transferred."""

    engine: str
    word: str
    results: int
    browser_total: int
    """Bytes Playwright saw (response bodies as sent, plus headers)."""
    server_total: int
    """Bytes the server wrote (bodies and headers), including the web worker's requests."""
    server_search: int
    """The part of ``server_total`` that is search: ``_pagefind/`` or ``searchindex.js`` …"""
    by_kind: dict[str, int] = field(default_factory=dict)
    """``server_total`` split: ``code`` (search JS, CSS, WebAssembly), ``index`` (the
    index or the chunks of it the query needs), ``results`` (what is fetched to show
    each result: Pagefind's fragments, or the pages Sphinx fetches for its summaries)
    and ``page`` (the search page and its theme)."""
    files: dict[str, int] = field(default_factory=dict)
    """Bytes written per path, by the server."""


def kind_of(path: str) -> str:
    """``code``, ``index``, ``results`` or ``page`` (see :attr:`QueryBytes.by_kind`)."""
    name = path.rsplit("/", 1)[-1]
    if "/_pagefind/fragment/" in path:
        return "results"
    if "/_pagefind/" in path:
        return "code" if name.endswith((".js", ".css", ".pagefind")) else "index"
    if name == "searchindex.js":
        return "index"
    if name.startswith(SEARCH_FILES):
        return "code"
    if (path.endswith(".html") and name != "search.html") or "/_sources/" in path:
        return "results"
    return "page"


class CountingHandler(SimpleHTTPRequestHandler):
    """Serves a folder, counts the bytes of every response, and may compress text."""

    counts: dict[str, int]
    compress = False

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def copyfile(self, source: Any, outputfile: Any) -> None:
        data = source.read()
        self._count(len(data))
        outputfile.write(data)

    def send_head(self) -> Any:
        path = urlsplit(self.path).path
        wants_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (self.compress and wants_gzip and path.endswith(COMPRESSIBLE)):
            return super().send_head()
        local = Path(self.translate_path(self.path))
        if not local.is_file():
            return super().send_head()
        body = gzip.compress(local.read_bytes(), compresslevel=6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(local)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)

    def flush_headers(self) -> None:
        buffered = getattr(self, "_headers_buffer", [])
        self._count(sum(len(line) for line in buffered))
        super().flush_headers()

    def _count(self, size: int) -> None:
        path = urlsplit(self.path).path
        self.counts[path] = self.counts.get(path, 0) + size


@contextlib.contextmanager
def serve(directory: Path, *, compress: bool = False) -> Iterator[tuple[str, dict[str, int]]]:
    """Serve *directory* on 127.0.0.1: yield its URL and the live per-path byte counts."""
    counts: dict[str, int] = {}
    handler = type("Handler", (CountingHandler,), {"counts": counts, "compress": compress})
    server = ThreadingHTTPServer((HOST, 0), functools.partial(handler, directory=str(directory)))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://{HOST}:{server.server_port}", counts
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def _is_local(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("data", "blob", "about") or parts.hostname == HOST


def measure_query(
    browser: Any, url: str, counts: dict[str, int], engine: str, word: str
) -> QueryBytes:
    """Open ``search.html?q=word`` of the site at *url* in a fresh context; count the bytes.

    *browser* is a Playwright ``Browser``; *counts* is the dict :func:`serve` yields
    (it is cleared first). Requests to any other host are aborted.
    """
    counts.clear()
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    sizes: list[int] = []
    try:
        page = context.new_page()
        page.route(
            "**/*",
            lambda route: (
                route.continue_()
                if _is_local(route.request.url)
                else route.abort("blockedbyclient")
            ),
        )

        def finished(request: Any) -> None:
            size = request.sizes()
            sizes.append(size["responseBodySize"] + size["responseHeadersSize"])

        page.on("requestfinished", finished)
        page.goto(f"{url}/search.html?q={quote(word)}", wait_until="load")
        page.wait_for_function(DONE_JS[engine], timeout=180_000)
        page.wait_for_load_state("networkidle")
        selector = ".pagefind-ui__result" if engine == "pagefind" else "#search-results li"
        results = page.locator(selector).count()
    finally:
        context.close()
    files = dict(sorted(counts.items()))
    search = sum(
        size
        for path, size in files.items()
        if "/_pagefind/" in path or path.rsplit("/", 1)[-1].startswith(SEARCH_FILES)
    )
    kinds = dict.fromkeys(("code", "index", "results", "page"), 0)
    for path, size in files.items():
        kinds[kind_of(path)] += size
    return QueryBytes(engine, word, results, sum(sizes), sum(files.values()), search, kinds, files)


# -- the command line ---------------------------------------------------------------------


def build(root: Path, posts: int, engine: str, reuse: bool = False) -> tuple[Path, float, str]:
    """Build content/ with *posts* synthetic posts: the output folder, seconds, the log.

    With *reuse*, an output folder that is already there is measured as it is.
    """
    if reuse and (root / engine / "html" / "search.html").is_file():
        return root / engine / "html", 0.0, ""
    sys.path.insert(0, str(ROOT))
    from sphinx.testing.util import SphinxTestApp

    from sphinx_podcast_ext.testing import write_archive

    src = root / "src"
    if not src.exists():
        shutil.copytree(CONTENT, src, ignore=shutil.ignore_patterns("_build", "posts"))
        write_archive(src, posts, seed=2024)
    started = time.perf_counter()
    app = SphinxTestApp(
        "html",
        srcdir=src,
        builddir=root / engine,
        freshenv=True,
        confoverrides={"podcast_search": engine},
    )
    try:
        app.build()
    finally:
        app.cleanup()
    return Path(app.outdir), time.perf_counter() - started, app.status.getvalue()


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--word", default="alignment", help="the query (a word of the posts)")
    parser.add_argument("--gzip", action="store_true", help="compress text responses")
    parser.add_argument("--out", type=Path, help="write the results as JSON here")
    parser.add_argument(
        "--work", type=Path, help="build here and keep the builds (measured again if present)"
    )
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    work = args.work or Path(tempfile.mkdtemp(prefix="search-bytes-"))
    report: dict[str, Any] = {"posts": args.posts, "word": args.word, "gzip": args.gzip}
    outputs = {}
    for engine in ("sphinx", "pagefind"):
        outputs[engine], seconds, log = build(work, args.posts, engine, reuse=args.work is not None)
        if seconds:
            report[f"{engine}_build_seconds"] = round(seconds, 1)
        indexed = INDEXED.search(log)
        if indexed:
            report["pagefind_pages"] = int(indexed[1])
            report["pagefind_index_seconds"] = float(indexed[2])
    report["searchindex_js_bytes"] = (outputs["sphinx"] / "searchindex.js").stat().st_size
    bundle = outputs["pagefind"] / "_pagefind"
    report["pagefind_bundle_bytes"] = folder_size(bundle)
    report["pagefind_bundle_files"] = sum(1 for p in bundle.rglob("*") if p.is_file())
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        try:
            for engine, html in outputs.items():
                with serve(html, compress=args.gzip) as (url, counts):
                    measured = measure_query(browser, url, counts, engine, args.word)
                report[engine] = asdict(measured)
        finally:
            browser.close()
    report["pagefind_search_over_searchindex"] = round(
        report["pagefind"]["server_search"] / report["searchindex_js_bytes"], 3
    )
    text = json.dumps(report, indent=1)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")
    print(text)
    if not args.work:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
