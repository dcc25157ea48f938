"""``FileSource``: an ``M2Source`` over exports on disk, and the bundled sample data.

A directory holds one file per entity, JSON or CSV, with M2 column names:

============================  ================  ============================================
file (``.json`` or ``.csv``)  model             columns
============================  ================  ============================================
``items``                     ``Item``          public (``m2_estoque_item``) + a few of ours
``variations``                ``ItemVariation`` our contract
``stock_balances``            ``StockBalance``  public (``m2_estoque_saldo_de_estoque``)
``warehouses``                ``Warehouse``     public + ``FULFILLMENT`` (ours)
``prices``                    ``PriceEntry``    our contract
``customers``                 ``Customer``      public (``m2_geral_clientes__fornecedores``)
``cities``                    ``City``          public (``m2_geral_cidades``)
``companies``                 ``Company``       public (``m2_geral_empresas``)
``branches``                  ``Branch``        public (``m2_geral_filiais``)
``invoices``                  ``Invoice``       our contract
``shipments``                 ``Shipment``      our contract
``deliveries``                ``Delivery``      our contract
============================  ================  ============================================

JSON files hold a list of rows or ``{"data": [...]}`` (what the extração API answers, so a
saved response works as it is). CSV files have a header row; the delimiter (``,``, ``;``, tab
or ``|``) is detected, decimal commas are read, and nested values (``ATRIBUTOS``) are JSON text
in the cell. An entity without a file yields nothing. Files are read when iterated.
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import AsyncIterator, Callable, Iterator
from datetime import datetime, tzinfo
from decimal import Decimal
from pathlib import Path
from typing import Any, Final, TypeVar

import anyio.to_thread

from ._columns import decode_row, resolve_zone
from ._contract import Delivery, Invoice, ItemVariation, PriceEntry, Shipment
from ._json import as_rows
from ._models import Branch, City, Company, Customer, Item, StockBalance, Warehouse
from .errors import M2DecodeError

__all__ = ["SAMPLE_DIR", "AsyncFileSource", "FileSource", "async_sample_source", "sample_source"]

T = TypeVar("T")

SAMPLE_DIR: Final = Path(__file__).resolve().parent / "sample"
"""The bundled sample export (JSON files shipped inside the package)."""

_DELIMITERS: Final = ",;\t|"


class FileSource:
    """An ``M2Source`` reading JSON/CSV exports with M2 column names from ``directory``.

    ``zone`` is the zone of dates without an offset (default ``America/Sao_Paulo``);
    ``strict=True`` rejects unknown columns instead of keeping them in ``extra``.
    """

    def __init__(
        self,
        directory: str | os.PathLike[str],
        *,
        zone: tzinfo | str | None = None,
        strict: bool = False,
        encoding: str = "utf-8-sig",
    ) -> None:
        path = Path(directory)
        if not path.is_dir():
            raise FileNotFoundError(f"not a directory: {path}")
        self.directory = path
        self.zone = resolve_zone(zone)
        self.strict = strict
        self.encoding = encoding

    def __repr__(self) -> str:
        return f"FileSource({str(self.directory)!r})"

    # -- raw rows ----------------------------------------------------------------------------

    def path_of(self, name: str) -> Path | None:
        """The file holding entity ``name`` (``items``, ``prices``, ...), or ``None``."""
        for suffix in (".json", ".csv"):
            candidate = self.directory / f"{name}{suffix}"
            if candidate.is_file():
                return candidate
        return None

    def rows(self, name: str) -> list[dict[str, Any]]:
        """The raw rows of entity ``name`` (``[]`` when there is no file)."""
        path = self.path_of(name)
        if path is None:
            return []
        if path.suffix == ".json":
            return self._json_rows(path)
        return self._csv_rows(path)

    def _json_rows(self, path: Path) -> list[dict[str, Any]]:
        try:
            body: Any = json.loads(path.read_text(encoding=self.encoding), parse_float=Decimal)
        except (ValueError, UnicodeDecodeError) as exc:
            raise M2DecodeError(path.stem, [f"not valid JSON: {exc}"], source=str(path)) from None
        rows = as_rows(body)
        if rows is None:
            raise M2DecodeError(
                path.stem, ['expected a list of rows or {"data": [...]}'], source=str(path)
            )
        return rows

    def _csv_rows(self, path: Path) -> list[dict[str, Any]]:
        try:
            text = path.read_text(encoding=self.encoding)
        except UnicodeDecodeError as exc:
            raise M2DecodeError(
                path.stem, [f"not {self.encoding} text: {exc}"], source=str(path)
            ) from None
        if not text.strip():
            return []
        header = text.lstrip().split("\n", 1)[0]
        delimiter = max(_DELIMITERS, key=header.count)
        reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
        rows: list[dict[str, Any]] = []
        for n, row in enumerate(reader):
            if None in row:
                raise M2DecodeError(
                    path.stem, ["more cells than header columns"], source=str(path), row=n
                )
            rows.append(dict(row))
        return rows

    def _read(self, cls: type[T], name: str) -> Iterator[T]:
        path = self.path_of(name)
        source = str(path) if path else name
        for n, row in enumerate(self.rows(name)):
            yield decode_row(cls, row, zone=self.zone, strict=self.strict, source=source, index=n)

    # -- M2Source ----------------------------------------------------------------------------

    def items(self, *, changed_since: datetime | None = None) -> Iterator[Item]:
        """Items changed at or after ``changed_since`` (items without a change date always)."""
        for item in self._read(Item, "items"):
            if changed_since is None or item.changed_at is None or item.changed_at >= changed_since:
                yield item

    def variations(self) -> Iterator[ItemVariation]:
        """Which items are variations of which parent."""
        return self._read(ItemVariation, "variations")

    def stock_balances(self) -> Iterator[StockBalance]:
        """Stock per company/branch/warehouse/item."""
        return self._read(StockBalance, "stock_balances")

    def warehouses(self) -> Iterator[Warehouse]:
        """Warehouses."""
        return self._read(Warehouse, "warehouses")

    def price_entries(self, *, table_id: int | None = None) -> Iterator[PriceEntry]:
        """Price entries, of one table when ``table_id`` is given."""
        for entry in self._read(PriceEntry, "prices"):
            if table_id is None or entry.table_id == table_id:
                yield entry

    def customers(self, *, changed_since: datetime | None = None) -> Iterator[Customer]:
        """Customers changed at or after ``changed_since``."""
        for c in self._read(Customer, "customers"):
            if changed_since is None or c.changed_at is None or c.changed_at >= changed_since:
                yield c

    def invoices(self, *, since: datetime | None = None) -> Iterator[Invoice]:
        """Invoices issued at or after ``since``."""
        for i in self._read(Invoice, "invoices"):
            if since is None or i.issued_at >= since:
                yield i

    def shipments(self, *, since: datetime | None = None) -> Iterator[Shipment]:
        """Shipments shipped at or after ``since``."""
        for s in self._read(Shipment, "shipments"):
            if since is None or s.shipped_at >= since:
                yield s

    def deliveries(self, *, since: datetime | None = None) -> Iterator[Delivery]:
        """Deliveries delivered at or after ``since``."""
        for d in self._read(Delivery, "deliveries"):
            if since is None or d.delivered_at >= since:
                yield d

    # -- beyond the protocol -------------------------------------------------------------------

    def cities(self) -> Iterator[City]:
        """Cities."""
        return self._read(City, "cities")

    def companies(self) -> Iterator[Company]:
        """Companies."""
        return self._read(Company, "companies")

    def branches(self) -> Iterator[Branch]:
        """Branches."""
        return self._read(Branch, "branches")


async def _offloaded(produce: Callable[[], Iterator[T]]) -> AsyncIterator[T]:
    """Read and decode the whole file in a worker thread, then hand the rows out."""
    for row in await anyio.to_thread.run_sync(lambda: list(produce())):
        yield row


class AsyncFileSource:
    """``FileSource`` for async hosts (an ``AsyncM2Source``): the same arguments and methods;
    each file is read and decoded in a worker thread (``anyio.to_thread``), so the event loop
    never waits on the disk."""

    def __init__(
        self,
        directory: str | os.PathLike[str],
        *,
        zone: tzinfo | str | None = None,
        strict: bool = False,
        encoding: str = "utf-8-sig",
    ) -> None:
        self.sync = FileSource(directory, zone=zone, strict=strict, encoding=encoding)

    def __repr__(self) -> str:
        return f"AsyncFileSource({str(self.sync.directory)!r})"

    def items(self, *, changed_since: datetime | None = None) -> AsyncIterator[Item]:
        """Items changed at or after ``changed_since``."""
        return _offloaded(lambda: self.sync.items(changed_since=changed_since))

    def variations(self) -> AsyncIterator[ItemVariation]:
        """Which items are variations of which parent."""
        return _offloaded(self.sync.variations)

    def stock_balances(self) -> AsyncIterator[StockBalance]:
        """Stock per company/branch/warehouse/item."""
        return _offloaded(self.sync.stock_balances)

    def warehouses(self) -> AsyncIterator[Warehouse]:
        """Warehouses."""
        return _offloaded(self.sync.warehouses)

    def price_entries(self, *, table_id: int | None = None) -> AsyncIterator[PriceEntry]:
        """Price entries, of one table when ``table_id`` is given."""
        return _offloaded(lambda: self.sync.price_entries(table_id=table_id))

    def customers(self, *, changed_since: datetime | None = None) -> AsyncIterator[Customer]:
        """Customers changed at or after ``changed_since``."""
        return _offloaded(lambda: self.sync.customers(changed_since=changed_since))

    def invoices(self, *, since: datetime | None = None) -> AsyncIterator[Invoice]:
        """Invoices issued at or after ``since``."""
        return _offloaded(lambda: self.sync.invoices(since=since))

    def shipments(self, *, since: datetime | None = None) -> AsyncIterator[Shipment]:
        """Shipments shipped at or after ``since``."""
        return _offloaded(lambda: self.sync.shipments(since=since))

    def deliveries(self, *, since: datetime | None = None) -> AsyncIterator[Delivery]:
        """Deliveries delivered at or after ``since``."""
        return _offloaded(lambda: self.sync.deliveries(since=since))

    def cities(self) -> AsyncIterator[City]:
        """Cities."""
        return _offloaded(self.sync.cities)

    def companies(self) -> AsyncIterator[Company]:
        """Companies."""
        return _offloaded(self.sync.companies)

    def branches(self) -> AsyncIterator[Branch]:
        """Branches."""
        return _offloaded(self.sync.branches)


def sample_source(*, zone: tzinfo | str | None = None, strict: bool = False) -> FileSource:
    """A ``FileSource`` on the bundled sample export: a small fictional Brazilian catalogue
    (a T-shirt in 3 colours x 3 sizes, a 110 V / 220 V blender, simple items including a
    blocked one, an inactive one and one with an invalid EAN), two warehouses plus a
    fulfillment one, stock, one price table, customers with CPF and CNPJ (valid check digits,
    fictional names), cities, the company and its branch. No invoices, shipments or
    deliveries: those follow orders."""
    return FileSource(SAMPLE_DIR, zone=zone, strict=strict)


def async_sample_source(
    *, zone: tzinfo | str | None = None, strict: bool = False
) -> AsyncFileSource:
    """``sample_source()`` for async hosts."""
    return AsyncFileSource(SAMPLE_DIR, zone=zone, strict=strict)
