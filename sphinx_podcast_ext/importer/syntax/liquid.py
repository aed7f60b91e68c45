"""Liquid and Nunjucks (Jekyll, Eleventy): ``{% post_url %}`` and ``{% link %}`` links,
player tags and includes, highlight blocks, ``comment`` and ``raw`` blocks, and the
``{{ site.baseurl }}``-style expressions a link or image path is built from.
"""

from __future__ import annotations

import re

from .context import Context, arguments, link_target, literal, substitute
from .players import embed

__all__ = ["liquid"]

_LIQUID_TAG = re.compile(r"\{%-?\s*(?P<name>\w+)(?P<args>.*?)\s*-?%\}", re.S)
_LIQUID_OUTPUT = re.compile(r"\{\{-?\s*(?P<expr>.*?)\s*-?\}\}", re.S)
_LIQUID_PLAYER = re.compile(
    r"(youtube|vimeo|video|audio|player|podcast|episode|soundcloud|spotify)", re.I
)
_LIQUID_COMMENT = re.compile(
    r"\{%-?\s*comment\s*-?%\}(?P<inner>.*?)\{%-?\s*endcomment\s*-?%\}", re.S
)
_LIQUID_RAW = re.compile(r"\{%-?\s*raw\s*-?%\}(?P<inner>.*?)\{%-?\s*endraw\s*-?%\}", re.S)


def liquid(text: str, lineno: int, context: Context) -> str:
    """Convert the Liquid and Nunjucks tags and expressions of a run of prose."""
    text = substitute(_LIQUID_COMMENT, text, lineno, context, _liquid_comment)
    text = substitute(_LIQUID_RAW, text, lineno, context, _liquid_raw)
    text = substitute(_LIQUID_TAG, text, lineno, context, lambda m: _liquid_tag(m, context))
    return substitute(_LIQUID_OUTPUT, text, lineno, context, lambda m: _liquid_output(m, context))


def _liquid_comment(match: re.Match[str]) -> str:
    return "\n".join(f"% {line.strip()}".rstrip() for line in match["inner"].strip().split("\n"))


def _liquid_raw(match: re.Match[str]) -> str:
    inner = match["inner"]
    if "\n" not in inner.strip():
        return literal(inner.strip())
    return "\n```text\n" + inner.strip("\n") + "\n```\n"


def _liquid_tag(match: re.Match[str], context: Context) -> str:
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
        return link_target(args.split()[0] if args else "")
    if name in ("youtube", "vimeo"):
        video = args.split()[0].strip("\"'") if args else ""
        base = "https://www.youtube.com/watch?v=" if name == "youtube" else "https://vimeo.com/"
        return embed(context, video if "://" in video else base + video, f"{{% {name} %}}")
    if name == "include" and _LIQUID_PLAYER.search(args.split()[0] if args else ""):
        _positional, named = arguments(args)
        video = named.get("id") or named.get("youtube") or named.get("video_id") or ""
        url = named.get("url") or named.get("src") or ""
        if video and not url:
            url = video if "://" in video else f"https://www.youtube.com/watch?v={video}"
        return embed(context, url or None, f"{{% include {args.split()[0]} %}}")
    return context.unknown(match[0], "Liquid tag")


def _liquid_output(match: re.Match[str], context: Context) -> str:
    expression = match["expr"]
    head = expression.split("|")[0].strip()
    if head in ("site.baseurl", "baseurl", "site.base_path"):
        return ""  # the site's path prefix: links stay site-relative, resolved later
    if head in ("site.url", "site.base_url", "base_url"):
        return context.base_url.rstrip("/")
    if head in ("page.title", "title"):
        return context.title
    quoted = re.match(r"^[\"'](?P<path>[^\"']*)[\"']$", head)
    if quoted and any(f in expression for f in ("relative_url", "absolute_url", "prepend", "url")):
        return quoted["path"]
    return context.unknown(match[0], "template expression")
