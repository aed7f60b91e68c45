"""The records on disk and the Pagefind binary that indexes them.

Records are kept in the doctree folder (they are never published), one file
per document in the output's layout, so an incremental build rewrites only
the records of the pages it writes and parallel writers never share a file.
Pagefind indexes the folder into ``<outdir>/_pagefind/``: written beside the
old bundle and swapped in, so a served site never sees half an index. A
snapshot of the record files (sizes and times) says whether anything changed
since the last index; when nothing did, Pagefind is not run.

The binary is run as a command (``--site records --output-path …``), found as
the ``pagefind`` package finds it (``PAGEFIND_BINARY_PATH``, the ``pagefind[bin]``
wheel, then ``PATH``): a command's exit status and error output are plain,
it needs no event loop in the build, and a crash cannot leave the build
waiting on the package's service pipe.
"""

from __future__ import annotations

import atexit
import contextlib
import hashlib
import json
import os
import shutil
import signal
import subprocess
import tempfile
import time
import weakref
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from ..pagecache import output_file
from ..shared import __

if TYPE_CHECKING:
    from sphinx.builders import Builder

__all__ = [
    "BUNDLE_DIR",
    "PagefindRun",
    "RecordStore",
    "pagefind_command",
    "pagefind_executable",
]

#: The folder of the output that holds Pagefind's bundle.
BUNDLE_DIR = "_pagefind"
#: Bump when the records change shape: every document is then written again.
RECORD_FORMAT = 1
#: Seconds; indexing 10,000 records takes a few.
PAGEFIND_TIMEOUT = 900
#: Seconds a stopped indexer's processes are given to be gone (killed, and reaped).
GROUP_EXIT_TIMEOUT = 2.0
#: Bytes of Pagefind's output read back for a warning when it fails.
OUTPUT_TAIL = 16384


class RecordStore:
    """One record file per document, in the doctree folder, and what was last indexed.

    ``pages/`` mirrors the output's layout (``posts/a.html``, or ``posts/a/index.html``
    for ``dirhtml``), so Pagefind derives each result's URL from the record's path. A
    document that is not indexed has an empty ``.skip`` file instead, so every
    document has a file and a missing one means a record was lost.
    """

    def __init__(self, builder: Builder) -> None:
        digest = hashlib.blake2b(str(Path(builder.outdir).resolve()).encode(), digest_size=4)
        # Weak: the store is found by its builder (a weak key) and must not keep it alive.
        self.builder = weakref.proxy(builder)
        self.root = (
            Path(builder.doctreedir) / "podcast-search" / f"{builder.name}-{digest.hexdigest()}"
        )
        self.pages = self.root / "pages"
        self.manifest = self.root / "manifest.json"
        self._check_format()

    def _check_format(self) -> None:
        marker = self.root / "format"
        if marker.is_file() and marker.read_text("utf-8").strip() == str(RECORD_FORMAT):
            return
        shutil.rmtree(self.root, ignore_errors=True)
        self.pages.mkdir(parents=True, exist_ok=True)
        marker.write_text(str(RECORD_FORMAT), "utf-8")

    def path(self, docname: str) -> Path:
        """The record file of *docname*, inside ``pages/``, where its page is in the output.

        The output file, not the link: with ``html_link_suffix = ""`` links have no
        ``.html``, which Pagefind's glob would not match.
        """
        page = output_file(self.builder, docname)
        relative = PurePosixPath(page.relative_to(Path(self.builder.outdir)).as_posix())
        if ".." in relative.parts:
            raise ValueError(f"{docname!r} would be written outside the search records")
        return self.pages.joinpath(*relative.parts)

    def has(self, docname: str) -> bool:
        """Whether *docname* has a record (or a ``.skip`` marker)."""
        path = self.path(docname)
        return path.exists() or _skip_marker(path).exists()

    def write(self, docname: str, text: str | None) -> None:
        """Keep *text* as the record of *docname* (``None``: not indexed).

        An unchanged record is not rewritten, so its modification time says
        whether Pagefind has to run again.
        """
        path = self.path(docname)
        path.parent.mkdir(parents=True, exist_ok=True)
        keep, drop = (path, _skip_marker(path)) if text is not None else (_skip_marker(path), path)
        drop.unlink(missing_ok=True)
        if keep.exists() and keep.read_text("utf-8") == (text or ""):
            return
        keep.write_text(text or "", "utf-8")

    def prune(self, docnames: set[str]) -> int:
        """Delete the records of documents that no longer exist; return how many."""
        wanted = set()
        for docname in docnames:
            path = self.path(docname)
            wanted |= {path, _skip_marker(path)}
        removed = 0
        for path in self.files():
            if path not in wanted:
                path.unlink()
                removed += 1
        return removed

    def files(self) -> Iterator[Path]:
        """Every record and marker file."""
        for folder, _dirs, names in os.walk(self.pages):
            for name in names:
                yield Path(folder, name)

    def snapshot(self, command: list[str]) -> dict[str, Any]:
        """What an index is made from: the binary, its arguments, each record's size and time."""
        binary = Path(command[0]).stat()
        files = {}
        for path in self.files():
            stat = path.stat()
            files[path.relative_to(self.pages).as_posix()] = [stat.st_size, stat.st_mtime_ns]
        return {
            "binary": [binary.st_size, binary.st_mtime_ns],
            "command": command,
            "files": files,
        }

    def last_indexed(self) -> dict[str, Any] | None:
        """The snapshot of the last successful index, if any."""
        try:
            data = json.loads(self.manifest.read_text("utf-8"))
        except (OSError, ValueError):
            return None
        return data if isinstance(data, dict) else None

    def save(self, snapshot: dict[str, Any]) -> None:
        """Remember *snapshot* as indexed."""
        self.manifest.write_text(json.dumps(snapshot, sort_keys=True), "utf-8")


