from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
import respx

from anymarket_sdk import RequestValidationError
from anymarket_sdk.models import Marketplace
from anymarket_sdk.models.transmissions import (
    PublicationStatus,
    Transmission,
    TransmissionStatus,
    TransmissionUpdate,
)
from tests.conftest import Both, ClientFactory, page


def transmission_json(**over: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": 88001,
        "accountName": "Loja Principal",
        "description": "<p>Copo de vidro</p>",
        "category": {"id": 10, "name": "Cozinha", "path": "Casa/Cozinha"},
        "brand": {"id": 7, "name": "Brastemp"},
        "product": {"id": 501, "title": "Liquidificador Turbo"},
        "nbm": {"id": "85094050", "description": "Liquidificadores"},
        "origin": {"id": 0, "description": "Nacional"},
        "model": "LT-12",
        "videoUrl": "https://video.example/lt12",
        "warrantyTime": 12,
        "warrantyText": "12 meses",
        "height": 40.5,
        "width": 20,
        "weight": 3.25,
        "length": 20,
        "status": "OK",
        "transmissionMessage": "",
        "publicationStatus": "ACTIVE",
        "marketPlaceStatus": "active",
        "priceFactor": 1.5,
        "sku": {
            "id": 9001,
            "title": "Liquidificador Turbo 110V",
            "partnerId": "LT12-110",
            "ean": "7891234567895",
            "price": 249.90,
            "amount": 3,
            "discountPrice": 199.90,
            "variations": [
                {
                    "id": 31,
                    "description": "110V",
                    "type": {"id": 3, "name": "Voltagem", "visualVariation": False},
                }
            ],
        },
        "characteristics": [{"index": 1, "name": "Potência", "value": "1200W"}],
        "images": [{"id": 1, "index": 1, "main": True, "url": "https://img.example/1.jpg"}],
    }
    body.update(over)
    return body


def test_list_sends_paging_and_decodes(am: Both, router: respx.Router) -> None:
    r = router.get("transmissions").respond(json=page([transmission_json()], size=20))
    result = am.transmissions.list(offset=0, limit=20, sort="id")
    assert dict(r.calls.last.request.url.params) == {"offset": "0", "limit": "20", "sort": "id"}
    (t,) = result.items
    assert isinstance(t, Transmission)
    assert t.status == TransmissionStatus.OK
    assert t.publication_status is PublicationStatus.ACTIVE
    assert t.market_place_status == "active"
    assert t.price_factor == Decimal("1.5")
    assert t.sku is not None
    assert t.sku.price == Decimal("249.90")
    assert t.sku.discount_price == Decimal("199.90")
    assert t.sku.variations[0].type is not None
    assert t.sku.variations[0].type.name == "Voltagem"
    assert t.images[0].main is True
    assert t.characteristics[0].value == "1200W"


def test_iter_walks_pages(am: Both, router: respx.Router) -> None:
    r = router.get("transmissions").mock(
        side_effect=[
            respx.MockResponse(
                200, json=page([transmission_json(id=i) for i in range(5)], size=5, total=6)
            ),
            respx.MockResponse(200, json=page([transmission_json(id=5)], offset=5, total=6)),
        ]
    )
    assert [t.id for t in am.transmissions.iter(limit=5)] == list(range(6))
    assert [c.request.url.params["offset"] for c in r.calls] == ["0", "5"]


@pytest.mark.parametrize("transmission_id", [88001, "88001"])
def test_get_uses_the_feed_id_verbatim(
    am: Both, router: respx.Router, transmission_id: int | str
) -> None:
    r = router.get("transmissions/88001").respond(json=transmission_json())
    assert am.transmissions.get(transmission_id).id == 88001
    assert r.call_count == 1


def test_update_sends_the_documented_spelling(am: Both, router: respx.Router) -> None:
    r = router.put("transmissions/88001").respond(
        json=transmission_json(publicationStatus="PAUSED", marketPlaceStatus="paused")
    )
    result = am.transmissions.update(
        88001,
        TransmissionUpdate(
            publication_status=PublicationStatus.PAUSED, market_place_status="paused"
        ),
    )
    assert json.loads(r.calls.last.request.content) == {
        "publicationStatus": "PAUSED",
        "marketPlaceStatus": "paused",
    }
    assert r.calls.last.request.headers["Content-Type"] == "application/json"
    assert result.publication_status == PublicationStatus.PAUSED


def test_update_accepts_plain_status_text_and_extra_keys(am: Both, router: respx.Router) -> None:
    r = router.put("transmissions/88001").respond(json=transmission_json())
    am.transmissions.update(
        "88001",
        TransmissionUpdate(
            publication_status="ACTIVE",  # type: ignore[arg-type]
            extra={"marketplaceStatus": "ativo", "permalink": "https://ml.example/1"},
        ),
    )
    assert json.loads(r.calls.last.request.content) == {
        "publicationStatus": "ACTIVE",
        "marketplaceStatus": "ativo",
        "permalink": "https://ml.example/1",
    }


def test_java_sdk_spelling_of_marketplace_status_is_read(am: Both, router: respx.Router) -> None:
    body = transmission_json()
    del body["marketPlaceStatus"]
    body["marketplaceStatus"] = "under_review"
    router.get("transmissions/88001").respond(json=body)
    assert am.transmissions.get(88001).market_place_status == "under_review"


