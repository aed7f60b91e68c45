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
  docs/performance.md).
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
  of the build. A project read serially never merges, and is left alone.
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
import os
from typing import TYPE_CHECKING, Any

from .store import get_domain

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

__all__ = ["setup_collector"]

#: Objects made since the last collection below which a held collector never collects.
MIN_HELD_GARBAGE = 1_000_000

#: Before every other handler of the event: a failing one must not keep the hold.
FIRST = -1_000_000

Thresholds = tuple[int, int, int]


class _Hold:
    """The collector held back in the main process of a parallel build.

    Held back by raising the first generation's threshold above the point at
    which :meth:`collect_if_due` collects, not by :func:`gc.disable`: a build
    interrupted before its release (``KeyboardInterrupt`` and ``SystemExit`` do
    not reach ``build-finished``) leaves a collector that still runs, on larger
    batches, until the next build starts and puts the thresholds back.
    """

    def __init__(self) -> None:
        self.saved: Thresholds | None = None
        self.ours: Thresholds | None = None
        self.live = 0

    @property
    def held(self) -> bool:
        """Whether the thresholds are ours."""
        return self.saved is not None

    def hold(self) -> None:
        """Raise the first threshold; remember the host's, and how many objects are alive."""
        self.saved = gc.get_threshold()
        self.live = len(gc.get_objects())
        self._raise(self.saved)

    def _raise(self, saved: Thresholds) -> None:
        # Twice the point at which collect_if_due collects: no collection comes first.
        due = max(MIN_HELD_GARBAGE, self.live)
        self.ours = (2 * due, saved[1], saved[2])
        gc.set_threshold(*self.ours)

    def collect_if_due(self) -> None:
        """Collect once the objects made since the last collection outnumber the live ones.

        The first generation's count is the number of objects made (less those
        freed) since the last collection. Thresholds that someone else set since
        end the hold: theirs stay.
        """
        if self.saved is None or gc.get_threshold() != self.ours:
            self.saved = self.ours = None
            return
        if gc.get_count()[0] > max(MIN_HELD_GARBAGE, self.live):
            gc.collect()
            self.live = len(gc.get_objects())
            self._raise(self.saved)

    def release(self) -> None:
        """Put the host's thresholds back (unless someone else changed them since)."""
        if self.saved is not None and gc.get_threshold() == self.ours:
            gc.set_threshold(*self.saved)
        self.saved = self.ours = None


class _Build:
    """Where this process is in a build, as far as the collector is concerned."""

    def __init__(self) -> None:
        #: A build with ``-j N`` runs here: the workers it forks freeze what they inherit.
        self.parallel = False
        #: This process was forked while a parallel build ran; if it turns out to be one
        #: of the build's workers, it freezes what it inherited when its work starts.
        self.inherited = False
        #: The hold of this build's parallel write has begun (and maybe ended already).
        self.writing = False
        #: The workers forked now emit an event when their work starts (a reader's
        #: ``source-read``, an HTML writer's ``html-page-context``), where they freeze
        #: what they inherited. Writers of other formats emit none.
        self.workers_signal = True


_HOLD = _Hold()
_BUILD = _Build()
#: Whether the frozen generation is ours (a host may have frozen its own heap, for its
#: own reasons: then nothing is frozen or unfrozen here).
_FROZE = [False]


def _in_child() -> None:
    """In a process just forked: the collector as the host had it, without a walk first.

    Released as it is, the hold would have the first object the child makes
    set off a collection of everything the main process held back in the
    young generation (0.3-0.5 s of each of Sphinx's writers at 1,000 posts,
    before its first document). So in a child of a parallel read or HTML
    write, everything it inherited first joins the oldest generation (frozen,
    then thawed: nothing is walked). A reader or writer freezes all of it when
    its work starts (:func:`freeze_inherited`); any other process forked
    meanwhile (a host's or another extension's helper) collects as usual,
    what it inherited included. Writers of other formats emit no event to
    freeze at, so they keep the environment frozen as inherited and collect
    the held garbage once; so do the children of a host that froze objects
    of its own, which stay frozen.
    """
    _BUILD.inherited = _BUILD.parallel
    _BUILD.parallel = False
    ours = _FROZE[0] or gc.get_freeze_count() == 0
    if _HOLD.held and _BUILD.inherited and _BUILD.workers_signal and ours:
        gc.freeze()
        gc.unfreeze()
        _FROZE[0] = False
    _HOLD.release()