def _skip_marker(path: Path) -> Path:
    return path.with_name(path.name + ".skip")


# -- running Pagefind -------------------------------------------------------------------------


def pagefind_executable() -> tuple[Path | None, str]:
    """The Pagefind binary the ``pagefind`` package would use, or ``None`` and why not.

    The package looks at ``PAGEFIND_BINARY_PATH``, the ``pagefind_bin`` wheel
    (``pagefind[bin]``), then ``pagefind`` on ``PATH``.
    """
    try:
        from pagefind.service import get_executable
    except ImportError:
        return None, __("the pagefind package is not installed")
    try:
        executable = get_executable()
    except (OSError, ValueError) as exc:
        return None, str(exc)
    if executable is None or not Path(executable).is_file():
        return None, __("the pagefind binary was not found (install pagefind[bin])")
    return Path(executable), ""


def pagefind_command(builder: Builder, executable: Path) -> list[str]:
    """The arguments that decide the index, besides the input and output folders."""
    language = (builder.config.language or "en").split("_")[0].split("-")[0]
    suffix = getattr(builder, "out_suffix", ".html") or ".html"
    return [str(executable), "--force-language", language, "--glob", f"**/*{suffix}", "--quiet"]


class PagefindRun:
    """Pagefind indexing *source* into *bundle*, started in the background.

    The index is made in ``<bundle>.new`` and replaces *bundle* only when
    :meth:`wait` finds it complete, so a failed or cancelled run leaves the last
    index in place. Output goes to temporary files, never to a pipe that could
    fill up and stall the indexer while the build goes on.
    """

    def __init__(self, command: list[str], source: Path, bundle: Path) -> None:
        self.bundle = bundle
        self.fresh = bundle.with_name(bundle.name + ".new")
        shutil.rmtree(self.fresh, ignore_errors=True)
        # Closed by wait() or cancel(), once the indexer is done with it.
        self._output = tempfile.TemporaryFile()  # noqa: SIM115
        arguments = [*command, "--site", str(source), "--output-path", str(self.fresh)]
        try:
            # Its own process group, so that cancel() also stops what a launcher
            # (npm's ``pagefind`` on PATH) starts.
            self._process = subprocess.Popen(
                arguments,
                stdout=self._output,
                stderr=subprocess.STDOUT,
                start_new_session=os.name == "posix",
            )
        except OSError:
            self._output.close()
            raise
        # A build stopped before build-finished (an interrupt, another extension's
        # handler failing first) must not leave the indexer writing into the output.
        atexit.register(self.cancel)

    def wait(self) -> int:
        """Wait for the index, put it in place; return the number of pages indexed.

        Raises :class:`RuntimeError` if Pagefind failed, and
        :class:`subprocess.TimeoutExpired` after :data:`PAGEFIND_TIMEOUT` seconds.
        """
        try:
            returncode = self._process.wait(timeout=PAGEFIND_TIMEOUT)
        except subprocess.TimeoutExpired:
            self.cancel()
            raise
        atexit.unregister(self.cancel)
        # Only the end of what it printed: the message, not megabytes of progress.
        size = self._output.seek(0, os.SEEK_END)
        self._output.seek(max(0, size - OUTPUT_TAIL))
        output = self._output.read().decode("utf-8", "replace").strip().splitlines()
        self._output.close()
        if returncode != 0 or not (self.fresh / "pagefind-entry.json").is_file():
            shutil.rmtree(self.fresh, ignore_errors=True)
            raise RuntimeError(" / ".join(output[-3:]) or f"exit status {returncode}")
        old = self.bundle.with_name(self.bundle.name + ".old")
        shutil.rmtree(old, ignore_errors=True)
        if self.bundle.exists():
            self.bundle.rename(old)
        self.fresh.rename(self.bundle)
        shutil.rmtree(old, ignore_errors=True)
        entry = json.loads((self.bundle / "pagefind-entry.json").read_text("utf-8"))
        return sum(int(info.get("page_count", 0)) for info in entry["languages"].values())

    def cancel(self) -> None:
        """Stop the indexer and what it started; remove what it wrote (the last index stays)."""
        atexit.unregister(self.cancel)
        if self._process.poll() is None:
            if os.name == "posix":
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self._process.pid, signal.SIGKILL)
                self._process.wait()
                _wait_until_gone(self._process.pid)
            else:
                self._process.kill()
                self._process.wait()
        self._output.close()
        shutil.rmtree(self.fresh, ignore_errors=True)


def _wait_until_gone(group: int, timeout: float = GROUP_EXIT_TIMEOUT) -> None:
    """Wait (briefly) until no process of *group* is left.

    A killed launcher's child dies a moment after the signal, not when
    ``os.killpg`` returns, and could still write into the output meanwhile.
    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            os.killpg(group, 0)
        except ProcessLookupError:
            return
        time.sleep(0.01)
