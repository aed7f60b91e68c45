"""Paginated archives, used as a reader would: next and previous pages, every post once."""

from __future__ import annotations

import re

PAGE_SIZE = 24  # content/conf.py: podcast_page_size


def cards(page) -> list[str]:
    return [
        link.get_attribute("href") or ""
        for link in page.locator("main .podcast-card a.sd-stretched-link").all()
    ]


def test_the_all_posts_archive_pages_through_every_post(mode_tab, browser_site):
    tab = mode_tab("light")
    page = tab.goto("blog.html")
    first = cards(page)
    assert len(first) == PAGE_SIZE
    assert page.locator("head link[rel=next]").get_attribute("href") == "blog/page/2.html"
    following = page.locator("main a[rel=next]")
    assert following.is_visible()
    with page.expect_navigation(url=re.compile(r"/blog/page/2\.html$")):
        following.click()
    second = cards(page)
    assert 0 < len(second) <= PAGE_SIZE
    assert page.locator("head link[rel=prev]").get_attribute("href") == "../../blog.html"
    everything = [href.rsplit("/", 1)[-1] for href in first + second]
    posts = {path.name for path in (browser_site.html / "posts").glob("*.html")}
    assert len(everything) == len(set(everything))
    assert set(everything) == posts
    with page.expect_navigation(url=re.compile(r"/blog\.html$")):
        page.locator("main a[rel=prev]").click()
    assert cards(page) == first
    assert tab.errors == []


def test_the_next_page_is_reachable_by_keyboard(mode_tab):
    tab = mode_tab("light")
    page = tab.goto("blog.html")
    page.locator("main a[rel=next]").focus()
    with page.expect_navigation(url=re.compile(r"/blog/page/2\.html$")):
        page.keyboard.press("Enter")
    assert tab.h1()


def test_archive_pages_fit_a_phone(mode_tab):
    tab = mode_tab("phone")
    for path in ("blog.html", "blog/page/2.html"):
        page = tab.goto(path)
        width = page.evaluate("document.documentElement.scrollWidth")
        viewport = page.evaluate("window.innerWidth")
        assert width <= viewport, (path, width, viewport)
