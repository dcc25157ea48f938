"""Fiscal send-back: M2 invoices, shipments and deliveries become ANYMARKET transitions.

For every M2 order with something to send (``source.invoices`` / ``shipments`` /
``deliveries``), in this order:

1. ``INVOICED`` with the NF-e (``map_invoice`` -> ``orders.invoice``);
2. the NF-e XML, when the invoice carries it (``orders.upload_nfe_xml``);
3. ``PAID_WAITING_DELIVERY`` with the tracking (``map_shipment`` -> ``orders.ship``);
4. ``CONCLUDED`` with the delivery date (``map_delivery`` -> ``orders.deliver``).

Never twice: each step is reserved in the ledger before its request
(``reserve_transition`` -> send -> ``record_sent``); steps the ledger has as sent cost no
request at all. The order is read from ANYMARKET once per run when a step is left: its
status is the ``current=`` every transition is validated against, and it settles steps
left *in doubt* by a crash (the status is there: recorded, not re-sent; it is not: the
reservation is dropped and the step sent). Fulfillment and cancelled orders get nothing
(their routing decision says no push-back; known ones are skipped without a request). A
step waits while the one before it is not on ANYMARKET (no shipment before the invoice).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Sequence
from datetime import datetime
from enum import StrEnum
from typing import Any, Final

import attrs

from anymarket_sdk import AnymarketError, APIStatusError, RequestValidationError
from anymarket_sdk.models import InvoiceData, Order, TrackingData
from anymarket_sdk.models import OrderStatus as AmStatus

from ..ledger import Reservation, ReserveOutcome
from ..m2 import Delivery, Invoice, OrderRecord, Shipment
from ..m2 import OrderStatus as M2Status
from ..mapping import (
    MappingConfig,
    OrderDecision,
    map_delivery,
    map_invoice,
    map_shipment,
    route_order,
)
from ..mapping import MappingResult as _Result
from ._context import AsyncSyncContext, SyncContext
from ._orders import arun_jobs, check_settings, is_fatal, run_jobs
from ._reports import Failure, masked_message, plural

__all__ = [
    "FiscalDocuments",
    "SendAction",
    "SendBackReport",
    "SendKind",
    "TransitionOutcome",
    "async_send_fiscal",
    "collect_documents",
    "send_fiscal",
]

FLOW: Final = "fiscal_sendback"


class SendKind(StrEnum):
    """One step of the send-back."""

    INVOICE = "invoice"
    NFE_XML = "nfe_xml"
    SHIPMENT = "shipment"
    DELIVERY = "delivery"


LEDGER_STATUS: Final = {
    SendKind.INVOICE: AmStatus.INVOICED.value,
    SendKind.NFE_XML: "NFE_XML",
    SendKind.SHIPMENT: AmStatus.PAID_WAITING_DELIVERY.value,
    SendKind.DELIVERY: AmStatus.CONCLUDED.value,
}
"""The ledger's transition key per step (the XML upload is a step of its own)."""

_TARGET: Final = {
    SendKind.INVOICE: AmStatus.INVOICED,
    SendKind.SHIPMENT: AmStatus.PAID_WAITING_DELIVERY,
    SendKind.DELIVERY: AmStatus.CONCLUDED,
}
_NEEDS: Final = {
    SendKind.NFE_XML: AmStatus.INVOICED,
    SendKind.SHIPMENT: AmStatus.INVOICED,
    SendKind.DELIVERY: AmStatus.PAID_WAITING_DELIVERY,
}
"""The status ANYMARKET must show before a step is sent."""
_RANK: Final = {
    AmStatus.PENDING: 0,
    AmStatus.PAID_WAITING_SHIP: 1,
    AmStatus.INVOICED: 2,
    AmStatus.PAID_WAITING_DELIVERY: 3,
    AmStatus.DELIVERY_ISSUE: 3,
    AmStatus.CONCLUDED: 4,
}


