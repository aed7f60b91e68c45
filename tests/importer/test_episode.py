"""The episode link and the guest/show guesses from titles."""

# ruff: noqa: RUF001  (curly quotes, dashes and full-width letters are test data)

from __future__ import annotations

import pytest

from sphinx_podcast_ext.importer.episode import WatchLink, find_watch_link, guess_people
from sphinx_podcast_ext.media import recognize_video


@pytest.mark.parametrize(
    ("text", "url"),
    [
        (
            '<a href="https://youtube.com/watch?v=Wo95ob_s_NI" target="_blank">'
            "Watch the podcast here!</a>",
            "https://youtube.com/watch?v=Wo95ob_s_NI",
        ),
        (
            "[Watch the full episode](https://youtu.be/dQw4w9WgXcQ?t=95)",
            "https://youtu.be/dQw4w9WgXcQ?t=95",
        ),
        (
            "Watch the episode: <https://www.youtube.com/shorts/ABCDEFGHIJK>",
            "https://www.youtube.com/shorts/ABCDEFGHIJK",
        ),
        (
            "<a href='https://www.youtube.com/embed/abcDEF12345' class=\"ep\">▶ Episode</a>",
            "https://www.youtube.com/embed/abcDEF12345",
        ),
        (
            "Full conversation: [on YouTube Live](https://www.youtube.com/live/LiveID12345?si=share)",
            "https://www.youtube.com/live/LiveID12345?si=share",
        ),
        (
            "Check out the discussion [here](https://m.youtube.com/watch?v=MobileID123&t=1h2m3s)!",
            "https://m.youtube.com/watch?v=MobileID123&t=1h2m3s",
        ),
        (
            '<a href="https://www.youtube.com/watch?v=NestedVid01&amp;t=42s">Watch</a>',
            "https://www.youtube.com/watch?v=NestedVid01&t=42s",
        ),
        (
            "**[Any text at all](https://www.youtube.com/watch?v=Wo95ob_s_NI)**",
            "https://www.youtube.com/watch?v=Wo95ob_s_NI",
        ),
        ("https://youtu.be/dQw4w9WgXcQ", "https://youtu.be/dQw4w9WgXcQ"),
        (
            "[Listen to the podcast on Spotify](https://open.spotify.com/episode/4rOoJ6Egrf8K)",
            "https://open.spotify.com/episode/4rOoJ6Egrf8K",
        ),
        ('[Watch it](<https://vimeo.com/123456> "title")', "https://vimeo.com/123456"),
    ],
)
def test_watch_links(text: str, url: str) -> None:
    assert find_watch_link(text) == WatchLink(url)


def test_start_time_stays_in_the_url() -> None:
    link = find_watch_link("[Watch](https://youtu.be/dQw4w9WgXcQ?t=95)")
    assert link is not None and link.url is not None
    assert recognize_video(link.url).start == 95


@pytest.mark.parametrize(
    "text",
    [
        "Read another blog about [A post](./a-post)",
        "[A blog](https://example.com/blog) about something",
        "See [one](https://youtu.be/dQw4w9WgXcQ) and [two](https://youtu.be/dQw4w9WgXcQ)",
        "In this long paragraph we link [a talk](https://youtu.be/dQw4w9WgXcQ) in passing, "
        "as one does when writing many words about many other things at once.",
        "[Our website](https://example.com)",
    ],
)
def test_not_watch_links(text: str) -> None:
    assert find_watch_link(text) is None


@pytest.mark.parametrize(
    ("text", "url"),
    [
        (
            "Watch this [episode](https://youtu.be/dQw4w9WgXcQ) because the guest reveals the "
            "real launch date.",
            "https://youtu.be/dQw4w9WgXcQ",
        ),
        (
            "[аудио](https://cdn.example.org/rt_1020.mp3) • [лог чата](https://chat.example.org/1)",
            "https://cdn.example.org/rt_1020.mp3",
        ),
    ],
)
def test_links_inside_sentences_give_the_url_and_keep_the_words(text: str, url: str) -> None:
    assert find_watch_link(text) == WatchLink(url, button=False)


def test_unsafe_watch_link_is_reported_not_converted() -> None:
    link = find_watch_link("[Watch the podcast](javascript:alert(1))")
    assert link is not None
    assert link.url is None
    assert link.problem.startswith("episode link not converted: only http and https")


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        (
            "John Schulman (OpenAI Cofounder) - Reasoning, RLHF, & Plan for 2027 AGI",
            {"guest": "John Schulman"},
        ),
        (
            "Ada Lovelace (Mathematician) – Notes on the Analytical Engine",
            {"guest": "Ada Lovelace"},
        ),
        (
            "Jane Doe: Building Acme From Zero | The Founder Show E42",
            {"guest": "Jane Doe", "show": "The Founder Show"},
        ),
        ("Bastian Lehmann: How the Uber Deal Went Down | E1137", {"guest": "Bastian Lehmann"}),
        (
            "Grace Hopper & Alan Kay: The Future | Tech Talks Episode 7",
            {"guest": "Grace Hopper, Alan Kay", "show": "Tech Talks"},
        ),
        (
            "Ludwig van Beethoven: Ninth | Classics Ep. 9",
            {"guest": "Ludwig van Beethoven", "show": "Classics"},
        ),
        ("Why Sleep Matters More Than You Think", {}),
        ("AI in 2024: What changed | Weekly E5", {}),
        ("the big question: who knows | Show E1", {}),
        ("Title With (Parens) But No Dash", {}),
        ("Guest: Topic without a show number", {}),
    ],
)
def test_guess_people(title: str, expected: dict[str, str]) -> None:
    assert guess_people(title) == expected
