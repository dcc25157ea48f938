"""Order intake: ANYMARKET orders into M2, from the order feed or from callbacks.

``import_orders`` drains the order feed; ``handle_callback`` processes one notification.
Both run every order through one pipeline, each step recorded in the ledger before the
next one starts, so a run killed anywhere is resumed by the next without loss or
duplicate:

1. ``ledger.begin_order(id, token)`` for each feed entry of the order;
2. ``client.orders.get(id)``, then ``map_order`` (routing: channel, fulfillment);
3. ``sink.write_order`` (idempotent by ANYMARKET id) -> ``ledger.mark_imported``;
4. ``client.orders.set_partner_id`` (the M2 number on the ANYMARKET order) ->
   ``ledger.mark_partner_id_written``;
5. only then ``client.order_feed.ack`` -> ``ledger.mark_acked`` for every token.

A cancelled order never creates an M2 order: a known one is cancelled in the sink
(``sink.cancel``), an unknown one is only noted. An order the mapping holds (unknown SKU,
unmapped channel, placeholder buyer document when the seller issues the NF-e...) is held
in the ledger with its reason, reported once per reason to the seller's panel
(``orders.report_transmission(ok=False)``) and left unacknowledged, so the feed brings it
back on later runs; once it imports, the panel is told it is fine (``ok=True``).
"""

from __future__ import annotations

import threading
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from enum import StrEnum
from typing import Any, Final, Literal, TypeVar

import anyio
import attrs

from anymarket_sdk import (
    AnymarketError,
    AuthenticationError,
    NotFoundError,
    PermissionDeniedError,
)
from anymarket_sdk.models import Order, OrderFeedItem
from anymarket_sdk.models import OrderStatus as AmStatus
from anymarket_sdk.webhooks import (
    Deduplicator,
    InvalidNotification,
    Notification,
    NotificationType,
    WrongAccount,
    parse_notification,
)

from ..ledger import OrderEntry, OrderState
from ..m2 import Item, SalesOrder
from ..m2 import OrderStatus as M2Status
from ..mapping import Held, MappingConfig, map_order
from ._context import AsyncSyncContext, SyncContext
from ._reports import Failure, masked_message, plural

__all__ = [
    "MAX_CONCURRENCY",
    "CallbackOutcome",
    "CallbackStatus",
    "HeldOrder",
    "IntakeAction",
    "IntakeReport",
    "IntakeStop",
    "OrderOutcome",
    "async_handle_callback",
    "async_import_orders",
    "handle_callback",
    "import_orders",
]


W = TypeVar("W")

MAX_CONCURRENCY: Final = 32
"""The most orders handled at once (``concurrency``)."""
FLOW: Final = "order_intake"
"""The flow name in the ledger's run log."""
PANEL_KEY: Final = "order_intake.panel_error:"
"""Ledger checkpoint prefix: the hold reason last reported to the panel for an order
(``""`` once the panel was told the order is fine)."""
PARTNER_ID_CONFLICT: Final = "partner_id_conflict"
"""Hold code: the ANYMARKET order already carries another ERP number."""

_FATAL: Final = (AuthenticationError, PermissionDeniedError)
_ACK_ONLY: Final = (OrderState.PARTNER_ID_WRITTEN, OrderState.CANCELED)
_HOLDABLE: Final = (
    OrderState.RECEIVED,
    OrderState.IMPORTED,
    OrderState.PARTNER_ID_WRITTEN,
    OrderState.UPDATED,
    OrderState.HELD,
)


# --- reports ----------------------------------------------------------------------------------


class IntakeAction(StrEnum):
    """What the intake did with one ANYMARKET order (in a dry run: would do)."""

    IMPORTED = "imported"
    """A new M2 order was created."""
    UPDATED = "updated"
    """The known M2 order was rewritten (content, or PENDING -> OPEN)."""
    UNCHANGED = "unchanged"
    """The M2 order already had it all (only feed entries may have been acknowledged)."""
    CANCELED = "canceled"
    """The M2 order is cancelled (``sink.cancel``)."""
    DISCARDED = "discarded"
    """Cancelled before it reached M2: nothing was written."""
    HELD = "held"
    """Held for a person; its feed entries stay unacknowledged."""
    FAILED = "failed"
    """A step failed; the next run resumes from the last recorded step."""


@attrs.frozen(kw_only=True)
class OrderOutcome:
    """One order handled by a run."""

    anymarket_order_id: str
    action: IntakeAction
    m2_order_number: str | None = None
    channel: str | None = None
    """The M2 sales channel code (``ML``, ``ML-FULL``...) when the order was mapped."""
    fulfillment: bool | None = None
    acked: int = 0
    """Feed entries of the order acknowledged by this run."""
    message: str | None = None
    """Why it was held, failed or cancelled (masked)."""


@attrs.frozen(kw_only=True)
class HeldOrder:
    """An order held for a person: what to fix, and whether the panel was told this run."""

    anymarket_order_id: str
    reasons: tuple[str, ...]
    """``HoldReason`` values of the mapping, or ``partner_id_conflict``."""
    message: str
    reported: bool = False


class IntakeStop(StrEnum):
    """Why ``import_orders`` stopped."""

    FEED_EMPTY = "feed_empty"
    """A read brought nothing new."""
    FEED_BLOCKED = "feed_blocked"
    """A full read brought only entries already handled in this run: held orders fill the
    front of the feed (ANYMARKET serves it oldest first), so newer entries cannot be
    reached until holds are released or the batch size is raised."""
    MAX_ITEMS = "max_items"
    MAX_SECONDS = "max_seconds"
    READ_FAILED = "read_failed"
    """Reading the feed failed (after the client's retries): see ``failures``."""


