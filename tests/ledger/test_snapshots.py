"""Stock/price snapshots: deltas against the last successful push, failures kept pending."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest

from m2_adapter.ledger import (
    LedgerError,
    PriceRecord,
    PriceTarget,
    PushFailure,
    SqliteLedger,
    StockRecord,
)
from tests.ledger.conftest import START, FakeNow


def stock(sku: str, qty: str = "1", **kw: object) -> StockRecord:
    return StockRecord(sku_partner_id=sku, quantity=Decimal(qty), **kw)  # type: ignore[arg-type]


def test_first_run_pushes_everything_and_a_rerun_nothing(ledger: SqliteLedger) -> None:
    desired = [
        stock("A", "3"),
        stock("B", "0", stock_local_id=7),
        stock("A", "1", stock_local_id=7),
    ]
    assert list(ledger.stock_delta(desired)) == desired
    assert ledger.record_pushed(desired) == 3
    assert list(ledger.stock_delta(desired)) == []
    assert list(ledger.stock_delta(desired)) == []  # repeated: still nothing


def test_only_changed_fields_count(ledger: SqliteLedger) -> None:
    base = stock("A", "10.50", cost=Decimal("4.00"), additional_time=2)
    ledger.record_pushed([base])
    # the same values written differently are not a change
    same = stock("A", "10.5", cost=Decimal("4"), additional_time=2)
    assert list(ledger.stock_delta([same])) == []
    for changed in (
        stock("A", "11", cost=Decimal("4"), additional_time=2),
        stock("A", "10.5", cost=Decimal("4.01"), additional_time=2),
        stock("A", "10.5", cost=None, additional_time=2),
        stock("A", "10.5", cost=Decimal("4"), additional_time=3),
        stock("A", "10.5", cost=Decimal("4"), additional_time=2, stock_local_id=1),
    ):
        assert list(ledger.stock_delta([changed])) == [changed]


def test_snapshot_reads_back_and_is_per_warehouse(ledger: SqliteLedger) -> None:
    ledger.record_pushed(
        [stock("A", "5.000", cost=Decimal("1.20")), stock("A", "2", stock_local_id=9)]
    )
    got = ledger.pushed_stock("A")
    assert got == stock("A", "5", cost=Decimal("1.2"))
    assert got is not None
    assert str(got.quantity) == "5"
    assert ledger.pushed_stock("A", 9) == stock("A", "2", stock_local_id=9)
    assert ledger.pushed_stock("A", 8) is None
    assert ledger.pushed_stock("Z") is None


def test_failures_stay_pending_until_pushed(ledger: SqliteLedger, now: FakeNow) -> None:
    a, b = stock("A", "1"), stock("B", "2")
    ledger.record_pushed([a, b])
    new_a, new_b = stock("A", "5"), stock("B", "6")
    assert list(ledger.stock_delta([new_a, new_b])) == [new_a, new_b]
    ledger.record_pushed([new_a])
    assert ledger.mark_failed(new_b, "422 unknown SKU") == 1
    # the last successful value is kept, and B is retried even when nothing changed
    assert ledger.pushed_stock("B") == b
    assert list(ledger.stock_delta([new_a, new_b])) == [new_b]
    assert list(ledger.stock_delta([new_a, b])) == [b]  # back to the pushed value: still retried
    now.advance(minutes=5)
    ledger.mark_failed([new_b], "timeout")
    assert ledger.push_failures() == [
        PushFailure(
            sku_partner_id="B",
            reason="timeout",
            failures=2,
            failed_at=START.replace(minute=5),
        )
    ]
    ledger.record_pushed([new_b])
    assert ledger.push_failures() == []
    assert list(ledger.stock_delta([new_a, new_b])) == []


def test_a_never_pushed_failure_is_retried(ledger: SqliteLedger) -> None:
    rec = stock("NEW", "1")
    ledger.mark_failed(rec, "503")
    assert ledger.pushed_stock("NEW") is None
    assert list(ledger.stock_delta([rec])) == [rec]
    assert [f.sku_partner_id for f in ledger.push_failures()] == ["NEW"]


def test_prices_per_target(ledger: SqliteLedger) -> None:
    sku_price = PriceRecord(
        sku_partner_id="A",
        target=PriceTarget.SKU_PRICE,
        price=Decimal("99.90"),
        sell_price=Decimal("89.9"),
    )
    ad_1 = PriceRecord(
        sku_partner_id="A",
        target=PriceTarget.AD_PRICE,
        ad_id=11,
        price=Decimal("100"),
        sell_price=Decimal("95"),
    )
    ad_2 = PriceRecord(
        sku_partner_id="A", target=PriceTarget.AD_PRICE, ad_id=12, price=Decimal("101")
    )
    cost = PriceRecord(sku_partner_id="A", target=PriceTarget.STOCK_COST, price=Decimal("50"))
    desired = [sku_price, ad_1, ad_2, cost]
    assert [r.target_key for r in desired] == ["sku", "ad:11", "ad:12", "stock_cost"]
    assert list(ledger.price_delta(desired)) == desired
    ledger.record_pushed(desired)
    assert list(ledger.price_delta(desired)) == []
    cheaper = PriceRecord(
        sku_partner_id="A",
        target=PriceTarget.AD_PRICE,
        ad_id=12,
        price=Decimal("101"),
        sell_price=Decimal("90"),
    )
    assert list(ledger.price_delta([sku_price, ad_1, cheaper, cost])) == [cheaper]
    ledger.mark_failed(cheaper, "marketplace refused")
    assert ledger.pushed_price("A", PriceTarget.AD_PRICE, ad_id=12) == ad_2
    assert ledger.pushed_price("A", PriceTarget.SKU_PRICE) == sku_price
    assert ledger.pushed_price("B", PriceTarget.SKU_PRICE) is None
    (failure,) = ledger.push_failures()
    assert (failure.target, failure.ad_id, failure.stock_local_id) == (
        PriceTarget.AD_PRICE,
        12,
        None,
    )
    with pytest.raises(ValueError, match="ad_id"):
        ledger.pushed_price("A", PriceTarget.AD_PRICE)


def test_mixed_record_pushed_is_one_transaction(ledger: SqliteLedger) -> None:
    price = PriceRecord(sku_partner_id="A", target=PriceTarget.SKU_PRICE, price=Decimal(1))
    with pytest.raises(TypeError, match="StockRecord or PriceRecord"):
        ledger.record_pushed([stock("A"), price, "oops"])  # type: ignore[list-item]
    assert ledger.pushed_stock("A") is None  # nothing was written
    assert ledger.record_pushed([stock("A"), price]) == 2
    assert ledger.record_pushed([]) == 0


def test_forget_pushed(ledger: SqliteLedger) -> None:
    recs = [stock("A"), stock("B")]
    ledger.record_pushed(recs)
    ledger.record_pushed(
        [PriceRecord(sku_partner_id="A", target=PriceTarget.SKU_PRICE, price=Decimal(1))]
    )
    assert ledger.forget_pushed("A") == 2
    assert list(ledger.stock_delta(recs)) == [recs[0]]
    assert ledger.forget_pushed() == 1
    assert list(ledger.stock_delta(recs)) == recs


def test_accounts_do_not_see_each_other(db_path: Path, now: FakeNow) -> None:
    with (
        SqliteLedger(db_path, account="one", now=now) as one,
        SqliteLedger(db_path, account="two", now=now) as two,
    ):
        one.record_pushed([stock("A")])
        assert list(two.stock_delta([stock("A")])) == [stock("A")]
        assert list(one.stock_delta([stock("A")])) == []


def test_records_validate() -> None:
    with pytest.raises(ValueError, match="sku_partner_id"):
        stock(" ")
    with pytest.raises(TypeError, match="quantity"):
        StockRecord(sku_partner_id="A", quantity=1.5)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="quantity"):
        StockRecord(sku_partner_id="A", quantity=Decimal("NaN"))
    with pytest.raises(ValueError, match="stock_local_id"):
        stock("A", stock_local_id=0)
    with pytest.raises(ValueError, match="additional_time"):
        stock("A", additional_time=-1)
    with pytest.raises(ValueError, match="ad_id"):
        PriceRecord(sku_partner_id="A", target=PriceTarget.AD_PRICE, price=Decimal(1))
    with pytest.raises(ValueError, match="ad_id"):
        PriceRecord(sku_partner_id="A", target=PriceTarget.SKU_PRICE, price=Decimal(1), ad_id=3)


def test_delta_checks_its_input(ledger: SqliteLedger) -> None:
    wrong: list[Any] = [
        PriceRecord(sku_partner_id="A", target=PriceTarget.SKU_PRICE, price=Decimal(1))
    ]
    with pytest.raises(TypeError, match="StockRecord"):
        list(ledger.stock_delta(wrong))
    with pytest.raises(ValueError, match="batch_size"):
        list(ledger.stock_delta([stock("A")], batch_size=0))
    with pytest.raises(ValueError, match="reason"):
        ledger.mark_failed(stock("A"), "")


def test_delta_streams_without_holding_a_transaction(ledger: SqliteLedger, db_path: Path) -> None:
    """Between batches no transaction is open: another process can write."""
    desired = (stock(f"S{i:03d}") for i in range(30))
    it = ledger.stock_delta(desired, batch_size=10)
    first = [next(it) for _ in range(10)]
    with SqliteLedger(db_path, account="acme", timeout=0) as other:
        other.record_pushed(first)  # would fail with "database is locked" otherwise
    assert len(list(it)) == 20


def test_closed_ledger_refuses(db_path: Path) -> None:
    opened = SqliteLedger(db_path)
    opened.close()
    opened.close()
    assert opened.closed
    with pytest.raises(LedgerError, match="closed"):
        opened.pushed_stock("A")


def test_delta_20000_skus_one_percent_change(ledger: SqliteLedger) -> None:
    """A catalogue-sized run: everything once, nothing on a re-run, exactly the 1% changed."""
    n = 20_000
    desired = [
        StockRecord(
            sku_partner_id=f"SKU-{i:05d}", quantity=Decimal(i % 97), stock_local_id=1 + i % 3
        )
        for i in range(n)
    ]
    assert sum(1 for _ in ledger.stock_delta(iter(desired))) == n
    assert ledger.record_pushed(desired) == n
    assert next(ledger.stock_delta(iter(desired)), None) is None
    changed_at = range(0, n, 100)
    moved = list(desired)
    for i in changed_at:
        moved[i] = attrs.evolve(desired[i], quantity=desired[i].quantity + 1)
    delta = list(ledger.stock_delta(iter(moved), batch_size=1000))
    assert delta == [moved[i] for i in changed_at]
    ledger.record_pushed(delta)
    assert next(ledger.stock_delta(iter(moved)), None) is None
