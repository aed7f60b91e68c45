"""The examples shown in ``docs/``, read from the pages themselves, for the tests to build.

Every fenced block of the documentation whose language is ``markdown`` or
``rst`` is an example of a page (or of a piece of one) and is built by
``tests/test_docs_snippets.py`` exactly as it is written. A MyST comment on
the line right above the opening fence says more about it, in clauses
separated by ``;``::

    % snippet: warns podcast.timestamp; post

``skip <reason>``
    Not a page of a project that uses the extension: the input of the
    importer (a Hugo or Jekyll post), or an excerpt with ``…`` in it.
``warns <type> [<type> …]``
    The example warns on purpose (the page says so in its text): the build
    must give exactly these warnings, one per word (``podcast.embed
    podcast.embed`` is two of them), and no other.
``post``
    A piece of a post, shown as it would be written on a post with an
    episode (a timestamp, a key quote with a ``:timestamp:``): it is built
    below a front matter (MyST) or field list (reST) with an ``episode``.
``blog``
    The page is about an ablog site: the example is built a second time with
    ``sphinx_podcast_ext.blog`` loaded.
``file <path>``
    The file the example is written to, relative to the source folder
    (``posts/first-episode.md``); by default the file of the page it is
    shown on, so its relative links (``../examples/founders``) work.

Everything else about a fence (its length, its place in a tab) does not
matter. An example followed by a ``:::{container} docs-result`` block is the
source of that live rendering, which must then show the same text. An
example that warns on purpose and whose next ``text`` block (before any
other example) has ``WARNING:`` lines shows what ``sphinx-build`` prints for
it: exactly those lines, in that order, paths relative to the source folder.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from myst_parser.config.main import MdParserConfig
from myst_parser.parsers.mdit import create_md_parser

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
#: Fence languages that are pages, and the suffix each is written with.
LANGUAGES = {"markdown": ".md", "md": ".md", "myst": ".md", "rst": ".rst"}
MARKER = re.compile(r"^\s*snippet:\s*(?P<clauses>.*)$")
CLAUSES = ("skip", "warns", "post", "blog", "file")
#: The live rendering of the example above it.
RESULT_CONTAINER = "{container} docs-result"

_PARSER = create_md_parser(
    MdParserConfig(enable_extensions={"colon_fence", "deflist", "fieldlist"}), RendererHTML
)


@dataclass
class Snippet:
    """One example: where it is shown, what it says, and what its marker asks for."""

    page: Path  #: the documentation page, relative to ``docs/``
    line: int  #: the line of its opening fence (1-based)
    language: str
    text: str
    skip: str | None = None
    warns: tuple[str, ...] = ()
    post: bool = False
    blog: bool = False
    file: str = ""
    #: The text of the live rendering that follows it, if any.
    result: str | None = None
    #: The ``text`` block that follows it, if any (the warnings it prints).
    output: str | None = None
    problems: list[str] = field(default_factory=list)

    @property
    def id(self) -> str:
        """A stable name: the page and the example's number on it (``directives-episode-2``)."""
        return f"{self.page.with_suffix('').as_posix().replace('/', '-')}-{self.number}"

    number: int = 0

    @property
    def suffix(self) -> str:
        """``.md`` or ``.rst``."""
        return LANGUAGES[self.language]

    @property
    def path(self) -> str:
        """The file it is built as, relative to the source folder."""
        return self.file or self.page.with_suffix(self.suffix).as_posix()

    @property
    def where(self) -> str:
        """``docs/page.md:12``, for messages."""
        return f"docs/{self.page.as_posix()}:{self.line}"


def _tokens(text: str, offset: int) -> Iterator[tuple[Token, int]]:
    """Block tokens with the line offset of their text, colon fences opened recursively."""
    for token in _PARSER.parse(text):
        yield token, offset
        if token.type == "colon_fence" and token.map is not None:
            # MyST parses a colon fence's content as Markdown; so do we.
            yield from _tokens(token.content, offset + token.map[0] + 1)


def _apply(snippet: Snippet, clauses: str) -> None:
    for clause in filter(None, (part.strip() for part in clauses.split(";"))):
        name, _, value = clause.partition(" ")
        value = value.strip()
        if name == "skip":
            snippet.skip = value or "skipped"
        elif name == "warns":
            snippet.warns = tuple(sorted(value.split()))
        elif name == "post":
            snippet.post = True
        elif name == "blog":
            snippet.blog = True
        elif name == "file":
            snippet.file = value
        else:
            snippet.problems.append(f"unknown clause {name!r} (known: {', '.join(CLAUSES)})")
    if snippet.warns and not all(re.fullmatch(r"[\w-]+\.[\w-]+", w) for w in snippet.warns):
        snippet.problems.append(f"warns: name warning types as type.subtype: {snippet.warns}")


def page_snippets(page: Path) -> list[Snippet]:
    """The examples of one documentation page (a path under ``docs/``), in page order."""
    relative = page.relative_to(DOCS)
    found: list[Snippet] = []
    previous: tuple[Token, int] | None = None
    waiting: Snippet | None = None
    for token, offset in _tokens(page.read_text(encoding="utf-8"), 0):
        if token.map is None:
            continue
        if waiting is not None:
            # The block right after an example: its live rendering, if it is one.
            if token.type == "colon_fence" and token.info.strip() == RESULT_CONTAINER:
                waiting.result = token.content
            waiting = None
        is_text = token.type == "fence" and token.info.strip() == "text"
        if is_text and found and found[-1].output is None:
            found[-1].output = token.content
        language = token.info.strip().split(" ")[0] if token.type == "fence" else ""
        if language in LANGUAGES:
            snippet = Snippet(relative, offset + token.map[0] + 1, language, token.content)
            marker = _marker(previous, offset + token.map[0])
            if marker is not None:
                _apply(snippet, marker)
            snippet.number = len(found) + 1
            found.append(snippet)
            waiting = snippet
        previous = (token, offset)
    return found


def _marker(previous: tuple[Token, int] | None, fence_line: int) -> str | None:
    """The ``snippet:`` clauses of a comment that ends right above the fence, if any."""
    if previous is None:
        return None
    token, offset = previous
    if token.type != "myst_line_comment" or token.map is None:
        return None
    if offset + token.map[1] != fence_line:
        return None
    match = MARKER.match(token.content.strip().splitlines()[-1])
    return match["clauses"] if match else None


def all_snippets() -> list[Snippet]:
    """Every example of every page of ``docs/`` (``_build`` left out)."""
    pages = sorted(p for p in DOCS.rglob("*.md") if "_build" not in p.parts)
    return [snippet for page in pages for snippet in page_snippets(page)]


def fenced_blocks(path: Path, language: str) -> list[str]:
    """The contents of the top-level fences of *language* in a Markdown file (README, docs)."""
    blocks = []
    for token, _offset in _tokens(path.read_text(encoding="utf-8"), 0):
        if token.type == "fence" and token.info.strip().split(" ")[0] == language:
            blocks.append(token.content)
    return blocks


def front_matter_split(text: str) -> tuple[str, str]:
    """``(front matter block with its --- lines, rest)`` of a MyST page's text."""
    match = re.match(r"^---\n.*?\n---\n", text, re.DOTALL)
    if not match:
        return "", text
    return match[0], text[match.end() :]
