from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import attrs
import pytest
import respx

from anymarket_sdk import RequestValidationError, ResponseDecodeError
from anymarket_sdk.models import Image, ImageStatus, JsonPatchOperation, Sku, SkuPatch
from tests.conftest import Both, page
from tests.resources.test_products import product_json


def sku_json(**over: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": 9001,
        "title": "Camiseta Azul M",
        "partnerId": "CAM-AZ-M",
        "ean": "7891234567895",
        "amount": 10,
        "additionalTime": 2,
        "price": 79.90,
        "sellPrice": 59.90,
        "stockLocalId": 4,
        "externalId": "ML-1",
        "active": True,
        "volumes": 1,
        "variations": [
            {"id": 1, "description": "Azul", "partnerId": "AZ", "type": {"id": 5, "name": "Cor"}},
            {"id": 2, "description": "M", "type": {"id": 6, "name": "Tamanho"}},
        ],
        "additionalStocks": [{"price": 30, "amount": 4, "additionalTime": 1, "stockLocalId": 8}],
    }
    body.update(over)
    return body


IMAGE = {
    "id": 3,
    "index": 1,
    "main": True,
    "url": "https://img.example/a.jpg",
    "thumbnailUrl": "https://cdn.example/t.jpg",
    "status": "PROCESSED",
    "standardWidth": 800,
}


def test_list_get_skus(am: Both, router: respx.Router) -> None:
    router.get("products/501/skus").respond(json=[sku_json(), sku_json(id=9002)])
    router.get("products/501/skus/9001").respond(json=sku_json())
    skus = am.skus.list(501)
    assert [s.id for s in skus] == [9001, 9002]
    sku = am.skus.get(501, 9001)
    assert sku.variations == {"Cor": "Azul", "Tamanho": "M"}
    assert sku.sell_price == Decimal("59.90")
    assert sku.additional_stocks[0].stock_local_id == 8


def test_create_sku_sends_the_request_shape(am: Both, router: respx.Router) -> None:
    r = router.post("products/501/skus").respond(json=sku_json())
    created = am.skus.create(
        501,
        Sku(
            title="Camiseta Azul M",
            partner_id="CAM-AZ-M",
            price=Decimal("79.90"),
            sell_price=Decimal("59.90"),
            amount=Decimal(10),
            variations={"Cor": "Azul", "Tamanho": "M"},
        ),
    )
    assert created.id == 9001
    assert json.loads(r.calls.last.request.content, parse_float=Decimal) == {
        "title": "Camiseta Azul M",
        "partnerId": "CAM-AZ-M",
        "price": Decimal("79.90"),
        "sellPrice": Decimal("59.90"),
        "amount": 10,
        "variations": {"Cor": "Azul", "Tamanho": "M"},
    }


def test_update_sends_only_the_put_fields(lenient_am: Both, router: respx.Router) -> None:
    router.get("products/501/skus/9001").respond(json=sku_json(futureFlag=True))
    put = router.put("products/501/skus/9001").respond(json=sku_json(title="Novo"))
    sku = lenient_am.skus.get(501, 9001)
    lenient_am.skus.update(501, 9001, attrs.evolve(sku, title="Novo"))
    assert json.loads(put.calls.last.request.content, parse_float=Decimal) == {
        "title": "Novo",
        "partnerId": "CAM-AZ-M",
        "ean": "7891234567895",
        "price": Decimal("79.90"),
        "sellPrice": Decimal("59.90"),
        "externalId": "ML-1",
        "active": True,
        "futureFlag": True,  # unknown fields read from ANYMARKET go back
    }


@pytest.fixture
def lenient_am(make_client: Any) -> Both:
    client: Both = make_client(strict=False)
    return client


def test_merge_patch_can_clear_fields(am: Both, router: respx.Router) -> None:
    r = router.patch("products/501/skus/9001").respond(json=sku_json())
    am.skus.merge_patch(501, 9001, SkuPatch(title="T"), clear=["ean", "external_id"])
    assert json.loads(r.calls.last.request.content) == {
        "title": "T",
        "ean": None,
        "externalId": None,
    }


@pytest.mark.parametrize(
    ("patch", "clear", "field"),
    [
        (SkuPatch(), [], "patch"),
        (SkuPatch(ean="1"), ["ean"], "clear"),
        (SkuPatch(), ["colour"], "clear"),
    ],
)
def test_merge_patch_rejects_bad_clear(
    am: Both, router: respx.Router, patch: SkuPatch, clear: list[str], field: str
) -> None:
    with pytest.raises(RequestValidationError) as info:
        am.skus.merge_patch(501, 9001, patch, clear=clear)
    assert info.value.field == field
    assert not router.calls


def test_merge_and_json_patch(am: Both, router: respx.Router) -> None:
    merge = router.patch("products/501/skus/9001").respond(json=sku_json(active=False))
    patch = router.patch("products/501/skus/patch/9001").respond(json=sku_json(ean="0001"))
    assert am.skus.merge_patch(501, 9001, SkuPatch(active=False)).active is False
    assert merge.calls.last.request.headers["content-type"] == "application/merge-patch+json"
    assert json.loads(merge.calls.last.request.content) == {"active": False}
    result = am.skus.json_patch(
        501, 9001, [JsonPatchOperation(op="replace", path="/ean", value="0001")]
    )
    assert result.ean == "0001"
    assert json.loads(patch.calls.last.request.content) == [
        {"op": "replace", "path": "/ean", "value": "0001"}
    ]


