"""Shared fixtures for the flow tests: contexts on ``FakeAnymarket`` with the sample data.

Every flow test runs twice (``mode``: ``"sync"`` and ``"async"``):

- ``fake``: a fresh ``FakeAnymarket`` (on a ``ManualClock``); ``warehouses`` adds a second
  warehouse to it and maps the sample's M2 warehouses 10 and 20 to the fake's
  ``stockLocalId``s (``config`` uses it).
- ``source``: a ``MemorySource``, the bundled sample export loaded into editable lists
  (``source.stock_balances[0] = attrs.evolve(...)`` changes what the next run reads).
- ``config``: the ``MappingConfig`` matching the sample data (``sample_config()``).
- ``run``: a ``FlowRunner``. ``run(flow, ctx, **kw)`` calls the sync ``flow`` on a
  ``SyncContext`` or its async twin ``async_<flow name>`` (same module) on an
  ``AsyncSyncContext``; ``run.call(x)`` finishes anything (awaits coroutines, collects async
  iterators).
- ``ctx_factory``: ``ctx_factory(**overrides)`` builds the context of ``mode`` on the fake:
  a strict client, the source, a SQLite ledger and a SQLite order sink in ``tmp_path``.
  Every call opens a new client and new connections on the **same** files, which is how a
  test simulates a process restart. ``ctx_factory.ledger`` / ``ctx_factory.sink`` are
  synchronous views on those files, for assertions in both modes.
- ``ctx``: ``ctx_factory()``.
"""

from __future__ import annotations

import asyncio
import inspect
import sys
from collections.abc import AsyncIterator, Callable, Iterable, Iterator, Mapping
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

import attrs
import pytest

from anymarket_sdk import Anymarket, AsyncAnymarket
from anymarket_sdk.testing import FakeAnymarket
from m2_adapter.ledger import AsyncSqliteLedger, SqliteLedger
from m2_adapter.m2 import (
    AsyncSqliteOrderSink,
    Branch,
    City,
    Company,
    Customer,
    Delivery,
    Invoice,
    Item,
    ItemVariation,
    PriceEntry,
    Shipment,
    SqliteOrderSink,
    StockBalance,
    Warehouse,
    sample_source,
)
from m2_adapter.mapping import ChannelRoute, MappingConfig, SalesChannel
from m2_adapter.plans import Plan
from m2_adapter.sync._context import AsyncSyncContext, SyncContext

T = TypeVar("T")

NOW = datetime(2026, 3, 10, 15, 0, tzinfo=UTC)
"""The flows' clock in these tests: the sample price table is in effect on this day."""
ACCOUNT = "acme"


def sample_config(warehouses: Mapping[int, int] | None = None, **overrides: Any) -> MappingConfig:
    """The ``MappingConfig`` for the sample export.

    Warehouses 10 (CD JOINVILLE) and 20 (LOJA JOINVILLE CENTRO) push to the ``stockLocalId``s
    given in ``warehouses`` (default 1 and 2; the ``config`` fixture uses the fake's); 90 is
    the Mercado Livre Full warehouse (flagged fulfillment in the sample, never pushed).
    Brands and categories are *not* mapped: the catalogue flow finds or creates them from the
    items' ``DESC_MARCA`` / ``DESC_GRUPO`` (pass ``brand_map``/``category_map`` to pin ids).
    Mercado Livre orders go to channel ``ML``, its fulfillment orders to ``ML-FULL``.
    """
    values: dict[str, Any] = {
        "warehouse_map": dict(warehouses or {10: 1, 20: 2}),
        "channel_routes": [
            ChannelRoute(
                marketplace="MERCADO_LIVRE",
                channel=SalesChannel(code="ML", company_id=1, branch_id=1, warehouse_id=10),
            ),
            ChannelRoute(
                marketplace="MERCADO_LIVRE",
                fulfillment=True,
                channel=SalesChannel(code="ML-FULL", company_id=1, branch_id=1, warehouse_id=90),
            ),
        ],
        "warranty_months": 3,
    }
    values.update(overrides)
    return MappingConfig(**values)


# --- an editable M2 source ------------------------------------------------------------------


def _since(value: datetime | None, since: datetime | None) -> bool:
    return since is None or value is None or value >= since


