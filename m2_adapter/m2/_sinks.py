"""Reference ``M2OrderSink`` implementations: in memory, and SQLite (stdlib ``sqlite3``).

Both follow the rules in ``M2OrderSink``'s docstring through the same two pure decisions
(``_decide_write``, ``_decide_status``); they differ only in where the state lives.

``SqliteOrderSink`` keeps one row per order in ``m2_sales_orders`` (``anymarket_order_id``
UNIQUE, the M2 order number an ``AUTOINCREMENT`` key, so a number is never reused) and its
lines in ``m2_sales_order_items``. Every call is one ``BEGIN IMMEDIATE`` transaction on its own
connection: concurrent writers (threads or processes) queue on SQLite's write lock, a retry can
never create a second order, and a failure or a killed process mid-write leaves nothing (the
journal rolls the transaction back).

The async twins wrap a sync sink: ``AsyncSqliteOrderSink`` runs each call in a worker thread
(``anyio.to_thread.run_sync``), so the event loop never waits on the disk;
``AsyncInMemoryOrderSink`` runs inline (a few dictionary operations under a lock).
"""

from __future__ import annotations

import functools
import json
import os
import sqlite3
import threading
from collections.abc import Callable, Generator
from contextlib import contextmanager
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, Final, TypeVar

import anyio.to_thread
import attrs

from anymarket_sdk import Clock, SystemClock

from ._columns import decode_row, encode_row
from ._contract import (
    OrderItem,
    OrderReceipt,
    OrderRecord,
    OrderStatus,
    SalesOrder,
    order_problems,
)
from .errors import InvalidOrderError, OrderNotFoundError, OrderSinkError, OrderStateError

__all__ = [
    "AsyncInMemoryOrderSink",
    "AsyncSqliteOrderSink",
    "InMemoryOrderSink",
    "SqliteOrderSink",
]

T = TypeVar("T")

_WRITABLE: Final = (OrderStatus.PENDING, OrderStatus.OPEN)


# --- the shared rules (pure) --------------------------------------------------------------------


