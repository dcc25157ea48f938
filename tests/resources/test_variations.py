from __future__ import annotations

import json
from typing import Any

import attrs
import pytest
import respx

from anymarket_sdk import NotFoundError, RequestValidationError, ResponseDecodeError
from anymarket_sdk.models import VariationType, VariationValue
from tests.conftest import Both, ClientFactory, page

AZUL: dict[str, Any] = {"id": 101, "description": "Azul", "partnerId": "AZ"}
VERDE: dict[str, Any] = {"id": 102, "description": "Verde", "partnerId": "VD"}
COR: dict[str, Any] = {
    "id": 3,
    "name": "Cor",
    "partnerId": "COR",
    "visualVariation": True,
    "values": [AZUL, VERDE],
}
TAMANHO: dict[str, Any] = {
    "id": 4,
    "name": "Tamanho",
    "partnerId": "TAM",
    "visualVariation": False,
    "values": [],
}


def test_list_sends_filters_and_decodes_page(am: Both, router: respx.Router) -> None:
    r = router.get("variations").respond(json=page([COR, TAMANHO], size=20))
    result = am.variations.list(offset=40, limit=20, name="Cor", partner_id="COR", sort="name")
    assert dict(r.calls.last.request.url.params) == {
        "offset": "40",
        "limit": "20",
        "name": "Cor",
        "partnerId": "COR",
        "sort": "name",
    }
    assert result.items == [
        VariationType(
            id=3,
            name="Cor",
            partner_id="COR",
            visual_variation=True,
            values=[
                VariationValue(id=101, description="Azul", partner_id="AZ"),
                VariationValue(id=102, description="Verde", partner_id="VD"),
            ],
        ),
        VariationType(id=4, name="Tamanho", partner_id="TAM", visual_variation=False),
    ]
    assert result.total == 2
    assert (result.offset, result.limit) == (40, 20)


def test_list_defaults_send_offset_and_limit_only(am: Both, router: respx.Router) -> None:
    r = router.get("variations").respond(json=page([]))
    assert am.variations.list().items == []
    assert dict(r.calls.last.request.url.params) == {"offset": "0", "limit": "50"}


def test_iter_walks_pages_until_short_page(am: Both, router: respx.Router) -> None:
    first = [dict(COR, id=i) for i in range(5)]
    r = router.get("variations").mock(
        side_effect=[
            respx.MockResponse(200, json=page(first, size=5, total=7)),
            respx.MockResponse(
                200, json=page([dict(COR, id=5), dict(COR, id=6)], offset=5, size=5, total=7)
            ),
        ]
    )
    types = am.variations.iter(limit=5, name="Cor", partner_id="COR", sort="name")
    assert [t.id for t in types] == list(range(7))
    assert [c.request.url.params["offset"] for c in r.calls] == ["0", "5"]
    for call in r.calls:
        params = call.request.url.params
        assert (params["limit"], params["name"], params["partnerId"], params["sort"]) == (
            "5",
            "Cor",
            "COR",
            "name",
        )


def test_iter_stops_on_empty_page(am: Both, router: respx.Router) -> None:
    r = router.get("variations").mock(
        side_effect=[
            respx.MockResponse(200, json=page([dict(COR, id=i) for i in range(5)], size=5)),
            respx.MockResponse(200, json=page([], offset=5, size=5, total=5)),
        ]
    )
    assert len(am.variations.iter(limit=5)) == 5
    assert r.call_count == 1