def test_find_by_partner_id_returns_product_and_sku(am: Both, router: respx.Router) -> None:
    r = router.get("products").respond(json=page([product_json()]))
    found = am.skus.find_by_partner_id("LT12-110")
    assert found is not None
    assert (found.product.id, found.sku.id) == (501, 9001)
    assert r.calls.last.request.url.params["sku"] == "LT12-110"


def test_find_by_partner_id_absent(am: Both, router: respx.Router) -> None:
    router.get("products").respond(json=page([product_json()]))
    assert am.skus.find_by_partner_id("OTHER") is None


@pytest.mark.parametrize(
    ("sku", "field"),
    [
        (Sku(title="", price=Decimal(1), amount=Decimal(1)), "sku.title"),
        (Sku(title="a", amount=Decimal(1)), "sku.price"),
        (Sku(title="a", price=Decimal(1)), "sku.amount"),
        (Sku(title="a", price=Decimal(-1), amount=Decimal(1)), "sku.price"),
        (
            Sku(title="a", price=Decimal(5), sell_price=Decimal(6), amount=Decimal(1)),
            "sku.sell_price",
        ),
        (Sku(title="a", price=Decimal(5), amount=Decimal(-1)), "sku.amount"),
        (
            Sku(title="a", partner_id="x" * 121, price=Decimal(5), amount=Decimal(1)),
            "sku.partner_id",
        ),
    ],
)
def test_invalid_sku_rejected_before_sending(
    am: Both, router: respx.Router, sku: Sku, field: str
) -> None:
    with pytest.raises(RequestValidationError) as info:
        am.skus.create(501, sku)
    assert info.value.field == field
    assert not router.calls


def test_patch_price_rule(am: Both, router: respx.Router) -> None:
    with pytest.raises(RequestValidationError) as info:
        am.skus.merge_patch(501, 9001, SkuPatch(price=Decimal(10), sell_price=Decimal(12)))
    assert info.value.field == "patch.sell_price"
    assert not router.calls


def test_empty_path_id_rejected(am: Both, router: respx.Router) -> None:
    with pytest.raises(RequestValidationError) as info:
        am.skus.get(501, -1)
    assert info.value.field == "skuId"
    assert not router.calls


# --- images -------------------------------------------------------------------------------


def test_images_routes(am: Both, router: respx.Router) -> None:
    router.get("products/501/images").respond(json=[IMAGE])
    created = router.post("products/501/images").respond(json=IMAGE)
    router.get("products/501/images/3").respond(json=[IMAGE])  # the docs show an array here
    reorder = router.put("products/501/images").respond(json=dict(IMAGE, index=2))
    deleted = router.delete("products/501/images/3").respond(204)

    images = am.images.list(501)
    assert images[0].status is ImageStatus.PROCESSED
    new = am.images.create(501, Image(url="https://img.example/a.jpg", main=True, variation="Azul"))
    assert new.id == 3
    assert json.loads(created.calls.last.request.content) == {
        "url": "https://img.example/a.jpg",
        "main": True,
        "variation": "Azul",
    }
    assert am.images.get(501, 3).thumbnail_url == "https://cdn.example/t.jpg"
    moved = am.images.update(501, 3, index=2, main=True)
    assert moved is not None
    assert moved.index == 2
    assert json.loads(reorder.calls.last.request.content) == {"id": 3, "index": 2, "main": True}
    assert am.images.delete(501, 3) is None
    assert deleted.call_count == 1


def test_image_get_accepts_an_object_too(am: Both, router: respx.Router) -> None:
    router.get("products/501/images/3").respond(json=IMAGE)
    assert am.images.get(501, 3).id == 3


def test_image_get_with_empty_array_is_a_decode_error(am: Both, router: respx.Router) -> None:
    router.get("products/501/images/3").respond(json=[])
    with pytest.raises(ResponseDecodeError):
        am.images.get(501, 3)


def test_image_update_with_empty_body_returns_none(am: Both, router: respx.Router) -> None:
    router.put("products/501/images").respond(200)
    assert am.images.update(501, 3, index=1) is None


@pytest.mark.parametrize(
    ("image", "field"),
    [
        (Image(url=""), "image.url"),
        (Image(url="ftp://x/a.jpg"), "image.url"),
        (Image(url="https://x/a.jpg", index=0), "image.index"),
    ],
)
def test_invalid_image_rejected(am: Both, router: respx.Router, image: Image, field: str) -> None:
    with pytest.raises(RequestValidationError) as info:
        am.images.create(501, image)
    assert info.value.field == field
    assert not router.calls


def test_image_index_is_one_based(am: Both, router: respx.Router) -> None:
    with pytest.raises(RequestValidationError) as info:
        am.images.update(501, 3, index=0)
    assert info.value.field == "index"
    assert not router.calls
