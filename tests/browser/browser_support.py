"""Shared pieces of the browser tests: the test site's content, pages and helpers."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from sphinx_podcast_ext.slugs import slugify
from sphinx_podcast_ext.testing import SyntheticPost, write_archive

if TYPE_CHECKING:
    from playwright.sync_api import Page

CONTENT = Path(__file__).parent.parent.parent / "content"
POST_COUNT = 30
SEED = 5
HOST = "127.0.0.1"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}

# A word that occurs in one post's key quote and nowhere else in any post.
UNIQUE_WORD = "glimmerquack"
GUEST = "Zephyrine Quillfeather"
TAG = "Browser Testing"
UNIQUE_POST = "20210301-zephyrine-quillfeather-glimmer"
SECOND_POST = "20210302-zephyrine-quillfeather-again"
# The post shows an image, so the alt-text check has one to look at.
LANTERN_SVG = """\
<svg xmlns="http://www.w3.org/2000/svg" width="240" height="120" viewBox="0 0 240 120">
<rect width="240" height="120" fill="#f4e7c5"/><circle cx="60" cy="60" r="30" fill="#e0a030"/>
<rect x="120" y="30" width="90" height="60" fill="#7a4f2a"/></svg>
"""

UNIQUE_POST_TEXT = f"""\
---
title: "{GUEST} - Lanterns, ledgers and the long game"
date: 2021-03-01
tags: [{TAG}, AI]
episode:
  url: https://www.youtube.com/watch?v=dQw4w9WgXcQ
  show: Browser Test Hour
  guest: {GUEST}
  embed: click
  website: https://archive.example.org/episodes/2021/03/01/lanterns-ledgers-and-the-long-game
---

## A conversation with {GUEST}

Lanterns and ledgers: how a small archive keeps its quotes findable for years.

![A lantern beside an open ledger](lantern.svg)

### Chapters

- {{timestamp}}`0:30` Opening the ledger
- {{timestamp}}`5:10` Lanterns in the stacks

### Why the long game matters

The archive grows one episode at a time, and every summary keeps its sources.

```{{key-quote}}
:speaker: {GUEST}
:role: Archivist
:timestamp: 12:34

Every archive needs one {UNIQUE_WORD} moment, when a forgotten quote finds its reader.
```

```{{related-posts}}
{SECOND_POST}
```
"""

SECOND_POST_TEXT = f"""\
---
title: "{GUEST} - Returning to the reading room"
date: 2021-03-02
tags: [{TAG}]
episode:
  url: https://www.youtube.com/watch?v=9bZkp7q19f0
  show: Browser Test Hour
  guest: {GUEST}
---

## Back in the reading room

A second visit, with more about catalogues and indexes.

```{{key-quote}}
:speaker: {GUEST}

Indexes are the maps of a library: https://archive.example.org/catalogue/indexes/maps-of-the-library
```
"""


AUDIO_GUEST = "Orla Fenwick"
AUDIO_POST = "20210303-orla-fenwick-tidewater"
AUDIO_URL = "https://audio.example.org/tidewater/episode-7.mp3"
AUDIO_POST_TEXT = f"""\
---
title: "{AUDIO_GUEST} - Tidewater, tape and the sound of a harbour"
date: 2021-03-03
tags: [Audio Only]
episode:
  url: {AUDIO_URL}
  title: Tidewater and tape
  show: Harbour Radio
  guest: {AUDIO_GUEST}
  duration: "0:58"
---

## Tidewater and tape with {AUDIO_GUEST}

An audio episode: the page's own player, nothing loaded before play.

- {{timestamp}}`0:05` Gulls and engines
- {{timestamp}}`0:20` Recording the tide

