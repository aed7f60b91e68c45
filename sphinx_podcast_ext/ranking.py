"""Automatic related posts: the posts sharing the rarest tags with a post.

A tag's weight is its rarity (inverse document frequency); a post's score is
the weight of the tags it shares, ties going to the newest. Scoring every post
that shares a common tag would be quadratic in the archive's size, so
:func:`rank_by_tags` finds the same ranking from the rare tags and the newest
posts of each set of common tags (see its docs).
"""

from __future__ import annotations

import heapq
import itertools
import math
from collections import defaultdict
from collections.abc import Iterable

from .records import PostRecord

__all__ = ["TagIndex", "rank_by_tags"]


class TagIndex:
    """Posts by tag, with each tag's rarity (inverse document frequency).

    Also each post's place in the tie-break order (newest first, then by name), and,
    for the common tags, their posts in that order, so that the newest posts sharing
    a common tag are found without scoring all of them.
    """

    #: Tags on more posts than this are "common": scanned only when needed.
    COMMON = 64
    #: A post with more common tags than this is scored against every post sharing one
    #: (its sets of common tags, 2**n - 1 of them, would cost more).
    MAX_COMMON_TAGS = 6

    def __init__(self, posts: Iterable[PostRecord]) -> None:
        self.by_tag: dict[str, list[PostRecord]] = defaultdict(list)
        self.records: dict[str, PostRecord] = {}
        for record in posts:
            self.records[record.docname] = record
            for tag in {t.casefold() for t in record.post.tags}:
                self.by_tag[tag].append(record)
        count = len(self.records)
        self.weight = {tag: math.log((1 + count) / len(docs)) for tag, docs in self.by_tag.items()}
        newest_first = sorted(self.records.values(), key=_newest_first)
        self.rank = {record.docname: place for place, record in enumerate(newest_first)}
        self.members = {
            tag: {record.docname for record in docs}
            for tag, docs in self.by_tag.items()
            if len(docs) > self.COMMON
        }
        self.newest = {
            tag: sorted(self.members[tag], key=self.rank.__getitem__) for tag in self.members
        }


def _newest_first(record: PostRecord) -> tuple[int, str]:
    return (-(record.date.toordinal() if record.date else 0), record.docname)


def rank_by_tags(
    record: PostRecord, index: TagIndex, exclude: set[str], count: int
) -> list[PostRecord]:
    """The *count* posts sharing the rarest tags with *record*; ties go to the newest.

    Scoring every post that shares a common tag (one on half the archive, say)
    makes this quadratic in the archive's size. So posts sharing a rare tag are
    scored first, with all their shared tags. Every other candidate shares only
    common tags, and its score is the weight of exactly which of them it shares:
    those sets are taken heaviest first, and from each only the newest *count*
    posts, until the last of the *count* best scores more than the next set can
    give. The result is that of scoring every post (``tests/test_related.py``).
    """
    if count <= 0:
        return []
    tags = {t.casefold() for t in record.post.tags} & index.by_tag.keys()
    common = {tag for tag in tags if tag in index.members}
    if len(common) > index.MAX_COMMON_TAGS:
        return _best(index, _scores(index, tags, exclude), count)
    scores = _scores(index, tags - common, exclude)
    for name in scores:
        scores[name] += sum(index.weight[tag] for tag in common if name in index.members[tag])
    taken = exclude | scores.keys()
    for shared, weight in _subsets_heaviest_first(index, common):
        best = _best(index, scores, count)
        if len(best) == count and round(scores[best[-1].docname], 9) > round(weight, 9):
            return best
        for name in _newest_sharing_exactly(index, shared, common - shared, taken, count):
            scores[name] = weight
    return _best(index, scores, count)


def _best(index: TagIndex, scores: dict[str, float], count: int) -> list[PostRecord]:
    names = heapq.nsmallest(count, scores, key=lambda n: (-round(scores[n], 9), index.rank[n]))
    return [index.records[name] for name in names]


def _subsets_heaviest_first(
    index: TagIndex, common: set[str]
) -> list[tuple[frozenset[str], float]]:
    ordered = sorted(common)
    subsets = [
        frozenset(subset)
        for size in range(1, len(ordered) + 1)
        for subset in itertools.combinations(ordered, size)
    ]
    weighted = [(subset, sum(index.weight[tag] for tag in subset)) for subset in subsets]
    return sorted(weighted, key=lambda item: -item[1])


def _newest_sharing_exactly(
    index: TagIndex, shared: frozenset[str], others: set[str], taken: set[str], count: int
) -> list[str]:
    """The newest *count* posts with all tags of *shared*, none of *others*, not *taken*.

    Usually the newest posts of the rarest shared tag hold them; when they do not,
    sets are intersected instead of walking the whole list.
    """
    smallest = min(shared, key=lambda tag: len(index.members[tag]))
    wanted = [index.members[tag] for tag in shared if tag != smallest]
    unwanted = [index.members[tag] for tag in others]

    def fits(name: str) -> bool:
        return (
            name not in taken
            and all(name in members for members in wanted)
            and not any(name in members for members in unwanted)
        )

    newest = index.newest[smallest]
    found = list(itertools.islice(filter(fits, itertools.islice(newest, _WALK)), count))
    if len(found) == count or len(newest) <= _WALK:
        return found
    pool = index.members[smallest].intersection(*wanted)
    pool.difference_update(taken, *unwanted)
    return heapq.nsmallest(count, pool, key=index.rank.__getitem__)


#: How many of a common tag's newest posts are looked at before intersecting sets.
_WALK = 256


def _scores(index: TagIndex, tags: set[str], exclude: set[str]) -> dict[str, float]:
    scores: dict[str, float] = defaultdict(float)
    for tag in tags:
        weight = index.weight[tag]
        for other in index.by_tag[tag]:
            if other.docname not in exclude:
                scores[other.docname] += weight
    return scores
