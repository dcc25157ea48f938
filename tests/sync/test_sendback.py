"""``send_fiscal`` on FakeAnymarket, on both clients: each transition is sent once."""

from __future__ import annotations

from typing import Any

import pytest

from anymarket_sdk.testing import FakeAnymarket
from m2_adapter.ledger import TransitionState
from m2_adapter.sync._orders import import_orders
from m2_adapter.sync._sendback import (
    LEDGER_STATUS,
    SendAction,
    SendBackReport,
    SendKind,
    send_fiscal,
)

from ._order_fixtures import SKUS, XML, delivery, invoice, sale, seed_shop, shipment
from .conftest import ContextFactory, FlowRunner, MemorySource


@pytest.fixture(autouse=True)
def shop(fake: FakeAnymarket) -> dict[str, int]:
    return seed_shop(fake)


def send(run: FlowRunner, ctx: Any, **kw: Any) -> SendBackReport:
    report: SendBackReport = run(send_fiscal, ctx, **kw)
    return report


def imported(ctx_factory: ContextFactory, run: FlowRunner, *order_ids: int) -> list[str]:
    """Import the fake's orders; the M2 numbers of ``order_ids``."""
    report = run(import_orders, ctx_factory())
    assert report.ok, report.failures
    sink = ctx_factory.sink
    return [sink.find_by_anymarket_id(str(i)).m2_order_number for i in order_ids]  # type: ignore[union-attr]


def status_puts(fake: FakeAnymarket, order_id: int) -> list[str]:
    return [
        c.json["status"]
        for c in fake.calls_to("PUT", "/orders/{id}")
        if c.path == f"/orders/{order_id}" and c.applied
    ]


def test_each_transition_is_sent_once_and_fulfillment_gets_nothing(
    ctx_factory: ContextFactory, run: FlowRunner, fake: FakeAnymarket, source: MemorySource
) -> None:
    own = sale(fake)
    full = sale(fake, (SKUS[2], 1, "30.00"), fulfillment=True)
    n_own, n_full = imported(ctx_factory, run, own, full)
    source.invoices_ += [invoice(n_own, 101), invoice(n_full, 102)]
    source.shipments_ += [shipment(n_own), shipment(n_full)]
    source.deliveries_ += [delivery(n_own), delivery(n_full)]
    fake.reset_calls()

    report = send(run, ctx_factory())

    assert report.ok, report.failures
    assert [report.count(SendAction.SENT, k) for k in SendKind] == [1, 1, 1, 1]
    assert report.count(SendAction.SKIPPED) == 4  # the fulfillment order's four steps
    assert report.requests == len(fake.calls)
    assert [c for c in fake.calls if str(full) in c.path] == []  # not even read
    assert status_puts(fake, own) == ["INVOICED", "PAID_WAITING_DELIVERY", "CONCLUDED"]
    order = fake.order(own)
    assert order["status"] == "CONCLUDED"
    assert order["invoice"]["accessKey"] == invoice(n_own, 101).access_key
    assert order["tracking"]["number"] == f"BR{n_own}XYZ"
    assert fake.nfe_xml(own) == XML.encode()
    assert fake.order(full)["status"] == "PAID_WAITING_SHIP"
    assert fake.nfe_xml(full) is None
    ledger = ctx_factory.ledger
    for kind in SendKind:
        assert ledger.already_sent(str(own), LEDGER_STATUS[kind])
    assert ledger.transitions_in_doubt() == []
    assert [f"{c.method} {c.path}" for c in fake.calls] == [
        f"GET /orders/{own}",
        f"PUT /orders/{own}",
        f"PUT /orders/{own}/nfe",
        f"PUT /orders/{own}",
        f"PUT /orders/{own}",
    ]
    assert all(c.status < 300 for c in fake.calls)

    fake.reset_calls()
    again = send(run, ctx_factory())

    assert again.sent == 0
    assert again.count(SendAction.ALREADY_SENT) == 4
    assert fake.calls == []  # the ledger knows: not even a read
    assert "4 already sent" in again.summary()


def test_steps_wait_for_the_earlier_ones(
    ctx_factory: ContextFactory, run: FlowRunner, fake: FakeAnymarket, source: MemorySource
) -> None:
    oid = sale(fake)
    [number] = imported(ctx_factory, run, oid)
    source.shipments_.append(shipment(number))  # shipped, but the NF-e is not in M2 yet
    fake.reset_calls()

    first = send(run, ctx_factory())

    assert first.outcome(number, SendKind.SHIPMENT).action is SendAction.WAITING  # type: ignore[union-attr]
    assert status_puts(fake, oid) == []

    source.invoices_.append(invoice(number, 7, xml=None))
    second = send(run, ctx_factory())

    assert second.count(SendAction.SENT) == 2
    assert status_puts(fake, oid) == ["INVOICED", "PAID_WAITING_DELIVERY"]


