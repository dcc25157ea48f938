"""Helpers shared by the model modules (attrs only; the wire rules live in _converter)."""

from __future__ import annotations

from typing import Any

import attrs


def extra_field() -> Any:
    """The ``extra`` dict every response model carries: JSON keys this SDK version does not
    model, kept (and written back on re-send) but left out of ``==`` and ``repr``."""
    return attrs.field(factory=dict, eq=False, repr=False)


def wire(name: str, default: Any = None) -> Any:
    """A field whose wire name is not the camelCase of its Python name."""
    return attrs.field(default=default, metadata={"wire": name})


def read_only(default: Any = None) -> Any:
    """A field ANYMARKET returns but that the SDK never sends back."""
    return attrs.field(default=default, metadata={"read_only": True})
