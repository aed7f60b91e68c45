"""Write generated pages only when what they show has changed.

Pages that are not documents (guest, show and quote pages; ablog's archive
pages and feeds) are produced on ``html-collect-pages`` in every build, even
when nothing changed, and rendering hundreds of them dominates rebuilds of a
large archive. Each such page gets a fingerprint of everything it shows; the
fingerprints of the last successful build are kept in a small JSON file in the
output folder, so a page is rendered again only when its fingerprint changed,
its output file is missing, or Sphinx itself would rewrite every page (a
configuration, theme or builder change).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any
from weakref import WeakKeyDictionary

from sphinx.builders import Builder

if TYPE_CHECKING:
    from sphinx.application import Sphinx

__all__ = ["PageCache", "fingerprint", "get_cache", "setup_page_cache", "writes_pages"]

CACHE_FILE = ".podcast-pages.json"
#: One cache per builder object, which lives exactly as long as one build.
_CACHES: WeakKeyDictionary[Builder, PageCache] = WeakKeyDictionary()


def fingerprint(*parts: Any) -> str:
    """A stable digest of plain values (their ``repr``; never ``hash()``)."""
    return hashlib.blake2b(repr(parts).encode("utf-8"), digest_size=16).hexdigest()


class PageCache:
    """Fingerprints of the pages written by the last successful build of one builder."""

    def __init__(self, builder: Builder) -> None:
        self.builder = builder
        self.path = Path(builder.outdir) / CACHE_FILE
        self.salt = _builder_salt(builder)
        self.previous = self._load()
        self.current: dict[str, str] = {}

    def _load(self) -> dict[str, str]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        if not isinstance(data, dict) or data.get("salt") != self.salt:
            return {}
        pages = data.get("pages")
        return pages if isinstance(pages, dict) else {}

    def needs_writing(self, pagename: str, digest: str, output: Path | None = None) -> bool:
        """Record *digest* for *pagename*; whether the page must be (re)written."""
        self.current[pagename] = digest
        target = output if output is not None else self.output_path(pagename)
        return self.previous.get(pagename) != digest or not target.exists()

    def output_path(self, pagename: str) -> Path:
        """The file a page is written to."""
        uri = self.builder.get_target_uri(pagename)
        path = Path(self.builder.outdir, uri)
        return path / "index.html" if not uri or uri.endswith("/") else path

    def save(self) -> None:
        """Keep the fingerprints for the next build."""
        data = {"salt": self.salt, "pages": self.current}
        self.path.write_text(json.dumps(data, sort_keys=True), encoding="utf-8")


def _builder_salt(builder: Builder) -> str:
    """Changes whenever Sphinx would rewrite every page (config, tags, builder, version)."""
    from sphinx import __version__ as sphinx_version

    info = getattr(builder, "build_info", None)
    config_hash = getattr(info, "config_hash", "")
    tags_hash = getattr(info, "tags_hash", "")
    return f"{sphinx_version}:{builder.name}:{config_hash}:{tags_hash}"


def get_cache(app: Sphinx) -> PageCache | None:
    """This build's cache, for HTML builders that write generated pages."""
    return _CACHES.get(app.builder)


def writes_pages(builder: Builder) -> bool:
    """Whether *builder* writes generated pages (HTML with one file per page, not EPUB)."""
    return builder.format == "html" and not builder.name.startswith(("epub", "singlehtml"))


def _start(app: Sphinx) -> None:
    if writes_pages(app.builder):
        _CACHES[app.builder] = PageCache(app.builder)


def _finish(app: Sphinx, exception: Exception | None) -> None:
    cache = get_cache(app)
    if cache is not None and exception is None:
        cache.save()


def setup_page_cache(app: Sphinx) -> None:
    """Create the cache when the builder starts and save it after a successful build."""
    app.connect("builder-inited", _start)
    app.connect("build-finished", _finish)
