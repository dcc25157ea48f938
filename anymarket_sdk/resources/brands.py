"""``client.brands``: ``/brands``."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

from .._core import (
    ModelDecoder,
    NoContent,
    Operation,
    check_limit,
    check_offset,
    require_text,
    route,
)
from .._pagination import Page, PageDecoder
from ..errors import RequestValidationError
from ..models.brands import Brand, BrandBinding, BrandInMarketplace
from ..models.enums import Marketplace
from ._base import AsyncResource, SyncResource, same_name, with_partner_id
from ._validate import upper_code

_LIST = route("GET", "/brands", PageDecoder(Brand))
_CREATE = route("POST", "/brands", ModelDecoder(Brand))
_GET = route("GET", "/brands/{id}", ModelDecoder(Brand))
_UPDATE = route("PUT", "/brands/{id}", ModelDecoder(Brand))
_DELETE = route("DELETE", "/brands/{id}", NoContent())
_IN_MARKETPLACE = route(
    "GET", "/brands/{id}/marketplace/{marketplace}", ModelDecoder(BrandInMarketplace)
)
_BIND = route("POST", "/brands/{id}/bind/{marketplace}", ModelDecoder(BrandBinding))
_REBIND = route("PUT", "/brands/{id}/bind/{marketplace}", ModelDecoder(BrandBinding))


def _validate(brand: Brand) -> Brand:
    if not isinstance(brand, Brand):
        raise RequestValidationError("brand", f"expected a Brand, got {type(brand).__name__}")
    require_text("brand.name", brand.name, max_len=255)
    if brand.reduced_name is not None and len(brand.reduced_name) > 30:
        raise RequestValidationError("brand.reduced_name", "at most 30 characters")
    if brand.partner_id is not None and len(brand.partner_id) > 255:
        raise RequestValidationError("brand.partner_id", "at most 255 characters")
    return brand


def list_op(
    *,
    offset: int = 0,
    limit: int = 50,
    name: str | None = None,
    partner_id: str | None = None,
    sort: str | None = None,
) -> Operation[Page[Brand]]:
    return _LIST.op(
        params={
            "offset": check_offset(offset),
            "limit": check_limit(limit),
            "name": name,
            "partnerId": partner_id,
            "sort": sort,
        }
    )


def get_op(brand_id: int) -> Operation[Brand]:
    return _GET.op({"id": brand_id})


def create_op(brand: Brand) -> Operation[Brand]:
    return _CREATE.op(json=_validate(brand))


def update_op(brand_id: int, brand: Brand) -> Operation[Brand]:
    return _UPDATE.op({"id": brand_id}, json=_validate(brand))


def delete_op(brand_id: int) -> Operation[None]:
    return _DELETE.op({"id": brand_id})


def in_marketplace_op(
    brand_id: int, marketplace: Marketplace | str
) -> Operation[BrandInMarketplace]:
    return _IN_MARKETPLACE.op(
        {"id": brand_id, "marketplace": upper_code("marketplace", marketplace)}
    )


def bind_op(
    brand_id: int, marketplace: Marketplace | str, code_in_marketplace: str, *, rebind: bool
) -> Operation[BrandBinding]:
    require_text("code_in_marketplace", code_in_marketplace)
    r = _REBIND if rebind else _BIND
    return r.op(
        {"id": brand_id, "marketplace": upper_code("marketplace", marketplace)},
        json={"codeInMarketplace": code_in_marketplace},
    )


class Brands(SyncResource):
    def list(
        self,
        *,
        offset: int = 0,
        limit: int = 50,
        name: str | None = None,
        partner_id: str | None = None,
        sort: str | None = None,
    ) -> Page[Brand]:
        """One page of brands (``limit`` 5..100), optionally filtered."""
        return self._client.send(
            list_op(offset=offset, limit=limit, name=name, partner_id=partner_id, sort=sort)
        )

    def iter(
        self,
        *,
        limit: int = 100,
        name: str | None = None,
        partner_id: str | None = None,
        sort: str | None = None,
        max_items: int | None = None,
    ) -> Iterator[Brand]:
        """Every brand, fetched lazily page by page."""
        op = list_op(limit=limit, name=name, partner_id=partner_id, sort=sort)
        return self._client.iter_items(op, max_items=max_items)

    def get(self, brand_id: int) -> Brand:
        return self._client.send(get_op(brand_id))

    def create(self, brand: Brand) -> Brand:
        return self._client.send(create_op(brand))

    def update(self, brand_id: int, brand: Brand) -> Brand:
        """Replace the brand (PUT): send every field you want to keep."""
        return self._client.send(update_op(brand_id, brand))

    def delete(self, brand_id: int) -> None:
        self._client.send(delete_op(brand_id))

    def get_in_marketplace(
        self, brand_id: int, marketplace: Marketplace | str
    ) -> BrandInMarketplace:
        """How the brand is bound in one marketplace."""
        return self._client.send(in_marketplace_op(brand_id, marketplace))

    def bind(
        self, brand_id: int, marketplace: Marketplace | str, code_in_marketplace: str
    ) -> BrandBinding:
        """Bind the brand to the marketplace's brand code (first time)."""
        return self._client.send(bind_op(brand_id, marketplace, code_in_marketplace, rebind=False))

    def rebind(
        self, brand_id: int, marketplace: Marketplace | str, code_in_marketplace: str
    ) -> BrandBinding:
        """Change an existing binding."""
        return self._client.send(bind_op(brand_id, marketplace, code_in_marketplace, rebind=True))

    def find_by_partner_id(self, partner_id: str) -> Brand | None:
        """The brand with this ERP code, or ``None``."""
        require_text("partner_id", partner_id)
        page = self._client.send(list_op(limit=100, partner_id=partner_id))
        return with_partner_id(page.items, partner_id)

    def find_by_name(self, name: str) -> Brand | None:
        """The brand with this name (case-insensitive), or ``None``."""
        require_text("name", name)
        for brand in self._client.iter_items(list_op(limit=100, name=name)):
            if same_name(brand, name):
                return brand
        return None


