"""Fewer walks of a large heap by the cycle collector: doctrees let go, collections held back.

Four moments of a build make CPython's cycle collector walk a large heap again
and again, for garbage that is not there, or not yet:

- **Reading serially.** Sphinx keeps every doctree it reads serially in memory
  until it writes it (``env._write_doc_doctree_cache``, to spare unpickling it
  again): at 1,000 posts 742,000 of the 955,000 objects the collector tracks
  when reading ends, walked by every full collection of the read (one each
  time the heap grows by a quarter) and of the write (until written, and
  after: a docutils tree is a cycle, freed only by a full collection). In a
  project with posts, each doctree is let go of as soon as it is pickled (at
  the next document's ``env-purge-doc``, and at ``env-updated``), while it is
  still young, and the writer unpickles it as Sphinx's parallel writers do: at
  10,000 posts the build is faster and its peak RSS far lower (see
  docs/performance.md). Still alive while it was read, a document's tree
  outlived the young collections of the host's first threshold (700 objects,
  a fraction of one document), so its cycles died in the oldest generation,
  and their growth set off full collections over the whole environment, more
  of them and longer as the archive grows. From the first document with a
  post to the generated pages, the first threshold is a few documents long
  (:data:`READING_THRESHOLD`), so that most trees die young; when reading
  ends, what it left is collected once, and what stays alive (the
  environment) is frozen, so that the write's full collections walk only
  what writing makes.
- **Merging a parallel read.** With ``-j N`` every reader process sends back a
  pickle of its whole environment (also what it inherited), and the main process
  unpickles it and merges it (``env-merge-info``). Each unpickling creates as many
  objects as the environment holds, which makes the collector run full
  collections over the growing environment several times per merge: 8.8 s of
  the main process at 1,000 posts, while a reader waits for its turn. From the
  first merge to the end of reading (``env-updated``) the main process holds the
  collector back and collects only once the objects made since the last
  collection outnumber those alive then, so that garbage never exceeds the live
  heap; then the merges' garbage is frozen with the environment, for the rest
  of the build. A project read serially never merges.
- **Resolving for parallel writers.** With ``-j N`` the main process resolves
  every document and hands them to the writer processes a hundred at a time;
  the trees it keeps until their writer is done grow old in the collector's
  eyes, and each document's garbage set off full collections over all of them:
  nine at 1,000 posts, 7.6 s of the main process. From the first document it
  resolves for a parallel write to the generated pages (``html-collect-pages``)
  it holds the collector back the same way.
- **The interpreter's exit.** Its shutdown runs the collector over everything the
  build left alive (the environment, the doctrees, the theme's templates): about
  3 s of a 90 s build at 1,000 posts. On ``build-finished`` (after every other
  handler) the collector's generations are frozen (:func:`gc.freeze`), so that the
  shutdown skips them; the operating system takes the memory back at exit.
  Objects are still freed by their reference counts as usual. A process that
  builds again (a test run, a language server) unfreezes them when the next build
  starts (``builder-inited`` for a new application, ``env-before-read-docs`` for
  the next build of the same one), and collects the last build's garbage then.

The readers and writers that Sphinx (and :mod:`.parallel`) fork while a parallel
build runs freeze what they inherit as their work starts (their first
``source-read`` or ``html-page-context``), as the :func:`gc.freeze`
documentation advises, and collect as usual: their collections walk only the
objects they made, not the main process's environment (whose pages the walk
would also copy), nor the garbage the main process held back. They live for
one chunk of documents. Every process forked while the collector is held back
gets the host's thresholds back at once, with what it inherited moved out of
the young generation first (:func:`_in_child`). Other processes forked
meanwhile (a host's or another extension's helpers) emit no event of the
build, and collect as usual.

A project that does not use the extension, and a host process that disabled the
collector (also with a first threshold of 0), changed its thresholds or froze its
own objects, are left as they were.
"""

from __future__ import annotations

import gc
from typing import TYPE_CHECKING, Any

from .gcstate import BUILD, FROZE, HOLD, READING_THRESHOLD, collecting, freeze_ours
from .store import get_domain

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

__all__ = ["setup_collector"]

#: Before every other handler of the event: a failing one must not keep the hold.
FIRST = -1_000_000


def freeze_inherited(app: Sphinx, *args: Any) -> None:
    """``source-read`` and ``html-page-context``, first: a worker's work starts.

    A reader or writer that Sphinx (or :mod:`.parallel`) forked freezes what it
    inherited, once. Any other process forked meanwhile (a host's or another
    extension's helper) emits no event of the build, and collects as usual.
    """
    if BUILD.inherited:
        BUILD.inherited = False
        gc.freeze()


def note_parallel(app: Sphinx, *args: Any) -> None:
    """``env-before-read-docs``: a build starts in this process (it is no worker)."""
    BUILD.parallel = app.parallel > 1
    BUILD.inherited = False
    BUILD.writing = False
    BUILD.documents_read = 0
    BUILD.workers_signal = True


def hold_while_merging(
    app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment
) -> None:
    """``env-merge-info`` (main process): hold the collector back until reading ends."""
    if HOLD.held:
        HOLD.collect_if_due()
    elif collecting():
        HOLD.hold()


def hold_while_resolving(app: Sphinx, doctree: Any, docname: str) -> None:
    """``doctree-resolved`` (main process, parallel write): hold back until all are written.

    Sphinx decides whether it writes in parallel after reading; by the first
    document it resolves, the builder knows. Its writers resolve nothing.
    """
    if HOLD.held:
        HOLD.collect_if_due()
    elif not BUILD.writing and getattr(app.builder, "parallel_ok", False) and collecting():
        BUILD.writing = True
        BUILD.workers_signal = app.builder.format == "html"
        HOLD.hold()


