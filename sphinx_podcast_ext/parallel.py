"""Writing the generated pages in parallel, with ``sphinx-build -j``.

Sphinx writes the pages of ``html-collect-pages`` one after the other in the
main process, after the documents. At 1,000 posts the extension's generated
pages (ablog's archives, the guest, show and quote pages) are 700 pages, 8 %
of the build, and the only part of a ``-j 2`` build that uses one core. So
with ``-j N`` they are written in forked worker processes, the way Sphinx
writes documents in parallel: each worker calls the builder's own
``handle_page`` (so ``html-page-context`` handlers run as they do for
documents written in a worker), and the workers' log records are handled in
the main process when they are joined, as Sphinx's own
:class:`~sphinx.util.parallel.ParallelTasks` does.

The workers take the pages one at a time from a :class:`PageQueue`, a list
and a counter shared across the fork, so a worker can start before the
others and they still share the pages out evenly. :mod:`.pages` starts one
worker while Sphinx still writes the documents, at a low priority, so that
it takes a core only when the build leaves one idle (with ``-j 2`` Sphinx
has one writer process and the main process, which waits for it in turns);
the rest join it on ``html-collect-pages``.
"""

from __future__ import annotations

import atexit
import contextlib
import multiprocessing
import multiprocessing.util  # its exit handler must be registered before ours
import os
import traceback
import weakref
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from sphinx.errors import SphinxParallelError
from sphinx.util import logging
from sphinx.util.parallel import parallel_available

if TYPE_CHECKING:
    from multiprocessing.connection import Connection
    from multiprocessing.context import ForkProcess
    from multiprocessing.sharedctypes import Synchronized

    from sphinx.application import Sphinx

__all__ = [
    "BACKGROUND_NICENESS",
    "MIN_PAGES",
    "WORKER_NAME",
    "PageQueue",
    "PageTuple",
    "can_write_in_parallel",
    "stop_all",
    "write_in_parallel",
]

logger = logging.getLogger(__name__)

T = TypeVar("T")
#: Fewer pages than this are written in the main process: forking costs more.
MIN_PAGES = 64
#: How much a worker started while Sphinx still writes documents yields to the build's
#: other processes (``os.nice``): it runs on a core they leave idle.
BACKGROUND_NICENESS = 19

#: The name of the worker processes (``multiprocessing``'s, not the operating system's).
WORKER_NAME = "podcast-pages"

#: What ``html-collect-pages`` handlers yield: page name, context, template.
PageTuple = tuple[str, dict[str, Any], str]


def can_write_in_parallel(app: Sphinx, count: int) -> bool:
    """Whether *count* generated pages are written by worker processes in this build."""
    return (
        app.parallel > 1
        and parallel_available
        # Sphinx's own decision: serial when an extension is not parallel-write safe.
        and bool(getattr(app.builder, "parallel_ok", False))
        and count >= MIN_PAGES
    )


def write_in_parallel(app: Sphinx, items: Sequence[T], page: Callable[[T], PageTuple]) -> None:
    """Write ``page(item)`` for every item, in ``app.parallel`` worker processes."""
    queue = PageQueue(app, items, page)
    for _worker in range(app.parallel):
        queue.add_worker()
    queue.join()


class _Worker:
    """One forked process and the receiving end of its result pipe."""

    def __init__(self, process: ForkProcess, results: Connection) -> None:
        self.process = process
        self.results = results


class PageQueue(Generic[T]):
    """Pages that worker processes take one at a time, until none is left.

    The list is inherited by every worker at its fork; the index of the next
    page is a counter in shared memory, so workers forked at different times
    never write the same page twice, and each writes as many as it gets to.
    """

    def __init__(self, app: Sphinx, items: Sequence[T], page: Callable[[T], PageTuple]) -> None:
        self.app = app
        self.items = list(items)
        self.page = page
        context = multiprocessing.get_context("fork")
        self._next: Synchronized[int] = context.Value("q", 0)
        self._workers: list[_Worker] = []
        #: The process the workers report to; a worker whose parent is gone stops.
        self._parent = os.getpid()
        _LIVE.add(self)

    @property
    def exhausted(self) -> bool:
        """Whether every page has been taken by a worker (not necessarily written yet)."""
        return self._next.value >= len(self.items)

    def _take(self) -> T | None:
        if os.getppid() != self._parent:
            return None  # the build is gone (killed): write nothing more into its output
        with self._next.get_lock():
            index = self._next.value
            self._next.value = index + 1
        return self.items[index] if index < len(self.items) else None

    def add_worker(self, niceness: int = 0) -> None:
        """Fork a worker that writes pages until none is left (at *niceness*, if given)."""
        builder: Any = self.app.builder

        def work() -> None:
            if niceness:
                os.nice(niceness)
            while (item := self._take()) is not None:
                builder.handle_page(*self.page(item))

        receiving, sending = multiprocessing.Pipe(duplex=False)
        context = multiprocessing.get_context("fork")
        name = f"{WORKER_NAME}-{len(self._workers) + 1}"
        process = context.Process(target=_run, args=(sending, receiving, work), name=name)
        process.start()
        # Only the worker holds the sending end now: if it dies without a word,
        # receiving fails (EOFError) instead of waiting for ever.
        sending.close()
        self._workers.append(_Worker(process, receiving))

    def join(self) -> None:
        """Wait for every worker; log what they logged; raise if one of them failed."""
        failures: list[tuple[str, str]] = []
        try:
            for worker in self._workers:
                failures.extend(_receive(worker))
        finally:
            self.terminate()
        if failures:
            raise SphinxParallelError(*failures[0])

    def terminate(self) -> None:
        """Stop the workers still running (a failed or interrupted build)."""
        workers, self._workers = self._workers, []
        for worker in workers:
            if worker.process.is_alive():
                worker.process.terminate()
            worker.process.join()
            worker.results.close()
        _LIVE.discard(self)


def _run(results: Connection, parent_end: Connection, work: Callable[[], None]) -> None:
    """In a worker: run *work*, collecting its log records; send back what happened.

    The worker closes its copy of the receiving end: if the main process is
    killed, sending fails instead of waiting for ever for a reader.
    """
    parent_end.close()
    collector = logging.LogCollector()
    failure: tuple[str, str] | None = None
    try:
        with collector.collect():
            work()
    except BaseException as exc:
        message = traceback.format_exception_only(exc.__class__, exc)[0].strip()
        failure = (message, traceback.format_exc())
    logging.convert_serializable(collector.logs)
    with contextlib.suppress(OSError):  # the main process is gone: nobody to tell
        results.send((failure, collector.logs))


def _receive(worker: _Worker) -> list[tuple[str, str]]:
    """The worker's failure, if any, once its log records are handled here."""
    try:
        failure, records = worker.results.recv()
    except EOFError:
        worker.process.join()
        code = worker.process.exitcode
        return [(f"a page worker ended without a result (exit code {code})", "")]
    for record in records:
        logger.handle(record)
    worker.process.join()
    return [failure] if failure is not None else []


#: Queues whose workers may still run: a build interrupted by Ctrl-C never joins them
#: (and multiprocessing would wait for them when the interpreter exits).
_LIVE: weakref.WeakSet[PageQueue[Any]] = weakref.WeakSet()


@atexit.register
def stop_all() -> None:
    """Stop every queue's workers (a build starts or the interpreter exits: none is needed)."""
    for queue in list(_LIVE):
        queue.terminate()
