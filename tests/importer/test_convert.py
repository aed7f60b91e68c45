"""Body conversion: exact output for whole posts and for each rule."""

from __future__ import annotations

from sphinx_podcast_ext.importer.convert import convert_body, render_body
from sphinx_podcast_ext.importer.quotes import Quote
from sphinx_podcast_ext.importer.related import RelatedLink


def _convert(text: str, entries: list[tuple[str, str]] | None = None) -> str:
    converted = convert_body(text.split("\n"))
    default = [(link.title, link.target) for link in converted.related]
    return "\n".join(render_body(converted, default if entries is None else entries))


SAMPLE_TAIL = (
    "Schulman emphasizes safety.\n"
    "\n"
    "**Key Quote:** \n"
    "\n"
    '> "I hope the form factor would basically be that people are still driving all this."'
    " - **John Schulman**\n"
    "\n"
    "This conversation reveals a glimpse.\n"
    "\n"
    "---\n"
    "\n"
    '<a href="https://youtube.com/watch?v=Wo95ob_s_NI" target="_blank">'
    "Watch the podcast here!</a>\n"
    "\n"
    "\n"
    "---\n"
    "\n"
    "**Read another blog about [Bastian Lehmann: How | E1137]"
    "(./20240408-bastilehmann-20vcwithharrystebbings)**"
)


def test_sample_tail() -> None:
    converted = convert_body(SAMPLE_TAIL.split("\n"), 40)
    assert converted.episode_url == "https://youtube.com/watch?v=Wo95ob_s_NI"
    assert converted.quotes == [
        Quote(
            ("I hope the form factor would basically be that people are still driving all this.",),
            "John Schulman",
        )
    ]
    assert converted.related == [
        RelatedLink(
            "Bastian Lehmann: How | E1137", "20240408-bastilehmann-20vcwithharrystebbings", 55
        )
    ]
    body = render_body(converted, [("Bastian Lehmann: How | E1137", "20240408-bastilehmann")])
    assert "\n".join(body) == (
        "Schulman emphasizes safety.\n"
        "\n"
        "```{key-quote}\n"
        ":speaker: John Schulman\n"
        "I hope the form factor would basically be that people are still driving all this.\n"
        "```\n"
        "\n"
        "This conversation reveals a glimpse.\n"
        "\n"
        "```{related-posts}\n"
        "Bastian Lehmann: How | E1137 <20240408-bastilehmann>\n"
        "```"
    )


def test_everything_else_is_verbatim() -> None:
    text = (
        "## Heading  \n\n\n"
        "Para with <b>inline html</b> and trailing spaces.   \n"
        "* **Lead:** text\n"
        "* **Other:** text\n\n"
        "> A plain aside.\n\n"
        "---\n\n"
        "Text after a rule that frames nothing converted.\n"
        "    indented code\n"
        "<div class='x'>\n"
        "html block\n"
        "</div>"
    )
    assert _convert(text) == text


def test_code_fences_are_untouched() -> None:
    text = (
        "```\n"
        '> "Quote in code" - **Nobody**\n'
        "[Watch](https://youtu.be/dQw4w9WgXcQ)\n"
        "```\n\n"
        "~~~~\n"
        "Read another blog about [X](./x)\n"
        "~~~~"
    )
    converted = convert_body(text.split("\n"))
    assert converted.quotes == [] and converted.related == [] and converted.episode_url is None
    assert _convert(text) == text


def test_lead_dropped_only_when_quote_converted() -> None:
    text = "**Key Quote:**\n\n> Not attributed."
    assert _convert(text) == text


def test_lead_at_end_of_paragraph_is_dropped_alone() -> None:
    text = 'Some text.\n**Key Quote:**\n> "Yes." - **Sam**\n\nAfter.'
    assert _convert(text) == ("Some text.\n\n```{key-quote}\n:speaker: Sam\nYes.\n```\n\nAfter.")


def test_paragraph_quote_after_lead() -> None:
    text = "**Key Quote:**\n\n“Sleep is the best meditation.” — Dalai Lama\n\nAfter."
    assert _convert(text) == (
        "```{key-quote}\n:speaker: Dalai Lama\nSleep is the best meditation.\n```\n\nAfter."
    )


def test_paragraph_quote_without_lead_stays() -> None:
    text = "“A quote in a paragraph.” — Dalai Lama"
    assert _convert(text) == text


def test_several_quotes_in_one_blockquote() -> None:
    text = '> "One." - **A**\n>\n> "Two." - **B**'
    assert _convert(text) == (
        "```{key-quote}\n:speaker: A\nOne.\n```\n\n```{key-quote}\n:speaker: B\nTwo.\n```"
    )


def test_only_the_first_watch_link_becomes_the_episode() -> None:
    text = "[Watch](https://youtu.be/aaaaaaaaaaa)\n\n[Watch again](https://youtu.be/bbbbbbbbbbb)"
    converted = convert_body(text.split("\n"))
    assert converted.episode_url == "https://youtu.be/aaaaaaaaaaa"
    assert "\n".join(render_body(converted, [])) == "[Watch again](https://youtu.be/bbbbbbbbbbb)"


def test_no_episode_search_when_front_matter_has_one() -> None:
    text = "[Watch](https://youtu.be/aaaaaaaaaaa)"
    converted = convert_body([text], find_episode=False)
    assert converted.episode_url is None
    assert render_body(converted, []) == [text]


def test_unsafe_watch_link_is_kept_with_a_note() -> None:
    converted = convert_body(["", "[Watch the podcast](javascript:alert(1))"], 10)
    assert converted.episode_url is None
    assert converted.notes[0][0] == 11
    assert render_body(converted, []) == ["[Watch the podcast](javascript:alert(1))"]


def test_rule_between_content_and_watch_link_keeps_one_separator() -> None:
    text = "Before.\n\n---\n\n[Watch](https://youtu.be/aaaaaaaaaaa)\n\n---\n\nAfter."
    assert _convert(text) == "Before.\n\n---\n\nAfter."


def test_rules_framing_the_end_are_dropped() -> None:
    text = "Before.\n\n***\n\n[Watch](https://youtu.be/aaaaaaaaaaa)\n\n* * *"
    assert _convert(text) == "Before."


def test_several_footers_make_one_directive() -> None:
    text = (
        "Text.\n\n---\n\n**Read another blog about [A](./a)**\n\nRead another blog about [B](./b)\n"
    )
    assert _convert(text, [("A", "a"), ("B", "b-new")]) == (
        "Text.\n\n```{related-posts}\nA <a>\nB <b-new>\n```"
    )


def test_setext_heading_is_not_a_rule() -> None:
    text = "Title\n---\n\n[Watch](https://youtu.be/aaaaaaaaaaa)"
    assert _convert(text) == "Title\n---"
