"""The ledger's logic, written once over a DB-API connection and a ``Dialect``.

``SqlLedger`` implements every operation of the ``Ledger`` protocol with the portable SQL
described in ``_dialect``; a backend (``SqliteLedger`` today, PostgreSQL later) supplies only
``_transaction`` (open a read or write transaction on its connection) and the driver's
exception classes. Each public write is exactly one transaction; each read at most one.
"""

from __future__ import annotations

import itertools
import json
import uuid
from abc import ABC, abstractmethod
from collections.abc import Callable, Generator, Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager
from datetime import datetime, timedelta
from enum import Enum
from typing import Any, Final, Protocol, TypeVar

import attrs

from anymarket_sdk.models import PriceTarget

from ._codec import (
    decimal_text,
    decode_opt_time,
    decode_time,
    encode_time,
    fingerprint,
    name_key,
    opt_decimal_text,
    opt_text_decimal,
    system_now,
    text_decimal,
)
from ._dialect import Dialect
from ._records import (
    DEFAULT_STOCK_LOCAL,
    CatalogueEntry,
    CatalogueKind,
    OrderEntry,
    OrderState,
    PriceRecord,
    PushFailure,
    Reservation,
    ReserveOutcome,
    RunEntry,
    RunOutcome,
    SnapshotRecord,
    StockRecord,
    TransitionRecord,
    TransitionState,
    WorkItem,
    WorkState,
    parse_target_key,
    target_key,
)
from ._schema import MIGRATIONS, Migration, migrate
from .errors import LedgerConflictError, LedgerError, LedgerNotFoundError, LedgerStateError

__all__ = ["DEFAULT_BATCH_SIZE", "DEFAULT_LEASE", "SqlLedger", "Tx"]

T = TypeVar("T")

DEFAULT_BATCH_SIZE: Final = 500
"""Records compared per snapshot read in ``stock_delta`` / ``price_delta``."""
DEFAULT_LEASE: Final = timedelta(minutes=5)
"""How long a claimed work item stays with its worker before another may take it."""


class Cursor(Protocol):
    """The part of a DB-API 2.0 cursor the ledger uses."""

    @property
    def rowcount(self) -> int: ...
    def execute(self, sql: str, parameters: Sequence[Any] = ..., /) -> object: ...
    def executemany(self, sql: str, seq_of_parameters: Iterable[Sequence[Any]], /) -> object: ...
    def fetchone(self) -> Any: ...
    def fetchall(self) -> list[Any]: ...


