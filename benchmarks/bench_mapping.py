"""Throughput of the pure mapping layer (``m2_adapter.mapping``) on a synthetic catalogue.

Cases, each timed as the median of a few rounds after a warm-up:

- ``map_catalogue``: 500 grade products x 6 variations plus 1,000 simple items (4,500 items,
  4,000 SKUs), with prices from ``select_prices``;
- ``map_stock``: 3 balances per SKU (two mapped warehouses and one fulfillment warehouse);
- ``map_prices``: one price entry per SKU, mode SKU;
- ``map_order``: 1,000 ANYMARKET orders of 1-3 lines, already decoded into ``Order``
  (decoding is the SDK's cost and is shown separately for scale); one order in ten is
  fulfillment, and the Amazon ones among them (5 %) have no route, so they are held;
- the partnerId codec: encode + decode of plain and escaped codes.

Figures are items (or orders) per second and the ratio of mapping to decoding time;
nothing here asserts on time.
"""

from __future__ import annotations

import statistics
import time
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from anymarket_sdk import structure
from anymarket_sdk.models import Order
from m2_adapter.m2 import Item, ItemVariation, PriceEntry, StockBalance, Warehouse
from m2_adapter.mapping import (
    ChannelRoute,
    MappingConfig,
    SalesChannel,
    decode_partner_id,
    encode_partner_id,
    map_catalogue,
    map_order,
    map_prices,
    map_stock,
    select_prices,
)

ROUNDS = 3
GRADES = 500
SIZES = ("PP", "P", "M", "G", "GG", "XG")
SIMPLES = 1_000
ORDERS = 1_000
NOW = datetime(2026, 3, 10, 15, 0, tzinfo=UTC)

CONFIG = MappingConfig(
    channel_routes=[
        ChannelRoute(marketplace="MERCADO_LIVRE", channel=SalesChannel(code="ML")),
        ChannelRoute(
            marketplace="MERCADO_LIVRE", fulfillment=True, channel=SalesChannel(code="ML-FULL")
        ),
        ChannelRoute(marketplace="AMAZON", channel=SalesChannel(code="AMZ")),
    ],
    warehouse_map={10: 1, 20: 2},
    fulfillment_warehouses={90},
    default_category_id=1,
    default_brand_id=1,
    warranty_months=3,
)


def _gtin(n: int) -> str:
    body = f"789991{n:06d}"
    total = sum(int(c) * (3 if i % 2 == 0 else 1) for i, c in enumerate(reversed(body)))
    return body + str((10 - total % 10) % 10)


def _item(n: int, code: str, *, barcode: str | None) -> Item:
    return Item(
        item_id=n,
        code=code,
        description=f"Produto de teste {code}",
        gross_weight=Decimal("0.35"),
        height_cm=Decimal(4),
        width_cm=Decimal(25),
        length_cm=Decimal(30),
        group_id=n % 7,
        brand_id=n % 5,
        barcode=barcode,
        active=True,
        released=n % 50 != 0,  # 2 % blocked
        ncm="61091000",
        origin=0,
        image_urls=[f"https://img.exemplo.com.br/{code}.jpg"],
    )


def catalogue() -> tuple[list[Item], list[ItemVariation]]:
    items: list[Item] = []
    variations: list[ItemVariation] = []
    n = 0
    for g in range(GRADES):
        parent = f"GRADE-{g:04d}"
        n += 1
        items.append(_item(n, parent, barcode=None))
        for size in SIZES:
            n += 1
            code = f"{parent}-{size}"
            items.append(_item(n, code, barcode=_gtin(n)))
            variations.append(
                ItemVariation(parent_code=parent, item_code=code, attributes={"Tamanho": size})
            )
    for s in range(SIMPLES):
        n += 1
        code = f"SIMPLES {s:05d}/UN" if s % 10 == 0 else f"SIMPLES-{s:05d}"  # 10 % escaped
        items.append(_item(n, code, barcode=_gtin(n)))
    return items, variations


def balances(codes: list[str]) -> list[StockBalance]:
    return [
        StockBalance(
            company_id=1,
            branch_id=1,
            warehouse_id=warehouse,
            item_id=n,
            item_code=code,
            physical=Decimal(n % 40),
            available=Decimal(n % 40 - 1),
        )
        for n, code in enumerate(codes)
        for warehouse in (10, 20, 90)
    ]


def prices(codes: list[str]) -> list[PriceEntry]:
    return [
        PriceEntry(
            table_id=1,
            item_code=code,
            price=Decimal("59.90"),
            promotional_price=Decimal("49.90") if n % 3 == 0 else None,
        )
        for n, code in enumerate(codes)
    ]