class SendAction(StrEnum):
    """What happened to one step (in a dry run: would happen)."""

    SENT = "sent"
    CONFIRMED = "confirmed"
    """Left in doubt by an earlier run; ANYMARKET shows it: recorded, not re-sent."""
    ALREADY_SENT = "already_sent"
    """The ledger has it as sent: no request."""
    ALREADY_THERE = "already_there"
    """ANYMARKET already showed the status (set elsewhere): recorded, not sent."""
    SKIPPED = "skipped"
    """No push-back: a fulfillment or cancelled order."""
    WAITING = "waiting"
    """An earlier step is not on ANYMARKET yet (or failed this run)."""
    HELD = "held"
    """The data cannot be sent (the mapping's reasons), or the order is unknown."""
    IN_DOUBT = "in_doubt"
    """The request may or may not have landed: the next run checks before re-sending."""
    FAILED = "failed"
    """ANYMARKET (or the SDK's checks) refused it: the reservation was dropped."""


_DONE: Final = frozenset(
    {SendAction.SENT, SendAction.CONFIRMED, SendAction.ALREADY_SENT, SendAction.ALREADY_THERE}
)


@attrs.frozen(kw_only=True)
class TransitionOutcome:
    """One step of one order."""

    m2_order_number: str
    anymarket_order_id: str | None
    kind: SendKind
    action: SendAction
    reasons: tuple[str, ...] = ()
    message: str | None = None


@attrs.frozen(kw_only=True)
class SendBackReport:
    """What one ``send_fiscal`` run did. ``in_doubt`` counts the reservations still not
    confirmed after the run (all orders, not only this run's)."""

    outcomes: tuple[TransitionOutcome, ...] = ()
    failures: tuple[Failure, ...] = ()
    in_doubt: int = 0
    reads: int = 0
    writes: int = 0
    dry_run: bool = False

    def count(self, action: SendAction, kind: SendKind | None = None) -> int:
        return sum(
            1 for o in self.outcomes if o.action is action and (kind is None or o.kind is kind)
        )

    @property
    def sent(self) -> int:
        """Steps sent by this run (``SENT``)."""
        return self.count(SendAction.SENT)

    @property
    def held(self) -> tuple[TransitionOutcome, ...]:
        return tuple(o for o in self.outcomes if o.action is SendAction.HELD)

    @property
    def requests(self) -> int:
        return self.reads + self.writes

    @property
    def ok(self) -> bool:
        return not self.failures

    def outcome(self, m2_order_number: str, kind: SendKind) -> TransitionOutcome | None:
        found = [
            o for o in self.outcomes if o.m2_order_number == m2_order_number and o.kind is kind
        ]
        return found[-1] if found else None

    def summary(self) -> str:
        prefix = "fiscal send-back (dry run)" if self.dry_run else "fiscal send-back"
        by_kind = ", ".join(f"{self.count(SendAction.SENT, k)} {k.value}" for k in SendKind)
        return (
            f"{prefix}: sent {by_kind}; {self.count(SendAction.ALREADY_SENT)} already sent, "
            f"{self.count(SendAction.CONFIRMED)} confirmed, "
            f"{self.count(SendAction.ALREADY_THERE)} already there, "
            f"{self.count(SendAction.SKIPPED)} skipped, {self.count(SendAction.WAITING)} "
            f"waiting, {len(self.held)} held, {self.count(SendAction.FAILED)} failed, "
            f"{self.in_doubt} in doubt; {plural(self.requests, 'request')}"
        )


# --- pure pieces -----------------------------------------------------------------------------

Document = Invoice | Shipment | Delivery


@attrs.frozen(kw_only=True)
class FiscalDocuments:
    """What M2 has to send for one order: the latest invoice, shipment and delivery."""

    m2_order_number: str
    anymarket_order_id: str | None = None
    invoice: Invoice | None = None
    shipment: Shipment | None = None
    delivery: Delivery | None = None

    def steps(self) -> list[tuple[SendKind, Document]]:
        out: list[tuple[SendKind, Document]] = []
        if self.invoice is not None:
            out.append((SendKind.INVOICE, self.invoice))
            if self.invoice.xml:
                out.append((SendKind.NFE_XML, self.invoice))
        if self.shipment is not None:
            out.append((SendKind.SHIPMENT, self.shipment))
        if self.delivery is not None:
            out.append((SendKind.DELIVERY, self.delivery))
        return out


def _when(doc: Document) -> datetime:
    if isinstance(doc, Invoice):
        return doc.issued_at
    if isinstance(doc, Shipment):
        return doc.shipped_at
    return doc.delivered_at


