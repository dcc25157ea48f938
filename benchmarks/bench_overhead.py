"""Per-request overhead of the SDK against raw httpx + ``json.loads``.

Both sides talk to the same in-process ``httpx.MockTransport`` that returns a prebuilt body,
so the network is out of the picture and what remains is the SDK's own work: building the
request, the auth hook, status handling and typed decoding (Decimal floats, camelCase
renames, unknown-field capture, open enums).

Cases:

- one product (``client.products.get``): 3 SKUs, 3 images, characteristics, category,
  brand, NBM and origin;
- a page of 100 brands (``client.brands.list(limit=100)``);
- a bare array of 100 SKUs with variation arrays (``client.skus.list``), when the SKU
  resource exists;
- the page of 100 brands on the async client;
- decode only: ``json.loads`` alone against the SDK's decode of the same bytes.

The SDK clients are built with ``rate_limiter=None``: by default every client gets a
``RateLimiter`` (5,000 requests/hour per token) that would, rightly, throttle a benchmark.

Figures are medians over several rounds after a warm-up. Nothing here asserts on time; the
target we report against is "typed decode of a 100-item page costs at most 2x raw httpx+json".
"""

from __future__ import annotations

import asyncio
import importlib.util
import json
import statistics
import time
from collections.abc import Awaitable, Callable
from decimal import Decimal
from typing import Any

import httpx

import anymarket_sdk
from anymarket_sdk import Anymarket, AsyncAnymarket, Page, structure
from anymarket_sdk.models import Brand, Product, Sku

BASE = "https://sandbox-api.anymarket.com.br/v2/"
TOKEN = "benchmark-token-not-real"  # noqa: S105 - fake, never sent anywhere
HEADERS = {
    "gumgaToken": TOKEN,
    "Accept": "application/json",
    "User-Agent": "benchmark",
}
ROUNDS = 7
ROUND_SECONDS = 0.08
TARGET_RATIO = 2.0

Row = tuple[str, float, float]

# --- realistic bodies ---------------------------------------------------------------------


def _variation(type_id: int, type_name: str, value_id: int, value: str) -> dict[str, Any]:
    return {
        "id": value_id,
        "description": value,
        "partnerId": f"VAR-{value_id}",
        "type": {
            "id": type_id,
            "name": type_name,
            "partnerId": f"VT-{type_id}",
            "visualVariation": type_name == "Cor",
        },
    }


def sku_json(i: int) -> dict[str, Any]:
    colour = ("Azul", "Preto", "Branco", "Vermelho")[i % 4]
    size = ("P", "M", "G", "GG")[i % 4]
    return {
        "id": 70_000 + i,
        "title": f"Camiseta Algodão Básica {colour} {size}",
        "partnerId": f"CAM-{i:05d}",
        "ean": f"789{i:010d}",
        "amount": 12 + i,
        "additionalTime": 0,
        "price": 89.90,
        "sellPrice": 79.90 - (i % 5),
        "stockLocalId": 1,
        "externalId": f"EXT-{i}",
        "active": True,
        "volumes": 1,
        "variations": [
            _variation(1, "Cor", 100 + i % 4, colour),
            _variation(2, "Tamanho", 200 + i % 4, size),
        ],
    }


def product_json() -> dict[str, Any]:
    images = [
        {
            "id": 500 + n,
            "index": n,
            "main": n == 1,
            "url": f"https://cdn.example.com/img/camiseta-{n}.jpg",
            "thumbnailUrl": f"https://cdn.example.com/img/camiseta-{n}-thumb.jpg",
            "lowResolutionUrl": f"https://cdn.example.com/img/camiseta-{n}-low.jpg",
            "standardUrl": f"https://cdn.example.com/img/camiseta-{n}-std.jpg",
            "originalImage": f"https://cdn.example.com/img/camiseta-{n}-orig.jpg",
            "status": "PROCESSED",
            "statusMessage": None,
            "standardWidth": 1000,
            "standardHeight": 1000,
            "originalWidth": 2000,
            "originalHeight": 2000,
        }
        for n in (1, 2, 3)
    ]
    return {
        "id": 1,
        "title": "Camiseta Algodão Básica",
        "description": "<p>Camiseta 100% algodão, malha penteada 30.1, gola careca.</p>",
        "externalIdProduct": "CAM-BASICA",
        "category": {
            "id": 10,
            "name": "Camisetas",
            "partnerId": "CAT-10",
            "path": "Moda > Masculino > Camisetas",
        },
        "brand": {"id": 20, "name": "Useall Wear", "reducedName": "Useall", "partnerId": "B-20"},
        "nbm": {"id": "61091000", "description": "Camisetas de malha de algodão"},
        "origin": {"id": 0, "description": "Nacional"},
        "model": "BASICA-2026",
        "videoUrl": "https://video.example.com/camiseta",
        "gender": "MALE",
        "warrantyTime": 3,
        "warrantyText": "Garantia contra defeitos de fabricação",
        "height": 4.5,
        "width": 25.0,
        "weight": 0.25,
        "length": 30.0,
        "priceFactor": 1.0,
        "calculatedPrice": False,
        "definitionPriceScope": "SKU",
        "hasVariations": True,
        "isProductActive": True,
        "allowAutomaticSkuMarketplaceCreation": True,
        "characteristics": [
            {"index": 1, "name": "Material", "value": "Algodão"},
            {"index": 2, "name": "Gola", "value": "Careca"},
            {"index": 3, "name": "Manga", "value": "Curta"},
        ],
        "images": images,
        "skus": [sku_json(i) for i in range(3)],
        "type": "SIMPLE",
    }


