"""``python -m m2_adapter demo``: the whole M2 <-> ANYMARKET cycle, offline.

The bundled M2 sample export (``m2_adapter.m2.sample_source()``) goes through the real flows
of ``m2_adapter.sync`` against ``anymarket_sdk.testing.FakeAnymarket``, with a SQLite ledger
and a SQLite M2 order sink in a work directory:

1. plan check (``m2_adapter.plans``) and a dry run of the catalogue;
2. catalogue push, then stock and prices, then the same push again (no request: nothing
   changed);
3. simulated marketplace sales (normal ones, a fulfillment one, one whose buyer document is
   ANYMARKET's placeholder, one whose feed entry another consumer acknowledges);
4. order intake into the M2 sink (held orders reported with their reasons, the fulfillment
   order in its own channel);
5. invoices, tracking and a delivery sent back (the demo plays M2: it issues an NF-e and a
   dispatch for each paid, own-stock order, with ``FakeAnymarket.make_access_key`` keys);
6. reconciliation, which finds the order whose feed entry was lost.

``--skus N`` adds N generated simple items (a big push, with a progress line on standard
error), ``--faults RATE`` makes the fake fail requests at random (the clients retry, the
flows report failures and each step is re-run until it is clean), ``--async`` runs the same
on ``AsyncAnymarket`` and the async flows. The fake lives on a manual clock set to
``DEMO_START``, so the report is the same on every run (times aside).
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
import textwrap
import time
from collections import Counter
from collections.abc import AsyncIterator, Callable, Iterable, Iterator, Sequence
from contextlib import ExitStack
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any, Final, Protocol, TextIO, TypeVar

import attrs

from anymarket_sdk import AnymarketError
from anymarket_sdk.testing import (
    APPLIED_KINDS,
    NOT_APPLIED_KINDS,
    FakeAnymarket,
    FaultRule,
    ManualClock,
)
from m2_adapter.ledger import AsyncSqliteLedger, SqliteLedger
from m2_adapter.m2 import (
    AsyncSqliteOrderSink,
    Customer,
    Delivery,
    FileSource,
    Invoice,
    Item,
    ItemVariation,
    OrderStatus,
    PriceEntry,
    Shipment,
    SqliteOrderSink,
    StockBalance,
    Warehouse,
    sample_source,
)
from m2_adapter.mapping import ChannelRoute, MappingConfig, SalesChannel
from m2_adapter.plans import PLANS, Plan, PlanLimit, custom_plan
from m2_adapter.sync._catalogue import CatalogueReport, async_sync_catalogue, sync_catalogue
from m2_adapter.sync._context import AsyncSyncContext, SyncContext
from m2_adapter.sync._orders import (
    IntakeAction,
    IntakeReport,
    OrderOutcome,
    async_import_orders,
    import_orders,
)
from m2_adapter.sync._reconcile import ReconcileReport, async_reconcile, reconcile
from m2_adapter.sync._sendback import (
    SendAction,
    SendBackReport,
    SendKind,
    async_send_fiscal,
    send_fiscal,
)
from m2_adapter.sync._stock import (
    StockPriceReport,
    async_push_stock_and_prices,
    push_stock_and_prices,
)

from .cli._progress import Progress
from .cli._render import brl, describe_held, failure_lines, failures_of

__all__ = ["DEMO_START", "DemoError", "DemoResult", "run"]

T = TypeVar("T")

DEMO_START: Final = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
"""The fake's clock starts here (09:00 in São Paulo; the sample price table is in effect)."""
MARKETPLACE: Final = "MERCADO_LIVRE"
MAX_RUNS: Final = 8
_DONE: Final = frozenset({SendAction.SENT, SendAction.CONFIRMED, SendAction.ALREADY_THERE})
"""Send-back outcomes that leave the step on ANYMARKET."""
"""A step is re-run until it reports no failure, at most this many times (with faults)."""
CLIENT_RETRIES: Final = 4
FAULT_KINDS: Final = (*NOT_APPLIED_KINDS, *APPLIED_KINDS)
"""``--faults`` draws among every kind, including those applied before the answer is lost
(a create that happened although the client saw a timeout): the ledger keeps them single."""
STOCK_CHUNK: Final = 200
"""Stock records per request (ANYMARKET's maximum)."""
LEDGER_FILE: Final = "ledger.db"
SINK_FILE: Final = "m2_orders.db"
SHOW_SECONDS: Final = 0.5
"""A step that takes longer shows its time in its heading."""
WIDTH: Final = 100
"""The report's line width (summaries are wrapped)."""
EXTRA_TEMPLATE: Final = "GAR-TERM-1L"
"""The sample item the generated ``--skus`` items are copied from."""


class DemoError(ValueError):
    """The demo cannot start (e.g. ``--workdir`` already holds a ledger)."""


