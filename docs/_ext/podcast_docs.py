"""Tables for the documentation, generated from the extension's own code.

The configuration values, the warning subtypes and the platform links are read
from :mod:`sphinx_podcast_ext` at build time, so the documentation can never
disagree with the code. The hand-written front-matter tables are checked
against the schema: a key missing from (or unknown to) the schema fails the
``-W`` build.

Directives:

``podcast-config-table``
    Every ``podcast_*`` value: name, type, default, help text, validation and
    what a change rebuilds.
``podcast-warning-table``
    Every ``podcast.<subtype>`` warning with its docstring.
``podcast-platform-table``
    The platform-link keys of an episode and the labels shown for them.
``podcast-fields-table``
    A hand-written table of schema keys (``:schema: episode`` or ``post``),
    one ``key | type | example | description`` row per content line.
"""

from __future__ import annotations

import ast
import dataclasses
import inspect
import itertools
import textwrap
from collections.abc import Sequence
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective
from sphinx.util.logging import getLogger

from sphinx_podcast_ext import config as podcast_config
from sphinx_podcast_ext import metadata, warnings_

logger = getLogger(__name__)

Cell = str | nodes.Node | list[nodes.Node]
#: What Sphinx does on the next build when a value changes (its ``rebuild`` kind).
REBUILDS = {
    "env": "re-reads every document",
    "html": "rewrites the pages (no document is read again)",
}


def enum_member_docs(enum_class: type) -> dict[str, str]:
    """The attribute docstrings of an enum's members, read from its source.

    ``Member.__doc__`` is the class docstring for enum members, so the string
    literal that follows each ``NAME = value`` assignment is read with ``ast``.
    """
    tree = ast.parse(textwrap.dedent(inspect.getsource(enum_class)))
    class_def = tree.body[0]
    assert isinstance(class_def, ast.ClassDef)
    docs: dict[str, str] = {}
    body = class_def.body
    for statement, following in itertools.pairwise(body):
        if (
            isinstance(statement, ast.Assign)
            and len(statement.targets) == 1
            and isinstance(statement.targets[0], ast.Name)
            and isinstance(following, ast.Expr)
            and isinstance(following.value, ast.Constant)
            and isinstance(following.value.value, str)
        ):
            docs[statement.targets[0].id] = inspect.cleandoc(following.value.value)
    return docs


class TableDirective(SphinxDirective):
    """Shared helpers: build a docutils table and parse inline markup."""

    def inline(self, text: str) -> list[nodes.Node]:
        """Parse *text* as inline markup of the current document's language."""
        parsed, messages = self.state.inline_text(text, self.lineno)
        return [*parsed, *messages]

    def table(
        self, header: Sequence[str], rows: Sequence[Sequence[Cell]], widths: Sequence[int]
    ) -> nodes.table:
        """A table with a header row; string cells are parsed as inline markup."""
        table = nodes.table(classes=["podcast-docs-table"])
        group = nodes.tgroup(cols=len(header))
        table += group
        for width in widths:
            group += nodes.colspec(colwidth=width)
        head = nodes.thead()
        group += head
        head += self._row(header, literal=True)
        body = nodes.tbody()
        group += body
        for row in rows:
            body += self._row(row)
        self.set_source_info(table)
        return table

    def _row(self, cells: Sequence[Cell], literal: bool = False) -> nodes.row:
        row = nodes.row()
        for cell in cells:
            entry = nodes.entry()
            paragraph = nodes.paragraph()
            if isinstance(cell, str):
                paragraph += [nodes.Text(cell)] if literal else self.inline(cell)
            elif isinstance(cell, list):
                paragraph += cell
            else:
                paragraph += cell
            entry += paragraph
            row += entry
        return row