def brands_page_json(n: int = 100) -> dict[str, Any]:
    return {
        "links": [{"rel": "next", "href": f"{BASE}brands?limit={n}&offset={n}"}],
        "content": [
            {
                "id": 1000 + i,
                "name": f"Marca {i}",
                "reducedName": f"M{i}",
                "partnerId": f"BRAND-{i:04d}",
            }
            for i in range(n)
        ],
        "page": {"size": n, "totalElements": 5 * n, "totalPages": 5, "number": 1},
    }


def skus_json(n: int = 100) -> list[dict[str, Any]]:
    return [sku_json(i) for i in range(n)]


def _encode(data: Any) -> bytes:
    return json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode()


BODIES: dict[str, bytes] = {
    "/v2/products/1": _encode(product_json()),
    "/v2/brands": _encode(brands_page_json()),
    "/v2/products/1/skus": _encode(skus_json()),
}


def _handler(request: httpx.Request) -> httpx.Response:
    body = BODIES.get(request.url.path)
    if body is None:
        return httpx.Response(404, json={"message": f"no route {request.url.path}"})
    return httpx.Response(200, content=body, headers={"Content-Type": "application/json"})


TRANSPORT = httpx.MockTransport(_handler)

# --- timing -------------------------------------------------------------------------------


def _round_us(fn: Callable[[], object], n: int) -> float:
    t0 = time.perf_counter()
    for _ in range(n):
        fn()
    return (time.perf_counter() - t0) / n * 1e6


def _iterations(fn: Callable[[], object]) -> int:
    """Warm up (which also fills cattrs' generated-code caches), then pick the number of
    calls that makes one round last about ROUND_SECONDS."""
    for _ in range(3):
        fn()
    n = 1
    while True:
        us = _round_us(fn, n)
        if us * n >= ROUND_SECONDS * 1e6 / 10 or n >= 1_000_000:
            return max(1, int(ROUND_SECONDS * 1e6 / us))
        n *= 4


def compare(name: str, raw: Callable[[], object], sdk: Callable[[], object]) -> Row:
    """Median per-call µs of ``raw`` and ``sdk``, rounds interleaved so drift hits both."""
    n_raw, n_sdk = _iterations(raw), _iterations(sdk)
    raw_us: list[float] = []
    sdk_us: list[float] = []
    for _ in range(ROUNDS):
        raw_us.append(_round_us(raw, n_raw))
        sdk_us.append(_round_us(sdk, n_sdk))
    return name, statistics.median(raw_us), statistics.median(sdk_us)


async def _round_us_async(fn: Callable[[], Awaitable[object]], n: int) -> float:
    t0 = time.perf_counter()
    for _ in range(n):
        await fn()
    return (time.perf_counter() - t0) / n * 1e6


async def _iterations_async(fn: Callable[[], Awaitable[object]]) -> int:
    for _ in range(3):
        await fn()
    n = 1
    while True:
        us = await _round_us_async(fn, n)
        if us * n >= ROUND_SECONDS * 1e6 / 10 or n >= 1_000_000:
            return max(1, int(ROUND_SECONDS * 1e6 / us))
        n *= 4


async def compare_async(
    name: str, raw: Callable[[], Awaitable[object]], sdk: Callable[[], Awaitable[object]]
) -> Row:
    n_raw, n_sdk = await _iterations_async(raw), await _iterations_async(sdk)
    raw_us: list[float] = []
    sdk_us: list[float] = []
    for _ in range(ROUNDS):
        raw_us.append(await _round_us_async(raw, n_raw))
        sdk_us.append(await _round_us_async(sdk, n_sdk))
    return name, statistics.median(raw_us), statistics.median(sdk_us)


# --- cases --------------------------------------------------------------------------------


def _has_resource(name: str) -> bool:
    return importlib.util.find_spec(f"anymarket_sdk.resources.{name}") is not None


