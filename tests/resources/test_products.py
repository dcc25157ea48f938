from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import attrs
import pytest
import respx

from anymarket_sdk import RequestValidationError, ResponseDecodeError
from anymarket_sdk.models import (
    DefinitionPriceScope,
    Gender,
    Image,
    JsonPatchOperation,
    Nbm,
    Origin,
    Product,
    ProductBrand,
    ProductCategory,
    ProductPatch,
    Sku,
)
from tests.conftest import Both, page


def product_json(**over: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": 501,
        "title": "Liquidificador Turbo",
        "description": "<p>Copo de vidro, 12 velocidades</p>",
        "externalIdProduct": "EXT-501",
        "category": {"id": 10, "name": "Cozinha", "path": "Casa/Cozinha"},
        "brand": {"id": 7, "name": "Brastemp", "reducedName": "brastemp", "partnerId": "M-7"},
        "nbm": {"id": "85094050", "description": "Liquidificadores"},
        "origin": {"id": 0, "description": "Nacional"},
        "model": "LT-12",
        "gender": "UNISSEX",
        "warrantyTime": 12,
        "height": 40.5,
        "width": 20,
        "length": 20,
        "weight": 3.25,
        "priceFactor": 1.5,
        "calculatedPrice": False,
        "definitionPriceScope": "SKU",
        "hasVariations": True,
        "isProductActive": True,
        "allowAutomaticSkuMarketplaceCreation": False,
        "characteristics": [{"index": 1, "name": "Potência", "value": "1200W"}],
        "images": [{"id": 1, "index": 1, "main": True, "url": "https://img.example/1.jpg"}],
        "skus": [
            {
                "id": 9001,
                "title": "Liquidificador Turbo 110V",
                "partnerId": "LT12-110",
                "ean": "7891234567895",
                "amount": 3,
                "additionalTime": 0,
                "price": 12345678901.23,
                "sellPrice": 199.90,
                "variations": [
                    {
                        "id": 31,
                        "description": "110V",
                        "type": {"id": 3, "name": "Voltagem", "visualVariation": False},
                    }
                ],
            }
        ],
        "type": "VARIATION",
    }
    body.update(over)
    return body


def new_product(**over: Any) -> Product:
    fields: dict[str, Any] = {
        "title": "Liquidificador Turbo",
        "description": "Copo de vidro",
        "category": ProductCategory(id=10),
        "brand": ProductBrand(id=7),
        "nbm": Nbm(id="85094050"),
        "origin": Origin(id=0),
        "warranty_time": 12,
        "height": Decimal("40.5"),
        "width": Decimal(20),
        "length": Decimal(20),
        "weight": Decimal("3.25"),
        "price_factor": Decimal("1.5"),
        "definition_price_scope": DefinitionPriceScope.SKU,
        "has_variations": True,
        "images": [Image(url="https://img.example/1.jpg", main=True)],
        "skus": [
            Sku(
                title="Liquidificador Turbo 110V",
                partner_id="LT12-110",
                price=Decimal("219.90"),
                sell_price=Decimal("199.90"),
                amount=Decimal(3),
                variations={"Voltagem": "110V"},
            )
        ],
    }
    fields.update(over)
    return Product(**fields)


def test_get_decodes_the_whole_product(am: Both, router: respx.Router) -> None:
    router.get("products/501").respond(json=product_json())
    p = am.products.get(501)
    assert p.id == 501
    assert p.category is not None
    assert p.category.path == "Casa/Cozinha"
    assert p.gender is Gender.UNISSEX
    assert p.definition_price_scope == DefinitionPriceScope.SKU
    assert p.weight == Decimal("3.25")
    sku = p.skus[0]
    assert sku.price == Decimal("12345678901.23")
    assert sku.sell_price == Decimal("199.90")
    assert sku.variations == {"Voltagem": "110V"}
    assert sku.variation_details[0].type is not None
    assert sku.variation_details[0].type.id == 3
    assert p.sku_by_partner_id("LT12-110") is sku


def test_list_and_iter_with_filters(am: Both, router: respx.Router) -> None:
    r = router.get("products").respond(json=page([product_json()], size=5))
    result = am.products.list(limit=5, offset=10, sku="LT12-110", external_id="EXT-501")
    assert dict(r.calls.last.request.url.params) == {
        "offset": "10",
        "limit": "5",
        "sku": "LT12-110",
        "externalId": "EXT-501",
    }
    assert [p.id for p in result.items] == [501]
    assert [p.id for p in am.products.iter(limit=5)] == [501]


def test_create_sends_decimals_exactly_and_the_variation_map(
    am: Both, router: respx.Router
) -> None:
    r = router.post("products").respond(201, json=product_json())
    created = am.products.create(new_product())
    assert created.id == 501
    body = json.loads(r.calls.last.request.content, parse_float=Decimal)
    assert r.calls.last.request.headers["content-type"] == "application/json"
    sku = body["skus"][0]
    assert sku["price"] == Decimal("219.90")
    assert sku["sellPrice"] == Decimal("199.90")
    assert sku["variations"] == {"Voltagem": "110V"}
    assert b"variationDetails" not in r.calls.last.request.content
    assert body["category"] == {"id": 10}
    assert body["definitionPriceScope"] == "SKU"
    assert body["images"] == [{"url": "https://img.example/1.jpg", "main": True}]


