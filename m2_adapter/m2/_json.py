"""Typed views of parsed JSON (``isinstance`` alone leaves pyright with unknown types)."""

from __future__ import annotations

from typing import Any, cast

__all__ = ["as_array", "as_object", "as_rows"]


def as_object(value: object) -> dict[str, Any] | None:
    """``value`` as a JSON object, or ``None``."""
    return cast("dict[str, Any]", value) if isinstance(value, dict) else None


def as_array(value: object) -> list[Any] | None:
    """``value`` as a JSON array (a copy; tuples too), or ``None``."""
    return list(cast("list[Any]", value)) if isinstance(value, list | tuple) else None


def as_rows(value: object) -> list[dict[str, Any]] | None:
    """``value`` as a list of rows (``[...]`` or ``{"data": [...]}``, ``"data": null`` read as
    no rows), or ``None`` for any other shape."""
    obj = as_object(value)
    if obj is not None and "data" in obj:
        value = obj["data"] if obj["data"] is not None else []
    rows = as_array(value)
    if rows is None or not all(isinstance(r, dict) for r in rows):
        return None
    return cast("list[dict[str, Any]]", rows)
