"""The cycle collector: held back while parallel readers are merged, frozen for the exit.

Two moments of a build make CPython's cycle collector walk the whole heap again
and again, for garbage that is not there:

- **Merging a parallel read.** With ``-j N`` every reader process sends back a
  pickle of its whole environment (also what it inherited), and the main process
  unpickles it and merges it (``env-merge-info``). Each unpickling creates as many
  objects as the environment holds, which makes the collector run full
  collections over the growing environment several times per merge: 8.8 s of
  the main process at 1,000 posts, while a reader waits for its turn. From the
  first merge to the end of reading (``env-updated``) the main process holds the
  collector back and collects only once the objects made since the last
  collection outnumber those alive then, so that garbage never exceeds the live
  heap. Processes forked meanwhile (the readers) collect as usual. A project read
  serially never merges, and is left alone.
- **The interpreter's exit.** Its shutdown runs the collector over everything the
  build left alive (the environment, the doctrees, the theme's templates): about
  3 s of a 90 s build at 1,000 posts. On ``build-finished`` (after every other
  handler) the collector's generations are frozen (:func:`gc.freeze`), so that the
  shutdown skips them; the operating system takes the memory back at exit.
  Objects are still freed by their reference counts as usual. A process that
  builds again (a test run, a language server) unfreezes them when the next build
  starts (``builder-inited`` for a new application, ``env-before-read-docs`` for
  the next build of the same one), and collects the last build's garbage then.

A project that does not use the extension, and a host process that disabled the
collector, changed its thresholds or froze its own objects, are left as they were.
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

#: Objects made since the last collection below which merging never collects.
MIN_MERGE_GARBAGE = 1_000_000

#: Before every other handler of the event: a failing one must not keep the hold.
FIRST = -1_000_000

Thresholds = tuple[int, int, int]


class _MergeHold:
    """The collector held back in the main process of a parallel read.

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
        due = max(MIN_MERGE_GARBAGE, self.live)
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
        if gc.get_count()[0] > max(MIN_MERGE_GARBAGE, self.live):
            gc.collect()
            self.live = len(gc.get_objects())
            self._raise(self.saved)

    def release(self) -> None:
        """Put the host's thresholds back (unless someone else changed them since)."""
        if self.saved is not None and gc.get_threshold() == self.ours:
            gc.set_threshold(*self.saved)
        self.saved = self.ours = None


_MERGE = _MergeHold()


def _release_in_child() -> None:
    # A reader forked while the main process holds the collector back collects as usual.
    _MERGE.release()


os.register_at_fork(after_in_child=_release_in_child)


def hold_while_merging(
    app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment
) -> None:
    """``env-merge-info`` (main process): hold the collector back until reading ends."""
    if _MERGE.held:
        _MERGE.collect_if_due()
    elif gc.isenabled():
        _MERGE.hold()


def release_after_reading(app: Sphinx, *args: Any) -> None:
    """``env-updated`` (or a failed build): collect the merges' garbage, then as usual.

    Collected now, before Sphinx forks its writers, so that none inherits it.
    """
    if _MERGE.held:
        _MERGE.release()
        gc.collect()


#: Whether the frozen generation is ours (a host may have frozen its own heap, for its
#: own reasons: then nothing is frozen or unfrozen here).
_FROZE = [False]


def freeze_for_exit(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``, last: freeze what the build leaves for the interpreter's exit."""
    if gc.get_freeze_count() == 0 and get_domain(app.env).in_use():
        gc.freeze()
        _FROZE[0] = True


def unfreeze(app: Sphinx, *args: Any) -> None:
    """A build starts: the last one's hold and freeze end; its garbage is collected."""
    # Held still if the last build was interrupted while reading.
    _MERGE.release()
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
    # Last, after every merge handler; released first, before any handler's own work.
    app.connect("env-merge-info", hold_while_merging, priority=1000)
    app.connect("env-updated", release_after_reading, priority=FIRST)
    app.connect("build-finished", release_after_reading, priority=FIRST)
    app.connect("build-finished", freeze_for_exit, priority=1000)
