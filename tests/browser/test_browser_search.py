"""Search in the browser: Sphinx's client-side search over quotes and guest names."""

from __future__ import annotations

import re

from browser_support import GUEST, SECOND_POST, UNIQUE_POST, UNIQUE_WORD, Tab


def search_results(tab: Tab) -> set[str]:
    """Wait for the search to finish; return the post docnames it lists."""
    page = tab.page
    page.wait_for_function(
        """() => {
            const status = document.querySelector("#search-results p.search-summary");
            return status && /finished|did not match/i.test(status.textContent);
        }"""
    )
    hrefs = page.eval_on_selector_all(
        "#search-results ul.search li > a", "links => links.map(a => a.getAttribute('href'))"
    )
    assert hrefs, page.inner_text("#search-results")
    return {m.group(1) for href in hrefs if (m := re.match(r"posts/([^.#?]+)\.html", href))}


def test_landing_page_search_finds_the_post_whose_key_quote_has_the_word(mode_tab):
    tab = mode_tab("light")
    page = tab.goto("index.html")
    page.fill("form.podcast-search input[name=q]", UNIQUE_WORD)
    page.press("form.podcast-search input[name=q]", "Enter")
    page.wait_for_url(re.compile(rf"/search\.html\?q={UNIQUE_WORD}$"))
    assert search_results(tab) == {UNIQUE_POST}
    # The result is a link that leads to the post.
    page.click(f"#search-results a[href^='posts/{UNIQUE_POST}.html']")
    page.wait_for_url(re.compile(rf"/posts/{UNIQUE_POST}\.html"))
    assert tab.page.locator("figure.podcast-quote", has_text=UNIQUE_WORD).count() == 1
    assert tab.errors == []


def test_typing_a_guest_name_on_the_search_page_lists_their_episodes(mode_tab):
    tab = mode_tab("light")
    page = tab.goto("search.html")
    field = page.locator(".bd-search-container input[name=q]")
    field.press_sequentially(GUEST)
    page.keyboard.press("Enter")
    assert search_results(tab) >= {UNIQUE_POST, SECOND_POST}
    assert tab.errors == []


def test_search_for_a_synthetic_guest_finds_every_episode_of_theirs(mode_tab, browser_site):
    guest = max({p.guest for p in browser_site.posts}, key=lambda g: len(browser_site.by_guest(g)))
    episodes = {p.slug for p in browser_site.by_guest(guest)}
    assert len(episodes) >= 2
    tab = mode_tab("light")
    # Numbers are not searchable words: "Ada Turing 5" is looked up as "Ada Turing".
    tab.goto(f"search.html?q={guest.replace(' ', '+')}")
    found = search_results(tab)
    assert episodes <= found
    assert tab.errors == []
