"""A prepared post as its page: the front matter, the body (related posts, players,
links and time codes resolved), written safely, counted and summarized.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ... import frontmatter
from .. import myst
from ..convert import render_body
from ..links import code_lines, even_heading_levels, rewrite_links
from ..related import Resolver
from ..report import ImportReport, PostSummary, Reporter
from ..syntax import EMBED_TOKENS
from ..timecodes import link_timecodes
from ..writer import Outcome, write_page
from .model import ImportOptions, Prepared

__all__ = ["build_front_matter", "write_post"]


def write_post(
    item: Prepared,
    resolver: Resolver,
    options: ImportOptions,
    reporter: Reporter,
    report: ImportReport,
) -> Outcome:
    """Write *item*'s page (unless dry run or edited by hand); count it in *report*."""
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