@attrs.frozen(kw_only=True)
class DemoResult:
    """What the demo did, for tests and callers."""

    ok: bool
    plan: str
    skus: int
    catalogue_requests: int
    first_push_requests: int
    second_push_requests: int
    stock_records_sent: int
    sales: int
    imported: int
    held: tuple[tuple[str, tuple[str, ...]], ...]
    """(ANYMARKET order id, hold reasons) of the held orders."""
    fulfillment_channel: str | None
    fulfillment_nfe_pushed: bool
    invoices_sent: int
    shipments_sent: int
    deliveries_sent: int
    reconciled: tuple[str, ...]
    """ANYMARKET ids of the orders reconciliation imported."""
    faults_injected: int
    requests: int
    seconds: float


# --- the M2 side: the sample export, plus generated items and the demo's fiscal documents -----


def _extra_rows(
    base: FileSource, n: int
) -> tuple[list[Item], list[StockBalance], list[PriceEntry]]:
    if n == 0:
        return [], [], []
    template = next(i for i in base.items() if i.code == EXTRA_TEMPLATE)
    stock = [b for b in base.stock_balances() if b.item_code == EXTRA_TEMPLATE]
    price = next(p for p in base.price_entries() if p.item_code == EXTRA_TEMPLATE)
    items: list[Item] = []
    balances: list[StockBalance] = []
    prices: list[PriceEntry] = []
    for k in range(1, n + 1):
        code = f"PANO-{k:05d}"
        item_id = 900_000 + k
        description = f"Pano de Prato Algodão nº {k}"
        items.append(
            attrs.evolve(
                template,
                item_id=item_id,
                code=code,
                description=description,
                barcode=None,
                image_urls=[],
            )
        )
        for b in stock:
            available = Decimal((k * 7 + b.warehouse_id) % 60)
            balances.append(
                attrs.evolve(
                    b,
                    item_id=item_id,
                    item_code=code,
                    item_description=description,
                    physical=available,
                    reserved=Decimal(0),
                    available=available,
                )
            )
        prices.append(
            attrs.evolve(
                price,
                item_id=item_id,
                item_code=code,
                price=Decimal("12.90"),
                promotional_price=Decimal("9.90") if k % 3 == 0 else None,
            )
        )
    return items, balances, prices


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def _since(when: datetime, since: datetime | None) -> bool:
    return since is None or when >= since


class DemoSource:
    """An ``M2Source``: the sample export, ``extra`` generated items, and the invoices,
    shipments and deliveries the demo issues as M2 would (the sample has none: they follow
    orders)."""

    def __init__(self, base: FileSource, extra: int = 0) -> None:
        self.base = base
        self.items_ = list(base.items())
        self.stock_ = list(base.stock_balances())
        self.prices_ = list(base.price_entries())
        more_items, more_stock, more_prices = _extra_rows(base, extra)
        self.items_ += more_items
        self.stock_ += more_stock
        self.prices_ += more_prices
        self.variations_ = list(base.variations())
        self.warehouses_ = list(base.warehouses())
        self.invoices_: list[Invoice] = []
        self.shipments_: list[Shipment] = []
        self.deliveries_: list[Delivery] = []

    def items(self, *, changed_since: datetime | None = None) -> Iterator[Item]:
        return iter(
            [
                i
                for i in self.items_
                if changed_since is None or i.changed_at is None or i.changed_at >= changed_since
            ]
        )

    def variations(self) -> Iterator[ItemVariation]:
        return iter(self.variations_)

    def stock_balances(self) -> Iterator[StockBalance]:
        return iter(self.stock_)

    def warehouses(self) -> Iterator[Warehouse]:
        return iter(self.warehouses_)

    def price_entries(self, *, table_id: int | None = None) -> Iterator[PriceEntry]:
        return iter([p for p in self.prices_ if table_id is None or p.table_id == table_id])

    def customers(self, *, changed_since: datetime | None = None) -> Iterator[Customer]:
        return self.base.customers(changed_since=changed_since)

    def invoices(self, *, since: datetime | None = None) -> Iterator[Invoice]:
        return iter([i for i in self.invoices_ if _since(i.issued_at, since)])

    def shipments(self, *, since: datetime | None = None) -> Iterator[Shipment]:
        return iter([s for s in self.shipments_ if _since(s.shipped_at, since)])

    def deliveries(self, *, since: datetime | None = None) -> Iterator[Delivery]:
        return iter([d for d in self.deliveries_ if _since(d.delivered_at, since)])


async def _aiter(rows: Iterable[T]) -> AsyncIterator[T]:
    for row in rows:
        yield row


class AsyncDemoSource:
    """``DemoSource`` as an ``AsyncM2Source`` (the same lists)."""

    def __init__(self, sync: DemoSource) -> None:
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


# --- the flows, sync or async behind one interface ----------------------------------------------