def _count(outcomes: Iterable[OrderOutcome], action: IntakeAction) -> int:
    return sum(1 for o in outcomes if o.action is action)


@attrs.frozen(kw_only=True)
class IntakeReport:
    """What one ``import_orders`` run did.

    ``feed_entries`` counts the new feed entries read, ``acked`` the entries acknowledged,
    ``resumed`` the orders taken from the ledger's unfinished work before reading the feed.
    ``reads``/``writes`` count the requests the flow sent (the client's retries excluded).
    """

    outcomes: tuple[OrderOutcome, ...] = ()
    held: tuple[HeldOrder, ...] = ()
    failures: tuple[Failure, ...] = ()
    feed_entries: int = 0
    acked: int = 0
    resumed: int = 0
    reads: int = 0
    writes: int = 0
    stopped_because: IntakeStop = IntakeStop.FEED_EMPTY
    dry_run: bool = False

    @property
    def imported(self) -> int:
        return _count(self.outcomes, IntakeAction.IMPORTED)

    @property
    def updated(self) -> int:
        return _count(self.outcomes, IntakeAction.UPDATED)

    @property
    def unchanged(self) -> int:
        return _count(self.outcomes, IntakeAction.UNCHANGED)

    @property
    def canceled(self) -> int:
        return _count(self.outcomes, IntakeAction.CANCELED)

    @property
    def discarded(self) -> int:
        return _count(self.outcomes, IntakeAction.DISCARDED)

    @property
    def failed(self) -> int:
        return _count(self.outcomes, IntakeAction.FAILED)

    @property
    def requests(self) -> int:
        return self.reads + self.writes

    @property
    def ok(self) -> bool:
        """Nothing failed (held orders are not failures)."""
        return not self.failures and self.stopped_because is not IntakeStop.READ_FAILED

    def outcome(self, anymarket_order_id: str | int) -> OrderOutcome | None:
        """The last outcome of an order in this run, or ``None``."""
        key = str(anymarket_order_id)
        found = [o for o in self.outcomes if o.anymarket_order_id == key]
        return found[-1] if found else None

    def summary(self) -> str:
        prefix = "order intake (dry run)" if self.dry_run else "order intake"
        return (
            f"{prefix}: {self.imported} imported, {self.updated} updated, "
            f"{self.unchanged} unchanged, {self.canceled} canceled, "
            f"{self.discarded} discarded, {len(self.held)} held, {self.failed} failed; "
            f"{plural(self.feed_entries, 'feed entry', 'feed entries')} read, "
            f"{self.acked} acknowledged, {self.resumed} resumed; "
            f"{plural(self.requests, 'request')}; stopped: {self.stopped_because.value}"
        )


class CallbackStatus(StrEnum):
    """What ``handle_callback`` made of a notification."""

    PROCESSED = "processed"
    HELD = "held"
    DUPLICATE = "duplicate"
    """Seen within the deduplicator's window: nothing done."""
    IGNORED = "ignored"
    """Not an order notification (or no numeric id): nothing done."""
    INVALID = "invalid"
    WRONG_ACCOUNT = "wrong_account"
    FAILED = "failed"


_HTTP_STATUS: Final = {
    CallbackStatus.INVALID: 400,
    CallbackStatus.WRONG_ACCOUNT: 403,
    CallbackStatus.FAILED: 503,
}


@attrs.frozen(kw_only=True)
class CallbackOutcome:
    """The result of one notification. ``http_status`` is what a web endpoint should
    answer: 200, or 400 (malformed), 403 (another account), 503 (failed: ANYMARKET
    retries, and the feed has the change anyway)."""

    status: CallbackStatus
    notification: Notification | None = None
    order: OrderOutcome | None = None
    held: HeldOrder | None = None
    failures: tuple[Failure, ...] = ()
    message: str | None = None
    reads: int = 0
    writes: int = 0

    @property
    def http_status(self) -> int:
        return _HTTP_STATUS.get(self.status, 200)

    @property
    def requests(self) -> int:
        return self.reads + self.writes

    def summary(self) -> str:
        parts = [f"callback {self.status.value}"]
        if self.order is not None:
            parts.append(f"order {self.order.anymarket_order_id} {self.order.action.value}")
        elif self.message:
            parts.append(self.message)
        return ": ".join(parts) + f"; {plural(self.requests, 'request')}"


# --- pure pieces -----------------------------------------------------------------------------


def _check_int(name: str, value: object, low: int, high: int | None = None) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < low:
        raise ValueError(f"{name} must be an int >= {low}, got {value!r}")
    if high is not None and value > high:
        raise ValueError(f"{name} must be at most {high}, got {value!r}")
    return value


def check_settings(
    batch_size: object, max_items: object, max_seconds: object, concurrency: object
) -> tuple[int, int | None, float | None, int]:
    """Validate ``import_orders``' budget arguments (``ValueError``)."""
    size = _check_int("batch_size", batch_size, 5, 100)
    items = None if max_items is None else _check_int("max_items", max_items, 1)
    seconds: float | None = None
    if max_seconds is not None:
        if isinstance(max_seconds, bool) or not isinstance(max_seconds, int | float):
            raise ValueError(f"max_seconds must be a number, got {max_seconds!r}")
        if not max_seconds > 0:
            raise ValueError(f"max_seconds must be > 0, got {max_seconds!r}")
        seconds = float(max_seconds)
    workers = _check_int("concurrency", concurrency, 1, MAX_CONCURRENCY)
    return size, items, seconds, workers


