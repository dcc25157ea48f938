"""The async twins: any sync ``Ledger`` run in worker threads.

``ThreadedAsyncLedger(ledger)`` runs each call of the wrapped ledger through
``anyio.to_thread.run_sync``, so the event loop never waits on the disk. The deltas stream:
records are taken ``batch_size`` at a time (from a plain or an async iterable), each batch
is compared in a thread, and the changed records are yielded.

If the awaiting task is cancelled, the call already running in its thread still finishes
(and commits). Every ledger write is idempotent, so the flow simply repeats it.
"""

from __future__ import annotations

import functools
import os
from collections.abc import AsyncIterable, AsyncIterator, Callable, Iterable, Mapping
from datetime import datetime, timedelta
from types import TracebackType
from typing import Self, TypeVar

import anyio.to_thread

from anymarket_sdk.models import PriceTarget

from ._core import DEFAULT_BATCH_SIZE, DEFAULT_LEASE
from ._protocols import Ledger
from ._records import (
    CatalogueEntry,
    CatalogueKind,
    OrderEntry,
    PriceRecord,
    PushFailure,
    Reservation,
    RunEntry,
    SnapshotRecord,
    StockRecord,
    TransitionRecord,
    WorkItem,
    WorkState,
)
from ._sqlite import SqliteLedger, Synchronous

__all__ = ["AsyncSqliteLedger", "ThreadedAsyncLedger"]

T = TypeVar("T")


async def _in_thread(call: Callable[[], T]) -> T:
    return await anyio.to_thread.run_sync(call)


def _check_batch(batch_size: int) -> int:
    if isinstance(batch_size, bool) or not isinstance(batch_size, int) or batch_size < 1:
        raise ValueError(f"batch_size must be a positive int, got {batch_size!r}")
    return batch_size


async def _batches(items: Iterable[T] | AsyncIterable[T], size: int) -> AsyncIterator[list[T]]:
    chunk: list[T] = []
    if isinstance(items, AsyncIterable):
        async for item in items:
            chunk.append(item)
            if len(chunk) >= size:
                yield chunk
                chunk = []
    else:
        for item in items:
            chunk.append(item)
            if len(chunk) >= size:
                yield chunk
                chunk = []
    if chunk:
        yield chunk


def _delta_of(delta: Callable[..., Iterable[T]], chunk: list[T], batch_size: int) -> list[T]:
    return list(delta(chunk, batch_size=batch_size))


