"""The ``podcast`` domain: the extension's records on the build environment.

One Sphinx domain holds every cross-document record keyed by docname, so Sphinx
pickles it with the environment, clears a document's records before re-reading
it (``clear_doc``) and merges them back from parallel readers
(``merge_domaindata``). Each record table has one typed property.

Results computed after reading (the cards of each ``related-posts``, what each
listing shows, the generated pages) are not records: they are recomputed in
the main process in every build and kept on the domain object only. What is
kept between builds is one digest per page and feature, so that
:meth:`PodcastDomain.changed_pages` can tell which pages show something that
changed elsewhere.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Set
from typing import TYPE_CHECKING, Any, ClassVar, cast

from docutils import nodes
from sphinx.domains import Domain
from sphinx.roles import XRefRole
from sphinx.util.nodes import make_refnode

from .compat import BuildKind
from .records import (
    Card,
    EpisodeRecord,
    GeneratedPage,
    ListingSpec,
    PostRecord,
    QuoteRecord,
    RelatedRequest,
)

if TYPE_CHECKING:
    from sphinx.addnodes import pending_xref
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment

    from .metadata import Episode

__all__ = ["ENV_VERSION", "PAGE_ROLES", "PodcastDomain", "get_domain"]

#: Bump when the records stored on the environment change shape: every document is re-read.
ENV_VERSION = 5
#: The ``podcast`` roles that point at generated pages: ``{podcast:guest}`Name``` ….
PAGE_ROLES = ("guest", "show", "quotes", "guests", "shows")
_RECORD_TABLES = (
    "posts",
    "dated_posts",
    "quotes",
    "episodes",
    "related",
    "listings",
    "page_refs",
)


class PodcastDomain(Domain):
    """Holds posts, quotes, episodes, related-post requests and listings for every document."""

    name = "podcast"
    label = "Podcast"
    data_version = ENV_VERSION
    initial_data: ClassVar[dict[str, Any]] = {
        **{table: {} for table in _RECORD_TABLES},
        "digests": {},
    }
    roles: ClassVar[dict[str, Any]] = {
        kind: XRefRole(innernodeclass=nodes.inline) for kind in PAGE_ROLES
    }

    def __init__(self, env: BuildEnvironment) -> None:
        super().__init__(env)
        #: Cards per ``related-posts`` request, by docname (computed after reading).
        self.related_cards: dict[str, tuple[tuple[Card, ...], ...]] = {}
        #: What each listing of a page shows, by docname (computed after reading).
        self.listing_content: dict[str, tuple[tuple[Any, ...], ...]] = {}
        #: Every generated page by page name (computed after reading).
        self.generated: dict[str, GeneratedPage] = {}
        #: ``(role, target)`` → page name, for the ``podcast:*`` roles.
        self.page_links: dict[tuple[str, str], str] = {}
        #: The current builder, as the extension needs to know it (set at ``builder-inited``).
        self.build = BuildKind()

    # -- record tables -------------------------------------------------------------------
    @property
    def posts(self) -> dict[str, PostRecord]:
        """Every document's card data, by docname."""
        return cast("dict[str, PostRecord]", self.data["posts"])

    @property
    def quotes(self) -> dict[str, tuple[QuoteRecord, ...]]:
        """Key quotes by docname, in page order."""
        return cast("dict[str, tuple[QuoteRecord, ...]]", self.data["quotes"])

    @property
    def episodes(self) -> dict[str, EpisodeRecord]:
        """The episode of each page that has one."""
        return cast("dict[str, EpisodeRecord]", self.data["episodes"])

    @property
    def related(self) -> dict[str, tuple[RelatedRequest, ...]]:
        """``related-posts`` requests by docname, in page order."""
        return cast("dict[str, tuple[RelatedRequest, ...]]", self.data["related"])

    @property
    def listings(self) -> dict[str, tuple[ListingSpec, ...]]:
        """``latest-posts`` / ``podcast-index`` directives by docname, in page order."""
        return cast("dict[str, tuple[ListingSpec, ...]]", self.data["listings"])

    @property
    def page_refs(self) -> dict[str, tuple[tuple[str, str], ...]]:
        """The generated pages each document links to: ``(role, target)`` pairs, by docname."""
        return cast("dict[str, tuple[tuple[str, str], ...]]", self.data["page_refs"])

    def note_dated_post(self, docname: str) -> None:
        """Remember that *docname* is a post (so that :meth:`in_use` need not scan them all)."""
        self.data["dated_posts"][docname] = True

    # -- Domain API ----------------------------------------------------------------------
    def clear_doc(self, docname: str) -> None:
        """Forget a document's records (and what it showed) before it is re-read or removed."""
        for table in _RECORD_TABLES:
            self.data[table].pop(docname, None)
        for digests in self.data["digests"].values():
            digests.pop(docname, None)

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        """Take the records of *docnames* read by a parallel worker (digests stay the main's)."""
        for table in _RECORD_TABLES:
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
        """Resolve ``{podcast:guest}`` and the other page roles against the generated pages.

        Unresolved references are handled on ``missing-reference`` (see ``pages.py``).
        """
        pagename = self.page_links.get((typ, target if typ in ("guest", "show") else ""))
        if pagename is None or not self.build.writes_pages:
            return None
        return make_refnode(builder, fromdocname, pagename, "", contnode, target)

    def resolve_any_xref(self, *args: Any, **kwargs: Any) -> list[tuple[str, Any]]:
        """``any`` references never point at generated pages."""
        return []

    # -- what changed between builds ----------------------------------------------------------
    def changed_pages(self, feature: str, digests: Mapping[str, str]) -> list[str]:
        """Keep *digests* (what each page shows of *feature*); return pages whose digest changed.

        Pages seen for the first time are not returned: they are new or re-read,
        so Sphinx writes them anyway.
        """
        previous: dict[str, str] = self.data["digests"].get(feature, {})
        changed = [
            docname
            for docname, digest in digests.items()
            if docname in previous and previous[docname] != digest
        ]
        self.data["digests"][feature] = dict(digests)
        return sorted(changed)

    def shown_elsewhere(self, docname: str) -> tuple[str, ...]:
        """What *docname*'s page shows of other documents (its digest in every feature),
        for outputs that show the page whole, such as a full-text feed."""
        digests: dict[str, dict[str, str]] = self.data["digests"]
        return tuple(digests[feature].get(docname, "") for feature in sorted(digests))

    # -- queries ---------------------------------------------------------------------------
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
        return next((r for r in self.episodes.values() if r.episode.id == ref), None)

    def episode_of(self, docname: str) -> Episode | None:
        """The episode a page summarizes (directive or front matter), if any."""
        record = self.episodes.get(docname)
        return record.episode if record else None

    def posts_with_dates(self) -> Iterable[PostRecord]:
        """The documents that are posts (front matter with a date or an episode)."""
        return (record for record in self.posts.values() if record.post.is_post)

    def in_use(self) -> bool:
        """Whether any document has a post, a quote, an episode, related cards or a listing.

        A project with none of them is left as it was (no assets, no process tweaks).
        """
        tables = (self.data["dated_posts"], self.quotes, self.episodes, self.related, self.listings)
        return any(tables)  # dicts: nothing scanned


def get_domain(env: BuildEnvironment) -> PodcastDomain:
    """The ``podcast`` domain of *env*."""
    return cast("PodcastDomain", env.domains["podcast"])
