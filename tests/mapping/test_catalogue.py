"""map_catalogue over the bundled sample data (full result) and table-driven edge cases."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import attrs
import pytest

from anymarket_sdk.models import (
    DefinitionPriceScope,
    Image,
    Nbm,
    Origin,
    Product,
    ProductBrand,
    ProductCategory,
    Sku,
)
from m2_adapter.m2 import ItemVariation
from m2_adapter.mapping import (
    ByCodePrefix,
    CatalogueMapping,
    Held,
    HoldReason,
    LengthUnit,
    MappingConfig,
    MappingWarning,
    Skipped,
    SkipReason,
    Standalone,
    WarningCode,
    WeightUnit,
    map_catalogue,
    select_prices,
)

from .builders import CONFIG, NOW, item, sample_items, sample_prices, sample_variations

IMG = "https://img.exemplo.com.br/m2/"
D = Decimal


def shirt(color: str, color_code: str, size: str, ean: str) -> Sku:
    code = f"CAM-BASICA-{color_code}-{size}"
    return Sku(
        title=f"Camiseta Básica Algodão Penteado {color} {size}",
        partner_id=code,
        ean=ean,
        price=D("59.90"),
        sell_price=D("49.90"),
        variations={
            "Cor": {"Branca": "Branco", "Preta": "Preto"}.get(color, color),
            "Tamanho": size,
        },
    )


def simple(code: str, title: str, ean: str | None, price: str, sell: str) -> Sku:
    return Sku(title=title, partner_id=code, ean=ean, price=D(price), sell_price=D(sell))


def product(**fields: Any) -> Product:
    base: dict[str, Any] = {
        "origin": Origin(id=0),
        "warranty_time": 3,
        "price_factor": D(1),
        "calculated_price": False,
        "definition_price_scope": DefinitionPriceScope.SKU,
        "is_product_active": True,
        "allow_automatic_sku_marketplace_creation": False,
    }
    base.update(fields)
    base.setdefault("description", base["title"])
    base.setdefault("has_variations", any(s.variations for s in base["skus"]))
    return Product(**base)


SAMPLE_PRODUCTS = (
    product(
        title="Camiseta Básica Algodão Penteado",
        external_id_product="CAM-BASICA",
        category=ProductCategory(id=501),
        brand=ProductBrand(id=11),
        nbm=Nbm(id="61091000"),
        height=D(3),
        width=D(25),
        length=D(30),
        weight=D("0.2"),
        images=[
            Image(url=IMG + "CAM-BASICA.jpg", index=1, main=True),
            Image(url=IMG + "CAM-BASICA-BRA.jpg", index=2, main=False),
            Image(url=IMG + "CAM-BASICA-PRE.jpg", index=3, main=False),
            Image(url=IMG + "CAM-BASICA-AZM.jpg", index=4, main=False),
        ],
        skus=[
            shirt("Branca", "BRA", "P", "7899912001013"),
            shirt("Branca", "BRA", "M", "7899912001020"),
            shirt("Branca", "BRA", "G", "7899912001037"),
            shirt("Preta", "PRE", "P", "7899912001044"),
            shirt("Preta", "PRE", "M", "7899912001051"),
            shirt("Preta", "PRE", "G", "7899912001068"),
            shirt("Azul Marinho", "AZM", "P", "7899912001075"),
            shirt("Azul Marinho", "AZM", "M", "7899912001082"),
            shirt("Azul Marinho", "AZM", "G", "7899912001099"),
        ],
    ),
    product(
        title="Liquidificador Turbo 900 W 3 L",
        external_id_product="LIQ-TURBO",
        category=ProductCategory(id=502),
        brand=ProductBrand(id=12),
        nbm=Nbm(id="85094050"),
        height=D(45),
        width=D(25),
        length=D(25),
        weight=D("3.1"),
        images=[Image(url=IMG + "LIQ-TURBO.jpg", index=1, main=True)],
        skus=[
            Sku(
                title="Liquidificador Turbo 900 W 3 L 110V",
                partner_id="LIQ-TURBO-110",
                ean="7899912002010",
                price=D("299.90"),
                sell_price=D("279.90"),
                variations={"Voltagem": "110V"},
            ),
            Sku(
                title="Liquidificador Turbo 900 W 3 L 220V",
                partner_id="LIQ-TURBO-220",
                ean="7899912002027",
                price=D("299.90"),
                sell_price=D("279.90"),
                variations={"Voltagem": "220V"},
            ),
        ],
    ),
    product(
        title="Garrafa Térmica Inox 1 L",
        external_id_product="GAR-TERM-1L",
        category=ProductCategory(id=503),
        brand=ProductBrand(id=13),
        nbm=Nbm(id="96170010"),
        height=D(32),
        width=D(10),
        length=D(10),
        weight=D("0.65"),
        images=[Image(url=IMG + "GAR-TERM-1L.jpg", index=1, main=True)],
        skus=[simple("GAR-TERM-1L", "Garrafa Térmica Inox 1 L", "7899912003017", "89.90", "89.90")],
    ),
    product(
        title="Jogo de Panelas Antiaderente 5 Peças",
        external_id_product="PAN-ANTI-5P",
        category=ProductCategory(id=503),
        brand=ProductBrand(id=13),
        nbm=Nbm(id="73239900"),
        height=D(28),
        width=D(38),
        length=D(42),
        weight=D("4.8"),
        images=[Image(url=IMG + "PAN-ANTI-5P.jpg", index=1, main=True)],
        skus=[
            simple(
                "PAN-ANTI-5P",
                "Jogo de Panelas Antiaderente 5 Peças",
                "7899912003024",
                "349.00",
                "299.00",
            )
        ],
    ),
    product(
        title="Mochila Escolar 20 L",
        external_id_product="MOCH-ESC-20",
        category=ProductCategory(id=503),
        brand=ProductBrand(id=13),
        nbm=Nbm(id="42029200"),
        height=D(45),
        width=D(30),
        length=D(15),
        weight=D("0.7"),
        images=[Image(url=IMG + "MOCH-ESC-20.jpg", index=1, main=True)],
        skus=[simple("MOCH-ESC-20", "Mochila Escolar 20 L", None, "129.90", "129.90")],
    ),
)

SAMPLE_SKIPPED = (
    Skipped(
        reason=SkipReason.ITEM_BLOCKED,
        subject="CAF-ELET-30",
        path="released",
        detail="the item is not Liberado in M2",
    ),
    Skipped(
        reason=SkipReason.ITEM_INACTIVE,
        subject="VENT-MESA-30",
        path="active",
        detail="the item is inactive in M2",
    ),
)
SAMPLE_WARNINGS = (
    MappingWarning(
        code=WarningCode.EAN_INVALID,
        subject="MOCH-ESC-20",
        path="barcode",
        message="EAN omitted: invalid GTIN '***********56': the check digit does not match",
    ),
)


def test_sample_catalogue_full_result() -> None:
    prices = select_prices(sample_prices(), now=NOW, config=CONFIG)
    assert prices.ok
    result = map_catalogue(sample_items(), sample_variations(), config=CONFIG, prices=prices.value)
    assert result.ok
    assert result.value == CatalogueMapping(products=SAMPLE_PRODUCTS)
    assert result.held == ()
    assert result.skipped == SAMPLE_SKIPPED
    assert result.warnings == SAMPLE_WARNINGS
    assert result.value.sku_count == 14
    assert result.value.partner_ids[:2] == ("CAM-BASICA-BRA-P", "CAM-BASICA-BRA-M")
    found = result.value.product_of("LIQ-TURBO-220")
    assert found is not None
    assert found.title == "Liquidificador Turbo 900 W 3 L"


def test_sample_without_category_and_brand_maps_holds_every_sku() -> None:
    result = map_catalogue(sample_items(), sample_variations(), config=MappingConfig())
    assert not result.ok
    assert result.value == CatalogueMapping(products=())
    assert result.held_reason is HoldReason.CATEGORY_UNMAPPED
    reasons = {(h.subject, h.reason) for h in result.held}
    assert len(result.held) == 28  # 14 SKUs x (category, brand)
    assert ("LIQ-TURBO-110", HoldReason.BRAND_UNMAPPED) in reasons
    assert result.report.held_for("GAR-TERM-1L") == (
        Held(
            reason=HoldReason.CATEGORY_UNMAPPED,
            subject="GAR-TERM-1L",
            path="group_id",
            detail="item group 40 has no ANYMARKET category (and no default)",
        ),
        Held(
            reason=HoldReason.BRAND_UNMAPPED,
            subject="GAR-TERM-1L",
            path="brand_id",
            detail="brand 12 has no ANYMARKET brand (and no default)",
        ),
    )


def test_defaults_for_category_and_brand() -> None:
    config = MappingConfig(default_category_id=9, default_brand_id=8)
    result = map_catalogue([item()], config=config)
    assert result.ok
    assert result.value is not None
    (p,) = result.value.products
    assert (p.category, p.brand) == (ProductCategory(id=9), ProductBrand(id=8))
    assert p.warranty_time is None


def test_minimal_item_full_product() -> None:
    result = map_catalogue([item("GAR-1")], config=CONFIG)
    assert result.ok
    assert result.report.clean
    assert result.value == CatalogueMapping(
        products=(
            product(
                title="Produto GAR-1",
                external_id_product="GAR-1",
                category=ProductCategory(id=503),
                brand=ProductBrand(id=13),
                nbm=Nbm(id="96170010"),
                height=D(10),
                width=D(20),
                length=D(30),
                weight=D("1.5"),
                images=[],
                skus=[Sku(title="Produto GAR-1", partner_id="GAR-1", ean="7899912003017")],
            ),
        )
    )


def test_units_convert_to_cm_and_kg() -> None:
    config = attrs.evolve(CONFIG, dimension_unit=LengthUnit.MM, weight_unit=WeightUnit.G)
    it = item(
        gross_weight=D(1234),
        height_cm=D(105),
        width_cm=D("33.3"),
        length_cm=D(2000),
    )
    result = map_catalogue([it], config=config)
    assert result.value is not None
    p = result.value.products[0]
    assert (p.weight, p.height, p.width, p.length) == (D("1.234"), D("10.5"), D("3.33"), D(200))
    metres = attrs.evolve(CONFIG, dimension_unit=LengthUnit.M)
    result = map_catalogue([item(height_cm=D("0.455"))], config=metres)
    assert result.value is not None
    assert result.value.products[0].height == D("45.5")


def test_cost_mode_sets_calculated_price() -> None:
    config = attrs.evolve(CONFIG, price_mode="COST", price_factor="1.8", auto_create_listings=True)
    result = map_catalogue([item()], config=config)
    assert result.value is not None
    p = result.value.products[0]
    assert p.definition_price_scope == DefinitionPriceScope.COST
    assert p.calculated_price is True
    assert p.price_factor == D("1.8")
    assert p.allow_automatic_sku_marketplace_creation is True


def w(code: WarningCode, subject: str, path: str, message: str) -> MappingWarning:
    return MappingWarning(code=code, subject=subject, path=path, message=message)


@pytest.mark.parametrize(
    ("changes", "check", "warnings"),
    [
        pytest.param(
            {"barcode": "07899912003017"},
            lambda p: p.skus[0].ean == "7899912003017",
            (),
            id="gtin14-with-leading-zero-is-the-gtin13",
        ),
        pytest.param(
            {"barcode": "17899912003014"},
            lambda p: p.skus[0].ean is None,
            (
                w(
                    WarningCode.EAN_TOO_LONG,
                    "X-1",
                    "barcode",
                    "EAN omitted: a GTIN-14 does not fit ANYMARKET's 13 characters",
                ),
            ),
            id="gtin14",
        ),
        pytest.param(
            {"barcode": "96385074"},
            lambda p: p.skus[0].ean == "96385074",
            (),
            id="gtin8",
        ),
        pytest.param(
            {"barcode": "ABC"},
            lambda p: p.skus[0].ean is None,
            (
                w(
                    WarningCode.EAN_INVALID,
                    "X-1",
                    "barcode",
                    "EAN omitted: invalid GTIN '*BC': only digits are allowed",
                ),
            ),
            id="ean-letters",
        ),
        pytest.param(
            {"ncm": "6109.10.00"},
            lambda p: p.nbm == Nbm(id="61091000"),
            (),
            id="ncm-punctuated",
        ),
        pytest.param(
            {"ncm": "6109"},
            lambda p: p.nbm is None,
            (
                w(
                    WarningCode.NCM_INVALID,
                    "X-1",
                    "ncm",
                    "NCM omitted: invalid NCM '**09': expected 8 digits, got 4",
                ),
            ),
            id="ncm-short",
        ),
        pytest.param(
            {"ncm": None, "fiscal_class_id": "85167100"},
            lambda p: p.nbm == Nbm(id="85167100"),
            (
                w(
                    WarningCode.NCM_FROM_FISCAL_CLASS,
                    "X-1",
                    "fiscal_class_id",
                    "no NCM column: the fiscal class, an 8-digit code, was used as the NCM",
                ),
            ),
            id="ncm-from-fiscal-class",
        ),
        pytest.param(
            {"ncm": None, "fiscal_class_id": "17"},
            lambda p: p.nbm is None,
            (w(WarningCode.NCM_INVALID, "X-1", "ncm", "NCM omitted: the item has none"),),
            id="ncm-missing",
        ),
        pytest.param(
            {"origin": 9},
            lambda p: p.origin == Origin(id=0),
            (
                w(
                    WarningCode.ORIGIN_DEFAULTED,
                    "X-1",
                    "origin",
                    "origin 9 is not 0-8: the default 0 was used",
                ),
            ),
            id="origin-out-of-range",
        ),
        pytest.param(
            {"origin": None},
            lambda p: p.origin == Origin(id=0),
            (),
            id="origin-default",
        ),
        pytest.param(
            {"origin": 2},
            lambda p: p.origin == Origin(id=2),
            (),
            id="origin-foreign",
        ),
        pytest.param(
            {"gross_weight": None},
            lambda p: p.weight == D("1.2"),
            (
                w(
                    WarningCode.WEIGHT_MISSING,
                    "X-1",
                    "gross_weight",
                    "no gross weight: the net weight was used",
                ),
            ),
            id="net-weight-fallback",
        ),
        pytest.param(
            {"gross_weight": None, "net_weight": D(0), "height_cm": None, "length_cm": D(0)},
            lambda p: (p.weight, p.height, p.length, p.width) == (None, None, None, D(20)),
            (
                w(
                    WarningCode.WEIGHT_MISSING,
                    "X-1",
                    "gross_weight",
                    "weight omitted: the items have none",
                ),
                w(
                    WarningCode.DIMENSIONS_MISSING,
                    "X-1",
                    "height_cm, length_cm",
                    "height, length omitted: the items have none",
                ),
            ),
            id="measures-missing",
        ),
        pytest.param(
            {"description": "Panela " * 30},
            lambda p: p.title == ("Panela " * 21).strip() and len(p.skus[0].title) <= 150,
            (
                w(
                    WarningCode.TITLE_TRUNCATED,
                    "X-1",
                    "description",
                    "209 characters cut to 146 (ANYMARKET allows 150)",
                ),
                w(
                    WarningCode.TITLE_TRUNCATED,
                    "X-1",
                    "description",
                    "209 characters cut to 146 (ANYMARKET allows 150)",
                ),
            ),
            id="title-truncated",
        ),
        pytest.param(
            {"image_urls": ["ftp://x/a.jpg", " https://x/b.jpg ", "https://x/b.jpg"]},
            lambda p: p.images == [Image(url="https://x/b.jpg", index=1, main=True)],
            (
                w(
                    WarningCode.IMAGE_DROPPED,
                    "X-1",
                    "image_urls[0]",
                    "image omitted: not an http(s) URL",
                ),
            ),
            id="images",
        ),
        pytest.param(
            {"code": "CX 12/A"},
            lambda p: (
                p.skus[0].partner_id == "CX~2012~2FA" and p.external_id_product == "CX~2012~2FA"
            ),
            (),
            id="escaped-partner-id",
        ),
    ],
)
def test_item_fields(
    changes: dict[str, Any], check: Any, warnings: tuple[MappingWarning, ...]
) -> None:
    result = map_catalogue([item(**changes)], config=CONFIG)
    assert result.ok
    assert result.value is not None
    (p,) = result.value.products
    assert check(p)
    assert result.warnings == warnings


@pytest.mark.parametrize(
    ("changes", "skipped"),
    [
        ({"active": False}, (SkipReason.ITEM_INACTIVE, "active", "the item is inactive in M2")),
        (
            {"released": False},
            (SkipReason.ITEM_BLOCKED, "released", "the item is not Liberado in M2"),
        ),
        (
            {"active": False, "released": False},
            (SkipReason.ITEM_INACTIVE, "active", "the item is inactive in M2"),
        ),
        (
            {"released": None},
            (
                SkipReason.ITEM_STATUS_UNKNOWN,
                "released",
                "the export did not say whether it is released",
            ),
        ),
        (
            {"active": None},
            (
                SkipReason.ITEM_STATUS_UNKNOWN,
                "active",
                "the export did not say whether it is active",
            ),
        ),
    ],
)
def test_unpublishable_items_are_skipped(
    changes: dict[str, Any], skipped: tuple[SkipReason, str, str]
) -> None:
    result = map_catalogue([item(**changes)], config=CONFIG)
    assert result.ok
    assert result.value == CatalogueMapping()
    reason, path, detail = skipped
    assert result.skipped == (Skipped(reason=reason, subject="X-1", path=path, detail=detail),)


def test_holds_per_sku() -> None:
    items = [
        item("A-1", item_id=1),
        item("A-1", item_id=2),  # the same code again
        item("a-1", item_id=3),  # differs only in case
        item("Ç" * 21, item_id=4),  # partnerId too long
        item("", item_id=5),
        item("B-1", item_id=6),
    ]
    result = map_catalogue(items, config=CONFIG)
    assert not result.ok
    assert result.value is not None
    assert [p.skus[0].partner_id for p in result.value.products] == ["A-1", "B-1"]
    assert result.held == (
        Held(
            reason=HoldReason.PARTNER_ID_CONFLICT,
            subject="A-1",
            path="code",
            detail="item 2 repeats the code of item 1",
        ),
        Held(
            reason=HoldReason.PARTNER_ID_CONFLICT,
            subject="a-1",
            path="code",
            detail="differs from A-1 only in letter case",
        ),
        Held(
            reason=HoldReason.PARTNER_ID_INVALID,
            subject="Ç" * 21,
            path="code",
            detail="the code's partnerId would have 126 characters (ANYMARKET allows 120)",
        ),
        Held(
            reason=HoldReason.PARTNER_ID_INVALID,
            subject="",
            path="code",
            detail="the item code is empty",
        ),
    )


def variation(parent: str, code: str, **attributes: str) -> ItemVariation:
    return ItemVariation(parent_code=parent, item_code=code, attributes=attributes)


def test_template_blocked_skips_its_variations() -> None:
    items = [item("P", released=False), item("P-1"), item("P-2")]
    variations = [variation("P", "P-1", Cor="Azul"), variation("P", "P-2", Cor="Verde")]
    result = map_catalogue(items, variations, config=CONFIG)
    assert result.value == CatalogueMapping()
    assert result.skipped == tuple(
        Skipped(
            reason=SkipReason.PARENT_NOT_PUBLISHABLE,
            subject=c,
            path="parent_code",
            detail="parent P: the item is not Liberado in M2",
        )
        for c in ("P-1", "P-2")
    )


def test_template_without_publishable_variations() -> None:
    items = [item("P"), item("P-1", active=False)]
    result = map_catalogue(items, [variation("P", "P-1", Cor="Azul")], config=CONFIG)
    assert result.value == CatalogueMapping()
    assert result.skipped == (
        Skipped(
            reason=SkipReason.ITEM_INACTIVE,
            subject="P-1",
            path="active",
            detail="the item is inactive in M2",
        ),
        Skipped(
            reason=SkipReason.NO_PUBLISHABLE_VARIANT,
            subject="P",
            path="code",
            detail="none of its variations can be published",
        ),
    )


def test_template_alone_is_not_a_sku() -> None:
    result = map_catalogue([item("P")], [variation("P", "P-9", Cor="Azul")], config=CONFIG)
    assert result.value == CatalogueMapping()
    assert result.skipped == (
        Skipped(
            reason=SkipReason.NO_PUBLISHABLE_VARIANT,
            subject="P",
            path="code",
            detail="a template item with no variation among the items given",
        ),
    )


def test_parent_missing_takes_data_from_first_variation() -> None:
    items = [item("P-1", description="Vaso Azul"), item("P-2", description="Vaso Verde")]
    variations = [variation("P", "P-1", Cor="Azul"), variation("P", "P-2", Cor="Verde")]
    result = map_catalogue(items, variations, config=CONFIG)
    assert result.ok
    assert result.value is not None
    (p,) = result.value.products
    assert (p.title, p.external_id_product, p.has_variations) == ("Vaso Azul", "P", True)
    assert [s.variations for s in p.skus] == [{"Cor": "Azul"}, {"Cor": "Verde"}]
    assert result.warnings == (
        w(
            WarningCode.PARENT_MISSING,
            "P",
            "parent_code",
            "no parent item P: the product data comes from P-1",
        ),
    )


def test_group_measures_are_the_largest() -> None:
    items = [
        item("P", gross_weight=None, net_weight=None, height_cm=None),
        item("P-1", gross_weight=D("0.5"), height_cm=D(12)),
        item("P-2", gross_weight=D("0.75"), height_cm=D(8)),
    ]
    variations = [variation("P", "P-1", Cor="Azul"), variation("P", "P-2", Cor="Verde")]
    result = map_catalogue(items, variations, config=CONFIG)
    assert result.value is not None
    p = result.value.products[0]
    assert (p.weight, p.height, p.width, p.length) == (D("0.75"), D(12), D(20), D(30))


@pytest.mark.parametrize(
    ("variations", "detail"),
    [
        (
            [variation("P", "P-1", Cor="Azul")],
            "product P: SKU(s) without variation values: P-2",
        ),
        (
            [variation("P", "P-1", Cor="Azul"), variation("P", "P-2", Tamanho="M")],
            "product P: the SKUs use different variation types: Cor; Tamanho",
        ),
        (
            [variation("P", "P-1", Cor="Azul"), variation("P", "P-2", Cor="Azul")],
            "product P: P-1 and P-2 have the same variation values",
        ),
    ],
)
def test_invalid_variations_hold_the_group(variations: list[ItemVariation], detail: str) -> None:
    config = attrs.evolve(CONFIG, grouping=ByCodePrefix(1))
    result = map_catalogue([item("P"), item("P-1"), item("P-2")], variations, config=config)
    assert result.value == CatalogueMapping()
    assert result.held == tuple(
        Held(reason=HoldReason.VARIATIONS_INVALID, subject=c, path="attributes", detail=detail)
        for c in ("P-1", "P-2")
    )


def test_code_prefix_grouping() -> None:
    config = attrs.evolve(CONFIG, grouping=ByCodePrefix(6))
    items = [
        item("VASO01", description="Vaso"),
        item("VASO01-AZ"),
        item("VASO01-VD"),
        item("PRATO1"),
    ]
    variations = [variation("X", "VASO01-AZ", Cor="Azul"), variation("X", "VASO01-VD", Cor="Verde")]
    result = map_catalogue(items, variations, config=config)
    assert result.ok
    assert result.value is not None
    vaso, prato = result.value.products
    assert vaso.title == "Vaso"
    assert [s.partner_id for s in vaso.skus] == ["VASO01-AZ", "VASO01-VD"]
    assert [s.partner_id for s in prato.skus] == ["PRATO1"]
    assert not prato.has_variations


def test_standalone_ignores_variation_rows() -> None:
    config = attrs.evolve(CONFIG, grouping=Standalone())
    result = map_catalogue(
        sample_items()[10:13], sample_variations(), config=config
    )  # LIQ-TURBO and its two voltages
    assert result.ok
    assert result.value is not None
    assert [p.external_id_product for p in result.value.products] == [
        "LIQ-TURBO",
        "LIQ-TURBO-110",
        "LIQ-TURBO-220",
    ]
    assert all(not p.has_variations for p in result.value.products)


def test_bad_variation_rows_are_ignored_with_a_warning() -> None:
    variations = [
        variation("P", "P-1", Cor="Azul"),
        variation("P", "P-1", Cor="Verde"),
        variation("P", "P", Cor="Roxo"),
    ]
    result = map_catalogue([item("P"), item("P-1")], variations, config=CONFIG)
    assert result.ok
    assert result.warnings == (
        w(
            WarningCode.VARIATION_IGNORED,
            "P-1",
            "parent_code",
            "variation row ignored: a second row",
        ),
        w(
            WarningCode.VARIATION_IGNORED,
            "P",
            "parent_code",
            "variation row ignored: the item is its own parent",
        ),
    )
    assert result.value is not None
    assert result.value.products[0].skus[0].variations == {"Cor": "Azul"}
