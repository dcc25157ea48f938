from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
import respx

from anymarket_sdk import Page, RequestValidationError, ResponseDecodeError
from anymarket_sdk.models import Marketplace
from anymarket_sdk.models.campaigns import Campaign, CampaignStatus
from tests.conftest import Both


def campaign_json(**over: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": 203,
        "title": "Semana do Consumidor",
        "idAccount": "1",
        "accountName": "ECOMMERCE",
        "description": "Descontos de março",
        "initialDate": "2022-09-03T09:32:42.041Z",
        "finalDate": "2022-09-07T09:32:42.041Z",
        "marketplace": "ECOMMERCE",
        "status": "SCHEDULED",
        "productsCount": 12,
    }
    body.update(over)
    return body


def envelope(
    items: list[dict[str, Any]], *, start: int = 0, size: int = 5, count: int | None = None
) -> dict[str, Any]:
    return {
        "pageSize": size,
        "count": len(items) if count is None else count,
        "start": start,
        "values": items,
    }


def test_list_sends_filters_and_returns_a_page(am: Both, router: respx.Router) -> None:
    r = router.get("campaigns").respond(json=envelope([campaign_json()], size=20, count=64))
    result = am.campaigns.list(offset=0, limit=20, status=CampaignStatus.SCHEDULED)
    assert dict(r.calls.last.request.url.params) == {
        "offset": "0",
        "limit": "20",
        "status": "SCHEDULED",
    }
    assert isinstance(result, Page)
    assert result.total == 64
    assert (result.offset, result.limit) == (0, 20)
    (c,) = result.items
    assert c == Campaign(
        id=203,
        title="Semana do Consumidor",
        description="Descontos de março",
        id_account="1",
        account_name="ECOMMERCE",
        marketplace=Marketplace.ECOMMERCE,
        status=CampaignStatus.SCHEDULED,
        initial_date=datetime(2022, 9, 3, 9, 32, 42, 41000, tzinfo=UTC),
        final_date=datetime(2022, 9, 7, 9, 32, 42, 41000, tzinfo=UTC),
        products_count=12,
    )
    assert c.initial_date is not None
    assert c.initial_date.utcoffset() is not None


def test_iter_walks_the_campaign_envelope(am: Both, router: respx.Router) -> None:
    r = router.get("campaigns").mock(
        side_effect=[
            respx.MockResponse(
                200, json=envelope([campaign_json(id=i) for i in range(5)], count=7)
            ),
            respx.MockResponse(
                200,
                json=envelope([campaign_json(id=5), campaign_json(id=6)], start=5, count=7),
            ),
        ]
    )
    campaigns = am.campaigns.iter(limit=5, status="ACTIVE")
    assert [c.id for c in campaigns] == list(range(7))
    assert [dict(c.request.url.params) for c in r.calls] == [
        {"offset": "0", "limit": "5", "status": "ACTIVE"},
        {"offset": "5", "limit": "5", "status": "ACTIVE"},
    ]


def test_iter_stops_when_count_is_reached(am: Both, router: respx.Router) -> None:
    r = router.get("campaigns").respond(
        json=envelope([campaign_json(id=i) for i in range(5)], count=5)
    )
    assert len(am.campaigns.iter(limit=5)) == 5
    assert r.call_count == 1


def test_iter_stops_on_an_empty_page(am: Both, router: respx.Router) -> None:
    r = router.get("campaigns").mock(
        side_effect=[
            respx.MockResponse(
                200, json=envelope([campaign_json(id=i) for i in range(5)], count=10)
            ),
            respx.MockResponse(200, json={"pageSize": 5, "start": 5, "values": []}),
        ]
    )
    assert len(am.campaigns.iter(limit=5, max_items=50)) == 5
    assert r.call_count == 2


def test_iter_respects_max_items(am: Both, router: respx.Router) -> None:
    r = router.get("campaigns").respond(
        json=envelope([campaign_json(id=i) for i in range(5)], count=40)
    )
    assert [c.id for c in am.campaigns.iter(limit=5, max_items=3)] == [0, 1, 2]
    assert r.call_count == 1


def test_get_reads_a_numeric_account_id(am: Both, router: respx.Router) -> None:
    # the official Java SDK reads idAccount as a number; both spellings decode to text
    router.get("campaigns/203").respond(json=campaign_json(idAccount=1, status="ACTIVE"))
    c = am.campaigns.get(203)
    assert c.id_account == "1"
    assert c.status is CampaignStatus.ACTIVE


def test_envelope_of_another_shape_is_a_decode_error(am: Both, router: respx.Router) -> None:
    router.get("campaigns").respond(json={"pageSize": 5, "values": {"id": 1}})
    with pytest.raises(ResponseDecodeError):
        am.campaigns.list()


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda am: am.campaigns.list(status="active"), "status"),
        (lambda am: am.campaigns.list(status=""), "status"),
        (lambda am: am.campaigns.list(limit=0), "limit"),
        (lambda am: am.campaigns.list(limit=101), "limit"),
        (lambda am: am.campaigns.list(offset=-5), "offset"),
    ],
)
def test_invalid_input_rejected_before_sending(
    am: Both, router: respx.Router, call: Any, field: str
) -> None:
    with pytest.raises(RequestValidationError) as info:
        call(am)
    assert info.value.field == field
    assert not router.calls