class _Flows(Protocol):
    def with_plan(self, plan: Plan) -> None: ...
    def catalogue(self, *, dry_run: bool = False) -> CatalogueReport: ...
    def stock(self) -> StockPriceReport: ...
    def intake(self) -> IntakeReport: ...
    def fiscal(self) -> SendBackReport: ...
    def reconcile(self, after: datetime, before: datetime) -> ReconcileReport: ...
    def close(self) -> None: ...


@attrs.frozen(kw_only=True)
class _Setup:
    fake: FakeAnymarket
    clock: ManualClock
    source: DemoSource
    config: MappingConfig
    ledger_path: Path
    sink_path: Path


class _SyncFlows:
    def __init__(self, s: _Setup) -> None:
        client = s.fake.client(strict=True, max_retries=CLIENT_RETRIES)
        self.ctx = SyncContext(
            client=client,
            source=s.source,
            sink=SqliteOrderSink(s.sink_path, clock=s.fake.clock),
            ledger=SqliteLedger(
                s.ledger_path, account="demo", now=s.fake.now, synchronous="NORMAL"
            ),
            config=s.config,
            now=s.fake.now,
            worker="demo",
        )

    def with_plan(self, plan: Plan) -> None:
        self.ctx = attrs.evolve(self.ctx, plan=plan)

    def catalogue(self, *, dry_run: bool = False) -> CatalogueReport:
        return sync_catalogue(self.ctx, dry_run=dry_run)

    def stock(self) -> StockPriceReport:
        return push_stock_and_prices(self.ctx, chunk_size=STOCK_CHUNK)

    def intake(self) -> IntakeReport:
        return import_orders(self.ctx)

    def fiscal(self) -> SendBackReport:
        return send_fiscal(self.ctx)

    def reconcile(self, after: datetime, before: datetime) -> ReconcileReport:
        return reconcile(self.ctx, created_after=after, created_before=before)

    def close(self) -> None:
        self.ctx.client.close()
        self.ctx.ledger.close()


class _AsyncFlows:
    """The async flows, each run to completion on one event loop (``asyncio.Runner``)."""

    def __init__(self, s: _Setup) -> None:
        self.runner = asyncio.Runner()
        ledger = AsyncSqliteLedger(
            s.ledger_path, account="demo", now=s.fake.now, synchronous="NORMAL"
        )
        self.ctx = AsyncSyncContext(
            client=s.fake.async_client(strict=True, max_retries=CLIENT_RETRIES),
            source=AsyncDemoSource(s.source),
            sink=AsyncSqliteOrderSink(s.sink_path, clock=s.fake.clock),
            ledger=ledger,
            config=s.config,
            now=s.fake.now,
            worker="demo",
        )

    def with_plan(self, plan: Plan) -> None:
        self.ctx = attrs.evolve(self.ctx, plan=plan)

    def catalogue(self, *, dry_run: bool = False) -> CatalogueReport:
        return self.runner.run(async_sync_catalogue(self.ctx, dry_run=dry_run))

    def stock(self) -> StockPriceReport:
        return self.runner.run(async_push_stock_and_prices(self.ctx, chunk_size=STOCK_CHUNK))

    def intake(self) -> IntakeReport:
        return self.runner.run(async_import_orders(self.ctx))

    def fiscal(self) -> SendBackReport:
        return self.runner.run(async_send_fiscal(self.ctx))

    def reconcile(self, after: datetime, before: datetime) -> ReconcileReport:
        return self.runner.run(
            async_reconcile(self.ctx, created_after=after, created_before=before)
        )

    def close(self) -> None:
        try:
            self.runner.run(self.ctx.client.aclose())
            self.runner.run(self.ctx.ledger.aclose())
        finally:
            self.runner.close()


# --- setup ---------------------------------------------------------------------------------------


def _config(fake: FakeAnymarket) -> MappingConfig:
    """The sample's warehouses on two fake warehouses; Mercado Livre orders to channel ML,
    its fulfillment orders to their own channel ML-FULL. Brands and categories are left to
    the catalogue flow, which finds or creates them from the items' names."""
    cd = fake.add_warehouse("CD Joinville", default=True)
    loja = fake.add_warehouse("Loja Joinville Centro")
    return MappingConfig(
        warehouse_map={10: int(cd["id"]), 20: int(loja["id"])},
        channel_routes=[
            ChannelRoute(
                marketplace=MARKETPLACE,
                channel=SalesChannel(
                    code="ML", company_id=1, branch_id=1, warehouse_id=10, name="Mercado Livre"
                ),
            ),
            ChannelRoute(
                marketplace=MARKETPLACE,
                fulfillment=True,
                channel=SalesChannel(
                    code="ML-FULL",
                    company_id=1,
                    branch_id=1,
                    warehouse_id=90,
                    name="Mercado Livre Full",
                ),
            ),
        ],
        warranty_months=3,
    )


