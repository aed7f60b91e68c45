"""Every page type in light mode, dark mode and on a phone.

Light (desktop): no console errors, no third-party request, alt text on every image,
readable text.  Dark (desktop): readable text.  Phone (390 px): nothing scrolls
sideways.  Each run writes a full-page screenshot to ``<build>/screenshots/``.
"""

from __future__ import annotations

import pytest
from browser_support import (
    PAGE_TYPES,
    PHONE,
    THEME_MODE_ERROR,
    UNIQUE_POST,
    Tab,
    page_types,
)

MIN_CONTRAST = 4.5  # WCAG 2 AA for normal text

# The extension's text, by component; then the theme's text around it.
PODCAST_TEXT = [
    "figure.podcast-quote blockquote p",
    ".podcast-quote__speaker",
    ".podcast-quote__role",
    ".podcast-quote__caption",
    ".podcast-quote__caption a",
    ".podcast-episode__show",
    ".podcast-episode__title",
    ".podcast-episode__facts dt",
    ".podcast-episode__facts dd",
    "a.podcast-episode__watch",
    ".podcast-episode__platforms a",
    ".podcast-embed__label",
    ".podcast-embed__note",
    ".podcast-embed__show",
    ".podcast-embed__title",
    ".podcast-audio__label",
    ".podcast-audio__title",
    ".podcast-chapters__summary",
    ".podcast-chapter__time",
    ".podcast-chapter__label",
    "p.podcast-dek",
    ".podcast-post-header a span",
    "header .podcast-nav__item a",
    ".podcast-page__role",
    ".podcast-page__heading",
    "nav.podcast-letters a",
    ".podcast-index__title",
    ".podcast-card .sd-card-title",
    ".podcast-card__meta",
    ".podcast-card__excerpt",
    ".podcast-card__note",
    ".podcast-tag",
    ".podcast-post-header",
    ".podcast-post-header__tag",
    ".podcast-search label",
    ".podcast-search button",
    ".podcast-page__intro",
    ".podcast-page__title",
    ".podcast-page__meta",
    ".podcast-page__count",
    ".podcast-page__index a",
    ".podcast-index a",
]
THEME_TEXT = ["main h1", "main h2", "main p", "main li", "main a", "main dt", "main dd"]

# What each page type must show of the extension (so that no check is vacuous).
MUST_CHECK = {
    "landing": [".podcast-card .sd-card-title", ".podcast-card__meta", ".podcast-card__excerpt"],
    "post": [
        "figure.podcast-quote blockquote p",
        ".podcast-quote__speaker",
        ".podcast-quote__role",
        ".podcast-quote__caption a",
        ".podcast-embed__label",
        ".podcast-embed__note",
        ".podcast-chapter__time",
        ".podcast-chapter__label",
        "p.podcast-dek",
        ".podcast-post-header a span",
        "header .podcast-nav__item a",
        ".podcast-card .sd-card-title",
        ".podcast-card__meta",
        ".podcast-card__excerpt",
        ".podcast-post-header__tag",
    ],
    "audio": [
        ".podcast-audio__label",
        ".podcast-audio__title",
        ".podcast-chapter__time",
        ".podcast-chapter__label",
        ".podcast-quote__role",
        "figure.podcast-quote blockquote p",
    ],
    "guest": [
        "figure.podcast-quote blockquote p",
        ".podcast-page__meta",
        ".podcast-page__role",
        ".podcast-page__heading",
    ],
    "show": [".podcast-page__title", ".podcast-page__meta"],
    "quotes": ["figure.podcast-quote blockquote p", ".podcast-quote__caption a"],
    # Archives show the site's cards (their links cover the cards, their text is hidden).
    "year": [".podcast-card .sd-card-title", ".podcast-card__meta", ".podcast-tag"],
    "tag": [".podcast-card .sd-card-title", ".podcast-card__meta", ".podcast-tag"],
    "search": ["main a"],
    "about": ["main a"],
}

CONTRAST_JS = """
(selectors) => {
  const canvas = document.createElement("canvas");
  canvas.width = canvas.height = 1;
  const ctx = canvas.getContext("2d", { willReadFrequently: true });
  // Any CSS colour -> [r, g, b, a] with a in 0..1 (the canvas normalises the syntax).
  const rgba = (css) => {
    ctx.clearRect(0, 0, 1, 1);
    ctx.fillStyle = "rgba(0, 0, 0, 0)";
    ctx.fillStyle = css;
    ctx.fillRect(0, 0, 1, 1);
    const [r, g, b, a] = ctx.getImageData(0, 0, 1, 1).data;
    return [r, g, b, a / 255];
  };
  const over = (top, bottom) => {
    const a = top[3];
    return [0, 1, 2].map((i) => top[i] * a + bottom[i] * (1 - a)).concat([1]);
  };
  const luminance = (c) => {
    const [r, g, b] = c.slice(0, 3).map((v) => {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  // The colour behind an element: its background layers down to the first opaque one.
  const background = (el) => {
    const layers = [];
    for (let node = el; node && node.nodeType === 1; node = node.parentElement) {
      const c = rgba(getComputedStyle(node).backgroundColor);
      if (c[3] > 0) layers.push(c);
      if (c[3] >= 1) break;
    }
    let result = [255, 255, 255, 1];
    for (const layer of layers.reverse()) result = over(layer, result);
    return result;
  };
  const opacity = (el) => {
    let value = 1;
    for (let node = el; node && node.nodeType === 1; node = node.parentElement) {
      value *= parseFloat(getComputedStyle(node).opacity);
    }
    return value;
  };
  const ownText = (el) =>
    Array.from(el.childNodes)
      .filter((n) => n.nodeType === 3)
      .map((n) => n.textContent)
      .join("")
      .trim();
  const results = [];
  for (const selector of selectors) {
    for (const el of document.querySelectorAll(selector)) {
      const style = getComputedStyle(el);
      if (!el.getClientRects().length || style.visibility === "hidden") continue;
      if (el.closest(".headerlink, .visually-hidden, .sr-only, [aria-hidden=true]")) continue;
      const text = ownText(el);
      if (!text) continue;
      const bg = background(el);
      const fg = rgba(style.color);
      fg[3] *= opacity(el);
      const shown = over(fg, bg);
      const [l1, l2] = [luminance(shown), luminance(bg)].sort((a, b) => b - a);
      results.push({
        selector,
        text: text.slice(0, 40),
        color: style.color,
        background: bg.slice(0, 3).join(","),
        ratio: Math.round(((l1 + 0.05) / (l2 + 0.05)) * 100) / 100,
      });
    }
  }
  return results;
}
"""

