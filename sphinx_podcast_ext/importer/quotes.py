"""Recognizing attributed quotes. Each recognizer is documented (``docs/import.md``) and
tested on its own; a quote without an attribution is never given a speaker.

* :func:`parse_attributed` — text in quotation marks, a dash, the speaker, on one
  paragraph: ``"…" - **Speaker**, Role [12:34]``.
* :func:`parse_blockquote` — a block quote made of such quotes, or one whose last
  line is an attribution line (:func:`parse_attribution_line`: ``— Name``,
  ``-- Name``, ``\\- [@handle](url)``, ``<span>—— Name · [21:33]</span>``, ``~ Name``);
  everything above that line is the quote, kept whole (so a bilingual quote, the
  original and its translation, stays one quote).
* :func:`parse_quote_item` — a bullet of a "Notable quotes" section:
  ``"…" — Name`` or ``**Name:** "…"``.

A speaker may be bold, italic, plain, a link (``[Name](url)``) or a handle
(``@handle``); a role follows after a comma or in parentheses; a timestamp beside
the speaker (``[12:34]``, ``(1:02:33)``, ``· 21:33``, ``[@11:24]``) becomes the
quote's ``:timestamp:``.
"""

# ruff: noqa: RUF001  (non-ASCII dashes, quotes and letters are data)

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..media import InvalidTimestamp, format_timestamp, parse_timestamp

__all__ = [
    "QUOTE_SECTION",
    "Quote",
    "blockquote_lines",
    "is_lead_line",
    "parse_attributed",
    "parse_attribution_line",
    "parse_blockquote",
    "parse_quote_item",
    "strip_lead",
]

_OPEN = "\"\u201c\u2018'\u00ab\u201e\u300c\u300e"
_CLOSE = "\"\u201d\u2019'\u00bb\u201c\u300d\u300f"
_DASH = "(?:--?|\u2013|\u2014{1,2}|\u2015{1,2}|\u2012)"
_ATTRIBUTED = re.compile(
    rf"^\s*[{_OPEN}](?P<text>.*\S)\s*[{_CLOSE}]\s*[,.]?\s*{_DASH}\s*(?P<who>\S.*?)\s*$",
    re.S,
)
#: An attribution inside a quote's text means it is really two quotes.
_INNER_ATTRIBUTION = re.compile(rf"[{_CLOSE}]\s*{_DASH}\s*(\*\*|__)")
_LEAD = re.compile(
    r"^\s*(?:\*\*|__|\*|_)?\s*key\s+quotes?\s*(?::\s*(?:\*\*|__|\*|_)?|(?:\*\*|__|\*|_)\s*:?)\s*",
    re.I,
)
_LEAD_ONLY = re.compile(
    r"^\s*(?:\*\*|__|\*|_)?\s*key\s+quotes?\s*:?\s*(?:\*\*|__|\*|_)?\s*:?\s*$", re.I
)
#: An attribution line: an optional HTML wrapper, a dash (or ``~``), the speaker.
_ATTRIBUTION_LINE = re.compile(
    rf"^\s*(?:<(?:span|cite|small|p|em|i)\b[^>]*>\s*)*(?:\\?{_DASH}|~)\s*(?P<who>\S.*?)"
    r"\s*(?:</(?:span|cite|small|p|em|i)>\s*)*$"
)
_EMPHASIZED = re.compile(r"^(?P<mark>\*{1,3}|_{1,3})(?P<inner>[^*_]+?)(?P=mark)(?P<rest>.*)$")
_LINKED = re.compile(r"^\[(?P<text>[^\[\]]+)\]\((?P<url>[^()\s]+)\)(?P<rest>.*)$")
_TIMESTAMP = re.compile(
    r"\s*(?:[·•|,@–—-]\s*)?(?:[\[(]\s*@?\s*(?P<a>\d{1,2}(?::\d{2}){1,2})\s*[\])]"
    r"|@?(?P<b>\d{1,2}(?::\d{2}){1,2}))$"
)
_PAREN_ROLE = re.compile(r"^(?P<name>[^()]+?)\s*\((?P<role>[^()]+)\)$")
_FORBIDDEN = re.compile(r"[\[\]<>`|\\\n{}]")
_QUOTE_PREFIX = re.compile(r"^ {0,3}> ?")
_TAG = re.compile(r"</?[A-Za-z][^>]*>")
_HANDLE = re.compile(r"^@[\w.]{1,40}$")
_ITEM_SPEAKER_FIRST = re.compile(
    rf"^(?:\*\*(?P<bold>[^*]+?):?\*\*:?|(?P<plain>[^\W\d][^:\"“«]{{0,60}}?):)\s*"
    rf"[{_OPEN}](?P<text>.*\S)[{_CLOSE}]\s*(?P<stamp>[\[(]\s*\d{{1,2}}(?::\d{{2}}){{1,2}}\s*[\])])?\s*$",
    re.S,
)
#: Headings of "notable quotes" sections, in the archive's languages.
QUOTE_SECTION = re.compile(
    r"^\W*(?:notable|key|memorable|best|favou?rite|top)?\s*quotes?\W*$|"
    r"^\W*(?:citações|citacoes|frases|citas|citations|zitate|цитаты|名言|引用|金句|语录|語録)\W*$",
    re.I,
)
MAX_NAME = 80
MAX_ROLE = 200


