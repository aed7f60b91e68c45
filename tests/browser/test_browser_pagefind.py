"""Pagefind search in the browser (``podcast_search = "pagefind"``, the archive's setting).

The archive site (content/ plus the synthetic posts of the other browser tests)
is built with Pagefind into its own folder and served on 127.0.0.1; Pagefind's
own search runs in Debian's Chromium. A decoy post mentions the key quote's
word twice in its body, so "the quote's post comes first" depends on the
weights, and a post with hostile metadata checks that no value becomes markup.
"""

from __future__ import annotations

import functools
import re
import sys
import threading
from collections.abc import Callable, Iterator
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from browser_support import (
    DESKTOP,
    GUEST,
    HOST,
    PHONE,
    SECOND_POST,
    UNIQUE_POST,
    UNIQUE_WORD,
    BrowserSite,
    QuietHandler,
    Tab,
    build_site,
    is_local,
)
from test_browser_quality import CONTRAST_JS, MIN_CONTRAST, OVERFLOW_JS

from sphinx_podcast_ext.search import FILTERS

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"
sys.path.insert(0, str(BENCHMARKS))
from search_bytes import measure_query, serve  # noqa: E402

DECOY_POST = "20210304-decoy-mentions-the-word"
DECOY_TEXT = f"""\
---
title: "A decoy that mentions the word"
date: 2021-03-04
tags: [Browser Testing]
episode:
  url: https://www.youtube.com/watch?v=aaaaaaaaaaa
  show: Browser Test Hour
  guest: Decoy Guest
---

## A conversation about the word

This post says {UNIQUE_WORD} in its body, and says {UNIQUE_WORD} once more, but
never in a key quote, so it must rank below the post whose key quote has it.
"""
HOSTILE_GUEST = "<img src=x onerror=alert(document.domain)>"
HOSTILE_POST = "20210306-hostile-metadata"
HOSTILE_TEXT = f"""\
---
title: "Metadata that tries to become markup"
date: 2021-03-06
tags: ["<b>bold</b>", "&lt;img src=x onerror=alert(2)&gt;"]
episode:
  url: https://www.youtube.com/watch?v=bbbbbbbbbbb
  show: "<svg onload=alert(1)>"
  guest: "{HOSTILE_GUEST}"
---

## A conversation with a hostile name

The word snarkleberry is only on this page.
"""
EXTRA = {
    f"{DECOY_POST}.md": DECOY_TEXT,
    f"{HOSTILE_POST}.md": HOSTILE_TEXT,
}
POST_LINK = re.compile(r"/posts/([^./?#]+)\.html")
#: Longer than the UI's debounce of a search (300 ms).
SETTLE_MS = 500


# ----------------------------------------------------------------------- the site