def order_payload(n: int, codes: list[str]) -> dict[str, Any]:
    lines = []
    for k in range(1 + n % 3):
        code = codes[(n * 7 + k * 13) % len(codes)]
        lines.append(
            {
                "sku": {"id": 1000 + k, "partnerId": encode_partner_id(code)},
                "amount": 1 + k,
                "unit": "49.90",
                "gross": str(Decimal("49.90") * (1 + k)),
                "discount": "0",
                "total": str(Decimal("49.90") * (1 + k)),
            }
        )
    return {
        "id": 100_000 + n,
        "accountName": "Loja",
        "marketPlace": "AMAZON" if n % 4 == 0 else "MERCADO_LIVRE",
        "marketPlaceNumber": f"MP-{n}",
        "createdAt": "2026-03-09T10:15:00-03:00",
        "paymentDate": "2026-03-09T10:16:00-03:00",
        "status": "PAID_WAITING_SHIP",
        "fulfillment": n % 10 == 0,
        "documentIntermediator": "11222333000181",
        "discount": "0",
        "freight": "15.00",
        "buyer": {
            "name": "Comprador Fictício",
            "document": "529.982.247-25",
            "documentType": "CPF",
            "cellPhone": "(47) 99123-4567",
        },
        "anymarketAddress": {
            "street": "Rua Fictícia",
            "number": str(n),
            "neighborhood": "Centro",
            "city": "Joinville",
            "stateAcronymNormalized": "SC",
            "zipCode": "89201-100",
        },
        "payments": [{"method": "credit_card", "value": "100.00", "installments": 1}],
        "items": lines,
    }


def _median_seconds(fn: Callable[[], object]) -> float:
    fn()  # warm-up
    times = []
    for _ in range(ROUNDS):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def _row(name: str, count: int, unit: str, seconds: float) -> None:
    print(f"{name:<34} {count:>7,} {unit:<9} {seconds * 1000:>8.1f} ms {count / seconds:>12,.0f}/s")


def main() -> None:
    items, variations = catalogue()
    codes = [i.code for i in items]
    stock_rows = balances(codes)
    price_rows = prices(codes)
    selected = select_prices(price_rows, now=NOW, config=CONFIG).unwrap()
    index = {i.code: i for i in items}
    sellable = [v.item_code for v in variations] + codes[GRADES * (len(SIZES) + 1) :]
    payloads = [order_payload(n, sellable) for n in range(ORDERS)]
    orders = [structure(p, Order) for p in payloads]

    result = map_catalogue(items, variations, config=CONFIG, prices=selected)
    assert result.value is not None
    mapped_orders = [map_order(o, config=CONFIG, items=index) for o in orders]
    print(
        f"catalogue: {len(items):,} items -> {len(result.value.products):,} products, "
        f"{result.value.sku_count:,} SKUs, {len(result.skipped)} skipped, "
        f"{len(result.held)} held, {len(result.warnings)} warnings"
    )
    held = Counter(r.held_reason.value for r in mapped_orders if r.held_reason is not None)
    print(
        f"orders: {sum(r.ok for r in mapped_orders):,} of {ORDERS:,} mapped "
        f"({sum(1 for r in mapped_orders if r.value and r.value.decision.fulfillment):,} "
        f"fulfillment); held: {dict(held) or 'none'}"
    )
    print()
    print(f"{'case':<34} {'count':>7} {'':<9} {'median':>11} {'throughput':>14}")

    t_cat = _median_seconds(
        lambda: map_catalogue(items, variations, config=CONFIG, prices=selected)
    )
    _row("map_catalogue", len(items), "items", t_cat)
    t_stock = _median_seconds(
        lambda: map_stock(
            stock_rows,
            config=CONFIG,
            warehouses=[Warehouse(warehouse_id=90, name="FULL", fulfillment=True)],
        )
    )
    _row("map_stock", len(stock_rows), "balances", t_stock)
    t_prices = _median_seconds(lambda: map_prices(price_rows, now=NOW, config=CONFIG))
    _row("map_prices", len(price_rows), "entries", t_prices)
    t_orders = _median_seconds(lambda: [map_order(o, config=CONFIG, items=index) for o in orders])
    _row("map_order", ORDERS, "orders", t_orders)
    t_decode = _median_seconds(lambda: [structure(p, Order) for p in payloads])
    _row("(SDK decode of the same orders)", ORDERS, "orders", t_decode)

    def codec() -> None:
        for c in codes:
            decode_partner_id(encode_partner_id(c))

    t_codec = _median_seconds(codec)
    _row("codec encode+decode", len(codes), "codes", t_codec)
    print()
    print(f"map_order / SDK decode time: {t_orders / t_decode:.2f}x")
    print(f"catalogue SKUs per second: {result.value.sku_count / t_cat:,.0f}")


if __name__ == "__main__":
    main()
