"""Running an import: read and convert every post, name them, link them, write them.

Each file is handled on its own: a bad file is reported (every problem, each
``FILE:LINE: error: …``) and counted as failed while the others still import.
Output is deterministic, so importing the same input twice changes nothing, and
slugs are stable across imports: a post already imported into ``--into`` keeps
its page (found by the page's ``legacy_source``), and no new post takes the name
of an existing page.

The steps after reading and converting are :mod:`.pipeline.episode` (the page's
episode), :mod:`.pipeline.naming` (slugs) and :mod:`.pipeline.output` (the page
written); :mod:`.pipeline.model` holds the options and the prepared posts.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import TypeVar

from ...slugs import legacy_path_problem, post_slug
from ..convert import convert_body
from ..errors import PostError
from ..legacy import LegacyPost, parse_legacy
from ..related import Resolver
from ..report import ImportReport, PostSummary, Reporter
from ..source import find_sources, read_source
from ..syntax import convert_syntax
from .episode import gather_episode
from .model import ImportOptions, Prepared
from .naming import assign_slugs, existing_pages
from .output import build_front_matter, write_post

__all__ = ["ImportOptions", "ImportReport", "Prepared", "build_front_matter", "import_posts"]

#: Set this environment variable to let unexpected exceptions propagate (for debugging and tests).
DEBUG_ENV = "SPHINX_PODCAST_DEBUG"
_T = TypeVar("_T")


def import_posts(
    sources: Sequence[Path], options: ImportOptions, reporter: Reporter
) -> ImportReport:
    """Import every post under *sources* into ``options.into``; report and return the counts."""
    report = ImportReport(dry_run=options.dry_run)
    found = find_sources(sources, exclude=options.into)
    for problem in found.problems:
        reporter.diagnostic(problem.path, problem.line, problem.level, problem.message)
    report.missing = found.missing
    report.skipped_files = found.skipped
    prepared: list[Prepared] = []
    files = found.files
    for number, (path, name) in enumerate(files, 1):
        reporter.progress(number, len(files), f"reading {path.name}")
        item = _guarded(options, reporter, path, partial(_prepare, path, name, options, reporter))
        if item is None:
            report.failed += 1
            report.posts.append(PostSummary(source=str(path), outcome="failed"))
        else:
            prepared.append(item)
    existing = existing_pages(options.into)
    assign_slugs(prepared, existing, reporter)
    resolver = Resolver((_known_as(item), item.slug, item.post.title) for item in prepared)
    if prepared and not options.dry_run:
        options.into.mkdir(parents=True, exist_ok=True)
    for number, item in enumerate(prepared, 1):
        reporter.progress(number, len(prepared), f"writing {item.slug}.md")
        write = partial(write_post, item, resolver, options, reporter, report)
        if _guarded(options, reporter, item.source, write) is None:
            report.failed += 1
    reporter.finish()
    return report


def _known_as(item: Prepared) -> list[str]:
    stem = item.source.stem
    keys = [item.slug, item.legacy_slug, stem, re.sub(r"^\d{4}-\d{2}-\d{2}-", "", stem)]
    if item.post.slug:
        keys.append(item.post.slug)
    if item.legacy_slug:
        keys.append(item.legacy_slug.rsplit("/", 1)[-1])
    if stem.lower() in ("index", "_index"):
        keys.append(item.source.parent.name)
    return [key for key in keys if key]


def _guarded(
    options: ImportOptions, reporter: Reporter, path: Path, step: Callable[[], _T]
) -> _T | None:
    """Run one file's step; report its failure as lines instead of a traceback."""
    try:
        return step()
    except PostError as exc:
        for line, message in exc.problems:
            reporter.diagnostic(str(path), line, "error", message)
    except OSError as exc:
        where = exc.filename if exc.filename else path
        reporter.diagnostic(str(where), None, "error", exc.strerror or str(exc))
    except Exception as exc:
        if options.debug or os.environ.get(DEBUG_ENV):
            raise
        reporter.diagnostic(str(path), None, "error", f"internal error, please report it: {exc!r}")
    return None


def _prepare(path: Path, name: str, options: ImportOptions, reporter: Reporter) -> Prepared:
    post = parse_legacy(
        read_source(path), name=path.name, fmt=options.fmt, base_url=options.base_url
    )
    syntax = convert_syntax(
        post.body_lines, post.body_start, base_url=options.base_url, title=post.title
    )
    converted = convert_body(
        syntax.lines,
        post.body_start,
        linenos=syntax.linenos,
        find_episode="url" not in post.episode,
        title=post.title,
    )
    legacy_slug = _legacy_slug(post, path, reporter)
    item = Prepared(
        source=path,
        source_name=name,
        post=post,
        syntax=syntax,
        converted=converted,
        legacy_slug=legacy_slug,
        wanted_slug=post_slug(post.title, post.date, post.slug or None),
    )
    item.episode = gather_episode(item, reporter)
    notes = [*post.notes, *syntax.notes, *converted.notes]
    for line, message in sorted(notes, key=lambda note: (note[0] or 0, note[1])):
        reporter.diagnostic(str(path), line, "note", message)
    return item


def _legacy_slug(post: LegacyPost, path: Path, reporter: Reporter) -> str:
    """The post's old address: validated, else dropped with a note."""
    # A page bundle (``slug/index.md``) is known by its folder's name.
    stem = path.parent.name if path.stem.lower() in ("index", "_index") else path.stem
    wanted = post.legacy_slug or post.slug or stem
    problem = legacy_path_problem(wanted)
    if problem is None:
        return wanted
    if not (post.legacy_slug or post.slug):
        return ""  # a file name that is no web address (an Obsidian note): nothing to redirect
    line = post.legacy_slug_line if post.legacy_slug else None
    reporter.diagnostic(
        str(path), line, "note", f"legacy address {wanted!r} dropped: {problem}; no redirect"
    )
    return ""
