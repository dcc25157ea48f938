"""Reconciliation: the orders the feed missed, found by listing ``GET /orders``.

The feed is the fast path; it can still miss a change (an entry acknowledged by another
consumer, a 30-day expiry, the race between reading an order and acknowledging its entry).
``reconcile`` lists the orders created in ``[created_after, created_before]``, one
``window`` at a time, and compares each with the ledger and the M2 sink:

- unknown to the ledger: imported through the intake pipeline (the listed order is used as
  is: no extra ``GET``);
- held or left unfinished by a crash: run through the pipeline again;
- known and done, but drifted: cancelled on ANYMARKET and not in the ledger, missing from
  the sink, or paid on ANYMARKET while the M2 order is still ``PENDING``: updated;
- anything else is already known and costs no request.

Everything is idempotent (ledger and sink look-ups), so overlapping windows or a second
run change nothing. The ledger's checkpoint ``order_reconcile.until`` keeps the end of the
last window reconciled without failures.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import Final

import attrs

from anymarket_sdk import AnymarketError
from anymarket_sdk.models import Order
from anymarket_sdk.models import OrderStatus as AmStatus
from anymarket_sdk.resources.orders import list_op

from ..ledger import OrderEntry, OrderState
from ..m2 import OrderRecord
from ..m2 import OrderStatus as M2Status
from ._context import AsyncSyncContext, SyncContext
from ._orders import (
    AsyncItemCache,
    Collector,
    HeldOrder,
    IntakeAction,
    ItemCache,
    OrderOutcome,
    OrderWork,
    arun_jobs,
    async_process_order,
    check_settings,
    is_fatal,
    process_order,
    run_jobs,
)
from ._reports import Failure, masked_message, plural

__all__ = [
    "RECONCILE_CHECKPOINT",
    "ReconcileReport",
    "async_reconcile",
    "needs_work",
    "reconcile",
    "reconcile_windows",
]

FLOW: Final = "order_reconcile"
RECONCILE_CHECKPOINT: Final = "order_reconcile.until"
"""Ledger checkpoint: ``created_before`` (ISO 8601) of the last run without failures."""
PAGE_SIZE: Final = 100

_PAID: Final = frozenset(
    {
        AmStatus.PAID_WAITING_SHIP,
        AmStatus.INVOICED,
        AmStatus.PAID_WAITING_DELIVERY,
        AmStatus.CONCLUDED,
        AmStatus.DELIVERY_ISSUE,
    }
)
_UNFINISHED: Final = (OrderState.RECEIVED, OrderState.IMPORTED, OrderState.UPDATED)


@attrs.frozen(kw_only=True)
class ReconcileReport:
    """What one ``reconcile`` run found and did.

    ``found`` counts the distinct orders listed; ``already_known`` those that needed
    nothing; ``outcomes`` the others, run through the intake pipeline.
    """

    windows: int = 0
    found: int = 0
    already_known: int = 0
    outcomes: tuple[OrderOutcome, ...] = ()
    held: tuple[HeldOrder, ...] = ()
    failures: tuple[Failure, ...] = ()
    reads: int = 0
    writes: int = 0
    dry_run: bool = False

    def _count(self, action: IntakeAction) -> int:
        return sum(1 for o in self.outcomes if o.action is action)

    @property
    def imported(self) -> int:
        """New M2 orders (the feed had missed them)."""
        return self._count(IntakeAction.IMPORTED)

    @property
    def updated(self) -> int:
        return self._count(IntakeAction.UPDATED)

    @property
    def canceled(self) -> int:
        return self._count(IntakeAction.CANCELED)

    @property
    def failed(self) -> int:
        return self._count(IntakeAction.FAILED)

    @property
    def requests(self) -> int:
        return self.reads + self.writes

    @property
    def ok(self) -> bool:
        return not self.failures

    def summary(self) -> str:
        prefix = "order reconciliation (dry run)" if self.dry_run else "order reconciliation"
        return (
            f"{prefix}: {plural(self.windows, 'window')}, {plural(self.found, 'order')} found, "
            f"{self.already_known} already known, {self.imported} imported, "
            f"{self.updated} updated, {self.canceled} canceled, {len(self.held)} held, "
            f"{self.failed} failed; {plural(self.requests, 'request')}"
        )


# --- pure pieces -----------------------------------------------------------------------------


def _aware(name: str, value: object) -> datetime:
    if not isinstance(value, datetime):
        raise TypeError(f"{name} must be a datetime, got {type(value).__name__}")
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware")
    return value


def reconcile_windows(
    created_after: datetime, created_before: datetime, window: timedelta
) -> list[tuple[datetime, datetime]]:
    """``[created_after, created_before]`` cut into consecutive windows of ``window`` (the
    last one shorter). ANYMARKET's bounds are inclusive: an order created exactly on a
    boundary is listed twice and handled once."""
    start = _aware("created_after", created_after)
    end = _aware("created_before", created_before)
    if not isinstance(window, timedelta) or window <= timedelta(0):
        raise ValueError(f"window must be a positive timedelta, got {window!r}")
    if end <= start:
        raise ValueError("created_before must be after created_after")
    out: list[tuple[datetime, datetime]] = []
    while start < end:
        stop = min(start + window, end)
        out.append((start, stop))
        start = stop
    return out


def needs_work(order: Order, entry: OrderEntry | None, record: OrderRecord | None) -> str | None:
    """Why a listed order must go through the pipeline, or ``None`` when it is already
    known and consistent. ``record`` (the sink's) is only looked at for done orders."""
    if entry is None:
        return "missing"
    if entry.state is OrderState.HELD:
        return "held"
    if entry.state in _UNFINISHED:
        return "unfinished"
    if entry.state is OrderState.CANCELED:
        return None
    if order.status == AmStatus.CANCELED:
        return "canceled"
    if record is None:
        return "missing_in_m2"
    if record.status is M2Status.PENDING and order.status in _PAID:
        return "paid"
    return None


def _needs_record(entry: OrderEntry | None) -> bool:
    return entry is not None and entry.state in (OrderState.ACKED, OrderState.PARTNER_ID_WRITTEN)


@attrs.define
class _Scan:
    """The run's counters and the ids already seen (windows overlap at their bounds)."""

    dry_run: bool
    got: Collector = attrs.field(factory=Collector)
    seen: set[int] = attrs.field(factory=set[int])
    found: int = 0
    known: int = 0

    def new(self, order: Order) -> bool:
        if order.id is None or order.id in self.seen:
            return False
        self.seen.add(order.id)
        self.found += 1
        return True

    def report(self, windows: int) -> ReconcileReport:
        got = self.got
        return ReconcileReport(
            windows=windows,
            found=self.found,
            already_known=self.known,
            outcomes=tuple(got.outcomes),
            held=tuple(got.held),
            failures=tuple(got.failures),
            reads=got.reads,
            writes=got.writes,
            dry_run=self.dry_run,
        )


def _window_failure(start: datetime, stop: datetime, exc: Exception) -> Failure:
    return Failure.of(
        f"orders created {start.isoformat()}..{stop.isoformat()}", exc, code="list_failed"
    )


# --- sync -------------------------------------------------------------------------------------


def _candidates(ctx: SyncContext, scan: _Scan, orders: list[Order]) -> list[Order]:
    out: list[Order] = []
    for order in orders:
        if not scan.new(order):
            continue
        oid = str(order.id)
        entry = ctx.ledger.order(oid)
        record = ctx.sink.find_by_anymarket_id(oid) if _needs_record(entry) else None
        if needs_work(order, entry, record) is None:
            scan.known += 1
        else:
            out.append(order)
    return out


def reconcile(
    ctx: SyncContext,
    *,
    created_after: datetime,
    created_before: datetime,
    window: timedelta = timedelta(days=1),
    concurrency: int = 1,
    dry_run: bool = False,
) -> ReconcileReport:
    """Import the orders created between the two (timezone-aware) datetimes that the feed
    missed, and bring drifted ones up to date (see the module docstring). Each window is
    listed page by page (``GET /orders`` with ``createdAfter``/``createdBefore``); a window
    whose listing fails is reported and the next one is tried. ``concurrency`` orders go
    through the pipeline at once (1..32). ``dry_run=True`` writes nothing."""
    spans = reconcile_windows(created_after, created_before, window)
    workers = check_settings(5, None, None, concurrency)[3]
    scan = _Scan(dry_run)
    items = ItemCache()
    run_id = None if dry_run else ctx.ledger.start_run(FLOW)

    def job(order: Order) -> Callable[[], OrderWork]:
        assert order.id is not None
        oid = order.id

        def go() -> OrderWork:
            return process_order(ctx, items, oid, order=order, force=True, dry_run=dry_run)

        return go

    try:
        for start, stop in spans:
            op = list_op(limit=PAGE_SIZE, created_after=start, created_before=stop)
            pages = ctx.client.iter_pages(op)
            try:
                while True:
                    scan.got.reads += 1
                    try:
                        page = next(pages)
                    except StopIteration:
                        scan.got.reads -= 1  # the walk ended without a request
                        break
                    except AnymarketError as exc:
                        if is_fatal(exc):
                            raise
                        scan.got.failures.append(_window_failure(start, stop, exc))
                        break
                    todo = _candidates(ctx, scan, page.items)
                    run_jobs([job(o) for o in todo], workers, scan.got.add)
            finally:
                close = getattr(pages, "close", None)
                if close is not None:
                    close()
    except BaseException as exc:
        if run_id is not None:
            ctx.ledger.finish_run(run_id, ok=False, error=masked_message(exc))
        raise
    report = scan.report(len(spans))
    if run_id is not None:
        ctx.ledger.finish_run(run_id, ok=report.ok, counters=_counters(report))
        if report.ok:
            ctx.ledger.set_checkpoint(RECONCILE_CHECKPOINT, created_before.isoformat())
    return report


def _counters(report: ReconcileReport) -> dict[str, int]:
    return {
        "found": report.found,
        "imported": report.imported,
        "updated": report.updated,
        "canceled": report.canceled,
        "held": len(report.held),
        "failed": report.failed,
        "requests": report.requests,
    }


# --- async ------------------------------------------------------------------------------------


async def _acandidates(ctx: AsyncSyncContext, scan: _Scan, orders: list[Order]) -> list[Order]:
    out: list[Order] = []
    for order in orders:
        if not scan.new(order):
            continue
        oid = str(order.id)
        entry = await ctx.ledger.order(oid)
        record = await ctx.sink.find_by_anymarket_id(oid) if _needs_record(entry) else None
        if needs_work(order, entry, record) is None:
            scan.known += 1
        else:
            out.append(order)
    return out


async def async_reconcile(
    ctx: AsyncSyncContext,
    *,
    created_after: datetime,
    created_before: datetime,
    window: timedelta = timedelta(days=1),
    concurrency: int = 1,
    dry_run: bool = False,
) -> ReconcileReport:
    """The async twin of ``reconcile``."""
    spans = reconcile_windows(created_after, created_before, window)
    workers = check_settings(5, None, None, concurrency)[3]
    scan = _Scan(dry_run)
    items = AsyncItemCache()
    run_id = None if dry_run else await ctx.ledger.start_run(FLOW)

    def job(order: Order) -> Callable[[], Awaitable[OrderWork]]:
        assert order.id is not None
        oid = order.id

        async def go() -> OrderWork:
            return await async_process_order(
                ctx, items, oid, order=order, force=True, dry_run=dry_run
            )

        return go

    try:
        for start, stop in spans:
            op = list_op(limit=PAGE_SIZE, created_after=start, created_before=stop)
            pages = ctx.client.iter_pages(op)
            try:
                while True:
                    scan.got.reads += 1
                    try:
                        page = await anext(pages)
                    except StopAsyncIteration:
                        scan.got.reads -= 1
                        break
                    except AnymarketError as exc:
                        if is_fatal(exc):
                            raise
                        scan.got.failures.append(_window_failure(start, stop, exc))
                        break
                    todo = await _acandidates(ctx, scan, page.items)
                    await arun_jobs([job(o) for o in todo], workers, scan.got.add)
            finally:
                aclose = getattr(pages, "aclose", None)
                if aclose is not None:
                    await aclose()
    except BaseException as exc:
        if run_id is not None:
            await ctx.ledger.finish_run(run_id, ok=False, error=masked_message(exc))
        raise
    report = scan.report(len(spans))
    if run_id is not None:
        await ctx.ledger.finish_run(run_id, ok=report.ok, counters=_counters(report))
        if report.ok:
            await ctx.ledger.set_checkpoint(RECONCILE_CHECKPOINT, created_before.isoformat())
    return report
