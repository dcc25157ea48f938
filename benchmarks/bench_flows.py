"""Request counts, throughput and memory of the sync flows at realistic sizes.

Cases (figures are printed, never asserted):

- stock push at 20,000 SKUs: the ledger's delta (``SqliteLedger.stock_delta``, a temporary
  file, ``synchronous="NORMAL"``) feeding ``client.stocks.update(..., chunk_size=100)`` and
  ``record_pushed``, the steps ``push_stock_and_prices`` takes, driven directly against a
  plain ``httpx.MockTransport`` answering 204 (FakeAnymarket's stock handler is not meant for
  20,000 SKUs): a full push, a 1 % change and no change, with the requests counted;
- order intake (``async_import_orders``) on ``FakeAnymarket`` with 20 ms of real latency per
  request at concurrency 1, 8 and 32: orders per second against the latency bound
  ``c / (N x 20 ms)``, N the sequential requests one order needs (counted from
  ``fake.calls``);
- memory while iterating 100,000 orders (``client.orders.iter``) from a transport that
  builds pages of 100 on the fly: ``tracemalloc`` current and peak at 10k, 50k and 100k.
"""

from __future__ import annotations

import asyncio
import json
import tempfile
import time
import tracemalloc
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx

from anymarket_sdk import Anymarket, SystemClock
from anymarket_sdk.models.stock import StockUpdate
from anymarket_sdk.testing import FakeAnymarket
from m2_adapter.ledger import AsyncSqliteLedger, SqliteLedger, StockRecord
from m2_adapter.m2 import AsyncSqliteOrderSink, async_sample_source
from m2_adapter.mapping import ChannelRoute, MappingConfig, SalesChannel
from m2_adapter.sync import async_import_orders
from m2_adapter.sync._context import AsyncSyncContext

NOW = datetime(2026, 3, 10, 15, 0, tzinfo=UTC)
BASE_URL = "https://sandbox-api.anymarket.com.br/v2"
TOKEN = "bench-token"  # noqa: S105 (a placeholder for the mock transport)

STOCK_SKUS = 20_000
STOCK_CHUNK = 100

INTAKE_ORDERS = 150
LATENCY = 0.02
CONCURRENCY = (1, 8, 32)
INTAKE_SKUS = ("CAM-BASICA-BRA-P", "CAM-BASICA-BRA-M", "LIQ-TURBO-110", "GAR-TERM-1L")

ITER_TOTAL = 10_000
"""100,000 took 256 s under tracemalloc (figures in docs/performance.md): too slow here."""
ITER_PAGE = 100
CHECKPOINTS = (1_000, 5_000, 10_000)


def _table(title: str, header: tuple[str, ...], rows: list[tuple[str, ...]]) -> None:
    print(f"\n{title}\n")
    print("| " + " | ".join(header) + " |")
    print("|" + "|".join("---" for _ in header) + "|")
    for row in rows:
        print("| " + " | ".join(row) + " |")


# --- 1. stock push request counts ------------------------------------------------------------


def _stock_push(
    client: Anymarket, ledger: SqliteLedger, records: list[StockRecord], counter: list[int]
) -> tuple[int, int, float]:
    """One push: delta -> stocks.update -> record_pushed. (sent, requests, seconds)."""
    before = counter[0]
    t0 = time.perf_counter()
    delta = list(ledger.stock_delta(records))
    by_key = {(r.sku_partner_id, r.stock_local_id): r for r in delta}
    if delta:
        result = client.stocks.update(
            [
                StockUpdate(
                    partner_id=r.sku_partner_id,
                    quantity=r.quantity,
                    stock_local_id=r.stock_local_id,
                )
                for r in delta
            ],
            chunk_size=STOCK_CHUNK,
        )
        ledger.record_pushed(
            [by_key[(u.partner_id or "", u.stock_local_id)] for u in result.succeeded]
        )
    return len(delta), counter[0] - before, time.perf_counter() - t0