@pytest.fixture(scope="session")
def pagefind_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BrowserSite]:
    """The archive built with Pagefind, served on 127.0.0.1 until the session ends."""
    root = tmp_path_factory.mktemp("pagefind-site")
    html, posts = build_site(root, search="pagefind", extra=EXTRA)
    assert (html / "_pagefind" / "pagefind-entry.json").is_file()
    shots = root / "build" / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    handler = functools.partial(QuietHandler, directory=str(html))
    server = ThreadingHTTPServer((HOST, 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield BrowserSite(html, f"http://{HOST}:{server.server_port}", posts, shots)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture
def search_tab(chromium: Any, pagefind_site: BrowserSite) -> Iterator[Callable[..., Tab]]:
    """``search_tab(**context_options)`` → a Tab on the Pagefind site in a new context.

    Requests for any other host are recorded and aborted; console errors,
    uncaught exceptions and dialogs (``alert``) are recorded as errors.
    """
    contexts: list[Any] = []

    def open_(**options: Any) -> Tab:
        context = chromium.new_context(**{"viewport": DESKTOP, "color_scheme": "light", **options})
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        tab = Tab(page, pagefind_site)
        page.route(
            "**/*",
            lambda route: (
                route.continue_() if is_local(route.request.url) else route.abort("blockedbyclient")
            ),
        )
        page.on("request", lambda request: tab.requests.append(request.url))
        page.on(
            "console",
            lambda message: (
                message.type == "error" and tab.all_errors.append(f"console: {message.text}")
            ),
        )
        page.on("pageerror", lambda exc: tab.all_errors.append(f"pageerror: {exc}"))
        page.on("dialog", lambda dialog: (tab.all_errors.append("dialog"), dialog.dismiss()))
        return tab

    yield open_
    for context in contexts:
        context.close()


def results(tab: Tab) -> list[str]:
    """Wait for Pagefind's results and its filter groups (all of them, each time: the UI
    could once show only those loaded by the first search); the post docnames the
    results link to, in order, once each."""
    page = tab.page
    page.wait_for_function(
        """(groups) => {
            const message = document.querySelector(".pagefind-ui__message");
            return message && /result/i.test(message.textContent)
                && !document.querySelector(".pagefind-ui__result .pagefind-ui__loading")
                && document.querySelectorAll(".pagefind-ui__filter-block").length === groups;
        }""",
        arg=len(FILTERS),
    )
    # Drawing the filters runs the search once more (Pagefind's UI, 300 ms debounce),
    # which closes any filter group opened before it answers: let it settle.
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(SETTLE_MS)
    hrefs = page.eval_on_selector_all(
        ".pagefind-ui__result-title a.pagefind-ui__result-link",
        "links => links.map(a => a.getAttribute('href'))",
    )
    found = [m.group(1) for href in hrefs if (m := POST_LINK.search(href))]
    return list(dict.fromkeys(found))


def wait_for_count(tab: Tab, count: int) -> None:
    """Wait until Pagefind says it found *count* results (after a filter changed)."""
    tab.page.wait_for_function(
        """(count) => {
            const message = document.querySelector(".pagefind-ui__message");
            return (message?.textContent || "").trim().startsWith(`${count} result`);
        }""",
        arg=count,
    )


def check_filter(tab: Tab, name: str, value: str) -> None:
    """Open a filter group and tick one value with the keyboard, as a reader would."""
    page = tab.page
    heading = re.compile(f"^{name}$", re.IGNORECASE)
    summary = page.locator("summary.pagefind-ui__filter-name", has_text=heading)
    summary.focus()
    page.keyboard.press("Enter")
    # Pagefind names each checkbox "<filter>-<value>".
    box = page.locator(f"input.pagefind-ui__filter-checkbox[id='{name}-{value}']")
    box.focus()
    page.keyboard.press("Space")
    assert box.is_checked()


# ----------------------------------------------------------------------- ranking


def test_a_word_of_one_key_quote_finds_that_post_first(search_tab):
    tab = search_tab()
    tab.goto(f"search.html?q={UNIQUE_WORD}")
    found = results(tab)
    # The decoy says the word twice in its body; the quote's post still comes first.
    assert found[:2] == [UNIQUE_POST, DECOY_POST]
    excerpt = tab.page.locator(".pagefind-ui__result").first.locator("mark").first
    assert excerpt.inner_text().lower().startswith(UNIQUE_WORD)
    assert tab.errors == []
    assert tab.third_party == []


def test_the_landing_page_search_box_opens_pagefind_results(search_tab):
    tab = search_tab()
    page = tab.goto("index.html")
    page.fill("form.podcast-search input[name=q]", UNIQUE_WORD)
    page.press("form.podcast-search input[name=q]", "Enter")
    page.wait_for_url(re.compile(rf"/search\.html\?q={UNIQUE_WORD}$"))
    assert results(tab)[0] == UNIQUE_POST
    # The result leads to the post (with ?highlight=, for themes where Sphinx highlights).
    link = page.locator(".pagefind-ui__result-title a").first
    assert link.get_attribute("href").endswith(f"/posts/{UNIQUE_POST}.html?highlight={UNIQUE_WORD}")
    link.click()
    page.wait_for_url(re.compile(rf"/posts/{UNIQUE_POST}\.html"))
    assert page.locator("figure.podcast-quote", has_text=UNIQUE_WORD).count() == 1
    assert tab.errors == []
    assert tab.third_party == []


# ----------------------------------------------------------------------- filters


def test_a_guest_filter_keeps_that_guests_episodes(search_tab):
    tab = search_tab()
    # The tag "Browser Testing" is on three posts; two are the guest's.
    tab.goto("search.html?q=browser")
    assert set(results(tab)) == {UNIQUE_POST, SECOND_POST, DECOY_POST}
    check_filter(tab, "guest", GUEST)
    wait_for_count(tab, 2)
    assert set(results(tab)) == {UNIQUE_POST, SECOND_POST}
    # The address names the filter, so the filtered search can be shared.
    tab.page.wait_for_url(re.compile(r"\?q=browser&guest=Zephyrine\+Quillfeather$"))
    assert tab.errors == []


def test_a_show_filter_keeps_that_shows_episodes(search_tab, pagefind_site):
    shows: dict[str, set[str]] = {}
    for post in pagefind_site.posts:
        shows.setdefault(post.show, set()).add(post.slug)
    show, slugs = min(shows.items(), key=lambda item: len(item[1]))
    assert 2 <= len(slugs) <= 8  # one page of results
    tab = search_tab()
    # Every synthetic post starts "A conversation with …".
    tab.goto("search.html?q=conversation")
    assert len(results(tab)) == 8  # one page of the 34 posts that have the word
    check_filter(tab, "show", show)
    wait_for_count(tab, len(slugs))
    assert set(results(tab)) == slugs
    assert tab.errors == []


def test_filters_in_the_address_are_applied(search_tab):
    tab = search_tab()
    tab.goto("search.html?q=conversation&show=Browser+Test+Hour")
    assert set(results(tab)) == {UNIQUE_POST, DECOY_POST}
    checked = tab.page.eval_on_selector_all(
        "input.pagefind-ui__filter-checkbox:checked", "boxes => boxes.map(b => b.value)"
    )
    assert checked == ["Browser Test Hour"]


def test_hostile_metadata_is_shown_as_text(search_tab):
    tab = search_tab()
    tab.goto("search.html?q=snarkleberry")
    assert results(tab) == [HOSTILE_POST]
    page = tab.page
    group = page.locator("details.pagefind-ui__filter-block", has_text="Guest")
    group.locator("summary").click()
    labels = group.locator(".pagefind-ui__filter-label").all_inner_texts()
    assert any(label.startswith("\u2039img src=x onerror=") for label in labels), labels
    # Written with entities (text on the post), decoded by Pagefind: still text in the UI.
    tag_group = page.locator("details.pagefind-ui__filter-block", has_text="Tag")
    tag_group.locator("summary").click()
    tag_labels = tag_group.locator(".pagefind-ui__filter-label").all_inner_texts()
    decoded_tag = "\u2039img src=x onerror=alert(2)\u203a"
    assert any(t.startswith(decoded_tag) for t in tag_labels), tag_labels
    injected = page.eval_on_selector_all(
        ".pagefind-ui img, .pagefind-ui svg:not(.pagefind-ui__search-icon), .pagefind-ui b",
        "els => els.map(e => e.outerHTML)",
    )
    assert injected == []
    tags = page.locator(".pagefind-ui__result-tag").all_inner_texts()
    assert any("<svg onload=alert(1)>" in tag for tag in tags), tags
    assert tab.errors == []


# ----------------------------------------------------------------------- modes


def contrast(tab: Tab, selectors: list[str]) -> list[dict]:
    checked = tab.page.evaluate(CONTRAST_JS, selectors)
    assert {item["selector"] for item in checked} == set(selectors), checked
    return [item for item in checked if item["ratio"] < MIN_CONTRAST]


UI_TEXT = [
    ".pagefind-ui__message",
    ".pagefind-ui__result-title a",
    ".pagefind-ui__result-excerpt",
    ".pagefind-ui__result-tag",
    ".pagefind-ui__filter-name",
]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_search_page_is_readable_in_light_and_dark_mode(search_tab, scheme):
    tab = search_tab(color_scheme=scheme)
    tab.goto(f"search.html?q={UNIQUE_WORD}")
    results(tab)
    page = tab.page
    assert page.evaluate("document.documentElement.dataset.theme") == scheme
    background = page.evaluate(
        "getComputedStyle(document.querySelector('.pagefind-ui__search-input')).backgroundColor"
    )
    body = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background == body  # the input follows the theme's mode
    tab.screenshot(f"pagefind-search-{scheme}")
    assert contrast(tab, UI_TEXT) == []
    assert tab.errors == []
    assert tab.third_party == []


def test_the_search_page_fits_a_phone(search_tab):
    tab = search_tab(viewport=PHONE, is_mobile=True, has_touch=True)
    tab.goto(f"search.html?q={UNIQUE_WORD}")
    results(tab)
    tab.page.locator("details.pagefind-ui__filter-block summary").first.click()
    tab.screenshot("pagefind-search-phone")
    overflow = tab.page.evaluate(OVERFLOW_JS)
    assert overflow["width"] == PHONE["width"]
    assert overflow["cut"] == []
    assert overflow["documentWidth"] <= overflow["width"]
    assert tab.errors == []


def test_search_works_with_the_keyboard_alone(search_tab):
    tab = search_tab()
    page = tab.goto("search.html")
    # The field has the focus when the page opens without a query.
    page.wait_for_function(
        "document.activeElement?.matches('input.pagefind-ui__search-input') === true"
    )
    page.keyboard.type(UNIQUE_WORD)
    assert results(tab)[0] == UNIQUE_POST
    page.wait_for_url(re.compile(rf"\?q={UNIQUE_WORD}$"))  # the address follows the query
    # Tab moves through the controls to the first result; Enter opens it.
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate(
            "document.activeElement?.matches('.pagefind-ui__result-title a') === true"
        ):
            break
    else:
        pytest.fail("Tab never reached the first result")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"  # the focus is visible
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(rf"/posts/{UNIQUE_POST}\.html"))
    assert tab.errors == []


# ----------------------------------------------------------------------- bytes


def test_the_measuring_helper_counts_what_a_query_loads(chromium, pagefind_site, browser_site):
    with serve(pagefind_site.html) as (url, counts):
        pagefind = measure_query(chromium, url, counts, "pagefind", UNIQUE_WORD)
    with serve(browser_site.html) as (url, counts):
        sphinx = measure_query(chromium, url, counts, "sphinx", UNIQUE_WORD)
    assert pagefind.results >= 1 and sphinx.results >= 1
    # Pagefind loads a chunk of the index, Sphinx the whole of searchindex.js.
    assert any(path.startswith("/_pagefind/index/") for path in pagefind.files)
    assert "/searchindex.js" not in pagefind.files
    searchindex = (browser_site.html / "searchindex.js").stat().st_size
    assert sphinx.files["/searchindex.js"] > searchindex  # its body and headers
    # Playwright sees what the server sends (the worker's requests too), give or take headers.
    for measured in (pagefind, sphinx):
        assert abs(measured.browser_total - measured.server_total) < 0.05 * measured.server_total
