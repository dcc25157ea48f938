"""``client.warehouses``: stock locals ("locais de estoque", ``/stocks/locals``)."""

from __future__ import annotations

import builtins
from collections.abc import Iterable
from typing import Any, Final

import cattrs
import httpx

from .._core import Decoder, ListDecoder, ModelDecoder, Operation, require_text, route
from .._jsonutil import as_object
from ..errors import RequestValidationError
from ..models.stock import Warehouse, WarehouseDeletion, WarehouseEnvelope
from ._base import AsyncResource, SyncResource
from ._validate import only_fields

__all__ = ["AsyncWarehouses", "Warehouses"]


class _EnvelopedWarehouse(Decoder[Warehouse]):
    """``{"message": ..., "data": {warehouse}}`` -> the warehouse. A bare warehouse object
    is read too, in case the envelope is dropped."""

    model = WarehouseEnvelope

    def from_json(
        self, data: Any, conv: cattrs.Converter, request: httpx.Request | None
    ) -> Warehouse:
        body = as_object(data)
        if body is None:
            raise TypeError(f"expected a JSON object, got {type(data).__name__}")
        if "data" not in body:
            return conv.structure(body, Warehouse)
        envelope = conv.structure(body, WarehouseEnvelope)
        if envelope.data is None:
            raise ValueError("the answer's 'data' holds no warehouse")
        return envelope.data


_LIST = route("GET", "/stocks/locals", ListDecoder(Warehouse))
_CREATE = route("POST", "/stocks/locals", _EnvelopedWarehouse())
_GET = route("GET", "/stocks/locals/{id}", ModelDecoder(Warehouse))
_UPDATE = route("PUT", "/stocks/locals/{id}", _EnvelopedWarehouse())
_DELETE = route("DELETE", "/stocks/locals/{id}", ModelDecoder(WarehouseDeletion))

_SENT_FIELDS: Final = ("name", "virtual", "defaultLocal", "zipCode")
"""What POST/PUT take; ids, ``oi`` and priority points are ANYMARKET's."""


def _body(warehouse: Warehouse) -> dict[str, Any]:
    if not isinstance(warehouse, Warehouse):
        raise RequestValidationError(
            "warehouse", f"expected a Warehouse, got {type(warehouse).__name__}"
        )
    require_text("warehouse.name", warehouse.name, max_len=200)
    if warehouse.zip_code is not None:
        require_text("warehouse.zip_code", warehouse.zip_code)
    return only_fields(warehouse, _SENT_FIELDS)


def _check_id(warehouse_id: int) -> int:
    if isinstance(warehouse_id, bool) or not isinstance(warehouse_id, int) or warehouse_id <= 0:
        raise RequestValidationError(
            "warehouse_id", f"must be a positive integer, got {warehouse_id!r}"
        )
    return warehouse_id


def list_op() -> Operation[list[Warehouse]]:
    return _LIST.op()


def get_op(warehouse_id: int) -> Operation[Warehouse]:
    return _GET.op({"id": _check_id(warehouse_id)})


def create_op(warehouse: Warehouse) -> Operation[Warehouse]:
    return _CREATE.op(json=_body(warehouse))


def update_op(warehouse_id: int, warehouse: Warehouse) -> Operation[Warehouse]:
    return _UPDATE.op({"id": _check_id(warehouse_id)}, json=_body(warehouse))


def delete_op(warehouse_id: int) -> Operation[WarehouseDeletion]:
    return _DELETE.op({"id": _check_id(warehouse_id)})


def _named(warehouses: Iterable[Warehouse], name: str) -> Warehouse | None:
    """Names compare case-insensitively and ignoring surrounding blanks."""
    wanted = name.strip().casefold()
    return next(
        (w for w in warehouses if w.name is not None and w.name.strip().casefold() == wanted),
        None,
    )


def _default(warehouses: Iterable[Warehouse]) -> Warehouse | None:
    return next((w for w in warehouses if w.default_local), None)


class Warehouses(SyncResource):
    def list(self) -> builtins.list[Warehouse]:
        """Every warehouse of the account (ANYMARKET returns them unpaged)."""
        return self._client.send(list_op())

    def get(self, warehouse_id: int) -> Warehouse:
        return self._client.send(get_op(warehouse_id))

    def create(self, warehouse: Warehouse) -> Warehouse:
        """Create a warehouse (``name`` required, <= 200 characters); returns it with its id."""
        return self._client.send(create_op(warehouse))

    def update(self, warehouse_id: int, warehouse: Warehouse) -> Warehouse:
        """Replace name, virtual, default flag and zip code (PUT: send all you keep)."""
        return self._client.send(update_op(warehouse_id, warehouse))

    def delete(self, warehouse_id: int) -> WarehouseDeletion:
        return self._client.send(delete_op(warehouse_id))

    def find_by_name(self, name: str) -> Warehouse | None:
        """The warehouse with this name (case-insensitive), or ``None``."""
        require_text("name", name)
        return _named(self.list(), name)

    def find_default(self) -> Warehouse | None:
        """The default warehouse (where stock updates without ``stock_local_id`` go)."""
        return _default(self.list())


class AsyncWarehouses(AsyncResource):
    async def list(self) -> builtins.list[Warehouse]:
        """Every warehouse of the account (ANYMARKET returns them unpaged)."""
        return await self._client.send(list_op())

    async def get(self, warehouse_id: int) -> Warehouse:
        return await self._client.send(get_op(warehouse_id))

    async def create(self, warehouse: Warehouse) -> Warehouse:
        """Create a warehouse (``name`` required, <= 200 characters); returns it with its id."""
        return await self._client.send(create_op(warehouse))

    async def update(self, warehouse_id: int, warehouse: Warehouse) -> Warehouse:
        """Replace name, virtual, default flag and zip code (PUT: send all you keep)."""
        return await self._client.send(update_op(warehouse_id, warehouse))

    async def delete(self, warehouse_id: int) -> WarehouseDeletion:
        return await self._client.send(delete_op(warehouse_id))

    async def find_by_name(self, name: str) -> Warehouse | None:
        """The warehouse with this name (case-insensitive), or ``None``."""
        require_text("name", name)
        return _named(await self.list(), name)

    async def find_default(self) -> Warehouse | None:
        """The default warehouse (where stock updates without ``stock_local_id`` go)."""
        return _default(await self.list())