def test_same_status_under_both_spellings_is_read_once(am: Both, router: respx.Router) -> None:
    body = transmission_json(marketPlaceStatus="active", marketplaceStatus="active")
    router.get("transmissions").respond(json=page([body]))
    assert am.transmissions.list().items[0].market_place_status == "active"


def test_sku_variations_as_a_map_are_read(am: Both, router: respx.Router) -> None:
    body = transmission_json()
    body["sku"] = dict(body["sku"], variations={"Cor": "Azul"})
    router.get("transmissions/88001").respond(json=body)
    sku = am.transmissions.get(88001).sku
    assert sku is not None
    assert sku.variations[0].description == "Azul"
    assert sku.variations[0].type is not None
    assert sku.variations[0].type.name == "Cor"


def test_unknown_and_java_sdk_statuses(make_client: ClientFactory, router: respx.Router) -> None:
    lenient = make_client(strict=False)
    router.get("transmissions/1").respond(json=transmission_json(id=1, status="RETRY"))
    router.get("transmissions/2").respond(
        json=transmission_json(id=2, status="QUEUED", publicationStatus="ARCHIVED")
    )
    assert lenient.transmissions.get(1).status is TransmissionStatus.RETRY
    t = lenient.transmissions.get(2)
    assert t.status == "QUEUED"
    assert t.status is not None
    assert not t.status.is_known
    assert t.publication_status == "ARCHIVED"


def test_list_for_marketplace_sends_status_filter(am: Both, router: respx.Router) -> None:
    r = router.get("transmissions/marketplace/MERCADO_LIVRE").respond(
        json=page([transmission_json()], size=10)
    )
    result = am.transmissions.list_for_marketplace(
        Marketplace.MERCADO_LIVRE,
        offset=10,
        limit=10,
        sort="id",
        status_filter=[PublicationStatus.ACTIVE, "PAUSED"],
    )
    assert dict(r.calls.last.request.url.params) == {
        "offset": "10",
        "limit": "10",
        "sort": "id",
        "statusFilter": "ACTIVE,PAUSED",
    }
    assert result.offset == 10
    assert len(result) == 1


def test_iter_for_marketplace_keeps_the_filter(am: Both, router: respx.Router) -> None:
    r = router.get("transmissions/marketplace/SHOPEE").mock(
        side_effect=[
            respx.MockResponse(
                200, json=page([transmission_json(id=i) for i in range(5)], size=5, total=9)
            ),
            respx.MockResponse(200, json=page([], offset=5, total=9)),
        ]
    )
    items = am.transmissions.iter_for_marketplace("SHOPEE", limit=5, status_filter=["UNPUBLISHED"])
    assert len(items) == 5
    assert [dict(c.request.url.params) for c in r.calls] == [
        {"offset": "0", "limit": "5", "statusFilter": "UNPUBLISHED"},
        {"offset": "5", "limit": "5", "statusFilter": "UNPUBLISHED"},
    ]


def test_marketplace_listing_without_filter_sends_none(am: Both, router: respx.Router) -> None:
    r = router.get("transmissions/marketplace/AMAZON").respond(json=page([]))
    am.transmissions.list_for_marketplace("AMAZON")
    assert "statusFilter" not in r.calls.last.request.url.params


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda am: am.transmissions.update(1, TransmissionUpdate()), "update"),
        (
            lambda am: am.transmissions.update(
                1, TransmissionUpdate(market_place_status="x" * 256)
            ),
            "update.market_place_status",
        ),
        (
            lambda am: am.transmissions.update(
                1,
                TransmissionUpdate(publication_status="paused"),  # type: ignore[arg-type]
            ),
            "update.publication_status",
        ),
        (lambda am: am.transmissions.update(1, {"publicationStatus": "ACTIVE"}), "update"),
        (lambda am: am.transmissions.get("12a"), "transmission_id"),
        (lambda am: am.transmissions.get(" 12"), "transmission_id"),
        (lambda am: am.transmissions.get(-1), "transmission_id"),
        (lambda am: am.transmissions.get(True), "transmission_id"),
        (lambda am: am.transmissions.list(limit=4), "limit"),
        (lambda am: am.transmissions.list(offset=-1), "offset"),
        (lambda am: am.transmissions.list_for_marketplace("mercado_livre"), "marketplace"),
        (
            lambda am: am.transmissions.list_for_marketplace("AMAZON", status_filter=["active"]),
            "status_filter[0]",
        ),
        (
            lambda am: am.transmissions.list_for_marketplace("AMAZON", status_filter="ACTIVE"),
            "status_filter",
        ),
        (
            lambda am: am.transmissions.list_for_marketplace(
                "AMAZON", status_filter=["ACTIVE,PAUSED"]
            ),
            "status_filter[0]",
        ),
    ],
)
def test_invalid_input_rejected_before_sending(
    am: Both, router: respx.Router, call: Any, field: str
) -> None:
    with pytest.raises(RequestValidationError) as info:
        call(am)
    assert info.value.field == field
    assert not router.calls
