"""The async twins: the same methods and signatures, the same behaviour, off the loop."""

from __future__ import annotations

import collections.abc
import inspect
import typing
from collections.abc import AsyncIterator, Iterable
from decimal import Decimal
from pathlib import Path
from typing import Any

import anyio
import pytest

from m2_adapter import ledger as pkg
from m2_adapter.ledger import (
    AsyncLedger,
    AsyncSqliteLedger,
    Ledger,
    LedgerStateError,
    OrderState,
    PriceRecord,
    PriceTarget,
    SqliteLedger,
    StockRecord,
    ThreadedAsyncLedger,
)
from tests.ledger.conftest import FakeNow

TWINS = [
    (SqliteLedger, AsyncSqliteLedger),
    (SqliteLedger, ThreadedAsyncLedger),
    (Ledger, AsyncLedger),
]
# what only one side has: the sync side's close() is the async side's aclose()
ONLY_SYNC = {"close"}
ONLY_ASYNC = {"aclose"}


def _public(cls: type[Any]) -> dict[str, Any]:
    return {
        name: fn
        for name, fn in inspect.getmembers(cls, inspect.isfunction)
        if not name.startswith("_")
    }


def _widened(sync_hint: Any) -> Any:
    """What an async twin accepts for a sync ``Iterable[X]`` of records: also an async one."""
    if typing.get_origin(sync_hint) is collections.abc.Iterable:
        (item,) = typing.get_args(sync_hint)
        if item in (StockRecord, PriceRecord):
            return Iterable[item] | collections.abc.AsyncIterable[item]  # type: ignore[valid-type]
    return sync_hint


@pytest.mark.parametrize(("sync_cls", "async_cls"), TWINS, ids=lambda c: c.__name__)
def test_twins_match(sync_cls: type[Any], async_cls: type[Any]) -> None:
    sync_methods = {n: f for n, f in _public(sync_cls).items() if n not in ONLY_SYNC}
    async_methods = {n: f for n, f in _public(async_cls).items() if n not in ONLY_ASYNC}
    assert sorted(sync_methods) == sorted(async_methods)
    assert "close" in _public(sync_cls)
    assert "aclose" in _public(async_cls)
    assert len(sync_methods) >= 40
    for name, sync_fn in sync_methods.items():
        async_fn = async_methods[name]
        s_sig, a_sig = inspect.signature(sync_fn), inspect.signature(async_fn)
        s_hints, a_hints = typing.get_type_hints(sync_fn), typing.get_type_hints(async_fn)
        assert [(p.name, p.kind, p.default) for p in s_sig.parameters.values()] == [
            (p.name, p.kind, p.default) for p in a_sig.parameters.values()
        ], name
        for param in s_sig.parameters:
            if param != "self":
                assert _widened(s_hints[param]) == a_hints[param], (name, param)
        s_ret, a_ret = s_hints["return"], a_hints["return"]
        if typing.get_origin(s_ret) is collections.abc.Iterator:
            assert typing.get_origin(a_ret) is collections.abc.AsyncIterator, name
            assert typing.get_args(s_ret) == typing.get_args(a_ret), name
            assert inspect.isasyncgenfunction(async_fn) or async_cls is AsyncLedger, name
        else:
            assert s_ret == a_ret, name
            assert inspect.iscoroutinefunction(async_fn), name


def test_implementations_satisfy_the_protocols(tmp_path: Path) -> None:
    with SqliteLedger(tmp_path / "a.sqlite") as sync:
        assert isinstance(sync, Ledger)
        wrapped = ThreadedAsyncLedger(sync)
        assert isinstance(wrapped, AsyncLedger)
        assert wrapped.account == "default"
        assert repr(wrapped).startswith("ThreadedAsyncLedger(SqliteLedger(")
    assert set(_public(Ledger)) == set(_public(SqliteLedger))
    assert set(_public(AsyncLedger)) == set(_public(AsyncSqliteLedger))


def test_constructors_match() -> None:
    sync_params = inspect.signature(SqliteLedger).parameters
    async_params = inspect.signature(AsyncSqliteLedger).parameters
    assert [(p.name, p.kind, p.default) for p in sync_params.values()] == [
        (p.name, p.kind, p.default) for p in async_params.values()
    ]


def test_public_names_read_as_the_package() -> None:
    assert SqliteLedger.__module__ == "m2_adapter.ledger"
    assert pkg.LedgerError.__module__ == "m2_adapter.ledger"
    for name in pkg.__all__:
        assert hasattr(pkg, name), name


async def _records(n: int) -> AsyncIterator[StockRecord]:
    for i in range(n):
        yield StockRecord(sku_partner_id=f"S{i}", quantity=Decimal(i))
        await anyio.lowlevel.checkpoint()


def test_async_behaves_like_sync(tmp_path: Path, now: FakeNow) -> None:
    async def scenario() -> None:
        async with AsyncSqliteLedger(tmp_path / "a.sqlite", account="acme", now=now) as ledger:
            assert await ledger.schema_version() >= 1
            first = [r async for r in ledger.stock_delta(_records(25), batch_size=10)]
            assert len(first) == 25
            assert await ledger.record_pushed(first) == 25
            assert [r async for r in ledger.stock_delta(_records(25), batch_size=10)] == []
            plain = [StockRecord(sku_partner_id="S3", quantity=Decimal(4))]
            assert [r async for r in ledger.stock_delta(plain)] == plain
            assert await ledger.mark_failed(plain[0], "x") == 1
            assert len(await ledger.push_failures()) == 1
            price = PriceRecord(sku_partner_id="S1", target=PriceTarget.SKU_PRICE, price=Decimal(2))
            assert [r async for r in ledger.price_delta([price])] == [price]
            with pytest.raises(ValueError, match="batch_size"):
                [r async for r in ledger.stock_delta(plain, batch_size=0)]

            await ledger.begin_order("1", "t1")
            with pytest.raises(LedgerStateError):
                await ledger.mark_acked("t1")
            await ledger.mark_imported("1", "M1")
            await ledger.mark_partner_id_written("1")
            entry = await ledger.mark_acked("t1")
            assert entry.state is OrderState.ACKED
            assert await ledger.order_by_m2_number("M1") == entry
            assert await ledger.pending_orders() == []

            assert (await ledger.reserve_transition("1", "INVOICED", {"a": 1})).go
            await ledger.record_sent("1", "INVOICED", {"a": 1})
            assert await ledger.already_sent("1", "INVOICED")

            await ledger.enqueue("q", "k")
            (item,) = await ledger.claim("q", "w")
            assert (await ledger.complete("q", "k", item.claimed_by or "")).state.value == "done"

            run = await ledger.start_run("demo")
            assert (await ledger.finish_run(run, counters={"n": 1})).counters == {"n": 1}
            await ledger.set_checkpoint("c", "v")
            assert await ledger.checkpoint("c") == "v"
        assert ledger.sync.closed

    anyio.run(scenario)
