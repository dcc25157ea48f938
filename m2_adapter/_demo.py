"""``python -m m2_adapter demo``: a small Brazilian catalogue created and read back through
the public SDK client, against ``anymarket_sdk.testing.FakeAnymarket`` (no network).

It creates 2 brands, a category tree, the variation types "Cor" and "Voltagem", 3 products
(one with 4 SKU variations) with images, plus ``extra_skus`` simple products to show
pagination; then lists everything, looks a SKU up by its ERP code, shows that a duplicate SKU
partner id is refused as by the real API, and reports the requests made.
"""

from __future__ import annotations

import asyncio
import sys
import time
from collections import Counter
from collections.abc import Sequence
from decimal import Decimal
from typing import TextIO

import attrs

from anymarket_sdk import ServerError
from anymarket_sdk.models import (
    Brand,
    Category,
    CategoryRef,
    DefinitionPriceScope,
    Image,
    Nbm,
    Origin,
    Product,
    ProductBrand,
    ProductCategory,
    Sku,
    SkuLookup,
    VariationType,
    VariationValue,
)
from anymarket_sdk.testing import FakeAnymarket

__all__ = ["DemoResult", "run"]

PAGE_SIZE = 5
"""Products are read ``PAGE_SIZE`` per request so that ``--skus N`` shows pagination."""
LOOKUP_PARTNER_ID = "MOND-LIQ-VM-220"
DUPLICATE_PARTNER_ID = "TRAM-PANELAS-5P"
IMAGES = "https://img.exemplo.com.br/catalogo"


@attrs.frozen(kw_only=True)
class DemoResult:
    """What the demo saw (read back through the SDK), for tests and callers."""

    brands: int
    categories: int
    variation_types: int
    products: int
    skus: int
    product_pages: int
    lookup_found: bool
    duplicate_refused: bool
    requests: int


@attrs.frozen(kw_only=True)
class _Ids:
    tramontina: int
    mondial: int
    cozinha: int
    eletro: int


# --- the catalogue (plain SDK models) ---------------------------------------------------------

BRANDS = (
    Brand(name="Tramontina", reduced_name="Tramontina", partner_id="MARCA-TRAMONTINA"),
    Brand(name="Mondial", reduced_name="Mondial", partner_id="MARCA-MONDIAL"),
)

VARIATION_TYPES = (
    VariationType(
        name="Cor",
        partner_id="VAR-COR",
        visual_variation=True,
        values=[
            VariationValue(description="Azul", partner_id="COR-AZUL"),
            VariationValue(description="Vermelho", partner_id="COR-VERMELHO"),
        ],
    ),
    VariationType(
        name="Voltagem",
        partner_id="VAR-VOLTAGEM",
        values=[
            VariationValue(description="110V", partner_id="VOLT-110"),
            VariationValue(description="220V", partner_id="VOLT-220"),
        ],
    ),
)


def _panelas(ids: _Ids, partner_id: str = DUPLICATE_PARTNER_ID) -> Product:
    return Product(
        title="Jogo de Panelas Tramontina Antiaderente 5 Peças",
        description="Jogo de panelas em alumínio com revestimento antiaderente, 5 peças.",
        category=ProductCategory(id=ids.cozinha),
        brand=ProductBrand(id=ids.tramontina),
        nbm=Nbm(id="76151000"),
        origin=Origin(id=0),
        warranty_time=12,
        height=Decimal("22"),
        width=Decimal("40"),
        length=Decimal("40"),
        weight=Decimal("4.2"),
        price_factor=Decimal("1"),
        calculated_price=False,
        definition_price_scope=DefinitionPriceScope.SKU,
        skus=[
            Sku(
                title="Jogo de Panelas 5 Peças Grafite",
                partner_id=partner_id,
                ean="7891112000017",
                price=Decimal("399.90"),
                sell_price=Decimal("349.90"),
                amount=Decimal("12"),
            )
        ],
        images=[
            Image(url=f"{IMAGES}/panelas-1.jpg", main=True),
            Image(url=f"{IMAGES}/panelas-2.jpg"),
        ],
    )


