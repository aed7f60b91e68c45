"""The page's episode: the front matter's fields first, then the body's players and
episode link, then guests and show from the title; validated as the extension
validates it. A field the extension would refuse is dropped with a note, and the
key it came from goes back under ``legacy:``, unchanged.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from ...metadata import episode_from_mapping
from ..legacy import LegacyPost
from ..people import guess_people
from ..report import Reporter
from ..syntax import Embed
from .model import Prepared

__all__ = ["EPISODE_ORDER", "gather_episode"]

#: The order of the episode mapping's fields on the page.
EPISODE_ORDER = (
    "url", "title", "show", "guest", "host", "date", "duration", "start", "image",
    "youtube", "spotify", "apple", "rss", "website",
)  # fmt: skip
_PLATFORM_HOSTS = {
    "youtube": ("youtube.com", "youtu.be", "youtube-nocookie.com"),
    "spotify": ("spotify.com",),
    "apple": ("podcasts.apple.com",),
}


def gather_episode(item: Prepared, reporter: Reporter) -> dict[str, Any]:
    """The episode: front matter first, then players and links of the body; validated."""
    post = item.post
    fields = dict(post.episode)
    sources = dict(post.episode_sources)
    for index, embed in enumerate(item.syntax.embeds):
        if embed.url is not None and _use_embed(fields, sources, embed):
            item.used_embeds.add(index)
    if item.converted.episode_url:
        _offer_url(fields, sources, item.converted.episode_url, "body link")
    if fields.get("url"):
        for key, value in guess_people(post.title).items():
            if key not in fields:
                fields[key] = value
                sources[key] = "title"
    return _validated(fields, sources, item, reporter)


def _use_embed(fields: dict[str, Any], sources: dict[str, str], embed: Embed) -> bool:
    assert embed.url is not None
    if not fields.get("url"):
        fields["url"] = embed.url
        sources["url"] = embed.what
        if embed.start:
            fields.setdefault("start", str(embed.start))
            sources.setdefault("start", embed.what)
        return True
    return _offer_url(fields, sources, embed.url, embed.what)


def _offer_url(fields: dict[str, Any], sources: dict[str, str], url: str, what: str) -> bool:
    """Use *url* as the episode, or as its platform link; ``False`` if it fits neither."""
    if not fields.get("url"):
        fields["url"], sources["url"] = url, what
        return True
    if any(isinstance(value, str) and _same_media(value, url) for value in fields.values()):
        return True
    host = (urlsplit(url).hostname or "").lower()
    for platform, hosts in _PLATFORM_HOSTS.items():
        if any(host == h or host.endswith("." + h) for h in hosts) and platform not in fields:
            fields[platform], sources[platform] = url, what
            return True
    return False


def _same_media(first: str, second: str) -> bool:
    def key(url: str) -> str:
        parts = urlsplit(url)
        return f"{(parts.hostname or '').removeprefix('www.')}{parts.path.rstrip('/')}"

    return key(first) == key(second)


def _validated(
    fields: dict[str, Any], sources: dict[str, str], item: Prepared, reporter: Reporter
) -> dict[str, Any]:
    """Drop fields the extension would refuse (with a note; their keys stay under legacy)."""
    if not fields.get("url"):
        for name in fields:
            _restore(item.post, sources.get(name, ""))
        if fields:
            reporter.diagnostic(
                str(item.source),
                None,
                "note",
                "episode details without an episode address are kept under legacy",
            )
        return {}
    _episode, problems = episode_from_mapping(fields)
    for problem in problems:
        if problem.key in fields and problem.key != "url":
            reporter.diagnostic(
                str(item.source),
                item.post.key_lines.get(sources.get(problem.key, ""), None),
                "note",
                f"episode {problem.key} dropped ({problem.message}); kept under legacy",
            )
            del fields[problem.key]
            _restore(item.post, sources.get(problem.key, ""))
    return {name: fields[name] for name in EPISODE_ORDER if name in fields}


def _restore(post: LegacyPost, source_path: str) -> None:
    """Put a front-matter key the episode could not use back under legacy, unchanged."""
    if not source_path or source_path in ("title", "body link") or source_path.startswith("<"):
        return
    top, _dot, rest = source_path.partition(".")
    if top not in post.meta:
        return
    if not rest:
        post.legacy.setdefault(top, post.meta[top])
        return
    original = post.meta[top]
    if isinstance(original, dict) and rest in original:
        kept = post.legacy.setdefault(top, {})
        if isinstance(kept, dict):
            kept.setdefault(rest, original[rest])
