"""Social cards: one image per post (title, show, key quote) drawn with Pillow, as ``og:image``.

When a link to a post is shared, the preview shows the post's card: a
1200x630 PNG with the show, the title, the first key quote and the site's
name. Cards are drawn at write time (``html-page-context``) for web pages of
posts, when ``html_baseurl`` is set (``og:image`` must be absolute) and
``podcast_social_cards`` is on, into ``_social/`` in the output folder.

Each file is named by a fingerprint of everything it shows
(``_social/<page>-<fingerprint>.png``): an unchanged post finds its card and
nothing is redrawn; a changed one gets a new file (so caches of the old image
never show stale text) and the old file is removed.

Fonts come without network: DejaVu Sans (Debian's ``fonts-dejavu-core``, and
matplotlib's bundled copy when it is installed), else Pillow's own bundled
font. Pillow is optional (``pip install sphinx-podcast-ext[social]``);
without it no cards are drawn and the episode's ``image:`` is the
``og:image``.
"""

from __future__ import annotations

import hashlib
import posixpath
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sphinx.util import logging

from .shared import _
from .slugs import slugify
from .store import get_domain

if TYPE_CHECKING:
    from sphinx.application import Sphinx

__all__ = ["CARD_SIZE", "SocialCard", "card_for", "draw_card", "setup_social_cards"]

logger = logging.getLogger(__name__)

CARD_SIZE = (1200, 630)
FOLDER = "_social"
#: A card's file name: the page's stem and the fingerprint of what it shows.
_CARD_FILE = re.compile(r"^(?P<stem>.+)-(?P<digest>[0-9a-f]{16})\.png$")
#: Bump when the drawing changes: every card is drawn again.
DRAWING_VERSION = "1"
_MARGIN = 72
_GROUND = (11, 24, 48)
_ACCENT = (56, 189, 248)
_WHITE = (255, 255, 255)
_SOFT = (203, 213, 225)
_FONT_FILES = {True: "DejaVuSans-Bold.ttf", False: "DejaVuSans.ttf"}


@dataclass(frozen=True, slots=True)
class SocialCard:
    """What a post's card shows."""

    title: str
    show: str
    quote: str
    speaker: str
    site: str

    def fingerprint(self) -> str:
        """A short digest of everything drawn (and of the drawing itself)."""
        parts = (DRAWING_VERSION, self.title, self.show, self.quote, self.speaker, self.site)
        return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]


def card_for(app: Sphinx, pagename: str) -> SocialCard | None:
    """The card of a post page, or ``None`` for other pages."""
    domain = get_domain(app.env)
    record = domain.posts.get(pagename)
    if record is None or not record.post.is_post:
        return None
    episode = domain.episode_of(pagename)
    quote = next(iter(domain.quotes.get(pagename, ())), None)
    show = episode.show if episode and episode.show else ""
    if not show and episode and episode.guests:
        show = ", ".join(episode.guests)
    return SocialCard(
        title=record.title,
        show=show,
        quote=quote.text if quote else record.description,
        speaker=quote.speaker if quote else "",
        site=app.config.project or "",
    )


@lru_cache(maxsize=32)
def _font(size: int, bold: bool) -> Any:
    from PIL import ImageFont  # optional dependency

    candidates = [_FONT_FILES[bold]]
    try:  # matplotlib bundles DejaVu: a copy that exists wherever matplotlib does
        import matplotlib

        candidates.append(str(Path(matplotlib.get_data_path(), "fonts", "ttf", _FONT_FILES[bold])))
    except ImportError:
        pass
    for candidate in candidates:
        try:
            return ImageFont.truetype(candidate, size)
        except OSError:
            continue
    return ImageFont.load_default(size=size)


def _fit(line: str, font: Any, width: int, cut: bool) -> str:
    """*line*, shortened (with "…") until it fits *width*; with *cut*, "…" in any case."""
    if not cut and font.getlength(line) <= width:
        return line
    while line and font.getlength(line + "…") > width:
        line = line.rsplit(" ", 1)[0] if " " in line.strip() else line[:-1]
    return line.rstrip(",;:.-\u2013 ") + "…"


def _wrap(text: str, font: Any, width: int, lines: int) -> list[str]:
    """Greedy word wrap into at most *lines* lines; the last ends in "…" when text is left."""
    words = text.split()
    result: list[str] = []
    current = ""
    index = 0
    while index < len(words) and len(result) < lines:
        candidate = f"{current} {words[index]}".strip()
        if not current or font.getlength(candidate) <= width:
            current, index = candidate, index + 1
        else:
            result.append(current)
            current = ""
    if current and len(result) < lines:
        result.append(current)
        current = ""
    cut = index < len(words) or bool(current)
    if not result:
        return []
    fitted = [_fit(line, font, width, False) for line in result[:-1]]
    return [*fitted, _fit(result[-1], font, width, cut)]


