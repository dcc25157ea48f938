"""Stock rows, stock updates, warehouses (stock locals), reservations and fulfillment stock
(``/stocks``, ``/stocks/locals``, ``/skus/{skuId}/stocks/reservation``)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import attrs

from ..types import OpenStrEnum
from ._base import extra_field, list_field, read_only
from .enums import Marketplace

__all__ = [
    "AccountOi",
    "FulfillmentStock",
    "ReservationPosition",
    "StockBatchEntry",
    "StockBatchResponse",
    "StockItem",
    "StockItemSku",
    "StockReservation",
    "StockUpdate",
    "StockUpdateFailure",
    "StockUpdateResult",
    "Warehouse",
    "WarehouseDeletion",
    "WarehouseEnvelope",
]


# --- warehouses ---------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class AccountOi:
    """The seller account identifier (``oi``) ANYMARKET attaches to a warehouse."""

    value: str | None = None
    extra: dict[str, Any] = extra_field()


@attrs.frozen(kw_only=True)
class Warehouse:
    """A stock local ("local de estoque"): where a SKU's stock is kept.

    ``name`` is required on create and update (<= 200 characters). ``default_local`` marks
    the warehouse stock updates go to when they name none. ``oi`` and ``priority_points``
    (multi-warehouse priority) come only inside stock rows and are never sent.
    """

    name: str | None = None
    id: int | None = None
    virtual: bool | None = None
    default_local: bool | None = None
    zip_code: str | None = None
    distributor: str | None = None
    oi: AccountOi | None = read_only()
    priority_points: int | None = read_only()
    extra: dict[str, Any] = extra_field()


@attrs.frozen(kw_only=True)
class WarehouseEnvelope:
    """``POST /stocks/locals`` and ``PUT /stocks/locals/{id}`` answer
    ``{"message": ..., "data": {warehouse}}``; the resource returns ``data``."""

    message: str | None = None
    data: Warehouse | None = None
    extra: dict[str, Any] = extra_field()


@attrs.frozen(kw_only=True)
class WarehouseDeletion:
    """``DELETE /stocks/locals/{id}`` answers 200 with ``{"message": ..., "data": <id>}``."""

    message: str | None = None
    data: int | None = None
    extra: dict[str, Any] = extra_field()

    @property
    def id(self) -> int | None:
        """The id of the removed warehouse."""
        return self.data


# --- stock rows ---------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class StockItemSku:
    """The SKU a stock row belongs to (``stockKeepingUnit``)."""

    id: int | None = None
    title: str | None = None
    partner_id: str | None = None
    extra: dict[str, Any] = extra_field()


@attrs.frozen(kw_only=True)
class StockItem:
    """One stock row: a SKU in one warehouse (``GET /stocks``).

    ``amount`` is the physical quantity, ``reservation_amount`` what orders hold and
    ``available_amount`` what can still be sold. ``price`` is the **cost price** (the same
    value stock updates send as ``cost``; also readable as ``.cost``). ``additional_time``
    is the crossdocking in days. ``last_stock_update`` is kept as the text ANYMARKET sends
    (the API types it as a string).
    """

    stock_keeping_unit: StockItemSku | None = None
    stock_local: Warehouse | None = None
    amount: Decimal | None = None
    reservation_amount: Decimal | None = None
    available_amount: Decimal | None = None
    price: Decimal | None = None
    active: bool | None = None
    additional_time: int | None = None
    last_stock_update: str | None = None
    sku_location_description: str | None = None
    is_kit: bool | None = None
    extra: dict[str, Any] = extra_field()

    @property
    def cost(self) -> Decimal | None:
        """The cost price (``price`` on the wire)."""
        return self.price

    @property
    def sku_id(self) -> int | None:
        return self.stock_keeping_unit.id if self.stock_keeping_unit else None

    @property
    def partner_id(self) -> str | None:
        """The SKU's ERP code."""
        return self.stock_keeping_unit.partner_id if self.stock_keeping_unit else None

    @property
    def stock_local_id(self) -> int | None:
        return self.stock_local.id if self.stock_local else None


class ReservationPosition(OpenStrEnum):
    """Where the order holding a reservation stands (pending, paid or invoiced)."""

    PENDING = "PENDING"
    PAID = "PAID"
    INVOICED = "INVOICED"


@attrs.frozen(kw_only=True)
class StockReservation:
    """Stock held by one marketplace order position (``GET /skus/{skuId}/stocks/reservation``)."""

    market_place: Marketplace | None = None
    reservation_position: ReservationPosition | None = None
    amount: Decimal | None = None
    stock_id: int | None = None
    extra: dict[str, Any] = extra_field()

    @property
    def marketplace(self) -> Marketplace | None:
        return self.market_place


