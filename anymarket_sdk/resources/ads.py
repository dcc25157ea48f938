"""``client.ads``: listings ("anúncios", SKU x marketplace), their prices, and SKU exports.

Routes: ``/skus/marketplaces`` (look-up by SKU ERP code), ``/skus/{skuId}/marketplaces[/{id}]``
(list, create/bind, get, replace, merge-patch, json-patch, send), ``/skus/marketplaces/prices``
(bulk prices), ``/skus/{skuId}/updatePrice/{marketPlace}`` and ``/skus/exports[/{idDocument}]``.
"""

from __future__ import annotations

import builtins
from collections.abc import Collection, Mapping, Sequence
from decimal import Decimal
from typing import Any, Final, TypeVar, cast
from uuid import UUID

import cattrs
import httpx

from .. import _converter as cv
from .._core import (
    JSON_PATCH,
    MERGE_PATCH,
    ListDecoder,
    ModelDecoder,
    NoContent,
    Operation,
    check_positive,
    require_text,
    route,
)
from ..errors import AnymarketError, RequestValidationError
from ..models.ads import (
    AdFieldKey,
    AdPatch,
    AdPrice,
    AdPriceResult,
    MarketplacePriceResult,
    NewAd,
    PriceUpdateReport,
    SkuExport,
    SkuMarketplace,
    is_automatic_pricing,
)
from ..models.enums import DefinitionPriceScope, Marketplace
from ..models.products import JsonPatchOperation, Product
from ._base import AsyncResource, SyncResource
from ._validate import (
    check_max,
    json_patch_body,
    merge_patch_document,
    only_fields,
    upper_code,
)

M = TypeVar("M")


class _ListOrEmpty(ListDecoder[M]):
    """A bare array; an empty body reads as an empty list."""

    empty_ok = True

    def from_json(
        self, data: Any, conv: cattrs.Converter, request: httpx.Request | None
    ) -> builtins.list[M]:
        return [] if data is None else super().from_json(data, conv, request)


class _ModelOrEmpty(ModelDecoder[M]):
    """An object; an empty body reads as the model with its defaults."""

    empty_ok = True

    def from_json(self, data: Any, conv: cattrs.Converter, request: httpx.Request | None) -> M:
        return self._model() if data is None else super().from_json(data, conv, request)


_FOR_PARTNER_ID = route("GET", "/skus/marketplaces", ListDecoder(SkuMarketplace))
_LIST = route("GET", "/skus/{skuId}/marketplaces", ListDecoder(SkuMarketplace))
_CREATE = route("POST", "/skus/{skuId}/marketplaces", ModelDecoder(SkuMarketplace))
_GET = route("GET", "/skus/{skuId}/marketplaces/{id}", ModelDecoder(SkuMarketplace))
_UPDATE = route("PUT", "/skus/{skuId}/marketplaces/{id}", ModelDecoder(SkuMarketplace))
_MERGE_PATCH = route(
    "PATCH",
    "/skus/{skuId}/marketplaces/{id}",
    ModelDecoder(SkuMarketplace),
    idempotent=True,
    content_type=MERGE_PATCH,
)
# The API description labels this body merge-patch, but it is an RFC 6902 array.
_JSON_PATCH = route(
    "PATCH",
    "/skus/{skuId}/marketplaces/patch/{id}",
    ModelDecoder(SkuMarketplace),
    content_type=JSON_PATCH,
)
_SEND = route("POST", "/skus/{skuId}/marketplaces/{id}/send", NoContent())
_PRICES = route("PUT", "/skus/marketplaces/prices", _ListOrEmpty(AdPriceResult))
# Sets absolute prices: repeating it is harmless, so it may be retried.
_UPDATE_PRICE = route(
    "POST",
    "/skus/{skuId}/updatePrice/{marketPlace}",
    _ModelOrEmpty(MarketplacePriceResult),
    idempotent=True,
)
_LIST_EXPORTS = route("GET", "/skus/exports", ListDecoder(SkuExport))
_CREATE_EXPORT = route("POST", "/skus/exports", ModelDecoder(SkuExport))
_GET_EXPORT = route("GET", "/skus/exports/{idDocument}", ModelDecoder(SkuExport))

DEFAULT_PRICE_CHUNK: Final = 100
"""Listings per ``PUT /skus/marketplaces/prices`` request in ``update_prices``."""