class Tx:
    """One open transaction: runs the ledger's SQL with the dialect's placeholders."""

    def __init__(self, cursor: Cursor, dialect: Dialect) -> None:
        self._cursor = cursor
        self._dialect = dialect

    def run(self, sql: str, params: Sequence[Any] = (), *, in_size: int = 0) -> int:
        """Execute one statement; the number of rows it changed."""
        self._cursor.execute(self._dialect.sql(sql, in_size), tuple(params))
        return self._cursor.rowcount

    def many(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        self._cursor.executemany(self._dialect.sql(sql), (tuple(r) for r in rows))

    def one(
        self, sql: str, params: Sequence[Any] = (), *, in_size: int = 0
    ) -> tuple[Any, ...] | None:
        self._cursor.execute(self._dialect.sql(sql, in_size), tuple(params))
        row = self._cursor.fetchone()
        return None if row is None else tuple(row)

    def all(
        self, sql: str, params: Sequence[Any] = (), *, in_size: int = 0
    ) -> list[tuple[Any, ...]]:
        self._cursor.execute(self._dialect.sql(sql, in_size), tuple(params))
        return [tuple(r) for r in self._cursor.fetchall()]


# --- small helpers ------------------------------------------------------------------------


def _chunks(items: Iterable[T], size: int) -> Iterator[list[T]]:
    it = iter(items)
    while chunk := list(itertools.islice(it, size)):
        yield chunk


def _text(value: object, what: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{what} must be a non-empty string, got {value!r}")
    return value


def _opt_text(value: object, what: str) -> str | None:
    return None if value is None else _text(value, what)


def _status_text(status: object) -> str:
    value = status.value if isinstance(status, Enum) else status
    return _text(value, "status")


def _positive_int(value: object, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise ValueError(f"{what} must be a positive int, got {value!r}")
    return value


def _stock_values(record: StockRecord) -> tuple[str, str | None, int | None]:
    return (decimal_text(record.quantity), opt_decimal_text(record.cost), record.additional_time)


def _price_values(record: PriceRecord) -> tuple[str, str | None]:
    return (decimal_text(record.price), opt_decimal_text(record.sell_price))


def _check_records(records: Iterable[object]) -> tuple[list[StockRecord], list[PriceRecord]]:
    stock: list[StockRecord] = []
    prices: list[PriceRecord] = []
    for record in records:
        if isinstance(record, StockRecord):
            stock.append(record)
        elif isinstance(record, PriceRecord):
            prices.append(record)
        else:
            raise TypeError(f"expected StockRecord or PriceRecord, got {type(record).__name__}")
    return stock, prices


@attrs.frozen(kw_only=True)
class _OrderRow:
    """An ``orders`` row as stored (times as text)."""

    anymarket_order_id: str
    state: OrderState
    m2_order_number: str | None
    reason: str | None
    held_from: OrderState | None
    partner_id_written_at: str | None
    created_at: str
    updated_at: str


_SELECT_ORDER: Final = (
    "SELECT anymarket_order_id, state, m2_order_number, reason, held_from, "
    "partner_id_written_at, created_at, updated_at FROM orders "
)
_SELECT_WORK: Final = (
    "SELECT queue, item_key, payload, state, attempts, revision, next_attempt_at, claimed_by, "
    "lease_until, last_error, created_at, updated_at FROM work_items "
    "WHERE account = ? AND queue = ? AND item_key = ?"
)
_SELECT_RUNS: Final = (
    "SELECT run_id, flow, outcome, started_at, finished_at, counters, error FROM runs "
)
_SELECT_CATALOGUE: Final = (
    "SELECT kind, local_key, anymarket_id, partner_id, name, parent_key, updated_at "
    "FROM catalogue_ids WHERE account = ? AND kind = ? "
)
_SELECT_TRANSITIONS: Final = (
    "SELECT anymarket_order_id, status, fingerprint, state, reserved_at, sent_at "
    "FROM transitions WHERE account = ? "
)
_FIND_BY: Final = {
    "local_key": _SELECT_CATALOGUE + "AND local_key = ? ORDER BY local_key LIMIT 1",
    "anymarket_id": _SELECT_CATALOGUE + "AND anymarket_id = ? ORDER BY local_key LIMIT 1",
    "partner_id": _SELECT_CATALOGUE + "AND partner_id = ? ORDER BY local_key LIMIT 1",
    "name_key": _SELECT_CATALOGUE + "AND name_key = ? ORDER BY local_key LIMIT 1",
}
_PENDING_ORDERS: Final = (
    "SELECT anymarket_order_id, state, m2_order_number, reason, held_from, "
    "partner_id_written_at, created_at, updated_at FROM orders o "
    "WHERE account = ? AND (state IN (?*) OR (state = ? AND EXISTS ("
    "SELECT 1 FROM order_tokens t WHERE t.account = o.account "
    "AND t.anymarket_order_id = o.anymarket_order_id AND t.acked_at IS NULL))) "
    "ORDER BY created_at, anymarket_order_id"
)
# A work item is free to take when it is due and ready, or claimed with an expired lease.
# The UPDATE repeats the condition, so of two workers racing for one row only one gets it
# (rowcount 1); on PostgreSQL the second UPDATE waits for the row lock, then re-checks.
_CLAIMABLE: Final = (
    "SELECT item_key FROM work_items WHERE account = ? AND queue = ? "
    "AND ((state = 'ready' AND next_attempt_at <= ?) OR (state = 'claimed' AND lease_until <= ?)) "
    "ORDER BY next_attempt_at, item_key LIMIT ?"
)
_CLAIM: Final = (
    "UPDATE work_items SET state = 'claimed', claimed_by = ?, lease_until = ?, "
    "claimed_revision = revision, attempts = attempts + 1, updated_at = ? "
    "WHERE account = ? AND queue = ? AND item_key = ? "
    "AND ((state = 'ready' AND next_attempt_at <= ?) OR (state = 'claimed' AND lease_until <= ?))"
)

# Pending work: everything before ACKED, plus canceled orders with feed items to acknowledge.
_WORKING_STATES: Final = (
    OrderState.RECEIVED,
    OrderState.IMPORTED,
    OrderState.PARTNER_ID_WRITTEN,
    OrderState.UPDATED,
)
_ACKABLE_STATES: Final = (
    OrderState.PARTNER_ID_WRITTEN,
    OrderState.ACKED,
    OrderState.CANCELED,
    OrderState.HELD,
)
_HOLDABLE_STATES: Final = (*_WORKING_STATES, OrderState.HELD)


class SqlLedger(ABC):
    """Every ledger operation over portable SQL; see ``Ledger`` for the contract.

    Subclasses provide ``_transaction`` and set ``_driver_error`` / ``_integrity_error`` to
    the driver's exception classes; ``_open`` runs the migrations.
    """

    _driver_error: type[Exception] = Exception
    _integrity_error: type[Exception] = Exception

    def __init__(
        self,
        *,
        dialect: Dialect,
        account: str = "default",
        now: Callable[[], datetime] | None = None,
    ) -> None:
        self.account = _text(account, "account")
        self.dialect = dialect
        self._now: Callable[[], datetime] = now or system_now

    # -- plumbing ------------------------------------------------------------------------------

    @abstractmethod
    def _transaction(self, *, write: bool) -> AbstractContextManager[Tx]:
        """Open a transaction on the backend: committed when the block ends normally, rolled
        back when it raises."""

    @contextmanager
    def _tx(self, *, write: bool) -> Generator[Tx]:
        try:
            with self._transaction(write=write) as tx:
                yield tx
        except LedgerError:
            raise
        except self._integrity_error as exc:
            raise LedgerConflictError(f"constraint violated: {exc}") from exc
        except self._driver_error as exc:
            raise LedgerError(f"{self.dialect.name} error: {exc}") from exc

    def _write(self) -> AbstractContextManager[Tx]:
        return self._tx(write=True)

    def _read(self) -> AbstractContextManager[Tx]:
        return self._tx(write=False)

    def _stamp(self) -> str:
        return encode_time(self._now(), "now()")

    def _open(self, migrations: Sequence[Migration] = MIGRATIONS) -> None:
        with self._write() as tx:
            migrate(tx, self._now, migrations)

    def _batch(self, batch_size: int, reserved: int = 2) -> int:
        """A batch size that fits the dialect's parameter limit."""
        if isinstance(batch_size, bool) or not isinstance(batch_size, int) or batch_size < 1:
            raise ValueError(f"batch_size must be a positive int, got {batch_size!r}")
        return min(batch_size, self.dialect.max_params - reserved)

    def schema_version(self) -> int:
        """The schema version of the database (the last migration applied)."""
        with self._read() as tx:
            row = tx.one("SELECT MAX(version) FROM schema_version")
        return int(row[0]) if row is not None and row[0] is not None else 0

    # -- 1. stock/price snapshots ------------------------------------------------------------------

    def stock_delta(
        self, records: Iterable[StockRecord], *, batch_size: int = DEFAULT_BATCH_SIZE
    ) -> Iterator[StockRecord]:
        """The records of ``records`` that must be pushed: never pushed, different from the
        last successful push, or with a failure pending. Streams: reads the snapshot
        ``batch_size`` records at a time, holds no transaction between batches."""
        size = self._batch(batch_size)
        for chunk in _chunks(records, size):
            for record in chunk:
                if not isinstance(record, StockRecord):
                    raise TypeError(f"expected StockRecord, got {type(record).__name__}")
            skus = sorted({r.sku_partner_id for r in chunk})
            with self._read() as tx:
                rows = tx.all(
                    "SELECT sku_partner_id, stock_local_id, quantity, cost, additional_time, "
                    "pushed_at, failed_reason FROM stock_snapshots "
                    "WHERE account = ? AND sku_partner_id IN (?*)",
                    (self.account, *skus),
                    in_size=len(skus),
                )
            stored = {
                (sku, int(local)): (pushed is not None and failed is None, (q, c, t))
                for sku, local, q, c, t, pushed, failed in rows
            }
            for record in chunk:
                clean, values = stored.get(record.key, (False, None))
                if not clean or values != _stock_values(record):
                    yield record

    def price_delta(
        self, records: Iterable[PriceRecord], *, batch_size: int = DEFAULT_BATCH_SIZE
    ) -> Iterator[PriceRecord]:
        """``stock_delta`` for prices: keyed by (SKU, target)."""
        size = self._batch(batch_size)
        for chunk in _chunks(records, size):
            for record in chunk:
                if not isinstance(record, PriceRecord):
                    raise TypeError(f"expected PriceRecord, got {type(record).__name__}")
            skus = sorted({r.sku_partner_id for r in chunk})
            with self._read() as tx:
                rows = tx.all(
                    "SELECT sku_partner_id, target, price, sell_price, pushed_at, failed_reason "
                    "FROM price_snapshots WHERE account = ? AND sku_partner_id IN (?*)",
                    (self.account, *skus),
                    in_size=len(skus),
                )
            stored = {
                (sku, target): (pushed is not None and failed is None, (p, s))
                for sku, target, p, s, pushed, failed in rows
            }
            for record in chunk:
                clean, values = stored.get(record.key, (False, None))
                if not clean or values != _price_values(record):
                    yield record

    def record_pushed(self, records: Iterable[SnapshotRecord]) -> int:
        """Store ``records`` as successfully pushed (clearing their failures), in one
        transaction; how many were stored."""
        stock, prices = _check_records(records)
        if not stock and not prices:
            return 0
        at = self._stamp()
        with self._write() as tx:
            tx.many(
                "INSERT INTO stock_snapshots (account, sku_partner_id, stock_local_id, quantity, "
                "cost, additional_time, pushed_at, failed_reason, failed_at, failures) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, NULL, NULL, 0) "
                "ON CONFLICT (account, sku_partner_id, stock_local_id) DO UPDATE SET "
                "quantity = excluded.quantity, cost = excluded.cost, "
                "additional_time = excluded.additional_time, pushed_at = excluded.pushed_at, "
                "failed_reason = NULL, failed_at = NULL, failures = 0",
                [(self.account, *r.key, *_stock_values(r), at) for r in stock],
            )
            tx.many(
                "INSERT INTO price_snapshots (account, sku_partner_id, target, price, "
                "sell_price, pushed_at, failed_reason, failed_at, failures) "
                "VALUES (?, ?, ?, ?, ?, ?, NULL, NULL, 0) "
                "ON CONFLICT (account, sku_partner_id, target) DO UPDATE SET "
                "price = excluded.price, sell_price = excluded.sell_price, "
                "pushed_at = excluded.pushed_at, failed_reason = NULL, failed_at = NULL, "
                "failures = 0",
                [(self.account, *r.key, *_price_values(r), at) for r in prices],
            )
        return len(stock) + len(prices)

    def mark_failed(self, records: SnapshotRecord | Iterable[SnapshotRecord], reason: str) -> int:
        """Record that pushing ``records`` (one or many) failed: the last successful value is
        kept and the next delta yields them again until ``record_pushed``. How many."""
        reason = _text(reason, "reason")
        many: Iterable[object] = (
            [records] if isinstance(records, StockRecord | PriceRecord) else records
        )
        stock, prices = _check_records(many)
        at = self._stamp()
        with self._write() as tx:
            tx.many(
                "INSERT INTO stock_snapshots (account, sku_partner_id, stock_local_id, "
                "failed_reason, failed_at, failures) VALUES (?, ?, ?, ?, ?, 1) "
                "ON CONFLICT (account, sku_partner_id, stock_local_id) DO UPDATE SET "
                "failed_reason = excluded.failed_reason, failed_at = excluded.failed_at, "
                "failures = stock_snapshots.failures + 1",
                [(self.account, *r.key, reason, at) for r in stock],
            )
            tx.many(
                "INSERT INTO price_snapshots (account, sku_partner_id, target, "
                "failed_reason, failed_at, failures) VALUES (?, ?, ?, ?, ?, 1) "
                "ON CONFLICT (account, sku_partner_id, target) DO UPDATE SET "
                "failed_reason = excluded.failed_reason, failed_at = excluded.failed_at, "
                "failures = price_snapshots.failures + 1",
                [(self.account, *r.key, reason, at) for r in prices],
            )
        return len(stock) + len(prices)

    def push_failures(self) -> list[PushFailure]:
        """Every stock and price push still failing, oldest failure first."""
        with self._read() as tx:
            stock = tx.all(
                "SELECT sku_partner_id, stock_local_id, failed_reason, failures, failed_at "
                "FROM stock_snapshots WHERE account = ? AND failed_reason IS NOT NULL",
                (self.account,),
            )
            prices = tx.all(
                "SELECT sku_partner_id, target, failed_reason, failures, failed_at "
                "FROM price_snapshots WHERE account = ? AND failed_reason IS NOT NULL",
                (self.account,),
            )
        out = [
            PushFailure(
                sku_partner_id=sku,
                stock_local_id=int(local) or None,
                reason=reason,
                failures=int(n),
                failed_at=decode_time(at),
            )
            for sku, local, reason, n, at in stock
        ]
        for sku, key, reason, n, at in prices:
            target, ad_id = parse_target_key(key)
            out.append(
                PushFailure(
                    sku_partner_id=sku,
                    target=target,
                    ad_id=ad_id,
                    reason=reason,
                    failures=int(n),
                    failed_at=decode_time(at),
                )
            )
        out.sort(key=lambda f: (f.failed_at, f.sku_partner_id, f.stock_local_id or 0))
        return out

    def pushed_stock(
        self, sku_partner_id: str, stock_local_id: int | None = None
    ) -> StockRecord | None:
        """The last stock ANYMARKET accepted for the SKU in the warehouse, or ``None``."""
        sku = _text(sku_partner_id, "sku_partner_id")
        local = (
            DEFAULT_STOCK_LOCAL
            if stock_local_id is None
            else _positive_int(stock_local_id, "stock_local_id")
        )
        with self._read() as tx:
            row = tx.one(
                "SELECT quantity, cost, additional_time FROM stock_snapshots WHERE account = ? "
                "AND sku_partner_id = ? AND stock_local_id = ? AND pushed_at IS NOT NULL",
                (self.account, sku, local),
            )
        if row is None:
            return None
        quantity, cost, additional_time = row
        return StockRecord(
            sku_partner_id=sku,
            stock_local_id=stock_local_id,
            quantity=text_decimal(quantity),
            cost=opt_text_decimal(cost),
            additional_time=None if additional_time is None else int(additional_time),
        )

    def pushed_price(
        self, sku_partner_id: str, target: PriceTarget, *, ad_id: int | None = None
    ) -> PriceRecord | None:
        """The last price ANYMARKET accepted for the SKU and target, or ``None``."""
        sku = _text(sku_partner_id, "sku_partner_id")
        key = target_key(target, ad_id)
        with self._read() as tx:
            row = tx.one(
                "SELECT price, sell_price FROM price_snapshots WHERE account = ? "
                "AND sku_partner_id = ? AND target = ? AND pushed_at IS NOT NULL",
                (self.account, sku, key),
            )
        if row is None:
            return None
        return PriceRecord(
            sku_partner_id=sku,
            target=target,
            ad_id=ad_id,
            price=text_decimal(row[0]),
            sell_price=opt_text_decimal(row[1]),
        )

    def forget_pushed(self, sku_partner_id: str | None = None) -> int:
        """Drop the snapshots (and failures) of one SKU, or of every SKU when ``None``: the
        next delta pushes them all again (after a SKU was recreated in ANYMARKET, or for a
        full resync). How many rows were dropped."""
        with self._write() as tx:
            if sku_partner_id is None:
                params: tuple[str, ...] = (self.account,)
                n = tx.run("DELETE FROM stock_snapshots WHERE account = ?", params)
                n += tx.run("DELETE FROM price_snapshots WHERE account = ?", params)
            else:
                params = (self.account, _text(sku_partner_id, "sku_partner_id"))
                n = tx.run(
                    "DELETE FROM stock_snapshots WHERE account = ? AND sku_partner_id = ?", params
                )
                n += tx.run(
                    "DELETE FROM price_snapshots WHERE account = ? AND sku_partner_id = ?", params
                )
        return n

    # -- 2. catalogue id map ---------------------------------------------------------------

    @staticmethod
    def _catalogue_entry(row: tuple[Any, ...]) -> CatalogueEntry:
        kind, local_key, anymarket_id, partner_id, name, parent_key, updated_at = row
        return CatalogueEntry(
            kind=CatalogueKind(kind),
            local_key=local_key,
            anymarket_id=int(anymarket_id),
            partner_id=partner_id,
            name=name,
            parent_key=parent_key,
            updated_at=decode_time(updated_at),
        )

    def remember_id(
        self,
        kind: CatalogueKind,
        local_key: str,
        anymarket_id: int,
        *,
        partner_id: str | None = None,
        name: str | None = None,
        parent_key: str | None = None,
    ) -> CatalogueEntry:
        """Map the M2 code ``local_key`` to ``anymarket_id`` (idempotent).

        ``partner_id``, ``name`` and ``parent_key`` given replace the stored ones; ``None``
        keeps them. Raises ``LedgerConflictError`` when the code is mapped to another id
        (``forget_id`` first), or when a product/SKU id already belongs to another code.
        """
        kind = CatalogueKind(kind)
        local_key = _text(local_key, "local_key")
        anymarket_id = _positive_int(anymarket_id, "anymarket_id")
        partner_id = _opt_text(partner_id, "partner_id")
        name = _opt_text(name, "name")
        parent_key = _opt_text(parent_key, "parent_key")
        at = self._stamp()
        select = _FIND_BY["local_key"]
        key = (self.account, kind.value, local_key)
        with self._write() as tx:
            row = tx.one(select, key)
            if row is not None and int(row[2]) != anymarket_id:
                raise LedgerConflictError(
                    f"{kind} {local_key!r} is mapped to {row[2]}, not {anymarket_id} "
                    "(forget_id it first if the ANYMARKET entity was replaced)"
                )
            if kind.exclusive:
                other = tx.one(
                    "SELECT local_key FROM catalogue_ids WHERE account = ? AND kind = ? "
                    "AND anymarket_id = ? AND local_key <> ?",
                    (self.account, kind.value, anymarket_id, local_key),
                )
                if other is not None:
                    raise LedgerConflictError(
                        f"{kind} id {anymarket_id} already belongs to {other[0]!r}, "
                        f"not {local_key!r}"
                    )
            if row is None:
                tx.run(
                    "INSERT INTO catalogue_ids (account, kind, local_key, anymarket_id, "
                    "partner_id, name, name_key, parent_key, updated_at) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        *key,
                        anymarket_id,
                        partner_id,
                        name,
                        None if name is None else name_key(name),
                        parent_key,
                        at,
                    ),
                )
            else:
                new = (
                    partner_id if partner_id is not None else row[3],
                    name if name is not None else row[4],
                    parent_key if parent_key is not None else row[5],
                )
                if new != row[3:6]:
                    tx.run(
                        "UPDATE catalogue_ids SET partner_id = ?, name = ?, name_key = ?, "
                        "parent_key = ?, updated_at = ? "
                        "WHERE account = ? AND kind = ? AND local_key = ?",
                        (
                            new[0],
                            new[1],
                            None if new[1] is None else name_key(new[1]),
                            new[2],
                            at,
                            *key,
                        ),
                    )
            stored = tx.one(select, key)
        assert stored is not None
        return self._catalogue_entry(stored)

    def find_id(
        self,
        kind: CatalogueKind,
        *,
        local_key: str | None = None,
        anymarket_id: int | None = None,
        partner_id: str | None = None,
        name: str | None = None,
    ) -> CatalogueEntry | None:
        """The entry found by exactly one of ``local_key``, ``anymarket_id``, ``partner_id``
        or ``name`` (case and spacing ignored); the first by ``local_key`` when several
        match (a brand id named twice in M2); ``None`` when none does."""
        kind = CatalogueKind(kind)
        given = [
            (column, value)
            for column, value in (
                ("local_key", local_key),
                ("anymarket_id", anymarket_id),
                ("partner_id", partner_id),
                ("name_key", None if name is None else name_key(_text(name, "name"))),
            )
            if value is not None
        ]
        if len(given) != 1:
            raise ValueError(
                "find_id takes exactly one of local_key, anymarket_id, partner_id, name"
            )
        column, value = given[0]
        with self._read() as tx:
            row = tx.one(_FIND_BY[column], (self.account, kind.value, value))
        return None if row is None else self._catalogue_entry(row)

    def find_ids(self, kind: CatalogueKind, local_keys: Iterable[str]) -> dict[str, CatalogueEntry]:
        """The entries of the codes in ``local_keys`` that are mapped (batched reads)."""
        kind = CatalogueKind(kind)
        out: dict[str, CatalogueEntry] = {}
        size = self._batch(DEFAULT_BATCH_SIZE)
        for chunk in _chunks(sorted({_text(k, "local_key") for k in local_keys}), size):
            with self._read() as tx:
                rows = tx.all(
                    _SELECT_CATALOGUE + "AND local_key IN (?*)",
                    (self.account, kind.value, *chunk),
                    in_size=len(chunk),
                )
            for row in rows:
                entry = self._catalogue_entry(row)
                out[entry.local_key] = entry
        return out

    def forget_id(self, kind: CatalogueKind, local_key: str) -> bool:
        """Drop a mapping (the ANYMARKET entity was deleted); whether there was one."""
        kind = CatalogueKind(kind)
        with self._write() as tx:
            n = tx.run(
                "DELETE FROM catalogue_ids WHERE account = ? AND kind = ? AND local_key = ?",
                (self.account, kind.value, _text(local_key, "local_key")),
            )
        return n > 0

    # -- 3. orders -------------------------------------------------------------------------

    def _order_row(self, tx: Tx, anymarket_order_id: str) -> _OrderRow | None:
        row = tx.one(
            _SELECT_ORDER + "WHERE account = ? AND anymarket_order_id = ?",
            (self.account, anymarket_order_id),
        )
        return None if row is None else self._decode_order(row)

    @staticmethod
    def _decode_order(row: tuple[Any, ...]) -> _OrderRow:
        oid, state, number, reason, held_from, written, created, updated = row
        return _OrderRow(
            anymarket_order_id=oid,
            state=OrderState(state),
            m2_order_number=number,
            reason=reason,
            held_from=None if held_from is None else OrderState(held_from),
            partner_id_written_at=written,
            created_at=created,
            updated_at=updated,
        )

    def _require_order(self, tx: Tx, anymarket_order_id: str) -> _OrderRow:
        row = self._order_row(tx, anymarket_order_id)
        if row is None:
            raise LedgerNotFoundError(f"order {anymarket_order_id!r} is not in the ledger")
        return row

    def _pending_tokens(self, tx: Tx, anymarket_order_id: str) -> tuple[str, ...]:
        rows = tx.all(
            "SELECT token FROM order_tokens WHERE account = ? AND anymarket_order_id = ? "
            "AND acked_at IS NULL ORDER BY seen_at, token",
            (self.account, anymarket_order_id),
        )
        return tuple(r[0] for r in rows)

    @staticmethod
    def _entry(row: _OrderRow, tokens: tuple[str, ...]) -> OrderEntry:
        return OrderEntry(
            anymarket_order_id=row.anymarket_order_id,
            state=row.state,
            m2_order_number=row.m2_order_number,
            reason=row.reason,
            held_from=row.held_from,
            partner_id_written=row.partner_id_written_at is not None,
            pending_tokens=tokens,
            created_at=decode_time(row.created_at),
            updated_at=decode_time(row.updated_at),
        )

    def _save_order(self, tx: Tx, old: _OrderRow, new: _OrderRow) -> _OrderRow:
        if new == old:
            return old
        new = attrs.evolve(new, updated_at=self._stamp())
        tx.run(
            "UPDATE orders SET state = ?, m2_order_number = ?, reason = ?, held_from = ?, "
            "partner_id_written_at = ?, updated_at = ? "
            "WHERE account = ? AND anymarket_order_id = ?",
            (
                new.state.value,
                new.m2_order_number,
                new.reason,
                None if new.held_from is None else new.held_from.value,
                new.partner_id_written_at,
                new.updated_at,
                self.account,
                new.anymarket_order_id,
            ),
        )
        return new

    def _finish_order(self, tx: Tx, row: _OrderRow) -> OrderEntry:
        return self._entry(row, self._pending_tokens(tx, row.anymarket_order_id))

    def begin_order(self, anymarket_order_id: str, token: str | None = None) -> OrderEntry:
        """Note an order seen in the feed (``token``: the feed item's token) or found by
        reconciliation (no token). New orders start ``RECEIVED``; a new token for an
        imported order makes it ``UPDATED``; a token seen before changes nothing."""
        oid = _text(anymarket_order_id, "anymarket_order_id")
        token = _opt_text(token, "token")
        at = self._stamp()
        with self._write() as tx:
            new_token = False
            if token is not None:
                seen = tx.one(
                    "SELECT anymarket_order_id FROM order_tokens WHERE account = ? AND token = ?",
                    (self.account, token),
                )
                if seen is not None and seen[0] != oid:
                    raise LedgerConflictError(
                        f"feed token {token!r} belongs to order {seen[0]!r}, not {oid!r}"
                    )
                new_token = seen is None
            row = self._order_row(tx, oid)
            if row is None:
                tx.run(
                    "INSERT INTO orders (account, anymarket_order_id, state, created_at, "
                    "updated_at) VALUES (?, ?, ?, ?, ?)",
                    (self.account, oid, OrderState.RECEIVED.value, at, at),
                )
                row = self._require_order(tx, oid)
            elif new_token:
                if row.state in (
                    OrderState.IMPORTED,
                    OrderState.PARTNER_ID_WRITTEN,
                    OrderState.ACKED,
                ):
                    row = self._save_order(tx, row, attrs.evolve(row, state=OrderState.UPDATED))
                elif row.state is OrderState.HELD and row.held_from in (
                    OrderState.IMPORTED,
                    OrderState.PARTNER_ID_WRITTEN,
                ):
                    row = self._save_order(tx, row, attrs.evolve(row, held_from=OrderState.UPDATED))
            if new_token:
                tx.run(
                    "INSERT INTO order_tokens (account, token, anymarket_order_id, seen_at) "
                    "VALUES (?, ?, ?, ?)",
                    (self.account, token, oid, at),
                )
            return self._finish_order(tx, row)

    def mark_imported(self, anymarket_order_id: str, m2_order_number: str) -> OrderEntry:
        """The M2 sink holds the order as ``m2_order_number`` (``RECEIVED``/``UPDATED`` ->
        ``IMPORTED``; idempotent once imported with the same number)."""
        oid = _text(anymarket_order_id, "anymarket_order_id")
        number = _text(m2_order_number, "m2_order_number")
        with self._write() as tx:
            row = self._require_order(tx, oid)
            if row.state in (OrderState.HELD, OrderState.CANCELED):
                raise LedgerStateError(f"order {oid!r} is {row.state}: it cannot be imported")
            if row.m2_order_number is not None and row.m2_order_number != number:
                raise LedgerConflictError(
                    f"order {oid!r} was imported as M2 order {row.m2_order_number!r}, "
                    f"not {number!r}"
                )
            other = tx.one(
                "SELECT anymarket_order_id FROM orders WHERE account = ? "
                "AND m2_order_number = ? AND anymarket_order_id <> ?",
                (self.account, number, oid),
            )
            if other is not None:
                raise LedgerConflictError(
                    f"M2 order {number!r} already belongs to order {other[0]!r}"
                )
            if row.state in (OrderState.RECEIVED, OrderState.UPDATED):
                row = self._save_order(
                    tx, row, attrs.evolve(row, state=OrderState.IMPORTED, m2_order_number=number)
                )
            return self._finish_order(tx, row)

    def mark_partner_id_written(self, anymarket_order_id: str) -> OrderEntry:
        """The M2 number is on the ANYMARKET order (``IMPORTED`` -> ``PARTNER_ID_WRITTEN``,
        or straight to ``ACKED`` when no feed item waits for acknowledgement)."""
        oid = _text(anymarket_order_id, "anymarket_order_id")
        with self._write() as tx:
            row = self._require_order(tx, oid)
            if row.state in (OrderState.PARTNER_ID_WRITTEN, OrderState.ACKED):
                return self._finish_order(tx, row)
            if row.state is not OrderState.IMPORTED:
                raise LedgerStateError(
                    f"order {oid!r} is {row.state}: the M2 number is written back only after "
                    "mark_imported"
                )
            tokens = self._pending_tokens(tx, oid)
            state = OrderState.PARTNER_ID_WRITTEN if tokens else OrderState.ACKED
            row = self._save_order(
                tx,
                row,
                attrs.evolve(
                    row,
                    state=state,
                    partner_id_written_at=row.partner_id_written_at or self._stamp(),
                ),
            )
            return self._entry(row, tokens)

    def mark_acked(self, token: str) -> OrderEntry:
        """The feed item ``token`` was acknowledged. Allowed once the M2 number is written
        back (and for held or canceled orders, which the ledger remembers); the order becomes
        ``ACKED`` when no other token waits."""
        token = _text(token, "token")
        with self._write() as tx:
            seen = tx.one(
                "SELECT anymarket_order_id, acked_at FROM order_tokens "
                "WHERE account = ? AND token = ?",
                (self.account, token),
            )
            if seen is None:
                raise LedgerNotFoundError(f"feed token {token!r} is not in the ledger")
            oid, acked_at = seen
            row = self._require_order(tx, oid)
            if acked_at is not None:
                return self._finish_order(tx, row)
            if row.state not in _ACKABLE_STATES:
                raise LedgerStateError(
                    f"order {oid!r} is {row.state}: acknowledge its feed item only after the "
                    "M2 number is written back (or hold it)"
                )
            tx.run(
                "UPDATE order_tokens SET acked_at = ? WHERE account = ? AND token = ?",
                (self._stamp(), self.account, token),
            )
            tokens = self._pending_tokens(tx, oid)
            if row.state is OrderState.PARTNER_ID_WRITTEN and not tokens:
                row = self._save_order(tx, row, attrs.evolve(row, state=OrderState.ACKED))
            return self._entry(row, tokens)

    def mark_canceled(self, anymarket_order_id: str, reason: str | None = None) -> OrderEntry:
        """The order is canceled (final; idempotent, the first reason is kept). Its pending
        feed tokens still need ``mark_acked``."""
        oid = _text(anymarket_order_id, "anymarket_order_id")
        reason = _opt_text(reason, "reason")
        with self._write() as tx:
            row = self._require_order(tx, oid)
            if row.state is not OrderState.CANCELED:
                row = self._save_order(
                    tx,
                    row,
                    attrs.evolve(row, state=OrderState.CANCELED, reason=reason, held_from=None),
                )
            return self._finish_order(tx, row)

    def hold(self, anymarket_order_id: str, reason: str) -> OrderEntry:
        """Park the order for a person (an unknown SKU, invalid data): ``pending_orders``
        skips it until ``release_hold``. Holding a held order updates the reason."""
        oid = _text(anymarket_order_id, "anymarket_order_id")
        reason = _text(reason, "reason")
        with self._write() as tx:
            row = self._require_order(tx, oid)
            if row.state not in _HOLDABLE_STATES:
                raise LedgerStateError(f"order {oid!r} is {row.state}: it cannot be held")
            held_from = row.held_from if row.state is OrderState.HELD else row.state
            row = self._save_order(
                tx,
                row,
                attrs.evolve(row, state=OrderState.HELD, reason=reason, held_from=held_from),
            )
            return self._finish_order(tx, row)

    def release_hold(self, anymarket_order_id: str) -> OrderEntry:
        """Return a held order to the state it was held in (no-op when not held)."""
        oid = _text(anymarket_order_id, "anymarket_order_id")
        with self._write() as tx:
            row = self._require_order(tx, oid)
            if row.state is OrderState.HELD:
                assert row.held_from is not None
                state = row.held_from
                if state is OrderState.PARTNER_ID_WRITTEN and not self._pending_tokens(tx, oid):
                    state = OrderState.ACKED
                row = self._save_order(
                    tx, row, attrs.evolve(row, state=state, reason=None, held_from=None)
                )
            return self._finish_order(tx, row)

    def order(self, anymarket_order_id: str) -> OrderEntry | None:
        """The order's entry, or ``None``."""
        oid = _text(anymarket_order_id, "anymarket_order_id")
        with self._read() as tx:
            row = self._order_row(tx, oid)
            return None if row is None else self._finish_order(tx, row)

    def order_by_m2_number(self, m2_order_number: str) -> OrderEntry | None:
        """The order imported as ``m2_order_number``, or ``None``."""
        number = _text(m2_order_number, "m2_order_number")
        with self._read() as tx:
            found = tx.one(
                _SELECT_ORDER + "WHERE account = ? AND m2_order_number = ?",
                (self.account, number),
            )
            return None if found is None else self._finish_order(tx, self._decode_order(found))

    def _entries(self, tx: Tx, found: list[tuple[Any, ...]]) -> list[OrderEntry]:
        """Entries for ``orders`` rows, their pending tokens read in batches."""
        rows = [self._decode_order(r) for r in found]
        tokens: dict[str, list[str]] = {}
        size = self._batch(DEFAULT_BATCH_SIZE)
        for chunk in _chunks([r.anymarket_order_id for r in rows], size):
            for oid, token in tx.all(
                "SELECT anymarket_order_id, token FROM order_tokens WHERE account = ? "
                "AND acked_at IS NULL AND anymarket_order_id IN (?*) ORDER BY seen_at, token",
                (self.account, *chunk),
                in_size=len(chunk),
            ):
                tokens.setdefault(oid, []).append(token)
        return [self._entry(r, tuple(tokens.get(r.anymarket_order_id, ()))) for r in rows]

    def pending_orders(self, *, include_held: bool = False) -> list[OrderEntry]:
        """Orders with work left, oldest first: not yet ``ACKED``, or canceled with feed
        items to acknowledge (held ones only with ``include_held``). What a restarted
        process resumes from."""
        states = [s.value for s in _WORKING_STATES]
        if include_held:
            states.append(OrderState.HELD.value)
        with self._read() as tx:
            found = tx.all(
                _PENDING_ORDERS,
                (self.account, *states, OrderState.CANCELED.value),
                in_size=len(states),
            )
            return self._entries(tx, found)

    def held_orders(self) -> list[OrderEntry]:
        """Orders waiting for a person, oldest first."""
        with self._read() as tx:
            found = tx.all(
                _SELECT_ORDER + "WHERE account = ? AND state = ? "
                "ORDER BY created_at, anymarket_order_id",
                (self.account, OrderState.HELD.value),
            )
            return self._entries(tx, found)

    # -- 4. transitions --------------------------------------------------------------------

    @staticmethod
    def _transition(row: tuple[Any, ...]) -> TransitionRecord:
        oid, status, fp, state, reserved_at, sent_at = row
        return TransitionRecord(
            anymarket_order_id=oid,
            status=status,
            fingerprint=fp,
            state=TransitionState(state),
            reserved_at=decode_time(reserved_at),
            sent_at=decode_opt_time(sent_at),
        )

    def _transition_row(self, tx: Tx, oid: str, status: str) -> tuple[Any, ...] | None:
        return tx.one(
            _SELECT_TRANSITIONS + "AND anymarket_order_id = ? AND status = ?",
            (self.account, oid, status),
        )

    def reserve_transition(
        self, anymarket_order_id: str, status: str, payload: object
    ) -> Reservation:
        """Before sending ``status`` for the order: ``GO`` (reserved for you: send, then
        ``record_sent``), ``ALREADY_SENT`` (never send again) or ``IN_DOUBT`` (an earlier
        attempt did not confirm: check the order in ANYMARKET first)."""
        oid = _text(anymarket_order_id, "anymarket_order_id")
        st = _status_text(status)
        fp = fingerprint(payload)
        with self._write() as tx:
            row = self._transition_row(tx, oid, st)
            if row is None:
                tx.run(
                    "INSERT INTO transitions (account, anymarket_order_id, status, fingerprint, "
                    "state, reserved_at) VALUES (?, ?, ?, ?, ?, ?)",
                    (self.account, oid, st, fp, TransitionState.RESERVED.value, self._stamp()),
                )
                row = self._transition_row(tx, oid, st)
                assert row is not None
                return Reservation(outcome=ReserveOutcome.GO, record=self._transition(row))
        record = self._transition(row)
        outcome = (
            ReserveOutcome.ALREADY_SENT
            if record.state is TransitionState.SENT
            else ReserveOutcome.IN_DOUBT
        )
        return Reservation(outcome=outcome, record=record)

    def record_sent(
        self, anymarket_order_id: str, status: str, payload: object
    ) -> TransitionRecord:
        """ANYMARKET accepted ``status`` for the order with ``payload`` (confirms a
        reservation, or records directly). Idempotent: the first confirmation is kept."""
        oid = _text(anymarket_order_id, "anymarket_order_id")
        st = _status_text(status)
        fp = fingerprint(payload)
        at = self._stamp()
        with self._write() as tx:
            row = self._transition_row(tx, oid, st)
            if row is None:
                tx.run(
                    "INSERT INTO transitions (account, anymarket_order_id, status, fingerprint, "
                    "state, reserved_at, sent_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (self.account, oid, st, fp, TransitionState.SENT.value, at, at),
                )
            elif row[3] == TransitionState.RESERVED.value:
                tx.run(
                    "UPDATE transitions SET state = ?, fingerprint = ?, sent_at = ? "
                    "WHERE account = ? AND anymarket_order_id = ? AND status = ?",
                    (TransitionState.SENT.value, fp, at, self.account, oid, st),
                )
            row = self._transition_row(tx, oid, st)
        assert row is not None
        return self._transition(row)

    def abandon_transition(self, anymarket_order_id: str, status: str) -> bool:
        """Drop a reservation that was not sent (ANYMARKET refused it for good, or a check
        showed it never arrived); whether there was one. A sent transition cannot be
        abandoned (``LedgerStateError``)."""
        oid = _text(anymarket_order_id, "anymarket_order_id")
        st = _status_text(status)
        with self._write() as tx:
            row = self._transition_row(tx, oid, st)
            if row is None:
                return False
            if row[3] == TransitionState.SENT.value:
                raise LedgerStateError(f"{st} was already sent for order {oid!r}")
            tx.run(
                "DELETE FROM transitions WHERE account = ? AND anymarket_order_id = ? "
                "AND status = ? AND state = ?",
                (self.account, oid, st, TransitionState.RESERVED.value),
            )
            return True

    def already_sent(self, anymarket_order_id: str, status: str) -> bool:
        """Whether ANYMARKET accepted ``status`` for the order."""
        record = self.sent_transition(anymarket_order_id, status)
        return record is not None and record.state is TransitionState.SENT

    def sent_transition(self, anymarket_order_id: str, status: str) -> TransitionRecord | None:
        """The stored record (reserved or sent), or ``None``."""
        oid = _text(anymarket_order_id, "anymarket_order_id")
        st = _status_text(status)
        with self._read() as tx:
            row = self._transition_row(tx, oid, st)
        return None if row is None else self._transition(row)

    def transitions_in_doubt(self) -> list[TransitionRecord]:
        """Reservations never confirmed nor abandoned, oldest first: to check on resume."""
        with self._read() as tx:
            rows = tx.all(
                _SELECT_TRANSITIONS
                + "AND state = ? ORDER BY reserved_at, anymarket_order_id, status",
                (self.account, TransitionState.RESERVED.value),
            )
        return [self._transition(r) for r in rows]

    # -- 5. work queue -----------------------------------------------------------------------

    @staticmethod
    def _work_item(row: tuple[Any, ...]) -> WorkItem:
        return WorkItem(
            queue=row[0],
            key=row[1],
            payload=row[2],
            state=WorkState(row[3]),
            attempts=int(row[4]),
            revision=int(row[5]),
            next_attempt_at=decode_time(row[6]),
            claimed_by=row[7],
            lease_until=decode_opt_time(row[8]),
            last_error=row[9],
            created_at=decode_time(row[10]),
            updated_at=decode_time(row[11]),
        )

    def _work_row(self, tx: Tx, queue: str, key: str) -> tuple[Any, ...] | None:
        return tx.one(_SELECT_WORK, (self.account, queue, key))

    def enqueue(
        self, queue: str, key: str, payload: str = "", *, not_before: datetime | None = None
    ) -> WorkItem:
        """Add work under an idempotency key. The same key and payload again changes nothing
        (whatever the state); a new payload replaces the old one and makes the item ready
        again (a claim in progress is then completed back to ``READY``)."""
        queue = _text(queue, "queue")
        key = _text(key, "key")
        if not isinstance(payload, str):
            raise TypeError(f"payload must be a str (JSON text, say), got {type(payload).__name__}")
        at = self._stamp()
        due = at if not_before is None else encode_time(not_before, "not_before")
        with self._write() as tx:
            row = self._work_row(tx, queue, key)
            if row is None:
                tx.run(
                    "INSERT INTO work_items (account, queue, item_key, payload, state, attempts, "
                    "revision, next_attempt_at, created_at, updated_at) "
                    "VALUES (?, ?, ?, ?, ?, 0, 1, ?, ?, ?)",
                    (self.account, queue, key, payload, WorkState.READY.value, due, at, at),
                )
            elif row[2] != payload:
                if row[3] == WorkState.CLAIMED.value:
                    tx.run(
                        "UPDATE work_items SET payload = ?, revision = revision + 1, "
                        "updated_at = ? WHERE account = ? AND queue = ? AND item_key = ?",
                        (payload, at, self.account, queue, key),
                    )
                else:
                    tx.run(
                        "UPDATE work_items SET payload = ?, revision = revision + 1, state = ?, "
                        "attempts = 0, next_attempt_at = ?, last_error = NULL, updated_at = ? "
                        "WHERE account = ? AND queue = ? AND item_key = ?",
                        (payload, WorkState.READY.value, due, at, self.account, queue, key),
                    )
            row = self._work_row(tx, queue, key)
        assert row is not None
        return self._work_item(row)

    def claim(
        self, queue: str, worker: str, *, limit: int = 1, lease: timedelta = DEFAULT_LEASE
    ) -> list[WorkItem]:
        """Take up to ``limit`` due items for ``worker`` (``READY`` with ``next_attempt_at``
        reached, or ``CLAIMED`` with an expired lease), oldest due first. Each claim counts
        an attempt. Every row is taken by a conditional ``UPDATE`` that re-checks it is still
        free, so two workers never hold the same item."""
        queue = _text(queue, "queue")
        worker = _text(worker, "worker")
        if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
            raise ValueError(f"limit must be a positive int, got {limit!r}")
        if not isinstance(lease, timedelta) or lease <= timedelta(0):
            raise ValueError(f"lease must be a positive timedelta, got {lease!r}")
        now = self._now()
        at = encode_time(now, "now()")
        until = encode_time(now + lease)
        claimed: list[WorkItem] = []
        with self._write() as tx:
            candidates = tx.all(_CLAIMABLE, (self.account, queue, at, at, limit))
            for (key,) in candidates:
                taken = tx.run(_CLAIM, (worker, until, at, self.account, queue, key, at, at))
                if taken == 1:
                    row = self._work_row(tx, queue, key)
                    assert row is not None
                    claimed.append(self._work_item(row))
        return claimed

    def _release_claim(
        self,
        queue: str,
        key: str,
        worker: str,
        *,
        done: bool,
        error: str | None,
        retry_at: datetime | None,
    ) -> WorkItem:
        queue = _text(queue, "queue")
        key = _text(key, "key")
        worker = _text(worker, "worker")
        retry = None if retry_at is None else encode_time(retry_at, "retry_at")
        at = self._stamp()
        with self._write() as tx:
            row = tx.one(
                "SELECT state, claimed_by, revision, claimed_revision, attempts, next_attempt_at "
                "FROM work_items WHERE account = ? AND queue = ? AND item_key = ?",
                (self.account, queue, key),
            )
            if row is None:
                raise LedgerNotFoundError(f"no work item {key!r} in queue {queue!r}")
            state, by, revision, claimed_revision, attempts, due = row
            if state != WorkState.CLAIMED.value or by != worker:
                raise LedgerStateError(
                    f"work item {key!r} is not claimed by {worker!r} (lease lost?)"
                )
            if revision != claimed_revision:
                # a new payload arrived while this worker held the old one: do it again
                new_state, attempts, due = WorkState.READY, 0, at
            elif done:
                new_state = WorkState.DONE
            elif retry is None:
                new_state = WorkState.DEAD
            else:
                new_state, due = WorkState.READY, retry
            tx.run(
                "UPDATE work_items SET state = ?, attempts = ?, next_attempt_at = ?, "
                "claimed_by = NULL, lease_until = NULL, claimed_revision = NULL, "
                "last_error = ?, updated_at = ? "
                "WHERE account = ? AND queue = ? AND item_key = ?",
                (new_state.value, attempts, due, error, at, self.account, queue, key),
            )
            stored = self._work_row(tx, queue, key)
        assert stored is not None
        return self._work_item(stored)

    def complete(self, queue: str, key: str, worker: str) -> WorkItem:
        """``worker`` finished the item: ``DONE`` (or ``READY`` again if its payload changed
        meanwhile). ``LedgerStateError`` when the worker no longer holds it."""
        return self._release_claim(queue, key, worker, done=True, error=None, retry_at=None)

    def fail(
        self, queue: str, key: str, worker: str, error: str, *, retry_at: datetime | None = None
    ) -> WorkItem:
        """``worker`` failed the item: ``READY`` again at ``retry_at``, or ``DEAD`` without
        one (the caller owns the backoff and the attempt limit: ``item.attempts``)."""
        return self._release_claim(
            queue, key, worker, done=False, error=_text(error, "error"), retry_at=retry_at
        )

    def work_item(self, queue: str, key: str) -> WorkItem | None:
        """The item, or ``None``."""
        with self._read() as tx:
            row = self._work_row(tx, _text(queue, "queue"), _text(key, "key"))
        return None if row is None else self._work_item(row)

    def queue_counts(self, queue: str) -> dict[WorkState, int]:
        """How many items of ``queue`` are in each state (every state present)."""
        with self._read() as tx:
            rows = tx.all(
                "SELECT state, COUNT(*) FROM work_items WHERE account = ? AND queue = ? "
                "GROUP BY state",
                (self.account, _text(queue, "queue")),
            )
        counts = dict.fromkeys(WorkState, 0)
        for state, n in rows:
            counts[WorkState(state)] = int(n)
        return counts

    def purge_done(self, queue: str, *, before: datetime) -> int:
        """Delete ``DONE`` items last updated before ``before``; how many."""
        with self._write() as tx:
            return tx.run(
                "DELETE FROM work_items WHERE account = ? AND queue = ? AND state = ? "
                "AND updated_at < ?",
                (
                    self.account,
                    _text(queue, "queue"),
                    WorkState.DONE.value,
                    encode_time(before, "before"),
                ),
            )

    # -- 6. run log and checkpoints --------------------------------------------------------

    @staticmethod
    def _run(row: tuple[Any, ...]) -> RunEntry:
        run_id, flow, outcome, started, finished, counters, error = row
        return RunEntry(
            run_id=run_id,
            flow=flow,
            outcome=RunOutcome(outcome),
            started_at=decode_time(started),
            finished_at=decode_opt_time(finished),
            counters={str(k): int(v) for k, v in json.loads(counters).items()},
            error=error,
        )

    def start_run(self, flow: str, *, run_id: str | None = None) -> str:
        """Log the start of a flow run; its id (a new random one unless given; starting a
        given id again returns it unchanged)."""
        flow = _text(flow, "flow")
        run_id = uuid.uuid4().hex if run_id is None else _text(run_id, "run_id")
        with self._write() as tx:
            row = tx.one(
                "SELECT flow FROM runs WHERE account = ? AND run_id = ?", (self.account, run_id)
            )
            if row is None:
                tx.run(
                    "INSERT INTO runs (account, run_id, flow, outcome, started_at, counters) "
                    "VALUES (?, ?, ?, ?, ?, ?)",
                    (self.account, run_id, flow, RunOutcome.RUNNING.value, self._stamp(), "{}"),
                )
            elif row[0] != flow:
                raise LedgerConflictError(f"run {run_id!r} belongs to flow {row[0]!r}")
        return run_id

    def finish_run(
        self,
        run_id: str,
        *,
        ok: bool = True,
        counters: Mapping[str, int] | None = None,
        error: str | None = None,
    ) -> RunEntry:
        """Log the end of a run with its counters (idempotent: a finished run is kept)."""
        run_id = _text(run_id, "run_id")
        data = {str(k): int(v) for k, v in (counters or {}).items()}
        outcome = RunOutcome.OK if ok else RunOutcome.FAILED
        select = _SELECT_RUNS + "WHERE account = ? AND run_id = ?"
        with self._write() as tx:
            row = tx.one(select, (self.account, run_id))
            if row is None:
                raise LedgerNotFoundError(f"run {run_id!r} is not in the ledger")
            if row[2] == RunOutcome.RUNNING.value:
                tx.run(
                    "UPDATE runs SET outcome = ?, finished_at = ?, counters = ?, error = ? "
                    "WHERE account = ? AND run_id = ?",
                    (
                        outcome.value,
                        self._stamp(),
                        json.dumps(data, sort_keys=True),
                        _opt_text(error, "error"),
                        self.account,
                        run_id,
                    ),
                )
                row = tx.one(select, (self.account, run_id))
                assert row is not None
        return self._run(row)

    def runs(self, *, flow: str | None = None, limit: int = 20) -> list[RunEntry]:
        """The latest runs, newest first (of one flow when given)."""
        if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
            raise ValueError(f"limit must be a positive int, got {limit!r}")
        newest = " ORDER BY started_at DESC, run_id DESC LIMIT ?"
        with self._read() as tx:
            if flow is None:
                rows = tx.all(_SELECT_RUNS + "WHERE account = ?" + newest, (self.account, limit))
            else:
                rows = tx.all(
                    _SELECT_RUNS + "WHERE account = ? AND flow = ?" + newest,
                    (self.account, _text(flow, "flow"), limit),
                )
        return [self._run(r) for r in rows]

    def checkpoint(self, name: str) -> str | None:
        """A named value kept between runs (a reconciliation window's end, say), or ``None``."""
        with self._read() as tx:
            row = tx.one(
                "SELECT value FROM checkpoints WHERE account = ? AND name = ?",
                (self.account, _text(name, "name")),
            )
        return None if row is None else str(row[0])

    def set_checkpoint(self, name: str, value: str) -> None:
        """Store a named value (replacing the previous one)."""
        if not isinstance(value, str):
            raise TypeError(f"value must be a str, got {type(value).__name__}")
        with self._write() as tx:
            tx.run(
                "INSERT INTO checkpoints (account, name, value, updated_at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (account, name) DO UPDATE SET value = excluded.value, "
                "updated_at = excluded.updated_at",
                (self.account, _text(name, "name"), value, self._stamp()),
            )