@attrs.define
class MemorySource:
    """An ``M2Source`` over lists (loaded from the sample export by ``from_sample``).

    Edit the lists between runs to simulate changes in M2."""

    items_: list[Item] = attrs.field(factory=list)
    variations_: list[ItemVariation] = attrs.field(factory=list)
    stock: list[StockBalance] = attrs.field(factory=list)
    warehouses_: list[Warehouse] = attrs.field(factory=list)
    prices: list[PriceEntry] = attrs.field(factory=list)
    customers_: list[Customer] = attrs.field(factory=list)
    invoices_: list[Invoice] = attrs.field(factory=list)
    shipments_: list[Shipment] = attrs.field(factory=list)
    deliveries_: list[Delivery] = attrs.field(factory=list)
    cities_: list[City] = attrs.field(factory=list)
    companies_: list[Company] = attrs.field(factory=list)
    branches_: list[Branch] = attrs.field(factory=list)

    @classmethod
    def from_sample(cls) -> MemorySource:
        s = sample_source()
        return cls(
            items_=list(s.items()),
            variations_=list(s.variations()),
            stock=list(s.stock_balances()),
            warehouses_=list(s.warehouses()),
            prices=list(s.price_entries()),
            customers_=list(s.customers()),
            cities_=list(s.cities()),
            companies_=list(s.companies()),
            branches_=list(s.branches()),
        )

    # -- M2Source --

    def items(self, *, changed_since: datetime | None = None) -> Iterator[Item]:
        return iter([i for i in self.items_ if _since(i.changed_at, changed_since)])

    def variations(self) -> Iterator[ItemVariation]:
        return iter(list(self.variations_))

    def stock_balances(self) -> Iterator[StockBalance]:
        return iter(list(self.stock))

    def warehouses(self) -> Iterator[Warehouse]:
        return iter(list(self.warehouses_))

    def price_entries(self, *, table_id: int | None = None) -> Iterator[PriceEntry]:
        return iter([p for p in self.prices if table_id is None or p.table_id == table_id])

    def customers(self, *, changed_since: datetime | None = None) -> Iterator[Customer]:
        return iter([c for c in self.customers_ if _since(c.changed_at, changed_since)])

    def invoices(self, *, since: datetime | None = None) -> Iterator[Invoice]:
        return iter([i for i in self.invoices_ if _since(i.issued_at, since)])

    def shipments(self, *, since: datetime | None = None) -> Iterator[Shipment]:
        return iter([s for s in self.shipments_ if _since(s.shipped_at, since)])

    def deliveries(self, *, since: datetime | None = None) -> Iterator[Delivery]:
        return iter([d for d in self.deliveries_ if _since(d.delivered_at, since)])

    # -- beyond the protocol --

    def cities(self) -> Iterator[City]:
        return iter(list(self.cities_))

    def companies(self) -> Iterator[Company]:
        return iter(list(self.companies_))

    def branches(self) -> Iterator[Branch]:
        return iter(list(self.branches_))

    # -- editing helpers --

    def set_stock(self, item_code: str, warehouse_id: int, available: int | str) -> None:
        """Change one balance's available quantity (the row must exist)."""
        for n, b in enumerate(self.stock):
            if b.item_code == item_code and b.warehouse_id == warehouse_id:
                self.stock[n] = attrs.evolve(b, available=Decimal(available))
                return
        raise KeyError((item_code, warehouse_id))


async def _aiter(rows: Iterable[T]) -> AsyncIterator[T]:
    for row in list(rows):
        yield row


class AsyncMemorySource:
    """The async view (``AsyncM2Source``) of a ``MemorySource``: same lists."""

    def __init__(self, sync: MemorySource) -> None:
        self.sync = sync

    def items(self, *, changed_since: datetime | None = None) -> AsyncIterator[Item]:
        return _aiter(self.sync.items(changed_since=changed_since))

    def variations(self) -> AsyncIterator[ItemVariation]:
        return _aiter(self.sync.variations())

    def stock_balances(self) -> AsyncIterator[StockBalance]:
        return _aiter(self.sync.stock_balances())

    def warehouses(self) -> AsyncIterator[Warehouse]:
        return _aiter(self.sync.warehouses())

    def price_entries(self, *, table_id: int | None = None) -> AsyncIterator[PriceEntry]:
        return _aiter(self.sync.price_entries(table_id=table_id))

    def customers(self, *, changed_since: datetime | None = None) -> AsyncIterator[Customer]:
        return _aiter(self.sync.customers(changed_since=changed_since))

    def invoices(self, *, since: datetime | None = None) -> AsyncIterator[Invoice]:
        return _aiter(self.sync.invoices(since=since))

    def shipments(self, *, since: datetime | None = None) -> AsyncIterator[Shipment]:
        return _aiter(self.sync.shipments(since=since))

    def deliveries(self, *, since: datetime | None = None) -> AsyncIterator[Delivery]:
        return _aiter(self.sync.deliveries(since=since))


# --- running flows in both modes ------------------------------------------------------------


async def _finish(value: Any) -> Any:
    if inspect.isawaitable(value):
        value = await value
    if isinstance(value, AsyncIterator):
        return [x async for x in value]
    return value


