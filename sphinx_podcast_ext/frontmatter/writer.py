"""Writing front matter as YAML that every reader (MyST, :func:`.parse`) reads back exactly."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

import yaml

__all__ = ["Quoted", "dump"]

_LINE_BREAKS = "\n\r\x85\u2028\u2029"


class Quoted(str):
    """A string :func:`dump` always writes double-quoted (titles, for readability)."""

    __slots__ = ()


# -- writing ------------------------------------------------------------------------------------


class _Dumper(yaml.SafeDumper):
    """Block mappings, flow lists of scalars, one line per scalar."""


_SCALARS = (str, int, float, bool, dt.date, type(None))


def _represent_dict(dumper: yaml.SafeDumper, data: Mapping[Any, Any]) -> yaml.Node:
    return dumper.represent_mapping("tag:yaml.org,2002:map", data, flow_style=False)


def _represent_list(dumper: yaml.SafeDumper, data: Sequence[Any]) -> yaml.Node:
    flow = bool(data) and all(isinstance(item, _SCALARS) for item in data)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=flow)


def _represent_str(dumper: yaml.SafeDumper, data: str) -> yaml.Node:
    # A value spanning lines would be written over several lines, and a line
    # such as "  ---" among them ends the block for MyST: double quotes keep
    # every line break escaped, on one line.
    quoted = isinstance(data, Quoted) or any(c in data for c in _LINE_BREAKS)
    return dumper.represent_scalar(
        "tag:yaml.org,2002:str", str(data), style='"' if quoted else None
    )


_Dumper.add_representer(dict, _represent_dict)
_Dumper.add_representer(list, _represent_list)
_Dumper.add_representer(tuple, _represent_list)
_Dumper.add_representer(str, _represent_str)
_Dumper.add_representer(Quoted, _represent_str)


def dump(data: Mapping[str, Any]) -> str:
    """YAML for a front-matter mapping, keys in the given order, one line per scalar.

    What it writes, fenced by ``---`` lines, reads back through :func:`parse`
    (and MyST) as exactly *data*.
    """
    return yaml.dump(
        dict(data),
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        width=2**31 - 1,
        default_flow_style=False,
    )
