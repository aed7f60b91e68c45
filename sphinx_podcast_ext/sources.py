"""Reading sources: lenient UTF-8 decoding, and each document's front matter read once.

* **Decoding.** Sphinx 9 reads sources with ``Path.read_text(encoding=...)``,
  which raises on the first byte that is not UTF-8 and stops the whole build
  with a traceback (Sphinx 8 replaced such bytes with "?" and an unlocated
  warning). Sources are read through a lenient codec instead, which shows such
  bytes as U+FFFD, and ``source-read`` reports each line that had one.
* **Front matter.** On ``source-read`` (after other extensions' handlers, so
  their edits count) a Markdown document's front matter is parsed once, with
  real YAML types and the line of every key, and kept for the document's
  records (:func:`front_matter_of`). Scalars that PyYAML cannot construct
  (``date: 2024-13-45``, ``!!int abc``, ``!!timestamp soon``) would make
  MyST-Parser drop the whole front matter ("Malformed YAML") or stop the
  build; they are rewritten in the text MyST reads as the quoted text they
  were, and reported at their line, so nothing else of the front matter is lost.
"""

from __future__ import annotations

import codecs
import encodings.utf_8_sig
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.transforms import SphinxTransform

from .frontmatter import FrontMatter, parse
from .frontmatter.yaml_reader import CONTROL_CHARACTERS, SURROGATES, as_text
from .warnings_ import PodcastWarning, warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

__all__ = [
    "LENIENT_CODEC",
    "NoLoneSurrogates",
    "front_matter_of",
    "register_lenient_codec",
    "setup_sources",
]

#: The codec used for sources instead of ``utf-8-sig`` (same decoding, never raises).
LENIENT_CODEC = "podcast-utf-8-sig"
_UTF8_NAMES = frozenset({"utf-8", "utf-8-sig", "utf8", "utf_8", "utf_8_sig"})
_TEMP_KEY = "podcast_front_matter"


def _lenient_decode(data: Any, errors: str = "strict", /) -> tuple[str, int]:
    return encodings.utf_8_sig.decode(data, "replace")


class _LenientIncrementalDecoder(encodings.utf_8_sig.IncrementalDecoder):
    def __init__(self, errors: str = "strict") -> None:
        super().__init__("replace")


class _LenientStreamReader(encodings.utf_8_sig.StreamReader):
    def __init__(self, stream: Any, errors: str = "strict") -> None:
        super().__init__(stream, "replace")


def _search_codec(name: str) -> codecs.CodecInfo | None:
    if name.replace("_", "-") != LENIENT_CODEC:
        return None
    return codecs.CodecInfo(
        name=LENIENT_CODEC,
        encode=encodings.utf_8_sig.encode,
        decode=_lenient_decode,
        incrementalencoder=encodings.utf_8_sig.IncrementalEncoder,
        incrementaldecoder=_LenientIncrementalDecoder,
        streamreader=_LenientStreamReader,
        streamwriter=encodings.utf_8_sig.StreamWriter,
    )


def register_lenient_codec() -> None:
    """Make :data:`LENIENT_CODEC` known to Python (once per process)."""
    try:
        codecs.lookup(LENIENT_CODEC)
    except LookupError:
        codecs.register(_search_codec)


