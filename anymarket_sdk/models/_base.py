"""Helpers shared by the model modules (attrs only; the wire rules live in _converter)."""

from __future__ import annotations

from typing import Any

import attrs


def _new_dict() -> dict[str, Any]:
    return {}


def _new_list() -> list[Any]:
    return []


def extra_field() -> Any:
    """The ``extra`` dict every response model carries: JSON keys this SDK version does not
    model, kept (and written back on re-send) but left out of ``==`` and ``repr``."""
    f: Any = attrs.field(factory=_new_dict, eq=False, repr=False)
    return f


def list_field(*, read_only: bool = False, wire: str | None = None) -> Any:
    """A list field defaulting to an empty list."""
    meta: dict[str, Any] = {}
    if read_only:
        meta["read_only"] = True
    if wire is not None:
        meta["wire"] = wire
    f: Any = attrs.field(factory=_new_list, metadata=meta)
    return f


def dict_field() -> Any:
    """A dict field defaulting to an empty dict."""
    f: Any = attrs.field(factory=_new_dict)
    return f


def read_only(default: Any = None) -> Any:
    """A field ANYMARKET returns but that the SDK never sends back."""
    f: Any = attrs.field(default=default, metadata={"read_only": True})
    return f
