"""Running an import: read and convert every post, name them, link them, write them.

Each file is handled on its own: a bad file is reported (every problem, each
``FILE:LINE: error: …``) and counted as failed while the others still import.
Output is deterministic, so importing the same input twice changes nothing, and
slugs are stable across imports: a post already imported into ``--into`` keeps
its page (found by the page's ``legacy_source``), and no new post takes the name
of an existing page.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlsplit

from .. import frontmatter
from ..metadata import episode_from_mapping
from ..slugs import assign_unique, legacy_path_problem, post_slug
from . import myst
from .convert import Converted, convert_body, render_body
from .errors import PostError
from .legacy import LegacyPost, parse_legacy
from .links import code_lines, even_heading_levels, rewrite_links
from .people import guess_people
from .related import Resolver
from .report import ImportReport, PostSummary, Reporter
from .source import find_sources, read_source
from .syntax import EMBED_TOKENS, Embed, SyntaxResult, convert_syntax
from .timecodes import link_timecodes
from .writer import Outcome, write_page

__all__ = ["ImportOptions", "ImportReport", "Prepared", "build_front_matter", "import_posts"]

#: Set this environment variable to let unexpected exceptions propagate (for debugging and tests).
DEBUG_ENV = "SPHINX_PODCAST_DEBUG"
#: The order of the episode mapping's fields on the page.
EPISODE_ORDER = (
    "url", "title", "show", "guest", "host", "date", "duration", "start", "image",
    "youtube", "spotify", "apple", "rss", "website",
)  # fmt: skip
_PLATFORM_HOSTS = {
    "youtube": ("youtube.com", "youtu.be", "youtube-nocookie.com"),
    "spotify": ("spotify.com",),
    "apple": ("podcasts.apple.com",),
}
_T = TypeVar("_T")


@dataclass(frozen=True, slots=True)
class ImportOptions:
    """How to import: the output folder, the safety switches, the format and the old site."""

    into: Path
    force: bool = False
    dry_run: bool = False
    debug: bool = False
    #: One of :data:`.legacy.FORMAT_CHOICES`; ``auto`` detects each file's format.
    fmt: str = "auto"
    #: The old site's address: site-relative links and media become absolute with it.
    base_url: str = ""


@dataclass(slots=True)
class Prepared:
    """A post read and converted, before slugs are made unique and links resolved."""

    source: Path
    source_name: str
    post: LegacyPost
    syntax: SyntaxResult
    converted: Converted
    legacy_slug: str
    wanted_slug: str
    episode: dict[str, Any] = field(default_factory=dict)
    used_embeds: set[int] = field(default_factory=set)
    slug: str = ""


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
    existing = _existing_pages(options.into)
    _assign_slugs(prepared, existing, reporter)
    resolver = Resolver((_known_as(item), item.slug, item.post.title) for item in prepared)
    if prepared and not options.dry_run:
        options.into.mkdir(parents=True, exist_ok=True)
    for number, item in enumerate(prepared, 1):
        reporter.progress(number, len(prepared), f"writing {item.slug}.md")
        write = partial(_write, item, resolver, options, reporter, report)
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
    item.episode = _episode(item, reporter)
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


# -- the episode --------------------------------------------------------------------------------


def _episode(item: Prepared, reporter: Reporter) -> dict[str, Any]:
    """The episode: front matter first, then players and links of the body; validated."""
    post = item.post
    fields = dict(post.episode)
    sources = dict(post.episode_sources)
    for index, embed in enumerate(item.syntax.embeds):
        if embed.url is not None and _use_embed(fields, sources, embed):
            item.used_embeds.add(index)
    if item.converted.episode_url:
        _offer_url(fields, sources, item.converted.episode_url, "body link")
    if fields.get("url"):
        for key, value in guess_people(post.title).items():
            if key not in fields:
                fields[key] = value
                sources[key] = "title"
    return _validated(fields, sources, item, reporter)


def _use_embed(fields: dict[str, Any], sources: dict[str, str], embed: Embed) -> bool:
    assert embed.url is not None
    if not fields.get("url"):
        fields["url"] = embed.url
        sources["url"] = embed.what
        if embed.start:
            fields.setdefault("start", str(embed.start))
            sources.setdefault("start", embed.what)
        return True
    return _offer_url(fields, sources, embed.url, embed.what)


def _offer_url(fields: dict[str, Any], sources: dict[str, str], url: str, what: str) -> bool:
    """Use *url* as the episode, or as its platform link; ``False`` if it fits neither."""
    if not fields.get("url"):
        fields["url"], sources["url"] = url, what
        return True
    if any(isinstance(value, str) and _same_media(value, url) for value in fields.values()):
        return True
    host = (urlsplit(url).hostname or "").lower()
    for platform, hosts in _PLATFORM_HOSTS.items():
        if any(host == h or host.endswith("." + h) for h in hosts) and platform not in fields:
            fields[platform], sources[platform] = url, what
            return True
    return False


def _same_media(first: str, second: str) -> bool:
    def key(url: str) -> str:
        parts = urlsplit(url)
        return f"{(parts.hostname or '').removeprefix('www.')}{parts.path.rstrip('/')}"

    return key(first) == key(second)


def _validated(
    fields: dict[str, Any], sources: dict[str, str], item: Prepared, reporter: Reporter
) -> dict[str, Any]:
    """Drop fields the extension would refuse (with a note; their keys stay under legacy)."""
    if not fields.get("url"):
        for name in fields:
            _restore(item.post, sources.get(name, ""))
        if fields:
            reporter.diagnostic(
                str(item.source),
                None,
                "note",
                "episode details without an episode address are kept under legacy",
            )
        return {}
    _episode, problems = episode_from_mapping(fields)
    for problem in problems:
        if problem.key in fields and problem.key != "url":
            reporter.diagnostic(
                str(item.source),
                item.post.key_lines.get(sources.get(problem.key, ""), None),
                "note",
                f"episode {problem.key} dropped ({problem.message}); kept under legacy",
            )
            del fields[problem.key]
            _restore(item.post, sources.get(problem.key, ""))
    return {name: fields[name] for name in EPISODE_ORDER if name in fields}


def _restore(post: LegacyPost, source_path: str) -> None:
    """Put a front-matter key the episode could not use back under legacy, unchanged."""
    if not source_path or source_path in ("title", "body link") or source_path.startswith("<"):
        return
    top, _dot, rest = source_path.partition(".")
    if top not in post.meta:
        return
    if not rest:
        post.legacy.setdefault(top, post.meta[top])
        return
    original = post.meta[top]
    if isinstance(original, dict) and rest in original:
        kept = post.legacy.setdefault(top, {})
        if isinstance(kept, dict):
            kept.setdefault(rest, original[rest])


# -- slugs --------------------------------------------------------------------------------------


def _existing_pages(into: Path) -> dict[str, str]:
    """``{legacy_source: page slug}`` of the pages already in *into* (and ``{"": slug}``
    entries for pages that name no source)."""
    pages: dict[str, str] = {}
    try:
        candidates = sorted(into.glob("*.md")) if into.is_dir() else []
    except OSError:
        return pages
    for page in candidates:
        try:
            text = page.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            pages[f"\x00{page.stem}"] = page.stem
            continue
        data = frontmatter.parse(text).data or {}
        source = data.get("legacy_source")
        key = str(source) if isinstance(source, str) and source else f"\x00{page.stem}"
        pages.setdefault(key, page.stem)
    return pages


def _unique_basename(existing: dict[str, str], name: str) -> str | None:
    """The page of a source recorded by its bare file name (as older imports did)."""
    base = name.rsplit("/", 1)[-1]
    matches = [slug for key, slug in existing.items() if key == base]
    return matches[0] if len(matches) == 1 and base != name else None


def _assign_slugs(prepared: list[Prepared], existing: dict[str, str], reporter: Reporter) -> None:
    """Posts imported before keep their pages; the others get free, unique names."""
    # Pages another source was imported into; pages the importer did not write are
    # protected by the writer instead (it leaves them alone, with a warning).
    taken = {slug for key, slug in existing.items() if not key.startswith("\x00")}
    fresh: dict[str, Prepared] = {}
    for item in sorted(prepared, key=lambda i: i.source.as_posix()):
        page = existing.get(item.source_name) or _unique_basename(existing, item.source_name)
        if page is not None and page not in {p.slug for p in prepared}:
            item.slug = page
        else:
            fresh[item.source.as_posix()] = item
    kept = {item.slug for item in prepared if item.slug}
    unique = assign_unique((key, item.wanted_slug) for key, item in fresh.items())
    used = set(kept)
    for key in sorted(fresh):
        item = fresh[key]
        slug, number = unique[key], 1
        while slug in used or slug in taken:
            number += 1
            slug = f"{item.wanted_slug}-{number}"
        item.slug = slug
        used.add(slug)
        if slug != item.wanted_slug:
            holder = next(
                (p.source.as_posix() for p in prepared if p.slug == item.wanted_slug),
                "an existing page",
            )
            reporter.diagnostic(
                key,
                None,
                "note",
                f"slug {item.wanted_slug!r} is taken by {holder}; writing {slug}.md",
            )


# -- writing ------------------------------------------------------------------------------------


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
    body, timecodes = _body(item, entries, resolver, options, reporter)
    text = myst.page(build_front_matter(item), body)
    dest = options.into / f"{item.slug}.md"
    result = write_page(dest, text, force=options.force, dry_run=options.dry_run)
    _count(result.outcome, report)
    report.posts.append(_summary(item, dest, result.outcome.value, timecodes))
    if result.outcome is Outcome.SKIPPED:
        reporter.diagnostic(
            str(dest), 1, "warning", f"left alone: it {result.reason} (--force overwrites it)"
        )
    elif options.dry_run and result.outcome is not Outcome.UNCHANGED:
        verb = "create" if result.outcome is Outcome.CREATED else "update"
        reporter.info(f"would {verb} {dest} (from {item.source})")
    return result.outcome


def _body(
    item: Prepared,
    entries: list[tuple[str, str]],
    resolver: Resolver,
    options: ImportOptions,
    reporter: Reporter,
) -> tuple[list[str], int]:
    """The page body: the title heading, front-matter content, the body, front-matter quotes."""
    lines = [f"# {myst.escape_inline(item.post.title)}"]
    for content in item.post.content:
        lines.extend(["", *content.split("\n")])
    converted = render_body(item.converted, entries)
    if converted:
        lines.extend(["", *converted])
    quotes = myst.front_matter_quotes(item.post.quotes, item.post.plain_quotes)
    if quotes:
        lines.extend(["", *quotes])
    lines = [EMBED_TOKENS.sub(partial(_embed_text, item), line) for line in lines]
    if not item.episode.get("url"):
        lines = myst.timestamps_as_roles_text(lines)
    lines = even_heading_levels(lines)
    lines, notes = rewrite_links(lines, resolver.resolve_target, options.base_url)
    for note in notes:
        reporter.diagnostic(str(item.source), None, "note", note)
    made = 0
    if item.episode.get("url"):
        lines, made = link_timecodes(lines)
    return _single_blank_lines(lines), made


def _single_blank_lines(lines: list[str]) -> list[str]:
    """Runs of blank lines (left where players were) as one, outside code blocks."""
    out: list[str] = []
    for line, is_code in zip(lines, code_lines(lines), strict=True):
        if not is_code and not line.strip() and out and not out[-1].strip():
            continue
        out.append(line)
    while out and not out[-1].strip():
        out.pop()
    return out


def _embed_text(item: Prepared, match: re.Match[str]) -> str:
    """A player's token: nothing when the episode shows it, else a link to it."""
    index = int(match[1])
    embed = item.syntax.embeds[index]
    if index in item.used_embeds or embed.url is None:
        return ""
    host = urlsplit(embed.url).hostname or embed.url
    return f"[Player: {host}]({embed.url})"


