"""Site-generator syntax in a body: Hugo shortcodes, Liquid/Nunjucks tags, Obsidian
wikilinks, callouts and block ids, HTML comments and players, turned into MyST.

:func:`convert_syntax` rewrites a body's lines (fenced code and inline code are
left alone) and returns what it found:

* players (``<iframe>``, ``<script src>``, ``<audio>``, ``<video>``, Hugo's
  ``{{< youtube ID >}}``, Liquid's ``{% include youtube.html id=… %}`` …) become
  :class:`Embed` records and leave the body: the episode card shows them;
* links (``{{< ref "x" >}}``, ``{% post_url x %}``, ``[[Note|alias]]``) become
  Markdown links with a site-relative target, resolved once every post is known;
* figures, tweets, gists, highlight blocks and notices become MyST figures,
  links, code fences and admonitions; Obsidian callouts become admonitions;
* HTML comments are read as browsers read them (``<!-->`` and ``<!--->`` are
  complete, empty comments) and become MyST ``%`` comments when they stand on
  their own lines; attributes the site's sanitizer would strip are removed.

Anything not understood stays visible as inline code, with a note at its line.
"""

from __future__ import annotations

import html
import re
import shlex
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import parse_qs, unquote, urlsplit, urlunsplit

from ..media import UnsafeURL, recognize_video

__all__ = ["EMBED_TOKEN", "EMBED_TOKENS", "Embed", "SyntaxResult", "convert_syntax", "embed_url"]

#: Where a player was: replaced by nothing (the episode card shows it) or by a link.
EMBED_TOKEN = "\x02{}\x02"
EMBED_TOKENS = re.compile("\x02(\\d+)\x02")

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_SHORTCODE = re.compile(
    r"\{\{(?P<open>[<%])\s*(?P<close>/)?\s*(?P<name>[\w./-]+)(?P<args>.*?)\s*[>%]\}\}", re.S
)
_ESCAPED_SHORTCODE = re.compile(r"\{\{([<%])/\*(.*?)\*/([>%])\}\}", re.S)
_LIQUID_TAG = re.compile(r"\{%-?\s*(?P<name>\w+)(?P<args>.*?)\s*-?%\}", re.S)
_LIQUID_OUTPUT = re.compile(r"\{\{-?\s*(?P<expr>.*?)\s*-?\}\}", re.S)
_WIKILINK = re.compile(
    r"(?P<embed>!)?\[\[(?P<target>[^\[\]|#^]*)(?P<anchor>#[^\[\]|]*)?(?:\|(?P<alias>[^\[\]]*))?\]\]"
)
_BLOCK_ID = re.compile(r"(?:(?<=\s)|^)\^[A-Za-z0-9][A-Za-z0-9-]*\s*$")
_OBSIDIAN_COMMENT = re.compile(r"%%(.*?)%%", re.S)
_CALLOUT = re.compile(r"^ {0,3}> ?\[!(?P<kind>[A-Za-z-]+)\](?P<fold>[-+]?)\s*(?P<title>.*)$")
_PLAYER = re.compile(
    r"<(?P<tag>iframe|audio|video|script|object|embed)\b(?P<attrs>[^>]*)>(?P<inner>.*?)</(?P=tag)\s*>"
    r"|<(?P<lone>iframe|embed|source|audio|video)\b(?P<lone_attrs>[^>]*?)/?>",
    re.I | re.S,
)
_CONTAINER = re.compile(
    r"<div\b[^>]*\bid=[\"'][\w-]*(?:player|podcast|buzzsprout|embed)[\w-]*[\"'][^>]*>\s*</div\s*>",
    re.I,
)
_BUTTON = re.compile(r"<button\b[^>]*>(?P<text>.*?)</button\s*>", re.I | re.S)
_ATTRIBUTE = re.compile(
    r"""\s(?P<name>[^\s"'>/=]+)(?:\s*=\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<uq>[^\s"'=<>`]+)))?"""
)
_START_TAG = re.compile(r"<(?P<tag>[A-Za-z][A-Za-z0-9]*)(?P<attrs>(?:\s[^<>]*?)?)\s*(?P<slash>/?)>")
_KEPT_ATTRIBUTES = {"*": {"title", "lang", "dir", "class"}, "a": {"href", "hreflang"},
                    "img": {"src", "alt", "width", "height"}, "blockquote": {"cite"},
                    "q": {"cite"}, "time": {"datetime"}, "ol": {"start", "reversed", "type"},
                    "td": {"colspan", "rowspan"}, "th": {"colspan", "rowspan", "scope"},
                    "details": {"open"}, "abbr": {"title"}}  # fmt: skip