def _choose_plan(skus: int) -> Plan:
    """The smallest named plan the catalogue fits in, else a contract plan."""
    for plan in sorted(PLANS.values(), key=lambda p: p.max_skus):
        if plan.fits(skus=skus):
            return plan
    limit = -(-skus // 10_000) * 10_000
    return custom_plan("Contrato demo", max_accounts=20, max_skus=limit)


def _workdir(stack: ExitStack, workdir: Path | None) -> Path:
    if workdir is not None:
        workdir.mkdir(parents=True, exist_ok=True)
        for name in (LEDGER_FILE, SINK_FILE):
            if (workdir / name).exists():
                raise DemoError(
                    f"{workdir / name} exists (a previous demo): the fake ANYMARKET starts "
                    "empty every time, so use an empty --workdir"
                )
        return workdir
    # Memory-backed where available (the ledger commits once per step of every record, which
    # a disk makes several times slower); TemporaryDirectory picks a private random name.
    shm = Path("/dev/shm")  # noqa: S108
    base = str(shm) if shm.is_dir() and os.access(shm, os.W_OK) else None
    return Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="m2-demo-", dir=base)))


# --- running a step ------------------------------------------------------------------------------


R = TypeVar("R")


@attrs.define
class _Step:
    report: Any
    runs: int
    requests: int
    errors: list[str]
    reports: list[Any]
    seconds: float


class _Demo:
    def __init__(
        self, setup: _Setup, flows: _Flows, out: TextIO, err: TextIO, progress: bool
    ) -> None:
        self.s = setup
        self.fake = setup.fake
        self.flows = flows
        self.out = out
        self.err = err
        self.progress = progress

    def line(self, text: str = "") -> None:
        self.out.write(text + "\n")

    def step(self, label: str, run: Callable[[], R], *, rerun: bool = True) -> tuple[R, _Step]:
        """Run ``run`` (again while it reports failures or raises an SDK error, when
        ``rerun``), with a progress line; returns the last report."""
        before = len(self.fake.calls)
        started = time.perf_counter()
        errors: list[str] = []
        reports: list[R] = []
        report: R | None = None
        runs = 0
        with Progress(self.err, label, count=lambda: len(self.fake.calls), enabled=self.progress):
            while runs < MAX_RUNS:
                runs += 1
                try:
                    report = run()
                    reports.append(report)
                except AnymarketError as exc:  # e.g. a 429 past the client's retries
                    errors.append(f"run {runs}: {type(exc).__name__}")
                    continue
                if not rerun or not failures_of(report):
                    break
        if report is None:
            raise RuntimeError(f"{label}: every run failed ({'; '.join(errors)})")
        elapsed = time.perf_counter() - started
        step = _Step(report, runs, len(self.fake.calls) - before, errors, list(reports), elapsed)
        return report, step

    def head(self, n: int, title: str, step: _Step | None = None) -> None:
        extra = ""
        if step is not None:
            extra = f"  [{_plural(step.requests, 'HTTP request')}"
            if step.runs > 1:
                extra += f", {step.runs} runs"
            if step.seconds >= SHOW_SECONDS:
                extra += f", {step.seconds:.1f} s"
            extra += "]"
        self.line(f"{n}. {title}{extra}")

    def wrapped(self, text: str, indent: str = "   ") -> None:
        for line in textwrap.wrap(
            text, width=WIDTH, initial_indent=indent, subsequent_indent=indent + "  "
        ):
            self.line(line)

    def summary(self, step: _Step) -> None:
        """The step's report; with several runs, each run's summary and the failures that
        made it run again."""
        if step.runs == 1:
            self.wrapped(step.report.summary())
        else:
            for n, report in enumerate(step.reports, 1):
                self.wrapped(f"run {n}: {report.summary()}")
                for line in failure_lines(report, limit=3, indent=""):
                    self.wrapped(line, indent="     ")
            for error in step.errors:
                self.line(f"   {error} (raised: the step is run again)")
        if step.runs == 1:
            for line in failure_lines(step.report, indent=""):
                self.wrapped(line)


# --- the demo ------------------------------------------------------------------------------------


@attrs.frozen
class _Sale:
    label: str
    order_id: int
    lines: tuple[tuple[str, int, Decimal], ...]
    paid: bool = True
    fulfillment: bool = False


def _unit_prices(source: DemoSource) -> dict[str, Decimal]:
    out: dict[str, Decimal] = {}
    for p in source.prices_:
        out.setdefault(p.item_code, p.promotional_price or p.price)
    return out