def collect_documents(
    invoices: Iterable[Invoice], shipments: Iterable[Shipment], deliveries: Iterable[Delivery]
) -> list[FiscalDocuments]:
    """Group M2's documents by order (the latest of each kind wins), ordered by number."""
    found: dict[str, dict[str, Any]] = {}
    for field, docs in (("invoice", invoices), ("shipment", shipments), ("delivery", deliveries)):
        for doc in docs:
            slot = found.setdefault(doc.m2_order_number, {})
            old = slot.get(field)
            if old is None or _when(doc) >= _when(old):
                slot[field] = doc
            if doc.anymarket_order_id and not slot.get("anymarket_order_id"):
                slot["anymarket_order_id"] = doc.anymarket_order_id
    return [
        FiscalDocuments(m2_order_number=number, **slot)
        for number, slot in sorted(found.items(), key=lambda kv: (len(kv[0]), kv[0]))
    ]


def reached(current: AmStatus | None, target: AmStatus) -> bool:
    """Whether an order in ``current`` already shows ``target`` (or a later status)."""
    if current is None or current == AmStatus.CANCELED:
        return False
    if current == target:
        return True
    have, want = _RANK.get(current), _RANK.get(target)
    return have is not None and want is not None and have >= want


@attrs.frozen(kw_only=True)
class Step:
    """A mapped step: the data to send and the payload the ledger fingerprints, or the
    action that ends it (skipped/held) with reasons."""

    kind: SendKind
    data: InvoiceData | TrackingData | datetime | bytes | None = None
    payload: object = None
    stop: SendAction | None = None
    reasons: tuple[str, ...] = ()
    message: str | None = None


def _from_result(kind: SendKind, result: _Result[Any]) -> Step | None:
    if result.skipped and result.value is None:
        s = result.skipped[0]
        return Step(kind=kind, stop=SendAction.SKIPPED, reasons=(s.reason.value,), message=s.detail)
    if result.held or result.value is None:
        reasons = tuple(dict.fromkeys(h.reason.value for h in result.held)) or ("unmappable",)
        detail = "; ".join(f"{h.path}: {h.detail}" for h in result.held[:3])
        return Step(kind=kind, stop=SendAction.HELD, reasons=reasons, message=detail or None)
    return None


def map_step(kind: SendKind, doc: Document, *, decision: OrderDecision, now: datetime) -> Step:
    """Map one document for ``kind`` (pure)."""
    if kind is SendKind.NFE_XML:
        assert isinstance(doc, Invoice)
        if not decision.push_invoice:
            return Step(kind=kind, stop=SendAction.SKIPPED, reasons=("no_pushback",))
        xml = (doc.xml or "").encode("utf-8")
        return Step(kind=kind, data=xml, payload=xml)
    if kind is SendKind.INVOICE:
        assert isinstance(doc, Invoice)
        inv = map_invoice(doc, now=now, decision=decision)
        return _from_result(kind, inv) or Step(kind=kind, data=inv.value, payload=inv.value)
    if kind is SendKind.SHIPMENT:
        assert isinstance(doc, Shipment)
        trk = map_shipment(doc, now=now, decision=decision)
        return _from_result(kind, trk) or Step(kind=kind, data=trk.value, payload=trk.value)
    assert isinstance(doc, Delivery)
    dlv = map_delivery(doc, now=now, decision=decision)
    stop = _from_result(kind, dlv)
    if stop is not None or dlv.value is None:
        return stop or Step(kind=kind, stop=SendAction.HELD, reasons=("unmappable",))
    return Step(kind=kind, data=dlv.value, payload={"delivered_at": dlv.value.isoformat()})


def _skip_known(record: OrderRecord | None) -> str | None:
    """Why a known order gets nothing (no request needed), or ``None``."""
    if record is None:
        return None
    if record.order.fulfillment:
        return "fulfillment"
    if record.status is M2Status.CANCELED:
        return "canceled"
    return None


def _definite_refusal(exc: Exception) -> bool:
    """The request certainly did not change anything: refused before sending (the SDK's
    checks), or a 4xx answer other than 408/429."""
    if isinstance(exc, RequestValidationError):
        return True
    if isinstance(exc, APIStatusError):
        return 400 <= exc.status_code < 500 and exc.status_code not in (408, 429)
    return False


