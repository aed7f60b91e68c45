"""Site-generator syntax, players, time codes, quote recognizers and title patterns, each alone."""

# ruff: noqa: RUF001, E501  (non-ASCII dashes and quotes, and long rows, are test data)

from __future__ import annotations

import pytest

from sphinx_podcast_ext.importer.links import even_heading_levels, rewrite_links
from sphinx_podcast_ext.importer.people import guess_people
from sphinx_podcast_ext.importer.quotes import (
    Quote,
    parse_attribution_line,
    parse_blockquote,
    parse_quote_item,
)
from sphinx_podcast_ext.importer.syntax import EMBED_TOKENS, convert_syntax, embed_url
from sphinx_podcast_ext.importer.timecodes import link_timecodes


def _convert(text: str, **kwargs: str) -> tuple[str, list[tuple[str | None, int | None]]]:
    result = convert_syntax(text.split("\n"), **kwargs)
    embeds = [(embed.url, embed.start) for embed in result.embeds]
    return EMBED_TOKENS.sub("<P>", "\n".join(result.lines)), embeds


# -- players ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("src", "url"),
    [
        ("https://www.youtube.com/embed/dQw4w9WgXcQ?start=95", "https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=95s"),
        ("https://open.spotify.com/embed/episode/4rOo?utm_source=generator", "https://open.spotify.com/episode/4rOo"),
        ("https://embed.podcasts.apple.com/us/podcast/x/id1?i=2", "https://podcasts.apple.com/us/podcast/x/id1?i=2"),
        ("https://w.soundcloud.com/player/?url=https%3A//api.soundcloud.com/tracks/123&color=ff5500", "https://api.soundcloud.com/tracks/123"),
        ("https://anchor.fm/show/embed/episodes/Ep-1-e1", "https://anchor.fm/show/episodes/Ep-1-e1"),
        ("https://www.buzzsprout.com/1/2-ep.js?container_id=x&player=small", "https://www.buzzsprout.com/1/2-ep"),
        ("//html5-player.libsyn.com/embed/episode/id/9/", "https://html5-player.libsyn.com/embed/episode/id/9/"),
        ("javascript:alert(1)", None),
    ],
)  # fmt: skip
def test_player_addresses(src: str, url: str | None) -> None:
    assert embed_url(src)[0] == url


def test_players_leave_the_body() -> None:
    text, embeds = _convert(
        'Intro.\n<iframe src="https://open.spotify.com/embed/episode/abc" width="100%">\n'
        "</iframe>\n"
        '<audio controls><source src="https://x.example/a.mp3" type="audio/mpeg"></audio>\n'
        '<div id="buzzsprout-player-1"></div>\n'
        '<script src="https://www.buzzsprout.com/1/2.js?player=small"></script>\n'
        "<script>alert(1)</script>"
    )
    assert embeds == [
        ("https://open.spotify.com/episode/abc", None),
        ("https://x.example/a.mp3", None),
        ("https://www.buzzsprout.com/1/2", None),
    ]
    assert text.split("\n") == ["Intro.", "<P>", "<P>", "", "<P>", "<script>alert(1)</script>"]
    assert convert_syntax(
        ["Intro.", '<iframe src="https://youtu.be/dQw4w9WgXcQ">', "</iframe>", "After."]
    ).linenos == [1, 2, 4]


def test_widget_scripts_go_with_a_note_and_inline_scripts_stay() -> None:
    result = convert_syntax(
        [
            '<script async src="https://platform.twitter.com/widgets.js"></script>',
            "<script>x()</script>",
        ]
    )
    assert result.lines == ["", "<script>x()</script>"]
    assert result.embeds == []
    assert result.notes == [
        (1, "a <script src='https://platform.twitter.com/widgets.js'> (not a player) was removed")
    ]


def test_an_embedded_page_that_is_no_player_becomes_a_link() -> None:
    text, embeds = _convert('<iframe src="https://maps.example.org/x"></iframe>')
    assert (text, embeds) == ("[https://maps.example.org/x](https://maps.example.org/x)", [])


def test_buttons_keep_their_text_and_attributes_are_scrubbed() -> None:
    text, _ = _convert(
        '<button onclick="play()">Play <b>now</b></button> '
        '<a href="https://x.org" target="_blank" style="c">x</a>'
    )
    assert text == 'Play now <a href="https://x.org">x</a>'


