"""``Ledger`` and ``AsyncLedger``: what the sync flows need from their persistent state.

A ledger works on one ANYMARKET account (``account``). Every write is one transaction and
idempotent: repeating a call with the same arguments changes nothing and returns the same
answer, so a flow resumed after a crash simply repeats its last step. Calls that would make
the state inconsistent raise (``LedgerStateError``, ``LedgerConflictError``) and write
nothing. Times come from the ledger's injected ``now`` or from the caller; the ledger never
reads a clock of its own.

``SqliteLedger`` implements ``Ledger``; ``ThreadedAsyncLedger`` / ``AsyncSqliteLedger``
implement ``AsyncLedger`` (the same methods as coroutines, the deltas as async iterators,
``aclose`` for ``close``).
"""

from __future__ import annotations

from collections.abc import AsyncIterable, AsyncIterator, Iterable, Iterator, Mapping
from datetime import datetime, timedelta
from typing import Protocol, runtime_checkable

from anymarket_sdk.models import PriceTarget

from ._core import DEFAULT_BATCH_SIZE, DEFAULT_LEASE
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

__all__ = ["AsyncLedger", "Ledger"]


@runtime_checkable
class Ledger(Protocol):
    """The flows' persistent state (sync). See ``docs/ledger.md`` for the tables."""

    @property
    def account(self) -> str:
        """The ANYMARKET account every call works on."""
        ...

    def schema_version(self) -> int:
        """The database's schema version."""
        ...

    # -- stock/price snapshots --

    def stock_delta(
        self, records: Iterable[StockRecord], *, batch_size: int = DEFAULT_BATCH_SIZE
    ) -> Iterator[StockRecord]:
        """The records to push (new, changed, or failing), streamed in batches."""
        ...

    def price_delta(
        self, records: Iterable[PriceRecord], *, batch_size: int = DEFAULT_BATCH_SIZE
    ) -> Iterator[PriceRecord]:
        """The prices to push (new, changed, or failing), streamed in batches."""
        ...

    def record_pushed(self, records: Iterable[SnapshotRecord]) -> int:
        """Store records ANYMARKET accepted (one transaction); how many."""
        ...

    def mark_failed(self, records: SnapshotRecord | Iterable[SnapshotRecord], reason: str) -> int:
        """Keep records whose push failed pending for the next delta; how many."""
        ...

    def push_failures(self) -> list[PushFailure]:
        """Pushes still failing, oldest first."""
        ...

    def pushed_stock(
        self, sku_partner_id: str, stock_local_id: int | None = None
    ) -> StockRecord | None:
        """The last stock ANYMARKET accepted, or ``None``."""
        ...

    def pushed_price(
        self, sku_partner_id: str, target: PriceTarget, *, ad_id: int | None = None
    ) -> PriceRecord | None:
        """The last price ANYMARKET accepted, or ``None``."""
        ...

    def forget_pushed(self, sku_partner_id: str | None = None) -> int:
        """Drop snapshots of one SKU (all when ``None``) so they are pushed again."""
        ...

    # -- catalogue id map --

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
        """Map an M2 code to an ANYMARKET id (idempotent; conflicts raise)."""
        ...

    def find_id(
        self,
        kind: CatalogueKind,
        *,
        local_key: str | None = None,
        anymarket_id: int | None = None,
        partner_id: str | None = None,
        name: str | None = None,
    ) -> CatalogueEntry | None:
        """Look an entry up by exactly one key."""
        ...

    def find_ids(self, kind: CatalogueKind, local_keys: Iterable[str]) -> dict[str, CatalogueEntry]:
        """The mapped entries among ``local_keys``."""
        ...

    def forget_id(self, kind: CatalogueKind, local_key: str) -> bool:
        """Drop a mapping; whether there was one."""
        ...

    # -- orders --

    def begin_order(self, anymarket_order_id: str, token: str | None = None) -> OrderEntry:
        """Note an order (and its feed token)."""
        ...

    def mark_imported(self, anymarket_order_id: str, m2_order_number: str) -> OrderEntry:
        """The M2 sink holds the order."""
        ...

    def mark_partner_id_written(self, anymarket_order_id: str) -> OrderEntry:
        """The M2 number is on the ANYMARKET order."""
        ...

    def mark_acked(self, token: str) -> OrderEntry:
        """The feed item was acknowledged."""
        ...

    def mark_canceled(self, anymarket_order_id: str, reason: str | None = None) -> OrderEntry:
        """The order is canceled (final)."""
        ...

    def hold(self, anymarket_order_id: str, reason: str) -> OrderEntry:
        """Park the order for a person."""
        ...

    def release_hold(self, anymarket_order_id: str) -> OrderEntry:
        """Resume a held order."""
        ...

    def order(self, anymarket_order_id: str) -> OrderEntry | None:
        """The order's entry, or ``None``."""
        ...

    def order_by_m2_number(self, m2_order_number: str) -> OrderEntry | None:
        """The order imported as this M2 number, or ``None``."""
        ...

    def pending_orders(self, *, include_held: bool = False) -> list[OrderEntry]:
        """Orders with work left (what a restart resumes)."""
        ...

    def held_orders(self) -> list[OrderEntry]:
        """Orders waiting for a person."""
        ...

    # -- transitions --

    def reserve_transition(
        self, anymarket_order_id: str, status: str, payload: object
    ) -> Reservation:
        """Reserve a send-back before the PUT: GO, ALREADY_SENT or IN_DOUBT."""
        ...

    def record_sent(
        self, anymarket_order_id: str, status: str, payload: object
    ) -> TransitionRecord:
        """ANYMARKET accepted the transition."""
        ...

    def abandon_transition(self, anymarket_order_id: str, status: str) -> bool:
        """Drop an unsent reservation."""
        ...

    def already_sent(self, anymarket_order_id: str, status: str) -> bool:
        """Whether ANYMARKET accepted the transition."""
        ...

    def sent_transition(self, anymarket_order_id: str, status: str) -> TransitionRecord | None:
        """The stored transition record, or ``None``."""
        ...

    def transitions_in_doubt(self) -> list[TransitionRecord]:
        """Reservations never confirmed nor abandoned."""
        ...

    # -- work queue --

    def enqueue(
        self, queue: str, key: str, payload: str = "", *, not_before: datetime | None = None
    ) -> WorkItem:
        """Add work under an idempotency key."""
        ...

    def claim(
        self, queue: str, worker: str, *, limit: int = 1, lease: timedelta = DEFAULT_LEASE
    ) -> list[WorkItem]:
        """Take due items for a worker."""
        ...

    def complete(self, queue: str, key: str, worker: str) -> WorkItem:
        """The worker finished the item."""
        ...

    def fail(
        self, queue: str, key: str, worker: str, error: str, *, retry_at: datetime | None = None
    ) -> WorkItem:
        """The worker failed the item (retry at ``retry_at``, or dead)."""
        ...

    def work_item(self, queue: str, key: str) -> WorkItem | None:
        """The item, or ``None``."""
        ...

    def queue_counts(self, queue: str) -> dict[WorkState, int]:
        """Items per state."""
        ...

    def purge_done(self, queue: str, *, before: datetime) -> int:
        """Delete old finished items."""
        ...

    # -- run log and checkpoints --

    def start_run(self, flow: str, *, run_id: str | None = None) -> str:
        """Log a run's start; its id."""
        ...

    def finish_run(
        self,
        run_id: str,
        *,
        ok: bool = True,
        counters: Mapping[str, int] | None = None,
        error: str | None = None,
    ) -> RunEntry:
        """Log a run's end."""
        ...

    def runs(self, *, flow: str | None = None, limit: int = 20) -> list[RunEntry]:
        """The latest runs, newest first."""
        ...

    def checkpoint(self, name: str) -> str | None:
        """A named value kept between runs."""
        ...

    def set_checkpoint(self, name: str, value: str) -> None:
        """Store a named value."""
        ...

    def close(self) -> None:
        """Release the connection."""
        ...