def test_crud_routes(am: Both, router: respx.Router) -> None:
    got = router.get("variations/3").respond(json=COR)
    created = router.post("variations").respond(json=COR)
    updated = router.put("variations/3").respond(json=dict(COR, name="Cores"))
    deleted = router.delete("variations/3").respond(204)

    vt = am.variations.get(3)
    assert got.calls.last.request.url.path == "/v2/variations/3"
    assert vt.visual_variation is True
    assert [v.description for v in vt.values] == ["Azul", "Verde"]

    made = am.variations.create(
        VariationType(
            name="Cor",
            partner_id="COR",
            visual_variation=True,
            values=[VariationValue(description="Azul", partner_id="AZ")],
        )
    )
    assert json.loads(created.calls.last.request.content) == {
        "name": "Cor",
        "partnerId": "COR",
        "visualVariation": True,
        "values": [{"description": "Azul", "partnerId": "AZ"}],
    }
    assert made.id == 3

    result = am.variations.update(
        3, VariationType(name="Cores", partner_id="COR", visual_variation=False)
    )
    assert json.loads(updated.calls.last.request.content) == {
        "name": "Cores",
        "partnerId": "COR",
        "visualVariation": False,
    }
    assert result.name == "Cores"

    assert am.variations.delete(3) is None
    assert deleted.call_count == 1


def test_create_minimal_body_has_name_only(am: Both, router: respx.Router) -> None:
    created = router.post("variations").respond(json=TAMANHO)
    am.variations.create(VariationType(name="Tamanho"))
    assert json.loads(created.calls.last.request.content) == {"name": "Tamanho"}


def test_get_missing_type_is_not_found(am: Both, router: respx.Router) -> None:
    router.get("variations/9").respond(
        404, json={"code": "404", "message": "Recurso com o id '9' não encontrado."}
    )
    with pytest.raises(NotFoundError):
        am.variations.get(9)


def test_values_list_sends_filters_and_decodes_page(am: Both, router: respx.Router) -> None:
    r = router.get("variations/3/values").respond(json=page([AZUL, VERDE], size=10))
    result = am.variations.list_values(3, offset=10, limit=10, partner_id="AZ")
    assert dict(r.calls.last.request.url.params) == {
        "offset": "10",
        "limit": "10",
        "partnerId": "AZ",
    }
    assert result.items == [
        VariationValue(id=101, description="Azul", partner_id="AZ"),
        VariationValue(id=102, description="Verde", partner_id="VD"),
    ]
    assert result.total == 2


def test_iter_values_walks_pages(am: Both, router: respx.Router) -> None:
    first = [dict(AZUL, id=i) for i in range(5)]
    r = router.get("variations/3/values").mock(
        side_effect=[
            respx.MockResponse(200, json=page(first, size=5, total=6)),
            respx.MockResponse(200, json=page([dict(AZUL, id=5)], offset=5, size=5, total=6)),
        ]
    )
    values = am.variations.iter_values(3, limit=5, partner_id="AZ")
    assert [v.id for v in values] == list(range(6))
    assert [c.request.url.params["offset"] for c in r.calls] == ["0", "5"]
    assert {c.request.url.params["limit"] for c in r.calls} == {"5"}
    assert {c.request.url.params["partnerId"] for c in r.calls} == {"AZ"}


def test_iter_values_max_items(am: Both, router: respx.Router) -> None:
    r = router.get("variations/3/values").respond(
        json=page([dict(AZUL, id=i) for i in range(5)], size=5, total=50)
    )
    assert [v.id for v in am.variations.iter_values(3, limit=5, max_items=2)] == [0, 1]
    assert r.call_count == 1


def test_value_routes(am: Both, router: respx.Router) -> None:
    got = router.get("variations/3/values/101").respond(json=AZUL)
    created = router.post("variations/3/values").respond(json=AZUL)
    updated = router.put("variations/3/values/101").respond(
        json=dict(AZUL, description="Azul Marinho")
    )
    deleted = router.delete("variations/3/values/101").respond(204)

    value = am.variations.get_value(3, 101)
    assert got.call_count == 1
    assert value == VariationValue(id=101, description="Azul", partner_id="AZ")

    made = am.variations.create_value(3, VariationValue(description="Azul", partner_id="AZ"))
    assert json.loads(created.calls.last.request.content) == {
        "description": "Azul",
        "partnerId": "AZ",
    }
    assert made.id == 101

    result = am.variations.update_value(3, 101, attrs.evolve(value, description="Azul Marinho"))
    assert json.loads(updated.calls.last.request.content) == {
        "id": 101,
        "description": "Azul Marinho",
        "partnerId": "AZ",
    }
    assert result.description == "Azul Marinho"

    assert am.variations.delete_value(3, 101) is None
    assert deleted.call_count == 1


