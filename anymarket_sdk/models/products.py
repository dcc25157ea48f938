"""Products (``/products``)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Literal

import attrs

from ._base import extra_field, list_field, read_only
from .enums import DefinitionPriceScope, Gender
from .images import Image
from .skus import Sku

__all__ = [
    "Characteristic",
    "JsonPatchOperation",
    "Nbm",
    "Origin",
    "Product",
    "ProductBrand",
    "ProductCategory",
    "ProductPatch",
    "SkuLookup",
]


@attrs.frozen(kw_only=True)
class ProductCategory:
    """The product's category: ``id`` on requests; ``name``/``path`` come back."""

    id: int
    name: str | None = None
    partner_id: str | None = None
    path: str | None = read_only()
    extra: dict[str, Any] = extra_field()


@attrs.frozen(kw_only=True)
class ProductBrand:
    id: int
    name: str | None = None
    reduced_name: str | None = None
    partner_id: str | None = None
    extra: dict[str, Any] = extra_field()


@attrs.frozen(kw_only=True)
class Nbm:
    """The NCM ("NBM") fiscal classification code, 8 digits."""

    id: str
    description: str | None = None
    extra: dict[str, Any] = extra_field()


@attrs.frozen(kw_only=True)
class Origin:
    """The ICMS origin code of the goods (0-8; 0 = national)."""

    id: int
    description: str | None = None
    extra: dict[str, Any] = extra_field()


@attrs.frozen(kw_only=True)
class Characteristic:
    name: str
    value: str
    index: int | None = None
    extra: dict[str, Any] = extra_field()


@attrs.frozen(kw_only=True)
class Product:
    """A product with its SKUs and images.

    ``POST /products`` creates the product, its SKUs and its images in one call; afterwards
    SKUs and images change only through their own routes. ``PUT`` replaces the product's own
    fields: fetch, ``attrs.evolve``, then update (unknown fields are written back).

    Dimensions are in centimetres (package), ``weight`` in kilograms, ``warranty_time`` in
    months. ``definition_price_scope`` is the product's price mode.
    """

    title: str
    id: int | None = None
    description: str | None = None
    external_id_product: str | None = None
    category: ProductCategory | None = None
    brand: ProductBrand | None = None
    nbm: Nbm | None = None
    origin: Origin | None = None
    model: str | None = None
    video_url: str | None = None
    gender: Gender | None = None
    warranty_time: int | None = None
    warranty_text: str | None = None
    height: Decimal | None = None
    width: Decimal | None = None
    weight: Decimal | None = None
    length: Decimal | None = None
    price_factor: Decimal | None = None
    calculated_price: bool | None = None
    definition_price_scope: DefinitionPriceScope | None = None
    has_variations: bool | None = None
    is_product_active: bool | None = None
    allow_automatic_sku_marketplace_creation: bool | None = None
    characteristics: list[Characteristic] = list_field()
    images: list[Image] = list_field()
    skus: list[Sku] = list_field()
    kit_components: Any = None
    type: str | None = read_only()
    extra: dict[str, Any] = extra_field()

    def sku_by_partner_id(self, partner_id: str) -> Sku | None:
        """The SKU of this product with that ERP code, if any."""
        return next((s for s in self.skus if s.partner_id == partner_id), None)


@attrs.frozen(kw_only=True)
class ProductPatch:
    """A merge-patch (RFC 7386) of a product: only the fields set (not ``None``) are sent.
    SKUs and images are not part of it (they have their own routes)."""

    title: str | None = None
    description: str | None = None
    external_id_product: str | None = None
    category: ProductCategory | None = None
    brand: ProductBrand | None = None
    nbm: Nbm | None = None
    origin: Origin | None = None
    model: str | None = None
    video_url: str | None = None
    gender: Gender | None = None
    warranty_time: int | None = None
    warranty_text: str | None = None
    height: Decimal | None = None
    width: Decimal | None = None
    weight: Decimal | None = None
    length: Decimal | None = None
    price_factor: Decimal | None = None
    calculated_price: bool | None = None
    definition_price_scope: DefinitionPriceScope | None = None
    is_product_active: bool | None = None
    allow_automatic_sku_marketplace_creation: bool | None = None
    characteristics: list[Characteristic] | None = None
    extra: dict[str, Any] = extra_field()


@attrs.frozen(kw_only=True)
class JsonPatchOperation:
    """One RFC 6902 operation, e.g. ``JsonPatchOperation(op="replace", path="/ean", value="1")``."""

    op: Literal["add", "remove", "replace", "move", "copy", "test"]
    path: str
    value: Any = None
    from_: str | None = attrs.field(default=None, metadata={"wire": "from"})


@attrs.frozen(kw_only=True)
class SkuLookup:
    """A SKU found by its ERP code, with the product that holds it (needed to update it)."""

    product: Product
    sku: Sku
