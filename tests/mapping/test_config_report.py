"""MappingConfig validation and routing, and the report/result types."""

from __future__ import annotations

from decimal import Decimal

import attrs
import pytest

from anymarket_sdk.models import DefinitionPriceScope, Marketplace
from m2_adapter.mapping import (
    ByCodePrefix,
    ChannelRoute,
    Held,
    HoldReason,
    IntermediaryInfo,
    MappingConfig,
    MappingHeldError,
    MappingReport,
    MappingResult,
    MappingWarning,
    SalesChannel,
    Skipped,
    SkipReason,
    WarningCode,
    normalise_marketplace,
)

from .builders import AMAZON_CNPJ, CONFIG, ML, ML_FULL, ML_OUTLET

A = SalesChannel(code="A")
B = SalesChannel(code="B")


def test_defaults() -> None:
    config = MappingConfig()
    assert config.price_mode is DefinitionPriceScope.SKU
    assert config.price_factor == Decimal(1)
    assert config.default_origin == 0
    assert config.zone == "America/Sao_Paulo"
    assert config.route_for("MERCADO_LIVRE", None, fulfillment=False) is None
    assert config.category_for(1) is None
    assert config.brand_for(None) is None


def test_route_precedence() -> None:
    exact = CONFIG.route_for("MERCADO_LIVRE", "LOJA OUTLET", fulfillment=False)
    assert exact is not None
    assert exact.channel == ML_OUTLET
    other = CONFIG.route_for(Marketplace.MERCADO_LIVRE, "Outra loja", fulfillment=False)
    assert other is not None
    assert other.channel == ML
    full = CONFIG.route_for("mercado_livre", "Loja Outlet", fulfillment=True)
    assert full is not None
    assert full.channel == ML_FULL
    assert CONFIG.route_for("AMAZON", None, fulfillment=True) is None


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (
            {
                "channel_routes": [
                    ChannelRoute(marketplace="AMAZON", channel=A),
                    ChannelRoute(marketplace="amazon", channel=B),
                ]
            },
            "two channel routes for marketplace AMAZON",
        ),
        (
            {
                "channel_routes": [
                    ChannelRoute(marketplace="AMAZON", channel=A),
                    ChannelRoute(marketplace="MERCADO_LIVRE", fulfillment=True, channel=A),
                ]
            },
            "sales channel\\(s\\) A serve fulfillment and normal orders",
        ),
        (
            {"warehouse_map": {10: 1, 90: 9}, "fulfillment_warehouses": [90]},
            "warehouse\\(s\\) 90 are fulfillment warehouses",
        ),
        ({"price_factor": "0"}, "price_factor must be positive"),
        ({"zone": "Mars/Olympus"}, "unknown time zone"),
        ({"default_origin": 9}, "default_origin"),
    ],
)
def test_invalid_configurations(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        MappingConfig(**kwargs)  # type: ignore[arg-type]


def test_configuration_is_frozen_and_copies_maps() -> None:
    warehouses = {10: 1}
    config = MappingConfig(warehouse_map=warehouses, price_mode="sku_marketplace")
    warehouses[20] = 2
    assert config.warehouse_map == {10: 1}
    assert config.price_mode is DefinitionPriceScope.SKU_MARKETPLACE
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        config.zone = "UTC"  # type: ignore[misc]
    with pytest.raises(ValueError):  # noqa: PT011
        ByCodePrefix(0)


def test_intermediary_info_validates_the_cnpj() -> None:
    assert IntermediaryInfo(cnpj="33.445.566/0001-86").cnpj == AMAZON_CNPJ
    with pytest.raises(ValueError, match="CNPJ"):
        IntermediaryInfo(cnpj="33.445.566/0001-87")
    config = MappingConfig(intermediaries={"amazon": IntermediaryInfo(cnpj=AMAZON_CNPJ)})
    assert "AMAZON" in config.intermediaries


def test_normalise_marketplace() -> None:
    assert normalise_marketplace(Marketplace.AMAZON) == "AMAZON"
    assert normalise_marketplace(" tiktok_shop ") == "TIKTOK_SHOP"
    assert normalise_marketplace(Marketplace("NEW_ONE")) == "NEW_ONE"


def test_result_and_report() -> None:
    held = Held(reason=HoldReason.UNKNOWN_SKU, subject="order 1", path="items[0]", detail="x")
    skipped = Skipped(reason=SkipReason.NO_LISTING, subject="A", path="listings", detail="y")
    warning = MappingWarning(code=WarningCode.EAN_INVALID, subject="A", path="barcode", message="z")
    report = MappingReport(held=[held], skipped=[skipped], warnings=[warning])
    assert report.held == (held,)
    assert not report.clean
    assert MappingReport().clean
    assert report.held_for("order 1") == (held,)
    assert report.held_for("order 2") == ()
    merged = MappingReport(warnings=[warning]).merge(report)
    assert merged.warnings == (warning, warning)

    good: MappingResult[int] = MappingResult(value=1, report=MappingReport(warnings=[warning]))
    assert good.ok
    assert good.held_reason is None
    assert good.unwrap() == 1
    bad: MappingResult[int] = MappingResult(value=1, report=report)
    assert not bad.ok
    assert bad.held_reason is HoldReason.UNKNOWN_SKU
    with pytest.raises(MappingHeldError, match="mapping held: unknown_sku") as info:
        bad.unwrap()
    assert info.value.report is report
    empty: MappingResult[int] = MappingResult(value=None)
    assert not empty.ok
    with pytest.raises(MappingHeldError, match="nothing mapped"):
        empty.unwrap()


def test_public_names_read_as_the_package() -> None:
    assert MappingConfig.__module__ == "m2_adapter.mapping"
    assert repr(HoldReason.UNKNOWN_SKU) == "<HoldReason.UNKNOWN_SKU: 'unknown_sku'>"


def test_unknown_price_mode_is_refused() -> None:
    with pytest.raises(ValueError, match="price_mode must be SKU, SKU_MARKETPLACE or COST"):
        MappingConfig(price_mode="PER_CHANNEL")