def _sales(s: _Setup) -> list[_Sale]:
    """The marketplace side: sales arrive on the fake (scenario API, no request)."""
    price = _unit_prices(s.source)
    s.fake.set_fulfillment_stock(MARKETPLACE, "PAN-ANTI-5P", 20)
    placeholder = {"document": "00000000000", "documentNumberNormalized": "00000000000"}
    plans: list[tuple[str, list[tuple[str, int]], dict[str, Any]]] = [
        ("paid", [("CAM-BASICA-BRA-M", 2)], {"freight": "15.90"}),
        ("paid", [("LIQ-TURBO-220", 1), ("GAR-TERM-1L", 2)], {}),
        ("paid", [("CAM-BASICA-PRE-G", 1)], {"freight": "12.50"}),
        ("not paid yet", [("CAM-BASICA-AZM-M", 3)], {"status": "PENDING"}),
        ("fulfillment: Mercado Livre Full", [("PAN-ANTI-5P", 1)], {"fulfillment": True}),
        ("buyer document is a placeholder", [("GAR-TERM-1L", 1)], {"buyer": placeholder}),
        ("paid; its feed entry gets lost", [("LIQ-TURBO-110", 1)], {}),
    ]
    sales: list[_Sale] = []
    for label, lines, options in plans:
        status = str(options.pop("status", "PAID_WAITING_SHIP"))
        priced = tuple((code, qty, price[code]) for code, qty in lines)
        order = s.fake.create_sale(MARKETPLACE, priced, status=status, **options)
        sales.append(
            _Sale(
                label=label,
                order_id=int(order["id"]),
                lines=priced,
                paid=status != "PENDING",
                fulfillment=bool(options.get("fulfillment")),
            )
        )
        s.clock.advance(7 * 60)
    return sales


def _lose_feed_entry(fake: FakeAnymarket, order_id: int) -> None:
    """Another consumer of the same account acknowledges the order's feed entry."""
    with fake.client() as other:
        for entry in fake.feed_items():
            if entry["id"] == order_id:
                other.order_feed.ack(order_id, str(entry["token"]))
                return


def _issue_documents(
    s: _Setup, sales: Sequence[_Sale], sink: SqliteOrderSink
) -> list[tuple[_Sale, Invoice]]:
    """Play M2: an authorised NF-e and a dispatch for every paid own-stock order in the sink
    (and a delivery for the first one)."""
    now = s.fake.now()
    issued: list[tuple[_Sale, Invoice]] = []
    for sale in sales:
        record = sink.find_by_anymarket_id(str(sale.order_id))
        if record is None or sale.fulfillment or record.status is not OrderStatus.OPEN:
            continue
        number = 1000 + len(issued) + 1
        invoice = Invoice(
            m2_order_number=record.m2_order_number,
            anymarket_order_id=str(sale.order_id),
            access_key=FakeAnymarket.make_access_key(number, when=now),
            series="1",
            number=str(number),
            issued_at=now - timedelta(minutes=50),
            cfop="5102",
            total=sum((q * p for _, q, p in sale.lines), Decimal(0)),
        )
        s.source.invoices_.append(invoice)
        s.source.shipments_.append(
            Shipment(
                m2_order_number=record.m2_order_number,
                anymarket_order_id=str(sale.order_id),
                carrier_name="Correios",
                tracking_number=f"BR{number:09d}SP",
                tracking_url=f"https://rastreamento.correios.com.br/?objeto=BR{number:09d}SP",
                shipped_at=now - timedelta(minutes=20),
            )
        )
        if not issued:
            s.source.deliveries_.append(
                Delivery(
                    m2_order_number=record.m2_order_number,
                    anymarket_order_id=str(sale.order_id),
                    delivered_at=now - timedelta(minutes=5),
                )
            )
        issued.append((sale, invoice))
    return issued


def _merged_outcomes(reports: Iterable[IntakeReport | ReconcileReport]) -> dict[str, OrderOutcome]:
    """The most telling outcome per order over several runs (a mapped one wins)."""
    out: dict[str, OrderOutcome] = {}
    for report in reports:
        for o in report.outcomes:
            known = out.get(o.anymarket_order_id)
            if known is None or known.channel is None or o.action is IntakeAction.IMPORTED:
                out[o.anymarket_order_id] = o
    return out


@attrs.frozen
class _Counted:
    products: int
    skus: int
    unique: bool
    orders: int
    m2_orders: int
    one_each: bool


def _integrity(fake: FakeAnymarket, sink: SqliteOrderSink) -> _Counted:
    """Read back what ANYMARKET and M2 hold: no duplicate product, SKU or order."""
    with fake.client(strict=True) as am:
        products = list(am.products.iter())
    partner_ids = [sku.partner_id for p in products for sku in p.skus]
    orders = fake.orders()
    in_m2 = [sink.find_by_anymarket_id(str(o["id"])) for o in orders]
    numbers = [r.m2_order_number for r in in_m2 if r is not None]
    return _Counted(
        products=len(products),
        skus=len(partner_ids),
        unique=len(set(partner_ids)) == len(partner_ids),
        orders=len(orders),
        m2_orders=sink.count(),
        one_each=len(set(numbers)) == len(numbers) == sink.count(),
    )