class AsyncBrands(AsyncResource):
    async def list(
        self,
        *,
        offset: int = 0,
        limit: int = 50,
        name: str | None = None,
        partner_id: str | None = None,
        sort: str | None = None,
    ) -> Page[Brand]:
        """One page of brands (``limit`` 5..100), optionally filtered."""
        return await self._client.send(
            list_op(offset=offset, limit=limit, name=name, partner_id=partner_id, sort=sort)
        )

    def iter(
        self,
        *,
        limit: int = 100,
        name: str | None = None,
        partner_id: str | None = None,
        sort: str | None = None,
        max_items: int | None = None,
    ) -> AsyncIterator[Brand]:
        """Every brand, fetched lazily page by page (``async for``)."""
        op = list_op(limit=limit, name=name, partner_id=partner_id, sort=sort)
        return self._client.iter_items(op, max_items=max_items)

    async def get(self, brand_id: int) -> Brand:
        return await self._client.send(get_op(brand_id))

    async def create(self, brand: Brand) -> Brand:
        return await self._client.send(create_op(brand))

    async def update(self, brand_id: int, brand: Brand) -> Brand:
        """Replace the brand (PUT): send every field you want to keep."""
        return await self._client.send(update_op(brand_id, brand))

    async def delete(self, brand_id: int) -> None:
        await self._client.send(delete_op(brand_id))

    async def get_in_marketplace(
        self, brand_id: int, marketplace: Marketplace | str
    ) -> BrandInMarketplace:
        """How the brand is bound in one marketplace."""
        return await self._client.send(in_marketplace_op(brand_id, marketplace))

    async def bind(
        self, brand_id: int, marketplace: Marketplace | str, code_in_marketplace: str
    ) -> BrandBinding:
        """Bind the brand to the marketplace's brand code (first time)."""
        return await self._client.send(
            bind_op(brand_id, marketplace, code_in_marketplace, rebind=False)
        )

    async def rebind(
        self, brand_id: int, marketplace: Marketplace | str, code_in_marketplace: str
    ) -> BrandBinding:
        """Change an existing binding."""
        return await self._client.send(
            bind_op(brand_id, marketplace, code_in_marketplace, rebind=True)
        )

    async def find_by_partner_id(self, partner_id: str) -> Brand | None:
        """The brand with this ERP code, or ``None``."""
        require_text("partner_id", partner_id)
        page = await self._client.send(list_op(limit=100, partner_id=partner_id))
        return with_partner_id(page.items, partner_id)

    async def find_by_name(self, name: str) -> Brand | None:
        """The brand with this name (case-insensitive), or ``None``."""
        require_text("name", name)
        async for brand in self._client.iter_items(list_op(limit=100, name=name)):
            if same_name(brand, name):
                return brand
        return None
