"""``sync_catalogue`` on FakeAnymarket with the sample data, on both clients."""

from __future__ import annotations

import re
import sys
from collections import Counter
from decimal import Decimal
from pathlib import Path
from typing import Any, cast

import attrs
import pytest

from anymarket_sdk.models import Product
from anymarket_sdk.testing import FakeAnymarket
from m2_adapter.ledger import CatalogueKind
from m2_adapter.m2 import ItemVariation
from m2_adapter.mapping import SkipReason
from m2_adapter.plans import PlanLimitExceeded, custom_plan
from m2_adapter.sync._catalogue import (
    BRAND_PARTNER_PREFIX,
    CATEGORY_PARTNER_PREFIX,
    CatalogueReport,
    sync_catalogue,
)

from .conftest import ContextFactory, FlowRunner, MemorySource

SHIRT_SKUS = {f"CAM-BASICA-{colour}-{size}" for colour in ("BRA", "PRE", "AZM") for size in "PMG"}
ALL_SKUS = SHIRT_SKUS | {
    "LIQ-TURBO-110",
    "LIQ-TURBO-220",
    "GAR-TERM-1L",
    "PAN-ANTI-5P",
    "MOCH-ESC-20",
}


def products_of(fake: FakeAnymarket) -> list[Product]:
    """Every product the fake holds (read without leaving calls behind)."""
    with fake.client(strict=True) as am:
        products = list(am.products.iter(limit=100))
    fake.reset_calls()
    return products


def partner_ids(products: list[Product]) -> Counter[str]:
    return Counter(s.partner_id for p in products for s in p.skus if s.partner_id)


def writes(fake: FakeAnymarket) -> list[str]:
    return [str(c) for c in fake.calls if c.method != "GET"]


def catalogue(run: FlowRunner, ctx: Any, **kw: Any) -> CatalogueReport:
    report: CatalogueReport = run(sync_catalogue, ctx, **kw)
    return report


def test_full_catalogue_from_the_sample(
    ctx_factory: ContextFactory, run: FlowRunner, fake: FakeAnymarket
) -> None:
    report = catalogue(run, ctx_factory())

    assert report.ok, report.failures
    assert (report.products_created, report.skus_created) == (5, 14)
    assert set(report.created_skus) == ALL_SKUS
    assert report.images_created == 8
    # 3 brands, 3 categories, 3 variation types and 8 values
    assert report.references_created == 17
    assert sorted((s.reason, s.subject) for s in report.skipped) == [
        (SkipReason.ITEM_BLOCKED, "CAF-ELET-30"),
        (SkipReason.ITEM_INACTIVE, "VENT-MESA-30"),
    ]
    assert report.requests == len(fake.calls)
    assert report.write_requests == len(writes(fake))

    products = products_of(fake)
    assert partner_ids(products) == Counter(ALL_SKUS)
    by_key = {p.external_id_product: p for p in products}
    shirt = by_key["CAM-BASICA"]
    assert shirt.has_variations
    assert {s.partner_id: s.variations for s in shirt.skus}["CAM-BASICA-AZM-G"] == {
        "Cor": "Azul Marinho",
        "Tamanho": "G",
    }
    assert [i.url for i in shirt.images] == [
        "https://img.exemplo.com.br/m2/CAM-BASICA.jpg",
        "https://img.exemplo.com.br/m2/CAM-BASICA-BRA.jpg",
        "https://img.exemplo.com.br/m2/CAM-BASICA-PRE.jpg",
        "https://img.exemplo.com.br/m2/CAM-BASICA-AZM.jpg",
    ]
    blender = by_key["LIQ-TURBO"]
    assert {s.partner_id: s.variations for s in blender.skus} == {
        "LIQ-TURBO-110": {"Voltagem": "110V"},
        "LIQ-TURBO-220": {"Voltagem": "220V"},
    }
    assert {s.price for s in blender.skus} == {Decimal("299.90")}
    assert {s.sell_price for s in blender.skus} == {Decimal("279.90")}
    assert shirt.brand is not None
    assert shirt.brand.partner_id == f"{BRAND_PARTNER_PREFIX}10"
    assert shirt.category is not None
    assert shirt.category.partner_id == f"{CATEGORY_PARTNER_PREFIX}20"

    ledger = ctx_factory.ledger
    for p in products:
        for s in p.skus:
            assert s.partner_id is not None
            entry = ledger.find_id(CatalogueKind.SKU, partner_id=s.partner_id)
            assert entry is not None
            assert entry.anymarket_id == s.id
            product_entry = ledger.find_id(CatalogueKind.PRODUCT, local_key=entry.parent_key)
            assert product_entry is not None
            assert product_entry.anymarket_id == p.id
    assert ledger.find_id(CatalogueKind.VARIATION_VALUE, local_key="Cor/Azul Marinho")
    [last] = ledger.runs(flow="catalogue", limit=1)
    assert last.counters["skus_created"] == 14