def bench_stock() -> None:
    counter = [0]

    def handler(_request: httpx.Request) -> httpx.Response:
        counter[0] += 1
        return httpx.Response(204)

    with tempfile.TemporaryDirectory() as tmp:
        ledger = SqliteLedger(
            Path(tmp) / "ledger.db", account="bench", now=lambda: NOW, synchronous="NORMAL"
        )
        client = Anymarket(
            token=TOKEN,
            base_url=BASE_URL,
            transport=httpx.MockTransport(handler),
            rate_limiter=None,
            max_retries=0,
        )
        try:
            records = [
                StockRecord(
                    sku_partner_id=f"SKU-{n:06d}", quantity=Decimal(n % 50), stock_local_id=1
                )
                for n in range(STOCK_SKUS)
            ]
            rows: list[tuple[str, ...]] = []
            sent, requests, seconds = _stock_push(client, ledger, records, counter)
            rows.append(("full push", f"{sent:,}", str(requests), "200", f"{seconds:.2f}"))
            changed = [
                StockRecord(
                    sku_partner_id=r.sku_partner_id,
                    quantity=r.quantity + 1,
                    stock_local_id=r.stock_local_id,
                )
                if n % 100 == 0
                else r
                for n, r in enumerate(records)
            ]
            sent, requests, seconds = _stock_push(client, ledger, changed, counter)
            rows.append(("1 % changed", f"{sent:,}", str(requests), "2", f"{seconds:.2f}"))
            sent, requests, seconds = _stock_push(client, ledger, changed, counter)
            rows.append(("no change", f"{sent:,}", str(requests), "0", f"{seconds:.2f}"))
        finally:
            client.close()
            ledger.close()
    _table(
        f"Stock push, {STOCK_SKUS:,} SKUs, chunks of {STOCK_CHUNK} "
        "(SqliteLedger delta + stocks.update on a MockTransport answering 204)",
        ("run", "records sent", "requests", "expected", "seconds"),
        rows,
    )


# --- 2. order intake throughput ----------------------------------------------------------------


def _intake_config() -> MappingConfig:
    return MappingConfig(
        warehouse_map={10: 1, 20: 2},
        channel_routes=[
            ChannelRoute(
                marketplace="MERCADO_LIVRE",
                channel=SalesChannel(code="ML", company_id=1, branch_id=1, warehouse_id=10),
            ),
        ],
        warranty_months=3,
    )


async def _intake_once(concurrency: int, tmp: Path) -> tuple[int, int, float]:
    """(orders imported, requests, seconds) for one run at ``concurrency``."""
    fake = FakeAnymarket(clock=SystemClock(), latency=LATENCY)
    fake.seed_catalogue(dict.fromkeys(INTAKE_SKUS, 1_000_000))
    for n in range(INTAKE_ORDERS):
        fake.create_sale(
            "MERCADO_LIVRE",
            [(INTAKE_SKUS[n % len(INTAKE_SKUS)], 1 + n % 3, "49.90")],
            status="PAID_WAITING_SHIP",
        )
    fake.reset_calls()
    client = fake.async_client(strict=True)
    ledger = AsyncSqliteLedger(
        tmp / f"ledger-{concurrency}.db", account="bench", now=lambda: NOW, synchronous="NORMAL"
    )
    ctx = AsyncSyncContext(
        client=client,
        source=async_sample_source(),
        sink=AsyncSqliteOrderSink(tmp / f"orders-{concurrency}.db"),
        ledger=ledger,
        config=_intake_config(),
        now=lambda: NOW,
    )
    try:
        t0 = time.perf_counter()
        report = await async_import_orders(ctx, concurrency=concurrency)
        seconds = time.perf_counter() - t0
    finally:
        await client.aclose()
        ledger.sync.close()
    if not report.ok:
        print(f"  (concurrency {concurrency}: {report.summary()})")
    return report.imported, len(fake.calls), seconds