class ConfigTableDirective(TableDirective):
    """``podcast-config-table``: one row per :class:`PodcastConfig` field."""

    def run(self) -> list[nodes.Node]:
        """Read the dataclass fields; the validator tells what values it accepts."""
        rows = []
        for field in dataclasses.fields(podcast_config.PodcastConfig):
            name = podcast_config.PREFIX + field.name
            check = field.metadata.get("check")
            # Asking a validator about a value nobody would write returns its rule.
            rule = check(object()) if check else None
            accepted = f"{rule[0].upper()}{rule[1:]}." if rule else "Any value of the type."
            rebuild = REBUILDS[field.metadata.get("rebuild", "env")]
            rows.append(
                [
                    [nodes.literal(name, name, ids=[f"confval-{name}"])],
                    [nodes.literal(str(field.type), str(field.type))],
                    [nodes.literal(repr(field.default), repr(field.default))],
                    field.metadata["help"],
                    accepted,
                    rebuild,
                ]
            )
        header = ["Name", "Type", "Default", "Meaning", "Accepted", "A change"]
        return [self.table(header, rows, [20, 6, 7, 40, 15, 12])]


class WarningTableDirective(TableDirective):
    """``podcast-warning-table``: one row per :class:`PodcastWarning` member."""

    def run(self) -> list[nodes.Node]:
        """List every subtype with what to write in ``suppress_warnings``."""
        docs = enum_member_docs(warnings_.PodcastWarning)
        rows = []
        for member in warnings_.PodcastWarning:
            full = f"{warnings_.WARNING_TYPE}.{member.value}"
            if member.name not in docs:
                logger.warning(
                    "PodcastWarning.%s has no docstring to document",
                    member.name,
                    location=self.get_location(),
                )
            rows.append(
                [
                    [nodes.literal(full, full, ids=[f"warning-{member.value}"])],
                    docs.get(member.name, ""),
                ]
            )
        return [self.table(["Warning", "Emitted when"], rows, [25, 75])]


class PlatformTableDirective(TableDirective):
    """``podcast-platform-table``: the platform link keys and their labels."""

    def run(self) -> list[nodes.Node]:
        """One row per :data:`metadata.PLATFORMS` entry, in display order."""
        rows = [[[nodes.literal(key, key)], label] for key, label in metadata.PLATFORMS.items()]
        return [self.table(["Key", "Link label on the card"], rows, [30, 70])]


class FieldsTableDirective(TableDirective):
    """``podcast-fields-table``: hand-written rows, checked against the schema.

    Each content line is ``key | type | example | description``. The keys must
    be exactly those of the schema (:data:`metadata.POST_FIELDS` or
    :data:`metadata.EPISODE_FIELDS`), in any order; a difference is a warning.
    """

    has_content = True
    option_spec: ClassVar[dict[str, Any]] = {
        "schema": lambda argument: directives.choice(argument, ("post", "episode")),
    }

    def run(self) -> list[nodes.Node]:
        """Build the table and compare its keys with the schema."""
        schema = self.options.get("schema", "post")
        expected = metadata.POST_FIELDS if schema == "post" else metadata.EPISODE_FIELDS
        rows: list[list[Cell]] = []
        keys = []
        for line in self.content:
            if not line.strip():
                continue
            key, kind, example, description = (part.strip() for part in line.split("|", 3))
            keys.append(key)
            rows.append(
                [
                    [nodes.literal(key, key, ids=[f"{schema}-field-{key}"])],
                    kind,
                    [nodes.literal(example, example)] if example else "",
                    description,
                ]
            )
        missing = [key for key in expected if key not in keys]
        unknown = [key for key in keys if key not in expected]
        if missing or unknown:
            logger.warning(
                "the %s fields table disagrees with the schema: missing %s, unknown %s",
                schema,
                missing,
                unknown,
                location=self.get_location(),
            )
        return [self.table(["Key", "Type", "Example", "Meaning"], rows, [14, 14, 27, 45])]


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the documentation helpers."""
    app.add_directive("podcast-config-table", ConfigTableDirective)
    app.add_directive("podcast-warning-table", WarningTableDirective)
    app.add_directive("podcast-platform-table", PlatformTableDirective)
    app.add_directive("podcast-fields-table", FieldsTableDirective)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
