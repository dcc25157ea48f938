"""``reconcile`` on FakeAnymarket, on both clients: orders the feed lost are imported once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from anymarket_sdk.testing import FakeAnymarket
from m2_adapter.ledger import OrderState
from m2_adapter.m2 import OrderStatus
from m2_adapter.sync._orders import IntakeAction, IntakeReport, import_orders
from m2_adapter.sync._reconcile import (
    RECONCILE_CHECKPOINT,
    ReconcileReport,
    reconcile,
    reconcile_windows,
)

from ._order_fixtures import SKUS, UNKNOWN_SKU, sale, seed_shop
from .conftest import ContextFactory, FlowRunner


@pytest.fixture(autouse=True)
def shop(fake: FakeAnymarket) -> dict[str, int]:
    return seed_shop(fake)


def span(fake: FakeAnymarket) -> dict[str, datetime]:
    now = fake.now()
    return {"created_after": now - timedelta(days=2), "created_before": now + timedelta(hours=1)}


def recon(run: FlowRunner, ctx: Any, **kw: Any) -> ReconcileReport:
    report: ReconcileReport = run(reconcile, ctx, **kw)
    return report


def lose_feed(fake: FakeAnymarket, *order_ids: int) -> None:
    """Another consumer acknowledges the entries: this integration never sees them."""
    with fake.client() as am:
        for entry in fake.feed_items():
            if entry["id"] in order_ids:
                am.order_feed.ack(entry["id"], entry["token"])


def test_orders_whose_feed_entries_were_lost_are_imported_once(
    ctx_factory: ContextFactory, run: FlowRunner, fake: FakeAnymarket
) -> None:
    sale(fake)  # imported by the feed
    intake: IntakeReport = run(import_orders, ctx_factory())
    assert intake.imported == 1
    lost = [sale(fake, (SKUS[n], 1, "9.90")) for n in range(1, 4)]
    lose_feed(fake, *lost)
    fake.clock.advance(3600)  # type: ignore[attr-defined]
    late = sale(fake, (SKUS[4], 1, "9.90"))  # created in a later window, entry lost as well
    lose_feed(fake, late)
    fake.reset_calls()

    report = recon(run, ctx_factory(), **span(fake), window=timedelta(hours=12))

    assert report.ok, report.failures
    assert report.windows == 5
    assert (report.found, report.already_known, report.imported) == (5, 1, 4)
    assert report.requests == len(fake.calls)
    # the listed orders are used as they are: no GET per order
    assert fake.calls_to("GET", "/orders/{id}") == []
    sink, ledger = ctx_factory.sink, ctx_factory.ledger
    assert sink.count() == 5
    for oid in [*lost, late]:
        record = sink.find_by_anymarket_id(str(oid))
        assert record is not None
        entry = ledger.order(str(oid))
        assert entry is not None
        assert entry.state is OrderState.ACKED
        assert fake.order(oid)["partnerId"] == record.m2_order_number
    assert ledger.checkpoint(RECONCILE_CHECKPOINT) == span(fake)["created_before"].isoformat()

    fake.reset_calls()
    again = recon(run, ctx_factory(), **span(fake))

    assert (again.found, again.already_known, again.imported) == (5, 5, 0)
    assert {c.path for c in fake.calls} == {"/orders"}  # listing only
    assert sink.count() == 5
    assert "5 already known" in again.summary()


def test_reconciled_order_still_in_the_feed_is_acknowledged_later_without_rewriting(
    ctx_factory: ContextFactory, run: FlowRunner, fake: FakeAnymarket
) -> None:
    oid = sale(fake)  # its feed entry is still there: reconciliation runs first
    assert recon(run, ctx_factory(), **span(fake)).imported == 1
    fake.reset_calls()

    intake: IntakeReport = run(import_orders, ctx_factory())

    assert intake.outcome(oid).action is IntakeAction.UNCHANGED  # type: ignore[union-attr]
    assert fake.feed_items() == []
    assert fake.calls_to("PUT", "/orders/partnerid/{id}") == []
    assert ctx_factory.sink.count() == 1


def test_drift_is_repaired_cancellations_and_payments(
    ctx_factory: ContextFactory, run: FlowRunner, fake: FakeAnymarket
) -> None:
    cancelled = sale(fake)
    paid_later = sale(fake, (SKUS[1], 1, "10.00"), status="PENDING")
    run(import_orders, ctx_factory())
    fake.cancel_sale(cancelled)
    fake.advance_order(paid_later, "PAID_WAITING_SHIP")
    lose_feed(fake, cancelled, paid_later)
    fake.reset_calls()

    report = recon(run, ctx_factory(), **span(fake))

    assert (report.canceled, report.updated, report.imported) == (1, 1, 0)
    sink = ctx_factory.sink
    assert sink.find_by_anymarket_id(str(cancelled)).status is OrderStatus.CANCELED  # type: ignore[union-attr]
    assert sink.find_by_anymarket_id(str(paid_later)).status is OrderStatus.OPEN  # type: ignore[union-attr]
    assert sink.count() == 2
    entry = ctx_factory.ledger.order(str(cancelled))
    assert entry is not None
    assert entry.state is OrderState.CANCELED


def test_held_orders_are_retried_and_reported_held(
    ctx_factory: ContextFactory, run: FlowRunner, fake: FakeAnymarket
) -> None:
    bad = sale(fake, (UNKNOWN_SKU, 1, "3.00"))
    lose_feed(fake, bad)

    report = recon(run, ctx_factory(), **span(fake))

    assert [h.anymarket_order_id for h in report.held] == [str(bad)]
    assert report.held[0].reported
    assert fake.order(bad)["transmissionStatus"] == "ERROR"
    entry = ctx_factory.ledger.order(str(bad))
    assert entry is not None
    assert entry.state is OrderState.HELD
    again = recon(run, ctx_factory(), **span(fake))
    assert (again.already_known, [h.reported for h in again.held]) == (0, [False])
    assert ctx_factory.sink.count() == 0


def test_dry_run_and_failed_windows(
    ctx_factory: ContextFactory, run: FlowRunner, fake: FakeAnymarket
) -> None:
    sale(fake)
    lose_feed(fake, *[e["id"] for e in fake.feed_items()])
    dry = recon(run, ctx_factory(), **span(fake), dry_run=True)
    assert (dry.dry_run, dry.imported) == (True, 1)
    assert ctx_factory.sink.count() == 0
    assert {c.method for c in fake.calls} == {"GET", "PUT"}  # the PUT is lose_feed's ack

    fake.fail_next(status=503, route="GET /orders")
    failed = recon(run, ctx_factory(), **span(fake), window=timedelta(days=2))
    assert [f.code for f in failed.failures] == ["list_failed"]
    assert not failed.ok
    assert ctx_factory.ledger.checkpoint(RECONCILE_CHECKPOINT) is None


def test_windows() -> None:
    t0 = datetime(2026, 3, 1, tzinfo=UTC)
    assert reconcile_windows(t0, t0 + timedelta(hours=30), timedelta(days=1)) == [
        (t0, t0 + timedelta(days=1)),
        (t0 + timedelta(days=1), t0 + timedelta(hours=30)),
    ]
    with pytest.raises(ValueError, match="timezone-aware"):
        reconcile_windows(datetime(2026, 3, 1), t0, timedelta(days=1))  # noqa: DTZ001
    with pytest.raises(ValueError, match="after"):
        reconcile_windows(t0, t0, timedelta(days=1))
    with pytest.raises(ValueError, match="positive"):
        reconcile_windows(t0, t0 + timedelta(days=1), timedelta(0))
