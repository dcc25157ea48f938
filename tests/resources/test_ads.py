from __future__ import annotations

import json
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

import attrs
import httpx
import pytest
import respx

from anymarket_sdk import (
    RequestValidationError,
    ResponseDecodeError,
    UnprocessableEntityError,
    structure,
    to_dict,
)
from anymarket_sdk.models import DefinitionPriceScope, JsonPatchOperation, Marketplace, Product
from anymarket_sdk.models.ads import (
    AdFieldKey,
    AdFields,
    AdOrigin,
    AdPatch,
    AdPrice,
    DiscountType,
    ExportStatus,
    ListingType,
    NewAd,
    PriceTarget,
    PublicationStatus,
    SkuExport,
    SkuMarketplace,
    field_text,
    is_automatic_pricing,
    price_target,
)
from tests.conftest import Both


def ad_json(**over: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": 77001,
        "accountName": "Loja Principal",
        "idAccount": 12,
        "marketPlace": "MERCADO_LIVRE",
        "idInMarketplace": "MLB123456789",
        "marketplaceItemCode": "MLB123456789",
        "index": 1,
        "publicationStatus": "ACTIVE",
        "marketplaceStatus": "active",
        "transmissionStatus": "OK",
        "errorMsg": None,
        "price": 129.90,
        "priceFactor": 1.15,
        "discountPrice": 119.90,
        "permalink": "https://produto.mercadolivre.com.br/MLB-123456789",
        "skuInMarketplace": "LT12-110",
        "fields": {
            "title": "Liquidificador Turbo 110V",
            "template": "31",
            "priceFactor": "1.150000",
            "DISCOUNT_TYPE": "VALUE",
            "DISCOUNT_VALUE": "10.00",
            "HAS_DISCOUNT": "true",
            "EAN": "7891234567895",
            "warranty_time": "12",
            "HAS_FULFILLMENT": "false",
            "listing_type_id": "gold_pro",
            "gold_pro_price": "139.90",
            "free_shipping": "true",
            "shipping_mode": "me2",
            "condition": "new",
        },
        "attributes": {"63000": "71994"},
        "warnings": ["Categoria sem atributo obrigatório"],
        "availableStock": {
            "amount": 10,
            "availableAmount": 8,
            "cost": 55.5,
            "physicalAmount": 10,
            "totalReservation": 2,
            "stockLocal": "Principal",
        },
        "origin": "CREATE",
        "skuMarketPlaceMessage": {"message": "Publicado", "key": "OK"},
        "idCampaign": 3,
    }
    body.update(over)
    return body


def body_of(route: respx.Route) -> Any:
    return json.loads(route.calls.last.request.content, parse_float=Decimal)


@pytest.fixture
def lenient_am(make_client: Any) -> Both:
    client: Both = make_client(strict=False)
    return client


# --- reading --------------------------------------------------------------------------------


def test_for_sku_partner_id_sends_capital_id(am: Both, router: respx.Router) -> None:
    r = router.get("skus/marketplaces").respond(json=[ad_json(), ad_json(id=77002)])
    ads = am.ads.for_sku_partner_id("LT12-110")
    assert [a.id for a in ads] == [77001, 77002]
    assert dict(r.calls.last.request.url.params) == {"partnerID": "LT12-110"}


def test_for_sku_partner_id_requires_a_code(am: Both, router: respx.Router) -> None:
    with pytest.raises(RequestValidationError) as info:
        am.ads.for_sku_partner_id(" ")
    assert info.value.field == "partner_id"
    assert not router.calls


def test_list_a_skus_ads(am: Both, router: respx.Router) -> None:
    r = router.get("skus/9001/marketplaces").respond(json=[ad_json()])
    assert am.ads.list(9001)[0].marketplace is Marketplace.MERCADO_LIVRE
    assert not r.calls.last.request.url.params
    am.ads.list(9001, marketplace=Marketplace.B2W)
    assert dict(r.calls.last.request.url.params) == {"marketplace": "B2W"}
    with pytest.raises(RequestValidationError) as info:
        am.ads.list(9001, marketplace="b2w")
    assert info.value.field == "marketplace"