def _payload(order: SalesOrder) -> str:
    """The order as canonical JSON (M2 column names): stored, and compared to detect change."""
    return json.dumps(encode_row(order), sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def _check_write(order: SalesOrder, status: OrderStatus) -> str:
    """Validate before anything is written; return the payload."""
    if not isinstance(order, SalesOrder):
        raise TypeError(f"expected a SalesOrder, got {type(order).__name__}")
    if status not in _WRITABLE:
        raise ValueError(
            f"write_order takes status PENDING or OPEN, got {status}; "
            "use update_status()/cancel() for the rest"
        )
    problems = order_problems(order)
    if problems:
        raise InvalidOrderError(order.anymarket_order_id, problems)
    return _payload(order)


def _decide_write(
    stored: OrderStatus, stored_payload: str, payload: str, status: OrderStatus
) -> tuple[OrderStatus, bool]:
    """(status to keep, whether anything changes) for a re-written order.

    Content changes only while the order is PENDING/OPEN; the status never goes back from
    OPEN to PENDING; an invoiced, shipped, delivered or cancelled order is left alone.
    """
    if not stored.editable:
        return stored, False
    new_status = OrderStatus.OPEN if OrderStatus.OPEN in (stored, status) else OrderStatus.PENDING
    return new_status, new_status != stored or payload != stored_payload


def _decide_status(anymarket_order_id: str, current: OrderStatus, target: OrderStatus) -> bool:
    """Whether moving ``current`` to ``target`` changes anything; raises if not allowed."""
    if not isinstance(target, OrderStatus):
        raise TypeError(f"status must be an OrderStatus, got {target!r}")
    if current == target:
        return False
    if current == OrderStatus.CANCELED:
        raise OrderStateError(
            f"order {anymarket_order_id!r} is CANCELED: it cannot become {target}"
        )
    return True


def _now(clock: Clock) -> datetime:
    return datetime.fromtimestamp(clock.time(), UTC)


def _check_id(anymarket_order_id: str) -> str:
    if not isinstance(anymarket_order_id, str) or not anymarket_order_id.strip():
        raise ValueError("anymarket_order_id is required")
    return anymarket_order_id


# --- in memory -----------------------------------------------------------------------------


class InMemoryOrderSink:
    """An ``M2OrderSink`` in a dictionary: for tests, the demo and dry runs.

    M2 order numbers count from ``first_number``. Thread-safe. ``orders`` lists what was
    written (a copy).
    """

    def __init__(self, *, first_number: int = 1, clock: Clock | None = None) -> None:
        if first_number < 1:
            raise ValueError("first_number must be positive")
        self._next = first_number
        self._clock: Clock = clock or SystemClock()
        self._lock = threading.Lock()
        self._records: dict[str, OrderRecord] = {}
        self._payloads: dict[str, str] = {}

    def __repr__(self) -> str:
        return f"InMemoryOrderSink(orders={len(self._records)})"

    @property
    def orders(self) -> list[OrderRecord]:
        """Every stored order, in creation order."""
        with self._lock:
            return list(self._records.values())

    def write_order(
        self, order: SalesOrder, *, status: OrderStatus = OrderStatus.OPEN
    ) -> OrderReceipt:
        """Create or update the M2 order for ``order``; see ``M2OrderSink``."""
        payload = _check_write(order, status)
        key = order.anymarket_order_id
        with self._lock:
            now = _now(self._clock)
            record = self._records.get(key)
            if record is None:
                record = OrderRecord(
                    m2_order_number=str(self._next),
                    anymarket_order_id=key,
                    status=status,
                    order=order,
                    created_at=now,
                    updated_at=now,
                )
                self._next += 1
                self._records[key] = record
                self._payloads[key] = payload
                return _receipt(record, created=True, changed=True)
            new_status, changed = _decide_write(record.status, self._payloads[key], payload, status)
            if changed:
                record = attrs.evolve(record, status=new_status, order=order, updated_at=now)
                self._records[key] = record
                self._payloads[key] = payload
            return _receipt(record, created=False, changed=changed)

    def update_status(
        self, anymarket_order_id: str, status: OrderStatus, *, reason: str | None = None
    ) -> OrderRecord:
        """Move the order to ``status``; see ``M2OrderSink``."""
        key = _check_id(anymarket_order_id)
        with self._lock:
            record = self._records.get(key)
            if record is None:
                raise OrderNotFoundError(key)
            if _decide_status(key, record.status, status):
                record = attrs.evolve(
                    record, status=status, status_reason=reason, updated_at=_now(self._clock)
                )
                self._records[key] = record
            return record

    def cancel(self, anymarket_order_id: str, *, reason: str | None = None) -> OrderRecord:
        """Cancel the order (idempotent)."""
        return self.update_status(anymarket_order_id, OrderStatus.CANCELED, reason=reason)

    def find_by_anymarket_id(self, anymarket_order_id: str) -> OrderRecord | None:
        """The stored order, or ``None``."""
        with self._lock:
            return self._records.get(_check_id(anymarket_order_id))

    def count(self) -> int:
        """How many orders are stored."""
        with self._lock:
            return len(self._records)


def _receipt(record: OrderRecord, *, created: bool, changed: bool) -> OrderReceipt:
    return OrderReceipt(
        m2_order_number=record.m2_order_number,
        anymarket_order_id=record.anymarket_order_id,
        status=record.status,
        created=created,
        changed=changed,
    )


# --- SQLite ------------------------------------------------------------------------------------

_SCHEMA: Final = """
CREATE TABLE IF NOT EXISTS m2_sales_orders (
    m2_order_number    INTEGER PRIMARY KEY AUTOINCREMENT,
    anymarket_order_id TEXT NOT NULL UNIQUE,
    status             TEXT NOT NULL,
    status_reason      TEXT,
    payload            TEXT NOT NULL,
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS m2_sales_order_items (
    m2_order_number INTEGER NOT NULL
        REFERENCES m2_sales_orders (m2_order_number) ON DELETE CASCADE,
    line            INTEGER NOT NULL,
    item_code       TEXT NOT NULL,
    quantity        TEXT NOT NULL,
    unit_price      TEXT NOT NULL,
    discount        TEXT NOT NULL,
    PRIMARY KEY (m2_order_number, line)
);
"""

_SELECT: Final = (
    "SELECT m2_order_number, anymarket_order_id, status, status_reason, payload, created_at, "
    "updated_at FROM m2_sales_orders WHERE anymarket_order_id = ?"
)


class SqliteOrderSink:
    """An ``M2OrderSink`` in a SQLite file (stdlib ``sqlite3``): a durable stand-in for M2,
    and the pattern a real M2 writer should follow (one transaction per call, a unique key
    on the ANYMARKET order id).

    The schema is created on first use. M2 order numbers count from ``first_number`` and are
    never reused. ``timeout`` is how long a call waits for another writer's lock (seconds).
    ``":memory:"`` is refused (each call opens its own connection): use ``InMemoryOrderSink``.
    SQLite errors are raised as ``OrderSinkError`` (chained).
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        first_number: int = 1,
        timeout: float = 30.0,
        clock: Clock | None = None,
    ) -> None:
        text = os.fspath(path)
        if not text or text == ":memory:" or text.startswith("file:"):
            raise ValueError("SqliteOrderSink needs a file path (InMemoryOrderSink for memory)")
        if first_number < 1:
            raise ValueError("first_number must be positive")
        self.path = Path(text)
        self.timeout = timeout
        self._first_number = first_number
        self._clock: Clock = clock or SystemClock()
        self._ready = False
        self._ready_lock = threading.Lock()

    def __repr__(self) -> str:
        return f"SqliteOrderSink({str(self.path)!r})"

    # -- plumbing ----------------------------------------------------------------------------

    def _connect(self) -> sqlite3.Connection:
        con = sqlite3.connect(self.path, timeout=self.timeout, isolation_level=None)
        con.execute("PRAGMA foreign_keys = ON")
        return con

    def _ensure_schema(self) -> None:
        if self._ready:
            return
        with self._ready_lock:
            if not self._ready:
                with self._tx() as con:
                    for statement in _SCHEMA.split(";"):
                        if statement.strip():
                            con.execute(statement)
                    con.execute(
                        "INSERT INTO sqlite_sequence (name, seq) SELECT 'm2_sales_orders', ? "
                        "WHERE NOT EXISTS "
                        "(SELECT 1 FROM sqlite_sequence WHERE name = 'm2_sales_orders')",
                        (self._first_number - 1,),
                    )
                self._ready = True

    @contextmanager
    def _tx(self) -> Generator[sqlite3.Connection]:
        """One ``BEGIN IMMEDIATE`` transaction: committed on success, rolled back otherwise."""
        try:
            con = self._connect()
        except sqlite3.Error as exc:
            raise OrderSinkError(f"cannot open {self.path}: {exc}") from exc
        try:
            con.execute("BEGIN IMMEDIATE")
            try:
                yield con
            except BaseException:
                con.execute("ROLLBACK")
                raise
            con.execute("COMMIT")
        except sqlite3.Error as exc:
            raise OrderSinkError(f"SQLite error on {self.path}: {exc}") from exc
        finally:
            con.close()

    def _write_items(self, con: sqlite3.Connection, number: int, items: list[OrderItem]) -> None:
        con.execute("DELETE FROM m2_sales_order_items WHERE m2_order_number = ?", (number,))
        con.executemany(
            "INSERT INTO m2_sales_order_items "
            "(m2_order_number, line, item_code, quantity, unit_price, discount) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [
                (number, n, i.item_code, str(i.quantity), str(i.unit_price), str(i.discount))
                for n, i in enumerate(items, start=1)
            ],
        )

    @staticmethod
    def _record(row: tuple[Any, ...]) -> OrderRecord:
        number, key, status, reason, payload, created, updated = row
        order = decode_row(
            SalesOrder, json.loads(payload, parse_float=Decimal), source="m2_sales_orders"
        )
        return OrderRecord(
            m2_order_number=str(number),
            anymarket_order_id=key,
            status=OrderStatus(status),
            status_reason=reason,
            order=order,
            created_at=datetime.fromisoformat(created),
            updated_at=datetime.fromisoformat(updated),
        )

    # -- M2OrderSink ---------------------------------------------------------------------------

    def write_order(
        self, order: SalesOrder, *, status: OrderStatus = OrderStatus.OPEN
    ) -> OrderReceipt:
        """Create or update the M2 order for ``order``; see ``M2OrderSink``."""
        payload = _check_write(order, status)  # an invalid order never opens a transaction
        key = order.anymarket_order_id
        self._ensure_schema()
        now = _now(self._clock).isoformat()
        with self._tx() as con:
            row = con.execute(
                "SELECT m2_order_number, status, payload FROM m2_sales_orders "
                "WHERE anymarket_order_id = ?",
                (key,),
            ).fetchone()
            if row is None:
                cursor = con.execute(
                    "INSERT INTO m2_sales_orders "
                    "(anymarket_order_id, status, payload, created_at, updated_at) "
                    "VALUES (?, ?, ?, ?, ?)",
                    (key, status.value, payload, now, now),
                )
                number = cursor.lastrowid
                assert number is not None
                self._write_items(con, number, order.items)
                return OrderReceipt(
                    m2_order_number=str(number),
                    anymarket_order_id=key,
                    status=status,
                    created=True,
                    changed=True,
                )
            number, stored, stored_payload = row
            new_status, changed = _decide_write(
                OrderStatus(stored), stored_payload, payload, status
            )
            if changed:
                con.execute(
                    "UPDATE m2_sales_orders SET status = ?, payload = ?, updated_at = ? "
                    "WHERE m2_order_number = ?",
                    (new_status.value, payload, now, number),
                )
                if payload != stored_payload:
                    self._write_items(con, number, order.items)
            return OrderReceipt(
                m2_order_number=str(number),
                anymarket_order_id=key,
                status=new_status,
                created=False,
                changed=changed,
            )

    def update_status(
        self, anymarket_order_id: str, status: OrderStatus, *, reason: str | None = None
    ) -> OrderRecord:
        """Move the order to ``status``; see ``M2OrderSink``."""
        key = _check_id(anymarket_order_id)
        self._ensure_schema()
        with self._tx() as con:
            row = con.execute(_SELECT, (key,)).fetchone()
            if row is None:
                raise OrderNotFoundError(key)
            if _decide_status(key, OrderStatus(row[2]), status):
                con.execute(
                    "UPDATE m2_sales_orders SET status = ?, status_reason = ?, updated_at = ? "
                    "WHERE anymarket_order_id = ?",
                    (status.value, reason, _now(self._clock).isoformat(), key),
                )
                row = con.execute(_SELECT, (key,)).fetchone()
        return self._record(row)

    def cancel(self, anymarket_order_id: str, *, reason: str | None = None) -> OrderRecord:
        """Cancel the order (idempotent)."""
        return self.update_status(anymarket_order_id, OrderStatus.CANCELED, reason=reason)

    def find_by_anymarket_id(self, anymarket_order_id: str) -> OrderRecord | None:
        """The stored order, or ``None``."""
        key = _check_id(anymarket_order_id)
        self._ensure_schema()
        with self._tx() as con:
            row = con.execute(_SELECT, (key,)).fetchone()
        return None if row is None else self._record(row)

    def count(self) -> int:
        """How many orders are stored."""
        self._ensure_schema()
        with self._tx() as con:
            (n,) = con.execute("SELECT COUNT(*) FROM m2_sales_orders").fetchone()
        return int(n)


# --- async twins -------------------------------------------------------------------------------


class AsyncInMemoryOrderSink:
    """``InMemoryOrderSink`` as an ``AsyncM2OrderSink`` (calls run inline: they never wait
    on I/O). ``sync`` is the wrapped sink, sharing its state."""

    def __init__(self, *, first_number: int = 1, clock: Clock | None = None) -> None:
        self.sync = InMemoryOrderSink(first_number=first_number, clock=clock)

    def __repr__(self) -> str:
        return f"Async{self.sync!r}"

    async def write_order(
        self, order: SalesOrder, *, status: OrderStatus = OrderStatus.OPEN
    ) -> OrderReceipt:
        """Create or update the M2 order for ``order``; see ``M2OrderSink``."""
        return self.sync.write_order(order, status=status)

    async def update_status(
        self, anymarket_order_id: str, status: OrderStatus, *, reason: str | None = None
    ) -> OrderRecord:
        """Move the order to ``status``; see ``M2OrderSink``."""
        return self.sync.update_status(anymarket_order_id, status, reason=reason)

    async def cancel(self, anymarket_order_id: str, *, reason: str | None = None) -> OrderRecord:
        """Cancel the order (idempotent)."""
        return self.sync.cancel(anymarket_order_id, reason=reason)

    async def find_by_anymarket_id(self, anymarket_order_id: str) -> OrderRecord | None:
        """The stored order, or ``None``."""
        return self.sync.find_by_anymarket_id(anymarket_order_id)

    async def count(self) -> int:
        """How many orders are stored."""
        return self.sync.count()


async def _in_thread(call: Callable[[], T]) -> T:
    return await anyio.to_thread.run_sync(call)


class AsyncSqliteOrderSink:
    """``SqliteOrderSink`` as an ``AsyncM2OrderSink``: the same arguments; every call runs in
    a worker thread (``anyio.to_thread.run_sync``), so the event loop never blocks on SQLite.

    If the awaiting task is cancelled, the call in the thread still finishes (and commits);
    ``write_order`` is idempotent, so the caller just writes again.
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        first_number: int = 1,
        timeout: float = 30.0,
        clock: Clock | None = None,
    ) -> None:
        self.sync = SqliteOrderSink(path, first_number=first_number, timeout=timeout, clock=clock)

    def __repr__(self) -> str:
        return f"Async{self.sync!r}"

    async def write_order(
        self, order: SalesOrder, *, status: OrderStatus = OrderStatus.OPEN
    ) -> OrderReceipt:
        """Create or update the M2 order for ``order``; see ``M2OrderSink``."""
        return await _in_thread(functools.partial(self.sync.write_order, order, status=status))

    async def update_status(
        self, anymarket_order_id: str, status: OrderStatus, *, reason: str | None = None
    ) -> OrderRecord:
        """Move the order to ``status``; see ``M2OrderSink``."""
        return await _in_thread(
            functools.partial(self.sync.update_status, anymarket_order_id, status, reason=reason)
        )

    async def cancel(self, anymarket_order_id: str, *, reason: str | None = None) -> OrderRecord:
        """Cancel the order (idempotent)."""
        return await _in_thread(
            functools.partial(self.sync.cancel, anymarket_order_id, reason=reason)
        )

    async def find_by_anymarket_id(self, anymarket_order_id: str) -> OrderRecord | None:
        """The stored order, or ``None``."""
        return await _in_thread(
            functools.partial(self.sync.find_by_anymarket_id, anymarket_order_id)
        )

    async def count(self) -> int:
        """How many orders are stored."""
        return await _in_thread(self.sync.count)
