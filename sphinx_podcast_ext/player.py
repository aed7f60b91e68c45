"""The episode as HTML readers see it: the player, its chapters, and what else the card says.

:class:`EpisodeCardHTML` (an HTML-only post-transform) replaces the generic
card of :mod:`.episodes` by one of three players, chosen from the episode:

* **video** (``embed: click`` and a YouTube URL): a poster (the episode's own
  ``image:``, else a styled one with the show and title) that is a link to the
  video and becomes a button loading the privacy-enhanced player when
  pressed (``podcast.js``); nothing is requested from YouTube before that;
* **audio** (an audio file's URL, ``.mp3`` …, and ``embed`` not ``none``):
  ``<audio controls preload="none">``, which requests nothing before play;
* **link** (anything else): no player; a *Watch* (YouTube) or *Open the
  episode* button. Platform and player pages (Spotify, Apple Podcasts …) stay
  links, never embeds.

Beside the player, the page's chapters (:mod:`.chapters`): each is a link that
opens the episode at its time, and moves the player there once it is loaded.

On a post page the header line above already says the show, guests, date and
duration, so the card under the player keeps only what the header does not
(the host, the platform links and the directive's notes). Elsewhere it is the
full card: show, title and facts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes

from .chapters import chapter_list, page_chapters
from .episodes import episode_facts
from .media import recognize_video, url_at_time, youtube_embed_url
from .metadata import PLATFORMS, Episode
from .nodes import NEW_TAB, episode_card, make_element
from .shared import PodcastPostTransform, _, docname_of, single_page_ids
from .store import get_domain

if TYPE_CHECKING:
    from sphinx.writers.html5 import HTML5Translator

__all__ = ["EpisodeCardHTML", "player_kind", "setup_player"]

#: What the click-to-load player's iframe may do.
IFRAME_ALLOW = (
    "accelerometer; autoplay; clipboard-write; encrypted-media; gyroscope; "
    "picture-in-picture; web-share"
)
#: Images from another host: no referrer, loaded when near the screen.
IMAGE_ATTRS = {"loading": "lazy", "decoding": "async", "referrerpolicy": "no-referrer"}


def player_kind(episode: Episode) -> str:
    """``video``, ``audio``, ``link`` (a button only) or ``none``."""
    if episode.url is None or episode.embed == "none":
        return "none"
    if episode.embed == "click" and episode.video_id:
        return "video"
    if episode.audio:
        return "audio"
    return "link"


class EpisodeCardHTML(PodcastPostTransform):
    """Replace the generic card by the player and the card's rich HTML (HTML builders only).

    After::

        episode_card[section.podcast-episode.podcast-episode--<kind> data-video-id data-start]
        ├── html_element[div.podcast-episode__stage]          (video and audio)
        │   ├── div.podcast-episode__main
        │   │   ├── div.podcast-embed > a.podcast-embed__link (poster) | div.podcast-audio > audio
        │   │   └── (on a post) the body, below
        │   └── nav.podcast-chapters > details > ol > li > a.podcast-chapter …
        └── html_element[div.podcast-episode__body]           (not on a post: after the stage)
            ├── p.podcast-episode__show, p.podcast-episode__title, dl.podcast-episode__facts
            ├── body nodes …
            ├── p.podcast-episode__actions > a.podcast-episode__watch      (link)
            └── ul.podcast-episode__platforms > li > a …
    """

    default_priority = 210
    node_class = episode_card
    formats = ("html",)

    def run(self, **kwargs: Any) -> None:
        """Rebuild every card of the document."""
        domain = get_domain(self.env)
        for card in list(self.document.findall(episode_card)):
            docname = docname_of(self.env, card)
            record = domain.posts.get(docname)
            is_page_episode = bool(card["ids"])
            on_post = bool(
                record is not None
                and record.post.is_post
                and is_page_episode
                and self.config.podcast_post_header
            )
            single_page_ids(self.env, card)
            episode: Episode = card["episode"]
            # Before the card is emptied: time codes in its notes are chapters too.
            chapters = page_chapters(_scope(card), episode.url or "") if is_page_episode else []
            body = [child for child in card.children if not _is_generic(child)]
            card.children = []
            kind = player_kind(episode)
            card["classes"] = [*card["classes"], f"podcast-episode--{kind}"]
            if on_post:
                card["classes"].append("podcast-episode--post")
            if episode.video_id:
                card["video_id"] = episode.video_id
                card["start"] = episode.start or 0
            title = episode.title or (record.title if record is not None and on_post else "")
            player = _player(episode, kind, title)
            card_body = _card_body(episode, body, kind, on_post)
            if player is None:
                card += card_body
                continue
            # On a post the rest of the card (platform links, notes) sits under the player,
            # in its column, so that the chapters beside them keep the page short.
            main = make_element(
                "div",
                [player, card_body] if on_post else [player],
                classes=["podcast-episode__main"],
            )
            stage = make_element("div", [main], classes=["podcast-episode__stage"])
            if chapters:
                stage += chapter_list(chapters)
                card["classes"].append("podcast-episode--chapters")
            card += stage
            card["classes"].append("podcast-episode--player")
            if not on_post:
                card += card_body


def _scope(card: nodes.Node) -> nodes.Node:
    """The document the card is in; with singlehtml, the card's own document's part."""
    node = card
    while node.parent is not None:
        node = node.parent
        if getattr(node, "source", None) and node.get("docname"):
            return node
    return node


def _is_generic(node: nodes.Node) -> bool:
    return isinstance(node, nodes.paragraph) and any(
        cls.startswith("podcast-episode__") for cls in node["classes"]
    )


def _player(episode: Episode, kind: str, title: str) -> nodes.Element | None:
    if kind == "video":
        return _click_to_load(episode, title)
    if kind == "audio":
        return _audio(episode, title)
    return None


def _poster(episode: Episode, title: str) -> list[nodes.Node]:
    """The poster's picture: the episode's image, else show and title on a styled ground."""
    if episode.image:
        return [
            make_element(
                "img", classes=["podcast-embed__poster"], src=episode.image, alt="", **IMAGE_ATTRS
            )
        ]
    kicker = episode.show or ", ".join(episode.guests)
    parts: list[nodes.Node] = []
    if kicker:
        parts.append(make_element("span", [kicker], classes=["podcast-embed__show"]))
    if title:
        parts.append(make_element("span", [title], classes=["podcast-embed__title"]))
    return [make_element("span", parts, classes=["podcast-embed__art"], aria_hidden="true")]


def _click_to_load(episode: Episode, title: str) -> nodes.Element:
    """A poster that loads the player only when pressed (see ``podcast.js``).

    Without JavaScript it is a plain link to the video.
    """
    assert episode.video_id is not None
    # Seen: "▶ Play" and a note; heard: "Play “title” (loads the YouTube player)".
    hidden = " " + (_("“%s”") % title if title else _("the episode"))
    label = make_element(
        "span",
        [
            _("Play"),
            make_element("span", [hidden], classes=["podcast-sr-only"]),
            " ",
            make_element(
                "span", [_("(loads the YouTube player)")], classes=["podcast-embed__note"]
            ),
        ],
        classes=["podcast-embed__label"],
    )
    link = make_element(
        "a",
        [
            *_poster(episode, title),
            make_element(
                "span",
                [
                    make_element(
                        "span", ["▶"], classes=["podcast-embed__icon"], aria_hidden="true"
                    ),
                    label,
                ],
                classes=["podcast-embed__play"],
            ),
        ],
        classes=["podcast-embed__link"],
        href=url_at_time(recognize_video(episode.url or ""), episode.start),
        **NEW_TAB,
    )
    return make_element(
        "div",
        [link],
        classes=[
            "podcast-embed",
            "podcast-embed--image" if episode.image else "podcast-embed--art",
        ],
        data_podcast_embed="youtube",
        data_embed_src=youtube_embed_url(episode.video_id, episode.start),
        data_embed_title=title or _("Episode player"),
        data_embed_allow=IFRAME_ALLOW,
    )


def _audio(episode: Episode, title: str) -> nodes.Element:
    """``<audio controls preload="none">`` with its label, title and artwork."""
    assert episode.url is not None
    label = _("Listen: %s") % title if title else _("Listen to the episode")
    art: list[nodes.Node] = []
    if episode.image:
        art.append(
            make_element(
                "img", classes=["podcast-audio__art"], src=episode.image, alt="", **IMAGE_ATTRS
            )
        )
    else:
        initial = (episode.show or title or "♪")[:1].upper()
        art.append(
            make_element("span", [initial], classes=["podcast-audio__art"], aria_hidden="true")
        )
    main = make_element("div", classes=["podcast-audio__main"])
    main += make_element("p", [_("Listen")], classes=["podcast-audio__label"])
    if episode.show or title:
        main += make_element(
            "p",
            [" · ".join(part for part in (episode.show, title) if part)],
            classes=["podcast-audio__title"],
        )
    fallback = make_element("a", [_("Download the episode")], href=episode.url)
    main += make_element(
        "audio",
        [fallback],
        classes=["podcast-audio__player"],
        controls=True,
        preload="none",
        src=episode.url,
        aria_label=label,
        data_start=episode.start or None,
    )
    return make_element("div", [*art, main], classes=["podcast-audio"])


def _card_body(episode: Episode, body: list[nodes.Node], kind: str, on_post: bool) -> nodes.Element:
    container = make_element("div", classes=["podcast-episode__body"])
    if not on_post:
        container += make_element(
            "p", [episode.show or _("Episode")], classes=["podcast-episode__show"]
        )
    if episode.title and (not on_post or kind == "none"):
        title: nodes.Node = nodes.Text(episode.title)
        if episode.embed == "none" and episode.url:
            title = make_element("a", [episode.title], href=episode.url, **NEW_TAB)
        container += make_element("p", [title], classes=["podcast-episode__title"])
    facts = [
        (label, value)
        for label, value in episode_facts(episode, header_shown=on_post)
        if label != _("Show")
    ]
    if facts:
        # "simple" is docutils' class for plain definition lists; sphinx-rtd-theme
        # gives every other classed <dl> API-reference styling.
        listing = make_element("dl", classes=["podcast-episode__facts", "simple"])
        for label, value in facts:
            listing += make_element("dt", [label])
            listing += make_element("dd", [value])
        container += listing
    container.extend(body)
    if kind == "link" and episode.url:
        link = recognize_video(episode.url)
        watch = make_element(
            "a",
            [_("Watch the episode") if link.is_youtube else _("Open the episode")],
            classes=["podcast-episode__watch"],
            href=url_at_time(link, episode.start),
            **NEW_TAB,
        )
        container += make_element("p", [watch], classes=["podcast-episode__actions"])
    elif episode.raw_url and not episode.url:
        container += make_element(
            "p",
            [_("Episode link (not a web address): %s") % episode.raw_url],
            classes=["podcast-episode__invalid"],
        )
    if episode.platforms:
        platforms = make_element(
            "ul", classes=["podcast-episode__platforms"], aria_label=_("Also on")
        )
        for name, url in episode.platforms:
            platforms += make_element(
                "li", [make_element("a", [PLATFORMS[name]], href=url, **NEW_TAB)]
            )
        container += platforms
    return container


def visit_episode_card_html(self: HTML5Translator, node: episode_card) -> None:
    """Open the card's ``<section>``."""
    attrs = {"aria-label": _("Episode")}
    if node.get("video_id"):
        attrs["data-video-id"] = node["video_id"]
        attrs["data-start"] = str(node["start"])
    self.body.append(self.starttag(node, "section", "\n", False, **attrs))


def depart_episode_card_html(self: HTML5Translator, node: episode_card) -> None:
    """Close the card."""
    self.body.append("</section>\n")


def setup_player(app: Any) -> None:
    """Register the card's HTML visitors and its post-transform."""
    app.add_node(
        episode_card, override=True, html=(visit_episode_card_html, depart_episode_card_html)
    )
    app.add_post_transform(EpisodeCardHTML)
