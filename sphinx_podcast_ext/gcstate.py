"""The cycle collector's state in this process, for :mod:`.collector`.

What :mod:`.collector` changes (the thresholds held back or a larger young
generation, the generations frozen) and where this process is in a build (a
parallel build's main process, one of its workers, a serial build), kept
apart from the event handlers that change them; also what every process
forked meanwhile does first (:func:`_in_child`).
"""

from __future__ import annotations

import gc
import os

__all__ = [
    "BUILD",
    "FROZE",
    "HOLD",
    "MIN_HELD_GARBAGE",
    "READING_THRESHOLD",
    "BuildState",
    "Hold",
    "collecting",
    "freeze_ours",
]

#: Objects made since the last collection below which a held collector never collects.
MIN_HELD_GARBAGE = 1_000_000

#: The first generation's threshold during a serial read (a few documents' objects;
#: the host's is usually 700). Higher, each young collection walks more than the
#: processor's caches hold: 100,000 made the young collections slower than at 700.
READING_THRESHOLD = 10_000

Thresholds = tuple[int, int, int]


class Hold:
    """The collector held back in the main process of a parallel build (or its young
    generation made larger while a serial build reads and writes).

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
        #: Only the young generation is made larger (:meth:`hold_young`): nothing held.
        self.young = False

    @property
    def held(self) -> bool:
        """Whether the thresholds are ours."""
        return self.saved is not None

    def hold(self) -> None:
        """Raise the first threshold; remember the host's, and how many objects are alive."""
        self.saved = gc.get_threshold()
        self.young = False
        self.live = len(gc.get_objects())
        self._raise(self.saved)

    def _raise(self, saved: Thresholds) -> None:
        # Twice the point at which collect_if_due collects: no collection comes first.
        due = max(MIN_HELD_GARBAGE, self.live)
        self.ours = (2 * due, saved[1], saved[2])
        gc.set_threshold(*self.ours)

    def hold_young(self, threshold: int) -> None:
        """Raise the first threshold to *threshold*; the older generations' stay the host's."""
        self.saved = gc.get_threshold()
        self.young = True
        self.ours = (max(threshold, self.saved[0]), self.saved[1], self.saved[2])
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
        if self.young:
            return
        if gc.get_count()[0] > max(MIN_HELD_GARBAGE, self.live):
            gc.collect()
            self.live = len(gc.get_objects())
            self._raise(self.saved)

    def release(self) -> bool:
        """Put the host's thresholds back (unless someone else changed them since).

        Returns whether garbage was held back (not only a larger young generation).
        """
        if self.saved is not None and gc.get_threshold() == self.ours:
            gc.set_threshold(*self.saved)
        held = self.saved is not None and not self.young
        self.saved = self.ours = None
        self.young = False
        return held


class BuildState:
    """Where this process is in a build, as far as the collector is concerned."""

    def __init__(self) -> None:
        #: A build with ``-j N`` runs here: the workers it forks freeze what they inherit.
        self.parallel = False
        #: This process was forked while a parallel build ran; if it turns out to be one
        #: of the build's workers, it freezes what it inherited when its work starts.
        self.inherited = False
        #: The hold of this build's parallel write has begun (and maybe ended already).
        self.writing = False
        #: The documents this build has read serially so far (``env-purge-doc``).
        self.documents_read = 0
        #: The workers forked now emit an event when their work starts (a reader's
        #: ``source-read``, an HTML writer's ``html-page-context``), where they freeze
        #: what they inherited. Writers of other formats emit none.
        self.workers_signal = True


HOLD = Hold()
BUILD = BuildState()
#: Whether the frozen generation is ours (a host may have frozen its own heap, for its
#: own reasons: then nothing is frozen or unfrozen here).
FROZE = [False]


def _in_child() -> None:
    """In a process just forked: the collector as the host had it, without a walk first.

    Released as it is, the hold would have the first object the child makes
    set off a collection of everything the main process held back in the
    young generation (0.3-0.5 s of each of Sphinx's writers at 1,000 posts,
    before its first document). So in a child of a parallel read or HTML
    write, everything it inherited first joins the oldest generation (frozen,
    then thawed: nothing is walked). A reader or writer freezes all of it when
    its work starts (:func:`.collector.freeze_inherited`); any other process forked
    meanwhile (a host's or another extension's helper) collects as usual,
    what it inherited included. Writers of other formats emit no event to
    freeze at, so they keep the environment frozen as inherited and collect
    the held garbage once; so do the children of a host that froze objects
    of its own, which stay frozen.
    """
    BUILD.inherited = BUILD.parallel
    BUILD.parallel = False
    ours = FROZE[0] or gc.get_freeze_count() == 0
    if HOLD.held and BUILD.inherited and BUILD.workers_signal and ours:
        gc.freeze()
        gc.unfreeze()
        FROZE[0] = False
    HOLD.release()


os.register_at_fork(after_in_child=_in_child)


def collecting() -> bool:
    """Whether the collector runs on its own (``gc.set_threshold(0)`` stops it too)."""
    return gc.isenabled() and gc.get_threshold()[0] > 0


def freeze_ours() -> None:
    """Freeze the generations, unless the host froze objects of its own."""
    if FROZE[0] or gc.get_freeze_count() == 0:
        gc.freeze()
        FROZE[0] = True
