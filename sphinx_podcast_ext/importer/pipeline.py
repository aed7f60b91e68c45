"""Running an import: read and convert every post, name them, link them, write them.

Each file is handled on its own: a bad file is reported (``FILE:LINE: error:
…``) and counted as failed while the others still import. Output is
deterministic, so importing the same input twice changes nothing.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from ..slugs import assign_unique, post_slug
from . import myst
from .convert import Converted, convert_body, render_body
from .episode import guess_people
from .errors import PostError
from .legacy import LegacyPost, lookup, parse_legacy
from .related import Resolver
from .report import ImportReport, Reporter
from .source import find_sources, read_source
from .writer import Outcome, write_page

__all__ = ["ImportOptions", "ImportReport", "Prepared", "build_front_matter", "import_posts"]

#: Set this environment variable to let unexpected exceptions propagate (for debugging and tests).
DEBUG_ENV = "SPHINX_PODCAST_DEBUG"
#: Front-matter keys the importer writes itself; source values for them are replaced.
_OWN_KEYS = frozenset(
    {"title", "date", "tags", "episode", "legacy_slug", "legacy_source", myst.HASH_KEY}
)
_T = TypeVar("_T")


@dataclass(frozen=True, slots=True)
class ImportOptions:
    """How to import: the output folder and the safety switches."""

    into: Path
    force: bool = False
    dry_run: bool = False
    debug: bool = False


@dataclass(slots=True)
class Prepared:
    """A post read and converted, before slugs are made unique and links resolved."""

    source: Path
    post: LegacyPost
    converted: Converted
    legacy_slug: str
    wanted_slug: str
    slug: str = ""


def import_posts(
    sources: Sequence[Path], options: ImportOptions, reporter: Reporter
) -> ImportReport:
    """Import every post under *sources* into ``options.into``; report and return the counts."""
    report = ImportReport(dry_run=options.dry_run)
    files, missing = find_sources(sources, exclude=options.into)
    for problem in missing:
        reporter.diagnostic(problem.path, problem.line, problem.level, problem.message)
        report.failed += 1
    prepared: list[Prepared] = []
    for number, path in enumerate(files, 1):
        reporter.progress(number, len(files), f"reading {path.name}")
        item = _guarded(options, reporter, path, partial(_prepare, path, reporter))
        if item is None:
            report.failed += 1
        else:
            prepared.append(item)
    _assign_slugs(prepared, reporter)
    resolver = Resolver(
        ((item.legacy_slug, item.source.stem, item.slug), item.slug, item.post.title)
        for item in prepared
    )
    if prepared and not options.dry_run:
        options.into.mkdir(parents=True, exist_ok=True)
    for number, item in enumerate(prepared, 1):
        reporter.progress(number, len(prepared), f"writing {item.slug}.md")
        write = partial(_write, item, resolver, options, reporter, report)
        outcome = _guarded(options, reporter, item.source, write)
        if outcome is None:
            report.failed += 1
    reporter.finish()
    return report


def _guarded(
    options: ImportOptions, reporter: Reporter, path: Path, step: Callable[[], _T]
) -> _T | None:
    """Run one file's step; report its failure as one line instead of a traceback."""
    try:
        return step()
    except PostError as exc:
        reporter.diagnostic(str(path), exc.line, "error", exc.message)
    except OSError as exc:
        where = exc.filename if exc.filename else path
        reporter.diagnostic(str(where), None, "error", exc.strerror or str(exc))
    except Exception as exc:
        if options.debug or os.environ.get(DEBUG_ENV):
            raise
        reporter.diagnostic(str(path), None, "error", f"internal error, please report it: {exc!r}")
    return None


def _prepare(path: Path, reporter: Reporter) -> Prepared:
    post = parse_legacy(read_source(path))
    for line, message in post.notes:
        reporter.diagnostic(str(path), line, "note", message)
    converted = convert_body(post.body_lines, post.body_start, find_episode=_wants_episode(post))
    for line, message in converted.notes:
        reporter.diagnostic(str(path), line, "note", message)
    explicit = _text_value(post.meta, "slug")
    legacy_slug = _text_value(post.meta, "legacy_slug") or explicit or path.stem
    return Prepared(
        source=path,
        post=post,
        converted=converted,
        legacy_slug=legacy_slug,
        wanted_slug=post_slug(post.title, post.date, explicit),
    )