def _lines_text(lines: Sequence[tuple[str, int, Decimal]]) -> str:
    return " + ".join(f"{q} x {code}" for code, q, _ in lines)


def _requests_line(fake: FakeAnymarket) -> str:
    methods = Counter(c.method for c in fake.calls)
    by_method = ", ".join(f"{m} {n:,}" for m, n in sorted(methods.items()))
    return f"Requests: {len(fake.calls):,} ({by_method})"


def _faults_line(fake: FakeAnymarket) -> str:
    injected = fake.faults.injected
    if not injected:
        return "Faults injected: none"
    kinds = ", ".join(f"{k} {n}" for k, n in sorted(injected.items()))
    return (
        f"Faults injected: {sum(injected.values())} ({kinds}); absorbed by the clients' "
        "retries and by re-running the steps that reported failures"
    )


def run(
    *,
    extra_skus: int = 0,
    use_async: bool = False,
    faults: float = 0.0,
    seed: int = 0,
    workdir: Path | None = None,
    out: TextIO | None = None,
    err: TextIO | None = None,
    progress: bool = False,
) -> DemoResult:
    """Run the demo, printing the report to ``out`` (standard output by default) and the
    progress of long steps to ``err`` when ``progress``."""
    if extra_skus < 0:
        raise ValueError("extra_skus must be >= 0")
    if not 0 <= faults < 1:
        raise ValueError("faults must be a rate in [0, 1)")
    o = out if out is not None else sys.stdout
    e = err if err is not None else sys.stderr
    started = time.perf_counter()
    with ExitStack() as stack:
        work = _workdir(stack, workdir)
        clock = ManualClock(epoch=DEMO_START.timestamp())
        fake = FakeAnymarket(clock=clock, seed=seed)
        config = _config(fake)
        source = DemoSource(sample_source(), extra_skus)
        setup = _Setup(
            fake=fake,
            clock=clock,
            source=source,
            config=config,
            ledger_path=work / LEDGER_FILE,
            sink_path=work / SINK_FILE,
        )
        flows: _Flows = _AsyncFlows(setup) if use_async else _SyncFlows(setup)
        stack.callback(flows.close)
        play = _Play(
            _Demo(setup, flows, o, e, progress),
            SqliteOrderSink(setup.sink_path),
            faults=faults,
            seed=seed,
            use_async=use_async,
        )
        play.header(work, temporary=workdir is None)
        play.plan()
        play.catalogue()
        play.stock()
        play.sales()
        play.intake()
        play.fiscal()
        play.reconcile()
        play.check()
        return play.result(time.perf_counter() - started)


@attrs.define
class _Outcome:
    """What the sections found, for the result."""

    plan: Plan | None = None
    skus: int = 0
    steps: dict[str, _Step] = attrs.field(factory=dict[str, _Step])
    sales: list[_Sale] = attrs.field(factory=list[_Sale])
    imported: int = 0
    held: dict[str, tuple[str, ...]] = attrs.field(factory=dict[str, tuple[str, ...]])
    fulfillment_channel: str | None = None
    fulfillment_nfe_pushed: bool = False
    reconciled: list[str] = attrs.field(factory=list[str])
    counted: _Counted | None = None


