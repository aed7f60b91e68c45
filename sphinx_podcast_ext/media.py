"""URL safety, video-host recognition and timestamps.

Pure Python with no Sphinx imports, so the importer, the directives and the
property tests all share one definition of "a safe URL", "a YouTube video" and
"a timestamp".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import parse_qs, urlsplit, urlunsplit

__all__ = [
    "AUDIO_EXTENSIONS",
    "InvalidTimestamp",
    "UnsafeURL",
    "VideoLink",
    "format_timestamp",
    "is_audio_url",
    "parse_duration",
    "parse_timestamp",
    "recognize_video",
    "safe_url",
    "url_at_time",
    "youtube_embed_url",
]

#: The characters of a YouTube video id; ids are 11 characters long.
_YOUTUBE_ID = re.compile(r"[A-Za-z0-9_-]{11}")
_YOUTUBE_HOSTS = frozenset(
    {
        "youtube.com",
        "www.youtube.com",
        "m.youtube.com",
        "music.youtube.com",
        "youtube-nocookie.com",
        "www.youtube-nocookie.com",
    }
)
_YOUTU_BE_HOSTS = frozenset({"youtu.be", "www.youtu.be"})
#: Path prefixes under which the next path segment is the video id.
_YOUTUBE_ID_PATHS = ("shorts", "embed", "live", "v", "e")
_CONTROL_OR_SPACE = re.compile(r"[\x00-\x20\x7f-\x9f\s]")
_HMS = re.compile(r"^(?:(?P<h>\d+)h)?(?:(?P<m>\d+)m)?(?:(?P<s>\d+)s?)?$")
_CLOCK = re.compile(r"^(?:(?P<h>\d+):)?(?P<m>\d+):(?P<s>\d\d)$")
#: File extensions of audio files a browser's ``<audio>`` element can play, by URL path.
AUDIO_EXTENSIONS = frozenset({".mp3", ".m4a", ".aac", ".ogg", ".oga", ".opus", ".wav", ".flac"})
#: Longer than any podcast; a guard against absurd inputs such as 10**100 seconds.
MAX_SECONDS = 100 * 3600


class UnsafeURL(ValueError):
    """A URL that is not an absolute http(s) URL, or that could be misread."""


class InvalidTimestamp(ValueError):
    """A timestamp that is not ``H:MM:SS``, ``M:SS`` or a number of seconds."""


@dataclass(frozen=True, slots=True)
class VideoLink:
    """What a video URL points at.

    ``video_id`` is set for YouTube URLs only; ``start`` is the start time in
    seconds taken from the URL (``t=95s``, ``start=95``, ``#t=95``), if any.
    """

    url: str
    host: str
    video_id: str | None = None
    start: int | None = None

    @property
    def is_youtube(self) -> bool:
        """Whether the URL is a recognized YouTube video."""
        return self.video_id is not None


def safe_url(value: str) -> str:
    """Return *value* as an absolute http(s) URL, or raise :class:`UnsafeURL`.

    Surrounding whitespace is removed; whitespace or control characters
    inside the URL, other schemes (``javascript:``, ``data:``, …), scheme-relative
    ``//host`` URLs and URLs without a host are rejected, since browsers
    and readers would each interpret them differently.
    """
    if not isinstance(value, str):
        raise UnsafeURL(f"expected a URL, got {type(value).__name__}")
    return _safe_text_url(value)


# An episode's URL is checked at every step that shows it (record, card, player,
# time links, listings): the same few strings, many times per page.
@lru_cache(maxsize=4096)
def _safe_text_url(value: str) -> str:
    candidate = value.strip()
    if not candidate:
        raise UnsafeURL("the URL is empty")
    if _CONTROL_OR_SPACE.search(candidate):
        raise UnsafeURL(f"the URL contains whitespace or control characters: {candidate!r}")
    if "\\" in candidate:
        # Browsers read a backslash as "/" in http(s) URLs and urlsplit does not,
        # so for "https://evil.example\\@youtube.com/" they disagree on the host.
        raise UnsafeURL(f"the URL contains a backslash: {candidate!r}")
    try:
        parts = urlsplit(candidate)
        parts.port  # noqa: B018 - raises ValueError for a malformed port
    except ValueError as exc:
        raise UnsafeURL(f"the URL cannot be parsed: {candidate!r} ({exc})") from exc
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        shown = f"{scheme}:" if scheme else "no scheme"
        raise UnsafeURL(f"only http and https URLs are allowed, not {shown} ({candidate!r})")
    if not parts.hostname:
        raise UnsafeURL(f"the URL has no host: {candidate!r}")
    return urlunsplit(parts._replace(scheme=scheme))


def recognize_video(url: str) -> VideoLink:
    """Recognize a (safe) episode URL; YouTube URLs yield their id and start.

    Raises :class:`UnsafeURL` for URLs that :func:`safe_url` rejects.
    """
    return _recognize_video(safe_url(url))


@lru_cache(maxsize=4096)
def _recognize_video(url: str) -> VideoLink:
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    query = parse_qs(parts.query)
    video_id: str | None = None
    if host in _YOUTU_BE_HOSTS:
        video_id = _first_segment(parts.path)
    elif host in _YOUTUBE_HOSTS:
        segments = [s for s in parts.path.split("/") if s]
        if segments[:1] == ["watch"]:
            ids = query.get("v")
            video_id = ids[0] if ids else None
        elif len(segments) >= 2 and segments[0] in _YOUTUBE_ID_PATHS:
            video_id = segments[1]
    if video_id is not None and not _YOUTUBE_ID.fullmatch(video_id):
        video_id = None
    start = _start_from_url(query, parts.fragment) if video_id else _fragment_start(parts.fragment)
    return VideoLink(url=url, host=host, video_id=video_id, start=start)


def is_audio_url(url: str) -> bool:
    """Whether *url* (a safe http(s) URL) points at an audio file, by its path's extension.

    Only the path counts (``/ep1.mp3?dl=1`` is audio, ``/play?file=ep1.mp3`` is not):
    platform and player pages (Spotify, Apple Podcasts, Buzzsprout …) are web pages
    that stay links. Unsafe URLs are never audio.
    """
    try:
        path = urlsplit(safe_url(url)).path
    except UnsafeURL:
        return False
    name = path.rsplit("/", 1)[-1].lower()
    dot = name.rfind(".")
    return dot > 0 and name[dot:] in AUDIO_EXTENSIONS


def _first_segment(path: str) -> str | None:
    segments = [s for s in path.split("/") if s]
    return segments[0] if segments else None


def _start_from_url(query: dict[str, list[str]], fragment: str) -> int | None:
    for key in ("t", "start", "time_continue"):
        for value in query.get(key, []):
            seconds = _lenient_seconds(value)
            if seconds is not None:
                return seconds
    return _fragment_start(fragment)


def _fragment_start(fragment: str) -> int | None:
    if fragment.startswith("t="):
        # Media fragments allow "t=95" and "t=95,120"; only the start matters.
        return _lenient_seconds(fragment[2:].split(",")[0])
    return None


def _lenient_seconds(value: str) -> int | None:
    try:
        return parse_timestamp(value)
    except InvalidTimestamp:
        return None


def parse_timestamp(value: str | int) -> int:
    """Parse a timestamp into seconds.

    Accepted: ``H:MM:SS`` (``1:02:33``), ``M:SS`` / ``MM:SS`` (``12:34``, minutes
    may exceed 59 without hours), plain seconds (``95``) and YouTube's
    ``1h2m33s`` / ``95s`` forms. Minutes (with hours) and seconds must be
    below 60. Raises :class:`InvalidTimestamp` otherwise.
    """
    if isinstance(value, bool):
        raise InvalidTimestamp(f"not a timestamp: {value!r}")
    if isinstance(value, int):
        seconds = value
    else:
        text = str(value).strip().lower()
        try:
            seconds = _parse_clock(text) if ":" in text else _parse_hms(text)
        except InvalidTimestamp:
            raise
        except ValueError as exc:  # int() refuses numbers of more than 4300 digits
            raise InvalidTimestamp(f"timestamp out of range: {value!r}") from exc
    if not 0 <= seconds <= MAX_SECONDS:
        raise InvalidTimestamp(f"timestamp out of range: {value!r}")
    return seconds


def _parse_clock(text: str) -> int:
    match = _CLOCK.match(text)
    if not match:
        raise InvalidTimestamp(f"expected H:MM:SS or M:SS, got {text!r}")
    hours = int(match["h"]) if match["h"] is not None else None
    minutes, seconds = int(match["m"]), int(match["s"])
    if seconds >= 60 or (hours is not None and (minutes >= 60 or len(match["m"]) != 2)):
        raise InvalidTimestamp(f"minutes and seconds must be below 60: {text!r}")
    return (hours or 0) * 3600 + minutes * 60 + seconds


def _parse_hms(text: str) -> int:
    match = _HMS.match(text)
    if not text or not match or not any(match.groupdict().values()):
        raise InvalidTimestamp(f"expected H:MM:SS, M:SS or seconds, got {text!r}")
    parts = {k: int(v) if v else 0 for k, v in match.groupdict().items()}
    return parts["h"] * 3600 + parts["m"] * 60 + parts["s"]


def format_timestamp(seconds: int) -> str:
    """Format seconds as ``H:MM:SS`` when an hour or longer, else ``M:SS``."""
    hours, rest = divmod(int(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def parse_duration(value: str) -> int:
    """Parse an episode duration (``1:23:45``, ``83:20``, ``95m``, ``5025``) into seconds."""
    return parse_timestamp(value)


def url_at_time(link: VideoLink, seconds: int | None) -> str:
    """A URL that opens the episode *seconds* in.

    YouTube gets its canonical ``watch?v=…&t=…s`` form; other hosts get a
    ``#t=…`` media fragment (replacing any fragment the URL had).
    """
    if link.video_id:
        base = f"https://www.youtube.com/watch?v={link.video_id}"
        return f"{base}&t={seconds}s" if seconds else base
    if not seconds:
        return link.url
    return urlunsplit(urlsplit(link.url)._replace(fragment=f"t={seconds}"))


def youtube_embed_url(video_id: str, start: int | None = None) -> str:
    """The privacy-enhanced (youtube-nocookie.com) player URL for a video."""
    url = f"https://www.youtube-nocookie.com/embed/{video_id}?autoplay=1"
    return f"{url}&start={start}" if start else url
