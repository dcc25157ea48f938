"""SKUs (``/products/{productId}/skus``)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import attrs

from ._base import dict_field, extra_field, list_field

__all__ = ["AdditionalStock", "Sku", "SkuPatch", "SkuVariation", "SkuVariationType"]


@attrs.frozen(kw_only=True)
class AdditionalStock:
    """Initial stock of a new SKU in a warehouse other than its ``stock_local_id``."""

    stock_local_id: int
    amount: Decimal
    price: Decimal
    additional_time: int = 0
    extra: dict[str, Any] = extra_field()


@attrs.frozen(kw_only=True)
class SkuVariationType:
    id: int | None = None
    name: str | None = None
    partner_id: str | None = None
    visual_variation: bool | None = None
    extra: dict[str, Any] = extra_field()


@attrs.frozen(kw_only=True)
class SkuVariation:
    """One variation value of a SKU as ANYMARKET returns it (with ids and its type)."""

    id: int | None = None
    description: str | None = None
    partner_id: str | None = None
    type: SkuVariationType | None = None
    extra: dict[str, Any] = extra_field()


@attrs.frozen(kw_only=True)
class Sku:
    """A SKU: the sellable unit (one per variation combination).

    ``partner_id`` is the ERP's code (<= 120 characters) and the key ANYMARKET uses to bind
    listings; ``ean`` <= 13 characters. ``price`` is the list price ("preço de"),
    ``sell_price`` the selling price ("preço por") used when the product's price mode is SKU.
    ``amount`` is the initial stock on create (later stock goes through ``/stocks``).

    ``variations`` maps a variation type name to a value description
    (``{"Cor": "Azul"}``): that is what requests carry. Responses carry a richer array, which
    the SDK reads into both ``variations`` and ``variation_details``.
    """

    title: str
    id: int | None = None
    partner_id: str | None = None
    ean: str | None = None
    amount: Decimal | None = None
    additional_time: int | None = None
    price: Decimal | None = None
    sell_price: Decimal | None = None
    stock_local_id: int | None = None
    variations: dict[str, str] = dict_field()
    additional_stocks: list[AdditionalStock] = list_field()
    external_id: str | None = None
    active: bool | None = None
    volumes: int | None = None
    variation_details: list[SkuVariation] = list_field(read_only=True, wire="\x00variationDetails")
    extra: dict[str, Any] = extra_field()


@attrs.frozen(kw_only=True)
class SkuPatch:
    """A merge-patch of a SKU: only the fields set (not ``None``) are sent."""

    title: str | None = None
    partner_id: str | None = None
    ean: str | None = None
    price: Decimal | None = None
    sell_price: Decimal | None = None
    external_id: str | None = None
    active: bool | None = None
    extra: dict[str, Any] = extra_field()
