"""The gallery of docs/gallery.md: screenshots of the reader's pages, light and dark, desktop
and phone.

Every browser run shoots them into a temporary folder and checks them (small, no
third-party request, no script error); ``nox -s gallery`` (or
``PODCAST_GALLERY=docs/_static/gallery pytest tests/browser/test_gallery.py``) writes them
into the docs instead, as palette PNGs so that they stay small. The page's first screen is
shot (what a reader sees on arrival).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from browser_support import GUEST, UNIQUE_POST

from sphinx_podcast_ext.slugs import slugify

TARGET = os.environ.get("PODCAST_GALLERY", "")

PAGES = {
    "post": f"posts/{UNIQUE_POST}.html",
    "guest": f"guests/{slugify(GUEST)}.html",
    "quotes": "quotes.html",
    "archive": "blog/tag/ai.html",
}
SCREENS = {
    "desktop": {"viewport": {"width": 1280, "height": 800}},
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
}
#: Colours kept in each image: enough for text and the theme's tints, few enough to be small.
COLOURS = 96


def compress(path: Path) -> None:
    """Rewrite *path* as an optimized palette PNG."""
    from PIL import Image

    with Image.open(path) as image:
        small = image.convert("RGB").quantize(colors=COLOURS, method=Image.Quantize.MEDIANCUT)
    small.save(path, format="PNG", optimize=True)


@pytest.mark.parametrize("screen", sorted(SCREENS))
@pytest.mark.parametrize("mode", ["light", "dark"])
@pytest.mark.parametrize("name", sorted(PAGES))
def test_gallery_image(open_tab, tmp_path, name, mode, screen):
    folder = Path(TARGET) if TARGET else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    tab = open_tab(color_scheme=mode, **SCREENS[screen])
    page = tab.goto(PAGES[name])
    page.evaluate("() => document.fonts.ready.then(() => true)")
    assert page.evaluate("document.documentElement.dataset.theme") == mode
    path = folder / f"{name}-{mode}-{screen}.png"
    page.screenshot(path=str(path), animations="disabled")
    compress(path)
    assert path.stat().st_size < 200_000
    assert tab.third_party == []
    assert tab.errors == []
