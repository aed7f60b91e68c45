""" "Read another blog about [Title](./slug)" footers and their resolution to imported posts."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from .links import find_links

__all__ = ["RelatedLink", "Resolver", "parse_related", "target_slug"]

_CUE = re.compile(
    r"^(?:read\s+(?:another|more|also|the|a|my)\b.*|related(?:\s+(?:posts?|reading))?|see\s+also|more)$",
    re.I,
)
_EMPHASIS_EDGES = " \t*_"
_EXTENSIONS = (".md", ".markdown", ".txt", ".html", ".htm", ".rst")


@dataclass(frozen=True, slots=True)
class RelatedLink:
    """A link to another post: the title shown, the target slug and the source line."""

    title: str
    target: str
    line: int


def parse_related(text: str, line: int) -> RelatedLink | None:
    """Recognize a footer paragraph such as ``**Read another blog about [T](./slug)**``."""
    links = find_links(text)
    if len(links) != 1:
        return None
    link = links[0]
    before = text[: link.start].strip(_EMPHASIS_EDGES).rstrip(" :\u2013\u2014-")
    after = text[link.end :].strip(_EMPHASIS_EDGES + ".!")
    if after or not _CUE.match(before):
        return None
    target = target_slug(link.url)
    title = " ".join(link.text.replace("**", "").split())
    if target is None or not title:
        return None
    return RelatedLink(title, target, line)


def target_slug(url: str) -> str | None:
    """The slug a relative link points at (``./slug``, ``../blog/slug.html``), else ``None``."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc:
        return None
    segments = [s for s in parts.path.split("/") if s not in ("", ".", "..")]
    if not segments:
        return None
    slug = segments[-1]
    for extension in _EXTENSIONS:
        if slug.lower().endswith(extension):
            slug = slug[: -len(extension)]
            break
    return slug or None


class Resolver:
    """Looks related links up among the imported posts: by slug first, then by exact title."""

    def __init__(self, posts: Iterable[tuple[Iterable[str], str, str]]) -> None:
        """*posts* are ``(slugs it is known by, new slug, title)``, in priority order."""
        self._by_slug: dict[str, str] = {}
        self._by_title: dict[str, str] = {}
        self._by_folded_title: dict[str, str] = {}
        for known, slug, title in posts:
            for key in known:
                if key:
                    self._by_slug.setdefault(key.lower().strip("/"), slug)
            self._by_title.setdefault(_title_key(title), slug)
            self._by_folded_title.setdefault(_title_key(title).casefold(), slug)

    def resolve(self, link: RelatedLink) -> str | None:
        """The new slug of the post *link* refers to, or ``None`` if it was not imported."""
        found = self._by_slug.get(link.target.lower())
        return found if found is not None else self._by_title.get(_title_key(link.title))

    def resolve_target(self, target: str) -> str | None:
        """The new slug of the post a site-relative link or a wiki link names, if imported.

        ``/2024/05/15/slug.html``, ``../slug/``, ``posts/slug.md``,
        ``2024-05-15-slug`` (Jekyll's ``post_url``) and ``Post Title`` all work.
        """
        path = unquote(urlsplit(target.strip()).path).strip()
        whole = path.strip("/").lower()
        for key in (whole, *_path_keys(path)):
            found = self._by_slug.get(key)
            if found is not None:
                return found
        return self._by_title.get(_title_key(path)) or self._by_folded_title.get(
            _title_key(path).casefold()
        )


def _title_key(title: str) -> str:
    return " ".join(title.split())


_JEKYLL_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}-")


def _path_keys(path: str) -> list[str]:
    """Names a post may be known by in *path*: its last segment without extension or date."""
    segments = [s for s in path.split("/") if s not in ("", ".", "..")]
    if segments and segments[-1].lower() in ("index.md", "index.html", "_index.md", "index"):
        segments.pop()
    if not segments:
        return []
    last = segments[-1].lower()
    for extension in _EXTENSIONS:
        if last.endswith(extension):
            last = last[: -len(extension)]
            break
    return [last, _JEKYLL_DATE.sub("", last)]
