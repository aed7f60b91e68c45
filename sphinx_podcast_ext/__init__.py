"""Sphinx extension for podcast-episode archives: key quotes, episodes, related posts."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the extension with Sphinx (see :mod:`sphinx_podcast_ext.extension`)."""
    from .extension import setup_extension

    return setup_extension(app)
