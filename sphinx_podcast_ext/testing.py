"""Synthetic archives of posts in the extension's schema, for tests and benchmarks.

Seeded, so the same arguments always write the same files. Posts are about
the size of a real summary post (five sections, bullets, 1-3 key quotes);
tags follow a long-tailed distribution, a handful of shows are shared by many
guests, and about a third of the posts name related posts explicitly.
"""

from __future__ import annotations

import datetime as dt
import random
import string
from dataclasses import dataclass
from pathlib import Path

__all__ = ["SyntheticPost", "generate_archive", "write_archive"]

_WORDS = [
    "model",
    "training",
    "data",
    "scale",
    "agent",
    "reasoning",
    "research",
    "product",
    "market",
    "founder",
    "team",
    "capital",
    "growth",
    "policy",
    "safety",
    "alignment",
    "compute",
    "chip",
    "energy",
    "network",
    "latency",
    "users",
    "design",
    "craft",
    "writing",
    "science",
    "biology",
    "history",
    "economics",
    "software",
    "hardware",
    "robot",
    "language",
    "vision",
    "memory",
    "planning",
    "search",
    "feedback",
    "reward",
    "evaluation",
    "benchmark",
    "startup",
    "venture",
    "deal",
    "revenue",
    "margin",
    "customer",
    "culture",
    "hiring",
    "leadership",
    "strategy",
]
_SHOWS = ("Dwarkesh Podcast", "20VC", "Lex Fridman Podcast", "Invest Like the Best", "Acquired")
_FIRST = ("Ada", "Alan", "Grace", "John", "Mira", "Sam", "Demis", "Fei-Fei", "Andrej", "Ilya")
_LAST = ("Lovelace", "Turing", "Hopper", "Schulman", "Murati", "Altman", "Hassabis", "Li")


@dataclass(frozen=True)
class SyntheticPost:
    """One generated post: its docname stem, metadata and Markdown text."""

    slug: str
    title: str
    date: dt.date
    tags: tuple[str, ...]
    guest: str
    show: str
    video_id: str
    quotes: tuple[str, ...]
    text: str


def _sentence(rng: random.Random, words: int) -> str:
    chosen = [rng.choice(_WORDS) for _ in range(words)]
    return " ".join(chosen).capitalize() + "."


def _paragraph(rng: random.Random, sentences: int) -> str:
    return " ".join(_sentence(rng, rng.randint(9, 18)) for _ in range(sentences))


def _tags(rng: random.Random, pool: list[str]) -> tuple[str, ...]:
    # Zipf-like: low indexes (common tags) are much more likely than the long tail.
    count = rng.randint(2, 4)
    picked: dict[str, None] = {}
    while len(picked) < count:
        index = min(int(rng.paretovariate(1.1)) - 1, len(pool) - 1)
        picked.setdefault(pool[index])
    return tuple(picked)


def generate_archive(
    count: int, seed: int = 2024, related_share: float = 1 / 3
) -> list[SyntheticPost]:
    """Generate *count* posts (not written to disk)."""
    rng = random.Random(seed)
    pool = [f"topic-{i}" for i in range(max(20, count // 5))]
    pool[:6] = ["AI", "Tech", "Startups", "Science", "Policy", "Investing"]
    guests = [f"{rng.choice(_FIRST)} {rng.choice(_LAST)} {i}" for i in range(max(5, count // 3))]
    start = dt.date(2020, 1, 1)
    posts: list[SyntheticPost] = []
    for index in range(count):
        date = start + dt.timedelta(days=index)
        guest = rng.choice(guests)
        show = rng.choice(_SHOWS)
        topic = _sentence(rng, 4).rstrip(".")
        title = f"{guest} - {topic}"
        slug = f"{date:%Y%m%d}-post-{index:05d}"
        video_id = "".join(rng.choice(string.ascii_letters + string.digits) for _ in range(11))
        quotes = tuple(_sentence(rng, rng.randint(15, 30)) for _ in range(rng.randint(1, 3)))
        related = []
        if posts and rng.random() < related_share:
            related = [rng.choice(posts).slug for _ in range(rng.randint(1, 2))]
        post = SyntheticPost(slug, title, date, _tags(rng, pool), guest, show, video_id, quotes, "")
        posts.append(_with_text(post, rng, related))
    return posts


def _with_text(post: SyntheticPost, rng: random.Random, related: list[str]) -> SyntheticPost:
    tags = ", ".join(post.tags)
    lines = [
        "---",
        f'title: "{post.title}"',
        f"date: {post.date.isoformat()}",
        f"tags: [{tags}]",
        "episode:",
        f"  url: https://www.youtube.com/watch?v={post.video_id}",
        f"  show: {post.show}",
        f"  guest: {post.guest}",
        "---",
        "",
        f"## A conversation with {post.guest}",
        "",
        _paragraph(rng, 3),
        "",
    ]
    for section in range(4):
        lines += [f"### {_sentence(rng, 5).rstrip('.')}", "", _paragraph(rng, 3), ""]
        lines += [f"* **{_sentence(rng, 3).rstrip('.')}:** {_sentence(rng, 14)}" for _ in range(2)]
        lines.append("")
        if section < len(post.quotes):
            timestamp = f"{rng.randint(0, 1)}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}"
            lines += [
                "```{key-quote}",
                f":speaker: {post.guest}",
                f":timestamp: {timestamp}",
                post.quotes[section],
                "```",
                "",
            ]
    lines += [_paragraph(rng, 2), "", "```{related-posts}"]
    lines += related
    lines += ["```", ""]
    return SyntheticPost(**{**post.__dict__, "text": "\n".join(lines)})


def write_archive(
    directory: Path, count: int, seed: int = 2024, posts_dir: str = "posts"
) -> list[SyntheticPost]:
    """Write *count* posts as ``<directory>/<posts_dir>/<slug>.md``; return them."""
    posts = generate_archive(count, seed)
    target = directory / posts_dir
    target.mkdir(parents=True, exist_ok=True)
    for post in posts:
        (target / f"{post.slug}.md").write_text(post.text, encoding="utf-8")
    return posts