def _liquidificador(ids: _Ids) -> Product:
    skus = [
        Sku(
            title=f"Liquidificador Mondial Turbo {cor} {volt}",
            partner_id=f"MOND-LIQ-{code}-{volt[:3]}",
            price=Decimal("199.90"),
            sell_price=Decimal("179.90"),
            amount=Decimal("5"),
            variations={"Cor": cor, "Voltagem": volt},
        )
        for cor, code in (("Azul", "AZ"), ("Vermelho", "VM"))
        for volt in ("110V", "220V")
    ]
    return Product(
        title="Liquidificador Mondial Turbo 1000W",
        description="Liquidificador com jarra de 2,2 L, 12 velocidades e função pulsar.",
        category=ProductCategory(id=ids.eletro),
        brand=ProductBrand(id=ids.mondial),
        nbm=Nbm(id="85094050"),
        origin=Origin(id=0),
        warranty_time=12,
        height=Decimal("42"),
        width=Decimal("22"),
        length=Decimal("22"),
        weight=Decimal("2.5"),
        price_factor=Decimal("1"),
        calculated_price=False,
        definition_price_scope=DefinitionPriceScope.SKU,
        has_variations=True,
        skus=skus,
        images=[
            Image(url=f"{IMAGES}/liquidificador-azul.jpg", main=True, variation="Azul"),
            Image(url=f"{IMAGES}/liquidificador-vermelho.jpg", variation="Vermelho"),
        ],
    )


def _faqueiro(ids: _Ids) -> Product:
    return Product(
        title="Faqueiro Tramontina 24 Peças Inox",
        description="Faqueiro em aço inox com 24 peças.",
        category=ProductCategory(id=ids.cozinha),
        brand=ProductBrand(id=ids.tramontina),
        nbm=Nbm(id="82151000"),
        origin=Origin(id=0),
        warranty_time=24,
        weight=Decimal("1.3"),
        definition_price_scope=DefinitionPriceScope.SKU,
        skus=[
            Sku(
                title="Faqueiro 24 Peças",
                partner_id="TRAM-FAQ-24",
                price=Decimal("149.90"),
                amount=Decimal("30"),
            )
        ],
        images=[Image(url=f"{IMAGES}/faqueiro.jpg")],
    )


def _extra(ids: _Ids, n: int) -> Product:
    return Product(
        title=f"Pano de Prato Algodão nº {n}",
        description="Pano de prato 100% algodão.",
        category=ProductCategory(id=ids.cozinha),
        brand=ProductBrand(id=ids.tramontina),
        definition_price_scope=DefinitionPriceScope.SKU,
        skus=[
            Sku(
                title=f"Pano de Prato nº {n}",
                partner_id=f"EXTRA-{n:04d}",
                price=Decimal("9.90"),
                amount=Decimal("100"),
            )
        ],
    )


def _products(ids: _Ids, extra: int) -> list[Product]:
    return [
        _panelas(ids),
        _liquidificador(ids),
        _faqueiro(ids),
        *(_extra(ids, n) for n in range(1, extra + 1)),
    ]


def _duplicate(ids: _Ids) -> Product:
    return attrs.evolve(_panelas(ids), title="Jogo de Panelas (cadastro repetido)")


# --- the two flows (same steps, sync and async) -----------------------------------------------


@attrs.frozen(kw_only=True)
class _Seen:
    brands: list[Brand]
    tree: list[Category]
    variation_types: list[VariationType]
    products: list[Product]
    lookup: SkuLookup | None
    duplicate: ServerError | None