class _Play:
    """The demo's sections, in order (``play``)."""

    def __init__(
        self, d: _Demo, sink: SqliteOrderSink, *, faults: float, seed: int, use_async: bool
    ) -> None:
        self.d = d
        self.s = d.s
        self.fake = d.fake
        self.sink = sink
        self.faults = faults
        self.seed = seed
        self.use_async = use_async
        self.rule: FaultRule | None = None
        self.got = _Outcome()

    def line(self, text: str = "") -> None:
        self.d.line(text)

    def _run(self, key: str, label: str, run: Callable[[], R]) -> tuple[R, _Step]:
        report, step = self.d.step(label, run)
        self.got.steps[key] = step
        return report, step

    def _pause_faults(self) -> None:
        if self.rule is not None:
            self.fake.faults.remove(self.rule)

    def _resume_faults(self) -> None:
        if self.faults:
            self.rule = self.fake.inject(self.faults, FAULT_KINDS)

    def header(self, workdir: Path, temporary: bool) -> None:
        flavour = (
            "AsyncAnymarket and the async flows" if self.use_async else "Anymarket and the flows"
        )
        self.line(
            f"M2 <-> ANYMARKET demo: {flavour} against an in-memory FakeAnymarket (no network)"
        )
        extra = len(self.s.source.items_) - len(list(self.s.source.base.items()))
        generated = f" + {extra:,} generated items" if extra else ""
        where = f"{workdir}{' (temporary)' if temporary else ''}"
        self.d.wrapped(
            f"M2: the bundled sample export{generated}; ledger and M2 orders (SQLite) in {where}",
            indent="",
        )
        if self.faults:
            self.d.wrapped(
                f"Faults: {self.faults:.0%} of requests fail at random (seed {self.seed}): "
                "errors, 429s, timeouts, resets, also after the request was applied; the "
                f"clients retry up to {CLIENT_RETRIES} times, a step that reports failures is "
                "run again",
                indent="",
            )
        self._resume_faults()
        self.line()

    def plan(self) -> None:
        d = self.d
        dry, step = self._run(
            "dry_run", "catalogue dry run", lambda: d.flows.catalogue(dry_run=True)
        )
        skus = dry.skus_created + dry.skus_updated + dry.skus_unchanged
        plan = _choose_plan(skus)
        d.flows.with_plan(plan)
        self.got.plan, self.got.skus = plan, skus
        d.head(1, "Plan check (m2_adapter.plans) on a dry run of the catalogue", step)
        d.wrapped(f"dry run, nothing written: {dry.summary()}")
        d.wrapped(
            f"{plan.name} plan: up to {plan.max_accounts} marketplace accounts and "
            f"{plan.max_skus:,} SKUs; the catalogue makes {skus:,} SKUs -> fits, "
            f"{plan.headroom(PlanLimit.SKUS, skus):,} to spare (the push checks it again "
            "before writing anything)"
        )
        self.line()

    def catalogue(self) -> None:
        cat, step = self._run("catalogue", "catalogue push", self.d.flows.catalogue)
        self.d.head(2, "Catalogue push", step)
        self.d.summary(step)
        for skipped in cat.skipped[:5]:
            self.d.wrapped(f"skipped {describe_held(skipped)}")
        self.line()

    def stock(self) -> None:
        _, step = self._run("stock", "stock and price push", self.d.flows.stock)
        self.d.head(3, "Stock and prices", step)
        self.d.summary(step)
        row = self.fake.stock_of("CAM-BASICA-BRA-P", self.s.config.warehouse_map[10])
        self.line(
            f"   e.g. CAM-BASICA-BRA-P in the CD warehouse: {row['amount']} "
            "(M2's available balance)"
        )
        self.line()
        _, again = self._run("again", "second push", self.d.flows.stock)
        self.d.head(4, "Stock and prices again, nothing changed in M2", again)
        self.d.summary(again)
        self.line(
            f"   {_plural(again.requests, 'request')}: the ledger's snapshots say ANYMARKET "
            "already has every value"
        )
        self.line()

    def sales(self) -> None:
        self._pause_faults()  # the marketplace side is not the integration's to retry
        sales = self.got.sales = _sales(self.s)
        lost = sales[-1]
        before = len(self.fake.calls)
        _lose_feed_entry(self.fake, lost.order_id)
        self._resume_faults()
        self.line(f"5. Marketplace sales on {MARKETPLACE} (simulated on the fake)")
        for sale in sales:
            total = sum((q * p for _, q, p in sale.lines), Decimal(0))
            text = _lines_text(sale.lines)
            self.line(f"   order {sale.order_id}  {text:<38} {brl(total):>11}  {sale.label}")
        self.d.wrapped(
            f"another consumer acknowledged order {lost.order_id}'s feed entry "
            f"({_plural(len(self.fake.calls) - before, 'request')}): the feed will not bring it"
        )
        self.line()

    def intake(self) -> None:
        d = self.d
        _, step = self._run("intake", "order intake", d.flows.intake)
        d.head(6, "Order intake into the M2 sink (SQLite)", step)
        d.summary(step)
        outcomes = _merged_outcomes(step.reports)
        held = {h.anymarket_order_id: h for r in step.reports for h in r.held}
        for sale in self.got.sales:
            oid = str(sale.order_id)
            record = self.sink.find_by_anymarket_id(oid)
            if record is None and oid in held:
                self.got.held[oid] = held[oid].reasons
                d.wrapped(f"order {oid} held [{', '.join(held[oid].reasons)}]: {held[oid].message}")
                continue
            if record is None:
                d.wrapped(f"order {oid} not imported: its feed entry was lost")
                continue
            self.got.imported += 1
            outcome = outcomes.get(oid)
            channel = outcome.channel if outcome is not None else None
            text = (
                f"order {oid} -> M2 order {record.m2_order_number} ({record.status.value}) "
                f"in channel {channel or '?'}"
            )
            if sale.fulfillment:
                self.got.fulfillment_channel = channel
                text += ": fulfillment, its own channel; no stock reserved, no NF-e by the seller"
            elif not sale.paid:
                text += ": not paid, no stock reserved yet"
            d.wrapped(text)
        self.line()

    def fiscal(self) -> None:
        d, fake = self.d, self.fake
        issued = _issue_documents(self.s, self.got.sales, self.sink)
        _, step = self._run("fiscal", "fiscal send-back", d.flows.fiscal)
        d.head(7, "Invoices, tracking and delivery back to ANYMARKET", step)
        d.wrapped(
            f"M2 (played by the demo) issued {len(issued)} NF-e and {len(issued)} dispatches "
            "and delivered one order"
        )
        d.summary(step)
        for sale, invoice in issued:
            status = fake.order(sale.order_id)["status"]
            key = invoice.access_key
            self.line(
                f"   order {sale.order_id}: NF-e {invoice.series}/{invoice.number} "
                f"key {key[:4]}...{key[-4:]} -> now {status}"
            )
        ff = next((x for x in self.got.sales if x.fulfillment), None)
        if ff is not None:
            paths = (f"/orders/{ff.order_id}", f"/orders/{ff.order_id}/nfe")
            pushed = any(c.method == "PUT" and c.path in paths for c in fake.calls)
            pushed = pushed or bool(fake.order(ff.order_id).get("invoice"))
            self.got.fulfillment_nfe_pushed = pushed
            what = "NF-e PUSHED (wrong)" if pushed else "no NF-e pushed: the marketplace issues it"
            d.wrapped(
                f"order {ff.order_id} (fulfillment, channel {self.got.fulfillment_channel}): {what}"
            )
        self.line()

    def reconcile(self) -> None:
        d = self.d
        after = DEMO_START - timedelta(days=1)
        _, step = self._run(
            "reconcile", "reconciliation", lambda: d.flows.reconcile(after, self.fake.now())
        )
        d.head(8, "Reconciliation: GET /orders for the last day, against the ledger", step)
        d.summary(step)
        for oid, outcome in _merged_outcomes(step.reports).items():
            if outcome.action is IntakeAction.IMPORTED:
                self.got.reconciled.append(oid)
                d.wrapped(
                    f"order {oid} -> M2 order {outcome.m2_order_number} in channel "
                    f"{outcome.channel}: the order the feed lost"
                )
        self.line()

    def check(self) -> None:
        self._pause_faults()
        counted = self.got.counted = _integrity(self.fake, self.sink)
        self.d.wrapped(
            f"Check: ANYMARKET holds {counted.products:,} products with {counted.skus:,} SKUs "
            f"(partnerIds unique: {_yes(counted.unique)}) and {counted.orders} orders; the M2 "
            f"sink holds {counted.m2_orders} orders, one per imported ANYMARKET order: "
            f"{_yes(counted.one_each)}",
            indent="",
        )
        self.line()

    @property
    def ok(self) -> bool:
        got, counted = self.got, self.got.counted
        return (
            all(not failures_of(step.report) for step in got.steps.values())
            and not got.fulfillment_nfe_pushed
            and str(got.sales[-1].order_id) in got.reconciled
            and counted is not None
            and counted.unique
            and counted.one_each
            and counted.skus == got.skus
        )

    def result(self, elapsed: float) -> DemoResult:
        got, fake = self.got, self.fake
        self.line(_requests_line(fake))
        self.d.wrapped(_faults_line(fake), indent="")
        self.line(f"Time: {elapsed:.2f} s")
        self.line(
            "Result: OK (held orders wait for a fix in M2 or ANYMARKET: that is what holding "
            "is for)"
            if self.ok
            else "Result: NOT OK, see the failures above"
        )
        fiscal: list[SendBackReport] = got.steps["fiscal"].reports
        done = [o for r in fiscal for o in r.outcomes if o.action in _DONE]
        stock: list[StockPriceReport] = got.steps["stock"].reports
        assert got.plan is not None
        return DemoResult(
            ok=self.ok,
            plan=got.plan.name,
            skus=got.skus,
            catalogue_requests=got.steps["catalogue"].requests,
            first_push_requests=got.steps["stock"].requests,
            second_push_requests=got.steps["again"].requests,
            stock_records_sent=sum(r.stock_succeeded for r in stock),
            sales=len(got.sales),
            imported=got.imported,
            held=tuple(got.held.items()),
            fulfillment_channel=got.fulfillment_channel,
            fulfillment_nfe_pushed=got.fulfillment_nfe_pushed,
            invoices_sent=sum(1 for o in done if o.kind is SendKind.INVOICE),
            shipments_sent=sum(1 for o in done if o.kind is SendKind.SHIPMENT),
            deliveries_sent=sum(1 for o in done if o.kind is SendKind.DELIVERY),
            reconciled=tuple(got.reconciled),
            faults_injected=sum(fake.faults.injected.values()),
            requests=len(fake.calls),
            seconds=elapsed,
        )


def _yes(flag: bool) -> str:
    return "yes" if flag else "NO"
