"""Order sinks: idempotent by ANYMARKET order id, whole-or-nothing, sync and async."""

from __future__ import annotations

import asyncio
import sqlite3
import subprocess
import sys
import textwrap
import threading
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest

from anymarket_sdk.testing import ManualClock
from m2_adapter.m2 import (
    AsyncInMemoryOrderSink,
    AsyncM2OrderSink,
    AsyncSqliteOrderSink,
    DeliveryAddress,
    InMemoryOrderSink,
    Intermediary,
    InvalidOrderError,
    M2OrderSink,
    OrderBuyer,
    OrderItem,
    OrderNotFoundError,
    OrderSinkError,
    OrderStateError,
    OrderStatus,
    Payment,
    SalesOrder,
    SqliteOrderSink,
)
from tests.m2.conftest import Run

ROOT = Path(__file__).resolve().parents[2]


def make_order(order_id: str = "9001", **overrides: Any) -> SalesOrder:
    fields: dict[str, Any] = {
        "anymarket_order_id": order_id,
        "marketplace": "MERCADO_LIVRE",
        "marketplace_order_number": "2000004567890123",
        "created_at": datetime(2026, 1, 10, 12, 30, tzinfo=UTC),
        "buyer": OrderBuyer(
            name="Maria Fictícia da Silva", document="27487156087", person_type="F"
        ),
        "delivery_address": DeliveryAddress(
            street="Rua das Palmeiras Fictícias",
            number="120",
            city="Joinville",
            uf="SC",
            zip_code="89201100",
        ),
        "items": [
            OrderItem(
                item_code="CAM-BASICA-PRE-M", quantity=Decimal(2), unit_price=Decimal("49.90")
            ),
            OrderItem(item_code="GAR-TERM-1L", quantity=Decimal(1), unit_price=Decimal("89.90")),
        ],
        "payments": [Payment(method="PIX", value=Decimal("204.70"))],
        "freight": Decimal("15.00"),
        "intermediary": Intermediary(cnpj="03007331000141", registration_id="LOJA-EXEMPLO"),
    }
    fields.update(overrides)
    return SalesOrder(**fields)


@pytest.fixture(params=["memory", "sqlite"])
def sink(request: pytest.FixtureRequest, run: Run, tmp_path: Path) -> Any:
    """A sink of each kind, sync or async following ``run``."""
    clock = ManualClock()
    if request.param == "memory":
        return (
            AsyncInMemoryOrderSink(clock=clock) if run.is_async else InMemoryOrderSink(clock=clock)
        )
    path = tmp_path / "m2.sqlite"
    return (
        AsyncSqliteOrderSink(path, clock=clock)
        if run.is_async
        else SqliteOrderSink(path, clock=clock)
    )


def test_same_order_twice_is_one_order(run: Run, sink: Any) -> None:
    first = run(sink.write_order(make_order()))
    again = run(sink.write_order(make_order()))
    assert (first.created, first.changed) == (True, True)
    assert (again.created, again.changed) == (False, False)
    assert again.m2_order_number == first.m2_order_number == "1"
    assert run(sink.count()) == 1
    other = run(sink.write_order(make_order("9002")))
    assert other.m2_order_number == "2"


def test_stored_order_reads_back(run: Run, sink: Any) -> None:
    order = make_order()
    run(sink.write_order(order, status=OrderStatus.PENDING))
    record = run(sink.find_by_anymarket_id("9001"))
    assert record.order == order
    assert record.order.items[0].unit_price == Decimal("49.90")
    assert record.status == OrderStatus.PENDING
    assert record.m2_order_number == "1"
    assert record.created_at.tzinfo is not None
    assert run(sink.find_by_anymarket_id("404")) is None


def test_changed_content_updates_the_same_order(run: Run, sink: Any) -> None:
    run(sink.write_order(make_order()))
    corrected = make_order(notes="Entregar após as 14h")
    receipt = run(sink.write_order(corrected))
    assert (receipt.m2_order_number, receipt.created, receipt.changed) == ("1", False, True)
    assert run(sink.find_by_anymarket_id("9001")).order.notes == "Entregar após as 14h"
    assert run(sink.count()) == 1


def test_pending_is_promoted_never_demoted(run: Run, sink: Any) -> None:
    assert run(sink.write_order(make_order(), status=OrderStatus.PENDING)).status == "PENDING"
    promoted = run(sink.write_order(make_order(), status=OrderStatus.OPEN))
    assert (promoted.status, promoted.changed) == (OrderStatus.OPEN, True)
    again = run(sink.write_order(make_order(), status=OrderStatus.PENDING))
    assert (again.status, again.changed) == (OrderStatus.OPEN, False)


