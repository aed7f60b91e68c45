"""The post front-matter schema: raw metadata in, validated records out.

Pure Python with no Sphinx imports. Values may arrive as YAML types (the
importer) or as strings (Sphinx's ``env.metadata``, where MyST stores lists and
mappings as JSON text); both are accepted. Validation never raises: it returns
the record it could build together with a list of :class:`Problem` objects,
and keeps the author's text wherever a value is unusable, so nothing is lost.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .media import (
    InvalidTimestamp,
    UnsafeURL,
    is_audio_url,
    parse_duration,
    parse_timestamp,
    recognize_video,
    safe_url,
)

__all__ = [
    "EMBED_MODES",
    "EPISODE_TEXT_FIELDS",
    "PLATFORMS",
    "POST_FIELDS",
    "Episode",
    "Post",
    "Problem",
    "episode_from_mapping",
    "parse_date",
    "post_from_metadata",
    "split_list",
]

#: How an episode's player is shown: a link only, a click-to-load player, or nothing.
EMBED_MODES = ("link", "click", "none")
#: Platform link options, in display order, with their labels.
PLATFORMS: dict[str, str] = {
    "youtube": "YouTube",
    "spotify": "Spotify",
    "apple": "Apple Podcasts",
    "rss": "RSS",
    "website": "Website",
}
#: Plain-text episode fields.
EPISODE_TEXT_FIELDS = ("title", "show", "host", "id")
#: Every key the ``episode`` mapping (and the directive) understands.
EPISODE_FIELDS = (
    "url",
    *EPISODE_TEXT_FIELDS,
    "guest",
    "date",
    "duration",
    "start",
    "embed",
    "image",
    *PLATFORMS,
)
#: The top-level front-matter keys the extension reads; others are kept untouched.
POST_FIELDS = ("title", "date", "tags", "description", "slug", "legacy_slug", "episode")
#: Anything longer is cut in records (never in the page itself) to keep the environment small.
MAX_TEXT = 2000


@dataclass(frozen=True, slots=True)
class Problem:
    """One invalid value: ``key`` is a dotted path such as ``episode.url``."""

    key: str
    message: str
    line: int | None = None
    """The source line, when the problem knows it better than its key does."""


@dataclass(frozen=True, slots=True)
class Episode:
    """A validated episode: what the ``episode`` directive or front matter describes."""

    url: str | None = None
    raw_url: str = ""
    video_id: str | None = None
    start: int | None = None
    embed: str = "link"
    title: str = ""
    show: str = ""
    guests: tuple[str, ...] = ()
    host: str = ""
    date: dt.date | None = None
    date_text: str = ""
    duration: int | None = None
    duration_text: str = ""
    platforms: tuple[tuple[str, str], ...] = ()
    id: str = ""
    image: str = ""
    """The episode's artwork or poster (a safe http(s) URL), ``""`` when none is given."""
    audio: bool = False
    """Whether :attr:`url` is an audio file (``.mp3`` …) that an ``<audio>`` element plays."""


@dataclass(frozen=True, slots=True)
class Post:
    """A post's front matter after validation."""

    title: str = ""
    date: dt.date | None = None
    date_text: str = ""
    tags: tuple[str, ...] = ()
    description: str = ""
    slug: str = ""
    legacy_slug: str = ""
    episode: Episode | None = None
    extra: tuple[tuple[str, str], ...] = field(default=())

    @property
    def is_post(self) -> bool:
        """A document is a post when its front matter carries a date or an episode."""
        return bool(self.date_text) or self.episode is not None


def post_from_metadata(
    metadata: Mapping[str, Any], default_embed: str = "link"
) -> tuple[Post, list[Problem]]:
    """Validate a document's metadata against the post schema.

    *default_embed* is the embed mode of a front-matter episode that sets none.
    """
    problems: list[Problem] = []
    data = {str(k).strip().lower(): v for k, v in metadata.items()}
    title = _text(data.get("title"), "title", problems)
    date, date_text = _date_field(data.get("date"), "date", problems)
    tags = _tags(data.get("tags"), problems)
    episode = None
    if "episode" in data:
        raw = _maybe_json(data["episode"])
        if isinstance(raw, Mapping):
            episode, episode_problems = episode_from_mapping(raw, default_embed)
            problems.extend(
                Problem(f"episode.{p.key}", p.message, p.line) for p in episode_problems
            )
        elif isinstance(raw, str) and raw.strip():
            episode, episode_problems = episode_from_mapping({"url": raw}, default_embed)
            problems.extend(
                Problem(f"episode.{p.key}", p.message, p.line) for p in episode_problems
            )
        else:
            problems.append(
                Problem("episode", "must be a mapping of episode fields or an episode URL")
            )
    post = Post(
        title=title,
        date=date,
        date_text=date_text,
        tags=tags,
        description=_text(data.get("description"), "description", problems),
        slug=_text(data.get("slug"), "slug", problems),
        legacy_slug=_text(data.get("legacy_slug"), "legacy_slug", problems),
        episode=episode,
    )
    return post, problems


