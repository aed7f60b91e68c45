"""``sphinx-podcast new``: a new post in the extension's schema, with guidance comments."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..slugs import post_slug
from . import myst

__all__ = ["new_post", "scaffold_text"]

_FRONT_MATTER_HINTS = """\
# description: One sentence for post lists and link previews.
# Episode fields: url (required), show, guest (comma-separated), host,
# date, duration (1:23:45), start (where the player starts, e.g. 12:34),
# embed (link | click | none), youtube, spotify, apple, rss, website.
"""

_BODY = """\
% Lines starting with % are comments: they do not appear on the page.
% The title above is the page's heading, and the episode's player is drawn from
% the front matter. Write "##" sections of paragraphs and bullets:
%   * **Lead:** text

Summarize the conversation here.

% One key-quote per memorable quote. Options: :speaker: (required), :role:,
% :timestamp: (H:MM:SS or M:SS).
```{{key-quote}}
:speaker: {speaker}
Replace this with the quote, word for word.
```

% Link related posts, one per line, as "Title <docname>":
% ```{{related-posts}}
% Another post's title <20240408-another-post>
% ```
"""


def scaffold_text(
    title: str,
    date: dt.date,
    *,
    show: str = "",
    guest: str = "",
    url: str = "",
    tags: Sequence[str] = (),
) -> str:
    """The text of a new post."""
    data: dict[str, Any] = {"title": myst.Quoted(title), "date": date}
    if tags:
        data["tags"] = list(tags)
    episode = {
        key: value for key, value in (("url", url), ("guest", guest), ("show", show)) if value
    }
    if episode:
        data["episode"] = episode
    front = myst.front_matter(data)
    if not url:
        hint = "url: https://www.youtube.com/watch?v=...  (the episode card needs it)"
        front += f"  # {hint}\n" if episode else f"# episode:\n#   {hint}\n"
    speaker = guest.split(",")[0].strip() or "Speaker Name"
    body = _BODY.format(speaker=speaker)
    return f"---\n{front}{_FRONT_MATTER_HINTS}---\n\n{body}"


def new_post(
    title: str,
    into: Path,
    date: dt.date,
    *,
    show: str = "",
    guest: str = "",
    url: str = "",
    tags: Sequence[str] = (),
) -> Path:
    """Create ``into/<slug>.md``; raise ``FileExistsError`` rather than overwrite anything."""
    into.mkdir(parents=True, exist_ok=True)
    path = into / f"{post_slug(title, date)}.md"
    text = scaffold_text(title, date, show=show, guest=guest, url=url, tags=tags)
    with path.open("x", encoding="utf-8", newline="\n") as stream:
        stream.write(text)
    return path