@dataclass(frozen=True, slots=True)
class Quote:
    """An attributed quote: its Markdown text lines, speaker, role and timestamp."""

    lines: tuple[str, ...]
    speaker: str
    role: str = ""
    timestamp: str = ""


def is_lead_line(line: str) -> bool:
    """Whether *line* is only a ``**Key Quote:**`` lead-in."""
    return bool(_LEAD_ONLY.match(line))


def strip_lead(text: str) -> str | None:
    """The text after a leading ``**Key Quote:**`` marker, or ``None`` if there is none."""
    match = _LEAD.match(text)
    return text[match.end() :] if match else None


def blockquote_lines(lines: Sequence[str]) -> list[str]:
    """A block quote's content lines: one ``>`` (and one space) removed from each."""
    return [_QUOTE_PREFIX.sub("", line, count=1) for line in lines]


def parse_blockquote(lines: Sequence[str]) -> list[Quote] | None:
    """The attributed quotes a block quote consists of, or ``None`` if it is anything else."""
    inner = blockquote_lines(lines)
    while inner and not inner[0].strip():
        inner.pop(0)
    while inner and not inner[-1].strip():
        inner.pop()
    if inner and is_lead_line(inner[0]):
        inner.pop(0)
    elif inner:
        rest = strip_lead(inner[0])
        if rest is not None:
            inner[0] = rest
    if any(line.lstrip().startswith(">") for line in inner):
        return None  # a nested quote: left alone
    paragraphs = _paragraphs(inner)
    if len(paragraphs) > 1:
        quotes = [parse_attributed(p) for p in paragraphs]
        if all(q is not None for q in quotes):
            return [q for q in quotes if q is not None]
    quote = parse_attributed("\n".join(inner))
    if quote is not None:
        return [quote]
    last = _with_attribution_line(inner)
    return [last] if last is not None else None


def _with_attribution_line(inner: list[str]) -> Quote | None:
    """A quote whose last line is ``— Speaker``; the lines above it are the quote."""
    if len(inner) < 2:
        return None
    speaker = parse_attribution_line(inner[-1])
    if speaker is None:
        return None
    text = inner[:-1]
    while text and not text[-1].strip():
        text.pop()
    if not text or not any(line.strip() for line in text):
        return None
    name, role, timestamp = speaker
    return Quote(tuple(_unquote(text)), name, role, timestamp)


def _unquote(lines: list[str]) -> list[str]:
    """Drop quotation marks that wrap the whole text (the directive shows it as a quote)."""
    lines = [line.rstrip() for line in lines]
    lines[0] = lines[0].lstrip()
    first, last = lines[0], lines[-1]
    if (
        len(lines) == 1
        and len(first) > 2
        and first[0] in _OPEN
        and first[-1] in _CLOSE
        and not any(c in first[1:-1] for c in '"\u201c\u201d')
    ):
        return [first[1:-1].strip()]
    if len(lines) > 1 and first[:1] in _OPEN and last[-1:] in _CLOSE and first[:1] != "'":
        return [first[1:].lstrip(), *lines[1:-1], last[:-1].rstrip()]
    return lines


def parse_attribution_line(line: str) -> tuple[str, str, str] | None:
    """``(name, role, timestamp)`` of a line such as ``— **Name**, Role · [12:34]``."""
    match = _ATTRIBUTION_LINE.match(line)
    if match is None or "--" in match["who"][:1]:
        return None
    return _parse_speaker(_TAG.sub("", match["who"]).strip(), require_capital=False)