def test_get_decodes_the_whole_shape(am: Both, router: respx.Router) -> None:
    r = router.get("skus/9001/marketplaces/77001").respond(
        json=ad_json(
            availableStocks=[{"stockLocalId": 4, "availableAmount": 3, "additionalTime": 1}],
            sku={"id": 9001, "title": "Liquidificador Turbo 110V", "partnerId": "LT12-110"},
        )
    )
    ad = am.ads.get(9001, 77001, multi_cd=True, return_type="SKU_COMPLETE")
    assert dict(r.calls.last.request.url.params) == {
        "multiCd": "true",
        "returnType": "SKU_COMPLETE",
    }
    assert ad.publication_status is PublicationStatus.ACTIVE
    assert (ad.price, ad.discount_price, ad.price_factor) == (
        Decimal("129.90"),
        Decimal("119.90"),
        Decimal("1.15"),
    )
    assert ad.available_stock is not None
    assert ad.available_stock.cost == Decimal("55.5")
    assert ad.available_stock.stock_local == "Principal"
    assert ad.available_stocks[0].stock_local_id == 4
    assert ad.sku is not None
    assert ad.sku.partner_id == "LT12-110"
    assert ad.message is not None
    assert ad.message.message == "Publicado"
    assert ad.origin is AdOrigin.CREATE
    assert ad.attributes == {"63000": "71994"}
    assert ad.has_warnings
    assert ad.id_campaign == 3
    assert ad.fields["HAS_DISCOUNT"] == "true"


def test_unknown_status_and_keys_are_kept(lenient_am: Both, router: respx.Router) -> None:
    router.get("skus/9001/marketplaces/77001").respond(
        json=ad_json(publicationStatus="ARCHIVED", newThing={"a": 1})
    )
    ad = lenient_am.ads.get(9001, 77001)
    assert ad.publication_status == "ARCHIVED"
    assert ad.publication_status is not None
    assert not ad.publication_status.is_known
    assert ad.extra == {"newThing": {"a": 1}}


def test_fields_tolerate_json_booleans_nulls_and_pairs(am: Both, router: respx.Router) -> None:
    router.get("skus/9001/marketplaces/1").respond(
        json=ad_json(
            id=1,
            fields={"HAS_DISCOUNT": True, "title": None, "template": 31},
            attributes=None,
            warnings=None,
        )
    )
    router.get("skus/9001/marketplaces/2").respond(
        json=ad_json(id=2, fields=[{"key": "free_shipping", "value": False}])
    )
    one = am.ads.get(9001, 1)
    assert one.fields == {"HAS_DISCOUNT": "true", "template": "31"}
    assert (one.attributes, one.warnings) == ({}, [])
    assert am.ads.get(9001, 2).fields == {"free_shipping": "false"}


def test_a_nested_object_in_fields_is_a_decode_error(am: Both, router: respx.Router) -> None:
    router.get("skus/9001/marketplaces/1").respond(json=ad_json(fields={"title": {"x": 1}}))
    with pytest.raises(ResponseDecodeError):
        am.ads.get(9001, 1)


# --- typed fields ---------------------------------------------------------------------------


def test_typed_fields_convert_and_keep_the_raw_map() -> None:
    ad = structure(ad_json(), SkuMarketplace, strict=True)
    f = ad.typed_fields
    assert f.title == "Liquidificador Turbo 110V"
    assert f.template == 31
    assert f.price_factor == Decimal("1.150000")
    assert f.discount_type is DiscountType.VALUE
    assert f.discount_value == Decimal("10.00")
    assert f.has_discount is True
    assert f.has_fulfillment is False
    assert f.free_shipping is True
    assert f.ean == "7891234567895"
    assert f.warranty_time == 12
    assert f.listing_type_id is ListingType.GOLD_PRO
    assert f.listing_price(ListingType.GOLD_PRO) == Decimal("139.90")
    assert f.listing_price("gold") is None
    assert f.shipping_mode == "me2"
    assert f.condition == "new"
    assert f.is_match is None
    assert f["priceFactor"] == "1.150000"
    assert dict(f) == ad.fields
    assert f == ad.fields


