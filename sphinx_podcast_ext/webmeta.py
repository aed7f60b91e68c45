"""Web metadata for post pages: OpenGraph ``<meta>`` tags and a JSON-LD block.

On ``html-page-context`` every post page (a document whose front matter has a
date or an episode) gets, appended to ``context["metatags"]`` (which the layout
puts in ``<head>``):

* OpenGraph tags (``og:title``, ``og:description``, ``og:type``, ``og:url``,
  ``og:site_name``, ``article:published_time``, ``article:tag``, and ``og:video``
  for YouTube episodes) and ``<meta name="description">``;
* one ``<script type="application/ld+json">`` data block: a schema.org
  ``PodcastEpisode`` for a post with an episode, else a ``BlogPosting``, with
  the page's key quotes as ``Quotation`` parts.

Absolute URLs are built like Sphinx builds its ``<link rel="canonical">``: from
``html_baseurl`` and the page's target URI. Without a base URL, URL fields are
left out (relative URLs mean nothing to the readers of this metadata).

When ``sphinxext.opengraph`` is loaded it owns the generic tags; only the
``article:*`` and ``og:video`` tags are added then. A tag already present in
``metatags`` (from the ``meta`` directive, or another extension that ran
first) is never added twice. Non-HTML builders, EPUB and single-page HTML get
nothing.
"""

from __future__ import annotations

import html
import json
import posixpath
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from .media import youtube_embed_url
from .socialcards import CARD_SIZE
from .store import get_domain

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx

    from .metadata import Episode
    from .records import PostRecord, QuoteRecord

__all__ = [
    "OPENGRAPH_OWNED",
    "iso_duration",
    "json_ld",
    "json_ld_script",
    "meta_tags",
    "page_metadata",
    "setup_webmeta",
]

#: The tags ``sphinxext.opengraph`` writes itself (``property`` or ``name``).
OPENGRAPH_OWNED = frozenset(
    {
        "og:title",
        "og:type",
        "og:url",
        "og:site_name",
        "og:description",
        "og:image",
        "og:image:alt",
        "og:image:width",
        "og:image:height",
        "description",
        "twitter:card",
    }
)
#: After Sphinx's and other extensions' handlers, so their tags are seen.
EVENT_PRIORITY = 900
_SCHEMA = "https://schema.org"
_EXISTING_TAG = re.compile(
    r"""<meta\b[^>]*?\b(?:property|name)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""",
    re.IGNORECASE,
)
#: Characters that must not appear raw inside a ``<script>`` element.
_SCRIPT_UNSAFE = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}


def iso_duration(seconds: int) -> str:
    """An ISO 8601 duration: ``5712`` → ``PT1H35M12S``, ``0`` → ``PT0S``."""
    hours, rest = divmod(max(int(seconds), 0), 3600)
    minutes, secs = divmod(rest, 60)
    parts = [
        f"{value}{unit}" for value, unit in ((hours, "H"), (minutes, "M"), (secs, "S")) if value
    ]
    return "PT" + ("".join(parts) or "0S")


def _watch_url(video_id: str) -> str:
    return f"https://www.youtube.com/watch?v={video_id}"


def _person(name: str) -> dict[str, str]:
    return {"@type": "Person", "name": name}


def _published(record: PostRecord, episode: Episode | None, *, episode_first: bool) -> str:
    """The ISO date of the page (the post's date) or of the episode (when it aired)."""
    dates = [record.post.date, episode.date if episode else None]
    if episode_first:
        dates.reverse()
    return next((date.isoformat() for date in dates if date is not None), "")


def _media(episode: Episode, name: str) -> dict[str, Any] | None:
    if episode.video_id:
        return {
            "@type": "VideoObject",
            "name": name,
            "url": _watch_url(episode.video_id),
            "embedUrl": youtube_embed_url(episode.video_id).split("?", 1)[0],
        }
    if episode.url:
        return {"@type": "MediaObject", "name": name, "url": episode.url}
    return None


def _quotation(quote: QuoteRecord, page_url: str | None) -> dict[str, Any]:
    # One line, as the quote reads: the line breaks of the source are not part of it.
    item: dict[str, Any] = {"@type": "Quotation", "text": " ".join(quote.text.split())}
    if quote.speaker:
        item["creator"] = _person(quote.speaker)
    if page_url:
        item["url"] = f"{page_url}#{quote.anchor}" if quote.anchor else page_url
    return item


def json_ld(
    record: PostRecord,
    episode: Episode | None,
    quotes: Iterable[QuoteRecord],
    page_url: str | None,
) -> dict[str, Any]:
    """The schema.org description of a post page (``PodcastEpisode`` or ``BlogPosting``)."""
    data: dict[str, Any] = {"@context": _SCHEMA}
    if episode is not None:
        name = episode.title or record.title
        data["@type"] = "PodcastEpisode"
        data["name"] = name
        published = _published(record, episode, episode_first=True)
    else:
        name = record.title
        data["@type"] = "BlogPosting"
        data["headline"] = name
        data["name"] = name
        published = _published(record, None, episode_first=False)
    if page_url:
        data["url"] = page_url
        data["mainEntityOfPage"] = page_url
    if published:
        data["datePublished"] = published
    if record.description:
        data["description"] = record.description
    if record.post.tags:
        data["keywords"] = list(record.post.tags)
    if episode is not None:
        if episode.show:
            data["partOfSeries"] = {"@type": "PodcastSeries", "name": episode.show}
        if episode.host:
            data["author"] = _person(episode.host)
        if episode.guests:
            data["contributor"] = [_person(guest) for guest in episode.guests]
        if episode.duration is not None:
            data["timeRequired"] = iso_duration(episode.duration)
        media = _media(episode, name)
        if media is not None:
            data["associatedMedia"] = media
    parts = [_quotation(quote, page_url) for quote in quotes]
    if parts:
        data["hasPart"] = parts
    return {key: value for key, value in data.items() if value not in ("", None)}


