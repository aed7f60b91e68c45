"""Tests of the legacy-post importer (``sphinx-podcast``)."""