def test_typed_field_with_bad_text_names_the_key() -> None:
    f = AdFields({"HAS_DISCOUNT": "sim", "warranty_time": "1.5", "DISCOUNT_VALUE": "abc"})
    with pytest.raises(ValueError, match="HAS_DISCOUNT"):
        _ = f.has_discount
    with pytest.raises(ValueError, match="warranty_time"):
        _ = f.warranty_time
    with pytest.raises(ValueError, match="DISCOUNT_VALUE"):
        _ = f.discount_value
    assert f["HAS_DISCOUNT"] == "sim"
    assert AdFields({"title": " "}).title is None
    assert AdFields({"HAS_DISCOUNT": "TRUE"}).has_discount is True


def test_build_fields_from_typed_values() -> None:
    fields = AdFields.build(
        {"title": "old", "CUSTOM": "kept"},
        title="Novo",
        has_discount=False,
        price_factor=Decimal("1.000000"),
        discount_value=Decimal("1.5E+1"),
        discount_type=DiscountType.PERCENT,
        template=31,
        listing_type_id=ListingType.GOLD_SPECIAL,
        free_shipping=True,
        extra={"gold_special_price": Decimal("99.90"), "crossDocking": 2},
    )
    assert fields == {
        "title": "Novo",
        "CUSTOM": "kept",
        "HAS_DISCOUNT": "false",
        "priceFactor": "1.000000",
        "DISCOUNT_VALUE": "15",
        "DISCOUNT_TYPE": "PERCENT",
        "template": "31",
        "listing_type_id": "gold_special",
        "free_shipping": "true",
        "gold_special_price": "99.90",
        "crossDocking": "2",
    }
    with pytest.raises(TypeError):
        AdFields.build(extra={"x": 1.5})  # type: ignore[dict-item]
    with pytest.raises(ValueError, match="finite"):
        field_text("DISCOUNT_VALUE", Decimal("NaN"))
    assert f"/fields/{AdFieldKey.TITLE}" == "/fields/title"


# --- writing --------------------------------------------------------------------------------


def test_create_sends_the_documented_shape(am: Both, router: respx.Router) -> None:
    r = router.post("skus/9001/marketplaces").respond(json=ad_json(publicationStatus="UNPUBLISHED"))
    ad = am.ads.create(
        9001,
        NewAd(
            marketplace=Marketplace.MERCADO_LIVRE,
            price=Decimal("129.90"),
            discount_price=Decimal("119.90"),
            fields=AdFields.build(title="Liquidificador", listing_type_id=ListingType.GOLD_PRO),
            account_name="Loja Principal",
        ),
    )
    assert ad.publication_status is PublicationStatus.UNPUBLISHED
    assert body_of(r) == {
        "marketPlace": "MERCADO_LIVRE",
        "price": Decimal("129.90"),
        "discountPrice": Decimal("119.90"),
        "fields": {"title": "Liquidificador", "listing_type_id": "gold_pro"},
        "accountName": "Loja Principal",
    }


def test_bind_an_existing_listing_sends_empty_fields(am: Both, router: respx.Router) -> None:
    r = router.post("skus/9001/marketplaces").respond(json=ad_json(origin="BIND"))
    am.ads.create(
        9001,
        NewAd(
            marketplace="B2W",
            price=Decimal(100),
            discount_price=Decimal(100),
            fields={},
            sku_in_marketplace="LT12-110",
            id_in_marketplace="B2W-1",
        ),
    )
    assert body_of(r) == {
        "marketPlace": "B2W",
        "price": 100,
        "discountPrice": 100,
        "fields": {},
        "skuInMarketplace": "LT12-110",
        "idInMarketplace": "B2W-1",
    }


def _new(**over: Any) -> NewAd:
    kw: dict[str, Any] = {
        "marketplace": "B2W",
        "price": Decimal(100),
        "discount_price": Decimal(90),
        "fields": {},
    }
    kw.update(over)
    return NewAd(**kw)