# -- Hugo, Liquid, Obsidian ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "converted", "embeds"),
    [
        ("{{< youtube dQw4w9WgXcQ >}}", "<P>", [("https://www.youtube.com/watch?v=dQw4w9WgXcQ", None)]),
        ('{{< youtube id="dQw4w9WgXcQ" start="30" >}}', "<P>", [("https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=30s", 30)]),
        ('{{< podcast id="ep-1" >}}', "<P>", [(None, None)]),
        ('[x]({{< ref "posts/other.md" >}})', "[x](posts/other.md)", []),
        ('[x]({{< relref "other" >}})', "[x](other)", []),
        ('{{< tweet user="ana" id="12" >}}', "[Post by @ana](https://twitter.com/ana/status/12)", []),
        ("{{</* youtube x */>}}", "`{{< youtube x >}}`", []),
        ("{% include youtube.html id=\"dQw4w9WgXcQ\" %}", "<P>", [("https://www.youtube.com/watch?v=dQw4w9WgXcQ", None)]),
        ("{% include audio.html %}", "<P>", [(None, None)]),
        ("[old]({% post_url 2020-01-01-x %})", "[old](2020-01-01-x)", []),
        ("[a]({{ site.baseurl }}/2/)", "[a](/2/)", []),
        ("{% raw %}{{ page.x }}{% endraw %}", "`{{ page.x }}`", []),
        ("[[Note|the note]] and [[Other]]", "[the note](<wiki:Note>) and [Other](<wiki:Other>)", []),
        ("A line ^q1", "A line", []),
        ("%%hidden%%", "% hidden", []),
    ],
)  # fmt: skip
def test_site_generator_syntax(source: str, converted: str, embeds: list[object]) -> None:
    assert _convert(source) == (converted, embeds)


def test_figures_and_notices() -> None:
    text, _ = _convert(
        '{{< figure src="/img/a.png" caption="A chart" >}}\n\n{{% notice info %}}\nHi.\n'
        "{{% /notice %}}",
        base_url="https://old.example.org",
    )
    assert text.split("\n") == [
        "",
        "```{figure} https://old.example.org/img/a.png",
        ":alt: A chart",
        "",
        "A chart",
        "```",
        "",
        "",
        "",
        "````{note}",
        "Hi.",
        "````",
        "",
    ]


def test_callouts_become_admonitions_and_quotes_stay_quotes() -> None:
    text, _ = _convert("> [!info] Episode Info\n> - one\n\n> [!quote] On weight\n> Words.\n> — Ana")
    assert text.split("\n") == [
        "```{admonition} Episode Info",
        ":class: note",
        "- one",
        "```",
        "",
        "",
        "**On weight**",
        "",
        "> Words.",
        "> — Ana",
    ]


def test_unknown_syntax_is_kept_visible_with_a_note_at_its_line() -> None:
    result = convert_syntax(["", "Text {% if x %}maybe{% endif %}."], 7)
    assert result.lines[1] == "Text `{% if x %}`maybe`{% endif %}`."
    assert result.unknown == [(8, "{% if x %}"), (8, "{% endif %}")]
    assert [line for line, _message in result.notes] == [8, 8]


def test_fenced_code_is_left_alone() -> None:
    lines = ["```", "{{< youtube x >}} <!-- c --> [[w]]", "```"]
    assert convert_syntax(lines).lines == lines


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("<!-- c -->", "% c"),
        ("a <!-- c --> b", "a  b"),
        ("<!--> seen", " seen"),
        ("<!---> seen -->", " seen -->"),
        ("<!-- a --!> seen", " seen"),
    ],
)
def test_html_comments_follow_the_html_spec(text: str, kept: str) -> None:
    assert _convert(text)[0] == kept


# -- links and headings -------------------------------------------------------------------------


def test_links_between_posts_and_to_the_old_site() -> None:
    posts = {"other": "20240101-other", "Note": "20240102-note"}
    lines = [
        "[a](/2024/01/01/other.html) [b](<wiki:Note>) [c](<wiki:Gone>) [d](/about/)",
        "![pic](/img/p.png) [e](tel:123) [f](#top) `[g](/x)` [h](https://x.org/)",
    ]
    out, notes = rewrite_links(
        lines,
        lambda target: (
            posts.get(target.strip("/").split("/")[-1].removesuffix(".html")) or posts.get(target)
        ),
        "",
    )
    assert out == [
        "[a](20240101-other.md) [b](20240102-note.md) c d",
        "pic (/img/p.png) e f `[g](/x)` [h](https://x.org/)",
    ]
    assert len(notes) == 5
    absolute, _ = rewrite_links(
        ["[d](/about/us/)", "![p](/p.png)"], lambda t: None, "https://old.org"
    )
    assert absolute == ["[d](https://old.org/about/us/)", "![p](https://old.org/p.png)"]


def test_headings_never_skip_a_level() -> None:
    lines = ["# T", "### a", "#### b", "```", "##### code", "```", "## c", "###### d"]
    assert even_heading_levels(lines) == [
        "# T",
        "## a",
        "### b",
        "```",
        "##### code",
        "```",
        "## c",
        "### d",
    ]