PlanKind = Literal["cancel", "hold", "write"]


@attrs.frozen(kw_only=True)
class OrderPlan:
    """What the pipeline does with a fetched order (pure: ``plan_order``)."""

    kind: PlanKind
    sales_order: SalesOrder | None = None
    status: M2Status | None = None
    channel: str | None = None
    fulfillment: bool | None = None
    reasons: tuple[str, ...] = ()
    message: str | None = None


def _hold_message(held: Sequence[Held]) -> str:
    parts = [f"{h.reason.value} ({h.path}): {h.detail}" for h in held[:3]]
    if len(held) > 3:
        parts.append(f"and {len(held) - 3} more")
    return masked_message("; ".join(parts) or "the order could not be mapped")


def plan_order(order: Order, *, config: MappingConfig, items: Mapping[str, Item]) -> OrderPlan:
    """Cancel (a cancelled order is never mapped: a known M2 order is cancelled whatever its
    data), hold (the mapping's reasons) or write (the M2 order and its status)."""
    if order.status == AmStatus.CANCELED:
        reason = (order.cancel_details or "").strip() or "canceled on ANYMARKET"
        return OrderPlan(kind="cancel", message=masked_message(reason))
    result = map_order(order, config=config, items=items)
    mapped = result.value
    if mapped is None or result.held:
        reasons = tuple(dict.fromkeys(h.reason.value for h in result.held)) or ("unmappable",)
        return OrderPlan(kind="hold", reasons=reasons, message=_hold_message(result.held))
    decision = mapped.decision
    return OrderPlan(
        kind="write",
        sales_order=mapped.order,
        status=decision.m2_status,
        channel=decision.channel.code,
        fulfillment=decision.fulfillment,
    )


def partner_id_step(order: Order, entry: OrderEntry, number: str) -> Literal["done", "write"] | str:
    """``"done"`` (already written, or the order carries our number: a crash after the
    PUT), ``"write"``, or the other ERP number the order carries (a conflict)."""
    if entry.partner_id_written:
        return "done"
    current = (order.partner_id or "").strip()
    if not current:
        return "write"
    return "done" if current == number else current


def ack_candidates(read_tokens: Sequence[str], pending: Sequence[str]) -> list[str]:
    """The tokens to try, in order: those of this read, then the ledger's other pending
    ones. One acknowledgement without ``status`` clears every entry of the order, so the
    first success settles them all; a 404 only says that one token is gone."""
    out = list(dict.fromkeys(read_tokens))
    out.extend(t for t in pending if t not in out)
    return out


def panel_message(message: str) -> str:
    return masked_message(f"M2 integration: order held: {message}")


def _outcome_for_write(created: bool, changed: bool) -> IntakeAction:
    if created:
        return IntakeAction.IMPORTED
    return IntakeAction.UPDATED if changed else IntakeAction.UNCHANGED


@attrs.define
class OrderWork:
    """What handling one order did; merged into the run's report by the caller (so
    concurrent workers share nothing)."""

    order_id: int
    reads: int = 0
    writes: int = 0
    outcome: OrderOutcome | None = None
    held: HeldOrder | None = None
    failures: list[Failure] = attrs.field(factory=list[Failure])

    @property
    def oid(self) -> str:
        return str(self.order_id)

    @property
    def subject(self) -> str:
        return f"order {self.order_id}"

    def done(self, action: IntakeAction, **fields: Any) -> OrderWork:
        self.outcome = OrderOutcome(anymarket_order_id=self.oid, action=action, **fields)
        return self

    def fail(self, exc: BaseException | str, code: str = "request_failed") -> OrderWork:
        failure = Failure.of(self.subject, exc, code=code)
        self.failures.append(failure)
        if self.outcome is None:
            self.done(IntakeAction.FAILED, message=failure.message)
        return self


@attrs.define
class Collector:
    """The run's accumulated results (touched only by the coordinating thread/task)."""

    outcomes: list[OrderOutcome] = attrs.field(factory=list[OrderOutcome])
    held: list[HeldOrder] = attrs.field(factory=list[HeldOrder])
    failures: list[Failure] = attrs.field(factory=list[Failure])
    reads: int = 0
    writes: int = 0
    acked: int = 0

    def add(self, work: OrderWork) -> None:
        self.reads += work.reads
        self.writes += work.writes
        self.failures.extend(work.failures)
        if work.held is not None:
            self.held.append(work.held)
        if work.outcome is not None:
            self.outcomes.append(work.outcome)
            self.acked += work.outcome.acked


