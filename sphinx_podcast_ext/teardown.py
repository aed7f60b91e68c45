"""A quick exit: the interpreter is not made to walk the whole heap once more when a build ends.

When ``sphinx-build`` exits, the interpreter's shutdown runs the cycle
collector over everything the build left alive (the environment, the
doctrees, the theme's templates): about 3 s of a 90 s build at 1,000 posts,
more as the archive grows. On ``build-finished`` (after every other handler)
the collector's generations are frozen (:func:`gc.freeze`), so that the
shutdown skips them; the operating system takes the memory back at exit.
Objects are still freed by their reference counts as usual.

A process that builds again (a test run, a language server) unfreezes them
when the next build starts (``builder-inited`` for a new application,
``env-before-read-docs`` for the next build of the same one), so the last
build's garbage is collected then. A project that does not use the extension,
or a host process that froze its own objects, is left as it was.
"""

from __future__ import annotations

import gc
from typing import TYPE_CHECKING, Any

from .store import get_domain

if TYPE_CHECKING:
    from sphinx.application import Sphinx

__all__ = ["setup_teardown"]


#: Whether the frozen generation is ours (a host may have frozen its own heap, for its
#: own reasons: then nothing is frozen or unfrozen here).
_FROZE = [False]


def freeze_for_exit(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``, last: freeze what the build leaves for the interpreter's exit."""
    if gc.get_freeze_count() == 0 and get_domain(app.env).in_use():
        gc.freeze()
        _FROZE[0] = True


def unfreeze(app: Sphinx, *args: Any) -> None:
    """A build starts: objects frozen after the last one are collected as usual again."""
    if _FROZE[0]:
        gc.unfreeze()
        _FROZE[0] = False
        # Thawed objects join the oldest generation, which is rarely collected: the last
        # build's garbage would be frozen again at the end of this one.
        gc.collect()


def setup_teardown(app: Sphinx) -> None:
    """Connect the handlers."""
    app.connect("builder-inited", unfreeze)
    app.connect("env-before-read-docs", unfreeze)
    app.connect("build-finished", freeze_for_exit, priority=1000)