OVERFLOW_JS = """
() => {
  const width = window.innerWidth;
  const name = (el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
    + (typeof el.className === "string" && el.className.trim()
       ? "." + el.className.trim().split(/\\s+/).join(".") : "");
  // Content wider than the screen, even where a theme container clips it or
  // scrolls it (pydata's article does): the reader would lose the right edge.
  // Code blocks and tables scroll on purpose and are left out.
  const cut = [];
  for (const el of document.querySelectorAll("main *")) {
    const rect = el.getBoundingClientRect();
    if (rect.width === 0 || rect.height === 0 || rect.right <= width + 1) continue;
    if (el.closest("pre, .highlight, table, .pst-scrollable-table-container")) continue;
    const style = getComputedStyle(el);
    if (style.visibility === "hidden" || style.position === "fixed") continue;
    const parent = el.parentElement;
    if (parent && parent.getBoundingClientRect().right > width + 1) continue;
    cut.push(`${name(el)} (right edge ${Math.round(rect.right)}px)`);
  }
  // Text of the article that runs past the right edge (a long URL in a quote).
  const article = document.querySelector("main article") || document.querySelector("main");
  const walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!node.textContent.trim() || !el || !el.checkVisibility()) continue;
    if (el.closest("pre, .highlight, table, .pst-scrollable-table-container")) continue;
    if (getComputedStyle(el).textOverflow === "ellipsis") continue;
    range.selectNodeContents(node);
    const right = Math.max(0, ...Array.from(range.getClientRects(), (r) => r.right));
    if (right > width + 1) {
      const text = node.textContent.trim().slice(0, 30);
      cut.push(`text in ${name(el)}: "${text}" (right edge ${Math.round(right)}px)`);
    }
  }
  return {
    width,
    documentWidth: document.documentElement.scrollWidth,
    cut: cut.slice(0, 10),
  };
}
"""


def load(tab: Tab, kind: str) -> None:
    tab.goto(page_types(tab.site)[kind])
    page = tab.page
    if kind == "search":
        page.wait_for_function(
            "() => /finished/.test(document.querySelector('#search-results .search-summary')"
            "?.textContent || '')"
        )
    page.evaluate("() => document.fonts.ready.then(() => true)")


def contrast_failures(tab: Tab, kind: str) -> tuple[list[dict], list[str]]:
    """(elements below MIN_CONTRAST, selectors of MUST_CHECK that matched nothing)."""
    checked = tab.page.evaluate(CONTRAST_JS, PODCAST_TEXT + THEME_TEXT)
    seen = {item["selector"] for item in checked}
    missing = [selector for selector in MUST_CHECK[kind] if selector not in seen]
    low = [item for item in checked if item["ratio"] < MIN_CONTRAST]
    # One line per distinct failure (the same style repeats on listing pages).
    unique = {(i["selector"], i["color"], i["background"]): i for i in low}
    return list(unique.values()), missing


@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_light_mode(mode_tab, kind):
    tab = mode_tab("light")
    load(tab, kind)
    page = tab.page
    assert page.evaluate("document.documentElement.dataset.theme") == "light"
    tab.screenshot(f"{kind}-light")
    assert tab.errors == []
    assert tab.third_party == []
    no_alt = page.eval_on_selector_all(
        "img", "imgs => imgs.filter(i => !(i.getAttribute('alt') || '').trim()).map(i => i.src)"
    )
    assert no_alt == []
    low, missing = contrast_failures(tab, kind)
    assert missing == []
    assert low == []


@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_dark_mode(mode_tab, kind):
    tab = mode_tab("dark")
    load(tab, kind)
    assert tab.page.evaluate("document.documentElement.dataset.theme") == "dark"
    tab.screenshot(f"{kind}-dark")
    assert tab.errors == []
    low, missing = contrast_failures(tab, kind)
    assert missing == []
    assert low == []


@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_phone_does_not_scroll_sideways(mode_tab, kind):
    tab = mode_tab("phone")
    load(tab, kind)
    tab.screenshot(f"{kind}-phone")
    overflow = tab.page.evaluate(OVERFLOW_JS)
    assert overflow["width"] == PHONE["width"]
    assert overflow["cut"] == []
    assert overflow["documentWidth"] <= overflow["width"]
    assert tab.errors == []


def test_the_image_of_a_post_has_alt_text_and_loads(mode_tab):
    tab = mode_tab("light")
    page = tab.goto(f"posts/{UNIQUE_POST}.html")
    images = page.eval_on_selector_all(
        "main img", "imgs => imgs.map(i => [i.getAttribute('alt'), i.naturalWidth])"
    )
    assert images == [["A lantern beside an open ledger", 240]]


def test_first_visit_logs_no_theme_mode_error(open_tab):
    tab = open_tab()
    tab.goto("about.html")
    assert THEME_MODE_ERROR not in tab.all_errors