def bench_intake() -> None:
    rows: list[tuple[str, ...]] = []
    with tempfile.TemporaryDirectory() as tmp:
        for c in CONCURRENCY:
            imported, requests, seconds = asyncio.run(_intake_once(c, Path(tmp)))
            per_order = requests / max(imported, 1)
            rate = imported / seconds
            bound = c / (per_order * LATENCY)
            rows.append(
                (
                    str(c),
                    str(imported),
                    f"{per_order:.2f}",
                    f"{seconds:.2f}",
                    f"{rate:.1f}",
                    f"{bound:.1f}",
                    f"{rate / bound:.2f}",
                )
            )
    _table(
        f"Order intake (async_import_orders), {INTAKE_ORDERS} orders, FakeAnymarket with "
        f"{LATENCY * 1000:.0f} ms real latency per request",
        (
            "concurrency",
            "orders",
            "requests/order (N)",
            "seconds",
            "orders/s",
            "bound c/(N x 20 ms)",
            "measured/bound",
        ),
        rows,
    )


# --- 3. memory while iterating orders ------------------------------------------------------------


def _order_template() -> dict[str, Any]:
    fake = FakeAnymarket()
    fake.seed_catalogue({"CAM-BASICA-BRA-P": 100, "LIQ-TURBO-110": 100})
    oid = int(
        fake.create_sale(
            "MERCADO_LIVRE",
            [("CAM-BASICA-BRA-P", 2, "49.90"), ("LIQ-TURBO-110", 1, "129.00")],
            status="PAID_WAITING_SHIP",
        )["id"]
    )
    text = json.dumps(
        fake.order(oid), default=lambda o: float(o) if isinstance(o, Decimal) else str(o)
    )
    loaded: dict[str, Any] = json.loads(text)
    return loaded


def bench_iter_memory() -> None:
    template = _order_template()

    def handler(request: httpx.Request) -> httpx.Response:
        offset = int(request.url.params.get("offset", "0"))
        limit = int(request.url.params.get("limit", str(ITER_PAGE)))
        count = max(0, min(limit, ITER_TOTAL - offset))
        content = []
        for n in range(offset, offset + count):
            order = dict(template)
            order["id"] = 10_000_000 + n
            order["marketPlaceId"] = f"ML-{n}"
            content.append(order)
        body = {
            "links": [],
            "content": content,
            "page": {
                "size": limit,
                "totalElements": ITER_TOTAL,
                "totalPages": (ITER_TOTAL + limit - 1) // limit,
                "number": offset // limit,
            },
        }
        return httpx.Response(200, content=json.dumps(body).encode())

    client = Anymarket(
        token=TOKEN,
        base_url=BASE_URL,
        transport=httpx.MockTransport(handler),
        rate_limiter=None,
        max_retries=0,
    )
    rows: list[tuple[str, ...]] = []
    try:
        tracemalloc.start()
        t0 = time.perf_counter()
        for seen, _order in enumerate(client.orders.iter(limit=ITER_PAGE), start=1):
            if seen in CHECKPOINTS:
                current, peak = tracemalloc.get_traced_memory()
                rows.append(
                    (
                        f"{seen:,}",
                        f"{current / 2**20:.2f}",
                        f"{peak / 2**20:.2f}",
                        f"{time.perf_counter() - t0:.1f}",
                    )
                )
        tracemalloc.stop()
    finally:
        client.close()
    _table(
        f"Memory while iterating {ITER_TOTAL:,} orders (client.orders.iter, pages of "
        f"{ITER_PAGE} built on the fly; tracemalloc since the iteration started)",
        ("orders iterated", "current MiB", "peak MiB", "seconds"),
        rows,
    )


def main() -> None:
    bench_stock()
    bench_intake()
    bench_iter_memory()


if __name__ == "__main__":
    main()
