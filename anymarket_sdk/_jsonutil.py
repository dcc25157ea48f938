"""Typed views of parsed JSON (so type checkers know what ``isinstance`` established)."""

from __future__ import annotations

from typing import Any, cast


def as_object(value: object) -> dict[str, Any] | None:
    """``value`` as a JSON object, or ``None`` when it is something else."""
    return cast("dict[str, Any]", value) if isinstance(value, dict) else None


def as_array(value: object) -> list[Any] | None:
    """``value`` as a JSON array (or tuple), or ``None`` when it is something else."""
    return list(cast("list[Any]", value)) if isinstance(value, list | tuple) else None


def list_view(value: object) -> list[object] | None:
    """``value`` itself when it is exactly a ``list`` (no copy: for hot paths), else ``None``."""
    return cast("list[object]", value) if type(value) is list else None
