"""map_stock over the sample balances (full result) and its rules."""

from __future__ import annotations

from decimal import Decimal

import attrs
import pytest

from anymarket_sdk.models.stock import StockUpdate
from m2_adapter.m2 import StockBalance, Warehouse
from m2_adapter.mapping import (
    Held,
    HoldReason,
    MappingConfig,
    MappingWarning,
    Skipped,
    SkipReason,
    WarningCode,
    map_stock,
)

from .builders import CONFIG, sample_balances, sample_warehouses

D = Decimal


def su(partner_id: str, quantity: int, local: int, cost: str | None = None) -> StockUpdate:
    return StockUpdate(
        partner_id=partner_id,
        quantity=D(quantity),
        stock_local_id=local,
        cost=D(cost) if cost is not None else None,
    )


SAMPLE_UPDATES = (
    su("CAM-BASICA-BRA-P", 38, 1),
    su("CAM-BASICA-BRA-P", 10, 2),
    su("CAM-BASICA-BRA-M", 53, 1),
    su("CAM-BASICA-BRA-M", 13, 2),
    su("CAM-BASICA-BRA-G", 30, 1),
    su("CAM-BASICA-BRA-G", 8, 2),
    su("CAM-BASICA-PRE-P", 18, 1),
    su("CAM-BASICA-PRE-P", 4, 2),
    su("CAM-BASICA-PRE-M", 58, 1),
    su("CAM-BASICA-PRE-M", 15, 2),
    su("CAM-BASICA-PRE-G", 23, 1),
    su("CAM-BASICA-PRE-G", 6, 2),
    su("CAM-BASICA-AZM-P", 12, 1),
    su("CAM-BASICA-AZM-P", 3, 2),
    su("CAM-BASICA-AZM-M", 28, 1),
    su("CAM-BASICA-AZM-M", 7, 2),
    su("CAM-BASICA-AZM-G", 9, 1),
    su("CAM-BASICA-AZM-G", 2, 2),
    su("LIQ-TURBO-110", 13, 1),
    su("LIQ-TURBO-220", 0, 1),
    su("LIQ-TURBO-110", 3, 2),
    su("GAR-TERM-1L", 75, 1),
    su("GAR-TERM-1L", 12, 2),
    su("PAN-ANTI-5P", 7, 1),
    su("CAF-ELET-30", 20, 1),
    su("VENT-MESA-30", 4, 1),
    su("MOCH-ESC-20", 32, 1),
)
FULL_SKIPPED = Skipped(
    reason=SkipReason.FULFILLMENT_WAREHOUSE,
    subject="warehouse 90 (MERCADO LIVRE FULL (EXTREMA-MG))",
    path="warehouse_id",
    detail="2 balances of marketplace-held stock, never pushed",
)


def test_sample_stock_full_result() -> None:
    result = map_stock(sample_balances(), config=CONFIG, warehouses=sample_warehouses())
    assert result.ok
    assert result.value == SAMPLE_UPDATES
    assert result.skipped == (FULL_SKIPPED,)
    assert result.held == ()
    assert result.warnings == ()


def test_fulfillment_from_config_without_warehouse_rows() -> None:
    config = attrs.evolve(CONFIG, fulfillment_warehouses={90})
    result = map_stock(sample_balances(), config=config)
    assert result.value == SAMPLE_UPDATES
    assert result.skipped == (
        Skipped(
            reason=SkipReason.FULFILLMENT_WAREHOUSE,
            subject="warehouse 90",
            path="warehouse_id",
            detail="2 balances of marketplace-held stock, never pushed",
        ),
    )


def test_unmapped_warehouses_are_held_once_each() -> None:
    config = attrs.evolve(CONFIG, warehouse_map={10: 1})
    result = map_stock(sample_balances(), config=config, warehouses=sample_warehouses())
    assert not result.ok
    assert result.held_reason is HoldReason.WAREHOUSE_UNMAPPED
    assert result.held == (
        Held(
            reason=HoldReason.WAREHOUSE_UNMAPPED,
            subject="warehouse 20 (LOJA JOINVILLE CENTRO)",
            path="warehouse_id",
            detail="11 balances held: no ANYMARKET stockLocalId in warehouse_map",
        ),
    )
    assert result.value == tuple(u for u in SAMPLE_UPDATES if u.stock_local_id == 1)


