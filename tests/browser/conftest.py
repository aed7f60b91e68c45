"""Browser tests: the archive site (content/ plus a synthetic archive) in headless Chromium.

The site is built once per session into a temporary folder and served on
127.0.0.1 by a ``ThreadingHTTPServer``.  Chromium is Debian's (``/usr/bin/chromium``,
or ``$PODCAST_CHROMIUM``), driven by Playwright's sync API; no browser is downloaded.
Every request for another host is aborted, so nothing leaves the machine.

They run only when asked for: ``python3 dev.py test tests/browser``, ``nox -s browser``,
``pytest tests/browser/...`` or ``PODCAST_BROWSER_TESTS=1``.  A plain ``pytest`` /
``dev.py test`` deselects them (they take about a minute); CI runs them as a step of
their own.  Without Chromium or Playwright they skip, unless ``CI`` is set: then they
fail.  Screenshots go to ``<build>/screenshots/`` (or ``$PODCAST_SCREENSHOTS``); the
path is printed at the end of the run.
"""

from __future__ import annotations

import functools
import os
import shutil
import threading
from collections.abc import Callable, Iterator
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from browser_support import (
    CHROMIUM_ARGS,
    DESKTOP,
    HOST,
    PHONE,
    BrowserSite,
    QuietHandler,
    Tab,
    build_site,
    is_local,
)

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext


@pytest.fixture(scope="session")
def browser_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BrowserSite]:
    """Build the site once and serve it on 127.0.0.1 (a free port) until the session ends."""
    root = tmp_path_factory.mktemp("browser-site")
    html, posts = build_site(root)
    shots = Path(os.environ.get("PODCAST_SCREENSHOTS") or root / "build" / "screenshots")
    shots.mkdir(parents=True, exist_ok=True)
    handler = functools.partial(QuietHandler, directory=str(html))
    server = ThreadingHTTPServer((HOST, 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    _ARTIFACTS.append(shots)
    try:
        yield BrowserSite(html, f"http://{HOST}:{server.server_port}", posts, shots)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


_ARTIFACTS: list[Path] = []
_DESELECTED: list[int] = []
BROWSER_DIR = Path(__file__).parent.resolve()


def _asked_for(config: pytest.Config) -> bool:
    """True when the run names tests/browser (or something in it), or the env says so."""
    if os.environ.get("PODCAST_BROWSER_TESTS", "").lower() not in ("", "0", "false", "no"):
        return True
    for arg in config.args:
        path = Path(config.invocation_params.dir, str(arg).split("::", 1)[0]).resolve()
        if path == BROWSER_DIR or BROWSER_DIR in path.parents:
            return True
    return False


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if _asked_for(config):
        return
    ours = [item for item in items if BROWSER_DIR in item.path.resolve().parents]
    if ours:
        config.hook.pytest_deselected(items=ours)
        items[:] = [item for item in items if item not in ours]
        _DESELECTED.append(len(ours))


def pytest_terminal_summary(terminalreporter: Any) -> None:
    for count in _DESELECTED:
        terminalreporter.write_line(
            f"browser tests: {count} deselected; run them with "
            "`python3 dev.py test tests/browser` (or `nox -s browser`)"
        )
    for shots in _ARTIFACTS:
        count = len(list(shots.glob("*.png")))
        terminalreporter.write_line(f"browser tests: {count} screenshots in {shots}")


# --------------------------------------------------------------- the browser


def _chromium_path() -> str | None:
    wanted = os.environ.get("PODCAST_CHROMIUM")
    if wanted:
        return wanted if Path(wanted).exists() else None
    for name in ("/usr/bin/chromium", "chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return None


def _unavailable(reason: str) -> None:
    """Skip, or fail under CI (where the browser tests must run)."""
    if os.environ.get("CI", "").lower() not in ("", "0", "false", "no"):
        pytest.fail(f"CI is set but the browser tests cannot run: {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def chromium() -> Iterator[Browser]:
    """Debian's headless Chromium, launched once per session."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("playwright is not installed (pip install -e '.[browser]')")
    executable = _chromium_path()
    if executable is None:
        wanted = os.environ.get("PODCAST_CHROMIUM")
        _unavailable(
            f"PODCAST_CHROMIUM={wanted} does not exist"
            if wanted
            else "chromium is not installed (apt-get install chromium)"
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield browser
        finally:
            browser.close()


def _new_context(browser: Browser, options: dict[str, Any]) -> BrowserContext:
    options = {"viewport": DESKTOP, "color_scheme": "light", **options}
    context = browser.new_context(**options)
    context.set_default_timeout(10_000)
    return context


def _new_tab(context: BrowserContext, site: BrowserSite) -> Tab:
    """A new page that aborts third-party requests and records them, and its errors."""
    page = context.new_page()
    tab = Tab(page, site)

    def route(route: Any) -> None:
        if is_local(route.request.url):
            route.continue_()
        else:
            route.abort("blockedbyclient")

    def console(message: Any) -> None:
        if message.type == "error":
            tab.all_errors.append(f"console: {message.text}")

    page.route("**/*", route)
    page.on("request", lambda request: tab.requests.append(request.url))
    page.on("console", console)
    page.on("pageerror", lambda exc: tab.all_errors.append(f"pageerror: {exc}"))
    return tab


@pytest.fixture
def open_tab(chromium: Browser, browser_site: BrowserSite) -> Iterator[Callable[..., Tab]]:
    """``open_tab(**context_options)`` → a :class:`Tab` in a new browser context.

    Third-party requests are recorded (``tab.requests``, ``tab.third_party``) and
    aborted; console errors and uncaught exceptions are recorded in ``tab.errors``.
    """
    contexts: list[BrowserContext] = []

    def open_(**options: Any) -> Tab:
        contexts.append(_new_context(chromium, options))
        return _new_tab(contexts[-1], browser_site)

    yield open_
    for context in contexts:
        context.close()


MODES: dict[str, dict[str, Any]] = {
    "light": {"color_scheme": "light"},
    "dark": {"color_scheme": "dark"},
    "phone": {"viewport": PHONE, "is_mobile": True, "has_touch": True, "color_scheme": "light"},
}


@pytest.fixture(scope="session")
def _mode_contexts(chromium: Browser) -> Iterator[dict[str, BrowserContext]]:
    contexts: dict[str, BrowserContext] = {}
    yield contexts
    for context in contexts.values():
        context.close()


@pytest.fixture
def mode_tab(
    _mode_contexts: dict[str, BrowserContext], chromium: Browser, browser_site: BrowserSite
) -> Iterator[Callable[[str], Tab]]:
    """``mode_tab("light" | "dark" | "phone")`` → a new :class:`Tab` in a shared context.

    Cheaper than :func:`open_tab` (the context and its cache are reused) for the
    tests that only load and inspect pages.
    """
    pages: list[Tab] = []

    def open_(mode: str) -> Tab:
        if mode not in _mode_contexts:
            _mode_contexts[mode] = _new_context(chromium, MODES[mode])
        pages.append(_new_tab(_mode_contexts[mode], browser_site))
        return pages[-1]

    yield open_
    for tab in pages:
        tab.page.close()