@attrs.define
class _SendWork:
    """What handling one order's documents did (merged by the coordinator)."""

    docs: FiscalDocuments
    oid: str | None = None
    reads: int = 0
    writes: int = 0
    outcomes: list[TransitionOutcome] = attrs.field(factory=list[TransitionOutcome])
    failures: list[Failure] = attrs.field(factory=list[Failure])

    @property
    def subject(self) -> str:
        who = f"order {self.oid}" if self.oid else "order"
        return f"{who} (M2 {self.docs.m2_order_number})"

    def add(
        self,
        kind: SendKind,
        action: SendAction,
        reasons: Sequence[str] = (),
        message: str | None = None,
    ) -> SendAction:
        self.outcomes.append(
            TransitionOutcome(
                m2_order_number=self.docs.m2_order_number,
                anymarket_order_id=self.oid,
                kind=kind,
                action=action,
                reasons=tuple(reasons),
                message=None if message is None else masked_message(message),
            )
        )
        return action

    def rest(
        self,
        kinds: Iterable[SendKind],
        action: SendAction,
        reasons: Sequence[str] = (),
        message: str | None = None,
    ) -> None:
        for kind in kinds:
            self.add(kind, action, reasons, message)

    def fail(self, kind: SendKind | None, exc: Exception | str, code: str) -> None:
        self.failures.append(
            Failure.of(self.subject + (f" {kind.value}" if kind else ""), exc, code=code)
        )


@attrs.define
class _Gather:
    outcomes: list[TransitionOutcome] = attrs.field(factory=list[TransitionOutcome])
    failures: list[Failure] = attrs.field(factory=list[Failure])
    reads: int = 0
    writes: int = 0

    def add(self, work: _SendWork) -> None:
        self.outcomes.extend(work.outcomes)
        self.failures.extend(work.failures)
        self.reads += work.reads
        self.writes += work.writes


def _plan_order(
    order: Order, config: MappingConfig, w: _SendWork, kinds: list[SendKind]
) -> OrderDecision | None:
    """The routing decision, or ``None`` after recording why nothing is sent."""
    if order.status == AmStatus.CANCELED:
        w.rest(kinds, SendAction.SKIPPED, ("canceled",), "the order is cancelled on ANYMARKET")
        return None
    route = route_order(order, config=config)
    if route.value is None or route.held:
        reasons = tuple(dict.fromkeys(h.reason.value for h in route.held)) or ("unmappable",)
        detail = "; ".join(h.detail for h in route.held[:3]) or None
        w.rest(kinds, SendAction.HELD, reasons, detail)
        return None
    return route.value


def _gate(step: Step, current: AmStatus | None) -> tuple[SendAction, tuple[str, ...], str] | None:
    """Why a mapped step cannot go now (pure), or ``None``."""
    if step.stop is not None:
        return step.stop, step.reasons, step.message or ""
    need = _NEEDS.get(step.kind)
    if need is not None and not reached(current, need):
        shown = current.value if current is not None else "unknown"
        return SendAction.WAITING, ("waiting",), f"the order is {shown}, not yet {need.value}"
    return None


def _advance(current: AmStatus | None, kind: SendKind) -> AmStatus | None:
    target = _TARGET.get(kind)
    if target is None or reached(current, target):
        return current
    return target


# --- sync -------------------------------------------------------------------------------------


def _send(ctx: SyncContext, w: _SendWork, step: Step, current: AmStatus | None) -> None:
    assert w.oid is not None
    order_id = int(w.oid)
    data = step.data
    w.writes += 1
    if isinstance(data, InvoiceData):
        ctx.client.orders.invoice(order_id, data, current=current)
    elif isinstance(data, TrackingData):
        ctx.client.orders.ship(order_id, data, current=current)
    elif isinstance(data, datetime):
        ctx.client.orders.deliver(order_id, data, current=current)
    else:
        assert isinstance(data, bytes)
        ctx.client.orders.upload_nfe_xml(order_id, data)


