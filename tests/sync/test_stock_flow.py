"""``push_stock_and_prices`` on FakeAnymarket with the sample data, on both clients."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import attrs
import pytest

from anymarket_sdk.models import DefinitionPriceScope, PriceTarget
from anymarket_sdk.testing import FakeAnymarket, ManualClock
from m2_adapter.m2 import Item, PriceEntry, StockBalance
from m2_adapter.mapping import MappingConfig, SkipReason, Standalone
from m2_adapter.sync._catalogue import sync_catalogue
from m2_adapter.sync._stock import StockPriceReport, push_stock_and_prices

from .conftest import ContextFactory, FlowRunner, MemorySource

# the sample: 29 balances; warehouse 90 (fulfillment) holds 2, the blocked and the inactive
# item 1 each: 25 rows for the 14 SKUs in warehouses 10 and 20 (11 of them in 20)
SAMPLE_ROWS = 25
ROWS_IN_20 = 11


def push(run: FlowRunner, ctx: Any, **kw: Any) -> StockPriceReport:
    report: StockPriceReport = run(push_stock_and_prices, ctx, **kw)
    return report


@pytest.fixture
def publish(
    ctx_factory: ContextFactory, run: FlowRunner, fake: FakeAnymarket
) -> Callable[..., None]:
    """Run the catalogue flow (with ``config`` when given), then forget its calls."""

    def publish(config: MappingConfig | None = None) -> None:
        report = run(sync_catalogue, ctx_factory(config=config))
        assert report.ok, report.failures
        fake.reset_calls()

    return publish


def stock_bodies(fake: FakeAnymarket) -> list[list[dict[str, Any]]]:
    return [c.json for c in fake.calls_to("PUT", "/stocks")]


def test_first_push_sends_everything_then_nothing(
    ctx_factory: ContextFactory,
    run: FlowRunner,
    fake: FakeAnymarket,
    publish: Callable[..., None],
    warehouses: dict[int, int],
) -> None:
    publish()

    report = push(run, ctx_factory())

    assert report.ok, report.failures
    assert (report.stock_considered, report.stock_sent, report.stock_succeeded) == (
        SAMPLE_ROWS,
        SAMPLE_ROWS,
        SAMPLE_ROWS,
    )
    # SKU prices were set when the catalogue created the SKUs: nothing to send
    assert (report.prices_considered, report.prices_sent) == (14, 0)
    assert [str(c) for c in fake.calls] == ["PUT /stocks -> 204"]
    assert report.requests == 1
    assert fake.stock_of("CAM-BASICA-BRA-P", warehouses[10])["amount"] == 38
    assert fake.stock_of("CAM-BASICA-BRA-P", warehouses[20])["amount"] == 10
    # marketplace-held stock (warehouse 90) is never pushed
    assert fake.stock_of("CAM-BASICA-PRE-M", warehouses[10])["amount"] == 58
    assert SkipReason.FULFILLMENT_WAREHOUSE in {s.reason for s in report.skipped}
    skipped = {s.subject for s in report.skipped if s.reason is SkipReason.NOT_IN_CATALOGUE}
    assert {"CAF-ELET-30@10", "VENT-MESA-30@10"} <= skipped

    fake.reset_calls()
    again = push(run, ctx_factory())
    assert fake.calls == []
    assert (again.records_considered, again.records_sent, again.requests) == (
        SAMPLE_ROWS + 14,
        0,
        0,
    )


def test_chunks(
    ctx_factory: ContextFactory, run: FlowRunner, fake: FakeAnymarket, publish: Callable[..., None]
) -> None:
    publish()

    report = push(run, ctx_factory(), chunk_size=10)

    assert [len(body) for body in stock_bodies(fake)] == [10, 10, 5]
    assert report.requests == 3


def synthetic(source: MemorySource, count: int) -> None:
    """Replace the sample with ``count`` simple items, one balance each in warehouse 10."""
    item = next(i for i in source.items_ if i.code == "GAR-TERM-1L")
    price = next(p for p in source.prices if p.item_code == "GAR-TERM-1L")
    balance = next(b for b in source.stock if b.item_code == "GAR-TERM-1L" and b.warehouse_id == 10)
    codes = [f"ITEM-{n:04d}" for n in range(count)]
    source.items_ = [
        attrs.evolve(item, item_id=n, code=c, barcode=None, image_urls=[])
        for n, c in enumerate(codes)
    ]
    source.variations_ = []
    source.prices = [attrs.evolve(price, item_id=n, item_code=c) for n, c in enumerate(codes)]
    source.stock = [
        attrs.evolve(balance, item_id=n, item_code=c, available=Decimal(n % 50))
        for n, c in enumerate(codes)
    ]


def test_a_one_percent_change_sends_only_that(
    ctx_factory: ContextFactory,
    run: FlowRunner,
    fake: FakeAnymarket,
    source: MemorySource,
    publish: Callable[..., None],
) -> None:
    synthetic(source, 200)
    standalone = attrs.evolve(ctx_factory.config, grouping=Standalone())
    publish(standalone)
    first = push(run, ctx_factory(config=standalone))
    assert (first.stock_sent, first.requests) == (200, 2)
    fake.reset_calls()
    source.set_stock("ITEM-0007", 10, 500)
    source.set_stock("ITEM-0151", 10, 0)

    report = push(run, ctx_factory(config=standalone))

    assert (report.stock_considered, report.stock_sent, report.stock_succeeded) == (200, 2, 2)
    assert report.requests == 1
    [body] = stock_bodies(fake)
    assert sorted((i["partnerId"], i["quantity"]) for i in body) == [
        ("ITEM-0007", 500),
        ("ITEM-0151", 0),
    ]
    assert len(fake.calls) == 1


def test_partial_failure_is_retried_next_run(
    ctx_factory: ContextFactory,
    run: FlowRunner,
    fake: FakeAnymarket,
    config: MappingConfig,
    publish: Callable[..., None],
) -> None:
    publish()
    warehouses = config.warehouse_map
    # warehouse 20 points at a stockLocalId ANYMARKET does not have yet
    missing = max(warehouses.values()) + 1
    broken = attrs.evolve(config, warehouse_map={10: warehouses[10], 20: missing})

    first = push(run, ctx_factory(config=broken))

    in_20 = ROWS_IN_20
    assert (first.stock_sent, first.stock_succeeded, first.stock_failed) == (
        SAMPLE_ROWS,
        SAMPLE_ROWS - in_20,
        in_20,
    )
    assert not first.ok
    assert len(first.failures) == in_20
    assert all(str(missing) in f.message for f in first.failures)
    failing = ctx_factory.ledger.push_failures()
    assert len(failing) == in_20
    assert [c.status for c in fake.calls] == [200]  # one request: a partial success

    assert fake.add_warehouse("Depósito novo")["id"] == missing
    fake.reset_calls()
    second = push(run, ctx_factory(config=broken))  # nothing changed in M2

    assert (second.stock_sent, second.stock_succeeded, second.stock_failed) == (in_20, in_20, 0)
    [body] = stock_bodies(fake)
    assert {i["stockLocalId"] for i in body} == {missing}
    assert ctx_factory.ledger.push_failures() == []
    fake.reset_calls()
    assert push(run, ctx_factory(config=broken)).requests == 0
    assert fake.calls == []


def test_connection_lost_keeps_everything_pending(
    ctx_factory: ContextFactory, run: FlowRunner, fake: FakeAnymarket, publish: Callable[..., None]
) -> None:
    publish()
    fake.fail_next(kind="reset", route="PUT /stocks")

    first = push(run, ctx_factory(), chunk_size=10)

    assert (first.stock_succeeded, first.stock_failed) == (0, SAMPLE_ROWS)
    assert [f.code for f in first.failures] == ["request_failed"]
    assert len(fake.calls) == 1  # the push stops at the first lost chunk
    fake.reset_calls()

    second = push(run, ctx_factory(), chunk_size=10)

    assert (second.stock_sent, second.stock_succeeded) == (SAMPLE_ROWS, SAMPLE_ROWS)
    assert second.ok


def test_sku_price_change_patches_only_that_sku(
    ctx_factory: ContextFactory,
    run: FlowRunner,
    fake: FakeAnymarket,
    source: MemorySource,
    publish: Callable[..., None],
) -> None:
    publish()
    push(run, ctx_factory())
    fake.reset_calls()
    n = next(i for i, p in enumerate(source.prices) if p.item_code == "LIQ-TURBO-220")
    source.prices[n] = attrs.evolve(
        source.prices[n], price=Decimal("319.90"), promotional_price=Decimal("289.90")
    )

    report = push(run, ctx_factory())

    assert (report.prices_sent, report.prices_succeeded, report.stock_sent) == (1, 1, 0)
    [patch] = fake.calls
    assert patch.method == "PATCH"
    assert patch.path.startswith("/products/")
    assert patch.json == {"price": Decimal("319.9"), "sellPrice": Decimal("289.9")}
    pushed = ctx_factory.ledger.pushed_price("LIQ-TURBO-220", PriceTarget.SKU_PRICE)
    assert pushed is not None
    assert pushed.price == Decimal("319.90")


def test_cost_mode_sends_costs_with_the_stock(
    ctx_factory: ContextFactory,
    run: FlowRunner,
    fake: FakeAnymarket,
    config: MappingConfig,
    publish: Callable[..., None],
) -> None:
    warehouses = config.warehouse_map
    cost = attrs.evolve(config, price_mode=DefinitionPriceScope.COST)
    publish(cost)

    report = push(run, ctx_factory(config=cost))

    assert report.ok, report.failures
    assert report.prices_considered == 0  # costs travel in the stock records
    [body] = stock_bodies(fake)
    costs = {(i["partnerId"], i["stockLocalId"]): i.get("cost") for i in body}
    assert costs[("LIQ-TURBO-110", warehouses[10])] == Decimal("279.9")
    assert costs[("GAR-TERM-1L", warehouses[20])] == Decimal("89.9")
    assert fake.calls_to("PATCH", "/products/{id}/skus/{sku}") == []
    assert fake.calls_to("PUT", "/skus/marketplaces/prices") == []
    assert fake.stock_of("LIQ-TURBO-110", warehouses[10])["price"] == Decimal("279.9")


def test_listing_mode_sends_listing_prices(
    ctx_factory: ContextFactory,
    run: FlowRunner,
    fake: FakeAnymarket,
    config: MappingConfig,
    publish: Callable[..., None],
) -> None:
    per_listing = attrs.evolve(config, price_mode=DefinitionPriceScope.SKU_MARKETPLACE)
    publish(per_listing)
    ml = fake.add_listing("LIQ-TURBO-110", "MERCADO_LIVRE", price=1, discount_price=1)
    amazon = fake.add_listing("LIQ-TURBO-110", "AMAZON", price=1, discount_price=1)
    fake.reset_calls()

    report = push(run, ctx_factory(config=per_listing))

    assert report.ok, report.failures
    assert (report.prices_considered, report.prices_succeeded) == (2, 2)
    no_listing = {s.subject for s in report.skipped if s.reason is SkipReason.NO_LISTING}
    assert len(no_listing) == 13
    [bulk] = fake.calls_to("PUT", "/skus/marketplaces/prices")
    assert sorted((i["id"], i["price"], i["discountPrice"]) for i in bulk.json) == sorted(
        (ad["id"], Decimal("299.9"), Decimal("279.9")) for ad in (ml, amazon)
    )
    assert len(fake.calls_to("GET", "/skus/marketplaces")) == 14  # listings looked up
    assert fake.calls_to("PATCH", "/products/{id}/skus/{sku}") == []

    fake.reset_calls()
    again = push(run, ctx_factory(config=per_listing))
    assert again.prices_sent == 0
    # the SKU with listings is cached in the ledger; the others are asked again
    assert len(fake.calls_to("GET", "/skus/marketplaces")) == 13
    assert [c for c in fake.calls if c.method != "GET"] == []

    fake.reset_calls()
    given = push(run, ctx_factory(config=per_listing), listings={"LIQ-TURBO-110": [ml["id"]]})
    assert given.prices_considered == 1
    assert fake.calls == []


def test_per_item_price_mode(
    ctx_factory: ContextFactory,
    run: FlowRunner,
    fake: FakeAnymarket,
    publish: Callable[..., None],
    warehouses: dict[int, int],
) -> None:
    publish()

    report = push(run, ctx_factory(), price_modes={"GAR-TERM-1L": "COST"})

    assert report.prices_considered == 13
    [body] = stock_bodies(fake)
    with_cost = {(i["partnerId"], i["stockLocalId"]) for i in body if "cost" in i}
    assert with_cost == {("GAR-TERM-1L", warehouses[10]), ("GAR-TERM-1L", warehouses[20])}


def test_dry_run_sends_nothing_and_records_nothing(
    ctx_factory: ContextFactory,
    run: FlowRunner,
    fake: FakeAnymarket,
    source: MemorySource,
    publish: Callable[..., None],
) -> None:
    publish()
    source.prices = [attrs.evolve(p, price=p.price + 1) for p in source.prices]

    report = push(run, ctx_factory(), dry_run=True)

    assert report.dry_run
    assert (report.stock_sent, report.prices_sent) == (SAMPLE_ROWS, 14)
    assert (report.stock_succeeded, report.prices_succeeded, report.requests) == (0, 0, 0)
    assert fake.calls == []
    assert ctx_factory.ledger.runs(flow="stock_prices") == []
    assert "would send" in report.summary()

    real = push(run, ctx_factory())
    assert (real.stock_sent, real.prices_sent) == (SAMPLE_ROWS, 14)


def test_items_outside_the_catalogue_are_skipped(
    ctx_factory: ContextFactory, run: FlowRunner, fake: FakeAnymarket
) -> None:
    report = push(run, ctx_factory())  # the catalogue flow never ran

    assert (report.records_considered, report.requests) == (0, 0)
    assert fake.calls == []
    assert {s.reason for s in report.skipped} >= {SkipReason.NOT_IN_CATALOGUE}


def test_chunk_size_is_checked(ctx_factory: ContextFactory, run: FlowRunner) -> None:
    with pytest.raises(ValueError, match="chunk_size"):
        push(run, ctx_factory(), chunk_size=0)


def test_sample_models_used_here_are_real() -> None:
    # guards the synthetic source against model changes
    assert {f.name for f in attrs.fields(Item)} >= {"code", "image_urls", "barcode"}
    assert {f.name for f in attrs.fields(PriceEntry)} >= {"item_code", "price"}
    assert {f.name for f in attrs.fields(StockBalance)} >= {"item_code", "available"}


def test_push_under_mixed_faults_converges_without_loss(
    ctx_factory: ContextFactory,
    run: FlowRunner,
    fake: FakeAnymarket,
    publish: Callable[..., None],
) -> None:
    """A fault soak: 40% of stock requests fail in every way the fake can fail (before or
    after applying, 429 with Retry-After, malformed answers). Re-runs converge: every row ends
    pushed, the ledger has no failure left, a final run sends nothing, and the client's
    retries waited exactly what Retry-After asked."""
    publish()
    fake.inject(
        0.4,
        kinds=[
            "http_500",
            "http_503",
            "http_429",
            "read_timeout",
            "reset",
            "timeout_after_apply",
            "reset_after_apply",
            "malformed_json",
        ],
        routes=["PUT /stocks"],
        retry_after=7,
    )
    reports = []
    for _ in range(30):
        report = push(run, ctx_factory(max_retries=2), chunk_size=1)
        reports.append(report)
        if report.ok and report.stock_failed == 0 and report.requests == 0:
            break
    assert reports[-1].requests == 0, [r.summary() for r in reports]
    assert ctx_factory.ledger.push_failures() == []
    assert sum(r.stock_succeeded for r in reports) >= SAMPLE_ROWS
    assert fake.faults.injected  # faults really happened
    # every 429 answer carried Retry-After: 7, and the client waited exactly that
    clock = fake.clock
    assert isinstance(clock, ManualClock)
    assert all(s > 0 for s in clock.sleeps)
    assert fake.faults.injected["http_429"] > 0  # seeded: the soak does meet 429s
    assert 7 in clock.sleeps
