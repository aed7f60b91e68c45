"""Hugo shortcodes: ``{{< ref >}}``, players, figures, tweets, gists, highlight blocks
and notices as MyST; ``{{</* … */>}}`` (an escaped shortcode) as inline code.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from .context import CALLOUT_KINDS, Context, arguments, link_target, literal, substitute
from .players import embed

__all__ = ["hugo"]

_SHORTCODE = re.compile(
    r"\{\{(?P<open>[<%])\s*(?P<close>/)?\s*(?P<name>[\w./-]+)(?P<args>.*?)\s*[>%]\}\}", re.S
)
_ESCAPED_SHORTCODE = re.compile(r"\{\{([<%])/\*(.*?)\*/([>%])\}\}", re.S)
_NOTICE_SHORTCODES = {"notice", "note", "tip", "warning", "info", "alert", "callout",
                      "admonition", "hint", "caution", "important", "danger"}  # fmt: skip
_PLAYER_NAMES = re.compile(
    r"podcast|audio|player|episode|mp3|soundcloud|spotify|buzzsprout|libsyn|anchor|simplecast|"
    r"captivate|transistor|apple|podbean|castos|megaphone|youtube|vimeo|video",
    re.I,
)


def hugo(text: str, lineno: int, context: Context) -> str:
    """Convert the Hugo shortcodes of a run of prose."""
    text = _ESCAPED_SHORTCODE.sub(lambda m: literal("{{" + m[1] + m[2] + m[3] + "}}"), text)
    return substitute(_SHORTCODE, text, lineno, context, lambda m: _shortcode(m, context))


def _shortcode(match: re.Match[str], context: Context) -> str:
    name = match["name"].lower()
    positional, named = arguments(match["args"])
    if match["close"]:
        return _closing(name, context, match[0])
    first = positional[0] if positional else ""
    if name in ("ref", "relref"):
        return link_target(named.get("path") or first)
    if name in ("youtube", "vimeo") or (name == "video" and first):
        video = named.get("id") or first
        base = "https://www.youtube.com/watch?v=" if name != "vimeo" else "https://vimeo.com/"
        url = video if "://" in video else base + video
        return embed(context, url, f"{{{{< {name} >}}}}", named.get("start"))
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
        kind = CALLOUT_KINDS.get((named.get("type") or first or name).lower(), "note")
        return f"\n````{{{kind}}}"
    if _PLAYER_NAMES.search(name):
        player = next((v for v in [*named.values(), *positional] if "://" in v), None)
        return embed(context, player, f"{{{{< {name} >}}}}", named.get("start"))
    return context.unknown(match[0], "Hugo shortcode")


def _closing(name: str, context: Context, text: str) -> str:
    if name == "highlight":
        return "```\n"
    if name in _NOTICE_SHORTCODES:
        return "````\n"
    return context.unknown(text, "Hugo shortcode") if not _PLAYER_NAMES.search(name) else ""


def _figure(named: dict[str, str], context: Context) -> str:
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