@pytest.mark.parametrize(
    ("ad", "field"),
    [
        (_new(price=Decimal(0)), "ad.price"),
        (_new(discount_price=Decimal(-1)), "ad.discount_price"),
        (_new(discount_price=Decimal(101)), "ad.discount_price"),
        (_new(price=100.0), "ad.price"),
        (_new(price=None), "ad.price"),
        (_new(fields={"HAS_DISCOUNT": True}), "ad.fields['HAS_DISCOUNT']"),
        (_new(fields={"title": "x" * 256}), "ad.fields['title']"),
        (_new(fields=None), "ad.fields"),
        (_new(marketplace="mercado_livre"), "ad.marketplace"),
        (_new(id_in_marketplace="x" * 256), "ad.id_in_marketplace"),
    ],
)
def test_create_validates_before_sending(
    am: Both, router: respx.Router, ad: NewAd, field: str
) -> None:
    with pytest.raises(RequestValidationError) as info:
        am.ads.create(9001, ad)
    assert info.value.field == field
    assert not router.calls


def test_update_sends_put_fields_and_derives_has_discount(
    lenient_am: Both, router: respx.Router
) -> None:
    router.get("skus/9001/marketplaces/77001").respond(json=ad_json(futureFlag="x"))
    put = router.put("skus/9001/marketplaces/77001").respond(json=ad_json())
    ad = lenient_am.ads.get(9001, 77001)
    lenient_am.ads.update(
        9001, 77001, attrs.evolve(ad, discount_price=Decimal("129.90")), sync_changes=True
    )
    assert dict(put.calls.last.request.url.params) == {"syncChanges": "true"}
    sent = body_of(put)
    assert sent == {
        "publicationStatus": "ACTIVE",
        "marketplaceStatus": "active",
        "price": Decimal("129.90"),
        "discountPrice": Decimal("129.90"),
        "priceFactor": Decimal("1.15"),
        "permalink": "https://produto.mercadolivre.com.br/MLB-123456789",
        "skuInMarketplace": "LT12-110",
        "fields": {**ad.fields, "HAS_DISCOUNT": "false"},  # read as "true": old prices
        "futureFlag": "x",
    }


def test_update_has_discount_override_and_no_discount_price(am: Both, router: respx.Router) -> None:
    put = router.put("skus/9001/marketplaces/5").respond(json=ad_json())
    am.ads.update(
        9001,
        5,
        SkuMarketplace(price=Decimal(10), discount_price=Decimal(10)),
        has_discount=True,
    )
    assert body_of(put) == {"price": 10, "discountPrice": 10, "fields": {"HAS_DISCOUNT": "true"}}
    am.ads.update(9001, 5, SkuMarketplace(price=Decimal(10)))
    assert body_of(put) == {"price": 10}
    assert not put.calls.last.request.url.params


@pytest.mark.parametrize(
    ("ad", "field"),
    [
        (SkuMarketplace(), "ad.price"),
        (SkuMarketplace(price=Decimal(5), discount_price=Decimal(6)), "ad.discount_price"),
        (SkuMarketplace(price=Decimal(5), price_factor=Decimal(0)), "ad.price_factor"),
        (SkuMarketplace(price=Decimal(5), fields={"EAN": 123}), "ad.fields['EAN']"),  # type: ignore[dict-item]
    ],
)
def test_update_validates(am: Both, router: respx.Router, ad: SkuMarketplace, field: str) -> None:
    with pytest.raises(RequestValidationError) as info:
        am.ads.update(9001, 5, ad)
    assert info.value.field == field
    assert not router.calls


def test_update_rejects_a_wrong_type(am: Both, router: respx.Router) -> None:
    with pytest.raises(RequestValidationError) as info:
        am.ads.update(9001, 5, _new())
    assert info.value.field == "ad"
    assert not router.calls


def test_merge_patch(am: Both, router: respx.Router) -> None:
    r = router.patch("skus/9001/marketplaces/77001").respond(json=ad_json())
    am.ads.merge_patch(
        9001, 77001, AdPatch(price=Decimal(120), discount_price=Decimal(100)), clear=["permalink"]
    )
    assert r.calls.last.request.headers["content-type"] == "application/merge-patch+json"
    assert body_of(r) == {
        "price": 120,
        "discountPrice": 100,
        "permalink": None,
        "fields": {"HAS_DISCOUNT": "true"},
    }
    am.ads.merge_patch(
        9001,
        77001,
        AdPatch(
            price=Decimal(120),
            discount_price=Decimal(100),
            fields=AdFields.build(title="T", has_discount=False),
        ),
    )
    assert body_of(r)["fields"] == {"title": "T", "HAS_DISCOUNT": "false"}  # the caller's
    am.ads.merge_patch(9001, 77001, AdPatch(publication_status=PublicationStatus.PAUSED))
    assert body_of(r) == {"publicationStatus": "PAUSED"}