def _fitted_title(title: str, width: int) -> tuple[Any, list[str]]:
    """The largest title size (64 to 40 px) that fits three lines."""
    for size in (64, 56, 48, 40):
        font = _font(size, True)
        lines = _wrap(title, font, width, 3)
        if not lines or not lines[-1].endswith("…") or size == 40:
            return font, lines
    raise AssertionError("unreachable")


def draw_card(card: SocialCard, path: Path) -> None:
    """Draw *card* into a PNG file at *path* (Pillow)."""
    from PIL import Image, ImageDraw  # optional dependency

    width, height = CARD_SIZE
    image = Image.new("RGB", CARD_SIZE, _GROUND)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, 16, height), fill=_ACCENT)
    text_width = width - 2 * _MARGIN
    y = _MARGIN - 8
    if card.show:
        kicker = _font(28, True)
        draw.text(
            (_MARGIN, y),
            _wrap(card.show.upper(), kicker, text_width, 1)[0],
            font=kicker,
            fill=_ACCENT,
        )
        y += 52
    title_font, title_lines = _fitted_title(card.title, text_width)
    step = int(title_font.size * 1.18)
    for line in title_lines:
        draw.text((_MARGIN, y), line, font=title_font, fill=_WHITE)
        y += step
    if card.quote:
        y += 24
        quote_font = _font(32, False)
        room = max(1, min(3, (height - _MARGIN - 48 - y) // 44))
        lines = _wrap(f"“{card.quote}”", quote_font, text_width - 32, room)
        draw.rectangle((_MARGIN, y + 4, _MARGIN + 6, y + len(lines) * 44 - 8), fill=_ACCENT)
        for line in lines:
            draw.text((_MARGIN + 28, y), line, font=quote_font, fill=_SOFT)
            y += 44
    footer = _font(26, False)
    bottom = " · ".join(part for part in (card.speaker, card.site) if part)
    draw.text((_MARGIN, height - _MARGIN - 8), bottom, font=footer, fill=_SOFT)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".tmp")
    image.save(partial, format="PNG", optimize=True)
    partial.replace(path)


def _pillow() -> bool:
    try:
        import PIL  # noqa: F401 (optional dependency)
    except ImportError:
        return False
    return True


def _stem(pagename: str) -> str:
    return slugify(pagename.replace("/", "-")) or "post"


def card_image(app: Sphinx, pagename: str) -> str:
    """The card's path in the output folder (drawn if missing), ``""`` when there is none."""
    card = card_for(app, pagename)
    if card is None:
        return ""
    stem = _stem(pagename)
    name = f"{stem}-{card.fingerprint()}.png"
    folder = Path(app.builder.outdir, FOLDER)
    path = folder / name
    if not path.exists():
        # This page's older cards only: "intro-2-…" is not a card of "intro".
        for stale in folder.glob(f"{stem}-*.png"):
            match = _CARD_FILE.match(stale.name)
            if match and match["stem"] == stem:
                stale.unlink(missing_ok=True)
        draw_card(card, path)
    return f"{FOLDER}/{name}"


def remove_stale_cards(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: remove the cards of posts that are gone (or no longer drawn)."""
    folder = Path(app.builder.outdir, FOLDER)
    if exception is not None or not folder.is_dir():
        return
    wanted = set()
    if app.config.podcast_social_cards and app.config.html_baseurl:
        for pagename in get_domain(app.env).posts:
            card = card_for(app, pagename)
            if card is not None:
                wanted.add(f"{_stem(pagename)}-{card.fingerprint()}.png")
    for path in folder.glob("*.png"):
        if _CARD_FILE.match(path.name) and path.name not in wanted:
            path.unlink(missing_ok=True)


def add_social_card(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """``html-page-context``: draw the post's card and put its absolute URL in the context."""
    domain = get_domain(app.env)
    base = app.config.html_baseurl
    if doctree is None or not base or not domain.build.web_pages:
        return
    if not app.config.podcast_social_cards or not _pillow():
        return
    if "sphinxext.opengraph" in app.extensions:
        return  # it owns og:image (and has social cards of its own)
    image = card_image(app, pagename)
    if image:
        context["podcast_social_card"] = posixpath.join(base, image)
        context["podcast_social_card_alt"] = _("%s: the post's title and key quote") % (
            app.env.titles[pagename].astext() if pagename in app.env.titles else pagename
        )


def setup_social_cards(app: Sphinx) -> None:
    """Connect the card drawing (before the web metadata that uses it)."""
    app.connect("html-page-context", add_social_card, priority=890)
    app.connect("build-finished", remove_stale_cards)
