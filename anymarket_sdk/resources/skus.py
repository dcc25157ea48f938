"""``client.skus``: SKUs of a product (``/products/{productId}/skus``) and look-up by ERP code."""

from __future__ import annotations

import builtins
from collections.abc import Collection, Sequence

from .._core import (
    MERGE_PATCH,
    ListDecoder,
    ModelDecoder,
    Operation,
    check_positive,
    require_text,
    route,
)
from ..errors import RequestValidationError
from ..models.products import JsonPatchOperation, Product, SkuLookup
from ..models.skus import Sku, SkuPatch
from . import products as _products
from ._base import AsyncResource, SyncResource
from ._validate import (
    check_max,
    check_prices,
    json_patch_body,
    merge_patch_document,
    only_fields,
)

_LIST = route("GET", "/products/{productId}/skus", ListDecoder(Sku))
_CREATE = route("POST", "/products/{productId}/skus", ModelDecoder(Sku))
_GET = route("GET", "/products/{productId}/skus/{skuId}", ModelDecoder(Sku))
_UPDATE = route("PUT", "/products/{productId}/skus/{skuId}", ModelDecoder(Sku))
_MERGE_PATCH = route(
    "PATCH",
    "/products/{productId}/skus/{skuId}",
    ModelDecoder(Sku),
    idempotent=True,
    content_type=MERGE_PATCH,
)
_JSON_PATCH = route("PATCH", "/products/{productId}/skus/patch/{skuId}", ModelDecoder(Sku))


def _validate(sku: Sku, *, new: bool) -> Sku:
    if not isinstance(sku, Sku):
        raise RequestValidationError("sku", f"expected a Sku, got {type(sku).__name__}")
    require_text("sku.title", sku.title, max_len=150)
    check_max("sku.partner_id", sku.partner_id, 120)
    check_max("sku.external_id", sku.external_id, 100)
    if new and sku.price is None:
        raise RequestValidationError("sku.price", "is required")
    if new and sku.amount is None:
        raise RequestValidationError("sku.amount", "is required (initial stock, may be 0)")
    check_prices("sku", sku.price, sku.sell_price)
    check_positive("sku.amount", sku.amount, allow_zero=True)
    return sku


def list_op(product_id: int) -> Operation[list[Sku]]:
    return _LIST.op({"productId": product_id})


def get_op(product_id: int, sku_id: int) -> Operation[Sku]:
    return _GET.op({"productId": product_id, "skuId": sku_id})


def create_op(product_id: int, sku: Sku) -> Operation[Sku]:
    return _CREATE.op({"productId": product_id}, json=_validate(sku, new=True))


_PUT_FIELDS = ("title", "partnerId", "ean", "price", "sellPrice", "externalId", "active")


def update_op(product_id: int, sku_id: int, sku: Sku) -> Operation[Sku]:
    # PUT takes the fields below (stock, variations and warehouses have their own routes);
    # unknown fields read from ANYMARKET are written back too.
    body = only_fields(_validate(sku, new=False), _PUT_FIELDS)
    return _UPDATE.op({"productId": product_id, "skuId": sku_id}, json=body)


def merge_patch_op(
    product_id: int, sku_id: int, patch: SkuPatch, clear: Collection[str] = ()
) -> Operation[Sku]:
    if not isinstance(patch, SkuPatch):
        raise RequestValidationError("patch", f"expected a SkuPatch, got {type(patch).__name__}")
    if patch.title is not None:
        require_text("patch.title", patch.title, max_len=150)
    check_max("patch.partner_id", patch.partner_id, 120)
    check_prices("patch", patch.price, patch.sell_price)
    return _MERGE_PATCH.op(
        {"productId": product_id, "skuId": sku_id}, json=merge_patch_document(patch, clear)
    )


