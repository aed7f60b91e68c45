"""Writing the generated pages in parallel, with ``sphinx-build -j``.

Sphinx writes the pages of ``html-collect-pages`` one after the other in the
main process, after the documents. At 1,000 posts the extension's generated
pages (ablog's archives, the guest, show and quote pages) are 700 pages, 8 %
of the build, and the only part of a ``-j 2`` build that uses one core. So
with ``-j N`` they are written in *N* forked processes, the way Sphinx writes
documents in parallel: each worker calls the builder's own ``handle_page``
(so ``html-page-context`` handlers run as they do for documents written in a
worker), and Sphinx's :class:`~sphinx.util.parallel.ParallelTasks` brings
the workers' warnings back. Pages are dealt round-robin, one task per
process, because forking a process that holds the whole environment costs
more than writing ten pages.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from sphinx.util.parallel import ParallelTasks, parallel_available

if TYPE_CHECKING:
    from sphinx.application import Sphinx

__all__ = ["MIN_PAGES", "PageTuple", "can_write_in_parallel", "write_in_parallel"]

T = TypeVar("T")
#: Fewer pages than this are written in the main process: forking costs more.
MIN_PAGES = 64

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
    nproc = app.parallel
    builder: Any = app.builder

    def write(share: Sequence[T]) -> None:
        for item in share:
            builder.handle_page(*page(item))

    tasks = ParallelTasks(nproc)
    for start in range(nproc):
        share = items[start::nproc]
        if share:
            tasks.add_task(write, share)
    tasks.join()