@attrs.define
class _FeedRun:
    """One feed run's budget and the entries it has seen (no I/O)."""

    batch_size: int
    max_items: int | None
    max_seconds: float | None
    started: float
    handled: int = 0
    entries: int = 0
    seen: set[tuple[int, str]] = attrs.field(factory=set[tuple[int, str]])

    def spent(self, now: float) -> IntakeStop | None:
        if self.max_items is not None and self.handled >= self.max_items:
            return IntakeStop.MAX_ITEMS
        if self.max_seconds is not None and now - self.started >= self.max_seconds:
            return IntakeStop.MAX_SECONDS
        return None

    def room(self) -> int | None:
        return None if self.max_items is None else max(0, self.max_items - self.handled)

    def read_size(self) -> int:
        room = self.room()
        return self.batch_size if room is None else max(5, min(self.batch_size, room))

    def take(self, groups: Sequence[tuple[int, Sequence[str]]]) -> list[tuple[int, list[str]]]:
        room = self.room()
        chosen = [(oid, list(tokens)) for oid, tokens in groups]
        if room is not None:
            chosen = chosen[:room]
        for oid, tokens in chosen:
            self.seen.update((oid, t) for t in tokens)
        self.handled += len(chosen)
        return chosen

    def accept(self, batch: Sequence[OrderFeedItem]) -> list[tuple[int, list[str]]]:
        """New entries of a read grouped by order id (first-seen order), within budget."""
        groups: dict[int, list[str]] = {}
        for item in batch:
            if (item.id, item.token) not in self.seen:
                tokens = groups.setdefault(item.id, [])
                if item.token not in tokens:
                    tokens.append(item.token)
        chosen = self.take(list(groups.items()))
        self.entries += sum(len(t) for _, t in chosen)
        return chosen

    def resume(self, entries: Sequence[OrderEntry]) -> list[tuple[int, list[str]]]:
        groups = [
            (int(e.anymarket_order_id), list(e.pending_tokens))
            for e in entries
            if e.anymarket_order_id.isdigit()
        ]
        return self.take(groups)


def _report(
    run: _FeedRun, got: Collector, *, resumed: int, stop: IntakeStop, dry: bool
) -> IntakeReport:
    return IntakeReport(
        outcomes=tuple(got.outcomes),
        held=tuple(got.held),
        failures=tuple(got.failures),
        feed_entries=run.entries,
        acked=got.acked,
        resumed=resumed,
        reads=got.reads,
        writes=got.writes,
        stopped_because=stop,
        dry_run=dry,
    )


def _counters(report: IntakeReport) -> dict[str, int]:
    return {
        "imported": report.imported,
        "updated": report.updated,
        "canceled": report.canceled,
        "held": len(report.held),
        "failed": report.failed,
        "acked": report.acked,
        "requests": report.requests,
    }


def is_fatal(exc: BaseException) -> bool:
    return isinstance(exc, _FATAL)


# --- the catalogue a run maps against ---------------------------------------------------------


class ItemCache:
    """The M2 items by code, read from the source once per run, on first need."""

    def __init__(self) -> None:
        self._items: dict[str, Item] | None = None
        self._lock = threading.Lock()

    def get(self, ctx: SyncContext) -> dict[str, Item]:
        with self._lock:
            if self._items is None:
                self._items = {i.code: i for i in ctx.source.items()}
            return self._items


class AsyncItemCache:
    def __init__(self) -> None:
        self._items: dict[str, Item] | None = None
        self._lock = anyio.Lock()

    async def get(self, ctx: AsyncSyncContext) -> dict[str, Item]:
        async with self._lock:
            if self._items is None:
                self._items = {i.code: i async for i in ctx.source.items()}
            return self._items


# --- the pipeline (sync) ----------------------------------------------------------------------


def _begin(ctx: SyncContext, oid: str, tokens: Sequence[str], dry_run: bool) -> OrderEntry | None:
    if dry_run:
        return ctx.ledger.order(oid)
    entry = None
    for token in tokens:
        entry = ctx.ledger.begin_order(oid, token)
    return entry if entry is not None else ctx.ledger.begin_order(oid)


def _ack(ctx: SyncContext, w: OrderWork, read_tokens: Sequence[str], entry: OrderEntry) -> int:
    """Acknowledge the order's feed entries (``entry``: the ledger's latest, with its
    pending tokens), then record them (see ``ack_candidates``)."""
    pending = list(entry.pending_tokens)
    settled: set[str] = set()
    for token in ack_candidates(read_tokens, pending):
        try:
            w.writes += 1
            ctx.client.order_feed.ack(w.order_id, token)
        except NotFoundError:
            ctx.ledger.mark_acked(token)  # gone already (acknowledged before, or replaced)
            settled.add(token)
            continue
        for t in [token, *pending]:
            if t not in settled:
                ctx.ledger.mark_acked(t)
                settled.add(t)
        break
    return len(settled)


def _report_panel(ctx: SyncContext, w: OrderWork, ok: bool, message: str | None) -> bool:
    try:
        w.writes += 1
        ctx.client.orders.report_transmission(w.order_id, ok, message)
    except AnymarketError as exc:
        if is_fatal(exc):
            raise
        w.failures.append(Failure.of(w.subject, exc, code="panel_report_failed"))
        return False
    ctx.ledger.set_checkpoint(PANEL_KEY + w.oid, message or "")
    return True


def _hold(
    ctx: SyncContext,
    w: OrderWork,
    entry: OrderEntry | None,
    *,
    reasons: tuple[str, ...],
    message: str,
    dry_run: bool,
    **fields: Any,
) -> OrderWork:
    text = masked_message(message)
    reported = False
    if not dry_run:
        if entry is not None and entry.state in _HOLDABLE:
            ctx.ledger.hold(w.oid, text)
        note = panel_message(message)
        if ctx.ledger.checkpoint(PANEL_KEY + w.oid) != note:
            reported = _report_panel(ctx, w, False, note)
    w.held = HeldOrder(
        anymarket_order_id=w.oid, reasons=reasons, message=message, reported=reported
    )
    return w.done(IntakeAction.HELD, message=text, **fields)


