from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
import respx

from anymarket_sdk import NotFoundError, RequestValidationError
from anymarket_sdk.models import Marketplace
from anymarket_sdk.models.logistics import FulfillmentDocument, FulfillmentDocumentType
from tests.conftest import Both, ClientFactory, page

BRT = timezone(timedelta(hours=-3))
URL = "https://s3.us-east-1.amazonaws.com/xml.anymarket.com.br/nfe/152273594.xml"
DOC = {
    "id": 43109,
    "idOrder": 107032238,
    "url": URL,
    "marketplace": "MAGAZINE_LUIZA",
    "type": "SALE",
}


def test_list_sends_filters_and_decodes_the_page(am: Both, router: respx.Router) -> None:
    r = router.get("fulfillment/MAGAZINE_LUIZA/documents").respond(json=page([DOC], size=20))
    result = am.fulfillment.list(
        Marketplace.MAGAZINE_LUIZA,
        limit=20,
        offset=40,
        order_id=107032238,
        document_id=43109,
        document_type=FulfillmentDocumentType.SALE,
        created_after=datetime(2022, 11, 25, 14, 0, tzinfo=BRT),
        created_before=datetime(2022, 11, 25, 23, 30, tzinfo=UTC),
    )
    assert dict(r.calls.last.request.url.params) == {
        "offset": "40",
        "limit": "20",
        "idOrder": "107032238",
        "idDocument": "43109",
        "type": "SALE",
        "createdAfter": "2022-11-25T14:00:00-03:00",
        "createdBefore": "2022-11-25T23:30:00+00:00",
    }
    assert result.items == [
        FulfillmentDocument(
            id=43109,
            id_order=107032238,
            url=URL,
            marketplace=Marketplace.MAGAZINE_LUIZA,
            type=FulfillmentDocumentType.SALE,
        )
    ]
    assert result.total == 1


def test_list_without_filters_sends_only_paging(am: Both, router: respx.Router) -> None:
    r = router.get("fulfillment/MAGAZINE_LUIZA/documents").respond(json=page([]))
    assert am.fulfillment.list("MAGAZINE_LUIZA").items == []
    assert dict(r.calls.last.request.url.params) == {"offset": "0", "limit": "50"}


def test_document_type_is_sent_in_the_documented_spelling(am: Both, router: respx.Router) -> None:
    r = router.get("fulfillment/MAGAZINE_LUIZA/documents").respond(json=page([]))
    am.fulfillment.list("MAGAZINE_LUIZA", document_type="inbound")
    am.fulfillment.list("MAGAZINE_LUIZA", document_type="RETURN")
    assert [c.request.url.params["type"] for c in r.calls] == ["INBOUND", "RETURN"]


def test_iter_walks_every_page(am: Both, router: respx.Router) -> None:
    first = [dict(DOC, id=i) for i in range(1, 6)]
    r = router.get("fulfillment/MAGAZINE_LUIZA/documents").mock(
        side_effect=[
            respx.MockResponse(200, json=page(first, size=5, total=7)),
            respx.MockResponse(
                200, json=page([dict(DOC, id=6), dict(DOC, id=7)], offset=5, size=5, total=7)
            ),
        ]
    )
    docs = am.fulfillment.iter("MAGAZINE_LUIZA", limit=5, order_id=107032238)
    assert [d.id for d in docs] == list(range(1, 8))
    assert [c.request.url.params["offset"] for c in r.calls] == ["0", "5"]
    assert all(c.request.url.params["idOrder"] == "107032238" for c in r.calls)


def test_iter_stops_at_max_items(am: Both, router: respx.Router) -> None:
    r = router.get("fulfillment/MAGAZINE_LUIZA/documents").respond(
        json=page([dict(DOC, id=i) for i in range(5)], size=5, total=50)
    )
    assert len(am.fulfillment.iter("MAGAZINE_LUIZA", limit=5, max_items=3)) == 3
    assert r.call_count == 1


def test_inbound_in_any_case_and_unknown_types(
    make_client: ClientFactory, router: respx.Router
) -> None:
    am = make_client(strict=False)
    router.get("fulfillment/MAGAZINE_LUIZA/documents").respond(
        json=page(
            [dict(DOC, type="Inbound"), dict(DOC, id=2, type="REMESSA", marketplace="NEW_MP")]
        )
    )
    inbound, other = am.fulfillment.list("MAGAZINE_LUIZA").items
    assert inbound.type is FulfillmentDocumentType.INBOUND
    assert other.type == "REMESSA"
    assert other.type is not None
    assert not other.type.is_known
    assert other.marketplace == "NEW_MP"


def test_unknown_marketplace_is_a_typed_error(am: Both, router: respx.Router) -> None:
    router.get("fulfillment/NETSHOES/documents").respond(
        404, json={"code": "404", "message": "Documento não encontrado."}
    )
    with pytest.raises(NotFoundError):
        am.fulfillment.list(Marketplace.NETSHOES)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"marketplace": "magazine_luiza"}, "marketplace"),
        ({"marketplace": ""}, "marketplace"),
        ({"limit": 4}, "limit"),
        ({"limit": 101}, "limit"),
        ({"offset": -1}, "offset"),
        ({"order_id": 0}, "order_id"),
        ({"order_id": "107"}, "order_id"),
        ({"document_id": -1}, "document_id"),
        ({"document_type": ""}, "document_type"),
        ({"created_after": datetime(2022, 11, 25)}, "created_after"),  # noqa: DTZ001
        ({"created_before": datetime(2022, 11, 25)}, "created_before"),  # noqa: DTZ001
        ({"created_after": "2022-11-25"}, "created_after"),
        (
            {
                "created_after": datetime(2022, 11, 26, tzinfo=UTC),
                "created_before": datetime(2022, 11, 25, tzinfo=UTC),
            },
            "created_after",
        ),
    ],
)
def test_invalid_filters_are_rejected_before_sending(
    am: Both, router: respx.Router, kwargs: dict[str, Any], field: str
) -> None:
    args: dict[str, Any] = {"marketplace": "MAGAZINE_LUIZA", **kwargs}
    with pytest.raises(RequestValidationError) as info:
        am.fulfillment.list(**args)
    assert info.value.field == field
    assert not router.calls


def test_iter_validates_before_sending(am: Both, router: respx.Router) -> None:
    with pytest.raises(RequestValidationError) as info:
        am.fulfillment.iter("MAGAZINE_LUIZA", created_after=datetime(2022, 1, 1))  # noqa: DTZ001
    assert info.value.field == "created_after"
    assert not router.calls