def _transition(
    ctx: SyncContext, w: _SendWork, step: Step, current: AmStatus | None, dry_run: bool
) -> SendAction:
    assert w.oid is not None
    key = LEDGER_STATUS[step.kind]
    target = _TARGET.get(step.kind)
    if target is not None and reached(current, target):
        if dry_run:
            return w.add(step.kind, SendAction.ALREADY_THERE)
        earlier = ctx.ledger.sent_transition(w.oid, key)
        ctx.ledger.record_sent(w.oid, key, step.payload)
        return w.add(step.kind, SendAction.CONFIRMED if earlier else SendAction.ALREADY_THERE)
    if dry_run:
        return w.add(step.kind, SendAction.SENT)
    res: Reservation = ctx.ledger.reserve_transition(w.oid, key, step.payload)
    if res.outcome is ReserveOutcome.IN_DOUBT:
        # The order, read in this run, does not show it: the earlier attempt did not land.
        ctx.ledger.abandon_transition(w.oid, key)
        res = ctx.ledger.reserve_transition(w.oid, key, step.payload)
    if res.outcome is ReserveOutcome.ALREADY_SENT:
        return w.add(step.kind, SendAction.ALREADY_SENT)
    if not res.go:
        return w.add(step.kind, SendAction.IN_DOUBT, ("in_doubt",), "another worker holds it")
    try:
        _send(ctx, w, step, current)
    except Exception as exc:
        if is_fatal(exc) or not isinstance(exc, AnymarketError):
            raise
        if _definite_refusal(exc):
            ctx.ledger.abandon_transition(w.oid, key)
            w.fail(step.kind, exc, "refused")
            return w.add(step.kind, SendAction.FAILED, ("refused",), masked_message(exc))
        w.fail(step.kind, exc, "in_doubt")
        return w.add(step.kind, SendAction.IN_DOUBT, ("in_doubt",), masked_message(exc))
    ctx.ledger.record_sent(w.oid, key, step.payload)
    return w.add(step.kind, SendAction.SENT)


def _send_order(ctx: SyncContext, docs: FiscalDocuments, dry_run: bool) -> _SendWork:
    w = _SendWork(docs)
    steps = docs.steps()
    kinds = [k for k, _ in steps]
    try:
        entry = ctx.ledger.order_by_m2_number(docs.m2_order_number)
        w.oid = entry.anymarket_order_id if entry is not None else docs.anymarket_order_id
        if not w.oid or not w.oid.isdigit():
            w.oid = None
            w.rest(kinds, SendAction.HELD, ("order_unknown",), "not an order of this integration")
            return w
        why = _skip_known(ctx.sink.find_by_anymarket_id(w.oid))
        if why is not None:
            w.rest(kinds, SendAction.SKIPPED, (why,), f"a {why} order: nothing is sent back")
            return w
        todo: list[tuple[SendKind, Document]] = []
        for kind, doc in steps:
            if ctx.ledger.already_sent(w.oid, LEDGER_STATUS[kind]):
                w.add(kind, SendAction.ALREADY_SENT)
            else:
                todo.append((kind, doc))
        if not todo:
            return w
        w.reads += 1
        order = ctx.client.orders.get(int(w.oid))
        decision = _plan_order(order, ctx.config, w, [k for k, _ in todo])
        if decision is None:
            return w
        current = order.status
        now = ctx.now()
        for n, (kind, doc) in enumerate(todo):
            step = map_step(kind, doc, decision=decision, now=now)
            gate = _gate(step, current)
            if gate is not None:
                w.add(kind, *gate)
                if gate[0] is not SendAction.SKIPPED:
                    w.rest([k for k, _ in todo[n + 1 :]], SendAction.WAITING, ("waiting",))
                    return w
                continue
            action = _transition(ctx, w, step, current, dry_run)
            if action not in _DONE:
                w.rest([k for k, _ in todo[n + 1 :]], SendAction.WAITING, ("waiting",))
                return w
            current = _advance(current, kind)
    except Exception as exc:
        if is_fatal(exc):
            raise
        w.fail(None, exc, "request_failed")
    return w


