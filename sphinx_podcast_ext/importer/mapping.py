"""From the front-matter keys of Jekyll, Hugo, Astro, Eleventy, Obsidian and AI-summary
tools to the extension's schema, by one table.

Keys are compared without case, ``-``, ``_`` or spaces (``pubDate``, ``pub_date``
and ``PubDate`` are one key). :data:`KEYS` lists, for each field of the schema,
the source keys that fill it, best first; the first usable one wins. Every key
the table does not consume is kept, unchanged, under ``legacy:``, which neither
Sphinx nor ablog reads. The table is documented in ``docs/import.md``.
"""

# ruff: noqa: RUF001  (non-ASCII dashes, quotes and letters are data)

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, urljoin, urlsplit

from ..media import UnsafeURL, recognize_video, safe_url

__all__ = [
    "AUDIO_SUFFIXES",
    "KEYS",
    "EpisodeFields",
    "MappedKey",
    "is_audio_url",
    "media_url",
    "normal_key",
    "split_names",
]

#: Schema field -> source keys (normalized: lowercase, no ``-``/``_``/spaces), best first.
KEYS: dict[str, tuple[str, ...]] = {
    "title": ("title",),
    "date": (
        "date", "pubdate", "published", "publishedat", "publishdate", "publicationdate",
        "datepublished", "releasedate", "airdate", "episodedate", "datum", "created",
        "createdat",
    ),
    "tags": ("tags", "tag", "keywords"),
    "description": ("description", "desc", "summary", "excerpt", "subtitle", "abstract", "teaser"),
    "content": ("shownotes", "notes", "content", "body", "longdescription"),
    "slug": ("slug",),
    "legacy_slug": ("legacyslug", "permalink", "url"),
    "quotes": ("keyquote", "keyquotes", "quotes", "quote", "pullquote", "notablequotes"),
    "audio": (
        "audio", "audiourl", "audiofile", "audiosrc", "mp3", "mp3url", "mp3file", "file",
        "podcastfile", "podcastlink", "podcasturl", "podcast", "enclosure", "enclosureurl",
        "media", "mediaurl", "sound",
    ),
    "video": ("youtube", "youtubeurl", "youtubeid", "youtubelink", "video", "videourl", "vimeo"),
    "page": ("episodeurl", "player", "playerurl", "source", "link"),
    "spotify": ("spotify", "spotifyurl", "spotifylink"),
    "apple": ("apple", "applepodcasts", "applepodcast", "applepodcasturl", "applepodcastsurl",
              "itunes", "itunesurl"),
    "rss": ("rss", "feed", "rssfeed", "feedurl"),
    "website": ("website", "webpage"),
    "show": ("show", "series", "podcasttitle", "podcastname", "showname", "program", "podcast"),
    "guest": ("guest", "guests", "people", "interviewee", "interviewees", "speakers", "featuring"),
    "host": ("host", "hosts", "hostedby", "presenter", "presenters"),
    "duration": ("duration", "podcastduration", "itunesduration", "durationseconds", "runtime",
                 "length"),
    "start": ("start", "starttime", "startat"),
    "episode_title": ("episodetitle",),
    "image": (
        "image", "cover", "coverimage", "coverimageurl", "imageurl", "thumbnail", "poster",
        "artwork", "episodeimage", "episodecover", "img", "featuredimage", "heroimage",
        "ogimage", "images",
    ),
}  # fmt: skip
#: Inside an ``episode:`` mapping, these keys also name the audio file.
EPISODE_AUDIO_KEYS = ("url", "filename", "audio", "file", "enclosure", "mp3")
#: Audio file endings: a URL ending so is an audio file, not a page.
AUDIO_SUFFIXES = (".mp3", ".m4a", ".ogg", ".oga", ".opus", ".wav", ".aac", ".flac")
_YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")
_WIKILINK = re.compile(r"^\[\[(?P<target>[^\]|#]+)(?:#[^\]|]*)?(?:\|(?P<alias>[^\]]+))?\]\]$")
_NAMES_SPLIT = re.compile(r"\s*(?:,|;|&|\band\b|\be\b|\bet\b|\bund\b|\by\b|\bи\b|、|，)\s*")
_DURATION = re.compile(r"^\d{1,3}(?::\d{2}){1,2}(?:\.\d+)?$")


def normal_key(key: Any) -> str:
    """A key as the table compares it: lowercase, without ``-``, ``_`` and spaces."""
    return re.sub(r"[-_\s]", "", str(key).lower())