def episode_from_mapping(
    options: Mapping[str, Any], default_embed: str = "link"
) -> tuple[Episode, list[Problem]]:
    """Validate episode fields (front-matter mapping or directive options).

    *default_embed* applies when no ``embed`` is given; a default of ``click``
    quietly becomes ``link`` for hosts that have no embeddable player.
    """
    problems: list[Problem] = []
    data = {str(k).strip().lower(): v for k, v in options.items()}
    for key in data:
        if key not in EPISODE_FIELDS:
            known = ", ".join(EPISODE_FIELDS)
            problems.append(Problem(key, f"unknown episode field (known: {known})"))
    full_url = _text(data.get("url"), "url", problems, limit=None)
    raw_url = _clip(full_url)
    url = video_id = start = None
    if full_url:
        try:
            link = recognize_video(_unclipped_url(full_url))
        except UnsafeURL as exc:
            problems.append(Problem("url", str(exc)))
        else:
            url, video_id, start = link.url, link.video_id, link.start
    else:
        problems.append(Problem("url", "an episode needs a URL (http or https)"))
    if data.get("start") not in (None, ""):
        start = _seconds(data["start"], "start", problems, parse_timestamp)
    explicit_embed = _text(data.get("embed"), "embed", problems).lower()
    embed = explicit_embed or default_embed
    if embed not in EMBED_MODES:
        problems.append(
            Problem("embed", f"unknown embed mode {embed!r}; use one of {', '.join(EMBED_MODES)}")
        )
        embed = "link"
    if embed == "click" and url and not video_id:
        if explicit_embed:
            problems.append(
                Problem(
                    "embed", "a click-to-load player needs a YouTube URL; showing a link instead"
                )
            )
        embed = "link"
    date, date_text = _date_field(data.get("date"), "date", problems)
    duration_text = _text(data.get("duration"), "duration", problems)
    duration = (
        _seconds(duration_text, "duration", problems, parse_duration) if duration_text else None
    )
    episode = Episode(
        url=url,
        raw_url=raw_url,
        video_id=video_id,
        start=start,
        embed=embed,
        title=_text(data.get("title"), "title", problems),
        show=_text(data.get("show"), "show", problems),
        guests=split_list(_maybe_json(data.get("guest"))),
        host=_text(data.get("host"), "host", problems),
        date=date,
        date_text=date_text,
        duration=duration,
        duration_text=duration_text,
        platforms=_platforms(data, problems),
        id=_text(data.get("id"), "id", problems),
        image=_image(data.get("image"), problems),
        audio=bool(url and not video_id and is_audio_url(url)),
    )
    return episode, problems


def _image(value: Any, problems: list[Problem]) -> str:
    """The artwork URL, or ``""`` (with a problem) when it is not a safe http(s) URL."""
    text = _text(value, "image", problems, limit=None)
    if not text:
        return ""
    try:
        return safe_url(_unclipped_url(text))
    except UnsafeURL as exc:
        problems.append(Problem("image", str(exc)))
        return ""


def _platforms(data: Mapping[str, Any], problems: list[Problem]) -> tuple[tuple[str, str], ...]:
    links = []
    for name in PLATFORMS:
        value = _text(data.get(name), name, problems, limit=None)
        if not value:
            continue
        try:
            links.append((name, safe_url(_unclipped_url(value))))
        except UnsafeURL as exc:
            problems.append(Problem(name, str(exc)))
    return tuple(links)


def _seconds(value: Any, key: str, problems: list[Problem], parse: Any) -> int | None:
    try:
        return int(parse(value if isinstance(value, int) else str(value)))
    except InvalidTimestamp as exc:
        problems.append(Problem(key, str(exc)))
        return None


def parse_date(value: Any) -> dt.date:
    """Parse an ISO date (``2024-05-15``, or a datetime); raise ``ValueError`` otherwise."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return dt.datetime.fromisoformat(text).date()


def _date_field(value: Any, key: str, problems: list[Problem]) -> tuple[dt.date | None, str]:
    if value in (None, ""):
        return None, ""
    text = value.isoformat() if isinstance(value, dt.date) else _clip(str(value).strip())
    try:
        return parse_date(value), text
    except ValueError:
        problems.append(Problem(key, f"{text!r} is not a date; write it as YYYY-MM-DD"))
        return None, text


def _tags(value: Any, problems: list[Problem]) -> tuple[str, ...]:
    value = _maybe_json(value)
    if value is None:
        return ()
    if not isinstance(value, str | list | tuple):
        problems.append(Problem("tags", f"tags must be a list of words, not {value!r}"))
    return split_list(value)


def split_list(value: Any) -> tuple[str, ...]:
    """Read a list given as a sequence or as comma-separated text; drop empties and repeats."""
    if value is None:
        return ()
    items: Iterable[Any] = value if isinstance(value, list | tuple) else str(value).split(",")
    seen: dict[str, None] = {}
    for item in items:
        text = _clip(str(item).strip()) if item is not None else ""
        if text:
            seen.setdefault(text)
    return tuple(seen)


def _text(value: Any, key: str, problems: list[Problem], limit: int | None = MAX_TEXT) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple | dict):
        problems.append(Problem(key, f"expected text, got a {type(value).__name__}"))
        return _clip(
            ", ".join(str(v) for v in (value.values() if isinstance(value, dict) else value)),
            limit,
        )
    return _clip(str(value).strip(), limit)


def _clip(text: str, limit: int | None = MAX_TEXT) -> str:
    return text if limit is None or len(text) <= limit else text[: limit - 1] + "…"


def _unclipped_url(text: str) -> str:
    """A URL too long to keep in records is refused rather than cut into another URL."""
    if len(text) > MAX_TEXT:
        raise UnsafeURL(f"the URL is longer than {MAX_TEXT} characters")
    return text


def _maybe_json(value: Any) -> Any:
    """MyST stores list and mapping front-matter values as JSON text; decode those."""
    if isinstance(value, str) and value[:1] in "[{":
        try:
            return json.loads(value)
        except (ValueError, RecursionError):
            return value
    return value