class FlowRunner:
    """Runs a flow (or anything) to completion in the test's mode."""

    def __init__(self, mode: str) -> None:
        self.mode = mode
        self.runner: asyncio.Runner | None = asyncio.Runner() if mode == "async" else None

    @property
    def is_async(self) -> bool:
        return self.runner is not None

    def twin(self, flow: Callable[..., Any]) -> Callable[..., Any]:
        """The function to call in this mode: ``flow`` or ``async_<flow.__name__>``."""
        if not self.is_async:
            return flow
        module = sys.modules[flow.__module__]
        twin: Callable[..., Any] = getattr(module, f"async_{flow.__name__}")
        return twin

    def __call__(self, flow: Callable[..., Any], ctx: Any, /, *args: Any, **kwargs: Any) -> Any:
        """``flow(ctx, ...)`` (sync) or ``await async_<flow>(ctx, ...)`` (async)."""
        return self.call(self.twin(flow)(ctx, *args, **kwargs))

    def call(self, value: Any) -> Any:
        """Finish ``value``: await a coroutine, collect an (async) iterator."""
        if self.runner is not None and (
            inspect.isawaitable(value) or isinstance(value, AsyncIterator)
        ):
            return self.runner.run(_finish(value))
        if isinstance(value, Iterator):
            return list(value)
        return value

    def close(self) -> None:
        if self.runner is not None:
            self.runner.close()


class ContextFactory:
    """Builds ``SyncContext`` / ``AsyncSyncContext`` on one fake, source, ledger file and
    sink file. See the module docstring."""

    def __init__(
        self,
        *,
        run: FlowRunner,
        fake: FakeAnymarket,
        source: MemorySource,
        config: MappingConfig,
        directory: Path,
    ) -> None:
        self.run = run
        self.fake = fake
        self.source = source
        self.config = config
        self.ledger_path = directory / "ledger.db"
        self.sink_path = directory / "m2_orders.db"
        self._clients: list[Anymarket | AsyncAnymarket] = []
        self._ledgers: list[SqliteLedger] = []
        self._view: SqliteLedger | None = None

    @property
    def is_async(self) -> bool:
        return self.run.is_async

    def __call__(
        self,
        *,
        config: MappingConfig | None = None,
        plan: Plan | None = None,
        now: Callable[[], datetime] | None = None,
        worker: str = "worker-1",
        account: str = ACCOUNT,
        **client_kwargs: Any,
    ) -> SyncContext | AsyncSyncContext:
        clock = now or (lambda: NOW)
        client_kwargs.setdefault("strict", True)
        cfg = config or self.config
        if self.is_async:
            aclient = self.fake.async_client(**client_kwargs)
            aledger = AsyncSqliteLedger(
                self.ledger_path, account=account, now=clock, synchronous="NORMAL"
            )
            self._clients.append(aclient)
            self._ledgers.append(aledger.sync)
            return AsyncSyncContext(
                client=aclient,
                source=AsyncMemorySource(self.source),
                sink=AsyncSqliteOrderSink(self.sink_path),
                ledger=aledger,
                config=cfg,
                plan=plan,
                now=clock,
                worker=worker,
            )
        client = self.fake.client(**client_kwargs)
        ledger = SqliteLedger(self.ledger_path, account=account, now=clock, synchronous="NORMAL")
        self._clients.append(client)
        self._ledgers.append(ledger)
        return SyncContext(
            client=client,
            source=self.source,
            sink=SqliteOrderSink(self.sink_path),
            ledger=ledger,
            config=cfg,
            plan=plan,
            now=clock,
            worker=worker,
        )

    @property
    def ledger(self) -> SqliteLedger:
        """A synchronous view on the ledger file (account ``acme``), for assertions."""
        if self._view is None:
            self._view = SqliteLedger(
                self.ledger_path, account=ACCOUNT, now=lambda: NOW, synchronous="NORMAL"
            )
        return self._view

    @property
    def sink(self) -> SqliteOrderSink:
        """A synchronous view on the order sink file, for assertions."""
        return SqliteOrderSink(self.sink_path)

    def close(self) -> None:
        for client in self._clients:
            if isinstance(client, AsyncAnymarket):
                self.run.call(client.aclose())
            else:
                client.close()
        for ledger in self._ledgers:
            ledger.close()
        if self._view is not None:
            self._view.close()


@pytest.fixture(params=["sync", "async"])
def mode(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def fake() -> FakeAnymarket:
    return FakeAnymarket()


@pytest.fixture
def warehouses(fake: FakeAnymarket) -> dict[int, int]:
    """The sample's M2 warehouse -> the fake's ``stockLocalId``: 10 to the fake's default
    warehouse, 20 to a "Loja Centro" warehouse this fixture adds."""
    loja = fake.add_warehouse("Loja Centro")
    return {10: fake.default_warehouse_id, 20: int(loja["id"])}


@pytest.fixture
def source() -> MemorySource:
    return MemorySource.from_sample()


@pytest.fixture
def config(warehouses: dict[int, int]) -> MappingConfig:
    return sample_config(warehouses)


@pytest.fixture
def run(mode: str) -> Iterator[FlowRunner]:
    runner = FlowRunner(mode)
    yield runner
    runner.close()


@pytest.fixture
def ctx_factory(
    run: FlowRunner,
    fake: FakeAnymarket,
    source: MemorySource,
    config: MappingConfig,
    tmp_path: Path,
) -> Iterator[ContextFactory]:
    factory = ContextFactory(run=run, fake=fake, source=source, config=config, directory=tmp_path)
    yield factory
    factory.close()


@pytest.fixture
def ctx(ctx_factory: ContextFactory) -> SyncContext | AsyncSyncContext:
    return ctx_factory()
