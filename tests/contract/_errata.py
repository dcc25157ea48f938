"""Shared pieces of the spec errata: each ``errata_<area>.py`` lists the errors of the
OpenAPI export (API_NOTES.md §6-7) that its routes' examples need tolerated, and nothing else.

- ``ERRATA``: ``Erratum(route, reason, fix)``; ``fix`` rewrites the example before decoding.
- ``SPEC_PATHS`` (optional): ``{"PUT /orders/{id}": ["/orders/{id}(Pago)", ...]}`` for routes
  whose path the export spells differently.
- ``SDK_ROUTES`` (optional): ``{"PUT /orders/partnerid/{id}": "<source>"}`` for routes the SDK
  models although operations.json does not list them ([sdk] in API_NOTES.md), with the
  source that documents each.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import attrs


@attrs.frozen
class Erratum:
    route: str
    reason: str
    fix: Callable[[Any], Any]


def drop_placeholders(*keys: str) -> Callable[[Any], Any]:
    """Remove ``key: "string"`` / ``"boolean"`` placeholders wherever they appear."""

    def fix(node: Any) -> Any:
        if isinstance(node, dict):
            return {
                k: fix(v) for k, v in node.items() if not (k in keys and v in ("string", "boolean"))
            }
        if isinstance(node, list):
            return [fix(v) for v in node]
        return node

    return fix


def rename_key(old: str, new: str) -> Callable[[Any], Any]:
    """Rename a key wherever it appears (typos in the generated examples)."""

    def fix(node: Any) -> Any:
        if isinstance(node, dict):
            return {(new if k == old else k): fix(v) for k, v in node.items()}
        if isinstance(node, list):
            return [fix(v) for v in node]
        return node

    return fix
