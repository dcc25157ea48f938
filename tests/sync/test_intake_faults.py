"""The order intake under injected faults: 1,000 orders, 20% of the requests spoiled.

Every kind of failure a network and a busy API produce is injected at random (seeded):
5xx and 429 answers, timeouts and dropped connections before *and after* the server
applied the request, and broken JSON bodies. The client retries (idempotent routes) on a
``ManualClock``, so ``Retry-After`` and back-off waits take no real time. Intake runs again
until the feed is empty; then every order is in the sink exactly once, written back, and
every feed entry acknowledged. (The M2 sink is the in-memory one here, for speed: the
SQLite sink's durability is what ``test_intake_crash`` exercises.)
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import attrs

from anymarket_sdk.testing import FakeAnymarket
from m2_adapter.ledger import OrderState
from m2_adapter.m2 import AsyncInMemoryOrderSink, InMemoryOrderSink
from m2_adapter.sync._orders import IntakeReport, import_orders

from ._order_fixtures import SKUS, sale, seed_shop
from .conftest import ContextFactory, FlowRunner

ORDERS = 1000
MAX_RUNS = 30
KINDS = [
    "http_500",
    "http_503",
    "http_429",
    "read_timeout",
    "reset",
    "timeout_after_apply",
    "reset_after_apply",
    "malformed_json",
]


def test_every_order_once_and_every_entry_acknowledged_under_faults(
    ctx_factory: ContextFactory, run: FlowRunner, fake: FakeAnymarket
) -> None:
    seed_shop(fake)
    ids = [sale(fake, (SKUS[n % len(SKUS)], 1 + n % 3, "19.90")) for n in range(ORDERS)]
    memory = AsyncInMemoryOrderSink()
    rule = fake.inject(0.2, kinds=KINDS)

    def context() -> Any:
        ctx: Any = ctx_factory(max_retries=4)
        return attrs.evolve(ctx, sink=memory if run.is_async else memory.sync)

    reports: list[IntakeReport] = []
    while fake.feed_items() and len(reports) < MAX_RUNS:
        reports.append(run(import_orders, context()))

    assert fake.feed_items() == [], [r.summary() for r in reports]
    assert rule.injected > 0.15 * sum(r.requests for r in reports)
    kinds = fake.faults.injected
    assert set(KINDS) <= set(kinds), kinds
    assert any(r.failures for r in reports)  # the faults were felt, not all absorbed
    fake.faults.clear()

    sink: InMemoryOrderSink = memory.sync
    ledger = ctx_factory.ledger
    assert sink.count() == ORDERS  # the sink is keyed by ANYMARKET id: once each
    numbers: Counter[str] = Counter()
    for oid in ids:
        record = sink.find_by_anymarket_id(str(oid))
        assert record is not None
        numbers[record.m2_order_number] += 1
        entry = ledger.order(str(oid))
        assert entry is not None
        assert (entry.state, entry.m2_order_number) == (OrderState.ACKED, record.m2_order_number)
        assert fake.order(oid)["partnerId"] == record.m2_order_number
    assert set(numbers.values()) == {1}
    assert ledger.pending_orders(include_held=True) == []
    # the applied writes: the M2 number written back at most... once per order, retries
    # of a write that landed included (the same value again is accepted)
    written = Counter(c.path for c in fake.calls if c.path.startswith("/orders/partnerid/"))
    assert set(written) == {f"/orders/partnerid/{oid}" for oid in ids}
    imported = sum(r.imported for r in reports)
    assert imported == ORDERS