_CALLOUT_KINDS = {
    "note": "note", "info": "note", "todo": "note", "abstract": "note", "summary": "note",
    "tldr": "note", "example": "note", "question": "note", "help": "note", "faq": "note",
    "tip": "tip", "hint": "hint", "important": "important", "success": "tip", "check": "tip",
    "done": "tip", "warning": "warning", "caution": "caution", "attention": "attention",
    "failure": "danger", "fail": "danger", "missing": "danger", "danger": "danger",
    "error": "error", "bug": "warning", "seealso": "seealso",
}  # fmt: skip
_NOTICE_SHORTCODES = {"notice", "note", "tip", "warning", "info", "alert", "callout",
                      "admonition", "hint", "caution", "important", "danger"}  # fmt: skip
_PLAYER_NAMES = re.compile(
    r"podcast|audio|player|episode|mp3|soundcloud|spotify|buzzsprout|libsyn|anchor|simplecast|"
    r"captivate|transistor|apple|podbean|castos|megaphone|youtube|vimeo|video",
    re.I,
)


@dataclass(frozen=True, slots=True)
class Embed:
    """A player found in the body: its media or page URL (``None`` if it names none)."""

    url: str | None
    line: int
    what: str
    start: int | None = None


@dataclass(slots=True)
class SyntaxResult:
    """The converted lines (with the source line of each), embeds and notes."""

    lines: list[str]
    linenos: list[int]
    embeds: list[Embed] = field(default_factory=list)
    notes: list[tuple[int, str]] = field(default_factory=list)
    unknown: list[tuple[int, str]] = field(default_factory=list)


@dataclass(slots=True)
class _Context:
    base_url: str
    title: str
    result: SyntaxResult
    line: int = 0

    def note(self, message: str) -> None:
        self.result.notes.append((self.line, message))

    def unknown(self, text: str, what: str) -> str:
        shown = " ".join(text.split())
        self.result.unknown.append((self.line, shown))
        self.note(f"{what} not understood, kept as text: {shown}")
        return _literal(shown)


def convert_syntax(
    lines: list[str], first_lineno: int = 1, *, base_url: str = "", title: str = ""
) -> SyntaxResult:
    """Convert a body's site-generator syntax (see the module docs)."""
    result = SyntaxResult([], [])
    context = _Context(base_url, title, result)
    for chunk, start, is_code in _chunks(lines):
        lineno = first_lineno + start
        if is_code:
            result.lines.extend(chunk)
            result.linenos.extend(range(lineno, lineno + len(chunk)))
            continue
        converted = _convert_text("\n".join(chunk), lineno, context)
        for text, number in converted:
            result.lines.append(text)
            result.linenos.append(number)
    return result


def _chunks(lines: list[str]) -> list[tuple[list[str], int, bool]]:
    """Split lines into runs of prose and fenced code blocks (``(lines, start, is_code)``)."""
    chunks: list[tuple[list[str], int, bool]] = []
    current: list[str] = []
    start = 0
    fence = ""
    for index, line in enumerate(lines):
        opening = _FENCE.match(line)
        if not fence and opening and not (opening[1][0] == "`" and "`" in line[opening.end() :]):
            if current:
                chunks.append((current, start, False))
            current, start, fence = [line], index, opening[1]
            continue
        closes = fence and opening and opening[1][0] == fence[0] and len(opening[1]) >= len(fence)
        if closes and opening and not line[opening.end() :].strip():
            current.append(line)
            chunks.append((current, start, True))
            current, start, fence = [], index + 1, ""
            continue
        current.append(line)
    if current:
        chunks.append((current, start, bool(fence)))
    return chunks


# -- one prose chunk ----------------------------------------------------------------------------