class ThreadedAsyncLedger:
    """An ``AsyncLedger`` over a sync ``Ledger`` (``sync``), each call in a worker thread."""

    def __init__(self, ledger: Ledger) -> None:
        self.sync = ledger

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.sync!r})"

    @property
    def account(self) -> str:
        """The ANYMARKET account every call works on."""
        return self.sync.account

    async def schema_version(self) -> int:
        """The database's schema version."""
        return await _in_thread(self.sync.schema_version)

    # -- stock/price snapshots --

    async def stock_delta(
        self,
        records: Iterable[StockRecord] | AsyncIterable[StockRecord],
        *,
        batch_size: int = DEFAULT_BATCH_SIZE,
    ) -> AsyncIterator[StockRecord]:
        """The records to push (new, changed, or failing), streamed in batches."""
        size = _check_batch(batch_size)
        async for chunk in _batches(records, size):
            call = functools.partial(_delta_of, self.sync.stock_delta, chunk, size)
            for record in await _in_thread(call):
                yield record

    async def price_delta(
        self,
        records: Iterable[PriceRecord] | AsyncIterable[PriceRecord],
        *,
        batch_size: int = DEFAULT_BATCH_SIZE,
    ) -> AsyncIterator[PriceRecord]:
        """The prices to push (new, changed, or failing), streamed in batches."""
        size = _check_batch(batch_size)
        async for chunk in _batches(records, size):
            call = functools.partial(_delta_of, self.sync.price_delta, chunk, size)
            for record in await _in_thread(call):
                yield record

    async def record_pushed(self, records: Iterable[SnapshotRecord]) -> int:
        """Store records ANYMARKET accepted (one transaction); how many."""
        batch = list(records)
        return await _in_thread(lambda: self.sync.record_pushed(batch))

    async def mark_failed(
        self, records: SnapshotRecord | Iterable[SnapshotRecord], reason: str
    ) -> int:
        """Keep records whose push failed pending for the next delta; how many."""
        batch = records if isinstance(records, StockRecord | PriceRecord) else list(records)
        return await _in_thread(lambda: self.sync.mark_failed(batch, reason))

    async def push_failures(self) -> list[PushFailure]:
        """Pushes still failing, oldest first."""
        return await _in_thread(self.sync.push_failures)

    async def pushed_stock(
        self, sku_partner_id: str, stock_local_id: int | None = None
    ) -> StockRecord | None:
        """The last stock ANYMARKET accepted, or ``None``."""
        return await _in_thread(lambda: self.sync.pushed_stock(sku_partner_id, stock_local_id))

    async def pushed_price(
        self, sku_partner_id: str, target: PriceTarget, *, ad_id: int | None = None
    ) -> PriceRecord | None:
        """The last price ANYMARKET accepted, or ``None``."""
        return await _in_thread(lambda: self.sync.pushed_price(sku_partner_id, target, ad_id=ad_id))

    async def forget_pushed(self, sku_partner_id: str | None = None) -> int:
        """Drop snapshots of one SKU (all when ``None``) so they are pushed again."""
        return await _in_thread(lambda: self.sync.forget_pushed(sku_partner_id))

    # -- catalogue id map --

    async def remember_id(
        self,
        kind: CatalogueKind,
        local_key: str,
        anymarket_id: int,
        *,
        partner_id: str | None = None,
        name: str | None = None,
        parent_key: str | None = None,
    ) -> CatalogueEntry:
        """Map an M2 code to an ANYMARKET id (idempotent; conflicts raise)."""
        return await _in_thread(
            lambda: self.sync.remember_id(
                kind,
                local_key,
                anymarket_id,
                partner_id=partner_id,
                name=name,
                parent_key=parent_key,
            )
        )

    async def find_id(
        self,
        kind: CatalogueKind,
        *,
        local_key: str | None = None,
        anymarket_id: int | None = None,
        partner_id: str | None = None,
        name: str | None = None,
    ) -> CatalogueEntry | None:
        """Look an entry up by exactly one key."""
        return await _in_thread(
            lambda: self.sync.find_id(
                kind,
                local_key=local_key,
                anymarket_id=anymarket_id,
                partner_id=partner_id,
                name=name,
            )
        )

    async def find_ids(
        self, kind: CatalogueKind, local_keys: Iterable[str]
    ) -> dict[str, CatalogueEntry]:
        """The mapped entries among ``local_keys``."""
        keys = list(local_keys)
        return await _in_thread(lambda: self.sync.find_ids(kind, keys))

    async def forget_id(self, kind: CatalogueKind, local_key: str) -> bool:
        """Drop a mapping; whether there was one."""
        return await _in_thread(lambda: self.sync.forget_id(kind, local_key))

    # -- orders --

    async def begin_order(self, anymarket_order_id: str, token: str | None = None) -> OrderEntry:
        """Note an order (and its feed token)."""
        return await _in_thread(lambda: self.sync.begin_order(anymarket_order_id, token))

    async def mark_imported(self, anymarket_order_id: str, m2_order_number: str) -> OrderEntry:
        """The M2 sink holds the order."""
        return await _in_thread(
            lambda: self.sync.mark_imported(anymarket_order_id, m2_order_number)
        )

    async def mark_partner_id_written(self, anymarket_order_id: str) -> OrderEntry:
        """The M2 number is on the ANYMARKET order."""
        return await _in_thread(lambda: self.sync.mark_partner_id_written(anymarket_order_id))

    async def mark_acked(self, token: str) -> OrderEntry:
        """The feed item was acknowledged."""
        return await _in_thread(lambda: self.sync.mark_acked(token))

    async def mark_canceled(self, anymarket_order_id: str, reason: str | None = None) -> OrderEntry:
        """The order is canceled (final)."""
        return await _in_thread(lambda: self.sync.mark_canceled(anymarket_order_id, reason))

    async def hold(self, anymarket_order_id: str, reason: str) -> OrderEntry:
        """Park the order for a person."""
        return await _in_thread(lambda: self.sync.hold(anymarket_order_id, reason))

    async def release_hold(self, anymarket_order_id: str) -> OrderEntry:
        """Resume a held order."""
        return await _in_thread(lambda: self.sync.release_hold(anymarket_order_id))

    async def order(self, anymarket_order_id: str) -> OrderEntry | None:
        """The order's entry, or ``None``."""
        return await _in_thread(lambda: self.sync.order(anymarket_order_id))

    async def order_by_m2_number(self, m2_order_number: str) -> OrderEntry | None:
        """The order imported as this M2 number, or ``None``."""
        return await _in_thread(lambda: self.sync.order_by_m2_number(m2_order_number))

    async def pending_orders(self, *, include_held: bool = False) -> list[OrderEntry]:
        """Orders with work left (what a restart resumes)."""
        return await _in_thread(lambda: self.sync.pending_orders(include_held=include_held))

    async def held_orders(self) -> list[OrderEntry]:
        """Orders waiting for a person."""
        return await _in_thread(self.sync.held_orders)

    # -- transitions --

    async def reserve_transition(
        self, anymarket_order_id: str, status: str, payload: object
    ) -> Reservation:
        """Reserve a send-back before the PUT: GO, ALREADY_SENT or IN_DOUBT."""
        return await _in_thread(
            lambda: self.sync.reserve_transition(anymarket_order_id, status, payload)
        )

    async def record_sent(
        self, anymarket_order_id: str, status: str, payload: object
    ) -> TransitionRecord:
        """ANYMARKET accepted the transition."""
        return await _in_thread(lambda: self.sync.record_sent(anymarket_order_id, status, payload))

    async def abandon_transition(self, anymarket_order_id: str, status: str) -> bool:
        """Drop an unsent reservation."""
        return await _in_thread(lambda: self.sync.abandon_transition(anymarket_order_id, status))

    async def already_sent(self, anymarket_order_id: str, status: str) -> bool:
        """Whether ANYMARKET accepted the transition."""
        return await _in_thread(lambda: self.sync.already_sent(anymarket_order_id, status))

    async def sent_transition(
        self, anymarket_order_id: str, status: str
    ) -> TransitionRecord | None:
        """The stored transition record, or ``None``."""
        return await _in_thread(lambda: self.sync.sent_transition(anymarket_order_id, status))

    async def transitions_in_doubt(self) -> list[TransitionRecord]:
        """Reservations never confirmed nor abandoned."""
        return await _in_thread(self.sync.transitions_in_doubt)

    # -- work queue --

    async def enqueue(
        self, queue: str, key: str, payload: str = "", *, not_before: datetime | None = None
    ) -> WorkItem:
        """Add work under an idempotency key."""
        return await _in_thread(
            lambda: self.sync.enqueue(queue, key, payload, not_before=not_before)
        )

    async def claim(
        self, queue: str, worker: str, *, limit: int = 1, lease: timedelta = DEFAULT_LEASE
    ) -> list[WorkItem]:
        """Take due items for a worker."""
        return await _in_thread(lambda: self.sync.claim(queue, worker, limit=limit, lease=lease))

    async def complete(self, queue: str, key: str, worker: str) -> WorkItem:
        """The worker finished the item."""
        return await _in_thread(lambda: self.sync.complete(queue, key, worker))

    async def fail(
        self, queue: str, key: str, worker: str, error: str, *, retry_at: datetime | None = None
    ) -> WorkItem:
        """The worker failed the item (retry at ``retry_at``, or dead)."""
        return await _in_thread(
            lambda: self.sync.fail(queue, key, worker, error, retry_at=retry_at)
        )

    async def work_item(self, queue: str, key: str) -> WorkItem | None:
        """The item, or ``None``."""
        return await _in_thread(lambda: self.sync.work_item(queue, key))

    async def queue_counts(self, queue: str) -> dict[WorkState, int]:
        """Items per state."""
        return await _in_thread(lambda: self.sync.queue_counts(queue))

    async def purge_done(self, queue: str, *, before: datetime) -> int:
        """Delete old finished items."""
        return await _in_thread(lambda: self.sync.purge_done(queue, before=before))

    # -- run log and checkpoints --

    async def start_run(self, flow: str, *, run_id: str | None = None) -> str:
        """Log a run's start; its id."""
        return await _in_thread(lambda: self.sync.start_run(flow, run_id=run_id))

    async def finish_run(
        self,
        run_id: str,
        *,
        ok: bool = True,
        counters: Mapping[str, int] | None = None,
        error: str | None = None,
    ) -> RunEntry:
        """Log a run's end."""
        return await _in_thread(
            lambda: self.sync.finish_run(run_id, ok=ok, counters=counters, error=error)
        )

    async def runs(self, *, flow: str | None = None, limit: int = 20) -> list[RunEntry]:
        """The latest runs, newest first."""
        return await _in_thread(lambda: self.sync.runs(flow=flow, limit=limit))

    async def checkpoint(self, name: str) -> str | None:
        """A named value kept between runs."""
        return await _in_thread(lambda: self.sync.checkpoint(name))

    async def set_checkpoint(self, name: str, value: str) -> None:
        """Store a named value."""
        await _in_thread(lambda: self.sync.set_checkpoint(name, value))

    async def aclose(self) -> None:
        """Close the wrapped ledger."""
        await _in_thread(self.sync.close)

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()


class AsyncSqliteLedger(ThreadedAsyncLedger):
    """``SqliteLedger`` as an ``AsyncLedger``: the same arguments (the file is opened and
    migrated in the constructor, synchronously: do it at startup); ``sync`` is the
    ``SqliteLedger``."""

    sync: SqliteLedger

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        account: str = "default",
        now: Callable[[], datetime] | None = None,
        timeout: float = 30.0,
        synchronous: Synchronous = "FULL",
    ) -> None:
        super().__init__(
            SqliteLedger(path, account=account, now=now, timeout=timeout, synchronous=synchronous)
        )