def test_invoiced_order_is_not_rewritten(run: Run, sink: Any) -> None:
    run(sink.write_order(make_order()))
    run(sink.update_status("9001", OrderStatus.INVOICED))
    receipt = run(sink.write_order(make_order(notes="tarde demais")))
    assert (receipt.status, receipt.changed) == (OrderStatus.INVOICED, False)
    assert run(sink.find_by_anymarket_id("9001")).order.notes is None


def test_status_updates_and_cancel(run: Run, sink: Any) -> None:
    run(sink.write_order(make_order()))
    shipped = run(sink.update_status("9001", OrderStatus.SHIPPED, reason="coletado"))
    assert (shipped.status, shipped.status_reason) == (OrderStatus.SHIPPED, "coletado")
    cancelled = run(sink.cancel("9001", reason="BUYER_CANCELED"))
    assert cancelled.status == OrderStatus.CANCELED
    assert run(sink.cancel("9001")).status == OrderStatus.CANCELED  # idempotent
    with pytest.raises(OrderStateError, match="CANCELED"):
        run(sink.update_status("9001", OrderStatus.OPEN))
    receipt = run(sink.write_order(make_order()))  # a re-sent order never reopens it
    assert (receipt.status, receipt.changed, receipt.m2_order_number) == ("CANCELED", False, "1")


def test_unknown_orders(run: Run, sink: Any) -> None:
    with pytest.raises(OrderNotFoundError) as info:
        run(sink.cancel("404"))
    assert isinstance(info.value, LookupError)
    with pytest.raises(ValueError, match="required"):
        run(sink.find_by_anymarket_id(" "))


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"items": []}, "no items"),
        ({"anymarket_order_id": " "}, "anymarket_order_id is empty"),
        (
            {"items": [OrderItem(item_code="A", quantity=Decimal(0), unit_price=Decimal(1))]},
            "quantity must be positive",
        ),
        (
            {"items": [OrderItem(item_code="", quantity=Decimal(1), unit_price=Decimal(1))]},
            "item_code is empty",
        ),
    ],
)
def test_invalid_orders_are_never_written(
    run: Run, sink: Any, change: dict[str, Any], reason: str
) -> None:
    with pytest.raises(InvalidOrderError, match=reason):
        run(sink.write_order(make_order(**change)))
    assert run(sink.count()) == 0


def test_write_takes_only_pending_or_open(run: Run, sink: Any) -> None:
    with pytest.raises(ValueError, match="PENDING or OPEN"):
        run(sink.write_order(make_order(), status=OrderStatus.INVOICED))
    with pytest.raises(TypeError, match="SalesOrder"):
        run(sink.write_order({"IDPEDIDOANYMARKET": "1"}))


def test_sinks_implement_the_protocols(tmp_path: Path) -> None:
    sync_sinks: list[M2OrderSink] = [InMemoryOrderSink(), SqliteOrderSink(tmp_path / "a.db")]
    async_sinks: list[AsyncM2OrderSink] = [
        AsyncInMemoryOrderSink(),
        AsyncSqliteOrderSink(tmp_path / "b.db"),
    ]
    assert all(isinstance(s, M2OrderSink) for s in sync_sinks)
    assert all(isinstance(s, AsyncM2OrderSink) for s in async_sinks)


# --- concurrency ----------------------------------------------------------------------------


def _hammer(write: Any, n: int = 12) -> list[str]:
    """``n`` threads write the same order at once (a burst of retries)."""
    barrier = threading.Barrier(n)
    numbers: list[str] = []
    errors: list[BaseException] = []

    def worker() -> None:
        try:
            barrier.wait()
            numbers.append(write().m2_order_number)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    return numbers


def test_concurrent_retries_make_one_order_in_memory() -> None:
    sink = InMemoryOrderSink()
    numbers = _hammer(lambda: sink.write_order(make_order()))
    assert set(numbers) == {"1"}
    assert sink.count() == 1


def test_concurrent_retries_make_one_sqlite_order(tmp_path: Path) -> None:
    path = tmp_path / "m2.sqlite"
    # separate sink objects on one file, as separate workers would have
    numbers = _hammer(lambda: SqliteOrderSink(path).write_order(make_order()))
    assert set(numbers) == {"1"}
    assert SqliteOrderSink(path).count() == 1


def test_concurrent_async_writes(tmp_path: Path) -> None:
    sink = AsyncSqliteOrderSink(tmp_path / "m2.sqlite")

    async def burst() -> list[str]:
        receipts = await asyncio.gather(*(sink.write_order(make_order()) for _ in range(10)))
        return [r.m2_order_number for r in receipts]

    assert set(asyncio.run(burst())) == {"1"}
    assert asyncio.run(sink.count()) == 1