def test_value_id_sent_as_json_number_is_decoded(am: Both, router: respx.Router) -> None:
    router.get("variations/3/values/101").respond(
        content=b'{"id": 101.0, "description": "Azul"}',
        headers={"Content-Type": "application/json"},
    )
    assert am.variations.get_value(3, 101).id == 101


def test_find_by_partner_id_matches_exactly(am: Both, router: respx.Router) -> None:
    r = router.get("variations", params={"partnerId": "COR"}).respond(
        json=page([dict(COR, id=30, partnerId="COR-2"), COR, dict(COR, id=31, partnerId="cor")])
    )
    found = am.variations.find_by_partner_id("COR")
    assert found is not None
    assert found.id == 3
    assert r.call_count == 1
    assert r.calls.last.request.url.params["limit"] == "100"


def test_find_by_partner_id_none_when_absent(am: Both, router: respx.Router) -> None:
    router.get("variations").respond(json=page([dict(COR, partnerId="COR-2")]))
    assert am.variations.find_by_partner_id("COR") is None


def test_find_by_name_is_case_insensitive(am: Both, router: respx.Router) -> None:
    r = router.get("variations", params={"name": "cor"}).respond(
        json=page([dict(COR, id=30, name="Cores"), dict(COR, name="COR")])
    )
    found = am.variations.find_by_name("cor")
    assert found is not None
    assert found.id == 3
    assert found.name == "COR"
    assert r.calls.last.request.url.params["limit"] == "100"


def test_find_by_name_walks_pages(am: Both, router: respx.Router) -> None:
    near = [dict(COR, id=i, name=f"Cor {i}") for i in range(100)]
    r = router.get("variations").mock(
        side_effect=[
            respx.MockResponse(200, json=page(near, size=100, total=101)),
            respx.MockResponse(200, json=page([COR], offset=100, size=100, total=101)),
        ]
    )
    found = am.variations.find_by_name("Cor")
    assert found is not None
    assert found.id == 3
    assert [c.request.url.params["offset"] for c in r.calls] == ["0", "100"]


def test_find_by_name_none_when_absent(am: Both, router: respx.Router) -> None:
    router.get("variations").respond(json=page([dict(COR, name="Cores")]))
    assert am.variations.find_by_name("Cor") is None


def test_lenient_client_keeps_unknown_fields(
    make_client: ClientFactory, router: respx.Router
) -> None:
    lenient = make_client(strict=False)
    router.get("variations/3").respond(
        json=dict(COR, createdAt="2024-01-01", values=[dict(AZUL, hex="#00f")])
    )
    updated = router.put("variations/3/values/101").respond(json=AZUL)
    vt = lenient.variations.get(3)
    assert vt.extra == {"createdAt": "2024-01-01"}
    assert vt.values[0].extra == {"hex": "#00f"}
    lenient.variations.update_value(3, 101, vt.values[0])
    assert json.loads(updated.calls.last.request.content) == {
        "id": 101,
        "description": "Azul",
        "partnerId": "AZ",
        "hex": "#00f",
    }


def test_strict_client_rejects_unknown_field(am: Both, router: respx.Router) -> None:
    router.get("variations/3").respond(json=dict(COR, values=[dict(AZUL, hex="#00f")]))
    with pytest.raises(ResponseDecodeError) as info:
        am.variations.get(3)
    assert "hex" in str(info.value)


