"""The ``sphinx-podcast`` command line (also ``python -m sphinx_podcast_ext``).

``sphinx-podcast import SRC... --into DIR`` imports legacy posts;
``sphinx-podcast new "Title"`` creates a new post. Exit status: 0 on success,
1 if any file failed, a source is missing, no post was found, ``--into``
cannot be written (or ``new`` would overwrite a file), 2 for usage errors.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from .. import __version__
from ..media import UnsafeURL, recognize_video, safe_url
from ..metadata import parse_date, split_list
from .legacy import FORMAT_CHOICES
from .pipeline import DEBUG_ENV, ImportOptions, import_posts
from .report import Reporter, write_migration_report
from .scaffold import new_post
from .source import SUFFIXES

__all__ = ["build_parser", "main"]

_IMPORT_HELP = """\
Convert legacy posts (.md, .markdown, .txt; folders are searched recursively)
into MyST pages named <slug>.md in DIR. Front matter may be YAML (---), TOML
(+++), JSON ({...}) or missing (the title is then the first heading); each
file's format is detected unless --format is given. Pages edited since they
were imported are left alone (unless --force); unchanged pages are not
rewritten, and posts imported before keep their pages. Messages are
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
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    importer = commands.add_parser(
        "import",
        help="import legacy posts as MyST pages",
        description=_IMPORT_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    importer.set_defaults(command_parser=importer)
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
    importer.add_argument(
        "--format",
        choices=FORMAT_CHOICES,
        default="auto",
        help="front-matter format of every file (default: detect per file)",
    )
    importer.add_argument(
        "--base-url",
        default="",
        metavar="URL",
        help="the old site's address: its relative links and media become absolute",
    )
    importer.add_argument(
        "--report",
        type=Path,
        metavar="FILE",
        help="write a migration report to FILE (.md) and beside it as .json",
    )
    new = commands.add_parser("new", help="create a new post", description="Create a new post.")
    new.set_defaults(command_parser=new)
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
    command: argparse.ArgumentParser = args.command_parser
    into: Path = args.into
    if into.exists() and not into.is_dir():
        command.error(f"--into {into}: not a folder")
    base_url = args.base_url.strip()
    if base_url:
        try:
            base_url = safe_url(base_url)
        except UnsafeURL as exc:
            command.error(f"--base-url: {exc}")
    problem = _unwritable(into, dry_run=args.dry_run)
    if problem:
        sys.stderr.write(f"{into}: error: {problem}\n")
        return 1
    reporter = Reporter(sys.stdout, sys.stderr, quiet=args.quiet)
    options = ImportOptions(
        into=into,
        force=args.force,
        dry_run=args.dry_run,
        debug=args.debug or bool(os.environ.get(DEBUG_ENV)),
        fmt=args.format,
        base_url=base_url,
    )
    try:
        report = import_posts(args.sources, options, reporter)
    except OSError as exc:
        sys.stderr.write(f"{exc.filename or into}: error: {exc.strerror or exc}\n")
        return 1
    reporter.info(report.summary())
    if not report.total and not report.missing:
        where = ", ".join(str(source) for source in args.sources)
        sys.stderr.write(
            f"{where}: error: no posts found (posts are {', '.join(SUFFIXES)} files; "
            "hidden files and folders are skipped)\n"
        )
    if args.report is not None:
        try:
            for path in write_migration_report(report, args.report):
                reporter.info(f"report: {path}")
        except OSError as exc:
            sys.stderr.write(f"{args.report}: error: {exc.strerror or exc}\n")
            return 1
    return 1 if report.failed or report.missing or not report.total else 0


def _unwritable(into: Path, *, dry_run: bool) -> str:
    """Why pages cannot be written to *into* (or it cannot be created), or ``""``."""
    if dry_run:
        return ""
    folder = into
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    if not folder.is_dir():
        return f"cannot create the output folder: {folder} is not a folder"
    if not os.access(folder, os.W_OK | os.X_OK):
        what = "the output folder is" if folder == into else f"{folder} is"
        return f"{what} not writable"
    return ""


def _run_new(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    command: argparse.ArgumentParser = args.command_parser
    title = " ".join(args.title.split())
    if not title:
        command.error("the title is empty")
    url = args.url.strip()
    if url:
        try:
            url = recognize_video(url).url
        except UnsafeURL as exc:
            command.error(f"--url: {exc}")
    if args.into.exists() and not args.into.is_dir():
        sys.stderr.write(f"{args.into}: error: --into is not a folder\n")
        return 1
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