@pytest.mark.parametrize(
    ("patch", "clear", "field"),
    [
        (AdPatch(), [], "patch"),
        (AdPatch(price=Decimal(5), discount_price=Decimal(6)), [], "patch.discount_price"),
        (AdPatch(discount_price=Decimal(0)), [], "patch.discount_price"),
        (AdPatch(fields={"free_shipping": False}), [], "patch.fields['free_shipping']"),  # type: ignore[dict-item]
        (AdPatch(permalink="x"), ["permalink"], "clear"),
    ],
)
def test_merge_patch_validates(
    am: Both, router: respx.Router, patch: AdPatch, clear: list[str], field: str
) -> None:
    with pytest.raises(RequestValidationError) as info:
        am.ads.merge_patch(9001, 77001, patch, clear=clear)
    assert info.value.field == field
    assert not router.calls


def test_json_patch_uses_the_json_patch_type(am: Both, router: respx.Router) -> None:
    r = router.patch("skus/9001/marketplaces/patch/77001").respond(json=ad_json())
    am.ads.json_patch(
        9001,
        77001,
        [
            JsonPatchOperation(op="add", path="/permalink", value="https://x.example/1"),
            JsonPatchOperation(op="replace", path=f"/fields/{AdFieldKey.TITLE}", value="Novo"),
            JsonPatchOperation(op="replace", path="/price", value=Decimal("99.90")),
        ],
    )
    assert r.calls.last.request.headers["content-type"] == "application/json-patch+json"
    assert body_of(r) == [
        {"op": "add", "path": "/permalink", "value": "https://x.example/1"},
        {"op": "replace", "path": "/fields/title", "value": "Novo"},
        {"op": "replace", "path": "/price", "value": Decimal("99.90")},
    ]


@pytest.mark.parametrize(
    ("ops", "field"),
    [
        ([], "operations"),
        (
            [JsonPatchOperation(op="replace", path="/price", value=Decimal(0))],
            "operations[0].value",
        ),
        ([JsonPatchOperation(op="replace", path="/price", value=None)], "operations[0].value"),
        (
            [JsonPatchOperation(op="add", path="/fields/HAS_DISCOUNT", value=True)],
            "operations[0].value",
        ),
        (
            [JsonPatchOperation(op="replace", path="/fields", value={"a": 1})],
            "operations[0].value['a']",
        ),
        (
            [
                JsonPatchOperation(op="replace", path="/price", value=Decimal(5)),
                JsonPatchOperation(op="replace", path="/discountPrice", value=Decimal(6)),
            ],
            "operations.discount_price",
        ),
    ],
)
def test_json_patch_validates(
    am: Both, router: respx.Router, ops: list[JsonPatchOperation], field: str
) -> None:
    with pytest.raises(RequestValidationError) as info:
        am.ads.json_patch(9001, 77001, ops)
    assert info.value.field == field
    assert not router.calls


def test_send_publishes(am: Both, router: respx.Router) -> None:
    r = router.post("skus/9001/marketplaces/77001/send").respond(204)
    assert am.ads.send(9001, 77001) is None
    assert r.calls.last.request.content == b""
    with pytest.raises(RequestValidationError) as info:
        am.ads.send(9001, -1)
    assert info.value.field == "id"


# --- prices ---------------------------------------------------------------------------------


def _prices(n: int) -> list[AdPrice]:
    return [
        AdPrice(id=100 + i, price=Decimal("50.00") + i, discount_price=Decimal("45.50") + i)
        for i in range(n)
    ]


def test_update_prices_returns_a_per_listing_report(am: Both, router: respx.Router) -> None:
    r = router.put("skus/marketplaces/prices").respond(
        json=[{"id": 101, "errorMsg": "Anúncio com preço automático"}, {"id": 100, "errorMsg": ""}]
    )
    report = am.ads.update_prices(_prices(3))
    assert body_of(r) == [
        {"id": 100, "price": Decimal("50.00"), "discountPrice": Decimal("45.50")},
        {"id": 101, "price": Decimal("51.00"), "discountPrice": Decimal("46.50")},
        {"id": 102, "price": Decimal("52.00"), "discountPrice": Decimal("47.50")},
    ]
    assert not report.ok
    assert report.failed_ids == [101]
    assert report.accepted_ids == [100, 102]
    assert report.error_for(101) == "Anúncio com preço automático"
    assert report.error_for(100) is None


