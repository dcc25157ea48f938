"""``client.variations``: variation types and their values (``/variations``)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import attrs

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
from ..models.variations import VariationType, VariationValue
from ._base import AsyncResource, SyncResource, same_name, with_partner_id

_LIST = route("GET", "/variations", PageDecoder(VariationType))
_CREATE = route("POST", "/variations", ModelDecoder(VariationType))
_GET = route("GET", "/variations/{id}", ModelDecoder(VariationType))
_UPDATE = route("PUT", "/variations/{id}", ModelDecoder(VariationType))
_DELETE = route("DELETE", "/variations/{id}", NoContent())
_VALUES = route("GET", "/variations/{typeId}/values", PageDecoder(VariationValue))
_VALUE_CREATE = route("POST", "/variations/{typeId}/values", ModelDecoder(VariationValue))
_VALUE_GET = route("GET", "/variations/{typeId}/values/{valueId}", ModelDecoder(VariationValue))
_VALUE_UPDATE = route("PUT", "/variations/{typeId}/values/{valueId}", ModelDecoder(VariationValue))
_VALUE_DELETE = route("DELETE", "/variations/{typeId}/values/{valueId}", NoContent())


def _validate_type(vt: VariationType, *, for_update: bool) -> VariationType:
    if not isinstance(vt, VariationType):
        raise RequestValidationError(
            "variation_type", f"expected a VariationType, got {type(vt).__name__}"
        )
    require_text("variation_type.name", vt.name, max_len=200)
    if vt.partner_id is not None and for_update and len(vt.partner_id) > 40:
        raise RequestValidationError("variation_type.partner_id", "at most 40 characters")
    for i, v in enumerate(vt.values):
        _validate_value(v, f"variation_type.values[{i}]")
    return vt


def _validate_value(v: VariationValue, field: str = "value") -> VariationValue:
    if not isinstance(v, VariationValue):
        raise RequestValidationError(field, f"expected a VariationValue, got {type(v).__name__}")
    require_text(f"{field}.description", v.description, max_len=4000)
    if v.partner_id is not None and len(v.partner_id) > 100:
        raise RequestValidationError(f"{field}.partner_id", "at most 100 characters")
    return v


def list_op(
    *,
    offset: int = 0,
    limit: int = 50,
    name: str | None = None,
    partner_id: str | None = None,
    sort: str | None = None,
) -> Operation[Page[VariationType]]:
    return _LIST.op(
        params={
            "offset": check_offset(offset),
            "limit": check_limit(limit),
            "name": name,
            "partnerId": partner_id,
            "sort": sort,
        }
    )


def get_op(type_id: int) -> Operation[VariationType]:
    return _GET.op({"id": type_id})


def create_op(vt: VariationType) -> Operation[VariationType]:
    return _CREATE.op(json=_validate_type(vt, for_update=False))


def update_op(type_id: int, vt: VariationType) -> Operation[VariationType]:
    # values change through their own routes; PUT takes name, partnerId and visualVariation
    return _UPDATE.op(
        {"id": type_id}, json=attrs.evolve(_validate_type(vt, for_update=True), values=[])
    )


def delete_op(type_id: int) -> Operation[None]:
    return _DELETE.op({"id": type_id})


def values_op(
    type_id: int, *, offset: int = 0, limit: int = 50, partner_id: str | None = None
) -> Operation[Page[VariationValue]]:
    return _VALUES.op(
        {"typeId": type_id},
        params={
            "offset": check_offset(offset),
            "limit": check_limit(limit),
            "partnerId": partner_id,
        },
    )


def value_get_op(type_id: int, value_id: int) -> Operation[VariationValue]:
    return _VALUE_GET.op({"typeId": type_id, "valueId": value_id})


def value_create_op(type_id: int, value: VariationValue) -> Operation[VariationValue]:
    return _VALUE_CREATE.op({"typeId": type_id}, json=_validate_value(value))


def value_update_op(
    type_id: int, value_id: int, value: VariationValue
) -> Operation[VariationValue]:
    return _VALUE_UPDATE.op({"typeId": type_id, "valueId": value_id}, json=_validate_value(value))


def value_delete_op(type_id: int, value_id: int) -> Operation[None]:
    return _VALUE_DELETE.op({"typeId": type_id, "valueId": value_id})


class Variations(SyncResource):
    def list(
        self,
        *,
        offset: int = 0,
        limit: int = 50,
        name: str | None = None,
        partner_id: str | None = None,
        sort: str | None = None,
    ) -> Page[VariationType]:
        """One page of variation types (with their values)."""
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
    ) -> Iterator[VariationType]:
        """Every variation type, lazily."""
        op = list_op(limit=limit, name=name, partner_id=partner_id, sort=sort)
        return self._client.iter_items(op, max_items=max_items)

    def get(self, type_id: int) -> VariationType:
        return self._client.send(get_op(type_id))

    def create(self, variation_type: VariationType) -> VariationType:
        """Create a type, optionally with its first ``values``."""
        return self._client.send(create_op(variation_type))

    def update(self, type_id: int, variation_type: VariationType) -> VariationType:
        """Update name, partner id and visual flag (values have their own routes)."""
        return self._client.send(update_op(type_id, variation_type))

    def delete(self, type_id: int) -> None:
        self._client.send(delete_op(type_id))

    def list_values(
        self, type_id: int, *, offset: int = 0, limit: int = 50, partner_id: str | None = None
    ) -> Page[VariationValue]:
        """One page of a type's values."""
        return self._client.send(
            values_op(type_id, offset=offset, limit=limit, partner_id=partner_id)
        )

    def iter_values(
        self,
        type_id: int,
        *,
        limit: int = 100,
        partner_id: str | None = None,
        max_items: int | None = None,
    ) -> Iterator[VariationValue]:
        """Every value of a type, lazily."""
        op = values_op(type_id, limit=limit, partner_id=partner_id)
        return self._client.iter_items(op, max_items=max_items)

    def get_value(self, type_id: int, value_id: int) -> VariationValue:
        return self._client.send(value_get_op(type_id, value_id))

    def create_value(self, type_id: int, value: VariationValue) -> VariationValue:
        return self._client.send(value_create_op(type_id, value))

    def update_value(self, type_id: int, value_id: int, value: VariationValue) -> VariationValue:
        return self._client.send(value_update_op(type_id, value_id, value))

    def delete_value(self, type_id: int, value_id: int) -> None:
        self._client.send(value_delete_op(type_id, value_id))

    def find_by_partner_id(self, partner_id: str) -> VariationType | None:
        """The variation type with this ERP code, or ``None``."""
        require_text("partner_id", partner_id)
        page = self._client.send(list_op(limit=100, partner_id=partner_id))
        return with_partner_id(page.items, partner_id)

    def find_by_name(self, name: str) -> VariationType | None:
        """The variation type with this name (case-insensitive), or ``None``."""
        require_text("name", name)
        for vt in self._client.iter_items(list_op(limit=100, name=name)):
            if same_name(vt, name):
                return vt
        return None


