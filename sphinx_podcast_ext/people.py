"""The pages about people and shows: one per guest and per show, their indexes, the quote index.

Planned after reading from the ``podcast`` domain's records (never by
re-rendering posts), as :class:`~.outputs.Planned` pages that
:func:`~.outputs.build_pages` names. The indexes and the quote index grow
with the archive, so they are split into pages of ``podcast_page_size``
quotes (ten times as many names on the name indexes), with a letter index
that leads to the page each initial starts on.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING

from .outputs import Claim, Planned
from .pagination import PageLetters, PageSlice, by_initial, page_slices, place_of
from .records import GeneratedPage, PageEntry, PageGroup, PostRecord, QuoteRecord
from .shared import _
from .slugs import slugify
from .store import PodcastDomain

if TYPE_CHECKING:
    from sphinx.config import Config

__all__ = ["page_name", "planned_people_pages"]

_FOLDERS = {
    "guest": "guests",
    "show": "shows",
    "quotes": "quotes",
    "guests": "guests",
    "shows": "shows",
}
#: How many more names than quotes an index page holds.
NAMES_PER_QUOTE = 10


def page_name(config: Config, kind: str, name: str = "") -> str:
    """The wanted page name of a guest, show or index page (``guests/john-schulman``)."""
    prefix = config.podcast_pages_prefix.strip("/")
    parts = [prefix, _FOLDERS[kind]] if prefix else [_FOLDERS[kind]]
    if name:
        parts.append(slugify(name) or "x")
    return "/".join(parts)


def _entry(record: PostRecord, quotes: tuple[QuoteRecord, ...], domain: PodcastDomain) -> PageEntry:
    episode = domain.episode_of(record.docname)
    return PageEntry(
        docname=record.docname,
        title=record.title,
        date=record.date,
        date_text=record.post.date_text,
        show=episode.show if episode else "",
        guests=episode.guests if episode else (),
        description=record.description,
        quotes=quotes,
    )


def _newest_first(entries: list[PageEntry]) -> tuple[PageEntry, ...]:
    return tuple(
        sorted(
            entries, key=lambda e: (e.date.toordinal() if e.date else 0, e.docname), reverse=True
        )
    )


def _ordinal(record: PostRecord) -> int:
    return record.date.toordinal() if record.date else 0


def _by_name(names: Sequence[str]) -> list[str]:
    return sorted(names, key=by_initial)


def _speaker_label(speaker: str) -> str:
    """How the quote index names a speaker (quotes without one are "Unattributed")."""
    return speaker or _("Unattributed")


class _People:
    """Who appears where: guests, shows and quote speakers, with their posts."""

    def __init__(self, domain: PodcastDomain) -> None:
        self.domain = domain
        self.guests: dict[str, list[PostRecord]] = defaultdict(list)
        self.shows: dict[str, list[PostRecord]] = defaultdict(list)
        self.speakers: dict[str, list[QuoteRecord]] = defaultdict(list)
        for docname, record in sorted(domain.episodes.items()):
            post = domain.posts.get(docname)
            if post is None:
                continue
            for guest in record.episode.guests:
                self.guests[guest].append(post)
            if record.episode.show:
                self.shows[record.episode.show].append(post)
        for quote in domain.all_quotes():
            if quote.docname in domain.posts:
                self.speakers[quote.speaker].append(quote)

    def timeline(self, kind: str, name: str) -> list[tuple[str, PageEntry]]:
        """A guest's or show's entries, newest first, each with its group's anchor.

        A guest's episodes (with their quotes) come first, then the posts that quote
        them without being their episode; a show's are its episodes with every quote.
        """
        domain = self.domain
        posts = self.guests[name] if kind == "guest" else self.shows[name]

        def quotes_of(docname: str) -> tuple[QuoteRecord, ...]:
            quotes = domain.quotes.get(docname, ())
            return tuple(q for q in quotes if q.speaker == name) if kind == "guest" else quotes

        items = [
            ("group-episodes", e)
            for e in _newest_first(
                [_entry(post, quotes_of(post.docname), domain) for post in posts]
            )
        ]
        if kind == "guest":
            shown = {post.docname for post in posts}
            elsewhere = [
                _entry(domain.posts[q.docname], (q,), domain)
                for q in self.speakers.get(name, [])
                if q.docname not in shown
            ]
            items += [("group-quoted", entry) for entry in _newest_first(elsewhere)]
        return items

    def timeline_page(
        self, kind: str, name: str, items: Sequence[tuple[str, PageEntry]], pagename: str
    ) -> GeneratedPage:
        """One page of a guest's or show's timeline: its *items*, grouped as they come."""
        role = next((q.role for q in reversed(self.speakers.get(name, [])) if q.role), "")
        headings = {"group-episodes": _("Episodes"), "group-quoted": _("Quoted in other posts")}
        groups = [
            PageGroup(
                headings[anchor],
                anchor,
                tuple(entry for group, entry in items if group == anchor),
                role=role if kind == "guest" and anchor == "group-episodes" else "",
            )
            for anchor in dict.fromkeys(group for group, _entry in items)
        ]
        intro = _("Episodes with %s.") if kind == "guest" else _("Episodes of %s.")
        return GeneratedPage(
            pagename,
            kind,
            name,
            f"podcast/{kind}.html",
            intro % name,
            tuple(groups),
            sources=tuple(sorted({entry.docname for _group, entry in items})),
        )


def _name_index(
    kind: str, people: Mapping[str, list[PostRecord]], config: Config, size: int
) -> list[Planned]:
    """The paginated index of guests or shows, linking each to its page."""
    item = kind[:-1]
    labels = _by_name(list(people))
    slices = page_slices(page_name(config, kind), len(labels), size * NAMES_PER_QUOTE)
    title = _("Guests") if kind == "guests" else _("Shows")

    def key_of(number: int) -> str:
        return f"index:{kind}:{number}"

    letters = PageLetters(labels, slices, key_of)

    def build(page: PageSlice) -> Callable[[Mapping[str, str], str], GeneratedPage]:
        def make(names: Mapping[str, str], pagename: str) -> GeneratedPage:
            links = tuple(
                (label, names[f"{item}:{label}"], len(people[label]))
                for label in page.items(labels)
                if f"{item}:{label}" in names
            )
            intro = "" if labels else _("None yet: they are listed here once posts name them.")
            return GeneratedPage(
                pagename,
                kind,
                title,
                "podcast/index.html",
                intro,
                links=links,
                letters=letters(names),
                **place_of(page, key_of, names),
            )

        return make

    return [
        Planned(
            Claim(key_of(page.number), page.pagename, _("the %s index") % kind, None, 10),
            build(page),
        )
        for page in slices
    ]


def _quote_index(people: _People, config: Config, size: int) -> list[Planned]:
    """The paginated index of every key quote, grouped by speaker."""
    # Listed under their label: quotes without a speaker among the U ("Unattributed").
    speakers = sorted(people.speakers, key=lambda speaker: by_initial(_speaker_label(speaker)))
    domain = people.domain
    quotes = [
        (speaker, quote)
        for speaker in speakers
        for quote in sorted(
            people.speakers[speaker],
            key=lambda q: (_ordinal(domain.posts[q.docname]), q.docname),
            reverse=True,
        )
    ]
    slices = page_slices(page_name(config, "quotes"), len(quotes), size)
    labels = [_speaker_label(speaker) for speaker, _quote in quotes]

    def key_of(number: int) -> str:
        return f"index:quotes:{number}"

    letters = PageLetters(labels, slices, key_of)

    def build(page: PageSlice) -> Callable[[Mapping[str, str], str], GeneratedPage]:
        def make(names: Mapping[str, str], pagename: str) -> GeneratedPage:
            groups: list[PageGroup] = []
            shown = page.items(quotes)
            for speaker in dict.fromkeys(speaker for speaker, _q in shown):
                mine = [q for s, q in shown if s == speaker]
                label = _speaker_label(speaker)
                # One entry per post, with all of the speaker's quotes from it.
                by_post: dict[str, list[QuoteRecord]] = {}
                for quote in mine:
                    by_post.setdefault(quote.docname, []).append(quote)
                entries = [
                    _entry(people.domain.posts[docname], tuple(quotes), people.domain)
                    for docname, quotes in by_post.items()
                ]
                groups.append(
                    PageGroup(
                        label,
                        f"group-{slugify(label) or 'x'}-{len(groups) + 1}",
                        _newest_first(entries),
                        heading_page=names.get(f"guest:{speaker}", ""),
                        role=next((q.role for q in people.speakers[speaker] if q.role), ""),
                    )
                )
            return GeneratedPage(
                pagename,
                "quotes",
                _("Key quotes"),
                "podcast/quotes.html",
                _("Every key quote, by speaker."),
                tuple(groups),
                letters=letters(names),
                **place_of(page, key_of, names),
            )

        return make

    return [
        Planned(
            Claim(key_of(page.number), page.pagename, _("the quote index"), None, 10), build(page)
        )
        for page in slices
    ]


def _timeline_pages(
    people: _People, kind: str, name: str, config: Config, where: object
) -> list[Planned]:
    """The pages of a guest's or show's timeline, ``podcast_page_size`` entries each."""
    items = people.timeline(kind, name)
    slices = page_slices(page_name(config, kind, name), len(items), config.podcast_page_size)

    def key_of(number: int) -> str:
        # Page 1's key is the one other pages link to (``guest:Ada Lovelace``).
        return f"{kind}:{name}" if number == 1 else f"{kind}:{name}:{number}"

    def build(page: PageSlice) -> Callable[[Mapping[str, str], str], GeneratedPage]:
        def make(names: Mapping[str, str], pagename: str) -> GeneratedPage:
            timeline = people.timeline_page(kind, name, page.items(items), pagename)
            return dataclasses.replace(
                timeline,
                **place_of(page, key_of, names),
            )

        return make

    return [
        Planned(
            Claim(key_of(page.number), page.pagename, f"{kind} {name!r}", where, 20), build(page)
        )
        for page in slices
    ]


def planned_people_pages(domain: PodcastDomain, config: Config) -> list[Planned]:
    """Every guest, show, index and quote-index page to write (none for a project without posts)."""
    if not config.podcast_generate_pages or not any(True for _r in domain.posts_with_dates()):
        return []
    people = _People(domain)
    size = config.podcast_page_size
    planned = _name_index("guests", people.guests, config, size)
    planned += _name_index("shows", people.shows, config, size)
    if people.speakers:
        planned += _quote_index(people, config, size)
    for kind, names in (("guest", people.guests), ("show", people.shows)):
        for name, posts in names.items():
            first = min(post.docname for post in posts)
            episode = domain.episodes.get(first)
            where = (first, episode.line(kind) if episode else None)
            planned += _timeline_pages(people, kind, name, config, where)
    return planned