def _convert_text(text: str, lineno: int, context: _Context) -> list[tuple[str, int]]:
    """Convert a run of prose; return its lines with their source line numbers."""
    steps: list[Callable[[str, int, _Context], str]] = [
        _comments,
        _players,
        _hugo,
        _liquid,
        _obsidian_inline,
    ]
    for step in steps:
        text = step(text, lineno, context)
    converted = text.split("\n")
    numbers = _numbers(converted, lineno)
    return _callouts(converted, numbers, context)


def _numbers(lines: list[str], lineno: int) -> list[int]:
    """Source line numbers of converted lines; markers left by the steps keep them exact."""
    numbers = []
    current = lineno
    for index, line in enumerate(lines):
        marker = re.match(r"^\x01(\d+)\x01", line)
        if marker:
            current = int(marker[1])
            lines[index] = line[marker.end() :]
        numbers.append(current)
        current += 1
    return numbers


def _line_at(text: str, offset: int, lineno: int) -> int:
    return lineno + text.count("\n", 0, offset)


def _substitute(
    pattern: re.Pattern[str],
    text: str,
    lineno: int,
    context: _Context,
    replace: Callable[[re.Match[str]], str],
) -> str:
    """Replace *pattern* in *text* outside inline code, keeping later line numbers right."""
    out: list[str] = []
    position = 0
    for match in pattern.finditer(text):
        if _in_code_span(text, match.start()):
            continue
        context.line = _line_at(text, match.start(), lineno)
        replacement = replace(match)
        out.append(text[position : match.start()])
        out.append(replacement)
        lost = match[0].count("\n") - replacement.count("\n")
        if lost:
            # Mark the next line with its source line, so notes stay at FILE:LINE.
            # The marker goes to the start of the line after the match.
            following = _line_at(text, match.end(), lineno) + 1
            out.append(f"\x00{following}\x00")
        position = match.end()
    out.append(text[position:])
    return _place_markers("".join(out))


def _place_markers(text: str) -> str:
    """Move each ``\\x00N\\x00`` marker to the start of the next line, as ``\\x01N\\x01``."""
    while "\x00" in text:
        start = text.index("\x00")
        end = text.index("\x00", start + 1)
        number = text[start + 1 : end]
        rest = text[end + 1 :]
        newline = rest.find("\n")
        if newline < 0:
            text = text[:start] + rest
            break
        following = re.sub(r"^\x01\d+\x01", "", rest[newline + 1 :])
        text = text[:start] + rest[: newline + 1] + f"\x01{number}\x01" + following
    return text


def _in_code_span(text: str, offset: int) -> bool:
    """Whether *offset* is inside a backtick code span of its line."""
    line_start = text.rfind("\n", 0, offset) + 1
    return text[line_start:offset].count("`") % 2 == 1


def _literal(text: str) -> str:
    ticks = "``" if "`" in text else "`"
    return f"{ticks}{text}{ticks}" if ticks == "`" else f"{ticks} {text} {ticks}"


# -- HTML comments and players ------------------------------------------------------------------


def _comments(text: str, lineno: int, context: _Context) -> str:
    """HTML comments as the HTML spec reads them; block comments become ``%`` lines."""
    out: list[str] = []
    position = 0
    while True:
        start = text.find("<!--", position)
        if start < 0 or _in_code_span(text, start):
            if start >= 0:
                out.append(text[position : start + 4])
                position = start + 4
                continue
            break
        body_start = start + 4
        if text.startswith(">", body_start):
            end, inner = body_start + 1, ""
        elif text.startswith("->", body_start):
            end, inner = body_start + 2, ""
        else:
            close = re.compile(r"--!?>").search(text, body_start)
            end = close.end() if close else len(text)
            inner = text[body_start : close.start() if close else len(text)]
            if close is None:
                context.line = _line_at(text, start, lineno)
                context.note("an HTML comment is never closed: browsers hide the rest of the post")
        before = text[position:start]
        line_start = before.rfind("\n") + 1
        at_line_start = not before[line_start:].strip()
        line_end = text.find("\n", end)
        at_line_end = not text[end : line_end if line_end >= 0 else len(text)].strip()
        out.append(before if not (at_line_start and at_line_end) else before[:line_start])
        if at_line_start and at_line_end:
            comment_lines = [
                f"% {line.strip()}".rstrip() for line in inner.strip("-").strip().split("\n")
            ]
            out.append("\n".join(comment_lines) if inner.strip() else "%")
            position = line_end if line_end >= 0 else len(text)
            continue
        out.append("\n" * inner.count("\n"))
        position = end
    out.append(text[position:])
    return "".join(out)


