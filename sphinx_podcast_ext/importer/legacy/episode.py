"""The episode from a post's front matter: an ``episode:`` mapping first (its audio
file, title and other fields), then top-level keys (audio, video, player pages,
platform links, show, guests and hosts, duration, start), by :mod:`.mapping`'s table.

A value that looks like media but is no http(s) address is noted and stays under
``legacy:``; so does whatever an ``episode:`` mapping holds that the schema does
not take.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..mapping import (
    AUDIO_SUFFIXES,
    EPISODE_AUDIO_KEYS,
    EpisodeFields,
    MappedKey,
    duration_text,
    find_keys,
    is_audio_url,
    media_url,
    normal_key,
    platform_url,
    split_names,
)
from .reading import Reading

__all__ = ["read_episode"]

_IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif", ".svg")
_PLATFORMS = ("youtube", "spotify", "apple", "rss", "website")


def read_episode(reading: Reading, base_url: str, *, image: bool) -> EpisodeFields:
    """Episode fields from an ``episode:`` mapping first, then from top-level keys.

    *image* takes the artwork as ``image`` (see :data:`.legacy.EPISODE_IMAGE`).
    """
    episode = EpisodeFields()
    entry = next(((k, v) for k, v in reading.data.items() if normal_key(k) == "episode"), None)
    if entry is not None:
        _episode_entry(reading, episode, entry[0], entry[1], base_url, image=image)
    _episode_keys(reading, episode, reading.data, "", base_url, image=image)
    return episode


def _episode_entry(
    reading: Reading,
    episode: EpisodeFields,
    key: str,
    value: Any,
    base_url: str,
    *,
    image: bool,
) -> None:
    if isinstance(value, str):
        url = media_url(value, base_url, AUDIO_SUFFIXES)
        if url is not None:
            episode.offer("url", url, key)
            reading.consumed.add(key)
        return
    if not isinstance(value, Mapping):
        return  # an episode number: kept under legacy
    inner = {str(k): v for k, v in value.items()}
    used: set[str] = set()
    for name in EPISODE_AUDIO_KEYS:
        for actual, inner_value in inner.items():
            if normal_key(actual) == name and "url" not in episode.fields:
                url = media_url(inner_value, base_url, AUDIO_SUFFIXES)
                if url is not None and episode.offer("url", url, f"{key}.{actual}"):
                    used.add(actual)
                elif url is None and inner_value:
                    reading.notes.append(_unusable(reading, f"{key}.{actual}", inner_value))
    for actual, inner_value in inner.items():
        title = inner_value.strip() if isinstance(inner_value, str) else None
        if normal_key(actual) == "title" and episode.offer("title", title, f"{key}.{actual}"):
            used.add(actual)
    used |= _episode_keys(reading, episode, inner, f"{key}.", base_url, image=image, consume=False)
    rest = {k: v for k, v in value.items() if str(k) not in used}
    reading.consumed.add(key)
    if rest:
        reading.data[key] = rest  # what the schema did not take stays under legacy
        reading.consumed.discard(key)


def _episode_keys(
    reading: Reading,
    episode: EpisodeFields,
    data: Mapping[str, Any],
    prefix: str,
    base_url: str,
    *,
    image: bool,
    consume: bool = True,
) -> set[str]:
    """Fill episode fields from *data*'s keys; return the keys used."""
    used: set[str] = set()

    def use(found: MappedKey, name: str, value: Any) -> None:
        if value is not None and episode.offer(name, value, found.path):
            used.add(found.key)
            if consume:
                reading.take(found)

    for target in ("audio", "video", "page"):
        for found in find_keys(data, target, prefix):
            suffixes = AUDIO_SUFFIXES if target == "audio" else ()
            url = media_url(found.value, base_url, suffixes)
            if target == "page" and url is not None and is_audio_url(url):
                target_name = "url"
            elif target == "video" and url is not None and "url" in episode.fields:
                use(found, "youtube", url if "youtu" in url else None)
                continue
            else:
                target_name = "url"
            if url is None:
                if target == "audio" and _looks_like_media(found.value):
                    reading.notes.append(_unusable(reading, found.path, found.value))
                continue
            use(found, target_name, url)
    for name in _PLATFORMS:
        if name == "youtube":
            continue
        for found in find_keys(data, name, prefix):
            use(found, name, platform_url(found.value))
    for name in ("show", "guest", "host"):
        for found in find_keys(data, name, prefix):
            if name == "show" and isinstance(found.value, str) and "://" in found.value:
                continue
            names = split_names(found.value)
            if name == "show":
                names = names[:1]
            use(found, name, ", ".join(names) if names else None)
    for found in find_keys(data, "duration", prefix):
        use(found, "duration", duration_text(found.value))
    for found in find_keys(data, "start", prefix):
        use(
            found, "start", str(found.value).strip() if isinstance(found.value, str | int) else None
        )
    for found in find_keys(data, "episode_title", prefix):
        use(found, "title", found.value.strip() if isinstance(found.value, str) else None)
    if image:
        for found in find_keys(data, "image", prefix):
            use(found, "image", media_url(found.value, base_url, _IMAGE_SUFFIXES))
    return used


def _looks_like_media(value: Any) -> bool:
    if not isinstance(value, str | Mapping | list):
        return False
    text = value if isinstance(value, str) else str(value)
    return any(suffix in text.lower() for suffix in AUDIO_SUFFIXES) or "://" in text


def _unusable(reading: Reading, path: str, value: Any) -> tuple[int | None, str]:
    shown = value if isinstance(value, str) else repr(value)
    return (
        reading.line(path),
        f"{path}: {shown!r} is not an http(s) address"
        + (" (a site-relative path needs --base-url)" if "://" not in str(value) else "")
        + "; kept under legacy",
    )