def _cancel(
    ctx: SyncContext,
    w: OrderWork,
    plan: OrderPlan,
    read_tokens: Sequence[str],
    dry_run: bool,
) -> OrderWork:
    record = ctx.sink.find_by_anymarket_id(w.oid)
    number = record.m2_order_number if record is not None else None
    if record is None:
        action = IntakeAction.DISCARDED
    elif record.status is M2Status.CANCELED:
        action = IntakeAction.UNCHANGED
    else:
        action = IntakeAction.CANCELED
        if not dry_run:
            ctx.sink.cancel(w.oid, reason=plan.message)
    w.done(action, m2_order_number=number, message=plan.message)
    if dry_run:
        return w
    entry = ctx.ledger.mark_canceled(w.oid, plan.message)
    acked = _ack(ctx, w, read_tokens, entry)
    return w.done(action, m2_order_number=number, acked=acked, message=plan.message)


def _write(
    ctx: SyncContext,
    w: OrderWork,
    order: Order,
    *,
    entry: OrderEntry | None,
    plan: OrderPlan,
    read_tokens: Sequence[str],
    dry_run: bool,
) -> OrderWork:
    assert plan.sales_order is not None
    assert plan.status is not None
    where = {"channel": plan.channel, "fulfillment": plan.fulfillment}
    if dry_run or entry is None:
        record = ctx.sink.find_by_anymarket_id(w.oid)
        action = IntakeAction.IMPORTED if record is None else IntakeAction.UPDATED
        number = None if record is None else record.m2_order_number
        return w.done(action, m2_order_number=number, **where)
    was_held = entry.state is OrderState.HELD
    if was_held:
        entry = ctx.ledger.release_hold(w.oid)
    receipt = ctx.sink.write_order(plan.sales_order, status=plan.status)
    number = receipt.m2_order_number
    entry = ctx.ledger.mark_imported(w.oid, number)
    step = partner_id_step(order, entry, number)
    if step not in ("done", "write"):
        message = (
            f"{PARTNER_ID_CONFLICT}: the ANYMARKET order already carries the ERP number "
            f"{step!r}, not {number!r}"
        )
        return _hold(
            ctx,
            w,
            entry,
            reasons=(PARTNER_ID_CONFLICT,),
            message=message,
            dry_run=dry_run,
            m2_order_number=number,
            **where,
        )
    if step == "write":
        w.writes += 1
        ctx.client.orders.set_partner_id(w.order_id, number)
    entry = ctx.ledger.mark_partner_id_written(w.oid)
    if was_held and ctx.ledger.checkpoint(PANEL_KEY + w.oid):
        _report_panel(ctx, w, True, None)
    action = _outcome_for_write(receipt.created, receipt.changed)
    w.done(action, m2_order_number=number, **where)
    acked = _ack(ctx, w, read_tokens, entry)
    return w.done(action, m2_order_number=number, acked=acked, **where)


def process_order(
    ctx: SyncContext,
    items: ItemCache,
    order_id: int,
    tokens: Sequence[str] = (),
    *,
    order: Order | None = None,
    force: bool = False,
    dry_run: bool = False,
) -> OrderWork:
    """Run one order through the pipeline (``tokens``: its feed entries; ``order``: the
    order when already fetched; ``force``: process even when only acknowledgements are
    left). Failures are recorded in the result, except authentication errors (raised)."""
    w = OrderWork(order_id)
    try:
        entry = _begin(ctx, w.oid, tokens, dry_run)
        if entry is not None and not force and entry.state in _ACK_ONLY:
            acked = 0 if dry_run else _ack(ctx, w, tokens, entry)
            action = (
                IntakeAction.CANCELED
                if entry.state is OrderState.CANCELED
                else IntakeAction.UNCHANGED
            )
            return w.done(action, m2_order_number=entry.m2_order_number, acked=acked)
        if order is None:
            w.reads += 1
            order = ctx.client.orders.get(order_id)
        plan = plan_order(order, config=ctx.config, items=items.get(ctx))
        if plan.kind == "cancel":
            return _cancel(ctx, w, plan, tokens, dry_run)
        if plan.kind == "hold":
            return _hold(
                ctx, w, entry, reasons=plan.reasons, message=plan.message or "", dry_run=dry_run
            )
        return _write(ctx, w, order, entry=entry, plan=plan, read_tokens=tokens, dry_run=dry_run)
    except Exception as exc:
        if is_fatal(exc):
            raise
        return w.fail(exc)


def run_jobs(
    jobs: Sequence[Callable[[], W]], concurrency: int, collect: Callable[[W], object]
) -> None:
    """Run ``jobs`` with at most ``concurrency`` worker threads; ``collect`` gets each
    result, in job order, on the calling thread."""
    if concurrency <= 1 or len(jobs) <= 1:
        for job in jobs:
            collect(job())
        return
    with ThreadPoolExecutor(min(concurrency, len(jobs)), thread_name_prefix="m2-sync") as pool:
        futures = [pool.submit(job) for job in jobs]
        try:
            for future in futures:
                collect(future.result())
        except BaseException:
            for future in futures:
                future.cancel()  # the jobs not started yet; running ones finish
            raise


def _finish_run(ctx: SyncContext, run_id: str | None, report: IntakeReport) -> None:
    if run_id is not None:
        ctx.ledger.finish_run(run_id, ok=report.ok, counters=_counters(report))