def test_update_prices_in_chunks(am: Both, router: respx.Router) -> None:
    r = router.put("skus/marketplaces/prices").mock(
        side_effect=[
            httpx.Response(200, json=[]),
            httpx.Response(200, json=[{"id": 104, "errorMsg": "não encontrado"}]),
            httpx.Response(200),  # an empty body reads as "nothing to report"
        ]
    )
    report = am.ads.update_prices(_prices(5), chunk_size=2)
    assert r.call_count == 3
    assert [len(json.loads(c.request.content)) for c in r.calls] == [2, 2, 1]
    assert report.requested == [100, 101, 102, 103, 104]
    assert report.failed_ids == [104]


def test_update_prices_failure_notes_what_was_already_sent(am: Both, router: respx.Router) -> None:
    router.put("skus/marketplaces/prices").mock(
        side_effect=[
            httpx.Response(200, json=[]),
            httpx.Response(422, json={"code": "422", "message": "Preço inválido"}),
        ]
    )
    with pytest.raises(UnprocessableEntityError) as info:
        am.ads.update_prices(_prices(3), chunk_size=2)
    assert any("already sent 2 listing price(s): 100, 101" in n for n in info.value.__notes__)


@pytest.mark.parametrize(
    ("prices", "chunk", "field"),
    [
        ([], 100, "prices"),
        (
            [*_prices(2), AdPrice(id=100, price=Decimal(5), discount_price=Decimal(5))],
            100,
            "prices[2].id",
        ),
        (
            [*_prices(1), AdPrice(id=7, price=Decimal(5), discount_price=Decimal(6))],
            100,
            "prices[1].discount_price",
        ),
        ([AdPrice(id=7, price=Decimal(0), discount_price=Decimal(0))], 100, "prices[0].price"),
        ([AdPrice(id=0, price=Decimal(5), discount_price=Decimal(5))], 100, "prices[0].id"),
        ([AdPrice(id=7, price=Decimal(5), discount_price=4.5)], 100, "prices[0].discount_price"),  # type: ignore[arg-type]
        (["x"], 100, "prices[0]"),
        (_prices(1), 0, "chunk_size"),
    ],
)
def test_update_prices_validates_every_item_first(
    am: Both, router: respx.Router, prices: list[Any], chunk: int, field: str
) -> None:
    with pytest.raises(RequestValidationError) as info:
        am.ads.update_prices(prices, chunk_size=chunk)
    assert info.value.field == field
    assert not router.calls


def test_update_price_for_a_sku_on_a_marketplace(am: Both, router: respx.Router) -> None:
    r = router.post("skus/9001/updatePrice/MERCADO_LIVRE").respond(
        json={"errors": [{"key": "77002", "value": "Anúncio pausado"}]}
    )
    result = am.ads.update_price(
        9001,
        Marketplace.MERCADO_LIVRE,
        price=Decimal("129.90"),
        discount_price=Decimal("119.90"),
        fields=AdFields.build(has_discount=True),
        price_scope=DefinitionPriceScope.SKU_MARKETPLACE,
    )
    assert body_of(r) == {
        "price": Decimal("129.90"),
        "discountPrice": Decimal("119.90"),
        "fields": [{"key": "HAS_DISCOUNT", "value": "true"}],
    }
    assert not result.ok
    assert result.errors[0].key == "77002"
    assert result.errors[0].message == "Anúncio pausado"


def test_update_price_with_an_empty_answer_is_ok(am: Both, router: respx.Router) -> None:
    r = router.post("skus/9001/updatePrice/B2W").respond(200)
    assert am.ads.update_price(9001, "B2W", price=Decimal(10), discount_price=Decimal(10)).ok
    assert body_of(r) == {"price": 10, "discountPrice": 10}


