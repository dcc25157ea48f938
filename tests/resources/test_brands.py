from __future__ import annotations

import json

import attrs
import pytest
import respx

from anymarket_sdk import NotFoundError, RequestValidationError
from anymarket_sdk.models import Brand, Marketplace
from tests.conftest import Both, page

BRAND = {"id": 7, "name": "Brastemp", "reducedName": "brastemp", "partnerId": "M-7"}


def test_list_sends_filters_and_decodes_page(am: Both, router: respx.Router) -> None:
    r = router.get("brands").respond(json=page([BRAND], size=20))
    result = am.brands.list(limit=20, offset=0, name="Bras", partner_id="M-7", sort="name")
    sent = r.calls.last.request
    assert dict(sent.url.params) == {
        "offset": "0",
        "limit": "20",
        "name": "Bras",
        "partnerId": "M-7",
        "sort": "name",
    }
    assert result.items == [Brand(id=7, name="Brastemp", reduced_name="brastemp", partner_id="M-7")]
    assert result.total == 1


def test_iter_walks_pages_until_short_page(am: Both, router: respx.Router) -> None:
    first = [dict(BRAND, id=i) for i in range(5)]
    r = router.get("brands").mock(
        side_effect=[
            respx.MockResponse(200, json=page(first, size=5, total=7)),
            respx.MockResponse(
                200, json=page([dict(BRAND, id=5), dict(BRAND, id=6)], offset=5, size=5, total=7)
            ),
        ]
    )
    brands = am.brands.iter(limit=5)
    assert [b.id for b in brands] == list(range(7))
    assert [c.request.url.params["offset"] for c in r.calls] == ["0", "5"]


def test_crud_routes(am: Both, router: respx.Router) -> None:
    router.get("brands/7").respond(json=BRAND)
    created = router.post("brands").respond(json=BRAND)
    updated = router.put("brands/7").respond(json=dict(BRAND, name="Nova"))
    deleted = router.delete("brands/7").respond(204)

    brand = am.brands.get(7)
    assert brand.partner_id == "M-7"
    assert am.brands.create(Brand(name="Brastemp", partner_id="M-7")).id == 7
    assert json.loads(created.calls.last.request.content) == {
        "name": "Brastemp",
        "partnerId": "M-7",
    }
    assert am.brands.update(7, attrs.evolve(brand, name="Nova")).name == "Nova"
    assert json.loads(updated.calls.last.request.content)["name"] == "Nova"
    assert am.brands.delete(7) is None
    assert deleted.call_count == 1


def test_marketplace_binding(am: Both, router: respx.Router) -> None:
    router.get("brands/7/marketplace/MERCADO_LIVRE").respond(
        json={"codeInMarketplace": "MLB1", "name": "Brastemp"}
    )
    bind = router.post("brands/7/bind/MERCADO_LIVRE").respond(
        json={"marketPlace": "MERCADO_LIVRE", "id": 7, "codeInMarketplace": "MLB1"}
    )
    rebind = router.put("brands/7/bind/MERCADO_LIVRE").respond(
        json={"marketPlace": "MERCADO_LIVRE", "id": 7, "codeInMarketplace": "MLB2"}
    )
    assert am.brands.get_in_marketplace(7, Marketplace.MERCADO_LIVRE).code_in_marketplace == "MLB1"
    assert am.brands.bind(7, "MERCADO_LIVRE", "MLB1").code_in_marketplace == "MLB1"
    assert json.loads(bind.calls.last.request.content) == {"codeInMarketplace": "MLB1"}
    assert am.brands.rebind(7, Marketplace.MERCADO_LIVRE, "MLB2").code_in_marketplace == "MLB2"
    assert rebind.call_count == 1


def test_find_by_partner_id_matches_exactly(am: Both, router: respx.Router) -> None:
    router.get("brands", params={"partnerId": "M-7"}).respond(
        json=page([dict(BRAND, partnerId="M-70"), BRAND])
    )
    found = am.brands.find_by_partner_id("M-7")
    assert found is not None
    assert found.id == 7


def test_find_by_partner_id_none_when_absent(am: Both, router: respx.Router) -> None:
    router.get("brands").respond(json=page([]))
    assert am.brands.find_by_partner_id("nope") is None


def test_find_by_name_is_case_insensitive(am: Both, router: respx.Router) -> None:
    router.get("brands", params={"name": "brastemp"}).respond(json=page([BRAND]))
    found = am.brands.find_by_name("brastemp")
    assert found is not None
    assert found.name == "Brastemp"


def test_not_found_is_typed(am: Both, router: respx.Router) -> None:
    router.get("brands/9").respond(
        404, json={"code": "404", "message": "Recurso com o id '9' não encontrado."}
    )
    with pytest.raises(NotFoundError) as info:
        am.brands.get(9)
    assert str(info.value) == "404 GET brands/9: Recurso com o id '9' não encontrado."


@pytest.mark.parametrize(
    ("brand", "field"),
    [
        (Brand(name=""), "brand.name"),
        (Brand(name="x" * 256), "brand.name"),
        (Brand(name="ok", reduced_name="x" * 31), "brand.reduced_name"),
    ],
)
def test_invalid_brand_rejected_before_sending(
    am: Both, router: respx.Router, brand: Brand, field: str
) -> None:
    with pytest.raises(RequestValidationError) as info:
        am.brands.create(brand)
    assert info.value.field == field
    assert not router.calls


def test_lowercase_marketplace_rejected(am: Both, router: respx.Router) -> None:
    with pytest.raises(RequestValidationError, match="marketplace"):
        am.brands.bind(7, "mercado_livre", "MLB1")
    assert not router.calls