@pytest.mark.parametrize(
    ("vt", "field"),
    [
        (VariationType(name=""), "variation_type.name"),
        (VariationType(name="  "), "variation_type.name"),
        (VariationType(name="x" * 201), "variation_type.name"),
        (
            VariationType(name="Cor", values=[VariationValue(description="")]),
            "variation_type.values[0].description",
        ),
        (
            VariationType(
                name="Cor",
                values=[
                    VariationValue(description="Azul"),
                    VariationValue(description="Verde", partner_id="p" * 101),
                ],
            ),
            "variation_type.values[1].partner_id",
        ),
    ],
)
def test_invalid_type_rejected_before_sending(
    am: Both, router: respx.Router, vt: VariationType, field: str
) -> None:
    with pytest.raises(RequestValidationError) as info:
        am.variations.create(vt)
    assert info.value.field == field
    with pytest.raises(RequestValidationError) as info:
        am.variations.update(3, vt)
    assert info.value.field == field
    assert not router.calls


def test_partner_id_over_40_rejected_on_update_only(am: Both, router: respx.Router) -> None:
    created = router.post("variations").respond(json=COR)
    long_id = VariationType(name="Cor", partner_id="p" * 41)
    with pytest.raises(RequestValidationError) as info:
        am.variations.update(3, long_id)
    assert info.value.field == "variation_type.partner_id"
    assert not router.calls
    am.variations.create(long_id)
    assert json.loads(created.calls.last.request.content) == {"name": "Cor", "partnerId": "p" * 41}


def test_partner_id_of_40_accepted_on_update(am: Both, router: respx.Router) -> None:
    updated = router.put("variations/3").respond(json=COR)
    am.variations.update(3, VariationType(name="Cor", partner_id="p" * 40))
    assert json.loads(updated.calls.last.request.content)["partnerId"] == "p" * 40


@pytest.mark.parametrize(
    ("value", "field"),
    [
        (VariationValue(description=""), "value.description"),
        (VariationValue(description=" "), "value.description"),
        (VariationValue(description="x" * 4001), "value.description"),
        (VariationValue(description="Azul", partner_id="p" * 101), "value.partner_id"),
    ],
)
def test_invalid_value_rejected_before_sending(
    am: Both, router: respx.Router, value: VariationValue, field: str
) -> None:
    with pytest.raises(RequestValidationError) as info:
        am.variations.create_value(3, value)
    assert info.value.field == field
    with pytest.raises(RequestValidationError) as info:
        am.variations.update_value(3, 101, value)
    assert info.value.field == field
    assert not router.calls


@pytest.mark.parametrize("limit", [4, 101])
@pytest.mark.parametrize(
    ("method", "args"), [("list", ()), ("iter", ()), ("list_values", (3,)), ("iter_values", (3,))]
)
def test_limit_out_of_range_rejected(
    am: Both, router: respx.Router, method: str, args: tuple[int, ...], limit: int
) -> None:
    with pytest.raises(RequestValidationError) as info:
        getattr(am.variations, method)(*args, limit=limit)
    assert info.value.field == "limit"
    assert not router.calls


def test_empty_lookup_keys_rejected(am: Both, router: respx.Router) -> None:
    with pytest.raises(RequestValidationError) as info:
        am.variations.find_by_partner_id("")
    assert info.value.field == "partner_id"
    with pytest.raises(RequestValidationError) as info:
        am.variations.find_by_name(" ")
    assert info.value.field == "name"
    assert not router.calls


def test_wrong_model_type_rejected(am: Both, router: respx.Router) -> None:
    with pytest.raises(RequestValidationError) as info:
        am.variations.create_value(3, {"description": "Azul"})
    assert info.value.field == "value"
    with pytest.raises(RequestValidationError) as info:
        am.variations.create(VariationType(name="Cor", values=["Azul"]))  # type: ignore[list-item]
    assert info.value.field == "variation_type.values[0]"
    assert not router.calls
