"""The reader's post page in the browser: the first screen, chapters, links onward, the feed.

At 1280x800 and 390x844 the first screen of a post holds its title, its header line,
the player and the start of the key quote; chapters move the player (video and
audio); guest names lead to the guest's page; every page links the feed; nothing
is requested from another host before the reader presses play.
"""

from __future__ import annotations

import io
import re
import wave

import pytest
from browser_support import (
    AUDIO_POST,
    AUDIO_URL,
    BASE_URL,
    GUEST,
    UNIQUE_POST,
    Tab,
)

from sphinx_podcast_ext.slugs import slugify

SCHULMAN = "posts/20240515-john-schulman-openai-cofounder-reasoning-rlhf-plan-for-2027-agi.html"
SCREENS = {
    "desktop": {"viewport": {"width": 1280, "height": 800}},
    "phone": {
        "viewport": {"width": 390, "height": 844},
        "is_mobile": True,
        "has_touch": True,
    },
}

FIRST_SCREEN_JS = """
() => {
  const height = window.innerHeight;
  const box = (selector) => {
    const el = document.querySelector(selector);
    if (!el) return null;
    const r = el.getBoundingClientRect();
    return { top: r.top, bottom: r.bottom, height: r.height };
  };
  const h1 = document.querySelector("main h1");
  const lines = Math.round(h1.getBoundingClientRect().height /
    parseFloat(getComputedStyle(h1).lineHeight));
  // The breadcrumbs' rows: items whose middles are within a few pixels share one.
  const middles = Array.from(document.querySelectorAll(".bd-breadcrumbs li"), (li) => {
    const r = li.getBoundingClientRect();
    return r.top + r.height / 2;
  }).sort((a, b) => a - b);
  const crumbs = middles.filter((m, i) => i === 0 || m - middles[i - 1] > 6);
  return {
    height,
    h1: box("main h1"),
    lines,
    header: box("main p.podcast-post-header"),
    player: box("section.podcast-episode .podcast-embed, section.podcast-episode .podcast-audio"),
    quote: box("main figure.podcast-quote--pull"),
    crumbRows: crumbs.length,
    scrollWidth: document.documentElement.scrollWidth,
    width: window.innerWidth,
  };
}
"""


def silent_wav(seconds: int) -> bytes:
    """A silent mono WAV file (8 kHz, 8 bit): a stand-in for the episode's audio file."""
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(1)
        out.setframerate(8000)
        out.writeframes(b"\x80" * 8000 * seconds)
    return buffer.getvalue()


def serve_ranges(route, body: bytes, content_type: str) -> None:
    """Answer a media request as a web server would, byte ranges included (for seeking)."""
    wanted = re.fullmatch(r"bytes=(\d+)-(\d*)", route.request.headers.get("range", ""))
    headers = {"Accept-Ranges": "bytes", "Content-Type": content_type}
    if not wanted:
        route.fulfill(status=200, body=body, headers=headers)
        return
    start = int(wanted[1])
    end = int(wanted[2]) if wanted[2] else len(body) - 1
    headers["Content-Range"] = f"bytes {start}-{end}/{len(body)}"
    route.fulfill(status=206, body=body[start : end + 1], headers=headers)


@pytest.mark.parametrize("screen", ["desktop", "phone"])
@pytest.mark.parametrize(
    "path", [f"posts/{UNIQUE_POST}.html", SCHULMAN, f"posts/{AUDIO_POST}.html"]
)
def test_first_screen_has_title_header_player_and_key_quote(open_tab, screen, path):
    tab = open_tab(**SCREENS[screen])
    page = tab.goto(path)
    page.evaluate("() => document.fonts.ready.then(() => true)")
    found = page.evaluate(FIRST_SCREEN_JS)
    name = path.rsplit("/", 1)[-1].split("-", 1)[0]
    page.screenshot(path=str(tab.site.screenshots / f"first-screen-{name}-{screen}.png"))
    height = found["height"]
    for part in ("h1", "header", "player"):
        assert found[part] is not None, part
        assert found[part]["top"] >= 0 and found[part]["bottom"] <= height, (part, found)
    # The key quote starts on the first screen: at least its first lines show.
    assert found["quote"] is not None
    assert found["quote"]["top"] <= height - 60, found
    # The title is sized for its length: three lines at most on a desktop, five on a phone.
    assert found["lines"] <= (3 if screen == "desktop" else 5), found
    # The breadcrumbs stay on one line (the home icon never sits alone).
    assert found["crumbRows"] == 1, found
    assert found["scrollWidth"] <= found["width"]
    assert tab.third_party == []
    assert tab.errors == []


