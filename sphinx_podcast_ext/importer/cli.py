"""The ``sphinx-podcast`` command line (also ``python -m sphinx_podcast_ext``).

``sphinx-podcast import SRC... --into DIR`` imports legacy posts;
``sphinx-podcast new "Title"`` creates a new post. Exit status: 0 on success,
1 if any file failed (or ``new`` would overwrite a file), 2 for usage errors.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from ..media import UnsafeURL, recognize_video
from ..metadata import parse_date, split_list
from .pipeline import DEBUG_ENV, ImportOptions, import_posts
from .report import Reporter
from .scaffold import new_post

__all__ = ["build_parser", "main"]

_IMPORT_HELP = """\
Convert legacy posts (.md, .markdown, .txt; folders are searched recursively)
into MyST pages named <slug>.md in DIR. Pages edited since they were imported
are left alone (unless --force); unchanged pages are not rewritten.
Dates must be YYYY-MM-DD; unambiguous human dates ("May 15, 2024") are read
with a note, ambiguous ones ("05/06/2024") fail. Messages are
"FILE:LINE: level: text" on stderr; the exit status is 1 if any file failed.
"""


def _date(value: str) -> dt.date:
    try:
        return parse_date(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date (YYYY-MM-DD)") from None


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with its ``import`` and ``new`` subcommands."""
    parser = argparse.ArgumentParser(
        prog="sphinx-podcast", description="Podcast-summary posts for Sphinx: import and create."
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    importer = commands.add_parser(
        "import", help="import legacy posts as MyST pages", description=_IMPORT_HELP
    )
    importer.add_argument("sources", nargs="+", type=Path, metavar="SRC", help="file or folder")
    importer.add_argument("--into", required=True, type=Path, metavar="DIR", help="output folder")
    importer.add_argument("--force", action="store_true", help="overwrite pages edited by hand")
    importer.add_argument(
        "--dry-run", action="store_true", help="show what would change; write nothing"
    )
    importer.add_argument(
        "-q", "--quiet", action="store_true", help="only errors and warnings; no progress"
    )
    importer.add_argument(
        "--debug", action="store_true", help="show tracebacks of unexpected errors"
    )
    new = commands.add_parser("new", help="create a new post", description="Create a new post.")
    new.add_argument("title", help="the post's title")
    new.add_argument("--into", type=Path, default=Path(), metavar="DIR", help="folder (default: .)")
    new.add_argument("--date", type=_date, help="YYYY-MM-DD (default: today)")
    new.add_argument("--show", default="", help="the podcast's name")
    new.add_argument("--guest", default="", help="guest names, comma-separated")
    new.add_argument("--url", default="", help="the episode's URL (YouTube or other)")
    new.add_argument("--tags", default="", help="comma-separated tags")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.command == "import":
            return _run_import(args, parser)
        return _run_new(args, parser)
    except KeyboardInterrupt:
        sys.stderr.write("interrupted\n")
        return 130


def _run_import(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    into: Path = args.into
    if into.exists() and not into.is_dir():
        parser.error(f"--into {into}: not a folder")
    reporter = Reporter(sys.stdout, sys.stderr, quiet=args.quiet)
    options = ImportOptions(
        into=into,
        force=args.force,
        dry_run=args.dry_run,
        debug=args.debug or bool(os.environ.get(DEBUG_ENV)),
    )
    report = import_posts(args.sources, options, reporter)
    reporter.info(report.summary())
    return 1 if report.failed else 0


def _run_new(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    title = " ".join(args.title.split())
    if not title:
        parser.error("the title is empty")
    url = args.url.strip()
    if url:
        try:
            url = recognize_video(url).url
        except UnsafeURL as exc:
            parser.error(f"--url: {exc}")
    try:
        path = new_post(
            title,
            args.into,
            args.date or dt.date.today(),
            show=args.show.strip(),
            guest=", ".join(split_list(args.guest)),
            url=url,
            tags=split_list(args.tags),
        )
    except FileExistsError as exc:
        sys.stderr.write(f"{exc.filename}: error: already exists; not overwritten\n")
        return 1
    except OSError as exc:
        sys.stderr.write(f"{exc.filename or args.into}: error: {exc.strerror or exc}\n")
        return 1
    sys.stdout.write(f"{path}\n")
    return 0
