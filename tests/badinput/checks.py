"""Checks on built output: no executable user markup, visible text, located warnings."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from bs4 import BeautifulSoup
from sphinx.util.console import strip_escape_sequences

#: ``path:LINE: WARNING: message [type]`` (and ERROR/CRITICAL).
MESSAGE = re.compile(
    r"^(?P<file>.+?):(?P<line>\d+)?:? (?P<level>WARNING|ERROR|CRITICAL): "
    r"(?P<message>.*?)(?: \[(?P<type>[\w.-]+)\])?$"
)
#: Attributes that hold URLs a browser may load or navigate to.
URL_ATTRIBUTES = ("href", "src", "action", "formaction", "poster", "data", "cite", "background")
SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
#: Elements no page may contain: they run or embed content.
FORBIDDEN_ELEMENTS = ("iframe", "object", "embed", "applet", "base", "frame", "frameset")


@dataclass(frozen=True)
class Message:
    """One warning or error line of a build."""

    file: str
    line: int | None
    level: str
    message: str
    type: str | None


def parse_messages(text: str, srcdir: Path) -> list[Message]:
    """Every located warning/error, files relative to *srcdir* (posix)."""
    found = []
    for raw in strip_escape_sequences(text).splitlines():
        match = MESSAGE.match(raw)
        if not match:
            continue
        file = match["file"]
        path = Path(file)
        if path.is_absolute() and path.is_relative_to(srcdir):
            file = path.relative_to(srcdir).as_posix()
        found.append(
            Message(
                file,
                int(match["line"]) if match["line"] else None,
                match["level"],
                match["message"],
                match["type"],
            )
        )
    return found


def is_safe_url(value: str) -> bool:
    """http(s)/mailto, relative or a fragment, as a browser would read *value*."""
    candidate = re.sub(r"[\t\n\r]", "", value.strip("".join(map(chr, range(0x21)))))
    match = re.match(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):", candidate)
    if match is None:
        return True
    return match[1].lower() in SAFE_SCHEMES and bool(
        urlsplit(candidate).netloc or match[1] == "mailto"
    )


def theme_inline_scripts(outdir: Path) -> set[str]:
    """The inline scripts a theme writes on every page (from a build with no user content)."""
    scripts = set()
    for path in outdir.rglob("*.html"):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for script in soup.find_all("script"):
            if not script.get("src") and script.get("type") != "application/ld+json":
                scripts.add((script.string or "").strip())
    return scripts


def theme_handlers(outdir: Path) -> set[tuple[str, str, str]]:
    """The ``on*`` attributes a theme writes itself (from a build with no user content)."""
    found = set()
    for path in outdir.rglob("*.html"):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for element in soup.find_all(True):
            for name, value in element.attrs.items():
                if name.lower().startswith("on"):
                    found.add((element.name, name.lower(), str(value)))
    return found


def executable_markup(
    path: Path,
    allowed_inline: set[str],
    allowed_handlers: frozenset[tuple[str, str, str]] | set[tuple[str, str, str]] = frozenset(),
) -> list[str]:
    """Everything on the page that could run: the list is empty for a safe page.

    *allowed_inline* and *allowed_handlers* are the theme's own inline scripts and
    ``on*`` attributes, found on a build without any user content.
    """
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    problems = []
    for script in soup.find_all("script"):
        src = script.get("src")
        if src:
            own = "_static/" in src or src.rsplit("/", 1)[-1] == "searchindex.js"
            if urlsplit(src).scheme or src.startswith("//") or not own:
                problems.append(f"script from {src!r}")
            continue
        if script.get("type") == "application/ld+json":
            try:
                json.loads(script.string or "")
            except ValueError:
                problems.append(f"ld+json that is not JSON: {script.string!r:.80}")
            continue
        text = (script.string or "").strip()
        if text not in allowed_inline:
            problems.append(f"inline script {text!r:.80}")
    for element in soup.find_all(True):
        for name, value in element.attrs.items():
            if name.lower().startswith("on") and (
                (element.name, name.lower(), str(value)) not in allowed_handlers
            ):
                problems.append(f"<{element.name} {name}=…>")
            if name.lower() in URL_ATTRIBUTES:
                values = value if isinstance(value, list) else [value]
                problems.extend(
                    f"<{element.name} {name}={item!r}>" for item in values if not is_safe_url(item)
                )
            if name.lower() == "srcset":
                problems.extend(
                    f"<{element.name} srcset={value!r}>"
                    for item in str(value).split(",")
                    if item.strip() and not is_safe_url(item.split()[0])
                )
        if element.name in FORBIDDEN_ELEMENTS:
            problems.append(f"<{element.name}>")
        if element.name == "meta" and element.get("http-equiv", "").lower() == "refresh":
            url = element.get("content", "").partition("=")[2]
            if url and not is_safe_url(url):
                problems.append(f"refresh to {url!r}")
    return problems


def visible_text(path: Path) -> str:
    """The text a reader sees (scripts, styles and the head left out), whitespace folded."""
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    body = soup.body or soup
    for hidden in body.find_all(["script", "style", "template"]):
        hidden.decompose()
    return " ".join(body.get_text(" ").split())


def folded(text: str) -> str:
    """Whitespace folded, as in :func:`visible_text`."""
    return " ".join(text.split())