@pytest.mark.parametrize("screen", ["desktop", "phone"])
def test_section_headings_are_smaller_than_the_title(open_tab, screen):
    tab = open_tab(**SCREENS[screen])
    page = tab.goto(SCHULMAN)
    sizes = page.evaluate(
        """() => {
          const px = (el) => parseFloat(getComputedStyle(el).fontSize);
          return {
            title: px(document.querySelector("main h1.podcast-title")),
            headings: [...document.querySelectorAll("main section h2, main section h3")]
              .map(px),
          };
        }"""
    )
    assert len(sizes["headings"]) >= 3, sizes
    assert max(sizes["headings"]) < sizes["title"], sizes


def test_guest_name_in_the_header_leads_to_the_guest_page(mode_tab):
    tab = mode_tab("light")
    page = tab.goto(f"posts/{UNIQUE_POST}.html")
    link = page.locator("main p.podcast-post-header a", has_text=GUEST)
    assert link.count() == 1
    with page.expect_navigation(url=re.compile(rf"/guests/{slugify(GUEST)}\.html$")):
        link.click()
    assert tab.h1() == GUEST
    # The guest's page is a timeline: newest first, each with the show and time links.
    dates = page.locator("main .podcast-timeline .podcast-page__meta").all_inner_texts()
    assert [d.split(" · ")[0] for d in dates] == ["2 March 2021", "1 March 2021"]
    assert page.locator("main .podcast-timeline a.podcast-quote__time").count() >= 1


def chapter(page, seconds: int):
    return page.locator(f"section.podcast-episode a.podcast-chapter[data-seconds='{seconds}']")


def test_chapters_move_the_video_player(open_tab):
    tab = open_tab()
    page = tab.goto(f"posts/{UNIQUE_POST}.html")
    page.wait_for_load_state("networkidle")
    nav = page.locator("section.podcast-episode nav.podcast-chapters")
    assert nav.get_attribute("aria-label") == "Chapters"
    assert page.locator("details.podcast-chapters__details").get_attribute("open") is not None
    times = page.locator("a.podcast-chapter .podcast-chapter__time").all_inner_texts()
    assert times == ["0:30", "5:10", "12:34"]
    assert tab.third_party == []
    # Before the player is loaded, a chapter loads it at its time ...
    chapter(page, 310).click()
    frame = page.wait_for_selector(".podcast-embed iframe.podcast-embed__frame", state="attached")
    assert "start=310" in frame.get_attribute("src")
    assert chapter(page, 310).get_attribute("aria-current") == "true"
    # ... and once it is loaded, moves it there.
    chapter(page, 754).click()
    page.wait_for_function(
        "() => document.querySelector('.podcast-embed iframe').src.includes('start=754')"
    )
    assert page.locator(".podcast-embed iframe").count() == 1
    assert chapter(page, 310).get_attribute("aria-current") is None
    # The key quote's time link moves the player too.
    page.locator("figure.podcast-quote--pull a.podcast-quote__time").click()
    assert "start=754" in page.locator(".podcast-embed iframe").get_attribute("src")
    assert all(url.startswith("https://www.youtube-nocookie.com/") for url in tab.third_party)
    assert page.url.endswith(f"{UNIQUE_POST}.html")  # never left the page
    assert tab.errors == []