def test_rerun_sends_no_request(
    ctx_factory: ContextFactory, run: FlowRunner, fake: FakeAnymarket
) -> None:
    catalogue(run, ctx_factory())
    fake.reset_calls()

    again = catalogue(run, ctx_factory())  # a new process: new client, new ledger connection

    assert fake.calls == []
    assert (again.products_unchanged, again.skus_unchanged) == (5, 14)
    assert (again.products_created, again.skus_created, again.requests) == (0, 0, 0)


def test_dry_run_writes_nothing(
    ctx_factory: ContextFactory, run: FlowRunner, fake: FakeAnymarket
) -> None:
    report = catalogue(run, ctx_factory(), dry_run=True)

    assert report.dry_run
    assert (report.products_created, report.skus_created) == (5, 14)
    assert writes(fake) == []
    assert report.write_requests == 0
    assert ctx_factory.ledger.find_ids(CatalogueKind.SKU, ALL_SKUS) == {}
    assert ctx_factory.ledger.runs() == []
    assert "would create" in report.summary()

    real = catalogue(run, ctx_factory())
    assert real.skus_created == 14
    assert partner_ids(products_of(fake)) == Counter(ALL_SKUS)


@pytest.mark.parametrize("kind", ["timeout_after_apply", "reset_after_apply"])
def test_lost_answer_to_a_create_is_recovered_by_partner_id(
    ctx_factory: ContextFactory, run: FlowRunner, fake: FakeAnymarket, kind: str
) -> None:
    fake.fail_next(kind=kind, route="POST /products")  # created, but the answer is lost

    report = catalogue(run, ctx_factory())

    assert report.ok, report.failures
    assert len(fake.calls_to("POST", "/products")) == 5
    assert partner_ids(products_of(fake)) == Counter(ALL_SKUS)  # each SKU exactly once
    fake.reset_calls()
    assert catalogue(run, ctx_factory()).requests == 0
    assert fake.calls == []


def test_lost_answer_after_a_catalogue_scan_is_looked_up_again(
    ctx_factory: ContextFactory, run: FlowRunner, fake: FakeAnymarket
) -> None:
    # with a plan the catalogue is scanned first; the scan cannot know about the lost create
    fake.fail_next(kind="timeout_after_apply", route="POST /products")
    plan = custom_plan("Grande", max_accounts=1, max_skus=100)

    report = catalogue(run, ctx_factory(plan=plan))

    assert report.ok, report.failures
    assert partner_ids(products_of(fake)) == Counter(ALL_SKUS)


class CrashError(Exception):
    """Stands for the process dying."""