def import_orders(
    ctx: SyncContext,
    *,
    batch_size: int = 100,
    max_items: int | None = None,
    max_seconds: float | None = None,
    concurrency: int = 1,
    dry_run: bool = False,
) -> IntakeReport:
    """Drain the order feed into M2 (see the module docstring for the steps).

    First the ledger's unfinished orders are resumed (``pending_orders``), then the feed is
    read ``batch_size`` entries at a time (5..100) until a read brings nothing new, or
    ``max_items`` orders were handled, or ``max_seconds`` passed on the client's clock.
    Entries of one order in a read are handled once. ``concurrency`` orders are handled at
    once (1..32, worker threads). ``dry_run=True`` reads the feed and the orders, maps them
    and reports what would happen, writing nothing anywhere (sink, ledger, ANYMARKET).
    Authentication and permission errors are raised; everything else is reported.
    """
    size, limit, seconds, workers = check_settings(batch_size, max_items, max_seconds, concurrency)
    clock = ctx.client.clock
    run = _FeedRun(size, limit, seconds, clock.monotonic())
    got = Collector()
    items = ItemCache()
    run_id = None if dry_run else ctx.ledger.start_run(FLOW)
    resumed = 0
    stop = IntakeStop.FEED_EMPTY

    def job(oid: int, tokens: Sequence[str]) -> Callable[[], OrderWork]:
        def go() -> OrderWork:
            return process_order(ctx, items, oid, tokens, dry_run=dry_run)

        return go

    try:
        if not dry_run:
            groups = run.resume(ctx.ledger.pending_orders())
            resumed = len(groups)
            run_jobs([job(o, t) for o, t in groups], workers, got.add)
        while (spent := run.spent(clock.monotonic())) is None:
            read = run.read_size()
            try:
                got.reads += 1
                batch = ctx.client.order_feed.read(limit=read)
            except AnymarketError as exc:
                if is_fatal(exc):
                    raise
                got.failures.append(Failure.of("order feed", exc, code="feed_read_failed"))
                stop = IntakeStop.READ_FAILED
                break
            groups = run.accept(batch)
            if not groups:
                full = len(batch) >= read
                stop = IntakeStop.FEED_BLOCKED if full else IntakeStop.FEED_EMPTY
                break
            run_jobs([job(o, t) for o, t in groups], workers, got.add)
        else:
            stop = spent
    except BaseException as exc:
        if run_id is not None:
            ctx.ledger.finish_run(run_id, ok=False, error=masked_message(exc))
        raise
    report = _report(run, got, resumed=resumed, stop=stop, dry=dry_run)
    _finish_run(ctx, run_id, report)
    return report


# --- the pipeline (async) ---------------------------------------------------------------------


async def _abegin(
    ctx: AsyncSyncContext, oid: str, tokens: Sequence[str], dry_run: bool
) -> OrderEntry | None:
    if dry_run:
        return await ctx.ledger.order(oid)
    entry = None
    for token in tokens:
        entry = await ctx.ledger.begin_order(oid, token)
    return entry if entry is not None else await ctx.ledger.begin_order(oid)


async def _aack(
    ctx: AsyncSyncContext, w: OrderWork, read_tokens: Sequence[str], entry: OrderEntry
) -> int:
    pending = list(entry.pending_tokens)
    settled: set[str] = set()
    for token in ack_candidates(read_tokens, pending):
        try:
            w.writes += 1
            await ctx.client.order_feed.ack(w.order_id, token)
        except NotFoundError:
            await ctx.ledger.mark_acked(token)
            settled.add(token)
            continue
        for t in [token, *pending]:
            if t not in settled:
                await ctx.ledger.mark_acked(t)
                settled.add(t)
        break
    return len(settled)


async def _areport_panel(
    ctx: AsyncSyncContext, w: OrderWork, ok: bool, message: str | None
) -> bool:
    try:
        w.writes += 1
        await ctx.client.orders.report_transmission(w.order_id, ok, message)
    except AnymarketError as exc:
        if is_fatal(exc):
            raise
        w.failures.append(Failure.of(w.subject, exc, code="panel_report_failed"))
        return False
    await ctx.ledger.set_checkpoint(PANEL_KEY + w.oid, message or "")
    return True


async def _ahold(
    ctx: AsyncSyncContext,
    w: OrderWork,
    entry: OrderEntry | None,
    *,
    reasons: tuple[str, ...],
    message: str,
    dry_run: bool,
    **fields: Any,
) -> OrderWork:
    text = masked_message(message)
    reported = False
    if not dry_run:
        if entry is not None and entry.state in _HOLDABLE:
            await ctx.ledger.hold(w.oid, text)
        note = panel_message(message)
        if await ctx.ledger.checkpoint(PANEL_KEY + w.oid) != note:
            reported = await _areport_panel(ctx, w, False, note)
    w.held = HeldOrder(
        anymarket_order_id=w.oid, reasons=reasons, message=message, reported=reported
    )
    return w.done(IntakeAction.HELD, message=text, **fields)


async def _acancel(
    ctx: AsyncSyncContext,
    w: OrderWork,
    plan: OrderPlan,
    read_tokens: Sequence[str],
    dry_run: bool,
) -> OrderWork:
    record = await ctx.sink.find_by_anymarket_id(w.oid)
    number = record.m2_order_number if record is not None else None
    if record is None:
        action = IntakeAction.DISCARDED
    elif record.status is M2Status.CANCELED:
        action = IntakeAction.UNCHANGED
    else:
        action = IntakeAction.CANCELED
        if not dry_run:
            await ctx.sink.cancel(w.oid, reason=plan.message)
    w.done(action, m2_order_number=number, message=plan.message)
    if dry_run:
        return w
    entry = await ctx.ledger.mark_canceled(w.oid, plan.message)
    acked = await _aack(ctx, w, read_tokens, entry)
    return w.done(action, m2_order_number=number, acked=acked, message=plan.message)