@pytest.mark.parametrize(
    ("kw", "field"),
    [
        ({"price_scope": DefinitionPriceScope.COST}, "price_scope"),
        ({"price_scope": "cost"}, "price_scope"),
        (
            {"price_scope": Product(title="P", definition_price_scope=DefinitionPriceScope.COST)},
            "price_scope",
        ),
        ({"discount_price": Decimal(11)}, "discount_price"),
        ({"price": Decimal(-1)}, "price"),
        ({"fields": {"HAS_DISCOUNT": False}}, "fields['HAS_DISCOUNT']"),
        ({"marketplace": "b2w"}, "marketplace"),
    ],
)
def test_update_price_validates(
    am: Both, router: respx.Router, kw: dict[str, Any], field: str
) -> None:
    args: dict[str, Any] = {"price": Decimal(10), "discount_price": Decimal(9), **kw}
    marketplace = args.pop("marketplace", "B2W")
    with pytest.raises(RequestValidationError) as info:
        am.ads.update_price(9001, marketplace, **args)
    assert info.value.field == field
    assert not router.calls


# --- price modes ----------------------------------------------------------------------------


def test_price_target_by_mode() -> None:
    assert price_target(DefinitionPriceScope.COST) is PriceTarget.STOCK_COST
    assert price_target("SKU") is PriceTarget.SKU_PRICE
    assert price_target("sku_marketplace") is PriceTarget.AD_PRICE
    product = Product(title="P", definition_price_scope=DefinitionPriceScope.SKU_MARKETPLACE)
    assert price_target(product).value == "ads"
    with pytest.raises(ValueError, match="price mode"):
        price_target(Product(title="P"))
    with pytest.raises(ValueError, match="price mode"):
        price_target("BY_MAGIC")
    assert is_automatic_pricing(DefinitionPriceScope.COST)
    assert not is_automatic_pricing(None)
    assert not is_automatic_pricing("SKU")


# --- exports --------------------------------------------------------------------------------

EXPORT: dict[str, Any] = {
    "url": "https://files.example/export.csv",
    "dateTime": "2024-05-02T10:00:00-03:00",
    "documentId": "5b1e8f0a-2c3d-4e5f-8a9b-0c1d2e3f4a5b",
    "linesProcessed": 120,
    "countLines": 120,
    "FileExportStatus": "FINISHED",
    "marketPlace": "MERCADO_LIVRE",
}


def test_export_routes(am: Both, router: respx.Router) -> None:
    listed = router.get("skus/exports").respond(json=[EXPORT])
    created = router.post("skus/exports").respond(
        json={"documentId": EXPORT["documentId"], "fileExportStatus": "WAITING", "url": None}
    )
    one = router.get(f"skus/exports/{EXPORT['documentId']}").respond(json=EXPORT)

    exports = am.ads.list_exports(marketplace=Marketplace.MERCADO_LIVRE)
    assert dict(listed.calls.last.request.url.params) == {"marketplace": "MERCADO_LIVRE"}
    assert exports[0].status is ExportStatus.FINISHED
    assert exports[0].date_time == datetime(2024, 5, 2, 13, 0, tzinfo=UTC)
    assert exports[0].marketplace is Marketplace.MERCADO_LIVRE

    job = am.ads.create_export()
    assert not created.calls.last.request.url.params
    assert created.calls.last.request.content == b""
    assert job.status is ExportStatus.WAITING
    assert job.status is not None
    assert not job.status.is_done
    am.ads.create_export(marketplace="B2W")
    assert dict(created.calls.last.request.url.params) == {"marketplace": "B2W"}

    done = am.ads.get_export(UUID(EXPORT["documentId"]))
    assert done.count_lines == 120
    assert done.status is not None
    assert done.status.is_done
    assert one.call_count == 1
    assert am.ads.get_export(EXPORT["documentId"]).url == EXPORT["url"]


def test_export_status_spellings() -> None:
    for key in ("FileExportStatus", "fileExportStatus", "status"):
        export = structure({key: "PROCESSING"}, SkuExport, strict=True)
        assert export.status is ExportStatus.PROCESSING
    assert to_dict(structure(EXPORT, SkuExport))["FileExportStatus"] == "FINISHED"


def test_get_export_requires_an_id(am: Both, router: respx.Router) -> None:
    with pytest.raises(RequestValidationError) as info:
        am.ads.get_export("")
    assert info.value.field == "document_id"
    assert not router.calls