def _count(outcome: Outcome, report: ImportReport) -> None:
    name = outcome.value
    setattr(report, name, getattr(report, name) + 1)


def _summary(item: Prepared, dest: Path, outcome: str, timecodes: int) -> PostSummary:
    quotes = [*item.converted.quotes, *item.post.quotes]
    return PostSummary(
        source=str(item.source),
        outcome=outcome,
        page=str(dest),
        title=item.post.title,
        date=item.post.date.isoformat(),
        format=item.post.format,
        quotes=[quote.speaker for quote in quotes],
        episode=str(item.episode.get("url", "")),
        start=str(item.episode.get("start", "")),
        guests=str(item.episode.get("guest", "")),
        show=str(item.episode.get("show", "")),
        timecodes=timecodes,
        unknown=[f"{line}: {text}" for line, text in item.syntax.unknown],
        legacy_keys=sorted(str(key) for key in item.post.legacy),
    )


def build_front_matter(item: Prepared) -> dict[str, Any]:
    """The page's front matter: schema keys, provenance, then every other source key."""
    post = item.post
    data: dict[str, Any] = {"title": frontmatter.Quoted(post.title), "date": post.date}
    if post.tags:
        data["tags"] = list(post.tags)
    if post.description:
        data["description"] = post.description
    if item.episode:
        data["episode"] = {key: _plain(value) for key, value in item.episode.items()}
    if item.legacy_slug:
        data["legacy_slug"] = item.legacy_slug
    data["legacy_source"] = item.source_name
    if post.legacy:
        data["legacy"] = {_key(key): _plain(value) for key, value in post.legacy.items()}
    return data


def _key(key: Any) -> Any:
    return key if isinstance(key, str | int | float | bool) else str(key)


def _plain(value: Any) -> Any:
    """Front-matter values as plain ``dict``/``list`` trees the dumper knows how to write."""
    if isinstance(value, dict):
        return {_key(k): _plain(v) for k, v in value.items()}
    if isinstance(value, set | frozenset):
        return sorted((_plain(v) for v in value), key=str)
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dt.datetime | dt.date | str | int | float | bool) or value is None:
        return value
    return str(value)