def embed_url(src: str) -> tuple[str | None, int | None]:
    """The page or media URL behind a player's ``src``, and its start time.

    YouTube players give the watch URL, Spotify and Apple players the episode
    page, SoundCloud players their track, Anchor players the episode page; other
    hosts (Buzzsprout, Libsyn, …) keep the player's address without its query.
    """
    src = html.unescape(src.strip())
    if src.startswith("//"):
        src = "https:" + src
    try:
        link = recognize_video(src)
    except UnsafeURL:
        return None, None
    parts = urlsplit(link.url)
    host = (parts.hostname or "").lower()
    query = parse_qs(parts.query)
    if link.video_id:
        at = f"&t={link.start}s" if link.start else ""
        return f"https://www.youtube.com/watch?v={link.video_id}{at}", link.start
    if host == "open.spotify.com" and "/embed" in parts.path:
        path = parts.path.replace("/embed-podcast", "").replace("/embed", "")
        return urlunsplit(("https", host, path, "", "")), None
    if host == "embed.podcasts.apple.com":
        return urlunsplit(("https", "podcasts.apple.com", parts.path, parts.query, "")), None
    if host == "w.soundcloud.com" and query.get("url"):
        return embed_url(unquote(query["url"][0]))[0], None
    if host.endswith(("anchor.fm", "podcasters.spotify.com", "creators.spotify.com")) and (
        "/embed/" in parts.path
    ):
        return urlunsplit(("https", host, parts.path.replace("/embed/", "/"), "", "")), None
    if host.endswith("buzzsprout.com"):
        path = parts.path.removesuffix(".js")
        return urlunsplit(("https", host, path, "", "")), None
    return link.url, link.start


_PLAYER_HOSTS = (
    "youtube.com", "youtube-nocookie.com", "youtu.be", "spotify.com", "podcasts.apple.com",
    "buzzsprout.com", "libsyn.com", "soundcloud.com", "anchor.fm", "simplecast.com",
    "captivate.fm", "transistor.fm", "podbean.com", "megaphone.fm", "vimeo.com",
)  # fmt: skip


def _is_player_host(url: str) -> bool:
    """Whether *url* is a podcast or video player (or an audio or video file)."""
    parts = urlsplit(url if "//" in url else "https://" + url)
    host = (parts.hostname or "").lower()
    media = parts.path.lower().endswith((".mp3", ".m4a", ".ogg", ".opus", ".wav", ".aac", ".mp4"))
    return media or any(host == h or host.endswith("." + h) for h in _PLAYER_HOSTS)


def _attributes(text: str) -> dict[str, str]:
    return {
        m["name"].lower(): html.unescape(
            m["dq"] if m["dq"] is not None else m["sq"] if m["sq"] is not None else m["uq"] or ""
        )
        for m in _ATTRIBUTE.finditer(" " + text)
    }


def _players(text: str, lineno: int, context: _Context) -> str:
    def replace(match: re.Match[str]) -> str:
        tag = (match["tag"] or match["lone"]).lower()
        attrs = _attributes(match["attrs"] if match["tag"] else match["lone_attrs"])
        src = attrs.get("src") or attrs.get("data") or ""
        if not src and match["tag"]:
            inner_source = re.search(r"<source\b([^>]*)>", match["inner"] or "", re.I)
            src = _attributes(inner_source[1]).get("src", "") if inner_source else ""
        if tag == "script" and not src:
            return match[0]  # inline code, not a player: the sanitizer shows it as text
        if tag == "script" and not _is_player_host(src):
            # A widget loader (Twitter, analytics): it shows nothing itself.
            context.note(f"a <script src={src!r}> (not a player) was removed")
            return ""
        url, start = embed_url(src) if src else (None, None)
        if url is not None and tag in ("iframe", "embed", "object") and not _is_player_host(url):
            context.note(f"an embedded page ({url}) is shown as a link")
            return f"[{url}]({url})"
        return _add_embed(context, Embed(url, context.line, f"<{tag}>", start))

    text = _substitute(_PLAYER, text, lineno, context, replace)
    text = _substitute(_CONTAINER, text, lineno, context, lambda m: "")
    text = _substitute(_BUTTON, text, lineno, context, _button(context))
    return _substitute(_START_TAG, text, lineno, context, _scrub)