```{{key-quote}}
:speaker: {AUDIO_GUEST}
:role: Sound recordist
:timestamp: 0:40

The harbour keeps its own time, and the tape keeps the harbour.
```
"""
#: The public URL the test site is built for (the feed and the social cards need one).
BASE_URL = "https://podcasts.example.org/"

#: Console errors that are known and accepted (none: every error fails a test).
KNOWN_ERRORS: set[str] = set()
THEME_MODE_ERROR = "console: Got invalid theme mode: . Resetting to auto."


# ------------------------------------------------------------------ the site


@dataclass
class BrowserSite:
    """The built site, where it is served, and what it contains."""

    html: Path
    url: str
    posts: list[SyntheticPost]
    screenshots: Path

    def at(self, path: str) -> str:
        return f"{self.url}/{path.lstrip('/')}"

    def by_guest(self, guest: str) -> list[SyntheticPost]:
        return [post for post in self.posts if post.guest == guest]


class QuietHandler(SimpleHTTPRequestHandler):
    """Serves the built site without logging; lets the browser cache it (faster tests)."""

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "max-age=3600")
        super().end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        pass


def build_site(
    root: Path, search: str = "sphinx", extra: dict[str, str] | None = None
) -> tuple[Path, list[SyntheticPost]]:
    """Build content/ and the test posts; *extra* adds files (path: text) to the posts.

    These tests cover Sphinx's search (the extension's default) unless *search* is
    ``"pagefind"`` (the archive's own setting; test_browser_pagefind.py).
    """
    src = root / "src"
    shutil.copytree(CONTENT, src, ignore=shutil.ignore_patterns("_build"))
    posts = write_archive(src, POST_COUNT, seed=SEED)
    (src / "posts" / f"{UNIQUE_POST}.md").write_text(UNIQUE_POST_TEXT, encoding="utf-8")
    (src / "posts" / f"{SECOND_POST}.md").write_text(SECOND_POST_TEXT, encoding="utf-8")
    (src / "posts" / f"{AUDIO_POST}.md").write_text(AUDIO_POST_TEXT, encoding="utf-8")
    (src / "posts" / "lantern.svg").write_text(LANTERN_SVG, encoding="utf-8")
    for name, text in (extra or {}).items():
        (src / "posts" / name).write_text(text, encoding="utf-8")
    assert not any(UNIQUE_WORD in post.text for post in posts)
    # In a process of its own: with a base URL the site loads sphinx-sitemap, which forks
    # a multiprocessing manager; forked from this process it would hold Playwright's
    # pipes open and keep the driver (and the test session) from ever exiting.
    out, log = root / "build" / "html", root / "build" / "warnings.txt"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "sphinx",
            "-b",
            "html",
            "-E",
            "-q",
            "-w",
            str(log),
            "-D",
            f"podcast_search={search}",
            str(src),
            str(out),
        ],
        check=True,
        env={**os.environ, "PODCAST_BASE_URL": BASE_URL},
    )
    warnings = log.read_text("utf-8")
    assert "WARNING" not in warnings and "ERROR" not in warnings, warnings
    return out, posts


def is_local(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "about"):
        return True
    return parts.hostname == HOST


@dataclass
class Tab:
    """A page in its own browser context, with what it logged and requested."""

    page: Page
    site: BrowserSite
    all_errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    @property
    def errors(self) -> list[str]:
        """Console errors and uncaught exceptions, less the known ones (see KNOWN_ERRORS)."""
        return [error for error in self.all_errors if error not in KNOWN_ERRORS]

    @property
    def third_party(self) -> list[str]:
        """Requests for any host but the test server (all aborted before leaving)."""
        return [url for url in self.requests if not is_local(url)]

    def goto(self, path: str) -> Page:
        response = self.page.goto(self.site.at(path), wait_until="load")
        assert response is not None and response.ok, f"{path}: HTTP {response and response.status}"
        return self.page

    def h1(self) -> str:
        """The text of the page's main heading, without the "#" permalink."""
        return str(
            self.page.evaluate(
                """() => {
                const h1 = document.querySelector("main h1").cloneNode(true);
                h1.querySelectorAll(".headerlink").forEach((a) => a.remove());
                return h1.textContent.replace(/\\s+/g, " ").trim();
            }"""
            )
        )

    def screenshot(self, name: str, max_height: int = 3000) -> Path:
        """A full-page screenshot (cut at *max_height* CSS pixels: long pages are slow)."""
        path = self.site.screenshots / f"{name}.png"
        width, height = self.page.evaluate(
            "() => [document.documentElement.clientWidth, document.documentElement.scrollHeight]"
        )
        clip: Any = {"x": 0, "y": 0, "width": width, "height": min(height, max_height)}
        self.page.screenshot(path=str(path), full_page=True, clip=clip, animations="disabled")
        return path


# Page types, by a path in the built site (relative to its root).
def page_types(site: BrowserSite) -> dict[str, str]:
    show = site.posts[0].show
    return {
        "landing": "index.html",
        "post": f"posts/{UNIQUE_POST}.html",
        "audio": f"posts/{AUDIO_POST}.html",
        "guest": f"guests/{slugify(GUEST)}.html",
        "show": f"shows/{slugify(show)}.html",
        "quotes": "quotes.html",
        "year": "blog/2020.html",
        "tag": f"blog/tag/{slugify(TAG)}.html",
        "search": f"search.html?q={UNIQUE_WORD}",
        "about": "about.html",
    }


PAGE_TYPES = [
    "landing",
    "post",
    "audio",
    "guest",
    "show",
    "quotes",
    "year",
    "tag",
    "search",
    "about",
]
