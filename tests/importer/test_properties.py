"""Property tests: importing generated posts keeps their text and is idempotent."""

# ruff: noqa: RUF001  (curly quotes, dashes and full-width letters are test data)

from __future__ import annotations

import datetime as dt
import io
import tempfile
from dataclasses import dataclass
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sphinx_podcast_ext.importer import ImportOptions, import_posts
from sphinx_podcast_ext.importer.report import Reporter

from .conftest import snapshot

_WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyzéü", min_size=1, max_size=8)
_NAME_WORD = st.builds(
    lambda first, rest: first + rest,
    st.sampled_from("ABCDEFGHJKLMNOPRSTVWÉ"),
    st.text(alphabet="abcdefghijklmnoprstuvwyzé", min_size=1, max_size=7),
)
_NAME = st.lists(_NAME_WORD, min_size=1, max_size=3).map(" ".join)
_VIDEO_ID = st.text(
    alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-",
    min_size=11,
    max_size=11,
)
_SOCIAL = ["Innovation", "AI", "Health", "C++", "a, b"]


def _sentence(words: list[str], end: str) -> str:
    text = " ".join(words)
    return text[:1].upper() + text[1:] + end


_SENTENCE = st.builds(
    _sentence, st.lists(_WORD, min_size=2, max_size=10), st.sampled_from([".", "!", "?"])
)
_PARAGRAPH = st.lists(_SENTENCE, min_size=1, max_size=4).map(" ".join)


@dataclass
class GeneratedQuote:
    text: str
    speaker: str
    role: str
    marks: tuple[str, str]
    dash: str
    bold: bool
    lead: bool

    def markdown(self) -> str:
        who = f"**{self.speaker}**" if self.bold else self.speaker
        if self.role:
            who += f", {self.role}"
        lead = "**Key Quote:**\n\n" if self.lead else ""
        return f"{lead}> {self.marks[0]}{self.text}{self.marks[1]} {self.dash} {who}"


_QUOTE = st.builds(
    GeneratedQuote,
    text=_PARAGRAPH,
    speaker=_NAME,
    role=st.one_of(st.just(""), _NAME),
    marks=st.sampled_from([('"', '"'), ("“", "”"), ("‘", "’"), ("'", "'")]),
    dash=st.sampled_from(["-", "–", "—", "--"]),
    bold=st.booleans(),
    lead=st.booleans(),
)
_WATCH = st.builds(
    lambda form, vid, anchor: (
        f'<a href="{form.format(vid)}" target="_blank">Watch the podcast here!</a>'
        if anchor
        else f"[Watch the podcast here!]({form.format(vid)})"
    ),
    st.sampled_from(
        [
            "https://youtube.com/watch?v={}",
            "https://www.youtube.com/watch?v={}&t=95s",
            "https://youtu.be/{}",
            "https://www.youtube.com/shorts/{}",
            "https://m.youtube.com/watch?v={}",
        ]
    ),
    _VIDEO_ID,
    st.booleans(),
)


@dataclass
class GeneratedPost:
    title: str
    date: dt.date
    tags: list[str]
    headline: str
    paragraphs: list[str]
    quotes: list[GeneratedQuote]
    watch: str | None
    related: str | None
    crlf: bool

    def text(self) -> str:
        title = self.title.replace("\\", "\\\\").replace('"', '\\"')
        tags = ", ".join(f'"{t}"' for t in self.tags)
        parts = [f"## {self.headline}"]
        for index, paragraph in enumerate(self.paragraphs):
            parts.append(paragraph)
            if index < len(self.quotes):
                parts.append(self.quotes[index].markdown())
        parts.extend(q.markdown() for q in self.quotes[len(self.paragraphs) :])
        if self.watch:
            parts.extend(["---", self.watch, "---"])
        if self.related:
            parts.append(f"**Read another blog about [{self.related}](./{self.related.lower()})**")
        text = (
            f'---\ntitle: "{title}"\ndate: "{self.date.isoformat()}"\ntags: [{tags}]\n---\n\n'
            + "\n\n".join(parts)
            + "\n"
        )
        return text.replace("\n", "\r\n") if self.crlf else text


_POST = st.builds(
    GeneratedPost,
    title=st.text(min_size=1, max_size=60).filter(lambda t: t.strip() and t.isprintable()),
    date=st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 1, 1)),
    tags=st.lists(st.sampled_from(_SOCIAL), max_size=3, unique=True),
    headline=_PARAGRAPH,
    paragraphs=st.lists(_PARAGRAPH, min_size=1, max_size=4),
    quotes=st.lists(_QUOTE, max_size=3),
    watch=st.one_of(st.none(), _WATCH),
    related=st.one_of(st.none(), _NAME),
    crlf=st.booleans(),
)


def _import(src: Path, out: Path) -> tuple[int, str]:
    stdout, stderr = io.StringIO(), io.StringIO()
    report = import_posts([src], ImportOptions(into=out), Reporter(stdout, stderr))
    return report.failed, stderr.getvalue()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_POST, min_size=1, max_size=4))
def test_generated_posts_survive_and_reimport_identically(posts: list[GeneratedPost]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        src, out = Path(folder, "src"), Path(folder, "out")
        src.mkdir()
        for number, post in enumerate(posts):
            Path(src, f"{number:03d}.txt").write_bytes(post.text().encode("utf-8"))
        failed, errors = _import(src, out)
        assert failed == 0, errors
        pages = sorted(out.iterdir())
        assert len(pages) == len(posts)  # unique names, one page per post
        combined = "\n".join(p.read_text(encoding="utf-8") for p in pages)
        for post in posts:
            for paragraph in [post.headline, *post.paragraphs]:
                assert paragraph in combined
            for quote in post.quotes:
                assert f"```{{key-quote}}\n:speaker: {quote.speaker}\n" in combined
                assert f"\n{quote.text}\n```" in combined
                assert "**Key Quote:**" not in combined
        before = snapshot(out)
        assert _import(src, out)[0] == 0
        assert snapshot(out) == before


_LINE = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\x00"),
    max_size=40,
)
_MARKDOWNISH = st.sampled_from(
    [
        "> ",
        '> "',
        "” — **",
        "**Key Quote:**",
        "---",
        "```",
        "* ",
        "[Watch](https://youtu.be/",
        "Read another blog about [",
        "](./",
        ":",
        "#",
        "<a href='",
        "'>x</a>",
        "",
        "1. ",
    ]
)


@settings(max_examples=80, deadline=None)
@given(st.lists(st.one_of(_LINE, _MARKDOWNISH, st.lists(_MARKDOWNISH, max_size=4).map("".join))))
def test_arbitrary_bodies_import_and_reimport_identically(lines: list[str]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        src, out = Path(folder, "src"), Path(folder, "out")
        src.mkdir()
        body = "\n".join(lines)
        Path(src, "post.md").write_text(
            f'---\ntitle: "Arbitrary"\ndate: 2024-01-01\n---\n{body}\n', encoding="utf-8"
        )
        assert _import(src, out)[0] == 0
        before = snapshot(out)
        assert _import(src, out)[0] == 0
        assert snapshot(out) == before