@dataclass(frozen=True, slots=True)
class MappedKey:
    """A source key found for a schema field: the key as written, its value, its dotted path."""

    key: str
    value: Any
    path: str


def find_keys(data: Mapping[str, Any], target: str, prefix: str = "") -> Iterator[MappedKey]:
    """The keys of *data* that can fill *target*, in the table's order."""
    by_normal: dict[str, str] = {}
    for key in data:
        by_normal.setdefault(normal_key(key), str(key))
    for name in KEYS[target]:
        if name in by_normal:
            key = by_normal[name]
            yield MappedKey(key, data[key], f"{prefix}{key}")


@dataclass(slots=True)
class EpisodeFields:
    """The episode fields gathered from front matter, and which source key gave each."""

    fields: dict[str, Any] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)

    def offer(self, name: str, value: Any, source: str) -> bool:
        """Set *name* unless it is set already; ``True`` if *value* was taken."""
        if name in self.fields or value in (None, "", [], {}):
            return False
        self.fields[name] = value
        self.sources[name] = source
        return True


def is_audio_url(url: str) -> bool:
    """Whether *url*'s path ends like an audio file."""
    return urlsplit(url).path.lower().endswith(AUDIO_SUFFIXES)


def media_url(
    value: Any, base_url: str = "", relative_suffixes: tuple[str, ...] = ()
) -> str | None:
    """An absolute http(s) URL from a front-matter media value, else ``None``.

    A bare YouTube id becomes its watch URL; a site-relative path ending in one
    of *relative_suffixes* (``.mp3`` …) is resolved against *base_url* (and is
    ``None`` without one); ``{url: …}`` mappings
    (RSS enclosures) and ``{mp3: …, ogg: …}`` / lists of them (several formats)
    give their best file.
    """
    value = _best_file(value)
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    if _YOUTUBE_ID.match(text) and not text.lower().endswith(AUDIO_SUFFIXES):
        return f"https://www.youtube.com/watch?v={text}"
    if not urlsplit(text).scheme:
        relative_media = urlsplit(text).path.lower().endswith(relative_suffixes or ("\0",))
        if not base_url or text.startswith("//") or not relative_media:
            return None
        text = urljoin(base_url.rstrip("/") + "/", quote(text, safe="/:%?=&#~+@!$,;"))
    try:
        return recognize_video(text).url
    except UnsafeURL:
        return None


def _best_file(value: Any) -> Any:
    if isinstance(value, list):
        files = [_best_file(item) for item in value]
        files = [item for item in files if isinstance(item, str) and item.strip()]
        mp3 = [item for item in files if item.lower().endswith(".mp3")]
        return (mp3 or files or [None])[0]
    if isinstance(value, Mapping):
        for key in ("url", "src", "href", "file", "mp3", "m4a", "ogg", "opus"):
            for actual, inner in value.items():
                if normal_key(actual) == key and isinstance(inner, str | list | Mapping):
                    return _best_file(inner)
        return None
    return value


def platform_url(value: Any) -> str | None:
    """An http(s) URL for a platform link, else ``None``."""
    if not isinstance(value, str):
        return None
    try:
        return safe_url(value)
    except UnsafeURL:
        return None


def split_names(value: Any) -> list[str]:
    """Names from text (``A, B & C``), lists, ``[[Wiki links]]`` or ``{name: …}`` mappings."""
    items: list[Any] = value if isinstance(value, list) else [value]
    names: list[str] = []
    for item in items:
        if isinstance(item, Mapping):
            item = next(
                (v for k, v in item.items() if normal_key(k) in ("name", "title", "id")), None
            )
        if not isinstance(item, str | int):
            continue
        parts = [str(item)] if isinstance(value, list) else _NAMES_SPLIT.split(str(item))
        for part in parts:
            name = _unwiki(part.strip())
            if name and name not in names:
                names.append(name)
    return names


def _unwiki(text: str) -> str:
    match = _WIKILINK.match(text)
    if match is None:
        return text
    return (match["alias"] or match["target"]).strip()


def duration_text(value: Any) -> str | None:
    """A duration the schema reads (``1:02:03``, seconds), else ``None`` (file sizes, words)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int) and 0 < value < 100 * 3600:
        return str(value)
    if isinstance(value, float) and 0 < value < 100 * 3600:
        return str(int(value))
    if isinstance(value, str) and _DURATION.match(value.strip()):
        return value.strip().split(".")[0]
    return None
