"""Episodes: the ``episode`` directive, the front matter's ``episode:``, the card, ``{timestamp}``.

* **Parse:** the directive validates its options (``metadata.episode_from_mapping``)
  and builds a builder-neutral ``episode_card``; ``{timestamp}`` leaves a
  ``timestamp_ref`` with the time in seconds.
* **Record** (``doctree-read``, :func:`record_episode`): a post whose front
  matter names an episode and whose body has no directive gets its card under
  the title; the page's (first) episode is kept as an
  :class:`~.records.EpisodeRecord`.
* **Render:** time links are made at write time for every builder (the episode
  may be defined further down, or on another page); HTML builders get the
  player and the rich card from :mod:`.player`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective, SphinxRole
from sphinx.util.nodes import make_id

from .media import (
    InvalidTimestamp,
    format_timestamp,
    parse_timestamp,
    recognize_video,
    url_at_time,
)
from .metadata import EPISODE_FIELDS, PLATFORMS, Episode, Problem, episode_from_mapping
from .nodes import EPISODE_URL_ATTR, SECONDS_ATTR, episode_card, timestamp_ref
from .records import EpisodeRecord
from .shared import (
    DocumentBeingRead,
    PodcastPostTransform,
    _,
    docname_of,
    insert_after_title,
    option_line,
    register_passthrough,
)
from .store import get_domain
from .warnings_ import PodcastWarning, field_warning, warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx

__all__ = [
    "EpisodeDirective",
    "TimestampRole",
    "make_episode_card",
    "record_episode",
    "setup_episodes",
]


def make_episode_card(episode: Episode, body: list[nodes.Node] | None = None) -> episode_card:
    """Build the builder-neutral episode card::

    episode_card(ids=[episode], episode=Episode)
    ├── paragraph.podcast-episode__heading: strong(title or "Episode")
    ├── paragraph.podcast-episode__facts: "Show: … · Guests: … · …" (if any)
    ├── paragraph.podcast-episode__link: "Watch the episode: " (audio: "Listen to the
    │   episode: ") reference(URL written out)
    ├── paragraph.podcast-episode__platforms: "YouTube: " reference(URL) …
    └── body nodes …
    """
    card = episode_card(episode=episode, classes=["podcast-episode"])
    heading = nodes.paragraph(classes=["podcast-episode__heading"])
    heading += nodes.strong("", episode.title or _("Episode"))
    card += heading
    facts = [f"{label}: {value}" for label, value in episode_facts(episode)]
    if facts:
        card += nodes.paragraph("", " · ".join(facts), classes=["podcast-episode__facts"])
    if episode.url:
        link = nodes.paragraph(classes=["podcast-episode__link"])
        link += nodes.Text(
            _("Listen to the episode: ") if episode.audio else _("Watch the episode: ")
        )
        link += nodes.reference(episode.url, episode.url, refuri=episode.url)
        card += link
    elif episode.raw_url:
        # An unsafe URL is never linked, but the author's text stays visible.
        card += nodes.paragraph(
            "",
            _("Episode link (not a web address): %s") % episode.raw_url,
            classes=["podcast-episode__invalid"],
        )
    if episode.platforms:
        platforms = nodes.paragraph(classes=["podcast-episode__platforms"])
        for index, (name, url) in enumerate(episode.platforms):
            if index:
                platforms += nodes.Text(" · ")
            platforms += nodes.Text(f"{PLATFORMS[name]}: ")
            platforms += nodes.reference(url, url, refuri=url)
        card += platforms
    card.extend(body or [])
    return card


def episode_facts(episode: Episode, header_shown: bool = False) -> list[tuple[str, str]]:
    """Labelled facts of the card: show, guests, host, date, duration.

    With *header_shown* (a post page, whose header line says the rest), only the host.
    """
    date = episode.date.isoformat() if episode.date else episode.date_text
    duration = format_timestamp(episode.duration) if episode.duration else episode.duration_text
    facts = [
        (_("Show"), episode.show),
        (_("Guests") if len(episode.guests) > 1 else _("Guest"), ", ".join(episode.guests)),
        (_("Host"), episode.host),
        (_("Date"), date),
        (_("Duration"), duration),
    ]
    if header_shown:
        facts = facts[2:3]
    return [(label, value) for label, value in facts if value]


class EpisodeDirective(SphinxDirective):
    """``episode URL``: the episode the post summarizes; options as in the front matter."""

    optional_arguments = 1
    final_argument_whitespace = True
    has_content = True
    option_spec: ClassVar[dict[str, Any]] = {
        name: directives.unchanged for name in EPISODE_FIELDS if name != "url"
    }

    def run(self) -> list[nodes.Node]:
        """Validate the options (warning per problem) and build the card."""
        options: dict[str, Any] = {"url": self.arguments[0] if self.arguments else ""}
        options.update(self.options)
        episode, problems = episode_from_mapping(options, self.config.podcast_default_embed)
        for problem in problems:
            self._warn(problem)
        body: list[nodes.Node] = []
        if self.content:
            container = nodes.container(classes=["podcast-episode__notes"])
            self.set_source_info(container)
            self.state.nested_parse(self.content, self.content_offset, container)
            body.append(container)
        card = make_episode_card(episode, body)
        self.set_source_info(card)
        card["field_lines"] = {
            name: option_line(self.block_text, self.lineno, name) for name in ("guest", "show")
        }
        card["ids"].append(make_id(self.env, self.state.document, "", "episode"))
        self.state.document.set_id(card)
        return [card]

    def _warn(self, problem: Problem) -> None:
        line = (
            self.lineno
            if problem.key == "url"
            else option_line(self.block_text, self.lineno, problem.key)
        )
        warn(
            field_warning(f"episode.{problem.key}"),
            f"episode {problem.key}: {problem.message}",
            (self.env.docname, line),
        )


# -- record ----------------------------------------------------------------------------------


def record_episode(doc: DocumentBeingRead) -> None:
    """Place the front matter's episode card if the body has none; record the page's episode."""
    episode = doc.post.episode
    cards = list(doc.doctree.findall(episode_card))
    if episode is not None and not cards and doc.app.config.podcast_episode_card == "top":
        card = make_episode_card(episode)
        card.source, card.line = doc.doctree.get("source"), 1
        card["ids"].append(_unique_id(doc.doctree, "episode"))
        doc.doctree.ids[card["ids"][0]] = card
        insert_after_title(doc.doctree, card)
        cards = [card]
    for extra in cards[1:]:
        warn(
            PodcastWarning.EPISODE,
            _("a page has one episode; this second one is shown but not used as the page's"),
            extra,
        )
        extra["ids"] = []
    lines: dict[str, int] = {}
    if cards and "field_lines" in cards[0]:
        episode, lines = cards[0]["episode"], cards[0]["field_lines"]
    elif cards:
        episode = cards[0]["episode"]
    if not lines and doc.front_matter is not None:
        lines = {
            name: line
            for name in ("guest", "show")
            if (line := doc.front_matter.line(f"episode.{name}")) is not None
        }
    if episode is not None:
        # With podcast_episode_card = "none" there is no card, but the episode still counts.
        record = EpisodeRecord(doc.docname, episode, tuple(sorted(lines.items())))
        get_domain(doc.env).episodes[doc.docname] = record


def _unique_id(doctree: nodes.document, wanted: str) -> str:
    candidate, number = wanted, 1
    while candidate in doctree.ids:
        candidate, number = f"{wanted}-{number}", number + 1
    return candidate


# -- the timestamp role ------------------------------------------------------------------------


class TimestampRole(SphinxRole):
    """``{timestamp}`12:34```: a link into the page's episode at that time."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        """Parse the time; invalid times warn and stay as plain text."""
        try:
            seconds = parse_timestamp(self.text)
        except InvalidTimestamp as exc:
            warn(PodcastWarning.TIMESTAMP, f"timestamp role: {exc}", self.get_location())
            return [nodes.Text(self.text)], []
        node = timestamp_ref(self.rawtext, self.text, seconds=seconds)
        self.set_source_info(node)
        return [node], []


class TimestampLinks(PodcastPostTransform):
    """Resolve ``{timestamp}`` roles against the page's episode (all builders)."""

    default_priority = 20
    node_class = timestamp_ref

    def run(self, **kwargs: Any) -> None:
        """Replace each role node by a link, or by its text when there is no episode."""
        domain = get_domain(self.env)
        for node in list(self.document.findall(timestamp_ref)):
            record = domain.episode_for(docname_of(self.env, node))
            text = node.astext()
            if record is None or record.episode.url is None:
                warn(
                    PodcastWarning.TIMESTAMP,
                    _("timestamp %s: this page has no episode URL to link to") % text,
                    node,
                )
                node.replace_self(nodes.Text(text))
                continue
            url = url_at_time(recognize_video(record.episode.url), node["seconds"])
            link = nodes.reference(node.rawsource, text, refuri=url, classes=["podcast-timestamp"])
            link["reftitle"] = _("Play the episode from %s") % format_timestamp(node["seconds"])
            link[SECONDS_ATTR] = node["seconds"]
            link[EPISODE_URL_ATTR] = record.episode.url
            node.replace_self(link)


def setup_episodes(app: Sphinx) -> None:
    """Register the directive, the role, their nodes and post-transforms."""
    register_passthrough(app, episode_card, timestamp_ref)
    app.add_directive("episode", EpisodeDirective)
    app.add_role("timestamp", TimestampRole())
    app.add_post_transform(TimestampLinks)
