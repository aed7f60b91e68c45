"""Players in a body: ``<iframe>``, ``<script src>``, ``<audio>``, ``<video>`` and the
players that shortcodes and Liquid tags name, as :class:`.Embed` records.

A player leaves the body (the episode card shows it): it is recorded with the
page or media URL behind it (:func:`embed_url`) and leaves a token. An embedded
page that is no player becomes a link; a widget loader (``<script src>`` of no
player host) goes; an empty player container goes; a ``<button>`` becomes its text.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from urllib.parse import parse_qs, unquote, urlsplit, urlunsplit

from ...media import UnsafeURL, recognize_video
from .context import Context, Embed, add_embed, substitute
from .markup import attributes

__all__ = ["embed", "embed_url", "players"]

_PLAYER = re.compile(
    r"<(?P<tag>iframe|audio|video|script|object|embed)\b(?P<attrs>[^>]*)>(?P<inner>.*?)</(?P=tag)\s*>"
    r"|<(?P<lone>iframe|embed|source|audio|video)\b(?P<lone_attrs>[^>]*?)/?>",
    re.I | re.S,
)
_CONTAINER = re.compile(
    r"<div\b[^>]*\bid=[\"'][\w-]*(?:player|podcast|buzzsprout|embed)[\w-]*[\"'][^>]*>\s*</div\s*>",
    re.I,
)
_BUTTON = re.compile(r"<button\b[^>]*>(?P<text>.*?)</button\s*>", re.I | re.S)
_PLAYER_HOSTS = (
    "youtube.com", "youtube-nocookie.com", "youtu.be", "spotify.com", "podcasts.apple.com",
    "buzzsprout.com", "libsyn.com", "soundcloud.com", "anchor.fm", "simplecast.com",
    "captivate.fm", "transistor.fm", "podbean.com", "megaphone.fm", "vimeo.com",
)  # fmt: skip


def embed_url(src: str) -> tuple[str | None, int | None]:
    """The page or media URL behind a player's ``src``, and its start time.

    YouTube players give the watch URL, Spotify and Apple players the episode
    page, SoundCloud players their track, Anchor players the episode page; other
    hosts (Buzzsprout, Libsyn, …) keep the player's address without its query.
    """
    src = html.unescape(src.strip())
    if src.startswith("//"):
        src = "https:" + src
    try:
        link = recognize_video(src)
    except UnsafeURL:
        return None, None
    parts = urlsplit(link.url)
    host = (parts.hostname or "").lower()
    query = parse_qs(parts.query)
    if link.video_id:
        at = f"&t={link.start}s" if link.start else ""
        return f"https://www.youtube.com/watch?v={link.video_id}{at}", link.start
    if host == "open.spotify.com" and "/embed" in parts.path:
        path = parts.path.replace("/embed-podcast", "").replace("/embed", "")
        return urlunsplit(("https", host, path, "", "")), None
    if host == "embed.podcasts.apple.com":
        return urlunsplit(("https", "podcasts.apple.com", parts.path, parts.query, "")), None
    if host == "w.soundcloud.com" and query.get("url"):
        return embed_url(unquote(query["url"][0]))[0], None
    if host.endswith(("anchor.fm", "podcasters.spotify.com", "creators.spotify.com")) and (
        "/embed/" in parts.path
    ):
        return urlunsplit(("https", host, parts.path.replace("/embed/", "/"), "", "")), None
    if host.endswith("buzzsprout.com"):
        path = parts.path.removesuffix(".js")
        return urlunsplit(("https", host, path, "", "")), None
    return link.url, link.start


def _is_player_host(url: str) -> bool:
    """Whether *url* is a podcast or video player (or an audio or video file)."""
    parts = urlsplit(url if "//" in url else "https://" + url)
    host = (parts.hostname or "").lower()
    media = parts.path.lower().endswith((".mp3", ".m4a", ".ogg", ".opus", ".wav", ".aac", ".mp4"))
    return media or any(host == h or host.endswith("." + h) for h in _PLAYER_HOSTS)


def players(text: str, lineno: int, context: Context) -> str:
    """HTML players, player containers and buttons (see the module docs)."""

    def replace(match: re.Match[str]) -> str:
        tag = (match["tag"] or match["lone"]).lower()
        attrs = attributes(match["attrs"] if match["tag"] else match["lone_attrs"])
        src = attrs.get("src") or attrs.get("data") or ""
        if not src and match["tag"]:
            inner_source = re.search(r"<source\b([^>]*)>", match["inner"] or "", re.I)
            src = attributes(inner_source[1]).get("src", "") if inner_source else ""
        if tag == "script" and not src:
            return match[0]  # inline code, not a player: the sanitizer shows it as text
        if tag == "script" and not _is_player_host(src):
            # A widget loader (Twitter, analytics): it shows nothing itself.
            context.note(f"a <script src={src!r}> (not a player) was removed")
            return ""
        url, start = embed_url(src) if src else (None, None)
        if url is not None and tag in ("iframe", "embed", "object") and not _is_player_host(url):
            context.note(f"an embedded page ({url}) is shown as a link")
            return f"[{url}]({url})"
        return add_embed(context, Embed(url, context.line, f"<{tag}>", start))

    text = substitute(_PLAYER, text, lineno, context, replace)
    text = substitute(_CONTAINER, text, lineno, context, lambda m: "")
    return substitute(_BUTTON, text, lineno, context, _button(context))


def _button(context: Context) -> Callable[[re.Match[str]], str]:
    def replace(match: re.Match[str]) -> str:
        context.note("a <button> (it did nothing without the old site's script) is shown as text")
        return re.sub(r"<[^>]+>", "", match["text"]).strip()

    return replace


def embed(context: Context, url: str | None, what: str, start: str | None = None) -> str:
    """Record the player a shortcode or tag names (*start* in seconds, if given)."""
    if url and start and start.isdigit() and "youtu" in url:
        url = f"{url}{'&' if '?' in url else '?'}t={start}s"
    resolved, seconds = embed_url(url) if url else (None, None)
    return add_embed(context, Embed(resolved, context.line, what, seconds))