def _run_sync(fake: FakeAnymarket, extra: int) -> _Seen:
    with fake.client(strict=True) as am:
        brands = [am.brands.create(b) for b in BRANDS]
        casa = am.categories.create(Category(name="Casa", partner_id="CAT-CASA"))
        cozinha = am.categories.create(
            Category(name="Cozinha", partner_id="CAT-COZINHA", parent=CategoryRef(id=casa.id))
        )
        eletro = am.categories.create(
            Category(
                name="Eletroportáteis", partner_id="CAT-ELETRO", parent=CategoryRef(id=cozinha.id)
            )
        )
        for vt in VARIATION_TYPES:
            am.variations.create(vt)
        ids = _ids(brands, cozinha, eletro)
        for product in _products(ids, extra):
            am.products.create(product)

        duplicate: ServerError | None = None
        try:
            am.products.create(_duplicate(ids))
        except ServerError as exc:
            duplicate = exc
        return _Seen(
            brands=list(am.brands.iter()),
            tree=am.categories.full_path(),
            variation_types=list(am.variations.iter()),
            products=list(am.products.iter(limit=PAGE_SIZE)),
            lookup=am.skus.find_by_partner_id(LOOKUP_PARTNER_ID),
            duplicate=duplicate,
        )


async def _run_async(fake: FakeAnymarket, extra: int) -> _Seen:
    async with fake.async_client(strict=True) as am:
        brands = [await am.brands.create(b) for b in BRANDS]
        casa = await am.categories.create(Category(name="Casa", partner_id="CAT-CASA"))
        cozinha = await am.categories.create(
            Category(name="Cozinha", partner_id="CAT-COZINHA", parent=CategoryRef(id=casa.id))
        )
        eletro = await am.categories.create(
            Category(
                name="Eletroportáteis", partner_id="CAT-ELETRO", parent=CategoryRef(id=cozinha.id)
            )
        )
        for vt in VARIATION_TYPES:
            await am.variations.create(vt)
        ids = _ids(brands, cozinha, eletro)
        for product in _products(ids, extra):
            await am.products.create(product)

        duplicate: ServerError | None = None
        try:
            await am.products.create(_duplicate(ids))
        except ServerError as exc:
            duplicate = exc
        return _Seen(
            brands=[b async for b in am.brands.iter()],
            tree=await am.categories.full_path(),
            variation_types=[vt async for vt in am.variations.iter()],
            products=[p async for p in am.products.iter(limit=PAGE_SIZE)],
            lookup=await am.skus.find_by_partner_id(LOOKUP_PARTNER_ID),
            duplicate=duplicate,
        )


def _ids(brands: Sequence[Brand], cozinha: Category, eletro: Category) -> _Ids:
    assert brands[0].id is not None
    assert brands[1].id is not None
    assert cozinha.id is not None
    assert eletro.id is not None
    return _Ids(tramontina=brands[0].id, mondial=brands[1].id, cozinha=cozinha.id, eletro=eletro.id)


# --- the report -------------------------------------------------------------------------------


def _brl(value: Decimal | None) -> str:
    """``Decimal("1299.9")`` -> ``"R$ 1.299,90"``."""
    if value is None:
        return "-"
    text = f"{value:,.2f}".replace(",", "_").replace(".", ",").replace("_", ".")
    return f"R$ {text}"


def _variations_text(sku: Sku) -> str:
    return ", ".join(f"{k}={v}" for k, v in sku.variations.items())