def test_the_unique_key_is_in_the_schema(tmp_path: Path) -> None:
    path = tmp_path / "m2.sqlite"
    SqliteOrderSink(path).write_order(make_order())
    with sqlite3.connect(path) as con, pytest.raises(sqlite3.IntegrityError, match="UNIQUE"):
        con.execute(
            "INSERT INTO m2_sales_orders "
            "(anymarket_order_id, status, payload, created_at, updated_at) "
            "VALUES ('9001', 'OPEN', '{}', 'x', 'x')"
        )


# --- durability ---------------------------------------------------------------------------------


def test_numbers_survive_reopening_and_start_where_asked(tmp_path: Path) -> None:
    path = tmp_path / "m2.sqlite"
    first = SqliteOrderSink(path, first_number=100001)
    assert first.write_order(make_order("A")).m2_order_number == "100001"
    assert first.write_order(make_order("B")).m2_order_number == "100002"
    reopened = SqliteOrderSink(path, first_number=1)  # the file's sequence wins
    assert reopened.write_order(make_order("A")).m2_order_number == "100001"
    assert reopened.write_order(make_order("C")).m2_order_number == "100003"
    assert InMemoryOrderSink(first_number=500).write_order(make_order()).m2_order_number == "500"


def test_failure_mid_write_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "m2.sqlite"
    sink = SqliteOrderSink(path)

    def explode(*args: Any) -> None:
        raise RuntimeError("disk unplugged after the header row")

    monkeypatch.setattr(SqliteOrderSink, "_write_items", explode)
    with pytest.raises(RuntimeError, match="unplugged"):
        sink.write_order(make_order())
    monkeypatch.undo()
    assert sink.count() == 0
    with sqlite3.connect(path) as con:
        assert con.execute("SELECT COUNT(*) FROM m2_sales_order_items").fetchone() == (0,)
    # the retry creates it, with the number the failed attempt never kept
    assert sink.write_order(make_order()).m2_order_number == "1"


def test_killed_process_mid_write_leaves_nothing(tmp_path: Path) -> None:
    path = tmp_path / "m2.sqlite"
    SqliteOrderSink(path).count()  # create the schema
    script = textwrap.dedent(
        """
        import os
        import sys
        from m2_adapter.m2 import SqliteOrderSink
        from tests.m2.test_sinks import make_order

        def die(self, con, number, items):
            con.execute("INSERT INTO m2_sales_order_items VALUES (?, 1, 'X', '1', '1', '0')",
                        (number,))
            os._exit(9)  # killed between the header and the last line

        SqliteOrderSink._write_items = die
        SqliteOrderSink(sys.argv[1]).write_order(make_order())
        """
    )
    done = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", script, str(path)],
        cwd=ROOT,
        capture_output=True,
        timeout=30,
        check=False,
    )
    assert done.returncode == 9, done.stderr.decode()
    sink = SqliteOrderSink(path)
    assert sink.count() == 0
    assert sink.find_by_anymarket_id("9001") is None
    with sqlite3.connect(path) as con:
        assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert con.execute("SELECT COUNT(*) FROM m2_sales_order_items").fetchone() == (0,)
    assert sink.write_order(make_order()).created


def test_items_table_mirrors_the_order(tmp_path: Path) -> None:
    path = tmp_path / "m2.sqlite"
    sink = SqliteOrderSink(path)
    sink.write_order(make_order())
    sink.write_order(make_order(items=[make_order().items[0]]))  # a line removed
    with sqlite3.connect(path) as con:
        rows = con.execute(
            "SELECT line, item_code, quantity, unit_price FROM m2_sales_order_items"
        ).fetchall()
    assert rows == [(1, "CAM-BASICA-PRE-M", "2", "49.90")]


def test_sqlite_errors_are_sink_errors(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="file path"):
        SqliteOrderSink(":memory:")
    (tmp_path / "dir.sqlite").mkdir()
    with pytest.raises(OrderSinkError) as info:
        SqliteOrderSink(tmp_path / "dir.sqlite").count()
    assert isinstance(info.value.__cause__, sqlite3.Error)


def test_in_memory_sink_lists_orders() -> None:
    sink = InMemoryOrderSink()
    sink.write_order(make_order("A"))
    sink.write_order(make_order("B"))
    assert [r.anymarket_order_id for r in sink.orders] == ["A", "B"]
    assert attrs.evolve(sink.orders[0].order, notes="x").notes == "x"