_HAS_DISCOUNT: Final = str(AdFieldKey.HAS_DISCOUNT)
_PUT_FIELDS: Final = (
    "publicationStatus",
    "marketplaceStatus",
    "price",
    "discountPrice",
    "priceFactor",
    "permalink",
    "skuInMarketplace",
    "fields",
)


# --- validation -----------------------------------------------------------------------------


def _name(prefix: str, field: str) -> str:
    return f"{prefix}.{field}" if prefix else field


def check_ad_prices(
    prefix: str, price: Decimal | None, discount_price: Decimal | None, *, required: bool = False
) -> None:
    """Listing prices: both > 0 and the discount price ("preço por") not above the price
    ("preço de"). ``prefix`` names the argument in errors (``"prices[3]"``)."""
    if required:
        for field, value in (("price", price), ("discount_price", discount_price)):
            if value is None:
                raise RequestValidationError(_name(prefix, field), "is required")
    check_positive(_name(prefix, "price"), price)
    check_positive(_name(prefix, "discount_price"), discount_price)
    if price is not None and discount_price is not None and discount_price > price:
        raise RequestValidationError(
            _name(prefix, "discount_price"),
            f"discount price {discount_price} is above the price {price}",
        )


def _check_fields(name: str, fields: object, *, required: bool = False) -> None:
    if fields is None:
        if required:
            raise RequestValidationError(name, "is required (may be empty)")
        return
    if not isinstance(fields, Mapping):
        raise RequestValidationError(name, f"expected a mapping, got {type(fields).__name__}")
    items = cast("Mapping[object, object]", fields)
    for key, value in items.items():
        if not isinstance(key, str) or not key:
            raise RequestValidationError(name, f"keys must be non-empty strings, got {key!r}")
        if not isinstance(value, str):
            raise RequestValidationError(
                f"{name}[{key!r}]",
                f"values are strings on the wire, got {type(value).__name__}: "
                "build the map with AdFields.build()",
            )
    title = items.get(str(AdFieldKey.TITLE))
    if isinstance(title, str) and len(title) > 255:
        raise RequestValidationError(
            f"{name}['title']", f"at most 255 characters, got {len(title)}"
        )


def _opt_mp(marketplace: Marketplace | str | None) -> str | None:
    return None if marketplace is None else upper_code("marketplace", marketplace)


def _has_discount(price: Decimal, discount_price: Decimal) -> str:
    return "true" if price != discount_price else "false"