class AsyncVariations(AsyncResource):
    async def list(
        self,
        *,
        offset: int = 0,
        limit: int = 50,
        name: str | None = None,
        partner_id: str | None = None,
        sort: str | None = None,
    ) -> Page[VariationType]:
        """One page of variation types (with their values)."""
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
    ) -> AsyncIterator[VariationType]:
        """Every variation type, lazily (``async for``)."""
        op = list_op(limit=limit, name=name, partner_id=partner_id, sort=sort)
        return self._client.iter_items(op, max_items=max_items)

    async def get(self, type_id: int) -> VariationType:
        return await self._client.send(get_op(type_id))

    async def create(self, variation_type: VariationType) -> VariationType:
        """Create a type, optionally with its first ``values``."""
        return await self._client.send(create_op(variation_type))

    async def update(self, type_id: int, variation_type: VariationType) -> VariationType:
        """Update name, partner id and visual flag (values have their own routes)."""
        return await self._client.send(update_op(type_id, variation_type))

    async def delete(self, type_id: int) -> None:
        await self._client.send(delete_op(type_id))

    async def list_values(
        self, type_id: int, *, offset: int = 0, limit: int = 50, partner_id: str | None = None
    ) -> Page[VariationValue]:
        """One page of a type's values."""
        return await self._client.send(
            values_op(type_id, offset=offset, limit=limit, partner_id=partner_id)
        )

    def iter_values(
        self,
        type_id: int,
        *,
        limit: int = 100,
        partner_id: str | None = None,
        max_items: int | None = None,
    ) -> AsyncIterator[VariationValue]:
        """Every value of a type, lazily (``async for``)."""
        op = values_op(type_id, limit=limit, partner_id=partner_id)
        return self._client.iter_items(op, max_items=max_items)

    async def get_value(self, type_id: int, value_id: int) -> VariationValue:
        return await self._client.send(value_get_op(type_id, value_id))

    async def create_value(self, type_id: int, value: VariationValue) -> VariationValue:
        return await self._client.send(value_create_op(type_id, value))

    async def update_value(
        self, type_id: int, value_id: int, value: VariationValue
    ) -> VariationValue:
        return await self._client.send(value_update_op(type_id, value_id, value))

    async def delete_value(self, type_id: int, value_id: int) -> None:
        await self._client.send(value_delete_op(type_id, value_id))

    async def find_by_partner_id(self, partner_id: str) -> VariationType | None:
        """The variation type with this ERP code, or ``None``."""
        require_text("partner_id", partner_id)
        page = await self._client.send(list_op(limit=100, partner_id=partner_id))
        return with_partner_id(page.items, partner_id)

    async def find_by_name(self, name: str) -> VariationType | None:
        """The variation type with this name (case-insensitive), or ``None``."""
        require_text("name", name)
        async for vt in self._client.iter_items(list_op(limit=100, name=name)):
            if same_name(vt, name):
                return vt
        return None