def _doc_field() -> Any:
    # a CNPJ: kept out of repr so it does not end up in logs
    f: Any = attrs.field(default=None, repr=False)
    return f


def _snake(name: str) -> Any:
    f: Any = attrs.field(default=None, metadata={"wire": name})
    return f


@attrs.frozen(kw_only=True)
class FulfillmentStock:
    """Stock a marketplace keeps in one of its own distribution centres (fulfillment).

    Read-only for the seller: the marketplace reports it. ``sku`` is the SKU code in the
    marketplace, ``document`` the distribution centre's CNPJ (left out of ``repr``).
    ``fulfillment_available_stock`` = quantity - reserved. The wire names are snake_case.
    """

    sku: str | None = None
    document: str | None = _doc_field()
    description: str | None = None
    fulfillment_quantity_stock: Decimal | None = _snake("fulfillment_quantity_stock")
    fulfillment_reserved_stock: Decimal | None = _snake("fulfillment_reserved_stock")
    fulfillment_available_stock: Decimal | None = _snake("fulfillment_available_stock")
    extra: dict[str, Any] = extra_field()


# --- stock updates ------------------------------------------------------------------------


def _id_field() -> Any:
    f: Any = attrs.field(default=None, metadata={"wire": "id"})
    return f


@attrs.frozen(kw_only=True)
class StockUpdate:
    """One stock row to create or update: a SKU in one warehouse.

    Address the SKU by ``partner_id`` (its ERP code), by ``sku_id`` (ANYMARKET's SKU id,
    ``id`` on the wire), or both; at least one is required. ``stock_local_id`` names the
    warehouse; without it ANYMARKET uses the default warehouse.

    - ``quantity``: the absolute quantity in stock (>= 0); required to create a row.
    - ``cost``: the cost price (>= 0). With the COST price mode it drives the selling price.
    - ``additional_time``: crossdocking in days (>= 0); omitted keeps the current value.
    - ``sku_location_description``: where the SKU sits inside the warehouse.

    Fields left ``None`` are not sent. An update must set at least one of quantity, cost,
    additional time or location.
    """

    sku_id: int | None = _id_field()
    partner_id: str | None = None
    quantity: Decimal | None = None
    cost: Decimal | None = None
    additional_time: int | None = None
    stock_local_id: int | None = None
    sku_location_description: str | None = None


@attrs.frozen(kw_only=True)
class StockBatchEntry:
    """One entry of a ``{"success": ..., "errors": ...}`` stock answer.

    ANYMARKET documents these as a map from a SKU key to a message; ``key`` keeps that key
    (a partner id or a SKU id), and object-shaped entries fill ``sku_id``, ``partner_id``
    and ``stock_local_id`` when they carry them.
    """

    key: str | None = None
    sku_id: int | None = None
    partner_id: str | None = None
    stock_local_id: int | None = None
    message: str | None = None
    extra: dict[str, Any] = extra_field()


@attrs.frozen(kw_only=True)
class StockBatchResponse:
    """A 2xx stock-update answer that reports per-SKU outcomes."""

    success: list[StockBatchEntry] = list_field()
    errors: list[StockBatchEntry] = list_field()
    extra: dict[str, Any] = extra_field()


@attrs.frozen(kw_only=True)
class StockUpdateFailure:
    """An item ANYMARKET did not apply: the item, its position in the call's input, the
    server's message and the HTTP status of the answer that reported it (200 for an item
    listed under ``errors`` of a partial success, 400/422 when the whole chunk was refused)."""

    item: StockUpdate
    index: int
    message: str | None
    status_code: int


@attrs.frozen(kw_only=True)
class StockUpdateResult:
    """The outcome of a chunked stock push.

    - ``succeeded``: items ANYMARKET accepted (in input order).
    - ``failed``: items it refused, with message and status.
    - ``requests``: chunks sent and answered (retries not counted).
    - ``pending``: only on a result attached to an exception (see
      ``anymarket_sdk.resources.stocks.partial_result``): items whose outcome is unknown,
      i.e. the chunk whose request raised and every chunk after it (never sent).
    - ``unmatched_errors``: error entries of a partial answer that name no item of their
      chunk (kept so no server message is lost).
    """

    succeeded: list[StockUpdate] = list_field()
    failed: list[StockUpdateFailure] = list_field()
    requests: int = 0
    pending: list[StockUpdate] = list_field()
    unmatched_errors: list[StockBatchEntry] = list_field()

    @property
    def ok(self) -> bool:
        """True when every item was applied."""
        return not self.failed and not self.pending and not self.unmatched_errors

    @property
    def failed_items(self) -> list[StockUpdate]:
        return [f.item for f in self.failed]