def _use_lenient_codec(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """``env-before-read-docs``: read UTF-8 sources through the lenient codec."""
    if str(env.settings.get("input_encoding", "")).lower() in _UTF8_NAMES:
        env.settings["input_encoding"] = LENIENT_CODEC


def _report_undecodable(app: Sphinx, docname: str, text: str) -> None:
    """One ``podcast.encoding`` warning per line with NUL characters or bytes that are not UTF-8."""
    nul = text.find("\x00")
    if nul >= 0:
        warn(
            PodcastWarning.ENCODING,
            "the file contains NUL characters (binary data?); they are shown as \ufffd",
            (docname, text.count("\n", 0, nul) + 1),
        )
    if "\ufffd" not in text:
        return
    try:
        data = app.env.doc2path(docname).read_bytes()
    except OSError:
        return
    for line, raw in _undecodable_lines(data).items():
        shown = repr(raw)[2:-1]
        shown = shown if len(shown) <= 40 else shown[:39] + "…"
        warn(
            PodcastWarning.ENCODING,
            f"the file is not valid UTF-8: bytes {shown!r} are shown as \ufffd",
            (docname, line),
        )


def _without_control_characters(docname: str, text: str, path: str = "") -> str:
    """*text* with each control character as a space, reported once per line (of
    *docname*, or of the included file at *path*).

    No reader sees them, XML (the feed, the sitemap) cannot hold them, and
    YAML refuses them in front matter; a form feed pasted from a PDF would
    otherwise stop the build.
    """
    if not CONTROL_CHARACTERS.search(text):
        return text
    lines = text.split("\n")
    for number, line in enumerate(lines, start=1):
        found = CONTROL_CHARACTERS.search(line)
        if found:
            warn(
                PodcastWarning.ENCODING,
                f"control character U+{ord(found.group()):04X} in the text; it is read as a space",
                f"{path}:{number}" if path else (docname, number),
            )
    return CONTROL_CHARACTERS.sub(" ", text)


def _undecodable_lines(data: bytes) -> dict[int, bytes]:
    """The bytes that are not UTF-8, by 1-based line (a real U+FFFD in the file is not one)."""
    found: dict[int, bytes] = {}
    position = 0
    while position < len(data):
        try:
            data[position:].decode("utf-8")
            break
        except UnicodeDecodeError as exc:
            start, end = position + exc.start, position + exc.end
            line = data.count(b"\n", 0, start) + 1
            found[line] = found.get(line, b"") + data[start:end]
            position = end
    return found


@dataclass(slots=True)
class _Document:
    """What ``source-read`` learned about the document being read."""

    front_matter: FrontMatter | None = None
    notes: list[tuple[int, str]] = field(default_factory=list)


def _is_markdown(app: Sphinx, docname: str) -> bool:
    suffix = app.env.doc2path(docname).suffix
    return app.config.source_suffix.get(suffix) == "markdown"


def _read_source(app: Sphinx, docname: str, source: list[str]) -> None:
    """``source-read``: report undecodable bytes, parse the front matter, repair what MyST
    cannot read."""
    text = source[0] if source else ""
    _report_undecodable(app, docname, text)
    text = source[0] = _without_control_characters(docname, text) if text else text
    document = _Document()
    app.env.temp_data[_TEMP_KEY] = document
    if not _is_markdown(app, docname):
        return
    parsed = parse(text, repair=True)
    document.front_matter = parsed
    if parsed.repairs:
        source[0] = _repaired(text, parsed)
        for repair in (r for r in parsed.repairs if r.explicit):
            # Implicit ones (an impossible date) are reported by the schema check.
            warn(
                PodcastWarning.METADATA,
                f"front matter {repair.key or 'value'}: {repair.text!r} cannot be read as "
                f"{repair.tag}; it is kept as text",
                (docname, repair.line),
            )
        for repair in (r for r in parsed.repairs if r.reason):
            warn(
                PodcastWarning.METADATA,
                f"front matter {repair.key or 'value'} {repair.reason}: {repair.text!r}",
                (docname, repair.line),
            )


def _repaired(text: str, parsed: FrontMatter) -> str:
    """*text* with each unreadable scalar replaced by its text, double-quoted (same lines)."""
    pieces = []
    position = 0
    for repair in sorted(parsed.repairs, key=lambda r: r.start):
        pieces.append(text[position : repair.start])
        pieces.append(json.dumps(repair.text, ensure_ascii=False))
        position = repair.end
    pieces.append(text[position:])
    return "".join(pieces)


def front_matter_of(env: BuildEnvironment) -> FrontMatter | None:
    """The front matter of the document being read, as ``source-read`` parsed it.

    ``None`` for documents that are not Markdown (reST uses its field list,
    in ``env.metadata``).
    """
    document = env.temp_data.get(_TEMP_KEY)
    return document.front_matter if isinstance(document, _Document) else None


class NoLoneSurrogates(SphinxTransform):
    """Show lone surrogates (``"\\ud800"`` in a directive option, reST's ``unicode:: U+D800``)
    as U+FFFD in the text and attributes of every node, with a warning at the node.

    No UTF-8 file can hold them, so the first writer that encodes strictly (a
    feed, a social card, a search record) would stop the build. Runs first, so
    every other transform and every record sees text only.
    """

    default_priority = 1

    def apply(self, **kwargs: Any) -> None:
        """Replace them in text nodes and string attributes."""
        for node in list(self.document.findall()):
            if isinstance(node, nodes.Text):
                if SURROGATES.search(node):
                    self._report(node.parent)
                    node.parent.replace(node, nodes.Text(as_text(str(node))))
            elif isinstance(node, nodes.Element):
                self._clean_attributes(node)

    def _clean_attributes(self, node: nodes.Element) -> None:
        # repr() escapes a lone surrogate as \udXXX (it is not printable): one C-level
        # pass rules out almost every node before the per-value check below.
        if "\\ud" not in repr(node.attributes):
            return
        for name, value in list(node.attributes.items()):
            if isinstance(value, str) and SURROGATES.search(value):
                self._report(node)
                node[name] = as_text(value)
            elif isinstance(value, list) and any(
                isinstance(item, str) and SURROGATES.search(item) for item in value
            ):
                self._report(node)
                node[name] = [as_text(item) if isinstance(item, str) else item for item in value]

    def _report(self, node: nodes.Node | None) -> None:
        line = None
        while node is not None and line is None:
            line = node.line
            node = node.parent
        warn(
            PodcastWarning.ENCODING,
            "a lone surrogate (not text, e.g. written as \\ud800) is shown as \ufffd",
            (self.env.docname, line),
        )


def _read_include(
    app: Sphinx, relative_path: Path, parent_docname: str, content: list[str]
) -> None:
    """``include-read``: an included file's control characters, as in a document (at the
    included file's lines)."""
    if content and content[0]:
        path = str(Path(app.srcdir, relative_path))
        content[0] = _without_control_characters(parent_docname, content[0], path)


def setup_sources(app: Sphinx) -> None:
    """Register the codec and the ``source-read`` reading (late, after others' edits)."""
    register_lenient_codec()
    app.connect("env-before-read-docs", _use_lenient_codec)
    app.connect("source-read", _read_source, priority=900)
    app.connect("include-read", _read_include, priority=900)
    app.add_transform(NoLoneSurrogates)
