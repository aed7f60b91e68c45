"""Read a Pagefind bundle (``_pagefind/``) back, for tests: pages, filters, words, weights.

Pagefind writes gzip-compressed files that start with ``pagefind_dcd``: the
fragments (one per page) are JSON, the metadata and word index chunks CBOR.
Only what the tests need is decoded; the format is Pagefind 1.x's
(``pagefind/src/index/*.rs``).
"""

from __future__ import annotations

import gzip
import json
import struct
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SIGNATURE = b"pagefind_dcd"
#: Pagefind stores a word's weight times 24 (body text: 24, a key quote at 5: 120).
WEIGHT_SCALE = 24


def _payload(path: Path) -> bytes:
    data = gzip.decompress(path.read_bytes())
    assert data.startswith(SIGNATURE), path
    return data[len(SIGNATURE) :]


def cbor(data: bytes, at: int = 0) -> tuple[Any, int]:
    """Decode one CBOR item (definite lengths only, as minicbor writes them)."""
    head = data[at]
    major, info = head >> 5, head & 31
    at += 1
    if info < 24:
        argument = info
    elif info <= 27:
        size = 1 << (info - 24)
        raw = data[at : at + size]
        at += size
        if major == 7 and size > 1:
            return struct.unpack({2: ">e", 4: ">f", 8: ">d"}[size], raw)[0], at
        argument = int.from_bytes(raw, "big")
    else:
        raise ValueError(f"unsupported CBOR length {info}")
    if major == 0:
        return argument, at
    if major == 1:
        return -1 - argument, at
    if major in (2, 3):
        raw = data[at : at + argument]
        return (raw.decode("utf-8") if major == 3 else raw), at + argument
    if major == 4:
        items = []
        for _ in range(argument):
            item, at = cbor(data, at)
            items.append(item)
        return items, at
    if major == 5:
        mapping = {}
        for _ in range(argument):
            key, at = cbor(data, at)
            mapping[key], at = cbor(data, at)
        return mapping, at
    if major == 7:
        return {20: False, 21: True, 22: None}[argument], at
    raise ValueError(f"unsupported CBOR major type {major}")


@dataclass
class Bundle:
    """A Pagefind bundle of one language."""

    path: Path
    entry: dict[str, Any]
    pages: list[dict[str, Any]]
    """Each page's fragment (``url``, ``content``, ``filters``, ``meta``), by page number."""
    filter_names: list[str]
    words: dict[str, list[tuple[int, list[int]]]]
    """Each indexed word (stemmed) → ``(page number, locations with weight markers)``."""

    @classmethod
    def read(cls, path: Path) -> Bundle:
        entry = json.loads((path / "pagefind-entry.json").read_text("utf-8"))
        ((_language, info),) = entry["languages"].items()
        meta, _ = cbor(_payload(path / f"pagefind.{info['hash']}.pf_meta"))
        _version, page_hashes, chunks, filters = meta[:4]
        pages = [
            json.loads(_payload(path / "fragment" / f"{page_hash}.pf_fragment"))
            for page_hash, _words in page_hashes
        ]
        words: dict[str, list[tuple[int, list[int]]]] = {}
        for _first, _last, chunk_hash in chunks:
            (entries,), _ = cbor(_payload(path / "index" / f"{chunk_hash}.pf_index"))
            for word, hits, *_rest in entries:
                # Page numbers are stored as the difference from the previous one.
                number = 0
                for hit in hits:
                    number += hit[0]
                    words.setdefault(word, []).append((number, hit[1]))
        return cls(path, entry, pages, [name for name, _hash in filters], words)

    @property
    def urls(self) -> set[str]:
        return {page["url"] for page in self.pages}

    def page(self, url: str) -> dict[str, Any]:
        (found,) = [page for page in self.pages if page["url"] == url]
        return found

    def weights(self, word: str) -> dict[str, float]:
        """The highest weight of *word* on each page it is on (1.0 is body text)."""
        found: dict[str, float] = {}
        for number, locations in self.words.get(word, []):
            markers = [-loc - 1 for loc in locations if loc < 0] or [WEIGHT_SCALE]
            url = self.pages[number]["url"]
            found[url] = max(found.get(url, 0.0), max(markers) / WEIGHT_SCALE)
        return found