async def _awrite(
    ctx: AsyncSyncContext,
    w: OrderWork,
    order: Order,
    *,
    entry: OrderEntry | None,
    plan: OrderPlan,
    read_tokens: Sequence[str],
    dry_run: bool,
) -> OrderWork:
    assert plan.sales_order is not None
    assert plan.status is not None
    where = {"channel": plan.channel, "fulfillment": plan.fulfillment}
    if dry_run or entry is None:
        record = await ctx.sink.find_by_anymarket_id(w.oid)
        action = IntakeAction.IMPORTED if record is None else IntakeAction.UPDATED
        number = None if record is None else record.m2_order_number
        return w.done(action, m2_order_number=number, **where)
    was_held = entry.state is OrderState.HELD
    if was_held:
        entry = await ctx.ledger.release_hold(w.oid)
    receipt = await ctx.sink.write_order(plan.sales_order, status=plan.status)
    number = receipt.m2_order_number
    entry = await ctx.ledger.mark_imported(w.oid, number)
    step = partner_id_step(order, entry, number)
    if step not in ("done", "write"):
        message = (
            f"{PARTNER_ID_CONFLICT}: the ANYMARKET order already carries the ERP number "
            f"{step!r}, not {number!r}"
        )
        return await _ahold(
            ctx,
            w,
            entry,
            reasons=(PARTNER_ID_CONFLICT,),
            message=message,
            dry_run=dry_run,
            m2_order_number=number,
            **where,
        )
    if step == "write":
        w.writes += 1
        await ctx.client.orders.set_partner_id(w.order_id, number)
    entry = await ctx.ledger.mark_partner_id_written(w.oid)
    if was_held and await ctx.ledger.checkpoint(PANEL_KEY + w.oid):
        await _areport_panel(ctx, w, True, None)
    action = _outcome_for_write(receipt.created, receipt.changed)
    w.done(action, m2_order_number=number, **where)
    acked = await _aack(ctx, w, read_tokens, entry)
    return w.done(action, m2_order_number=number, acked=acked, **where)


async def async_process_order(
    ctx: AsyncSyncContext,
    items: AsyncItemCache,
    order_id: int,
    tokens: Sequence[str] = (),
    *,
    order: Order | None = None,
    force: bool = False,
    dry_run: bool = False,
) -> OrderWork:
    """The async twin of ``process_order``."""
    w = OrderWork(order_id)
    try:
        entry = await _abegin(ctx, w.oid, tokens, dry_run)
        if entry is not None and not force and entry.state in _ACK_ONLY:
            acked = 0 if dry_run else await _aack(ctx, w, tokens, entry)
            action = (
                IntakeAction.CANCELED
                if entry.state is OrderState.CANCELED
                else IntakeAction.UNCHANGED
            )
            return w.done(action, m2_order_number=entry.m2_order_number, acked=acked)
        if order is None:
            w.reads += 1
            order = await ctx.client.orders.get(order_id)
        plan = plan_order(order, config=ctx.config, items=await items.get(ctx))
        if plan.kind == "cancel":
            return await _acancel(ctx, w, plan, tokens, dry_run)
        if plan.kind == "hold":
            return await _ahold(
                ctx, w, entry, reasons=plan.reasons, message=plan.message or "", dry_run=dry_run
            )
        return await _awrite(
            ctx, w, order, entry=entry, plan=plan, read_tokens=tokens, dry_run=dry_run
        )
    except Exception as exc:
        if is_fatal(exc):
            raise
        return w.fail(exc)


def first_error(group: BaseExceptionGroup[BaseException]) -> BaseException:
    """The first error of a task group's (possibly nested) group, cancellations last."""
    flat: list[BaseException] = []
    pending: list[BaseException] = [group]
    while pending:
        exc = pending.pop(0)
        if isinstance(exc, BaseExceptionGroup):
            inner: BaseExceptionGroup[BaseException] = exc  # pyright: ignore[reportUnknownVariableType]
            pending[:0] = list(inner.exceptions)
        else:
            flat.append(exc)
    cancelled = anyio.get_cancelled_exc_class()
    return next((e for e in flat if not isinstance(e, cancelled)), flat[0])


async def arun_jobs(
    jobs: Sequence[Callable[[], Awaitable[W]]],
    concurrency: int,
    collect: Callable[[W], object],
) -> None:
    """Run ``jobs`` as anyio tasks, at most ``concurrency`` at once; ``collect`` gets each
    result, in job order, once all are done."""
    if concurrency <= 1 or len(jobs) <= 1:
        for job in jobs:
            collect(await job())
        return
    results: list[W | None] = [None] * len(jobs)
    limiter = anyio.CapacityLimiter(concurrency)

    async def one(n: int, job: Callable[[], Awaitable[W]]) -> None:
        async with limiter:
            results[n] = await job()

    try:
        async with anyio.create_task_group() as tg:
            for n, job in enumerate(jobs):
                tg.start_soon(one, n, job)
    except BaseExceptionGroup as group:
        raise first_error(group) from None  # what the sync twin raises, not a group
    for result in results:
        if result is not None:
            collect(result)


