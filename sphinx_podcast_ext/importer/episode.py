"""The episode link in a body: "Watch the podcast here!" paragraphs and links to audio files.

A paragraph that is nothing but the episode link and a short cue (``Watch the
podcast here!``, ``Ouça o episódio:``) is the old site's button: its URL becomes
the episode and the paragraph goes. A link to the episode inside a real sentence
("Watch this [episode](…) because …") gives its URL too, but the sentence stays,
every word of it. Guests and shows from titles are in :mod:`.people`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..media import UnsafeURL, recognize_video
from .links import find_links
from .mapping import is_audio_url
from .people import guess_people

__all__ = ["WatchLink", "find_watch_link", "guess_people"]

#: Words a "watch the episode" button may consist of, in the archive's languages.
_CUE_WORDS = frozenset(
    [
        "watch",
        "listen",
        "view",
        "see",
        "hear",
        "check",
        "stream",
        "full",
        "the",
        "this",
        "here",
        "now",
        "to",
        "on",
        "in",
        "it",
        "out",
        "at",
        "episode",
        "podcast",
        "video",
        "interview",
        "conversation",
        "discussion",
        "talk",
        "show",
        "audio",
        "play",
        "download",
        "a",
        "an",
        "of",
        "our",
        "youtube",
        "spotify",
        "apple",
        "podcasts",
        "soundcloud",
        "ouça",
        "ouca",
        "ouvir",
        "assista",
        "ao",
        "à",
        "assistir",
        "escute",
        "veja",
        "o",
        "a",
        "episódio",
        "episodio",
        "aqui",
        "no",
        "na",
        "em",
        "écouter",
        "ecouter",
        "écoutez",
        "regarder",
        "regardez",
        "l",
        "épisode",
        "ici",
        "le",
        "la",
        "sur",
        "hören",
        "anhören",
        "folge",
        "hier",
        "die",
        "der",
        "слушать",
        "слушайте",
        "смотреть",
        "аудио",
        "выпуск",
        "скачать",
        "здесь",
    ]
)
_INTENT = re.compile(
    r"\b(watch|listen|podcast|episode|video|interview|conversation|full|ou[çc]a|assista|"
    r"epis[óo]dio|[ée]couter|[ée]pisode|folge|аудио|слушать|выпуск)\b",
    re.I,
)
_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class WatchLink:
    """An episode link found in a paragraph.

    ``url`` is ``None`` when the link looked like the episode but is not a safe
    URL (``problem`` says why); ``button`` is true when the paragraph was only the
    link and its cue, so it may go.
    """

    url: str | None
    problem: str = ""
    button: bool = True


def find_watch_link(text: str) -> WatchLink | None:
    """Recognize the episode link of a paragraph; ``None`` if it has none.

    The paragraph must hold exactly one link, or links of which one is an audio
    file. YouTube links and audio files need nothing else; links to other hosts
    need a cue ("watch", "listen", "episode" …) in or around the link.
    """
    links = find_links(text)
    audio = [link for link in links if _is_audio(link.url)]
    if len(links) != 1 and len(audio) != 1:
        return None
    link = audio[0] if len(links) != 1 else links[0]
    around = _WORD.findall(text[: link.start] + " " + text[link.end :])
    button = len(links) == 1 and all(word.lower() in _CUE_WORDS for word in around)
    intent = _INTENT.search(link.text + " " + " ".join(around))
    try:
        video = recognize_video(link.url)
    except UnsafeURL as exc:
        if intent:
            return WatchLink(None, f"episode link not converted: {exc}", button=False)
        return None
    # In a sentence, a video link is the episode only when the words say so.
    if intent or is_audio_url(video.url) or (button and video.is_youtube):
        return WatchLink(video.url, button=button)
    return None


def _is_audio(url: str) -> bool:
    try:
        return is_audio_url(recognize_video(url).url)
    except UnsafeURL:
        return False
