"""Variation types and values (``/variations``)."""

from __future__ import annotations

from typing import Any

import attrs

from ._base import extra_field, list_field

__all__ = ["VariationType", "VariationValue"]


@attrs.frozen(kw_only=True)
class VariationValue:
    """A value of a variation type (``"Azul"`` of ``"Cor"``). ``description`` <= 4000,
    ``partner_id`` <= 100 characters."""

    description: str
    id: int | None = None
    partner_id: str | None = None
    extra: dict[str, Any] = extra_field()


@attrs.frozen(kw_only=True)
class VariationType:
    """A variation type (``"Cor"``, ``"Tamanho"``). A SKU's ``variations`` map uses the type
    ``name`` as key and the value ``description`` as value, so both must exist first."""

    name: str
    id: int | None = None
    partner_id: str | None = None
    visual_variation: bool | None = None
    values: list[VariationValue] = list_field()
    extra: dict[str, Any] = extra_field()