def sync_cases(notes: list[str]) -> list[Row]:
    raw = httpx.Client(transport=TRANSPORT)
    am = Anymarket(
        token=TOKEN,
        environment=anymarket_sdk.Environment.SANDBOX,
        transport=TRANSPORT,
        rate_limiter=None,
    )
    rows: list[Row] = []
    try:
        product_url = BASE + "products/1"
        product = am.products.get(1)
        assert isinstance(product, Product)
        assert len(product.skus) == 3
        rows.append(
            compare(
                "GET product (3 SKUs, 3 images)",
                lambda: json.loads(raw.get(product_url, headers=HEADERS).content),
                lambda: am.products.get(1),
            )
        )

        brands_url = BASE + "brands"
        brands_params = {"offset": "0", "limit": "100"}
        page = am.brands.list(limit=100)
        assert isinstance(page, Page)
        assert len(page.items) == 100
        rows.append(
            compare(
                "page of 100 brands",
                lambda: json.loads(
                    raw.get(brands_url, params=brands_params, headers=HEADERS).content
                ),
                lambda: am.brands.list(limit=100),
            )
        )

        if _has_resource("skus"):
            skus_url = BASE + "products/1/skus"
            skus = am.skus.list(1)
            assert len(skus) == 100
            assert skus[0].variations == {"Cor": "Azul", "Tamanho": "P"}
            rows.append(
                compare(
                    "100 SKUs (bare array)",
                    lambda: json.loads(raw.get(skus_url, headers=HEADERS).content),
                    lambda: am.skus.list(1),
                )
            )
        else:
            notes.append("anymarket_sdk.resources.skus not present: SKU list case skipped")
    finally:
        am.close()
        raw.close()
    return rows


async def async_case() -> Row:
    url = BASE + "brands"
    params = {"offset": "0", "limit": "100"}
    async with (
        httpx.AsyncClient(transport=TRANSPORT) as raw,
        AsyncAnymarket(
            token=TOKEN,
            environment=anymarket_sdk.Environment.SANDBOX,
            transport=TRANSPORT,
            rate_limiter=None,
        ) as am,
    ):

        async def raw_call() -> object:
            response = await raw.get(url, params=params, headers=HEADERS)
            return json.loads(response.content)

        async def sdk_call() -> object:
            return await am.brands.list(limit=100)

        return await compare_async("page of 100 brands (async)", raw_call, sdk_call)


def decode_cases() -> list[Row]:
    """Decode only: ``json.loads`` against the SDK's decode of the same bytes (JSON floats
    as Decimal, as the clients parse them, then ``structure`` into the model)."""
    product = BODIES["/v2/products/1"]
    brands = BODIES["/v2/brands"]
    skus = BODIES["/v2/products/1/skus"]

    def sdk_loads(body: bytes) -> Any:
        return json.loads(body, parse_float=Decimal)

    return [
        compare(
            "decode product",
            lambda: json.loads(product),
            lambda: structure(sdk_loads(product), Product),
        ),
        compare(
            "decode 100 brands",
            lambda: json.loads(brands),
            lambda: structure(sdk_loads(brands)["content"], list[Brand]),
        ),
        compare(
            "decode 100 SKUs",
            lambda: json.loads(skus),
            lambda: structure(sdk_loads(skus), list[Sku]),
        ),
    ]


def _table(title: str, head: tuple[str, str, str], rows: list[Row]) -> None:
    width = max(len(r[0]) for r in rows) + 2
    print(title)
    print(f"  {'case':<{width}}{head[0]:>12}{head[1]:>12}{head[2]:>12}")
    for name, raw_us, sdk_us in rows:
        print(f"  {name:<{width}}{raw_us:>12.1f}{sdk_us:>12.1f}{sdk_us / raw_us:>11.2f}x")
    print()


def main() -> None:
    notes: list[str] = []
    rows = sync_cases(notes)
    rows.append(asyncio.run(async_case()))
    _table(
        "Per-request overhead, same in-process MockTransport (median µs per call)",
        ("raw µs/call", "sdk µs/call", "sdk/raw"),
        rows,
    )
    decode = decode_cases()
    _table(
        "Decode only: json.loads vs SDK decode (json.loads(parse_float=Decimal) + structure)",
        ("loads µs", "sdk µs", "sdk/loads"),
        decode,
    )
    for name, raw_us, sdk_us in rows:
        if "100" in name:
            ratio = sdk_us / raw_us
            verdict = "met" if ratio <= TARGET_RATIO else "NOT met"
            print(f"target <= {TARGET_RATIO:.0f}x raw httpx+json, {name}: {ratio:.2f}x ({verdict})")
    for note in notes:
        print(f"note: {note}")
    print("note: SDK clients built with rate_limiter=None (the default RateLimiter would throttle)")


if __name__ == "__main__":
    main()
