"""Brands (``/brands``)."""

from __future__ import annotations

from typing import Any

import attrs

from ._base import extra_field

__all__ = ["Brand", "BrandBinding", "BrandInMarketplace"]


@attrs.frozen(kw_only=True)
class Brand:
    """A brand. ``name`` <= 255, ``reduced_name`` <= 30, ``partner_id`` <= 255 characters."""

    name: str
    id: int | None = None
    reduced_name: str | None = None
    partner_id: str | None = None
    extra: dict[str, Any] = extra_field()


@attrs.frozen(kw_only=True)
class BrandInMarketplace:
    """``GET /brands/{id}/marketplace/{marketplace}``: the brand as the marketplace knows it."""

    code_in_marketplace: str | None = None
    name: str | None = None
    extra: dict[str, Any] = extra_field()


@attrs.frozen(kw_only=True)
class BrandBinding:
    """Result of binding a brand to a marketplace brand code."""

    code_in_marketplace: str | None = None
    id: int | None = None
    market_place: str | None = None
    extra: dict[str, Any] = extra_field()
