"""``client.products``: ``/products`` (create with SKUs and images, replace, patch)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Collection, Iterator, Sequence

import attrs

from .._core import (
    MERGE_PATCH,
    ModelDecoder,
    Operation,
    check_limit,
    check_offset,
    check_positive,
    require_text,
    route,
)
from .._pagination import Page, PageDecoder
from ..errors import RequestValidationError
from ..models.products import JsonPatchOperation, Product, ProductPatch
from ._base import AsyncResource, SyncResource
from ._validate import check_max, check_prices, json_patch_body, merge_patch_document

_LIST = route("GET", "/products", PageDecoder(Product))
_CREATE = route("POST", "/products", ModelDecoder(Product))
_GET = route("GET", "/products/{id}", ModelDecoder(Product))
_UPDATE = route("PUT", "/products/{id}", ModelDecoder(Product))
_MERGE_PATCH = route(
    "PATCH", "/products/{id}", ModelDecoder(Product), idempotent=True, content_type=MERGE_PATCH
)
_JSON_PATCH = route("PATCH", "/products/patch/{productId}", ModelDecoder(Product))


def _check_common(p: Product | ProductPatch, *, full: bool) -> None:
    if full or p.title is not None:
        require_text("product.title", p.title, max_len=150)
    if full or p.description is not None:
        require_text("product.description", p.description, max_len=10000)
    check_max("product.video_url", p.video_url, 255)
    for name in ("height", "width", "length", "weight"):
        check_positive(f"product.{name}", getattr(p, name), allow_zero=True)
    check_positive("product.price_factor", p.price_factor)
    if p.warranty_time is not None and p.warranty_time < 0:
        raise RequestValidationError("product.warranty_time", "must be >= 0 (months)")
    if p.origin is not None and not 0 <= p.origin.id <= 8:
        raise RequestValidationError("product.origin.id", f"must be 0..8, got {p.origin.id}")


def validate_new_product(p: Product) -> Product:
    """The checks ``POST /products`` needs: a complete product with SKUs."""
    if not isinstance(p, Product):
        raise RequestValidationError("product", f"expected a Product, got {type(p).__name__}")
    _check_common(p, full=True)
    if p.category is None:
        raise RequestValidationError("product.category", "is required (category id)")
    if p.brand is None:
        raise RequestValidationError("product.brand", "is required (brand id)")
    if not p.skus:
        raise RequestValidationError("product.skus", "at least one SKU is required")
    seen: set[str] = set()
    for i, sku in enumerate(p.skus):
        field = f"product.skus[{i}]"
        require_text(f"{field}.title", sku.title, max_len=150)
        require_text(f"{field}.partner_id", sku.partner_id, max_len=120)
        assert sku.partner_id is not None
        if sku.partner_id in seen:
            raise RequestValidationError(
                f"{field}.partner_id", f"duplicate SKU partner id {sku.partner_id!r}"
            )
        seen.add(sku.partner_id)
        if sku.price is None:
            raise RequestValidationError(f"{field}.price", "is required")
        check_prices(field, sku.price, sku.sell_price)
        check_positive(f"{field}.amount", sku.amount, allow_zero=True)
        if p.has_variations and not sku.variations:
            raise RequestValidationError(
                f"{field}.variations", "required when the product has_variations"
            )
    mains = 0
    for i, image in enumerate(p.images):
        require_text(f"product.images[{i}].url", image.url)
        mains += bool(image.main)
    if mains > 1:
        raise RequestValidationError("product.images", "at most one image can be main")
    return p


def _validate_replace(p: Product) -> Product:
    if not isinstance(p, Product):
        raise RequestValidationError("product", f"expected a Product, got {type(p).__name__}")
    _check_common(p, full=True)
    if p.category is None:
        raise RequestValidationError("product.category", "is required (category id)")
    # SKUs and images change only through their own routes once the product exists.
    return attrs.evolve(p, skus=[], images=[])


def list_op(
    *,
    offset: int = 0,
    limit: int = 50,
    sku: str | None = None,
    external_id: str | None = None,
) -> Operation[Page[Product]]:
    return _LIST.op(
        params={
            "offset": check_offset(offset),
            "limit": check_limit(limit),
            "sku": sku,
            "externalId": external_id,
        }
    )


def get_op(product_id: int) -> Operation[Product]:
    return _GET.op({"id": product_id})


def create_op(product: Product) -> Operation[Product]:
    return _CREATE.op(json=validate_new_product(product))


def update_op(product_id: int, product: Product) -> Operation[Product]:
    return _UPDATE.op({"id": product_id}, json=_validate_replace(product))


def merge_patch_op(
    product_id: int, patch: ProductPatch, clear: Collection[str] = ()
) -> Operation[Product]:
    if not isinstance(patch, ProductPatch):
        raise RequestValidationError(
            "patch", f"expected a ProductPatch, got {type(patch).__name__}"
        )
    _check_common(patch, full=False)
    return _MERGE_PATCH.op({"id": product_id}, json=merge_patch_document(patch, clear))


def json_patch_op(product_id: int, operations: Sequence[JsonPatchOperation]) -> Operation[Product]:
    body, content_type = json_patch_body(operations)
    return _JSON_PATCH.op({"productId": product_id}, content=body, content_type=content_type)


class Products(SyncResource):
    def list(
        self,
        *,
        offset: int = 0,
        limit: int = 50,
        sku: str | None = None,
        external_id: str | None = None,
    ) -> Page[Product]:
        """One page of products. ``sku`` keeps only products holding that SKU partner id."""
        return self._client.send(
            list_op(offset=offset, limit=limit, sku=sku, external_id=external_id)
        )

    def iter(
        self,
        *,
        limit: int = 100,
        sku: str | None = None,
        external_id: str | None = None,
        max_items: int | None = None,
    ) -> Iterator[Product]:
        """Every product, lazily."""
        op = list_op(limit=limit, sku=sku, external_id=external_id)
        return self._client.iter_items(op, max_items=max_items)

    def get(self, product_id: int) -> Product:
        return self._client.send(get_op(product_id))

    def create(self, product: Product) -> Product:
        """Create a product with its SKUs and images in one call (checked before sending)."""
        return self._client.send(create_op(product))

    def update(self, product_id: int, product: Product) -> Product:
        """Replace the product's own fields (PUT). SKUs and images are not sent: they change
        through ``client.skus`` and ``client.images``."""
        return self._client.send(update_op(product_id, product))

    def merge_patch(
        self, product_id: int, patch: ProductPatch, *, clear: Collection[str] = ()
    ) -> Product:
        """Change only the fields set in ``patch`` (RFC 7386 merge-patch); ``clear`` names
        fields to remove (sent as ``null``), e.g. ``clear=["video_url"]``."""
        return self._client.send(merge_patch_op(product_id, patch, clear))

    def json_patch(self, product_id: int, operations: Sequence[JsonPatchOperation]) -> Product:
        """Apply RFC 6902 operations, e.g. ``[JsonPatchOperation(op="replace", path="/title",
        value="Novo")]``."""
        return self._client.send(json_patch_op(product_id, operations))

    def find_by_sku(self, partner_id: str) -> Product | None:
        """The product holding the SKU with this ERP code, or ``None``."""
        require_text("partner_id", partner_id)
        page = self._client.send(list_op(limit=5, sku=partner_id))
        return next((p for p in page.items if p.sku_by_partner_id(partner_id)), None)


class AsyncProducts(AsyncResource):
    async def list(
        self,
        *,
        offset: int = 0,
        limit: int = 50,
        sku: str | None = None,
        external_id: str | None = None,
    ) -> Page[Product]:
        """One page of products. ``sku`` keeps only products holding that SKU partner id."""
        return await self._client.send(
            list_op(offset=offset, limit=limit, sku=sku, external_id=external_id)
        )

    def iter(
        self,
        *,
        limit: int = 100,
        sku: str | None = None,
        external_id: str | None = None,
        max_items: int | None = None,
    ) -> AsyncIterator[Product]:
        """Every product, lazily (``async for``)."""
        op = list_op(limit=limit, sku=sku, external_id=external_id)
        return self._client.iter_items(op, max_items=max_items)

    async def get(self, product_id: int) -> Product:
        return await self._client.send(get_op(product_id))

    async def create(self, product: Product) -> Product:
        """Create a product with its SKUs and images in one call (checked before sending)."""
        return await self._client.send(create_op(product))

    async def update(self, product_id: int, product: Product) -> Product:
        """Replace the product's own fields (PUT). SKUs and images are not sent: they change
        through ``client.skus`` and ``client.images``."""
        return await self._client.send(update_op(product_id, product))

    async def merge_patch(
        self, product_id: int, patch: ProductPatch, *, clear: Collection[str] = ()
    ) -> Product:
        """Change only the fields set in ``patch`` (RFC 7386 merge-patch); ``clear`` names
        fields to remove (sent as ``null``), e.g. ``clear=["video_url"]``."""
        return await self._client.send(merge_patch_op(product_id, patch, clear))

    async def json_patch(
        self, product_id: int, operations: Sequence[JsonPatchOperation]
    ) -> Product:
        """Apply RFC 6902 operations, e.g. ``[JsonPatchOperation(op="replace", path="/title",
        value="Novo")]``."""
        return await self._client.send(json_patch_op(product_id, operations))

    async def find_by_sku(self, partner_id: str) -> Product | None:
        """The product holding the SKU with this ERP code, or ``None``."""
        require_text("partner_id", partner_id)
        page = await self._client.send(list_op(limit=5, sku=partner_id))
        return next((p for p in page.items if p.sku_by_partner_id(partner_id)), None)