def test_strict_client_reports_unknown_fields(am: Both, router: respx.Router) -> None:
    router.get("products/501").respond(json=product_json(futureField={"a": 1}))
    with pytest.raises(ResponseDecodeError) as info:
        am.products.get(501)
    assert any("futureField" in e for e in info.value.errors)


@pytest.fixture
def lenient(make_client: Any) -> Both:
    client: Both = make_client(strict=False)
    return client


def test_round_trip_on_the_lenient_client(lenient: Both, router: respx.Router) -> None:
    router.get("products/501").respond(json=product_json(futureField={"a": 1}))
    put = router.put("products/501").respond(json=product_json(title="Novo"))
    original = lenient.products.get(501)
    assert original.extra == {"futureField": {"a": 1}}
    lenient.products.update(501, attrs.evolve(original, title="Novo"))
    sent = json.loads(put.calls.last.request.content)
    assert sent["futureField"] == {"a": 1}
    assert sent["title"] == "Novo"
    assert "skus" not in sent


def test_merge_patch_sends_only_set_fields(am: Both, router: respx.Router) -> None:
    r = router.patch("products/501").respond(json=product_json(title="Outro"))
    result = am.products.merge_patch(501, ProductPatch(title="Outro", weight=Decimal("2.5")))
    request = r.calls.last.request
    assert request.headers["content-type"] == "application/merge-patch+json"
    assert json.loads(request.content) == {"title": "Outro", "weight": 2.5}
    assert result.title == "Outro"


def test_merge_patch_clear_sends_null(am: Both, router: respx.Router) -> None:
    r = router.patch("products/501").respond(json=product_json())
    am.products.merge_patch(501, ProductPatch(model="X"), clear=["video_url", "warranty_text"])
    assert json.loads(r.calls.last.request.content) == {
        "model": "X",
        "videoUrl": None,
        "warrantyText": None,
    }


def test_json_patch_keeps_explicit_null(am: Both, router: respx.Router) -> None:
    r = router.patch("products/patch/501").respond(json=product_json())
    am.products.json_patch(
        501,
        [
            JsonPatchOperation(op="replace", path="/title", value="Novo"),
            JsonPatchOperation(op="replace", path="/model", value=None),
            JsonPatchOperation(op="remove", path="/videoUrl"),
        ],
    )
    request = r.calls.last.request
    assert request.headers["content-type"] == "application/json-patch+json"
    assert json.loads(request.content) == [
        {"op": "replace", "path": "/title", "value": "Novo"},
        {"op": "replace", "path": "/model", "value": None},
        {"op": "remove", "path": "/videoUrl"},
    ]


def test_find_by_sku(am: Both, router: respx.Router) -> None:
    router.get("products", params={"sku": "LT12-110"}).respond(json=page([product_json()]))
    found = am.products.find_by_sku("LT12-110")
    assert found is not None
    assert found.id == 501


@pytest.mark.parametrize(
    ("product", "field"),
    [
        (new_product(title=""), "product.title"),
        (new_product(title="x" * 151), "product.title"),
        (new_product(category=None), "product.category"),
        (new_product(brand=None), "product.brand"),
        (new_product(skus=[]), "product.skus"),
        (new_product(origin=Origin(id=9)), "product.origin.id"),
        (new_product(weight=Decimal(-1)), "product.weight"),
        (
            new_product(skus=[Sku(title="a", partner_id="P", price=Decimal(0), amount=Decimal(1))]),
            "product.skus[0].price",
        ),
        (
            new_product(
                skus=[
                    Sku(
                        title="a",
                        partner_id="P",
                        price=Decimal(10),
                        sell_price=Decimal(11),
                        amount=Decimal(1),
                        variations={"Cor": "Azul"},
                    )
                ]
            ),
            "product.skus[0].sell_price",
        ),
        (
            new_product(
                skus=[
                    Sku(title="a", partner_id="P", price=Decimal(10), variations={"Cor": "Azul"}),
                    Sku(title="b", partner_id="P", price=Decimal(10), variations={"Cor": "Verde"}),
                ]
            ),
            "product.skus[1].partner_id",
        ),
        (
            new_product(skus=[Sku(title="a", partner_id="P", price=Decimal(10))]),
            "product.skus[0].variations",
        ),
        (
            new_product(
                images=[
                    Image(url="https://a/1.jpg", main=True),
                    Image(url="https://a/2.jpg", main=True),
                ]
            ),
            "product.images",
        ),
    ],
)
def test_invalid_product_is_rejected_before_sending(
    am: Both, router: respx.Router, product: Product, field: str
) -> None:
    with pytest.raises(RequestValidationError) as info:
        am.products.create(product)
    assert info.value.field == field
    assert not router.calls


def test_unrepresentable_decimal_is_rejected_before_sending(am: Both, router: respx.Router) -> None:
    with pytest.raises(RequestValidationError, match="not exactly representable"):
        am.products.merge_patch(501, ProductPatch(weight=Decimal("123456789012345678.99")))
    assert not router.calls


def test_json_patch_needs_operations(am: Both, router: respx.Router) -> None:
    with pytest.raises(RequestValidationError) as info:
        am.products.json_patch(501, [])
    assert info.value.field == "operations"
    with pytest.raises(RequestValidationError) as info:
        am.products.json_patch(501, [JsonPatchOperation(op="move", path="/a")])
    assert info.value.field == "operations[0].from_"
    assert not router.calls