class CrashingLedger:
    """A ledger that dies once, on the first product it is asked to remember."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.crashed = False

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

    def remember_id(self, kind: CatalogueKind, *args: Any, **kwargs: Any) -> Any:
        if kind is CatalogueKind.PRODUCT and not self.crashed:
            self.crashed = True
            raise CrashError
        return self.inner.remember_id(kind, *args, **kwargs)


def test_crash_between_create_and_ledger_makes_no_duplicate(
    ctx_factory: ContextFactory, run: FlowRunner, fake: FakeAnymarket
) -> None:
    ctx = ctx_factory()
    with pytest.raises(CrashError):
        catalogue(run, attrs.evolve(cast("Any", ctx), ledger=CrashingLedger(ctx.ledger)))
    assert len(products_of(fake)) == 1  # ANYMARKET has it, the ledger does not
    [interrupted] = ctx_factory.ledger.runs(flow="catalogue")
    assert interrupted.outcome.value == "failed"

    report = catalogue(run, ctx_factory())

    assert report.ok, report.failures
    assert report.products_created == 4
    assert report.products_unchanged == 1  # found by partnerId, identical: nothing sent
    assert len(fake.calls_to("POST", "/products")) == 4
    assert partner_ids(products_of(fake)) == Counter(ALL_SKUS)
    fake.reset_calls()
    catalogue(run, ctx_factory())
    assert fake.calls == []


def test_plan_limit_raises_before_any_write(
    ctx_factory: ContextFactory, run: FlowRunner, fake: FakeAnymarket
) -> None:
    fake.seed_catalogue({"OUTRO-1": 0, "OUTRO-2": 0})  # SKUs already in the account count
    fake.reset_calls()

    with pytest.raises(PlanLimitExceeded) as raised:
        catalogue(run, ctx_factory(plan=custom_plan("Mini", max_accounts=1, max_skus=15)))

    assert (raised.value.allowed, raised.value.count) == (15, 16)
    assert writes(fake) == []
    assert partner_ids(products_of(fake)) == Counter({"OUTRO-1": 1, "OUTRO-2": 1})

    exact = catalogue(run, ctx_factory(plan=custom_plan("Justo", max_accounts=1, max_skus=16)))
    assert exact.skus_created == 14
    # everything in place: a smaller plan no longer matters for an unchanged catalogue
    plan = custom_plan("Justo", max_accounts=1, max_skus=16)
    assert catalogue(run, ctx_factory(plan=plan)).skus_unchanged == 14


def test_changes_send_only_what_changed(
    ctx_factory: ContextFactory, run: FlowRunner, fake: FakeAnymarket, source: MemorySource
) -> None:
    catalogue(run, ctx_factory())
    fake.reset_calls()
    items = {i.code: n for n, i in enumerate(source.items_)}
    n = items["CAM-BASICA-BRA-P"]
    source.items_[n] = attrs.evolve(source.items_[n], description="Camiseta Branca P (nova)")
    n = items["GAR-TERM-1L"]
    extra_image = "https://img.exemplo.com.br/m2/GAR-TERM-1L-b.jpg"
    source.items_[n] = attrs.evolve(
        source.items_[n], image_urls=[*source.items_[n].image_urls, extra_image]
    )

    report = catalogue(run, ctx_factory())

    assert (report.products_updated, report.products_unchanged) == (2, 3)
    assert (report.skus_updated, report.skus_unchanged) == (1, 13)
    assert report.updated_skus == ("CAM-BASICA-BRA-P",)
    assert report.images_created == 1
    sku_patch, image_post = [c for c in fake.calls if c.method != "GET"]
    assert sku_patch.method == "PATCH"
    assert sku_patch.json["title"] == "Camiseta Branca P (nova)"
    assert image_post.json == {"url": extra_image}
    fake.reset_calls()
    assert catalogue(run, ctx_factory()).requests == 0


def add_green_shirt(source: MemorySource) -> None:
    template = next(i for i in source.items_ if i.code == "CAM-BASICA-BRA-P")
    source.items_.append(
        attrs.evolve(template, item_id=9001, code="CAM-BASICA-VRD-P", barcode=None)
    )
    source.variations_.append(
        ItemVariation(
            parent_code="CAM-BASICA",
            item_code="CAM-BASICA-VRD-P",
            item_id=9001,
            attributes={"Cor": "Verde", "Tamanho": "P"},
        )
    )
    source.prices.append(attrs.evolve(source.prices[0], item_code="CAM-BASICA-VRD-P", item_id=9001))


@pytest.mark.parametrize("fault", [None, "timeout_after_apply", "reset_after_apply"])
def test_new_variation_is_added_to_the_existing_product(
    ctx_factory: ContextFactory,
    run: FlowRunner,
    fake: FakeAnymarket,
    source: MemorySource,
    fault: str | None,
) -> None:
    catalogue(run, ctx_factory())
    fake.reset_calls()
    add_green_shirt(source)
    if fault is not None:
        fake.fail_next(kind=fault, route="POST /products/{id}/skus")

    report = catalogue(run, ctx_factory())

    assert report.ok, report.failures
    assert (report.skus_created, report.products_created, report.products_updated) == (1, 0, 1)
    assert report.references_created == 1  # the value "Verde"
    shirt = next(p for p in products_of(fake) if p.external_id_product == "CAM-BASICA")
    assert len(shirt.skus) == 10
    new = shirt.sku_by_partner_id("CAM-BASICA-VRD-P")
    assert new is not None
    assert new.variations == {"Cor": "Verde", "Tamanho": "P"}
    assert catalogue(run, ctx_factory()).requests == 0


@pytest.mark.parametrize("kind", ["timeout_after_apply", "reset_after_apply"])
def test_lost_answer_to_an_image_create_makes_no_duplicate(
    ctx_factory: ContextFactory,
    run: FlowRunner,
    fake: FakeAnymarket,
    source: MemorySource,
    kind: str,
) -> None:
    catalogue(run, ctx_factory())
    n = next(i for i, item in enumerate(source.items_) if item.code == "PAN-ANTI-5P")
    extra = "https://img.exemplo.com.br/m2/PAN-ANTI-5P-b.jpg"
    source.items_[n] = attrs.evolve(
        source.items_[n], image_urls=[*source.items_[n].image_urls, extra]
    )
    fake.fail_next(kind=kind, route="POST /products/{id}/images")

    first = catalogue(run, ctx_factory())
    assert len(first.failures) == 1
    second = catalogue(run, ctx_factory())  # lists the images before creating any

    assert second.ok
    assert second.images_created == 0
    pan = next(p for p in products_of(fake) if p.external_id_product == "PAN-ANTI-5P")
    assert [i.url for i in pan.images].count(extra) == 1
    fake.reset_calls()
    assert catalogue(run, ctx_factory()).requests == 0


def test_sku_without_a_price_waits(
    ctx_factory: ContextFactory, run: FlowRunner, fake: FakeAnymarket, source: MemorySource
) -> None:
    source.prices = [p for p in source.prices if p.item_code != "GAR-TERM-1L"]

    report = catalogue(run, ctx_factory())

    assert [(f.subject, f.code) for f in report.failures] == [("GAR-TERM-1L", "no_price")]
    assert "GAR-TERM-1L" not in partner_ids(products_of(fake))
    assert report.skus_created == 13

    source.prices = list(MemorySource.from_sample().prices)
    later = catalogue(run, ctx_factory())
    assert later.ok
    assert later.created_skus == ("GAR-TERM-1L",)
    assert partner_ids(products_of(fake)) == Counter(ALL_SKUS)


def test_existing_brands_categories_and_variations_are_reused(
    ctx_factory: ContextFactory, run: FlowRunner, fake: FakeAnymarket
) -> None:
    brand = fake.add_brand("Aurora Malhas")  # found by name
    category = fake.add_category("Vestuário", partner_id=f"{CATEGORY_PARTNER_PREFIX}20")
    fake.add_variation_type("Cor", ["Branco", "Preto"])

    report = catalogue(run, ctx_factory())

    assert report.ok
    # created: brands 11 and 12, categories 30 and 40, "Azul Marinho", Tamanho (+3), Voltagem (+2)
    assert report.references_created == 2 + 2 + 1 + 4 + 3
    shirt = next(p for p in products_of(fake) if p.external_id_product == "CAM-BASICA")
    assert shirt.brand is not None
    assert shirt.category is not None
    assert (shirt.brand.id, shirt.category.id) == (brand["id"], category["id"])
    assert len(fake.calls_to("POST", "/brands")) == 0


def test_brands_pinned_in_the_configuration_are_not_looked_up(
    ctx_factory: ContextFactory, run: FlowRunner, fake: FakeAnymarket, config: Any
) -> None:
    brand = fake.add_brand("Marca da casa")
    pinned = attrs.evolve(config, default_brand_id=int(brand["id"]), brand_map={})
    pinned = attrs.evolve(pinned, brand_map=dict.fromkeys((10, 11, 12), int(brand["id"])))

    report = catalogue(run, ctx_factory(config=pinned))

    assert report.ok
    assert fake.calls_to("*", "/brands") == []
    assert {p.brand.id for p in products_of(fake) if p.brand} == {brand["id"]}


def test_a_refused_create_is_reported_and_retried(
    ctx_factory: ContextFactory, run: FlowRunner, fake: FakeAnymarket
) -> None:
    fake.fail_next(status=422, route="POST /products")

    first = catalogue(run, ctx_factory())

    assert [f.code for f in first.failures] == ["request_failed"]
    assert "422" in first.failures[0].message or "Unprocessable" in first.failures[0].message
    assert not first.ok
    assert first.products_created == 4
    second = catalogue(run, ctx_factory())
    assert (second.products_created, second.products_unchanged) == (1, 4)
    assert partner_ids(products_of(fake)) == Counter(ALL_SKUS)


DOC = Path(__file__).resolve().parents[2] / "docs" / "flows.md"


def doc_blocks(section: str) -> list[str]:
    text = DOC.read_text(encoding="utf-8")
    start = text.index(f"## {section}\n")
    end = text.find("\n## ", start + 1)
    return re.findall(r"```python\n(.*?)```", text[start : end if end > 0 else None], flags=re.S)


def test_doc_examples_run(monkeypatch: pytest.MonkeyPatch) -> None:
    import m2_adapter.sync as facade  # noqa: PLC0415 - patched below for the examples
    from m2_adapter.sync import _context, _stock  # noqa: PLC0415

    # until the facade exports them, the examples import the flows from it all the same
    for module in (_context, _stock, sys.modules[sync_catalogue.__module__]):
        for name in module.__all__:
            if not hasattr(facade, name):
                monkeypatch.setattr(facade, name, getattr(module, name), raising=False)
    blocks = doc_blocks("A first run")
    assert len(blocks) == 2
    for n, code in enumerate(blocks):
        exec(compile(code, f"docs/flows.md:{n}", "exec"), {})  # noqa: S102