def release(app: Sphinx, *args: Any) -> None:
    """The build failed while the collector was held back: collect, then as usual."""
    if HOLD.release():
        gc.collect()


def hold_while_reading(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    """``env-purge-doc`` (serial read, main process): a document's garbage dies young.

    Sphinx's serial read emits it before it reads each document. Once the
    project has a post, the first generation's threshold goes from the
    host's (700 objects by default) to :data:`READING_THRESHOLD` until
    reading ends. At 700, a document's tree, alive while it is read, had
    outlived two young collections by the time it was let go of, so its
    cycles reached the oldest generation, and every quarter of the heap of
    them set off a full collection over the growing environment: 42 at
    10,000 posts, 22.5 s of a 195 s read (13 at 1,000 posts, 1.3 s of 16.5 s).
    With a young generation a few documents long, most trees die in it.
    """
    BUILD.documents_read += 1
    if HOLD.held:
        return
    serial = not (BUILD.parallel or BUILD.inherited) and app.parallel <= 1
    if serial and collecting() and get_domain(env).in_use():
        HOLD.hold_young(READING_THRESHOLD)


def release_after_reading(app: Sphinx, env: BuildEnvironment) -> None:
    """``env-updated``, first: reading is over; as usual again.

    The merges' garbage (at most as many objects as are alive) is frozen with
    the environment rather than collected, which took 1.4 s at 1,000 posts
    while the writers wait for their first documents: the main process's
    collections then walk only what the writing makes, and the processes
    forked for it freeze it too. After a serial read the garbage is the
    documents' (and, in an incremental build, what was purged): it is
    collected, and what stays alive is frozen, so that the write's full
    collections do not walk the environment again (seven at 10,000 posts,
    3.6 s each); after a read of less than a quarter of the documents (an
    edit's rebuild) the host's thresholds come back, and nothing is
    collected or frozen. A project that does not use the extension gets the
    garbage held back collected, and nothing frozen.
    """
    if not HOLD.held:
        return
    in_use = get_domain(env).in_use()
    if HOLD.young:  # a serial read
        # A rebuild of a few pages (less than a quarter, CPython's own share for a full
        # collection) leaves too little for a walk of the whole heap to pay.
        if in_use and BUILD.documents_read * 4 >= len(env.all_docs):
            gc.collect()
            freeze_ours()  # and the young generation stays large while writing
            return
    elif in_use:
        # Before the release: at the host's thresholds the next object made would set
        # off a collection of everything held.
        freeze_ours()
    if HOLD.release():
        gc.collect()


def let_go_of_read_doctree(app: Sphinx, env: BuildEnvironment, *args: Any) -> None:
    """``env-purge-doc`` and ``env-updated``: the doctree read last is not kept until writing.

    Sphinx's serial read keeps each doctree it has pickled in
    ``env._write_doc_doctree_cache`` until the writer takes it. At the next
    document's ``env-purge-doc`` (Sphinx's serial read emits it just before
    reading each document), and when reading ends, that copy is let go of: it
    holds at most the last document read, which is still in the collector's
    young generations, where its cycles are freed cheaply; the writer reads the
    pickle instead. A project without posts keeps Sphinx's cache. Other reads
    (``-j N``, where the cache is not used) find it empty.
    """
    cache = getattr(env, "_write_doc_doctree_cache", None)
    if cache and isinstance(cache, dict) and get_domain(env).in_use():
        cache.clear()


def release_before_pages(app: Sphinx) -> list[Any]:
    """``html-collect-pages``, first: the documents are written; no pages of its own.

    Not collected now, nor by the next full collection: the generated pages
    are next, and the build waits for them. The written trees' garbage (at
    most as many objects as are alive) is frozen with the rest, as for the
    exit; a process that builds again collects it when its next build starts.
    """
    if HOLD.held and not HOLD.young and get_domain(app.env).in_use():
        freeze_ours()  # before the release, as after reading
    HOLD.release()
    return []


def end_of_build(app: Sphinx, *args: Any) -> None:
    """``build-finished``, first: the hold ends, and forks no longer freeze."""
    release(app)
    BUILD.parallel = False


def freeze_for_exit(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``, last: freeze what the build leaves for the interpreter's exit."""
    if get_domain(app.env).in_use():
        freeze_ours()


def unfreeze(app: Sphinx, *args: Any) -> None:
    """A build starts: the last one's hold and freeze end; its garbage is collected."""
    # Held still if the last build was interrupted while reading or writing.
    HOLD.release()
    if FROZE[0]:
        gc.unfreeze()
        FROZE[0] = False
        # Thawed objects join the oldest generation, which is rarely collected: the last
        # build's garbage would be frozen again at the end of this one.
        gc.collect()


def setup_collector(app: Sphinx) -> None:
    """Connect the handlers."""
    app.connect("builder-inited", unfreeze)
    app.connect("env-before-read-docs", unfreeze)
    app.connect("env-before-read-docs", note_parallel)
    app.connect("source-read", freeze_inherited, priority=FIRST)
    app.connect("html-page-context", freeze_inherited, priority=FIRST)
    # Last, after every merge handler; released first, before any handler's own work.
    app.connect("env-merge-info", hold_while_merging, priority=1000)
    app.connect("env-purge-doc", let_go_of_read_doctree)
    app.connect("env-purge-doc", hold_while_reading, priority=1000)
    app.connect("env-updated", let_go_of_read_doctree, priority=FIRST)
    app.connect("env-updated", release_after_reading, priority=FIRST)
    app.connect("doctree-resolved", hold_while_resolving, priority=1000)
    app.connect("html-collect-pages", release_before_pages, priority=FIRST)
    app.connect("build-finished", end_of_build, priority=FIRST)
    app.connect("build-finished", freeze_for_exit, priority=1000)
