"""The click-to-load player (``embed: click``): private until clicked, keyboard-usable."""

from __future__ import annotations

from browser_support import UNIQUE_POST

POST = f"posts/{UNIQUE_POST}.html"
VIDEO_ID = "dQw4w9WgXcQ"  # the episode of UNIQUE_POST
PLAYER = f"https://www.youtube-nocookie.com/embed/{VIDEO_ID}"


def assert_player(frame) -> None:
    """The inserted iframe: privacy-enhanced source and the attributes it needs."""
    attrs = frame.evaluate(
        "f => Object.fromEntries(Array.from(f.attributes, a => [a.name, a.value]))"
    )
    assert attrs["src"].startswith(PLAYER), attrs
    assert attrs.get("title", "").strip(), attrs
    assert attrs.get("loading") == "lazy", attrs
    assert "encrypted-media" in attrs.get("allow", ""), attrs
    assert attrs.get("referrerpolicy"), attrs


def test_no_third_party_request_before_the_click_and_the_player_after(open_tab):
    tab = open_tab()
    page = tab.goto(POST)
    page.wait_for_load_state("networkidle")
    button = page.locator(".podcast-embed button.podcast-embed__button")
    assert button.count() == 1
    assert page.locator(".podcast-embed iframe").count() == 0
    assert tab.third_party == []
    assert len(tab.requests) > 5  # the recorder did see the page's own requests

    button.click()
    frame = page.wait_for_selector(".podcast-embed iframe.podcast-embed__frame", state="attached")
    assert_player(frame)
    assert page.locator(".podcast-embed button").count() == 0
    # The player was requested only now (and the request was aborted by the test).
    assert tab.third_party, "clicking play requested nothing"
    assert all(url.startswith("https://www.youtube-nocookie.com/") for url in tab.third_party), (
        tab.third_party
    )
    assert tab.errors == []


def test_keyboard_users_reach_the_play_button_with_tab_and_start_it_with_enter(open_tab):
    tab = open_tab()
    page = tab.goto(POST)
    page.evaluate("() => { document.activeElement && document.activeElement.blur(); }")
    page.evaluate("() => window.scrollTo(0, 0)")
    is_button = "() => document.activeElement.matches('.podcast-embed__button')"
    presses = 0
    while not page.evaluate(is_button):
        assert presses < 60, "60 presses of Tab never reached the play button"
        page.keyboard.press("Tab")
        presses += 1
    # The focus is visible (an outline), not only in the DOM.
    outline = page.evaluate(
        "() => { const s = getComputedStyle(document.activeElement);"
        " return [s.outlineStyle, parseFloat(s.outlineWidth)]; }"
    )
    assert outline[0] != "none" and outline[1] >= 2, outline
    tab.screenshot("embed-button-focused")
    page.keyboard.press("Enter")
    frame = page.wait_for_selector(".podcast-embed iframe", state="attached")
    assert_player(frame)
    assert presses > 1  # there are links before the player: the button is in the tab order


def test_without_javascript_the_placeholder_is_a_plain_link_to_youtube(open_tab):
    tab = open_tab(java_script_enabled=False)
    page = tab.goto(POST)
    assert page.locator(".podcast-embed button").count() == 0
    link = page.locator(".podcast-embed a.podcast-embed__link")
    assert link.count() == 1
    href = link.get_attribute("href")
    assert href == f"https://www.youtube.com/watch?v={VIDEO_ID}", href
    assert link.is_visible()
    assert "Play" in link.inner_text()
    assert page.locator("iframe").count() == 0
    assert tab.third_party == []