@runtime_checkable
class AsyncLedger(Protocol):
    """``Ledger`` for async hosts: the same methods as coroutines; the deltas are async
    iterators and also take an async iterable of records; ``aclose`` replaces ``close``."""

    @property
    def account(self) -> str: ...

    async def schema_version(self) -> int: ...

    def stock_delta(
        self,
        records: Iterable[StockRecord] | AsyncIterable[StockRecord],
        *,
        batch_size: int = DEFAULT_BATCH_SIZE,
    ) -> AsyncIterator[StockRecord]: ...

    def price_delta(
        self,
        records: Iterable[PriceRecord] | AsyncIterable[PriceRecord],
        *,
        batch_size: int = DEFAULT_BATCH_SIZE,
    ) -> AsyncIterator[PriceRecord]: ...

    async def record_pushed(self, records: Iterable[SnapshotRecord]) -> int: ...
    async def mark_failed(
        self, records: SnapshotRecord | Iterable[SnapshotRecord], reason: str
    ) -> int: ...
    async def push_failures(self) -> list[PushFailure]: ...
    async def pushed_stock(
        self, sku_partner_id: str, stock_local_id: int | None = None
    ) -> StockRecord | None: ...
    async def pushed_price(
        self, sku_partner_id: str, target: PriceTarget, *, ad_id: int | None = None
    ) -> PriceRecord | None: ...
    async def forget_pushed(self, sku_partner_id: str | None = None) -> int: ...

    async def remember_id(
        self,
        kind: CatalogueKind,
        local_key: str,
        anymarket_id: int,
        *,
        partner_id: str | None = None,
        name: str | None = None,
        parent_key: str | None = None,
    ) -> CatalogueEntry: ...
    async def find_id(
        self,
        kind: CatalogueKind,
        *,
        local_key: str | None = None,
        anymarket_id: int | None = None,
        partner_id: str | None = None,
        name: str | None = None,
    ) -> CatalogueEntry | None: ...
    async def find_ids(
        self, kind: CatalogueKind, local_keys: Iterable[str]
    ) -> dict[str, CatalogueEntry]: ...
    async def forget_id(self, kind: CatalogueKind, local_key: str) -> bool: ...

    async def begin_order(
        self, anymarket_order_id: str, token: str | None = None
    ) -> OrderEntry: ...
    async def mark_imported(self, anymarket_order_id: str, m2_order_number: str) -> OrderEntry: ...
    async def mark_partner_id_written(self, anymarket_order_id: str) -> OrderEntry: ...
    async def mark_acked(self, token: str) -> OrderEntry: ...
    async def mark_canceled(
        self, anymarket_order_id: str, reason: str | None = None
    ) -> OrderEntry: ...
    async def hold(self, anymarket_order_id: str, reason: str) -> OrderEntry: ...
    async def release_hold(self, anymarket_order_id: str) -> OrderEntry: ...
    async def order(self, anymarket_order_id: str) -> OrderEntry | None: ...
    async def order_by_m2_number(self, m2_order_number: str) -> OrderEntry | None: ...
    async def pending_orders(self, *, include_held: bool = False) -> list[OrderEntry]: ...
    async def held_orders(self) -> list[OrderEntry]: ...

    async def reserve_transition(
        self, anymarket_order_id: str, status: str, payload: object
    ) -> Reservation: ...
    async def record_sent(
        self, anymarket_order_id: str, status: str, payload: object
    ) -> TransitionRecord: ...
    async def abandon_transition(self, anymarket_order_id: str, status: str) -> bool: ...
    async def already_sent(self, anymarket_order_id: str, status: str) -> bool: ...
    async def sent_transition(
        self, anymarket_order_id: str, status: str
    ) -> TransitionRecord | None: ...
    async def transitions_in_doubt(self) -> list[TransitionRecord]: ...

    async def enqueue(
        self, queue: str, key: str, payload: str = "", *, not_before: datetime | None = None
    ) -> WorkItem: ...
    async def claim(
        self, queue: str, worker: str, *, limit: int = 1, lease: timedelta = DEFAULT_LEASE
    ) -> list[WorkItem]: ...
    async def complete(self, queue: str, key: str, worker: str) -> WorkItem: ...
    async def fail(
        self, queue: str, key: str, worker: str, error: str, *, retry_at: datetime | None = None
    ) -> WorkItem: ...
    async def work_item(self, queue: str, key: str) -> WorkItem | None: ...
    async def queue_counts(self, queue: str) -> dict[WorkState, int]: ...
    async def purge_done(self, queue: str, *, before: datetime) -> int: ...

    async def start_run(self, flow: str, *, run_id: str | None = None) -> str: ...
    async def finish_run(
        self,
        run_id: str,
        *,
        ok: bool = True,
        counters: Mapping[str, int] | None = None,
        error: str | None = None,
    ) -> RunEntry: ...
    async def runs(self, *, flow: str | None = None, limit: int = 20) -> list[RunEntry]: ...
    async def checkpoint(self, name: str) -> str | None: ...
    async def set_checkpoint(self, name: str, value: str) -> None: ...

    async def aclose(self) -> None: ...
