"""The extension's records: what one document tells the others, and what is resolved from them.

Two kinds of plain, frozen dataclasses, at the bottom of the import graph:

* **Records** are read from one document while it is read (possibly in a
  parallel worker) and kept on the environment, keyed by docname: a post, its
  key quotes, its episode, its ``related-posts`` requests and listings.
* **Results** are computed once all documents are read, in the main process:
  the cards each request shows, what each listing shows, the generated pages.

They hold strings, dates and tuples, never node trees: records are pickled
with the environment.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .metadata import Episode, Post

__all__ = [
    "Card",
    "EpisodeRecord",
    "GeneratedPage",
    "ListingSpec",
    "PageEntry",
    "PageGroup",
    "PostRecord",
    "QuoteRecord",
    "RelatedEntry",
    "RelatedRequest",
]

# -- records, per document -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PostRecord:
    """What other pages need to know about a document to show its card."""

    docname: str
    title: str
    post: Post
    excerpt: str
    minutes: int = 1
    """Reading time of the page, in minutes."""
    lines: tuple[tuple[str, int], ...] = ()
    """The source line of each front-matter key of the schema, for warnings after reading."""
    digest: str = ""
    """A digest of the page's text, for pages that show it whole (a full-text feed)."""

    def line(self, key: str) -> int | None:
        """The source line of front-matter *key*, if known."""
        return dict(self.lines).get(key)

    @property
    def date(self) -> dt.date | None:
        """The post's date, if its front matter has a valid one."""
        return self.post.date

    @property
    def description(self) -> str:
        """The front-matter description, else the excerpt."""
        return self.post.description or self.excerpt


@dataclass(frozen=True, slots=True)
class QuoteRecord:
    """One ``key-quote``: where it is, who said it and when."""

    docname: str
    anchor: str
    speaker: str
    role: str
    text: str
    timestamp: int | None
    episode_ref: str
    """The ``:episode:`` option: another page's episode, or ``""`` for the page's own."""


@dataclass(frozen=True, slots=True)
class EpisodeRecord:
    """The page's episode: from the ``episode`` directive or the front matter."""

    docname: str
    episode: Episode
    lines: tuple[tuple[str, int], ...] = ()
    """Where ``guest`` and ``show`` are written, for warnings about their pages."""

    def line(self, field: str) -> int | None:
        """The source line of the episode's *field*, if known."""
        return dict(self.lines).get(field)


@dataclass(frozen=True, slots=True)
class RelatedEntry:
    """One line of a ``related-posts`` body."""

    title: str
    """The custom title, ``""`` when not given."""
    target: str
    """The target as a docname, resolved like the ``{doc}`` role does."""
    written: str
    """The target as the author wrote it."""
    line: int | None


@dataclass(frozen=True, slots=True)
class RelatedRequest:
    """One ``related-posts`` directive as written: explicit entries and options."""

    entries: tuple[RelatedEntry, ...]
    limit: int
    auto: bool


@dataclass(frozen=True, slots=True)
class ListingSpec:
    """One ``latest-posts`` or ``podcast-index`` directive: its kind and limit."""

    kind: str
    limit: int


# -- results, after reading --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Card:
    """One post card to show: a target docname (``None`` when missing) and its title."""

    target: str | None
    title: str
    written_target: str = ""
    line: int | None = None


@dataclass(frozen=True, slots=True)
class PageEntry:
    """A post as listed on a generated page, with the quotes shown under it."""

    docname: str
    title: str
    date: dt.date | None
    date_text: str
    show: str
    guests: tuple[str, ...]
    description: str
    quotes: tuple[QuoteRecord, ...] = ()


@dataclass(frozen=True, slots=True)
class PageGroup:
    """A section of a generated page: a heading (linking to a page, or not) and its entries."""

    heading: str
    anchor: str
    entries: tuple[PageEntry, ...]
    heading_page: str = ""
    role: str = ""


@dataclass(frozen=True, slots=True)
class GeneratedPage:
    """One page that is not a document: what it shows and which template renders it.

    ``sources`` are the documents (and names) that made the page, for warnings
    about clashes.
    """

    pagename: str
    kind: str
    title: str
    template: str
    intro: str = ""
    groups: tuple[PageGroup, ...] = ()
    links: tuple[tuple[str, str, int], ...] = ()
    """For index pages: ``(label, pagename, count)``."""
    cards: tuple[str, ...] = ()
    """For archive pages: the docnames of the posts shown as cards, in order."""
    letters: tuple[tuple[str, str, str], ...] = ()
    """A letter index: ``(letter, page name, anchor)`` for each initial of the whole listing."""
    number: int = 1
    """Which page of its listing this is, of :attr:`count`."""
    count: int = 1
    previous: str = ""
    """The previous page of the listing, ``""`` on the first."""
    next: str = ""
    """The next page of the listing, ``""`` on the last."""
    redirect_to: str = ""
    sources: tuple[str, ...] = field(default=(), compare=False)