def json_ld_script(data: dict[str, Any]) -> str:
    """A ``<script type="application/ld+json">`` element whose text cannot end it early.

    ``<``, ``>`` and ``&`` appear in JSON only inside strings, where their
    ``\\uXXXX`` escapes mean the same characters; so no ``</script>`` or
    ``<!--`` can appear in the element, whatever the text.
    """
    text = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=False)
    for char, escape in _SCRIPT_UNSAFE.items():
        text = text.replace(char, escape)
    return f'<script type="application/ld+json">\n{text}\n</script>'


def meta_tags(
    record: PostRecord,
    episode: Episode | None,
    page_url: str | None,
    site_name: str,
    image: tuple[str, str] | None = None,
) -> list[tuple[str, str, str]]:
    """Each tag as ``(attribute, key, content)``; the attribute is ``property`` or ``name``.

    *image* is the post's social card (absolute URL, alternative text), if drawn;
    without it, the episode's own ``image:`` is the ``og:image``.
    """
    tags: list[tuple[str, str, str]] = [("property", "og:title", record.title)]
    if record.description:
        tags.append(("property", "og:description", record.description))
    tags.append(("property", "og:type", "article"))
    if page_url:
        tags.append(("property", "og:url", page_url))
    if site_name:
        tags.append(("property", "og:site_name", site_name))
    published = _published(record, episode, episode_first=False)
    if published:
        tags.append(("property", "article:published_time", published))
    tags.extend(("property", "article:tag", tag) for tag in record.post.tags)
    if episode is not None and episode.video_id:
        tags.append(("property", "og:video", _watch_url(episode.video_id)))
    if image is not None:
        url, alt = image
        tags += [
            ("property", "og:image", url),
            ("property", "og:image:width", str(CARD_SIZE[0])),
            ("property", "og:image:height", str(CARD_SIZE[1])),
            ("property", "og:image:alt", alt),
            ("name", "twitter:card", "summary_large_image"),
        ]
    elif episode is not None and episode.image:
        tags.append(("property", "og:image", episode.image))
    if record.description:
        tags.append(("name", "description", record.description))
    return [tag for tag in tags if tag[2]]


def _existing_keys(metatags: str) -> set[str]:
    """The ``property``/``name`` of each ``<meta>`` tag already in the head."""
    return {
        html.unescape(next(group for group in match.groups() if group is not None)).lower()
        for match in _EXISTING_TAG.finditer(metatags)
    }


def page_url_of(app: Sphinx, pagename: str) -> str | None:
    """The page's absolute URL, as Sphinx writes it in ``<link rel="canonical">``."""
    baseurl = app.config.html_baseurl
    if not baseurl:
        return None
    return posixpath.join(baseurl, app.builder.get_target_uri(pagename))


def page_metadata(
    app: Sphinx, pagename: str, existing: str = "", image: tuple[str, str] | None = None
) -> str:
    """The tags and JSON-LD for *pagename*, or ``""`` when it is not a post."""
    domain = get_domain(app.env)
    record = domain.posts.get(pagename)
    if record is None or not record.post.is_post:
        return ""
    episode = domain.episode_of(pagename)
    page_url = page_url_of(app, pagename)
    skip = _existing_keys(existing)
    if "sphinxext.opengraph" in app.extensions:
        skip |= OPENGRAPH_OWNED
    lines = []
    tags = meta_tags(record, episode, page_url, app.config.project, image)
    for attribute, key, content in tags:
        # article:tag repeats by design; every other key appears once.
        if key in skip:
            continue
        lines.append(
            f'<meta {attribute}="{html.escape(key, quote=True)}" '
            f'content="{html.escape(content, quote=True)}" />'
        )
    data = json_ld(record, episode, domain.quotes.get(pagename, ()), page_url)
    lines.append(json_ld_script(data))
    return "\n" + "\n".join(lines) + "\n"


def _wanted(app: Sphinx) -> bool:
    return bool(app.config.podcast_web_metadata) and get_domain(app.env).build.web_pages


def add_web_metadata(
    app: Sphinx,
    pagename: str,
    templatename: str,
    context: dict[str, Any],
    doctree: nodes.document | None,
) -> None:
    """``html-page-context``: append the post's metadata to ``context["metatags"]``."""
    if doctree is None or not _wanted(app):
        return
    existing = context.get("metatags") or ""
    card = context.get("podcast_social_card")
    image = (card, context.get("podcast_social_card_alt", "")) if card else None
    extra = page_metadata(app, pagename, existing, image)
    if extra:
        context["metatags"] = existing + extra


def setup_webmeta(app: Sphinx) -> None:
    """Connect the ``html-page-context`` handler."""
    app.connect("html-page-context", add_web_metadata, priority=EVENT_PRIORITY)
