"""select_prices / map_prices over the sample price table and the price-mode routing."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import attrs
import pytest

from anymarket_sdk.models import AdPrice, DefinitionPriceScope
from anymarket_sdk.models.stock import StockUpdate
from m2_adapter.m2 import PriceEntry
from m2_adapter.mapping import (
    Held,
    HoldReason,
    ItemPrice,
    MappingWarning,
    PriceUpdates,
    Skipped,
    SkipReason,
    SkuPrice,
    WarningCode,
    map_prices,
    select_prices,
)

from .builders import CONFIG, NOW, sample_prices

D = Decimal
SHIRTS = [f"CAM-BASICA-{c}-{s}" for c in ("BRA", "PRE", "AZM") for s in ("P", "M", "G")]


def test_sample_prices_full_result() -> None:
    result = map_prices(sample_prices(), now=NOW, config=CONFIG)
    assert result.ok
    assert result.report.clean
    assert result.value == PriceUpdates(
        sku_prices=[
            *(SkuPrice(partner_id=c, price=D("59.90"), sell_price=D("49.90")) for c in SHIRTS),
            SkuPrice(partner_id="LIQ-TURBO-110", price=D("299.90"), sell_price=D("279.90")),
            SkuPrice(partner_id="LIQ-TURBO-220", price=D("299.90"), sell_price=D("279.90")),
            SkuPrice(partner_id="GAR-TERM-1L", price=D("89.90"), sell_price=D("89.90")),
            SkuPrice(partner_id="PAN-ANTI-5P", price=D("349.00"), sell_price=D("299.00")),
            SkuPrice(partner_id="CAF-ELET-30", price=D("199.90"), sell_price=D("199.90")),
            SkuPrice(partner_id="VENT-MESA-30", price=D("149.90"), sell_price=D("149.90")),
            SkuPrice(partner_id="MOCH-ESC-20", price=D("129.90"), sell_price=D("129.90")),
        ]
    )


def test_select_prices_keeps_the_window() -> None:
    result = select_prices(sample_prices(), now=NOW, config=CONFIG)
    assert result.value is not None
    assert result.value["PAN-ANTI-5P"] == ItemPrice(
        code="PAN-ANTI-5P",
        price=D("349.00"),
        sell_price=D("299.00"),
        table_id=1,
        valid_from=date(2025, 12, 1),
        valid_to=date(2026, 12, 31),
    )


def test_validity_uses_the_m2_zone() -> None:
    # 02:00 UTC on 1 Dec 2025 is still 30 Nov in São Paulo: the panelas' price starts on 1 Dec
    result = select_prices(
        sample_prices(), now=datetime(2025, 12, 1, 2, 0, tzinfo=UTC), config=CONFIG
    )
    assert result.value is not None
    assert "PAN-ANTI-5P" not in result.value
    assert result.skipped == (
        Skipped(
            reason=SkipReason.PRICE_NOT_IN_EFFECT,
            subject="PAN-ANTI-5P",
            path="valid_from",
            detail="none of its 1 price entries is valid on 2025-11-30",
        ),
    )
    later = select_prices(
        sample_prices(), now=datetime(2025, 12, 1, 3, 0, tzinfo=UTC), config=CONFIG
    )
    assert later.value is not None
    assert "PAN-ANTI-5P" in later.value


def test_before_the_shirts_price_window() -> None:
    result = map_prices(sample_prices(), now=datetime(2025, 10, 1, tzinfo=UTC), config=CONFIG)
    assert result.ok
    assert [s.subject for s in result.skipped] == [*SHIRTS, "PAN-ANTI-5P"]
    assert {s.reason for s in result.skipped} == {SkipReason.PRICE_NOT_IN_EFFECT}
    assert result.value is not None
    assert len(result.value.sku_prices) == 6


def test_cost_mode_gives_stock_costs() -> None:
    config = attrs.evolve(CONFIG, price_mode=DefinitionPriceScope.COST)
    entries = [e for e in sample_prices() if e.item_code in ("GAR-TERM-1L", "PAN-ANTI-5P")]
    result = map_prices(entries, now=NOW, config=config)
    assert result.value == PriceUpdates(
        stock_costs=[
            StockUpdate(partner_id="GAR-TERM-1L", cost=D("89.90")),
            StockUpdate(partner_id="PAN-ANTI-5P", cost=D("299.00")),
        ]
    )
    assert result.value is not None
    assert result.value.costs == {"GAR-TERM-1L": D("89.90"), "PAN-ANTI-5P": D("299.00")}


def test_modes_per_item_and_listings() -> None:
    entries = [
        e for e in sample_prices() if e.item_code in ("GAR-TERM-1L", "PAN-ANTI-5P", "MOCH-ESC-20")
    ] + [PriceEntry(table_id=1, item_code="CX 9", price=D(10))]
    result = map_prices(
        entries,
        now=NOW,
        config=CONFIG,
        price_modes={
            "GAR-TERM-1L": "SKU_MARKETPLACE",
            "PAN-ANTI-5P": DefinitionPriceScope.SKU_MARKETPLACE,
            "MOCH-ESC-20": "PER_CHANNEL",
            "CX 9": "cost",
        },
        listings={"PAN-ANTI-5P": [31, 32]},
    )
    assert result.value == PriceUpdates(
        ad_prices=[
            AdPrice(id=31, price=D("349.00"), discount_price=D("299.00")),
            AdPrice(id=32, price=D("349.00"), discount_price=D("299.00")),
        ],
        stock_costs=[StockUpdate(partner_id="CX~209", cost=D(10))],
    )
    assert result.skipped == (
        Skipped(
            reason=SkipReason.NO_LISTING,
            subject="GAR-TERM-1L",
            path="listings",
            detail="price mode SKU_MARKETPLACE and the SKU has no listing yet",
        ),
    )
    assert result.held == (
        Held(
            reason=HoldReason.PRICE_MODE_UNKNOWN,
            subject="MOCH-ESC-20",
            path="definition_price_scope",
            detail="price mode 'PER_CHANNEL' is not SKU, SKU_MARKETPLACE or COST",
        ),
    )


def entry(
    table: int = 1,
    price: str = "10",
    promo: str | None = None,
    *,
    valid_from: date | None = None,
    valid_to: date | None = None,
) -> PriceEntry:
    return PriceEntry(
        table_id=table,
        item_code="X",
        price=D(price),
        promotional_price=D(promo) if promo is not None else None,
        valid_from=valid_from,
        valid_to=valid_to,
    )


@pytest.mark.parametrize(
    ("entries", "price", "report"),
    [
        pytest.param(
            [
                entry(price="10"),
                entry(price="9", valid_from=date(2026, 3, 1)),
                entry(price="8", valid_from=date(2026, 3, 1), valid_to=date(2026, 3, 31)),
                entry(price="7", valid_from=date(2026, 4, 1)),
            ],
            "8",
            MappingWarning(
                code=WarningCode.PRICE_OVERLAP,
                subject="X",
                path="valid_from",
                message="3 entries are valid on 2026-03-10: the one from 2026-03-01 to "
                "2026-03-31 was used",
            ),
            id="most-specific-wins",
        ),
        pytest.param(
            [entry(table=1), entry(table=2)],
            None,
            Held(
                reason=HoldReason.PRICE_AMBIGUOUS,
                subject="X",
                path="table_id",
                detail="price tables 1, 2 all price it on 2026-03-10; set price_table_id",
            ),
            id="two-tables",
        ),
        pytest.param(
            [entry(price="10", promo="12")],
            None,
            Held(
                reason=HoldReason.PRICE_INVALID,
                subject="X",
                path="promotional_price",
                detail="promotional price 12 is above the list price 10",
            ),
            id="promo-above-list",
        ),
        pytest.param(
            [entry(price="0")],
            None,
            Held(
                reason=HoldReason.PRICE_INVALID,
                subject="X",
                path="price",
                detail="a price must be above zero",
            ),
            id="zero",
        ),
        pytest.param(
            [entry(price="10", promo="0")],
            None,
            Held(
                reason=HoldReason.PRICE_INVALID,
                subject="X",
                path="price",
                detail="a price must be above zero",
            ),
            id="zero-promo",
        ),
        pytest.param(
            [entry(valid_to=date(2026, 3, 9))],
            None,
            Skipped(
                reason=SkipReason.PRICE_NOT_IN_EFFECT,
                subject="X",
                path="valid_from",
                detail="none of its 1 price entries is valid on 2026-03-10",
            ),
            id="expired",
        ),
    ],
)
def test_selection_rules(
    entries: list[PriceEntry], price: str | None, report: Held | Skipped | MappingWarning
) -> None:
    result = select_prices(entries, now=NOW, config=CONFIG)
    assert result.value is not None
    selected = result.value.get("X")
    assert (selected.sell_price if selected else None) == (D(price) if price else None)
    entries_of = {Held: result.held, Skipped: result.skipped, MappingWarning: result.warnings}
    assert entries_of[type(report)] == (report,)
    assert len(result.held) + len(result.skipped) + len(result.warnings) == 1


def test_configured_table_filters_entries() -> None:
    config = attrs.evolve(CONFIG, price_table_id=2)
    result = select_prices(
        [entry(table=1, price="10"), entry(table=2, price="12")], now=NOW, config=config
    )
    assert result.value is not None
    assert result.value["X"].price == D(12)
    assert result.report.clean


def test_naive_now_is_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        select_prices([], now=datetime(2026, 3, 10), config=CONFIG)  # noqa: DTZ001