def _wants_episode(post: LegacyPost) -> bool:
    """A post whose front matter already names its episode URL keeps its body's links."""
    entry = lookup(post.meta, "episode")
    return entry is None or not (isinstance(entry[1], dict) and entry[1].get("url"))


def _text_value(meta: dict[Any, Any], key: str) -> str:
    entry = lookup(meta, key)
    if entry is None or entry[1] is None or isinstance(entry[1], list | dict):
        return ""
    return str(entry[1]).strip()


def _assign_slugs(prepared: list[Prepared], reporter: Reporter) -> None:
    keys = {item.source.as_posix(): item for item in prepared}
    unique = assign_unique((key, item.wanted_slug) for key, item in keys.items())
    holders: dict[str, str] = {}
    for key in sorted(keys):
        item = keys[key]
        item.slug = unique[key]
        if item.slug == item.wanted_slug:
            holders[item.slug] = key
    for key in sorted(keys):
        item = keys[key]
        if item.slug != item.wanted_slug:
            holder = holders.get(item.wanted_slug, "another post")
            reporter.diagnostic(
                key,
                None,
                "note",
                f"slug {item.wanted_slug!r} is taken by {holder}; writing {item.slug}.md",
            )


def _write(
    item: Prepared,
    resolver: Resolver,
    options: ImportOptions,
    reporter: Reporter,
    report: ImportReport,
) -> Outcome:
    entries: list[tuple[str, str]] = []
    for link in item.converted.related:
        target = resolver.resolve(link)
        if target is None:
            report.unresolved += 1
            reporter.diagnostic(
                str(item.source),
                link.line,
                "note",
                f"related post {link.target!r} ({link.title}) is not among the imported posts; "
                "kept as an unresolved link",
            )
        entries.append((link.title, target if target is not None else link.target))
    body = render_body(item.converted, entries)
    text = myst.page(build_front_matter(item), body)
    dest = options.into / f"{item.slug}.md"
    result = write_page(dest, text, force=options.force, dry_run=options.dry_run)
    _count(result.outcome, report)
    if result.outcome is Outcome.SKIPPED:
        reporter.diagnostic(
            str(dest), 1, "warning", f"left alone: it {result.reason} (--force overwrites it)"
        )
    elif options.dry_run and result.outcome is not Outcome.UNCHANGED:
        verb = "create" if result.outcome is Outcome.CREATED else "update"
        reporter.info(f"would {verb} {dest} (from {item.source})")
    return result.outcome


def _count(outcome: Outcome, report: ImportReport) -> None:
    name = outcome.value
    setattr(report, name, getattr(report, name) + 1)


def build_front_matter(item: Prepared) -> dict[Any, Any]:
    """The page's front matter: schema keys first, the source's other keys kept, then provenance."""
    post = item.post
    data: dict[Any, Any] = {"title": myst.Quoted(post.title), "date": post.date}
    if post.tags:
        data["tags"] = list(post.tags)
    for key, value in post.meta.items():
        if str(key).strip().lower() not in _OWN_KEYS:
            data[key if isinstance(key, str | int | float | bool) else str(key)] = _plain(value)
    episode = _episode(item)
    if episode:
        data["episode"] = episode
    data["legacy_slug"] = item.legacy_slug
    data["legacy_source"] = item.source.name
    return data


def _episode(item: Prepared) -> dict[str, Any]:
    entry = lookup(item.post.meta, "episode")
    episode: dict[str, Any] = dict(entry[1]) if entry and isinstance(entry[1], dict) else {}
    if entry is not None and not isinstance(entry[1], dict) and entry[1] not in (None, ""):
        episode["url"] = entry[1]
    url = item.converted.episode_url
    if url and not episode.get("url"):
        episode = {"url": url, **episode}
    if episode.get("url"):
        for key, value in guess_people(item.post.title).items():
            episode.setdefault(key, value)
    return {k: _plain(v) for k, v in episode.items()}


def _plain(value: Any) -> Any:
    """Front-matter values as plain ``dict``/``list`` trees the dumper knows how to write."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, set | frozenset):
        return sorted((_plain(v) for v in value), key=str)
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dt.datetime | dt.date | str | int | float | bool) or value is None:
        return value
    return str(value)