def test_held_invoice_unknown_order_and_refusals(
    ctx_factory: ContextFactory, run: FlowRunner, fake: FakeAnymarket, source: MemorySource
) -> None:
    oid = sale(fake)
    [number] = imported(ctx_factory, run, oid)
    bad_key = invoice(number, 8, number="9")  # the number differs from the key's
    source.invoices_ += [bad_key, invoice("M2-NAO-IMPORTADO", 9)]
    source.shipments_.append(shipment(number))
    fake.reset_calls()

    report = send(run, ctx_factory())

    held = {(o.m2_order_number, o.kind): o for o in report.held}
    assert held[(number, SendKind.INVOICE)].reasons == ("invoice_invalid",)
    assert held[("M2-NAO-IMPORTADO", SendKind.INVOICE)].reasons == ("order_unknown",)
    assert report.outcome(number, SendKind.SHIPMENT).action is SendAction.WAITING  # type: ignore[union-attr]
    assert status_puts(fake, oid) == []
    assert ctx_factory.ledger.sent_transition(str(oid), "INVOICED") is None

    # ANYMARKET refuses for good (a 422): the reservation is dropped, the next run sends it
    source.invoices_[:] = [invoice(number, 8)]
    fake.fail_next(status=422, route="PUT /orders/{id}")
    refused = send(run, ctx_factory())
    assert refused.outcome(number, SendKind.INVOICE).action is SendAction.FAILED  # type: ignore[union-attr]
    assert ctx_factory.ledger.sent_transition(str(oid), "INVOICED") is None  # not in doubt
    assert refused.outcome(number, SendKind.SHIPMENT).action is SendAction.WAITING  # type: ignore[union-attr]
    assert send(run, ctx_factory()).count(SendAction.SENT) == 3  # invoice, XML, shipment
    assert status_puts(fake, oid) == ["INVOICED", "PAID_WAITING_DELIVERY"]


def test_a_transition_left_in_doubt_is_checked_before_it_is_sent_again(
    ctx_factory: ContextFactory, run: FlowRunner, fake: FakeAnymarket, source: MemorySource
) -> None:
    landed, lost = sale(fake), sale(fake, (SKUS[1], 1, "8.00"))
    n_landed, n_lost = imported(ctx_factory, run, landed, lost)
    source.invoices_ += [invoice(n_landed, 11, xml=None), invoice(n_lost, 12, xml=None)]
    # the invoice of `landed` reaches ANYMARKET but the answer is lost (a timeout after
    # the server applied it); the one of `lost` never arrives (connection reset)
    fake.fail_next(kind="timeout_after_apply", route=f"PUT /orders/{landed}")
    fake.fail_next(kind="reset", route=f"PUT /orders/{lost}")
    fake.reset_calls()

    first = send(run, ctx_factory())

    assert first.count(SendAction.IN_DOUBT) == 2
    assert first.in_doubt == 2
    assert {f.code for f in first.failures} == {"in_doubt"}
    records = ctx_factory.ledger.transitions_in_doubt()
    assert {r.state for r in records} == {TransitionState.RESERVED}
    assert fake.order(landed)["status"] == "INVOICED"
    assert fake.order(lost)["status"] == "PAID_WAITING_SHIP"

    fake.reset_calls()
    second = send(run, ctx_factory())

    assert second.outcome(n_landed, SendKind.INVOICE).action is SendAction.CONFIRMED  # type: ignore[union-attr]
    assert second.outcome(n_lost, SendKind.INVOICE).action is SendAction.SENT  # type: ignore[union-attr]
    assert status_puts(fake, landed) == []  # never sent twice
    assert status_puts(fake, lost) == ["INVOICED"]
    assert second.in_doubt == 0
    assert fake.order(lost)["status"] == "INVOICED"


def test_dry_run_sends_nothing(
    ctx_factory: ContextFactory, run: FlowRunner, fake: FakeAnymarket, source: MemorySource
) -> None:
    oid = sale(fake)
    [number] = imported(ctx_factory, run, oid)
    source.invoices_.append(invoice(number, 21))
    fake.reset_calls()

    report = send(run, ctx_factory(), dry_run=True)

    assert report.count(SendAction.SENT) == 2
    assert [str(c) for c in fake.calls] == [f"GET /orders/{oid} -> 200"]
    assert ctx_factory.ledger.sent_transition(str(oid), "INVOICED") is None
    with pytest.raises(ValueError, match="timezone-aware"):
        send(run, ctx_factory(), since=invoice(number, 1).issued_at.replace(tzinfo=None))