class _Report:
    def __init__(self, out: TextIO) -> None:
        self._out = out

    def line(self, text: str = "") -> None:
        self._out.write(text + "\n")

    def brands(self, brands: Sequence[Brand]) -> None:
        self.line(f"Brands ({len(brands)})")
        for b in brands:
            self.line(f"  {b.id}  {b.name:<12} partnerId={b.partner_id}")
        self.line()

    def tree(self, roots: Sequence[Category]) -> None:
        count = sum(len(root.walk()) for root in roots)
        self.line(f"Category tree ({count}, from GET /categories/fullPath)")

        def show(c: Category, depth: int) -> None:
            self.line(f"  {'  ' * depth}{c.name:<{28 - 2 * depth}} id={c.id}  path={c.path}")
            for child in c.children:
                show(child, depth + 1)

        for root in roots:
            show(root, 0)
        self.line()

    def variation_types(self, types: Sequence[VariationType]) -> None:
        self.line(f"Variation types ({len(types)})")
        for vt in types:
            self.line(f"  {vt.name}: {', '.join(v.description for v in vt.values)}")
        self.line()

    def products(self, products: Sequence[Product], pages: int) -> None:
        skus = sum(len(p.skus) for p in products)
        self.line(
            f"Products ({len(products)} with {skus} SKUs, read with iter() in {pages} "
            f"page(s) of up to {PAGE_SIZE})"
        )
        shown = products[:3]
        for p in shown:
            brand = p.brand.name if p.brand else "-"
            path = p.category.path if p.category else "-"
            self.line(
                f"  {p.id}  {p.title}  [{brand}; {path}; "
                f"{len(p.skus)} SKU(s), {len(p.images)} image(s)]"
            )
            for s in p.skus:
                price = _brl(s.price)
                if s.sell_price is not None and s.sell_price != s.price:
                    price += f" por {_brl(s.sell_price)}"
                variations = f"  {_variations_text(s)}" if s.variations else ""
                self.line(f"        {s.partner_id:<18} {price}{variations}")
        if len(products) > len(shown):
            rest = products[len(shown) :]
            self.line(
                f"  ... and {len(rest)} more simple product(s): "
                f"{rest[0].skus[0].partner_id} .. {rest[-1].skus[0].partner_id}"
            )
        self.line()

    def lookup(self, found: SkuLookup | None) -> None:
        if found is None:
            self.line(f"SKU lookup {LOOKUP_PARTNER_ID}: not found")
        else:
            self.line(
                f"SKU lookup {LOOKUP_PARTNER_ID}: SKU {found.sku.id} "
                f"({_variations_text(found.sku)}) of product {found.product.id} "
                f'"{found.product.title}"'
            )

    def duplicate(self, error: ServerError | None) -> None:
        if error is None:
            self.line(f"Duplicate SKU {DUPLICATE_PARTNER_ID}: NOT refused (unexpected)")
        else:
            self.line(
                f"Duplicate SKU {DUPLICATE_PARTNER_ID}: refused with HTTP {error.status_code} "
                f'"{error.server_message}" (anymarket_sdk.{type(error).__name__})'
            )
        self.line()

    def requests(self, fake: FakeAnymarket, seconds: float) -> None:
        methods = Counter(c.method for c in fake.calls)
        errors = Counter(c.status for c in fake.calls if c.status >= 400)
        by_method = ", ".join(f"{m} {n}" for m, n in sorted(methods.items()))
        by_error = ", ".join(f"{n} x HTTP {s}" for s, n in sorted(errors.items())) or "none"
        self.line(
            f"Requests: {len(fake.calls)} ({by_method}); errors: {by_error}; "
            f"{seconds * 1000:.0f} ms"
        )


def run(*, extra_skus: int = 0, use_async: bool = False, out: TextIO | None = None) -> DemoResult:
    """Run the demo, printing the report to ``out`` (standard output by default)."""
    if extra_skus < 0:
        raise ValueError("extra_skus must be >= 0")
    report = _Report(out if out is not None else sys.stdout)
    fake = FakeAnymarket()
    flavour = "AsyncAnymarket" if use_async else "Anymarket"
    report.line(f"ANYMARKET catalogue demo: {flavour} client -> in-memory FakeAnymarket")
    report.line(f"({fake.base_url}, no network; strict decoding)")
    report.line()
    started = time.perf_counter()
    seen = asyncio.run(_run_async(fake, extra_skus)) if use_async else _run_sync(fake, extra_skus)
    elapsed = time.perf_counter() - started
    pages = sum(  # the SKU look-up is a GET /products?sku=... too: not counted
        1
        for c in fake.calls
        if c.method == "GET" and c.path == "/products" and "sku" not in c.query
    )
    report.brands(seen.brands)
    report.tree(seen.tree)
    report.variation_types(seen.variation_types)
    report.products(seen.products, pages)
    report.lookup(seen.lookup)
    report.duplicate(seen.duplicate)
    report.requests(fake, elapsed)
    return DemoResult(
        brands=len(seen.brands),
        categories=sum(len(root.walk()) for root in seen.tree),
        variation_types=len(seen.variation_types),
        products=len(seen.products),
        skus=sum(len(p.skus) for p in seen.products),
        product_pages=pages,
        lookup_found=seen.lookup is not None,
        duplicate_refused=seen.duplicate is not None,
        requests=len(fake.calls),
    )