def json_patch_op(
    product_id: int, sku_id: int, operations: Sequence[JsonPatchOperation]
) -> Operation[Sku]:
    body, content_type = json_patch_body(operations)
    return _JSON_PATCH.op(
        {"productId": product_id, "skuId": sku_id}, content=body, content_type=content_type
    )


def _lookup(page_items: Sequence[Product], partner_id: str) -> SkuLookup | None:
    for product in page_items:
        sku = product.sku_by_partner_id(partner_id)
        if sku is not None:
            return SkuLookup(product=product, sku=sku)
    return None


class Skus(SyncResource):
    def list(self, product_id: int) -> builtins.list[Sku]:
        """All SKUs of a product (ANYMARKET returns them unpaged)."""
        return self._client.send(list_op(product_id))

    def get(self, product_id: int, sku_id: int) -> Sku:
        return self._client.send(get_op(product_id, sku_id))

    def create(self, product_id: int, sku: Sku) -> Sku:
        """Add a SKU to an existing product (``title``, ``price`` and ``amount`` required)."""
        return self._client.send(create_op(product_id, sku))

    def update(self, product_id: int, sku_id: int, sku: Sku) -> Sku:
        """Replace the SKU (PUT). Prefer ``merge_patch`` to change a few fields."""
        return self._client.send(update_op(product_id, sku_id, sku))

    def merge_patch(
        self, product_id: int, sku_id: int, patch: SkuPatch, *, clear: Collection[str] = ()
    ) -> Sku:
        """Change only the fields set in ``patch`` (RFC 7386 merge-patch); ``clear`` names
        fields to remove (sent as ``null``)."""
        return self._client.send(merge_patch_op(product_id, sku_id, patch, clear))

    def json_patch(
        self, product_id: int, sku_id: int, operations: Sequence[JsonPatchOperation]
    ) -> Sku:
        """Apply RFC 6902 operations to the SKU."""
        return self._client.send(json_patch_op(product_id, sku_id, operations))

    def find_by_partner_id(self, partner_id: str) -> SkuLookup | None:
        """The SKU with this ERP code and its product, or ``None`` (one request)."""
        require_text("partner_id", partner_id)
        page = self._client.send(_products.list_op(limit=5, sku=partner_id))
        return _lookup(page.items, partner_id)


class AsyncSkus(AsyncResource):
    async def list(self, product_id: int) -> builtins.list[Sku]:
        """All SKUs of a product (ANYMARKET returns them unpaged)."""
        return await self._client.send(list_op(product_id))

    async def get(self, product_id: int, sku_id: int) -> Sku:
        return await self._client.send(get_op(product_id, sku_id))

    async def create(self, product_id: int, sku: Sku) -> Sku:
        """Add a SKU to an existing product (``title``, ``price`` and ``amount`` required)."""
        return await self._client.send(create_op(product_id, sku))

    async def update(self, product_id: int, sku_id: int, sku: Sku) -> Sku:
        """Replace the SKU (PUT). Prefer ``merge_patch`` to change a few fields."""
        return await self._client.send(update_op(product_id, sku_id, sku))

    async def merge_patch(
        self, product_id: int, sku_id: int, patch: SkuPatch, *, clear: Collection[str] = ()
    ) -> Sku:
        """Change only the fields set in ``patch`` (RFC 7386 merge-patch); ``clear`` names
        fields to remove (sent as ``null``)."""
        return await self._client.send(merge_patch_op(product_id, sku_id, patch, clear))

    async def json_patch(
        self, product_id: int, sku_id: int, operations: Sequence[JsonPatchOperation]
    ) -> Sku:
        """Apply RFC 6902 operations to the SKU."""
        return await self._client.send(json_patch_op(product_id, sku_id, operations))

    async def find_by_partner_id(self, partner_id: str) -> SkuLookup | None:
        """The SKU with this ERP code and its product, or ``None`` (one request)."""
        require_text("partner_id", partner_id)
        page = await self._client.send(_products.list_op(limit=5, sku=partner_id))
        return _lookup(page.items, partner_id)