def _check_ad_id(name: str, value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise RequestValidationError(name, f"must be a positive integer listing id, got {value!r}")
    return value


# --- operations -----------------------------------------------------------------------------


def for_sku_partner_id_op(partner_id: str) -> Operation[list[SkuMarketplace]]:
    require_text("partner_id", partner_id)
    return _FOR_PARTNER_ID.op(params={"partnerID": partner_id})


def list_op(
    sku_id: int, marketplace: Marketplace | str | None = None
) -> Operation[list[SkuMarketplace]]:
    return _LIST.op({"skuId": sku_id}, params={"marketplace": _opt_mp(marketplace)})


def get_op(
    sku_id: int, ad_id: int, *, multi_cd: bool | None = None, return_type: str | None = None
) -> Operation[SkuMarketplace]:
    if return_type is not None:
        require_text("return_type", return_type)
    return _GET.op(
        {"skuId": sku_id, "id": ad_id}, params={"multiCd": multi_cd, "returnType": return_type}
    )


def create_op(sku_id: int, ad: NewAd) -> Operation[SkuMarketplace]:
    if not isinstance(ad, NewAd):
        raise RequestValidationError("ad", f"expected a NewAd, got {type(ad).__name__}")
    marketplace = upper_code("ad.marketplace", ad.marketplace)
    check_ad_prices("ad", ad.price, ad.discount_price, required=True)
    _check_fields("ad.fields", ad.fields, required=True)
    check_max("ad.id_in_marketplace", ad.id_in_marketplace, 255)
    body = cv.DEFAULT_CONVERTER.unstructure(ad)
    body["marketPlace"] = marketplace
    return _CREATE.op({"skuId": sku_id}, json=body)


def update_op(
    sku_id: int,
    ad_id: int,
    ad: SkuMarketplace,
    *,
    sync_changes: bool | None = None,
    has_discount: bool | None = None,
) -> Operation[SkuMarketplace]:
    if not isinstance(ad, SkuMarketplace):
        raise RequestValidationError("ad", f"expected a SkuMarketplace, got {type(ad).__name__}")
    if ad.price is None:
        raise RequestValidationError("ad.price", "is required")
    check_ad_prices("ad", ad.price, ad.discount_price)
    check_positive("ad.price_factor", ad.price_factor)
    _check_fields("ad.fields", ad.fields)
    check_max("ad.marketplace_status", ad.marketplace_status, 255)
    body = only_fields(ad, _PUT_FIELDS)
    # ANYMARKET's own SDK keeps HAS_DISCOUNT in step with the prices on every update: a
    # value read with the listing describes the old prices, so it is recomputed here.
    flag: str | None = None
    if has_discount is not None:
        flag = "true" if has_discount else "false"
    elif ad.discount_price is not None:
        flag = _has_discount(ad.price, ad.discount_price)
    if flag is not None:
        body["fields"] = {**dict(body.get("fields") or {}), _HAS_DISCOUNT: flag}
    return _UPDATE.op(
        {"skuId": sku_id, "id": ad_id}, params={"syncChanges": sync_changes}, json=body
    )


def merge_patch_op(
    sku_id: int, ad_id: int, patch: AdPatch, clear: Collection[str] = ()
) -> Operation[SkuMarketplace]:
    if not isinstance(patch, AdPatch):
        raise RequestValidationError("patch", f"expected an AdPatch, got {type(patch).__name__}")
    check_ad_prices("patch", patch.price, patch.discount_price)
    check_positive("patch.price_factor", patch.price_factor)
    _check_fields("patch.fields", patch.fields)
    check_max("patch.marketplace_status", patch.marketplace_status, 255)
    doc = merge_patch_document(patch, clear)
    fields = dict(patch.fields or {})
    if (
        patch.price is not None
        and patch.discount_price is not None
        and _HAS_DISCOUNT not in fields
        and "fields" not in clear
    ):
        fields[_HAS_DISCOUNT] = _has_discount(patch.price, patch.discount_price)
        doc["fields"] = fields
    return _MERGE_PATCH.op({"skuId": sku_id, "id": ad_id}, json=doc)


_PRICE_PATHS: Final = {"/price": "price", "/discountPrice": "discount_price"}


def _check_patch_operations(operations: Sequence[JsonPatchOperation]) -> None:
    prices: dict[str, Decimal] = {}
    for i, o in enumerate(operations):
        if not isinstance(o, JsonPatchOperation) or o.op not in ("add", "replace"):
            continue  # json_patch_body reports malformed operations
        name = f"operations[{i}].value"
        if o.path in _PRICE_PATHS:
            check_positive(name, o.value)
            if o.value is None:
                raise RequestValidationError(name, "a price cannot be null")
            prices[_PRICE_PATHS[o.path]] = o.value
        elif o.path == "/fields":
            _check_fields(name, o.value)
        elif o.path.startswith("/fields/") and not isinstance(o.value, str):
            raise RequestValidationError(
                name, f"values of fields are strings on the wire, got {type(o.value).__name__}"
            )
    if "price" in prices and "discount_price" in prices:
        check_ad_prices("operations", prices["price"], prices["discount_price"])


def json_patch_op(
    sku_id: int, ad_id: int, operations: Sequence[JsonPatchOperation]
) -> Operation[SkuMarketplace]:
    body, content_type = json_patch_body(operations)
    _check_patch_operations(operations)
    return _JSON_PATCH.op({"skuId": sku_id, "id": ad_id}, content=body, content_type=content_type)


def send_op(sku_id: int, ad_id: int) -> Operation[None]:
    return _SEND.op({"skuId": sku_id, "id": ad_id})


def update_prices_ops(
    prices: Sequence[AdPrice], chunk_size: int = DEFAULT_PRICE_CHUNK
) -> list[tuple[list[int], Operation[list[AdPriceResult]]]]:
    """Validate every item, then split into requests of at most ``chunk_size`` listings:
    ``[(ids in the request, operation), ...]``."""
    if isinstance(chunk_size, bool) or not isinstance(chunk_size, int) or chunk_size < 1:
        raise RequestValidationError(
            "chunk_size", f"must be a positive integer, got {chunk_size!r}"
        )
    checked: object = prices
    if isinstance(checked, str | bytes) or not isinstance(checked, Sequence):
        raise RequestValidationError("prices", "expected a sequence of AdPrice")
    if not prices:
        raise RequestValidationError("prices", "at least one listing price is required")
    seen: dict[int, int] = {}
    for i, item in enumerate(prices):
        if not isinstance(item, AdPrice):
            raise RequestValidationError(
                f"prices[{i}]", f"expected an AdPrice, got {type(item).__name__}"
            )
        ad_id = _check_ad_id(f"prices[{i}].id", item.id)
        if ad_id in seen:
            raise RequestValidationError(
                f"prices[{i}].id", f"listing {ad_id} is already at prices[{seen[ad_id]}]"
            )
        seen[ad_id] = i
        check_ad_prices(f"prices[{i}]", item.price, item.discount_price, required=True)
    plan: list[tuple[list[int], Operation[list[AdPriceResult]]]] = []
    for start in range(0, len(prices), chunk_size):
        chunk = list(prices[start : start + chunk_size])
        plan.append(([p.id for p in chunk], _PRICES.op(json=chunk)))
    return plan


def _note_partial(exc: AnymarketError, sent: builtins.list[int]) -> None:
    if sent:
        shown = ", ".join(map(str, sent[:20])) + (", ..." if len(sent) > 20 else "")
        exc.add_note(
            f"update_prices: earlier requests already sent {len(sent)} listing price(s): {shown}"
        )


def update_price_op(
    sku_id: int,
    marketplace: Marketplace | str,
    *,
    price: Decimal,
    discount_price: Decimal,
    fields: Mapping[str, str] | None = None,
    price_scope: DefinitionPriceScope | str | Product | None = None,
) -> Operation[MarketplacePriceResult]:
    if is_automatic_pricing(price_scope):
        raise RequestValidationError(
            "price_scope",
            "not allowed for listings with automatic pricing (COST mode): "
            "change the stock cost through client.stocks instead",
        )
    check_ad_prices("", price, discount_price, required=True)
    _check_fields("fields", fields)
    body: dict[str, Any] = {"price": price, "discountPrice": discount_price}
    if fields:
        body["fields"] = [{"key": k, "value": v} for k, v in fields.items()]
    return _UPDATE_PRICE.op(
        {"skuId": sku_id, "marketPlace": upper_code("marketplace", marketplace)}, json=body
    )


def list_exports_op(marketplace: Marketplace | str | None = None) -> Operation[list[SkuExport]]:
    return _LIST_EXPORTS.op(params={"marketplace": _opt_mp(marketplace)})


def create_export_op(marketplace: Marketplace | str | None = None) -> Operation[SkuExport]:
    return _CREATE_EXPORT.op(params={"marketplace": _opt_mp(marketplace)})


def get_export_op(document_id: str | UUID) -> Operation[SkuExport]:
    text = str(document_id) if isinstance(document_id, UUID) else document_id
    require_text("document_id", text)
    return _GET_EXPORT.op({"idDocument": text})


# --- resources ------------------------------------------------------------------------------


class Ads(SyncResource):
    """Listings ("anúncios") of SKUs on marketplaces, their prices and SKU exports."""

    def for_sku_partner_id(self, partner_id: str) -> builtins.list[SkuMarketplace]:
        """Every listing of the SKU with this ERP code (``GET /skus/marketplaces?partnerID=``)."""
        return self._client.send(for_sku_partner_id_op(partner_id))

    def list(
        self, sku_id: int, *, marketplace: Marketplace | str | None = None
    ) -> builtins.list[SkuMarketplace]:
        """Every listing of a SKU (unpaged), optionally on one marketplace."""
        return self._client.send(list_op(sku_id, marketplace))

    def get(
        self,
        sku_id: int,
        ad_id: int,
        *,
        multi_cd: bool | None = None,
        return_type: str | None = None,
    ) -> SkuMarketplace:
        """One listing. ``multi_cd=True`` adds per-warehouse stock (``available_stocks``);
        ``return_type="SKU_COMPLETE"`` adds the SKU."""
        return self._client.send(get_op(sku_id, ad_id, multi_cd=multi_cd, return_type=return_type))

    def create(self, sku_id: int, ad: NewAd) -> SkuMarketplace:
        """Create a listing, or bind an existing one (set ``sku_in_marketplace``). It is
        published on the marketplace by :meth:`send`."""
        return self._client.send(create_op(sku_id, ad))

    def update(
        self,
        sku_id: int,
        ad_id: int,
        ad: SkuMarketplace,
        *,
        sync_changes: bool | None = None,
        has_discount: bool | None = None,
    ) -> SkuMarketplace:
        """Replace the listing (PUT): fetch it, ``attrs.evolve``, then update. ``fields``
        ``HAS_DISCOUNT`` is set from the prices (``price != discount_price``) unless
        ``has_discount`` says otherwise. ``sync_changes`` asks ANYMARKET to push the change."""
        return self._client.send(
            update_op(sku_id, ad_id, ad, sync_changes=sync_changes, has_discount=has_discount)
        )

    def merge_patch(
        self, sku_id: int, ad_id: int, patch: AdPatch, *, clear: Collection[str] = ()
    ) -> SkuMarketplace:
        """Change only the fields set in ``patch`` (RFC 7386); ``clear`` names fields to
        remove. With both prices and no ``HAS_DISCOUNT`` in ``patch.fields``, it is added."""
        return self._client.send(merge_patch_op(sku_id, ad_id, patch, clear))

    def json_patch(
        self, sku_id: int, ad_id: int, operations: Sequence[JsonPatchOperation]
    ) -> SkuMarketplace:
        """Apply RFC 6902 operations (e.g. ``replace /fields/title``)."""
        return self._client.send(json_patch_op(sku_id, ad_id, operations))

    def send(self, sku_id: int, ad_id: int) -> None:
        """Publish an unpublished listing, or push the current data of an active one."""
        return self._client.send(send_op(sku_id, ad_id))

    def update_prices(
        self, prices: Sequence[AdPrice], *, chunk_size: int = DEFAULT_PRICE_CHUNK
    ) -> PriceUpdateReport:
        """Set ``price``/``discount_price`` of many listings (``PUT /skus/marketplaces/prices``)
        in requests of ``chunk_size``. Every item is checked before the first request; if a
        later request fails, the error carries a note listing the ids already sent."""
        plan = update_prices_ops(prices, chunk_size)
        results: builtins.list[AdPriceResult] = []
        sent: builtins.list[int] = []
        for ids, op in plan:
            try:
                batch: builtins.list[AdPriceResult] = self._client.send(op)
                results.extend(batch)
            except AnymarketError as exc:
                _note_partial(exc, sent)
                raise
            sent.extend(ids)
        return PriceUpdateReport(requested=sent, results=results)

    def update_price(
        self,
        sku_id: int,
        marketplace: Marketplace | str,
        *,
        price: Decimal,
        discount_price: Decimal,
        fields: Mapping[str, str] | None = None,
        price_scope: DefinitionPriceScope | str | Product | None = None,
    ) -> MarketplacePriceResult:
        """Set the prices of a SKU's listings on one marketplace. Not allowed for listings
        with automatic pricing (COST mode): pass ``price_scope`` (the product's
        ``definition_price_scope``, or the product) to have that checked before sending."""
        return self._client.send(
            update_price_op(
                sku_id,
                marketplace,
                price=price,
                discount_price=discount_price,
                fields=fields,
                price_scope=price_scope,
            )
        )

    def list_exports(
        self, *, marketplace: Marketplace | str | None = None
    ) -> builtins.list[SkuExport]:
        """The SKU exports requested with this token."""
        return self._client.send(list_exports_op(marketplace))

    def create_export(self, *, marketplace: Marketplace | str | None = None) -> SkuExport:
        """Ask for a file of SKUs with price, stock and crossdocking time (poll
        :meth:`get_export` until ``status.is_done``)."""
        return self._client.send(create_export_op(marketplace))

    def get_export(self, document_id: str | UUID) -> SkuExport:
        return self._client.send(get_export_op(document_id))


class AsyncAds(AsyncResource):
    """Listings ("anúncios") of SKUs on marketplaces, their prices and SKU exports."""

    async def for_sku_partner_id(self, partner_id: str) -> builtins.list[SkuMarketplace]:
        """Every listing of the SKU with this ERP code (``GET /skus/marketplaces?partnerID=``)."""
        return await self._client.send(for_sku_partner_id_op(partner_id))

    async def list(
        self, sku_id: int, *, marketplace: Marketplace | str | None = None
    ) -> builtins.list[SkuMarketplace]:
        """Every listing of a SKU (unpaged), optionally on one marketplace."""
        return await self._client.send(list_op(sku_id, marketplace))

    async def get(
        self,
        sku_id: int,
        ad_id: int,
        *,
        multi_cd: bool | None = None,
        return_type: str | None = None,
    ) -> SkuMarketplace:
        """One listing. ``multi_cd=True`` adds per-warehouse stock (``available_stocks``);
        ``return_type="SKU_COMPLETE"`` adds the SKU."""
        return await self._client.send(
            get_op(sku_id, ad_id, multi_cd=multi_cd, return_type=return_type)
        )

    async def create(self, sku_id: int, ad: NewAd) -> SkuMarketplace:
        """Create a listing, or bind an existing one (set ``sku_in_marketplace``). It is
        published on the marketplace by :meth:`send`."""
        return await self._client.send(create_op(sku_id, ad))

    async def update(
        self,
        sku_id: int,
        ad_id: int,
        ad: SkuMarketplace,
        *,
        sync_changes: bool | None = None,
        has_discount: bool | None = None,
    ) -> SkuMarketplace:
        """Replace the listing (PUT): fetch it, ``attrs.evolve``, then update. ``fields``
        ``HAS_DISCOUNT`` is set from the prices (``price != discount_price``) unless
        ``has_discount`` says otherwise. ``sync_changes`` asks ANYMARKET to push the change."""
        return await self._client.send(
            update_op(sku_id, ad_id, ad, sync_changes=sync_changes, has_discount=has_discount)
        )

    async def merge_patch(
        self, sku_id: int, ad_id: int, patch: AdPatch, *, clear: Collection[str] = ()
    ) -> SkuMarketplace:
        """Change only the fields set in ``patch`` (RFC 7386); ``clear`` names fields to
        remove. With both prices and no ``HAS_DISCOUNT`` in ``patch.fields``, it is added."""
        return await self._client.send(merge_patch_op(sku_id, ad_id, patch, clear))

    async def json_patch(
        self, sku_id: int, ad_id: int, operations: Sequence[JsonPatchOperation]
    ) -> SkuMarketplace:
        """Apply RFC 6902 operations (e.g. ``replace /fields/title``)."""
        return await self._client.send(json_patch_op(sku_id, ad_id, operations))

    async def send(self, sku_id: int, ad_id: int) -> None:
        """Publish an unpublished listing, or push the current data of an active one."""
        return await self._client.send(send_op(sku_id, ad_id))

    async def update_prices(
        self, prices: Sequence[AdPrice], *, chunk_size: int = DEFAULT_PRICE_CHUNK
    ) -> PriceUpdateReport:
        """Set ``price``/``discount_price`` of many listings (``PUT /skus/marketplaces/prices``)
        in requests of ``chunk_size``. Every item is checked before the first request; if a
        later request fails, the error carries a note listing the ids already sent."""
        plan = update_prices_ops(prices, chunk_size)
        results: builtins.list[AdPriceResult] = []
        sent: builtins.list[int] = []
        for ids, op in plan:
            try:
                batch: builtins.list[AdPriceResult] = await self._client.send(op)
                results.extend(batch)
            except AnymarketError as exc:
                _note_partial(exc, sent)
                raise
            sent.extend(ids)
        return PriceUpdateReport(requested=sent, results=results)

    async def update_price(
        self,
        sku_id: int,
        marketplace: Marketplace | str,
        *,
        price: Decimal,
        discount_price: Decimal,
        fields: Mapping[str, str] | None = None,
        price_scope: DefinitionPriceScope | str | Product | None = None,
    ) -> MarketplacePriceResult:
        """Set the prices of a SKU's listings on one marketplace. Not allowed for listings
        with automatic pricing (COST mode): pass ``price_scope`` (the product's
        ``definition_price_scope``, or the product) to have that checked before sending."""
        return await self._client.send(
            update_price_op(
                sku_id,
                marketplace,
                price=price,
                discount_price=discount_price,
                fields=fields,
                price_scope=price_scope,
            )
        )

    async def list_exports(
        self, *, marketplace: Marketplace | str | None = None
    ) -> builtins.list[SkuExport]:
        """The SKU exports requested with this token."""
        return await self._client.send(list_exports_op(marketplace))

    async def create_export(self, *, marketplace: Marketplace | str | None = None) -> SkuExport:
        """Ask for a file of SKUs with price, stock and crossdocking time (poll
        :meth:`get_export` until ``status.is_done``)."""
        return await self._client.send(create_export_op(marketplace))

    async def get_export(self, document_id: str | UUID) -> SkuExport:
        return await self._client.send(get_export_op(document_id))
