"""The seam between ``m2_adapter`` and M2: what a Useall service implements.

- ``M2Source`` reads M2: the catalogue (items, variations, prices), stock per warehouse,
  customers, and the invoices, shipments and deliveries to send back to ANYMARKET.
- ``M2OrderSink`` writes ANYMARKET orders into M2 as sales orders, **idempotently keyed by
  the ANYMARKET order id**: writing the same order twice (a retry, a re-delivered callback)
  returns the same M2 order number and never creates a second order.

Each has an async twin with the same methods (``AsyncM2Source``: async iterators;
``AsyncM2OrderSink``: coroutines). The flows take whichever matches their host. Bundled
implementations: ``FileSource`` / ``AsyncFileSource`` (exports on disk, the sample data),
``InMemoryOrderSink``, ``SqliteOrderSink`` and their async wrappers. ``ExtracaoClient`` reads
the public reports but is not a full source: prices, variations and the send-back entities
are not in the extração API.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable
from datetime import datetime
from typing import Protocol, runtime_checkable

from ._contract import (
    Delivery,
    Invoice,
    ItemVariation,
    OrderReceipt,
    OrderRecord,
    OrderStatus,
    PriceEntry,
    SalesOrder,
    Shipment,
)
from ._models import Customer, Item, StockBalance, Warehouse

__all__ = ["AsyncM2OrderSink", "AsyncM2Source", "M2OrderSink", "M2Source"]


@runtime_checkable
class M2Source(Protocol):
    """Reads M2. Every method returns the current state; ``changed_since`` / ``since`` narrow
    it when the source can (a source may return more, never less)."""

    def items(self, *, changed_since: datetime | None = None) -> Iterable[Item]:
        """Items (parents and variations alike), changed at or after ``changed_since``."""
        ...

    def variations(self) -> Iterable[ItemVariation]:
        """Which items are variations of which parent, with their attributes."""
        ...

    def stock_balances(self) -> Iterable[StockBalance]:
        """Stock per company/branch/warehouse/item."""
        ...

    def warehouses(self) -> Iterable[Warehouse]:
        """Warehouses, with the fulfillment ones marked."""
        ...

    def price_entries(self, *, table_id: int | None = None) -> Iterable[PriceEntry]:
        """Price-table entries (of one table when ``table_id`` is given)."""
        ...

    def customers(self, *, changed_since: datetime | None = None) -> Iterable[Customer]:
        """Customers, changed at or after ``changed_since``."""
        ...

    def invoices(self, *, since: datetime | None = None) -> Iterable[Invoice]:
        """Authorised NF-e of orders written through the sink, issued at or after ``since``."""
        ...

    def shipments(self, *, since: datetime | None = None) -> Iterable[Shipment]:
        """Dispatches with tracking, shipped at or after ``since``."""
        ...

    def deliveries(self, *, since: datetime | None = None) -> Iterable[Delivery]:
        """Deliveries, delivered at or after ``since``."""
        ...


@runtime_checkable
class AsyncM2Source(Protocol):
    """``M2Source`` for async hosts: each method is an async iterator."""

    def items(self, *, changed_since: datetime | None = None) -> AsyncIterator[Item]: ...
    def variations(self) -> AsyncIterator[ItemVariation]: ...
    def stock_balances(self) -> AsyncIterator[StockBalance]: ...
    def warehouses(self) -> AsyncIterator[Warehouse]: ...
    def price_entries(self, *, table_id: int | None = None) -> AsyncIterator[PriceEntry]: ...
    def customers(self, *, changed_since: datetime | None = None) -> AsyncIterator[Customer]: ...
    def invoices(self, *, since: datetime | None = None) -> AsyncIterator[Invoice]: ...
    def shipments(self, *, since: datetime | None = None) -> AsyncIterator[Shipment]: ...
    def deliveries(self, *, since: datetime | None = None) -> AsyncIterator[Delivery]: ...


@runtime_checkable
class M2OrderSink(Protocol):
    """Writes ANYMARKET orders into M2 as sales orders.

    Rules every implementation keeps (the bundled sinks are the reference):

    - ``write_order`` is idempotent by ``order.anymarket_order_id``: the first call creates
      the order and assigns the M2 order number; later calls return the same number. While
      the stored order is ``PENDING`` or ``OPEN`` a later call replaces its content (the
      marketplace corrected something) and may promote ``PENDING`` to ``OPEN``; once M2 has
      invoiced, shipped, delivered or cancelled it, the content is left alone.
    - An order is written whole or not at all: an invalid order raises
      ``InvalidOrderError`` and a failure mid-write leaves nothing behind.
    - ``CANCELED`` is final: ``cancel`` is idempotent, any other status change afterwards
      raises ``OrderStateError``. Unknown ids raise ``OrderNotFoundError``.
    """

    def write_order(
        self, order: SalesOrder, *, status: OrderStatus = OrderStatus.OPEN
    ) -> OrderReceipt:
        """Create or update the M2 order for ``order`` (``status``: PENDING or OPEN)."""
        ...

    def update_status(
        self, anymarket_order_id: str, status: OrderStatus, *, reason: str | None = None
    ) -> OrderRecord:
        """Move the order to ``status`` (no-op when it already is)."""
        ...

    def cancel(self, anymarket_order_id: str, *, reason: str | None = None) -> OrderRecord:
        """Cancel the order (idempotent)."""
        ...

    def find_by_anymarket_id(self, anymarket_order_id: str) -> OrderRecord | None:
        """The stored order, or ``None``."""
        ...


@runtime_checkable
class AsyncM2OrderSink(Protocol):
    """``M2OrderSink`` for async hosts: the same methods as coroutines."""

    async def write_order(
        self, order: SalesOrder, *, status: OrderStatus = OrderStatus.OPEN
    ) -> OrderReceipt: ...

    async def update_status(
        self, anymarket_order_id: str, status: OrderStatus, *, reason: str | None = None
    ) -> OrderRecord: ...

    async def cancel(
        self, anymarket_order_id: str, *, reason: str | None = None
    ) -> OrderRecord: ...

    async def find_by_anymarket_id(self, anymarket_order_id: str) -> OrderRecord | None: ...
