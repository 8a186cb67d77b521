"""A report's data written as the YAML file the CLI reads (``chibo check``, ``render``).

The web app's download: loader.parse_text reads it back to the same data. Keys
come in the model's order (a database may have reordered them), paragraphs as
literal blocks so they read as typed, and a few comment lines say what the file is.
"""

from __future__ import annotations

from typing import Any

import yaml
from pydantic import BaseModel

from .model import Report, _inner_model


class _Dumper(yaml.CSafeDumper):
    pass


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    # A paragraph with line breaks reads best as a block («|»); PyYAML falls back to quotes when it must.
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _text)


def _ordered(node: Any, model: type[BaseModel] | None) -> Any:
    """``node`` with each group's keys in the model's field order, unknown keys after."""
    if isinstance(node, list):
        return [_ordered(item, model) for item in node]
    if not isinstance(node, dict):
        return node
    if model is None:
        return {key: _ordered(value, None) for key, value in node.items()}
    fields = model.model_fields
    keys = [k for k in fields if k in node] + [k for k in node if k not in fields]
    return {k: _ordered(node[k], _inner_model(fields[k].annotation) if k in fields else None) for k in keys}


def report_yaml(data: dict, comments: list[str] = ()) -> str:
    """``data`` (a report's data, finished or not) as YAML text, ``comments`` as # lines on top."""
    head = "".join(f"# {line}\n" for line in comments)
    body = yaml.dump(
        _ordered(data, Report),
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=1_000_000,  # a paragraph stays one line of the file, as typed
    )
    return head + body
