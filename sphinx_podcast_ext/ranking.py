"""Automatic related posts: the posts sharing the rarest tags with a post.

A tag's weight is its rarity (inverse document frequency); a post's score is
the weight of the tags it shares, ties going to the newest. Scoring every post
that shares a common tag would be quadratic in the archive's size, so
:func:`rank_by_tags` scores only the posts sharing a rare tag, and finds the
best of the others by a branch and bound over the common tags, whose posts are
bit sets (see its docs).
"""

from __future__ import annotations

import heapq
import math
from collections import defaultdict
from collections.abc import Iterable

from .records import PostRecord

__all__ = ["TagIndex", "rank_by_tags"]


class TagIndex:
    """Posts by tag, with each tag's rarity (inverse document frequency).

    Also each post's place in the tie-break order (newest first, then by name),
    and for each common tag the set of its posts as the bits of one integer (bit
    *i*: the post in place *i*), so that posts sharing a given set of common tags
    are found with a few integer operations.
    """

    #: Tags on more posts than this are "common": their posts are never scored one by one.
    COMMON = 64

    def __init__(self, posts: Iterable[PostRecord]) -> None:
        self.by_tag: dict[str, list[PostRecord]] = defaultdict(list)
        records: dict[str, PostRecord] = {}
        for record in posts:
            records[record.docname] = record
            for tag in {t.casefold() for t in record.post.tags}:
                self.by_tag[tag].append(record)
        count = len(records)
        self.weight = {tag: math.log((1 + count) / len(docs)) for tag, docs in self.by_tag.items()}
        #: The posts, newest first (ties by name): the order ties are broken in.
        self.ordered = sorted(records.values(), key=_newest_first)
        self.rank = {record.docname: place for place, record in enumerate(self.ordered)}
        self.bits = {
            tag: sum(1 << self.rank[record.docname] for record in docs)
            for tag, docs in self.by_tag.items()
            if len(docs) > self.COMMON
        }

    def bits_of(self, docnames: Iterable[str]) -> int:
        """The posts among *docnames*, as bits."""
        return sum(1 << self.rank[name] for name in set(docnames) if name in self.rank)


def _newest_first(record: PostRecord) -> tuple[int, str]:
    return (-(record.date.toordinal() if record.date else 0), record.docname)


def rank_by_tags(
    record: PostRecord, index: TagIndex, exclude: set[str], count: int
) -> list[PostRecord]:
    """The *count* posts sharing the rarest tags with *record*; ties go to the newest.

    Scoring every post that shares a common tag (one on half the archive, say)
    would make this quadratic in the archive's size. So posts sharing a rare tag
    are scored one by one, with all their shared tags. Every other candidate
    shares only common tags, and its score is the weight of exactly which of them
    it shares: :class:`_CommonTags` finds the best of those by branch and bound.
    The result is that of scoring every post (``tests/test_related.py``).
    """
    if count <= 0:
        return []
    tags = {t.casefold() for t in record.post.tags} & index.by_tag.keys()
    common = {tag for tag in tags if tag in index.bits}
    scores = _scores(index, tags - common, exclude)
    best = _Best(count)
    for name, score in scores.items():
        place = index.rank[name]
        score += sum(index.weight[tag] for tag in common if index.bits[tag] >> place & 1)
        best.offer(score, place)
    taken = index.bits_of(exclude) | index.bits_of(scores)
    _CommonTags(index, common, best).search(taken)
    return [index.ordered[place] for place in best.places()]


class _Best:
    """The *count* best (score, place) pairs so far: higher score, then lower place."""

    def __init__(self, count: int) -> None:
        self.count = count
        self._heap: list[tuple[float, int]] = []  # (score, -place): the worst first

    def offer(self, score: float, place: int) -> bool:
        """Keep the post at *place* if it is among the best; whether it is."""
        item = (round(score, 9), -place)
        if len(self._heap) < self.count:
            heapq.heappush(self._heap, item)
            return True
        if item > self._heap[0]:
            heapq.heapreplace(self._heap, item)
            return True
        return False

    def beats(self, score: float) -> bool:
        """Whether every kept post scores more than *score* (so no post scoring it enters)."""
        return len(self._heap) == self.count and self._heap[0][0] > round(score, 9)

    def places(self) -> list[int]:
        """The kept posts' places, best first."""
        return [-place for _score, place in sorted(self._heap, reverse=True)]


class _CommonTags:
    """The best posts that share only common tags with a post (see :func:`rank_by_tags`).

    Each common tag, heaviest first, is either shared or not: a search over those
    choices, where the posts still possible are the bits of one integer. A branch
    ends when no post is left, or when even sharing every tag still undecided could
    not score more than the posts already kept; at the end of a branch, all its
    posts share exactly the same tags, so the newest of them are offered.
    """

    def __init__(self, index: TagIndex, common: set[str], best: _Best) -> None:
        self.tags = sorted(common, key=lambda tag: (-index.weight[tag], tag))
        self.bits = [index.bits[tag] for tag in self.tags]
        self.weights = [index.weight[tag] for tag in self.tags]
        #: The weight of the tags from the *i*-th on: what a branch can still add.
        self.rest = [sum(self.weights[i:]) for i in range(len(self.tags) + 1)]
        self.best = best

    def search(self, taken: int) -> None:
        """Offer the best posts sharing common tags, except the *taken* ones."""
        candidates = 0
        for bits in self.bits:
            candidates |= bits
        # Depth first, sharing before not sharing: good scores early, strong bounds.
        branches = [(0, candidates & ~taken, 0.0)]
        while branches:
            depth, posts, score = branches.pop()
            if not posts or self.best.beats(score + self.rest[depth]):
                continue
            if depth == len(self.tags):
                self._offer_newest(posts, score)
                continue
            bits = self.bits[depth]
            branches.append((depth + 1, posts & ~bits, score))
            branches.append((depth + 1, posts & bits, score + self.weights[depth]))

    def _offer_newest(self, posts: int, score: float) -> None:
        for _ in range(self.best.count):
            if not posts:
                return
            lowest = posts & -posts
            if not self.best.offer(score, lowest.bit_length() - 1):
                return
            posts ^= lowest


def _scores(index: TagIndex, tags: set[str], exclude: set[str]) -> dict[str, float]:
    scores: dict[str, float] = defaultdict(float)
    for tag in tags:
        weight = index.weight[tag]
        for other in index.by_tag[tag]:
            if other.docname not in exclude:
                scores[other.docname] += weight
    return scores