# -- time codes ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "converted"),
    [
        ("- 12:34 Intro", "- {timestamp}`12:34` Intro"),
        ("[@11:24] aside", "{timestamp}`11:24` aside"),
        ("at (1:02:03).", "at ({timestamp}`1:02:03`)."),
        ("- Topic - *00:37:02*.", "- Topic - *{timestamp}`00:37:02`*."),
        ("[12:34] item", "[{timestamp}`12:34`] item"),
        ("at 9:30 am and 20:00 UTC", "at 9:30 am and 20:00 UTC"),
        ("at 4:15 in the afternoon", "at 4:15 in the afternoon"),
        ("[12:34](https://x.org/t=12:34) `12:34` 1:75 3.12:30", "[12:34](https://x.org/t=12:34) `12:34` 1:75 3.12:30"),
        ("https://example.org/at/12:34", "https://example.org/at/12:34"),
    ],
)  # fmt: skip
def test_time_codes(line: str, converted: str) -> None:
    assert link_timecodes([line])[0] == [converted]


def test_time_codes_skip_code_and_options_but_not_directive_bodies() -> None:
    lines = ["```", "12:34", "```", "```{key-quote}", ":timestamp: 12:34", "At 12:34.", "```"]
    out, made = link_timecodes(lines)
    assert out[1] == "12:34" and out[4] == ":timestamp: 12:34"
    assert out[5] == "At {timestamp}`12:34`."
    assert made == 1


# -- quotes -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "speaker"),
    [
        ("— Harriet Okoro", ("Harriet Okoro", "", "")),
        ("-- Marcus Feld, Coach", ("Marcus Feld", "Coach", "")),
        ("\\- [@dr_sleep](https://twitter.com/dr_sleep)", ("@dr_sleep", "", "")),
        ("<span>—— 张伟 · [21:33]</span>", ("张伟", "", "21:33")),
        ("— Priya Raman (12:34)", ("Priya Raman", "", "12:34")),
        ("~ **Ana Lima**, Host", ("Ana Lima", "Host", "")),
        ("—— 佐藤花子 · [21:33]", ("佐藤花子", "", "21:33")),
        ("— Karim Benali, animateur", ("Karim Benali", "animateur", "")),
        ("— a whole sentence that is surely not anybody's name at all, is it?", None),
        ("No dash here", None),
        ("— [@not a handle](https://x.org)", None),
    ],
)
def test_attribution_lines(line: str, speaker: tuple[str, str, str] | None) -> None:
    assert parse_attribution_line(line) == speaker


def test_a_bilingual_quote_stays_whole() -> None:
    lines = ["> Original words.", ">", "> Translated words.", ">", "> — Otavio Salvador"]
    assert parse_blockquote(lines) == [
        Quote(("Original words.", "", "Translated words."), "Otavio Salvador")
    ]


def test_quotation_marks_around_the_whole_text_go() -> None:
    assert parse_blockquote(["> 「完璧を待つな。」", "> —— 山田太郎"]) == [
        Quote(("完璧を待つな。",), "山田太郎")
    ]


def test_a_blockquote_without_attribution_gets_no_speaker() -> None:
    assert parse_blockquote(["> Just words.", "> More words."]) is None
    assert parse_blockquote(["> — Ana Lima"]) is None


@pytest.mark.parametrize(
    ("item", "quote"),
    [
        ('"Short." — Nina Park', Quote(("Short.",), "Nina Park")),
        ('"Timed." — Dr. Mei Tanaka [17:02]', Quote(("Timed.",), "Dr. Mei Tanaka", "", "17:02")),
        ('**Jun Park:** "A grant." (33:10)', Quote(("A grant.",), "Jun Park", "", "33:10")),
        ('Ava Brooks: "Coffee."', Quote(("Coffee.",), "Ava Brooks")),
        ("No quote here", None),
        ('"No speaker."', None),
    ],
)
def test_quote_section_items(item: str, quote: Quote | None) -> None:
    assert parse_quote_item(item) == quote


# -- titles -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "found"),
    [
        ("Ben Edmunds (Wayfair)", {"guest": "Ben Edmunds"}),
        ("Pavex with Luca Palmieri", {"guest": "Luca Palmieri"}),
        ("Episódio 150: Otavio Salvador - Linguagem Rust", {"guest": "Otavio Salvador"}),
        ("#123 – Grace Hopper: Compilers for Everyone", {"guest": "Grace Hopper"}),
        ("Episode 12: Ana Lima e Bo Chen - Dados", {"guest": "Ana Lima, Bo Chen"}),
        ("Building apps with Python", {}),
        ("Episode 12: Kubernetes - intro", {}),
        ("Folge 4: Zu Gast bei Miriam Hahn", {}),
        ("Радио-Т 2001", {}),
    ],
)
def test_title_patterns(title: str, found: dict[str, str]) -> None:
    assert guess_people(title) == found