def _button(context: _Context) -> Callable[[re.Match[str]], str]:
    def replace(match: re.Match[str]) -> str:
        context.note("a <button> (it did nothing without the old site's script) is shown as text")
        return re.sub(r"<[^>]+>", "", match["text"]).strip()

    return replace


def _scrub(match: re.Match[str]) -> str:
    """A start tag with only the attributes the site's sanitizer keeps."""
    tag = match["tag"].lower()
    if not match["attrs"].strip():
        return match[0]
    allowed = _KEPT_ATTRIBUTES["*"] | _KEPT_ATTRIBUTES.get(tag, set())
    kept = [
        m[0]
        for m in _ATTRIBUTE.finditer(match["attrs"])
        if m["name"].lower() in allowed
        and not (m["name"].lower() in ("href", "src") and _bad_scheme(m))
    ]
    return f"<{match['tag']}{''.join(kept)}{' /' if match['slash'] else ''}>"


def _bad_scheme(match: re.Match[str]) -> bool:
    value = (match["dq"] or match["sq"] or match["uq"] or "").strip().lower()
    scheme = value.split(":", 1)[0] if ":" in value.split("/", 1)[0] else ""
    return bool(scheme) and scheme not in ("http", "https", "mailto")


# -- Hugo shortcodes ----------------------------------------------------------------------------


def _shortcode_args(text: str) -> tuple[list[str], dict[str, str]]:
    try:
        words = shlex.split(text.replace("\u201c", '"').replace("\u201d", '"'))
    except ValueError:
        words = text.split()
    positional = [w for w in words if "=" not in w]
    named = dict(w.split("=", 1) for w in words if "=" in w)
    return positional, {k.lower(): v for k, v in named.items()}


def _hugo(text: str, lineno: int, context: _Context) -> str:
    text = _ESCAPED_SHORTCODE.sub(lambda m: _literal("{{" + m[1] + m[2] + m[3] + "}}"), text)
    return _substitute(_SHORTCODE, text, lineno, context, lambda m: _shortcode(m, context))


def _shortcode(match: re.Match[str], context: _Context) -> str:
    name = match["name"].lower()
    positional, named = _shortcode_args(match["args"])
    if match["close"]:
        return _closing(name, context, match[0])
    first = positional[0] if positional else ""
    if name in ("ref", "relref"):
        return _link_target(named.get("path") or first)
    if name in ("youtube", "vimeo") or (name == "video" and first):
        video = named.get("id") or first
        base = "https://www.youtube.com/watch?v=" if name != "vimeo" else "https://vimeo.com/"
        url = video if "://" in video else base + video
        return _embed(context, url, f"{{{{< {name} >}}}}", named.get("start"))
    if name == "figure":
        return _figure(named, context)
    if name in ("tweet", "twitter", "x"):
        user, post = named.get("user", ""), named.get("id") or first
        url = f"https://twitter.com/{user or 'i/web'}/status/{post}"
        return f"[{'Post by @' + user if user else 'Post'}]({url})"
    if name == "instagram":
        return f"[Instagram post](https://www.instagram.com/p/{named.get('id') or first}/)"
    if name == "gist":
        user = named.get("user") or first
        gist = named.get("id") or (positional[1] if len(positional) > 1 else "")
        return f"[Gist {gist}](https://gist.github.com/{user}/{gist})"
    if name == "highlight":
        return f"\n```{first}"
    if name in _NOTICE_SHORTCODES:
        kind = _CALLOUT_KINDS.get((named.get("type") or first or name).lower(), "note")
        return f"\n````{{{kind}}}"
    if _PLAYER_NAMES.search(name):
        player = next((v for v in [*named.values(), *positional] if "://" in v), None)
        return _embed(context, player, f"{{{{< {name} >}}}}", named.get("start"))
    return context.unknown(match[0], "Hugo shortcode")


def _closing(name: str, context: _Context, text: str) -> str:
    if name == "highlight":
        return "```\n"
    if name in _NOTICE_SHORTCODES:
        return "````\n"
    return context.unknown(text, "Hugo shortcode") if not _PLAYER_NAMES.search(name) else ""