async def async_import_orders(
    ctx: AsyncSyncContext,
    *,
    batch_size: int = 100,
    max_items: int | None = None,
    max_seconds: float | None = None,
    concurrency: int = 1,
    dry_run: bool = False,
) -> IntakeReport:
    """The async twin of ``import_orders`` (concurrency: anyio tasks under a
    ``CapacityLimiter``)."""
    size, limit, seconds, workers = check_settings(batch_size, max_items, max_seconds, concurrency)
    clock = ctx.client.clock
    run = _FeedRun(size, limit, seconds, clock.monotonic())
    got = Collector()
    items = AsyncItemCache()
    run_id = None if dry_run else await ctx.ledger.start_run(FLOW)
    resumed = 0
    stop = IntakeStop.FEED_EMPTY

    def job(oid: int, tokens: Sequence[str]) -> Callable[[], Awaitable[OrderWork]]:
        async def go() -> OrderWork:
            return await async_process_order(ctx, items, oid, tokens, dry_run=dry_run)

        return go

    try:
        if not dry_run:
            groups = run.resume(await ctx.ledger.pending_orders())
            resumed = len(groups)
            await arun_jobs([job(o, t) for o, t in groups], workers, got.add)
        while (spent := run.spent(clock.monotonic())) is None:
            read = run.read_size()
            try:
                got.reads += 1
                batch = await ctx.client.order_feed.read(limit=read)
            except AnymarketError as exc:
                if is_fatal(exc):
                    raise
                got.failures.append(Failure.of("order feed", exc, code="feed_read_failed"))
                stop = IntakeStop.READ_FAILED
                break
            groups = run.accept(batch)
            if not groups:
                full = len(batch) >= read
                stop = IntakeStop.FEED_BLOCKED if full else IntakeStop.FEED_EMPTY
                break
            await arun_jobs([job(o, t) for o, t in groups], workers, got.add)
        else:
            stop = spent
    except BaseException as exc:
        if run_id is not None:
            with anyio.CancelScope(shield=True):
                await ctx.ledger.finish_run(run_id, ok=False, error=masked_message(exc))
        raise
    report = _report(run, got, resumed=resumed, stop=stop, dry=dry_run)
    if run_id is not None:
        await ctx.ledger.finish_run(run_id, ok=report.ok, counters=_counters(report))
    return report


# --- callbacks --------------------------------------------------------------------------------


def _parse(
    body: bytes | bytearray | str | Mapping[str, Any], expected_oi: str | Iterable[str] | None
) -> Notification | CallbackOutcome:
    """The notification, or the outcome that ends the call (pure)."""
    try:
        notification = parse_notification(body, expected_oi=expected_oi)
    except WrongAccount as exc:
        return CallbackOutcome(status=CallbackStatus.WRONG_ACCOUNT, message=masked_message(exc))
    except InvalidNotification as exc:
        return CallbackOutcome(status=CallbackStatus.INVALID, message=masked_message(exc))
    if notification.type != NotificationType.ORDER or notification.resource_id is None:
        return CallbackOutcome(
            status=CallbackStatus.IGNORED,
            notification=notification,
            message=f"not an order notification ({notification.type.value})",
        )
    return notification


def _callback_outcome(notification: Notification, w: OrderWork) -> CallbackOutcome:
    outcome = w.outcome
    if outcome is not None and outcome.action is IntakeAction.HELD:
        status = CallbackStatus.HELD
    elif outcome is None or outcome.action is IntakeAction.FAILED:
        status = CallbackStatus.FAILED
    else:
        status = CallbackStatus.PROCESSED
    return CallbackOutcome(
        status=status,
        notification=notification,
        order=outcome,
        held=w.held,
        failures=tuple(w.failures),
        message=None if outcome is None else outcome.message,
        reads=w.reads,
        writes=w.writes,
    )


def handle_callback(
    ctx: SyncContext,
    body: bytes | bytearray | str | Mapping[str, Any],
    *,
    expected_oi: str | Iterable[str] | None = None,
    deduplicator: Deduplicator | None = None,
    dry_run: bool = False,
) -> CallbackOutcome:
    """Process one ANYMARKET notification (the raw body a web endpoint received).

    The body is parsed with ``anymarket_sdk.webhooks.parse_notification`` (with
    ``expected_oi``, a notification for another account is refused); a notification seen
    by ``deduplicator`` within its window is skipped. An ``ORDER`` notification runs the
    order through the intake pipeline (fetched fresh by id, so a forged body can at most
    cause a fetch); its feed entries are not acknowledged here: the next feed run does it,
    cheaply, since the ledger knows the order. Other types are ignored. Failures are in the
    outcome (and the notification is forgotten by the deduplicator, so a retry runs).
    """
    parsed = _parse(body, expected_oi)
    if isinstance(parsed, CallbackOutcome):
        return parsed
    if deduplicator is not None and deduplicator.seen(parsed):
        return CallbackOutcome(status=CallbackStatus.DUPLICATE, notification=parsed)
    assert parsed.resource_id is not None
    w = process_order(ctx, ItemCache(), parsed.resource_id, force=True, dry_run=dry_run)
    outcome = _callback_outcome(parsed, w)
    if deduplicator is not None and outcome.status is CallbackStatus.FAILED:
        deduplicator.forget(parsed)
    return outcome


async def async_handle_callback(
    ctx: AsyncSyncContext,
    body: bytes | bytearray | str | Mapping[str, Any],
    *,
    expected_oi: str | Iterable[str] | None = None,
    deduplicator: Deduplicator | None = None,
    dry_run: bool = False,
) -> CallbackOutcome:
    """The async twin of ``handle_callback``."""
    parsed = _parse(body, expected_oi)
    if isinstance(parsed, CallbackOutcome):
        return parsed
    if deduplicator is not None and deduplicator.seen(parsed):
        return CallbackOutcome(status=CallbackStatus.DUPLICATE, notification=parsed)
    assert parsed.resource_id is not None
    w = await async_process_order(
        ctx, AsyncItemCache(), parsed.resource_id, force=True, dry_run=dry_run
    )
    outcome = _callback_outcome(parsed, w)
    if deduplicator is not None and outcome.status is CallbackStatus.FAILED:
        deduplicator.forget(parsed)
    return outcome
