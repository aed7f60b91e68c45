"""The episode: the "Watch the podcast here!" link, and guest/show guessed from the title."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..media import UnsafeURL, recognize_video
from .links import find_links

__all__ = ["WatchLink", "find_watch_link", "guess_people"]

_CUE_WORDS = frozenset({"watch", "listen", "view", "see", "hear", "check", "stream", "full"})
_INTENT = re.compile(r"\b(watch|listen|podcast|episode|video|interview|conversation|full)\b", re.I)
_WORD = re.compile(r"\w+")
_MAX_CUE_WORDS = 12
_ROLE_TITLE = re.compile(r"^(?P<guest>[^()|:]+?)\s*\((?P<role>[^()]+)\)\s*[-\u2013\u2014:|]\s*\S")
_SHOW_TITLE = re.compile(
    r"^(?P<guest>[^:|()]+?)\s*:\s*(?P<topic>[^|]+?)\s*\|\s*(?P<show>[^|]*?)\s*"
    r"\b(?:E|Ep\.?\s*|Episode\s+)#?(?P<number>\d+)\s*$",
    re.I,
)
_GUESTS_SPLIT = re.compile(r"\s*(?:&|,|\band\b)\s*")
_PARTICLES = frozenset(
    {"de", "da", "di", "van", "von", "der", "den", "del", "du", "la", "le", "bin", "al", "el"}
)


@dataclass(frozen=True, slots=True)
class WatchLink:
    """A paragraph that is only a link to the episode: its URL, or why it was not taken."""

    url: str | None
    problem: str = ""


def find_watch_link(text: str) -> WatchLink | None:
    """Recognize a paragraph that is just the episode link; ``None`` if it is not one.

    The paragraph must hold exactly one link and, around it, at most a short
    cue such as "Watch the full episode:". YouTube links need nothing else; links
    to other hosts need a cue ("watch", "listen", "episode" …) in or around the link.
    """
    links = find_links(text)
    if len(links) != 1:
        return None
    link = links[0]
    around = _WORD.findall(text[: link.start] + " " + text[link.end :])
    if around and (around[0].lower() not in _CUE_WORDS or len(around) > _MAX_CUE_WORDS):
        return None
    try:
        video = recognize_video(link.url)
    except UnsafeURL as exc:
        if _INTENT.search(link.text + " " + " ".join(around)):
            return WatchLink(None, f"episode link not converted: {exc}")
        return None
    if video.is_youtube or _INTENT.search(link.text + " " + " ".join(around)):
        return WatchLink(video.url)
    return None


def guess_people(title: str) -> dict[str, str]:
    """Guess ``guest`` and ``show`` from a title; only clear patterns count.

    ``Guest (Role) - Topic`` gives the guest; ``Guest: Topic | Show E123`` gives
    the guest and (when named) the show. Anything else gives nothing.
    """
    role_match = _ROLE_TITLE.match(title)
    if role_match:
        guests = _names(role_match["guest"])
        return {"guest": guests} if guests else {}
    show_match = _SHOW_TITLE.match(title)
    if show_match:
        guests = _names(show_match["guest"])
        if not guests:
            return {}
        found = {"guest": guests}
        show = show_match["show"].strip(" -\u2013\u2014,:")
        if show:
            found["show"] = show
        return found
    return {}


def _names(text: str) -> str:
    """Comma-separated guest names, or ``""`` if *text* does not look like names."""
    names = [name.strip() for name in _GUESTS_SPLIT.split(text.strip())]
    if not names or not all(_is_name(name) for name in names):
        return ""
    return ", ".join(names)


def _is_name(text: str) -> bool:
    words = text.split()
    if not 1 <= len(words) <= 5 or len(text) > 60 or any(c.isdigit() for c in text):
        return False
    return all(word[0].isupper() or word.lower() in _PARTICLES for word in words)