def send_fiscal(
    ctx: SyncContext,
    *,
    since: datetime | None = None,
    concurrency: int = 1,
    dry_run: bool = False,
) -> SendBackReport:
    """Send M2's invoices, NF-e XMLs, shipments and deliveries to ANYMARKET (see the module
    docstring). ``since`` narrows what the source returns (documents issued, shipped or
    delivered at or after it); a step left in doubt is settled when its document is seen
    again, so keep ``since`` earlier than the last run's start. ``concurrency`` orders at
    once (1..32). ``dry_run=True`` reads the orders and reports what would be sent."""
    if since is not None and (since.tzinfo is None or since.utcoffset() is None):
        raise ValueError("since must be timezone-aware")
    workers = check_settings(5, None, None, concurrency)[3]
    documents = collect_documents(
        ctx.source.invoices(since=since),
        ctx.source.shipments(since=since),
        ctx.source.deliveries(since=since),
    )
    run_id = None if dry_run else ctx.ledger.start_run(FLOW)
    got = _Gather()

    def job(docs: FiscalDocuments) -> Callable[[], _SendWork]:
        def go() -> _SendWork:
            return _send_order(ctx, docs, dry_run)

        return go

    try:
        works: list[_SendWork] = []
        run_jobs([job(d) for d in documents], workers, works.append)
        for work in works:
            got.add(work)
    except BaseException as exc:
        if run_id is not None:
            ctx.ledger.finish_run(run_id, ok=False, error=masked_message(exc))
        raise
    in_doubt = len(ctx.ledger.transitions_in_doubt())
    report = _report(got, in_doubt, dry_run)
    if run_id is not None:
        ctx.ledger.finish_run(run_id, ok=report.ok, counters=_counters(report))
    return report


def _report(got: _Gather, in_doubt: int, dry_run: bool) -> SendBackReport:
    return SendBackReport(
        outcomes=tuple(got.outcomes),
        failures=tuple(got.failures),
        in_doubt=in_doubt,
        reads=got.reads,
        writes=got.writes,
        dry_run=dry_run,
    )


def _counters(report: SendBackReport) -> dict[str, int]:
    out = {f"sent_{k.value}": report.count(SendAction.SENT, k) for k in SendKind}
    out.update(
        held=len(report.held),
        failed=report.count(SendAction.FAILED),
        in_doubt=report.in_doubt,
        requests=report.requests,
    )
    return out


# --- async ------------------------------------------------------------------------------------


async def _asend(ctx: AsyncSyncContext, w: _SendWork, step: Step, current: AmStatus | None) -> None:
    assert w.oid is not None
    order_id = int(w.oid)
    data = step.data
    w.writes += 1
    if isinstance(data, InvoiceData):
        await ctx.client.orders.invoice(order_id, data, current=current)
    elif isinstance(data, TrackingData):
        await ctx.client.orders.ship(order_id, data, current=current)
    elif isinstance(data, datetime):
        await ctx.client.orders.deliver(order_id, data, current=current)
    else:
        assert isinstance(data, bytes)
        await ctx.client.orders.upload_nfe_xml(order_id, data)


async def _atransition(
    ctx: AsyncSyncContext, w: _SendWork, step: Step, current: AmStatus | None, dry_run: bool
) -> SendAction:
    assert w.oid is not None
    key = LEDGER_STATUS[step.kind]
    target = _TARGET.get(step.kind)
    if target is not None and reached(current, target):
        if dry_run:
            return w.add(step.kind, SendAction.ALREADY_THERE)
        earlier = await ctx.ledger.sent_transition(w.oid, key)
        await ctx.ledger.record_sent(w.oid, key, step.payload)
        return w.add(step.kind, SendAction.CONFIRMED if earlier else SendAction.ALREADY_THERE)
    if dry_run:
        return w.add(step.kind, SendAction.SENT)
    res = await ctx.ledger.reserve_transition(w.oid, key, step.payload)
    if res.outcome is ReserveOutcome.IN_DOUBT:
        await ctx.ledger.abandon_transition(w.oid, key)
        res = await ctx.ledger.reserve_transition(w.oid, key, step.payload)
    if res.outcome is ReserveOutcome.ALREADY_SENT:
        return w.add(step.kind, SendAction.ALREADY_SENT)
    if not res.go:
        return w.add(step.kind, SendAction.IN_DOUBT, ("in_doubt",), "another worker holds it")
    try:
        await _asend(ctx, w, step, current)
    except Exception as exc:
        if is_fatal(exc) or not isinstance(exc, AnymarketError):
            raise
        if _definite_refusal(exc):
            await ctx.ledger.abandon_transition(w.oid, key)
            w.fail(step.kind, exc, "refused")
            return w.add(step.kind, SendAction.FAILED, ("refused",), masked_message(exc))
        w.fail(step.kind, exc, "in_doubt")
        return w.add(step.kind, SendAction.IN_DOUBT, ("in_doubt",), masked_message(exc))
    await ctx.ledger.record_sent(w.oid, key, step.payload)
    return w.add(step.kind, SendAction.SENT)