os.register_at_fork(after_in_child=_in_child)


def freeze_inherited(app: Sphinx, *args: Any) -> None:
    """``source-read`` and ``html-page-context``, first: a worker's work starts.

    A reader or writer that Sphinx (or :mod:`.parallel`) forked freezes what it
    inherited, once. Any other process forked meanwhile (a host's or another
    extension's helper) emits no event of the build, and collects as usual.
    """
    if _BUILD.inherited:
        _BUILD.inherited = False
        gc.freeze()


def note_parallel(app: Sphinx, *args: Any) -> None:
    """``env-before-read-docs``: a build starts in this process (it is no worker)."""
    _BUILD.parallel = app.parallel > 1
    _BUILD.inherited = False
    _BUILD.writing = False
    _BUILD.workers_signal = True


def _collecting() -> bool:
    """Whether the collector runs on its own (``gc.set_threshold(0)`` stops it too)."""
    return gc.isenabled() and gc.get_threshold()[0] > 0


def hold_while_merging(
    app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment
) -> None:
    """``env-merge-info`` (main process): hold the collector back until reading ends."""
    if _HOLD.held:
        _HOLD.collect_if_due()
    elif _collecting():
        _HOLD.hold()


def hold_while_resolving(app: Sphinx, doctree: Any, docname: str) -> None:
    """``doctree-resolved`` (main process, parallel write): hold back until all are written.

    Sphinx decides whether it writes in parallel after reading; by the first
    document it resolves, the builder knows. Its writers resolve nothing.
    """
    if _HOLD.held:
        _HOLD.collect_if_due()
    elif not _BUILD.writing and getattr(app.builder, "parallel_ok", False) and _collecting():
        _BUILD.writing = True
        _BUILD.workers_signal = app.builder.format == "html"
        _HOLD.hold()


def release(app: Sphinx, *args: Any) -> None:
    """The build failed while the collector was held back: collect, then as usual."""
    if _HOLD.held:
        _HOLD.release()
        gc.collect()


def release_after_reading(app: Sphinx, env: BuildEnvironment) -> None:
    """``env-updated``, first: reading is over; as usual again.

    The merges' garbage (at most as many objects as are alive) is frozen with
    the environment rather than collected, which took 1.4 s at 1,000 posts
    while the writers wait for their first documents: the main process's
    collections then walk only what the writing makes, and the processes
    forked for it freeze it too. A project that does not use the extension
    gets it collected, and nothing frozen.
    """
    if not _HOLD.held:
        return
    in_use = get_domain(env).in_use()
    if in_use:
        # Before the release: at the host's thresholds the next object made would set
        # off a collection of everything held.
        _freeze_ours()
    _HOLD.release()
    if not in_use:
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
    if _HOLD.held:
        if get_domain(app.env).in_use():
            _freeze_ours()  # before the release, as after reading
        _HOLD.release()
    return []


def end_of_build(app: Sphinx, *args: Any) -> None:
    """``build-finished``, first: the hold ends, and forks no longer freeze."""
    release(app)
    _BUILD.parallel = False


def _freeze_ours() -> None:
    """Freeze the generations, unless the host froze objects of its own."""
    if _FROZE[0] or gc.get_freeze_count() == 0:
        gc.freeze()
        _FROZE[0] = True


def freeze_for_exit(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``, last: freeze what the build leaves for the interpreter's exit."""
    if get_domain(app.env).in_use():
        _freeze_ours()


def unfreeze(app: Sphinx, *args: Any) -> None:
    """A build starts: the last one's hold and freeze end; its garbage is collected."""
    # Held still if the last build was interrupted while reading or writing.
    _HOLD.release()
    if _FROZE[0]:
        gc.unfreeze()
        _FROZE[0] = False
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
    app.connect("env-updated", let_go_of_read_doctree, priority=FIRST)
    app.connect("env-updated", release_after_reading, priority=FIRST)
    app.connect("doctree-resolved", hold_while_resolving, priority=1000)
    app.connect("html-collect-pages", release_before_pages, priority=FIRST)
    app.connect("build-finished", end_of_build, priority=FIRST)
    app.connect("build-finished", freeze_for_exit, priority=1000)