def _embed(context: _Context, url: str | None, what: str, start: str | None = None) -> str:
    if url and start and start.isdigit() and "youtu" in url:
        url = f"{url}{'&' if '?' in url else '?'}t={start}s"
    resolved, seconds = embed_url(url) if url else (None, None)
    return _add_embed(context, Embed(resolved, context.line, what, seconds))


def _add_embed(context: _Context, embed: Embed) -> str:
    """Record a player; it leaves a token that the writer replaces (see :data:`EMBED_TOKEN`)."""
    context.result.embeds.append(embed)
    if embed.url is None:
        context.note(f"the player {embed.what} names no http(s) address; it was removed")
    return EMBED_TOKEN.format(len(context.result.embeds) - 1)


def _link_target(target: str) -> str:
    target = target.strip().strip("\"'")
    return f"<{target}>" if " " in target else target


def _figure(named: dict[str, str], context: _Context) -> str:
    src = named.get("src", "")
    caption = named.get("caption") or named.get("title") or ""
    alt = named.get("alt") or caption
    if not urlsplit(src).scheme and context.base_url and src:
        src = context.base_url.rstrip("/") + "/" + src.lstrip("/")
    if urlsplit(src).scheme not in ("http", "https"):
        context.note(
            f"figure {src!r} is site-relative; shown as text (--base-url makes it an image)"
        )
        return f"{caption or alt} ({src})".strip()
    lines = ["", f"```{{figure}} {src}"]
    if alt:
        lines.append(f":alt: {alt}")
    lines.extend(["", caption, "```", ""] if caption else ["```", ""])
    return "\n".join(lines)


# -- Liquid and Nunjucks ------------------------------------------------------------------------

_LIQUID_PLAYER = re.compile(
    r"(youtube|vimeo|video|audio|player|podcast|episode|soundcloud|spotify)", re.I
)


_LIQUID_COMMENT = re.compile(
    r"\{%-?\s*comment\s*-?%\}(?P<inner>.*?)\{%-?\s*endcomment\s*-?%\}", re.S
)
_LIQUID_RAW = re.compile(r"\{%-?\s*raw\s*-?%\}(?P<inner>.*?)\{%-?\s*endraw\s*-?%\}", re.S)


def _liquid_comment(match: re.Match[str]) -> str:
    return "\n".join(f"% {line.strip()}".rstrip() for line in match["inner"].strip().split("\n"))


def _liquid_raw(match: re.Match[str]) -> str:
    inner = match["inner"]
    if "\n" not in inner.strip():
        return _literal(inner.strip())
    return "\n```text\n" + inner.strip("\n") + "\n```\n"


def _liquid(text: str, lineno: int, context: _Context) -> str:
    text = _substitute(_LIQUID_COMMENT, text, lineno, context, _liquid_comment)
    text = _substitute(_LIQUID_RAW, text, lineno, context, _liquid_raw)
    text = _substitute(_LIQUID_TAG, text, lineno, context, lambda m: _liquid_tag(m, context))
    return _substitute(_LIQUID_OUTPUT, text, lineno, context, lambda m: _liquid_output(m, context))


def _liquid_tag(match: re.Match[str], context: _Context) -> str:
    name = match["name"].lower()
    args = match["args"].strip()
    if name in ("raw", "endraw"):
        return ""
    if name == "comment":
        return "\n% "
    if name == "endcomment":
        return "\n"
    if name == "highlight":
        return f"```{args.split()[0] if args else ''}"
    if name == "endhighlight":
        return "```"
    if name in ("post_url", "link"):
        return _link_target(args.split()[0] if args else "")
    if name in ("youtube", "vimeo"):
        video = args.split()[0].strip("\"'") if args else ""
        base = "https://www.youtube.com/watch?v=" if name == "youtube" else "https://vimeo.com/"
        return _embed(context, video if "://" in video else base + video, f"{{% {name} %}}")
    if name == "include" and _LIQUID_PLAYER.search(args.split()[0] if args else ""):
        _positional, named = _shortcode_args(args)
        video = named.get("id") or named.get("youtube") or named.get("video_id") or ""
        url = named.get("url") or named.get("src") or ""
        if video and not url:
            url = video if "://" in video else f"https://www.youtube.com/watch?v={video}"
        return _embed(context, url or None, f"{{% include {args.split()[0]} %}}")
    return context.unknown(match[0], "Liquid tag")


