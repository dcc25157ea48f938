"""M2 sources for the command line: a file export, or the extração API plus files.

``m2_adapter.m2`` has no ready ``M2Source`` over the extração API: that API publishes items,
stock balances, warehouses and customers, but not what is *our contract* (variations, price
tables, invoices, shipments, deliveries). ``ExtracaoSource`` reads the public reports from
the API and everything else from an optional file export (``FileSource``); without one,
those entities are empty.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from m2_adapter.m2 import (
    Customer,
    Delivery,
    ExtracaoClient,
    FileSource,
    Invoice,
    Item,
    ItemVariation,
    PriceEntry,
    Shipment,
    StockBalance,
    Warehouse,
)

__all__ = ["ExtracaoSource"]


class ExtracaoSource:
    """An ``M2Source``: public reports from ``client`` (``ExtracaoClient``), our-contract
    entities from ``files`` (or nothing). Closing it closes the client."""

    def __init__(self, client: ExtracaoClient, files: FileSource | None = None) -> None:
        self.client = client
        self.files = files

    def __repr__(self) -> str:
        return f"ExtracaoSource({self.client!r}, files={self.files!r})"

    # -- from the extração API -----------------------------------------------------------------

    def items(self, *, changed_since: datetime | None = None) -> Iterator[Item]:
        """Items (``m2_estoque_item``)."""
        return self.client.items(changed_since=changed_since)

    def stock_balances(self) -> Iterator[StockBalance]:
        """Stock balances of today (``m2_estoque_saldo_de_estoque``)."""
        return self.client.stock_balances()

    def warehouses(self) -> Iterator[Warehouse]:
        """Warehouses; the fulfillment flag is ours, so it comes from the files when they
        have a ``warehouses`` export, else from the API (never flagged: list fulfillment
        warehouses in ``mapping.fulfillment_warehouses``)."""
        if self.files is not None and self.files.path_of("warehouses") is not None:
            return self.files.warehouses()
        return self.client.warehouses()

    def customers(self, *, changed_since: datetime | None = None) -> Iterator[Customer]:
        """Customers (``m2_geral_clientes__fornecedores``)."""
        return self.client.customers(changed_since=changed_since)

    # -- our contract: from the files --------------------------------------------------------

    def variations(self) -> Iterator[ItemVariation]:
        return iter(()) if self.files is None else self.files.variations()

    def price_entries(self, *, table_id: int | None = None) -> Iterator[PriceEntry]:
        return iter(()) if self.files is None else self.files.price_entries(table_id=table_id)

    def invoices(self, *, since: datetime | None = None) -> Iterator[Invoice]:
        return iter(()) if self.files is None else self.files.invoices(since=since)

    def shipments(self, *, since: datetime | None = None) -> Iterator[Shipment]:
        return iter(()) if self.files is None else self.files.shipments(since=since)

    def deliveries(self, *, since: datetime | None = None) -> Iterator[Delivery]:
        return iter(()) if self.files is None else self.files.deliveries(since=since)

    def close(self) -> None:
        self.client.close()
