"""The extension's records on the build environment.

One Sphinx domain, ``podcast``, holds every cross-document record keyed by
docname, so Sphinx pickles it with the environment, clears a document's records
before re-reading it (``clear_doc``) and merges them back from parallel readers
(``merge_domaindata``). Records are small frozen dataclasses of plain values;
no node trees are stored.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Set
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, cast

from docutils import nodes
from sphinx.domains import Domain
from sphinx.roles import XRefRole

from .metadata import Episode, Post

if TYPE_CHECKING:
    from sphinx.addnodes import pending_xref
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment

__all__ = [
    "EpisodeRecord",
    "PodcastDomain",
    "PostRecord",
    "QuoteRecord",
    "RelatedCard",
    "RelatedEntry",
    "RelatedRequest",
    "get_domain",
]


@dataclass(frozen=True, slots=True)
class PostRecord:
    """What other pages need to know about a document to show its card."""

    docname: str
    title: str
    post: Post
    excerpt: str

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
    line: int | None


@dataclass(frozen=True, slots=True)
class EpisodeRecord:
    """The page's episode: from the ``episode`` directive or the front matter."""

    docname: str
    episode: Episode
    anchor: str
    line: int | None


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
    line: int | None


@dataclass(frozen=True, slots=True)
class RelatedCard:
    """One card to show: a target docname (``None`` when missing) and its title."""

    target: str | None
    title: str
    written_target: str
    explicit: bool
    line: int | None = None


class PodcastDomain(Domain):
    """Holds posts, quotes, episodes and related-post requests for every document."""

    name = "podcast"
    label = "Podcast"
    data_version = 1
    #: The record tables, each a ``{docname: record(s)}`` dict.
    TABLES: ClassVar[tuple[str, ...]] = (
        "posts",
        "quotes",
        "episodes",
        "related",
        "resolved",
        "listings",
        "listing_content",
    )
    initial_data: ClassVar[dict[str, Any]] = {table: {} for table in TABLES}
    roles: ClassVar[dict[str, Any]] = {
        kind: XRefRole(innernodeclass=nodes.inline)
        for kind in ("guest", "show", "quotes", "guests", "shows")
    }

    # -- tables ------------------------------------------------------------
    @property
    def posts(self) -> dict[str, PostRecord]:
        """Every document's card data, by docname."""
        return cast("dict[str, PostRecord]", self.data["posts"])

    @property
    def quotes(self) -> dict[str, list[QuoteRecord]]:
        """Key quotes by docname, in page order."""
        return cast("dict[str, list[QuoteRecord]]", self.data["quotes"])

    @property
    def episodes(self) -> dict[str, EpisodeRecord]:
        """The episode of each page that has one."""
        return cast("dict[str, EpisodeRecord]", self.data["episodes"])

    @property
    def related(self) -> dict[str, list[RelatedRequest]]:
        """``related-posts`` requests by docname, in page order."""
        return cast("dict[str, list[RelatedRequest]]", self.data["related"])

    @property
    def resolved(self) -> dict[str, tuple[tuple[tuple[RelatedCard, ...], ...], str]]:
        """Resolved cards per request, and a fingerprint of what they show, by docname.

        Computed after reading (in the main process), so that a page is
        rewritten when a post it shows a card of changes.
        """
        return cast(
            "dict[str, tuple[tuple[tuple[RelatedCard, ...], ...], str]]", self.data["resolved"]
        )

    # -- Domain API ----------------------------------------------------------
    def clear_doc(self, docname: str) -> None:
        """Forget a document's records before it is re-read or removed."""
        for table in self.TABLES:
            self.data[table].pop(docname, None)

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        """Take the records of *docnames* read by a parallel worker."""
        for table in self.TABLES:
            theirs = otherdata.get(table, {})
            mine = self.data[table]
            for docname in docnames:
                if docname in theirs:
                    mine[docname] = theirs[docname]

    def resolve_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        typ: str,
        target: str,
        node: pending_xref,
        contnode: nodes.Element,
    ) -> nodes.reference | None:
        """Resolve ``{podcast:guest}``, ``{podcast:show}``, ``{podcast:quotes}`` … references."""
        from .pages import resolve_page_xref

        return resolve_page_xref(self, env, fromdocname, builder, typ, target, contnode)

    def resolve_any_xref(self, *args: Any, **kwargs: Any) -> list[tuple[str, Any]]:
        """``any`` references never point at generated pages."""
        return []

    # -- queries -------------------------------------------------------------
    def all_quotes(self) -> Iterator[QuoteRecord]:
        """Every key quote, by docname then page order."""
        for docname in sorted(self.quotes):
            yield from self.quotes[docname]

    def episode_for(self, docname: str, ref: str = "") -> EpisodeRecord | None:
        """The episode *ref* names (an episode ``id`` or a docname), else *docname*'s own."""
        if not ref:
            return self.episodes.get(docname)
        if ref in self.episodes:
            return self.episodes[ref]
        for record in self.episodes.values():
            if record.episode.id == ref:
                return record
        return None

    def episode_of(self, docname: str) -> Episode | None:
        """The episode a page summarizes (directive or front matter), if any."""
        record = self.episodes.get(docname)
        return record.episode if record else None

    def posts_with_dates(self) -> Iterable[PostRecord]:
        """The documents that are posts (front matter with a date or an episode)."""
        return (record for record in self.posts.values() if record.post.is_post)


def get_domain(env: BuildEnvironment) -> PodcastDomain:
    """The ``podcast`` domain of *env*."""
    return cast("PodcastDomain", env.domains["podcast"])