def _liquid_output(match: re.Match[str], context: _Context) -> str:
    expression = match["expr"]
    head = expression.split("|")[0].strip()
    if head in ("site.baseurl", "baseurl", "site.base_path"):
        return ""  # the site's path prefix: links stay site-relative, resolved later
    if head in ("site.url", "site.base_url", "base_url"):
        return context.base_url.rstrip("/")
    if head in ("page.title", "title"):
        return context.title
    literal = re.match(r"^[\"'](?P<path>[^\"']*)[\"']$", head)
    if literal and any(f in expression for f in ("relative_url", "absolute_url", "prepend", "url")):
        return literal["path"]
    return context.unknown(match[0], "template expression")


# -- Obsidian -----------------------------------------------------------------------------------


def _obsidian_inline(text: str, lineno: int, context: _Context) -> str:
    text = _substitute(_OBSIDIAN_COMMENT, text, lineno, context, _obsidian_comment)
    text = _substitute(_WIKILINK, text, lineno, context, lambda m: _wikilink(m, context))
    lines = text.split("\n")
    return "\n".join(
        _BLOCK_ID.sub("", line).rstrip() if _BLOCK_ID.search(line) else line for line in lines
    )


def _obsidian_comment(match: re.Match[str]) -> str:
    """``%%hidden%%`` (hidden in Obsidian's reading view) as MyST ``%`` comment lines."""
    return "\n".join(f"% {line.strip()}".rstrip() for line in match[1].strip().split("\n"))


def _wikilink(match: re.Match[str], context: _Context) -> str:
    target = (match["target"] or "").strip()
    alias = (match["alias"] or "").strip() or target or (match["anchor"] or "").lstrip("#")
    if match["embed"]:
        context.note(f"embedded file ![[{target}]] is not part of the import; shown as its name")
        return alias
    if not target:
        return alias  # a link to a heading of the same note: its text
    return f"[{alias}](<wiki:{target}>)"


def _callouts(lines: list[str], numbers: list[int], context: _Context) -> list[tuple[str, int]]:
    """``> [!kind] Title`` callouts (and their ``>`` lines) become admonitions."""
    out: list[tuple[str, int]] = []
    index = 0
    while index < len(lines):
        match = _CALLOUT.match(lines[index])
        if match is None:
            out.append((lines[index], numbers[index]))
            index += 1
            continue
        end = index + 1
        while end < len(lines) and re.match(r"^ {0,3}>", lines[end]):
            end += 1
        body = [re.sub(r"^ {0,3}> ?", "", line) for line in lines[index + 1 : end]]
        out.extend(_callout(match, body, numbers[index:end]))
        index = end
    return out


def _callout(match: re.Match[str], body: list[str], numbers: list[int]) -> list[tuple[str, int]]:
    kind = match["kind"].lower()
    title = match["title"].strip()
    if kind in ("quote", "cite"):
        # The quote stays a block quote (a key quote when it names its speaker);
        # the callout's title, if any, is a bold line above it.
        quoted = [
            (f"> {line}" if line else ">", number)
            for line, number in zip(body, numbers[1:], strict=False)
        ]
        head = [(f"**{title}**", numbers[0]), ("", numbers[0])] if title else []
        return [*head, *quoted] or [("", numbers[0])]
    admonition = _CALLOUT_KINDS.get(kind, "note")
    # Backtick fences work without MyST's colon_fence extension; longer than any inside.
    runs = [len(run) for run in re.findall(r"^\s*(`{3,})", "\n".join(body), re.M)]
    fence = "`" * max(3, *(n + 1 for n in runs)) if runs else "```"
    if title:
        head = [
            (f"{fence}{{admonition}} {title}", numbers[0]),
            (f":class: {admonition}", numbers[0]),
        ]
    else:
        head = [(f"{fence}{{{admonition}}}", numbers[0])]
    rest = list(zip(body, numbers[1:], strict=False))
    return [*head, *rest, (fence, numbers[-1]), ("", numbers[-1])]
