"""Cards and index pages lead to the right posts, clicked as a reader would."""

from __future__ import annotations

import re

from browser_support import GUEST, SECOND_POST, TAG, UNIQUE_POST, Tab

from sphinx_podcast_ext.slugs import slugify


def click_and_land(tab: Tab, locator, url_pattern: str) -> str:
    """Click *locator*, wait for the new page, return its h1."""
    with tab.page.expect_navigation(url=re.compile(url_pattern)):
        locator.click()
    return tab.h1()


def test_a_related_card_is_clickable_anywhere_on_it(mode_tab):
    tab = mode_tab("light")
    page = tab.goto(f"posts/{UNIQUE_POST}.html")
    card = page.locator(".podcast-related .podcast-card").first
    title = card.locator(".sd-card-title").inner_text().strip()
    assert title.endswith("Returning to the reading room")
    # Not on the title: at the bottom right corner of the card, on its tags row.
    card.scroll_into_view_if_needed()
    box = card.locator(".podcast-card__tags").bounding_box()
    assert box is not None
    target = page.evaluate(
        "([x, y]) => document.elementFromPoint(x, y).closest('a')?.getAttribute('href')",
        [box["x"] + box["width"] - 4, box["y"] + box["height"] - 4],
    )
    assert target == f"{SECOND_POST}.html", target
    with page.expect_navigation(url=re.compile(rf"/posts/{SECOND_POST}\.html$")):
        page.mouse.click(box["x"] + box["width"] - 4, box["y"] + box["height"] - 4)
    assert tab.h1() == title


def test_latest_cards_on_the_landing_page_lead_to_their_posts(mode_tab, browser_site):
    tab = mode_tab("light")
    page = tab.goto("index.html")
    cards = page.locator(".podcast-latest .podcast-card")
    assert cards.count() == 6
    card = cards.nth(2)
    title = card.locator(".sd-card-title").inner_text().strip()
    card.scroll_into_view_if_needed()
    excerpt = card.locator(".podcast-card__excerpt").bounding_box()
    assert excerpt is not None
    with page.expect_navigation(url=re.compile(r"/posts/[^/]+\.html$")):
        page.mouse.click(excerpt["x"] + 10, excerpt["y"] + excerpt["height"] / 2)
    assert tab.h1() == title
    assert tab.errors == []


def test_guest_index_and_guest_page_lead_to_the_guests_episodes(mode_tab, browser_site):
    tab = mode_tab("light")
    page = tab.goto("guests.html")
    assert tab.h1() == "Guests"
    link = page.locator("main .podcast-page__index a", has_text=GUEST)
    assert click_and_land(tab, link, rf"/guests/{slugify(GUEST)}\.html$") == GUEST
    entries = page.locator("main .podcast-page__entries a.podcast-page__title")
    assert entries.count() == 2
    second = page.locator(f"main a.podcast-page__title[href$='{SECOND_POST}.html']")
    assert click_and_land(tab, second, rf"/posts/{SECOND_POST}\.html$") == (
        f"{GUEST} - Returning to the reading room"
    )


def test_show_page_leads_to_its_episodes(mode_tab, browser_site):
    post = browser_site.posts[3]
    tab = mode_tab("light")
    page = tab.goto("shows.html")
    link = page.locator("main .podcast-page__index a", has_text=re.compile(f"^{post.show}$"))
    assert click_and_land(tab, link, rf"/shows/{slugify(post.show)}\.html$") == post.show
    entry = page.locator(f"main a.podcast-page__title[href$='{post.slug}.html']")
    assert click_and_land(tab, entry, rf"/posts/{post.slug}\.html$") == post.title


def test_year_archive_leads_to_its_posts(mode_tab, browser_site):
    post = browser_site.posts[10]
    assert post.date.year == 2020
    tab = mode_tab("light")
    page = tab.goto("blog/2020.html")
    assert "2020" in tab.h1()
    # The archive shows the site's cards; the whole card is the link.
    link = page.locator(f"a.sd-stretched-link[href$='{post.slug}.html']")
    card = page.locator("main .podcast-card", has=link)
    assert card.locator(".sd-card-title").inner_text().strip() == post.title
    assert click_and_land(tab, card, rf"/posts/{post.slug}\.html$") == post.title


def test_tag_archive_leads_to_its_posts(mode_tab):
    tab = mode_tab("light")
    page = tab.goto(f"blog/tag/{slugify(TAG)}.html")
    assert TAG in tab.h1()
    titles = page.locator("main .podcast-card .sd-card-title")
    assert titles.count() == 2
    card = page.locator(
        ".podcast-card", has=page.locator(f"a.sd-stretched-link[href$='{UNIQUE_POST}.html']")
    )
    title = card.locator(".sd-card-title").inner_text().strip()
    # The same date format as the rest of the site, and the post's tags on its card.
    assert card.locator(".podcast-card__meta").inner_text().startswith("1 March 2021")
    assert TAG in card.locator(".podcast-card__tags").inner_text()
    assert click_and_land(tab, card, rf"/posts/{UNIQUE_POST}\.html$") == title


def test_a_tag_on_a_post_leads_to_the_tag_archive(mode_tab):
    tab = mode_tab("light")
    page = tab.goto(f"posts/{UNIQUE_POST}.html")
    link = page.locator(".podcast-post-header a", has_text=TAG)
    assert TAG in click_and_land(tab, link, rf"/blog/tag/{slugify(TAG)}\.html$")


def test_quote_index_links_back_to_the_quote_in_its_post(mode_tab, browser_site):
    post = next(p for p in browser_site.posts if len(p.quotes) >= 2)
    quote = post.quotes[1]
    tab = mode_tab("light")
    page = tab.goto("quotes.html")
    figure = page.locator("main figure.podcast-quote", has_text=quote)
    assert figure.count() == 1
    # "in context" (the caption's other link plays the episode at the quote's time).
    link = figure.locator("figcaption a:not(.podcast-quote__time)")
    assert figure.locator("figcaption a.podcast-quote__time").count() == 1
    assert click_and_land(tab, link, rf"/posts/{post.slug}\.html#.+$") == post.title
    # The link's anchor is the quote itself.
    target = page.locator("figure.podcast-quote:target blockquote")
    assert target.inner_text().strip() == quote