def test_chapters_move_the_audio_player_and_nothing_loads_before_play(open_tab):
    tab = open_tab()
    page = tab.page
    body = silent_wav(60)
    page.route(AUDIO_URL, lambda route: serve_ranges(route, body, "audio/wav"))
    tab.goto(f"posts/{AUDIO_POST}.html")
    page.wait_for_load_state("networkidle")
    audio = page.locator("section.podcast-episode audio.podcast-audio__player")
    assert audio.get_attribute("preload") == "none"
    assert audio.get_attribute("aria-label") == "Listen: Tidewater and tape"
    assert page.locator("section.podcast-episode a.podcast-episode__watch").count() == 0
    assert tab.third_party == []
    chapter(page, 20).click()
    page.wait_for_function(
        "() => { const a = document.querySelector('audio.podcast-audio__player');"
        " return a.readyState >= 1 && Math.abs(a.currentTime - 20) < 1.5; }"
    )
    chapter(page, 40).click()
    page.wait_for_function(
        "() => Math.abs(document.querySelector('audio.podcast-audio__player').currentTime - 40)"
        " < 1.5"
    )
    assert tab.third_party and set(tab.third_party) == {AUDIO_URL}
    assert tab.errors == []


@pytest.mark.parametrize("path", ["index.html", f"posts/{UNIQUE_POST}.html", "blog/tag.html"])
def test_every_page_links_the_feed_and_the_archive_indexes(mode_tab, path):
    tab = mode_tab("light")
    page = tab.goto(path)
    feed = page.locator('head link[rel=alternate][type="application/atom+xml"]')
    assert feed.count() == 1
    assert feed.get_attribute("href") == f"{BASE_URL}blog/atom.xml"
    header = page.locator("header .bd-navbar-elements .podcast-nav__item a")
    labels = [label.strip() for label in header.all_inner_texts()]
    assert labels == ["Episodes", "Guests", "Shows", "Quotes", "Tags", "Years", "Subscribe"]
    assert header.last.get_attribute("href") == f"{BASE_URL}blog/atom.xml"
    assert all(header.nth(i).is_visible() for i in range(header.count()))


def test_the_navigation_on_a_phone_is_in_the_menu(open_tab):
    tab = open_tab(**SCREENS["phone"])
    page = tab.goto(f"posts/{UNIQUE_POST}.html")
    page.locator("button.primary-toggle").click()
    menu = page.locator(".bd-sidebar-primary .podcast-nav__item a")
    page.wait_for_timeout(400)
    assert [t.strip() for t in menu.all_inner_texts()][:6] == [
        "Episodes",
        "Guests",
        "Shows",
        "Quotes",
        "Tags",
        "Years",
    ]
    assert menu.first.is_visible()
    with page.expect_navigation(url=re.compile(r"/guests\.html$")):
        menu.nth(1).click()
    assert tab.h1() == "Guests"


def focus_path(tab: Tab, presses: int = 80) -> list[str]:
    """What Tab reaches from the top of the page, as short descriptions, in order."""
    page = tab.page
    page.evaluate("() => { document.activeElement && document.activeElement.blur(); }")
    seen = []
    for _ in range(presses):
        page.keyboard.press("Tab")
        seen.append(
            page.evaluate(
                """() => {
                const el = document.activeElement;
                if (el.matches('.podcast-embed__button')) return 'play';
                if (el.matches('a.podcast-chapter')) return 'chapter';
                if (el.closest('p.podcast-post-header')) return 'header';
                if (el.closest('figure.podcast-quote--pull')) return 'quote';
                if (el.closest('header')) return 'navbar';
                return el.tagName.toLowerCase();
            }"""
            )
        )
    return seen


def test_keyboard_order_and_landmarks_of_a_post(open_tab):
    tab = open_tab()
    page = tab.goto(f"posts/{UNIQUE_POST}.html")
    order = [step for step in dict.fromkeys(focus_path(tab)) if step in NAMED_STOPS]
    assert order == ["navbar", "header", "play", "chapter", "quote"]
    landmarks = page.evaluate(
        """() => Array.from(document.querySelectorAll(
                'main [class*="podcast-"]:is(nav, section, audio, details)'),
            (el) => [el.tagName.toLowerCase(), el.getAttribute('aria-label') || ''])"""
    )
    assert ["section", "Episode"] in landmarks
    assert ["nav", "Chapters"] in landmarks
    # Every landmark of the extension is named (the chapters' details is not a landmark).
    assert all(label for tag, label in landmarks if tag != "details"), landmarks
    assert page.locator("main").count() == 1
    assert page.locator("header").count() >= 1


NAMED_STOPS = {"navbar", "header", "play", "chapter", "quote"}