def test_shared_stock_local_sums_and_filters_and_costs() -> None:
    config = attrs.evolve(CONFIG, warehouse_map={10: 1, 20: 1})
    result = map_stock(
        sample_balances(),
        config=config,
        warehouses=sample_warehouses(),
        costs={"GAR-TERM-1L": D("89.90")},
        codes={"GAR-TERM-1L", "LIQ-TURBO-110"},
    )
    assert result.value == (su("LIQ-TURBO-110", 16, 1), su("GAR-TERM-1L", 87, 1, "89.90"))
    assert len(result.skipped) == 24  # 23 balances of other items, then the Full warehouse
    assert result.skipped[0] == Skipped(
        reason=SkipReason.NOT_IN_CATALOGUE,
        subject="CAM-BASICA-BRA-P@10",
        path="item_code",
        detail="the item is not among the published codes",
    )
    assert result.skipped[-1] == FULL_SKIPPED


def balance(code: str, warehouse: int, **changes: object) -> StockBalance:
    fields: dict[str, object] = {
        "company_id": 1,
        "branch_id": 1,
        "warehouse_id": warehouse,
        "item_id": 1,
        "item_code": code,
        "physical": D(10),
        "available": D(10),
    }
    fields.update(changes)
    return StockBalance(**fields)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("changes", "quantity", "warnings"),
    [
        (
            {"available": D(-3)},
            0,
            ((WarningCode.QUANTITY_NEGATIVE, "available balance -3 sent as 0"),),
        ),
        (
            {"available": D("4.75")},
            4,
            ((WarningCode.QUANTITY_FRACTIONAL, "available balance 4.75 floored to 4"),),
        ),
        ({"available": None, "physical": D(9), "reserved": D(2)}, 7, ()),
        ({"available": None, "physical": D(9)}, 9, ()),
    ],
)
def test_quantities(
    changes: dict[str, object], quantity: int, warnings: tuple[tuple[WarningCode, str], ...]
) -> None:
    result = map_stock([balance("X", 10, **changes)], config=CONFIG)
    assert result.value == (su("X", quantity, 1),)
    assert result.warnings == tuple(
        MappingWarning(code=c, subject="X@10", path="available", message=m) for c, m in warnings
    )


def test_negative_balance_never_reduces_another_warehouse() -> None:
    config = attrs.evolve(CONFIG, warehouse_map={10: 1, 20: 1})
    result = map_stock(
        [balance("X", 10, available=D(-5)), balance("X", 20, available=D(6))], config=config
    )
    assert result.value == (su("X", 6, 1),)


def test_inactive_warehouse_and_escaped_codes() -> None:
    warehouses = [Warehouse(warehouse_id=20, name="ANTIGO", active=False)]
    result = map_stock(
        [balance("CX 1", 10), balance("Y", 20), balance("", 10)],
        config=CONFIG,
        warehouses=warehouses,
    )
    assert result.value == (su("CX~201", 10, 1),)
    assert result.held == (
        Held(
            reason=HoldReason.PARTNER_ID_INVALID,
            subject="@10",
            path="item_code",
            detail="the item code is empty",
        ),
    )
    assert result.skipped == (
        Skipped(
            reason=SkipReason.WAREHOUSE_INACTIVE,
            subject="warehouse 20 (ANTIGO)",
            path="warehouse_id",
            detail="1 balance in an inactive warehouse",
        ),
    )


def test_empty_config_holds_everything() -> None:
    result = map_stock(sample_balances(), config=MappingConfig(), warehouses=sample_warehouses())
    assert result.value == ()
    assert [h.subject for h in result.held] == [
        "warehouse 10 (CD JOINVILLE)",
        "warehouse 20 (LOJA JOINVILLE CENTRO)",
    ]