async def _asend_order(ctx: AsyncSyncContext, docs: FiscalDocuments, dry_run: bool) -> _SendWork:
    w = _SendWork(docs)
    steps = docs.steps()
    kinds = [k for k, _ in steps]
    try:
        entry = await ctx.ledger.order_by_m2_number(docs.m2_order_number)
        w.oid = entry.anymarket_order_id if entry is not None else docs.anymarket_order_id
        if not w.oid or not w.oid.isdigit():
            w.oid = None
            w.rest(kinds, SendAction.HELD, ("order_unknown",), "not an order of this integration")
            return w
        why = _skip_known(await ctx.sink.find_by_anymarket_id(w.oid))
        if why is not None:
            w.rest(kinds, SendAction.SKIPPED, (why,), f"a {why} order: nothing is sent back")
            return w
        todo: list[tuple[SendKind, Document]] = []
        for kind, doc in steps:
            if await ctx.ledger.already_sent(w.oid, LEDGER_STATUS[kind]):
                w.add(kind, SendAction.ALREADY_SENT)
            else:
                todo.append((kind, doc))
        if not todo:
            return w
        w.reads += 1
        order = await ctx.client.orders.get(int(w.oid))
        decision = _plan_order(order, ctx.config, w, [k for k, _ in todo])
        if decision is None:
            return w
        current = order.status
        now = ctx.now()
        for n, (kind, doc) in enumerate(todo):
            step = map_step(kind, doc, decision=decision, now=now)
            gate = _gate(step, current)
            if gate is not None:
                w.add(kind, *gate)
                if gate[0] is not SendAction.SKIPPED:
                    w.rest([k for k, _ in todo[n + 1 :]], SendAction.WAITING, ("waiting",))
                    return w
                continue
            action = await _atransition(ctx, w, step, current, dry_run)
            if action not in _DONE:
                w.rest([k for k, _ in todo[n + 1 :]], SendAction.WAITING, ("waiting",))
                return w
            current = _advance(current, kind)
    except Exception as exc:
        if is_fatal(exc):
            raise
        w.fail(None, exc, "request_failed")
    return w


async def async_send_fiscal(
    ctx: AsyncSyncContext,
    *,
    since: datetime | None = None,
    concurrency: int = 1,
    dry_run: bool = False,
) -> SendBackReport:
    """The async twin of ``send_fiscal``."""
    if since is not None and (since.tzinfo is None or since.utcoffset() is None):
        raise ValueError("since must be timezone-aware")
    workers = check_settings(5, None, None, concurrency)[3]
    invoices = [i async for i in ctx.source.invoices(since=since)]
    shipments = [s async for s in ctx.source.shipments(since=since)]
    deliveries = [d async for d in ctx.source.deliveries(since=since)]
    documents = collect_documents(invoices, shipments, deliveries)
    run_id = None if dry_run else await ctx.ledger.start_run(FLOW)
    got = _Gather()

    def job(docs: FiscalDocuments) -> Callable[[], Awaitable[_SendWork]]:
        async def go() -> _SendWork:
            return await _asend_order(ctx, docs, dry_run)

        return go

    try:
        works: list[_SendWork] = []
        await arun_jobs([job(d) for d in documents], workers, works.append)
        for work in works:
            got.add(work)
    except BaseException as exc:
        if run_id is not None:
            await ctx.ledger.finish_run(run_id, ok=False, error=masked_message(exc))
        raise
    in_doubt = len(await ctx.ledger.transitions_in_doubt())
    report = _report(got, in_doubt, dry_run)
    if run_id is not None:
        await ctx.ledger.finish_run(run_id, ok=report.ok, counters=_counters(report))
    return report