def _paragraphs(lines: Sequence[str]) -> list[str]:
    paragraphs: list[list[str]] = [[]]
    for line in lines:
        if line.strip():
            paragraphs[-1].append(line)
        elif paragraphs[-1]:
            paragraphs.append([])
    return ["\n".join(p) for p in paragraphs if p]


def parse_attributed(text: str) -> Quote | None:
    """Parse ``"text" - Speaker`` (any quote marks, dashes and speaker forms); else ``None``."""
    match = _ATTRIBUTED.match(text)
    if match is None or _INNER_ATTRIBUTION.search(match["text"]):
        return None
    speaker = _parse_speaker(_TAG.sub("", match["who"]).strip(), require_capital=True)
    if speaker is None:
        return None
    name, role, timestamp = speaker
    lines = match["text"].split("\n")
    lines[0] = lines[0].lstrip()
    return Quote(tuple(line.rstrip() for line in lines), name, role, timestamp)


def parse_quote_item(text: str) -> Quote | None:
    """A bullet of a quotes section: ``"…" — Name`` or ``**Name:** "…"``; else ``None``."""
    quote = parse_attributed(text)
    if quote is not None:
        return quote
    match = _ITEM_SPEAKER_FIRST.match(text.strip())
    if match is None:
        return None
    who = (match["bold"] or match["plain"] or "").strip()
    speaker = _parse_speaker(who, require_capital=match["plain"] is not None)
    if speaker is None:
        return None
    name, role, timestamp = speaker
    if match["stamp"]:
        timestamp = _timestamp(match["stamp"].strip("[]() ")) or ""
    lines = [line.strip() for line in match["text"].split("\n")]
    return Quote(tuple(lines), name, role, timestamp)


def _timestamp(text: str) -> str | None:
    try:
        return format_timestamp(parse_timestamp(text))
    except InvalidTimestamp:
        return None


def _parse_speaker(who: str, *, require_capital: bool) -> tuple[str, str, str] | None:
    """Split ``**Name**, Role [1:02:33]`` into name, role and timestamp."""
    timestamp = ""
    who = who.rstrip(" .")
    stamp = _TIMESTAMP.search(who)
    if stamp and stamp.start() > 0:
        found = _timestamp(stamp["a"] or stamp["b"])
        if found is None:
            return None
        timestamp = found
        who = who[: stamp.start()].rstrip(" ,·•|")
    linked = _LINKED.match(who)
    emphasized = _EMPHASIZED.match(who)
    if linked or emphasized:
        inner = linked["text"] if linked else emphasized["inner"]  # type: ignore[index]
        rest = (linked["rest"] if linked else emphasized["rest"]).strip()  # type: ignore[index]
        name, role = _split_role(inner.strip().strip("*_"))
        if rest:
            if role:
                return None
            parsed = _parse_rest(rest)
            if parsed is None:
                return None
            role = parsed
    else:
        name, role = _split_role(who)
        if require_capital and not _starts_like_a_name(name):
            return None
    role = _unemphasize(role)
    if not _valid_name(name) or len(role) > MAX_ROLE or _FORBIDDEN.search(role):
        return None
    return name, role, timestamp


def _starts_like_a_name(name: str) -> bool:
    first = name[:1]
    # Scripts without case (CJK …) have no capitals to look for.
    return first.isupper() or first == "@" or (first.isalpha() and first.lower() == first.upper())


def _split_role(text: str) -> tuple[str, str]:
    paren = _PAREN_ROLE.match(text)
    if paren:
        return paren["name"].strip(), paren["role"].strip()
    name, _comma, role = text.partition(",")
    return name.strip(), role.strip()


def _parse_rest(rest: str) -> str | None:
    """The role after a bold name: ``, Role`` or ``(Role)``; ``None`` if it is something else."""
    if rest.startswith(","):
        return rest[1:].strip() or None
    if rest.startswith("(") and rest.endswith(")") and "(" not in rest[1:-1]:
        return rest[1:-1].strip() or None
    return None


def _unemphasize(text: str) -> str:
    match = _EMPHASIZED.match(text)
    return match["inner"].strip() if match and not match["rest"] else text


def _valid_name(name: str) -> bool:
    words = name.split()
    return (
        0 < len(name) <= MAX_NAME
        and 0 < len(words) <= 8
        and any(c.isalpha() for c in name)
        and not _FORBIDDEN.search(name)
        and "*" not in name
        and not (name.endswith(".") and len(words[-1]) > 4)
        and not name.endswith(("!", "?", ":", ";"))
        and (not name.startswith("@") or bool(_HANDLE.match(name)))
    )
