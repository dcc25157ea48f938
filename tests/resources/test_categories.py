from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import attrs
import pytest
import respx

from anymarket_sdk import RequestValidationError, ResponseDecodeError
from anymarket_sdk.models import (
    Category,
    CategoryRef,
    CharacteristicGroup,
    CharacteristicGroupCategory,
    DefinitionPriceScope,
    GroupCharacteristic,
    MarketplaceCharacteristic,
)
from tests.conftest import Both, ClientFactory, page

ROOT: dict[str, Any] = {
    "id": 10,
    "name": "Brinquedos",
    "path": "Brinquedos",
    "partnerId": "87",
    "priceFactor": 1.25,
    "definitionPriceScope": "SKU",
}
CHILD: dict[str, Any] = {
    "id": 11,
    "name": "Brinquedos para Bebês",
    "path": "Brinquedos/Brinquedos para Bebês",
    "parent": {"id": 10, "partnerId": "87"},
    "partnerId": "371",
    "priceFactor": 1,
}
GRANDCHILD: dict[str, Any] = {
    "id": 12,
    "name": "Chocalhos",
    "path": "Brinquedos/Brinquedos para Bebês/Chocalhos",
    "parent": {"id": 11, "partnerId": "371"},
    "partnerId": "372",
    "priceFactor": 1.5,
}
TREE: list[dict[str, Any]] = [
    dict(ROOT, children=[dict(CHILD, children=[GRANDCHILD])]),
    {"id": 20, "name": "Esporte e Lazer", "path": "Esporte e Lazer", "partnerId": "90"},
]
GROUP: dict[str, Any] = {
    "id": 38,
    "name": "Tecidos",
    "characteristics": [
        {
            "id": 57,
            "index": 0,
            "name": "Material",
            "characteristicItemMarketPlaces": [
                {"id": 79, "marketPlace": "ECOMMERCE", "idInMarketplace": "mat", "required": True},
                {
                    "id": 80,
                    "marketPlace": "MAGAZINE_LUIZA",
                    "idInMarketplace": "MAT",
                    "required": False,
                },
            ],
        }
    ],
    "categories": [{"id": 2695, "name": "Roupas", "path": "Moda/Roupas"}],
}


def test_list_sends_filters_and_decodes_page(am: Both, router: respx.Router) -> None:
    r = router.get("categories").respond(json=page([ROOT, dict(ROOT, id=20)], size=20))
    result = am.categories.list(offset=20, limit=20, partner_id="87", sort="name")
    assert dict(r.calls.last.request.url.params) == {
        "offset": "20",
        "limit": "20",
        "partnerId": "87",
        "sort": "name",
    }
    assert [c.id for c in result.items] == [10, 20]
    first = result.items[0]
    assert first == Category(
        id=10,
        name="Brinquedos",
        path="Brinquedos",
        partner_id="87",
        price_factor=Decimal("1.25"),
        definition_price_scope=DefinitionPriceScope.SKU,
    )
    assert isinstance(first.price_factor, Decimal)
    assert result.total == 2
    assert (result.offset, result.limit) == (20, 20)


def test_list_defaults_send_offset_and_limit_only(am: Both, router: respx.Router) -> None:
    r = router.get("categories").respond(json=page([]))
    assert am.categories.list().items == []
    assert dict(r.calls.last.request.url.params) == {"offset": "0", "limit": "50"}


def test_iter_walks_pages_until_short_page(am: Both, router: respx.Router) -> None:
    first = [dict(ROOT, id=i) for i in range(5)]
    r = router.get("categories").mock(
        side_effect=[
            respx.MockResponse(200, json=page(first, size=5, total=7)),
            respx.MockResponse(
                200, json=page([dict(ROOT, id=5), dict(ROOT, id=6)], offset=5, size=5, total=7)
            ),
        ]
    )
    categories = am.categories.iter(limit=5, partner_id="87", sort="name")
    assert [c.id for c in categories] == list(range(7))
    assert [c.request.url.params["offset"] for c in r.calls] == ["0", "5"]
    assert {c.request.url.params["limit"] for c in r.calls} == {"5"}
    assert {c.request.url.params["partnerId"] for c in r.calls} == {"87"}
    assert {c.request.url.params["sort"] for c in r.calls} == {"name"}


def test_iter_max_items_stops_early(am: Both, router: respx.Router) -> None:
    r = router.get("categories").respond(
        json=page([dict(ROOT, id=i) for i in range(5)], size=5, total=50)
    )
    assert [c.id for c in am.categories.iter(limit=5, max_items=3)] == [0, 1, 2]
    assert r.call_count == 1


def test_full_path_decodes_nested_tree(am: Both, router: respx.Router) -> None:
    r = router.get("categories/fullPath").respond(json=TREE)
    tree = am.categories.full_path()
    assert r.call_count == 1
    assert not r.calls.last.request.url.params
    assert [c.name for c in tree] == ["Brinquedos", "Esporte e Lazer"]
    root = tree[0]
    assert [c.id for c in root.walk()] == [10, 11, 12]
    child = root.children[0]
    assert child.parent == CategoryRef(id=10, partner_id="87")
    assert child.path == "Brinquedos/Brinquedos para Bebês"
    assert child.price_factor == Decimal(1)
    grandchild = child.children[0]
    assert grandchild == Category(
        id=12,
        name="Chocalhos",
        path="Brinquedos/Brinquedos para Bebês/Chocalhos",
        parent=CategoryRef(id=11, partner_id="371"),
        partner_id="372",
        price_factor=Decimal("1.5"),
    )
    assert grandchild.children == []
    assert tree[1].children == []


def test_full_path_rejects_a_page_envelope(am: Both, router: respx.Router) -> None:
    router.get("categories/fullPath").respond(json=page(TREE))
    with pytest.raises(ResponseDecodeError):
        am.categories.full_path()


def test_get_decodes_parent_and_children(am: Both, router: respx.Router) -> None:
    r = router.get("categories/11").respond(json=dict(CHILD, children=[GRANDCHILD]))
    category = am.categories.get(11)
    assert r.calls.last.request.url.path == "/v2/categories/11"
    assert category.id == 11
    assert category.parent == CategoryRef(id=10, partner_id="87")
    assert [c.partner_id for c in category.children] == ["372"]
    assert category.children[0].parent == CategoryRef(id=11, partner_id="371")


def test_create_sends_exact_body(am: Both, router: respx.Router) -> None:
    created = router.post("categories").respond(json=dict(CHILD, id=99))
    category = am.categories.create(
        Category(
            name="Brinquedos para Bebês",
            partner_id="371",
            price_factor=Decimal("1.5"),
            calculated_price=True,
            definition_price_scope=DefinitionPriceScope.COST,
            parent=CategoryRef(id=10),
        )
    )
    assert json.loads(created.calls.last.request.content) == {
        "name": "Brinquedos para Bebês",
        "partnerId": "371",
        "priceFactor": 1.5,
        "calculatedPrice": True,
        "definitionPriceScope": "COST",
        "parent": {"id": 10},
    }
    assert created.calls.last.request.headers["Content-Type"] == "application/json"
    assert category.id == 99
    assert category.parent == CategoryRef(id=10, partner_id="87")


def test_create_minimal_body_has_name_only(am: Both, router: respx.Router) -> None:
    created = router.post("categories").respond(json=ROOT)
    am.categories.create(Category(name="Brinquedos"))
    assert json.loads(created.calls.last.request.content) == {"name": "Brinquedos"}


def test_update_after_evolve_omits_read_only_fields(am: Both, router: respx.Router) -> None:
    router.get("categories/10").respond(json=dict(ROOT, children=[CHILD]))
    updated = router.put("categories/10").respond(json=dict(ROOT, name="Brinquedos e Jogos"))
    category = am.categories.get(10)
    result = am.categories.update(10, attrs.evolve(category, name="Brinquedos e Jogos"))
    assert updated.calls.last.request.url.path == "/v2/categories/10"
    assert json.loads(updated.calls.last.request.content) == {
        "id": 10,
        "name": "Brinquedos e Jogos",
        "partnerId": "87",
        "priceFactor": 1.25,
        "definitionPriceScope": "SKU",
    }
    assert result.name == "Brinquedos e Jogos"


def test_delete_returns_none(am: Both, router: respx.Router) -> None:
    deleted = router.delete("categories/10").respond(204)
    assert am.categories.delete(10) is None
    assert deleted.call_count == 1
    assert not deleted.calls.last.request.content


def test_find_by_partner_id_searches_nested_children(am: Both, router: respx.Router) -> None:
    r = router.get("categories/fullPath").respond(json=TREE)
    found = am.categories.find_by_partner_id("372")
    assert found is not None
    assert found.id == 12
    assert found.path == "Brinquedos/Brinquedos para Bebês/Chocalhos"
    assert r.call_count == 1
    root = am.categories.find_by_partner_id("90")
    assert root is not None
    assert root.id == 20


def test_find_by_partner_id_none_when_absent(am: Both, router: respx.Router) -> None:
    router.get("categories/fullPath").respond(json=TREE)
    assert am.categories.find_by_partner_id("37") is None


def test_find_by_partner_id_on_empty_tree(am: Both, router: respx.Router) -> None:
    router.get("categories/fullPath").respond(json=[])
    assert am.categories.find_by_partner_id("87") is None


def test_group_get_decodes_characteristics(am: Both, router: respx.Router) -> None:
    r = router.get("categories/characteristics/groups/38").respond(json=GROUP)
    group = am.categories.get_group(38)
    assert r.call_count == 1
    assert group == CharacteristicGroup(
        id=38,
        name="Tecidos",
        characteristics=[
            GroupCharacteristic(
                id=57,
                index=0,
                name="Material",
                characteristic_item_market_places=[
                    MarketplaceCharacteristic(
                        id=79, market_place="ECOMMERCE", id_in_marketplace="mat", required=True
                    ),
                    MarketplaceCharacteristic(
                        id=80,
                        market_place="MAGAZINE_LUIZA",
                        id_in_marketplace="MAT",
                        required=False,
                    ),
                ],
            )
        ],
        categories=[CharacteristicGroupCategory(id=2695, name="Roupas", path="Moda/Roupas")],
    )


def test_group_create_update_delete(am: Both, router: respx.Router) -> None:
    created = router.post("categories/characteristics/groups/38").respond(json=GROUP)
    updated = router.put("categories/characteristics/groups/38").respond(
        json=dict(GROUP, name="Tecidos 2")
    )
    deleted = router.delete("categories/characteristics/groups/38").respond(204)

    group = CharacteristicGroup(
        name="Tecidos",
        characteristics=[
            GroupCharacteristic(
                index=0,
                name="Material",
                characteristic_item_market_places=[
                    MarketplaceCharacteristic(
                        market_place="ECOMMERCE", id_in_marketplace="mat", required=True
                    ),
                    MarketplaceCharacteristic(market_place="MAGAZINE_LUIZA", required=False),
                ],
            )
        ],
        categories=[CharacteristicGroupCategory(id=2695)],
    )
    made = am.categories.create_group(38, group)
    assert json.loads(created.calls.last.request.content) == {
        "name": "Tecidos",
        "characteristics": [
            {
                "index": 0,
                "name": "Material",
                "characteristicItemMarketPlaces": [
                    {"marketPlace": "ECOMMERCE", "idInMarketplace": "mat", "required": True},
                    {"marketPlace": "MAGAZINE_LUIZA", "required": False},
                ],
            }
        ],
        "categories": [{"id": 2695}],
    }
    assert made.id == 38
    assert made.characteristics[0].characteristic_item_market_places[0].id == 79

    result = am.categories.update_group(38, attrs.evolve(made, name="Tecidos 2"))
    sent = json.loads(updated.calls.last.request.content)
    assert sent == dict(GROUP, name="Tecidos 2")
    assert result.name == "Tecidos 2"

    assert am.categories.delete_group(38) is None
    assert deleted.call_count == 1


def test_unknown_fields_written_back_on_put(
    make_client: ClientFactory, router: respx.Router
) -> None:
    lenient = make_client(strict=False)
    body = dict(
        ROOT,
        externalCode="X-1",
        parent={"id": 1, "partnerId": "0", "level": 1},
        children=[dict(CHILD, somethingNew=True)],
    )
    router.get("categories/10").respond(json=body)
    updated = router.put("categories/10").respond(json=body)
    category = lenient.categories.get(10)
    assert category.extra == {"externalCode": "X-1"}
    assert category.parent == CategoryRef(id=1, partner_id="0")
    assert category.parent.extra == {"level": 1}
    assert category.children[0].extra == {"somethingNew": True}

    lenient.categories.update(10, attrs.evolve(category, price_factor=Decimal("2.5")))
    assert json.loads(updated.calls.last.request.content) == {
        "id": 10,
        "name": "Brinquedos",
        "partnerId": "87",
        "priceFactor": 2.5,
        "definitionPriceScope": "SKU",
        "parent": {"id": 1, "partnerId": "0", "level": 1},
        "externalCode": "X-1",
    }


def test_lenient_client_keeps_unknown_enum_value(
    make_client: ClientFactory, router: respx.Router
) -> None:
    lenient = make_client(strict=False)
    router.get("categories/10").respond(json=dict(ROOT, definitionPriceScope="NEW_MODE"))
    category = lenient.categories.get(10)
    assert category.definition_price_scope == "NEW_MODE"
    assert not category.definition_price_scope.is_known


def test_strict_client_rejects_unknown_field(am: Both, router: respx.Router) -> None:
    router.get("categories/10").respond(json=dict(ROOT, externalCode="X-1"))
    with pytest.raises(ResponseDecodeError) as info:
        am.categories.get(10)
    assert "externalCode" in str(info.value)


def test_strict_client_rejects_unknown_field_in_nested_child(
    am: Both, router: respx.Router
) -> None:
    router.get("categories/fullPath").respond(
        json=[dict(ROOT, children=[dict(CHILD, somethingNew=True)])]
    )
    with pytest.raises(ResponseDecodeError) as info:
        am.categories.full_path()
    assert "somethingNew" in str(info.value)


def test_strict_client_rejects_unknown_enum_value(am: Both, router: respx.Router) -> None:
    router.get("categories/10").respond(json=dict(ROOT, definitionPriceScope="NEW_MODE"))
    with pytest.raises(ResponseDecodeError):
        am.categories.get(10)


@pytest.mark.parametrize(
    ("category", "field"),
    [
        (Category(name=""), "category.name"),
        (Category(name="   "), "category.name"),
        (Category(name="x" * 81), "category.name"),
        (Category(name="ok", partner_id="p" * 81), "category.partner_id"),
        (Category(name="ok", price_factor=Decimal(0)), "category.price_factor"),
        (Category(name="ok", price_factor=Decimal("-1.5")), "category.price_factor"),
        (Category(name="ok", price_factor=Decimal("NaN")), "category.price_factor"),
        (Category(name="ok", price_factor=Decimal("Infinity")), "category.price_factor"),
    ],
)
def test_invalid_category_rejected_before_sending(
    am: Both, router: respx.Router, category: Category, field: str
) -> None:
    with pytest.raises(RequestValidationError) as info:
        am.categories.create(category)
    assert info.value.field == field
    with pytest.raises(RequestValidationError) as info:
        am.categories.update(10, category)
    assert info.value.field == field
    assert not router.calls


def test_boundary_category_is_sent(am: Both, router: respx.Router) -> None:
    created = router.post("categories").respond(json=ROOT)
    am.categories.create(Category(name="x" * 80, partner_id="p" * 80, price_factor=Decimal("0.01")))
    assert json.loads(created.calls.last.request.content) == {
        "name": "x" * 80,
        "partnerId": "p" * 80,
        "priceFactor": 0.01,
    }


@pytest.mark.parametrize("limit", [4, 101])
def test_limit_out_of_range_rejected(am: Both, router: respx.Router, limit: int) -> None:
    with pytest.raises(RequestValidationError) as info:
        am.categories.list(limit=limit)
    assert info.value.field == "limit"
    with pytest.raises(RequestValidationError) as info:
        am.categories.iter(limit=limit)
    assert info.value.field == "limit"
    assert not router.calls


def test_negative_offset_rejected(am: Both, router: respx.Router) -> None:
    with pytest.raises(RequestValidationError) as info:
        am.categories.list(offset=-1)
    assert info.value.field == "offset"
    assert not router.calls


def test_empty_group_name_rejected(am: Both, router: respx.Router) -> None:
    with pytest.raises(RequestValidationError) as info:
        am.categories.create_group(38, CharacteristicGroup(name=""))
    assert info.value.field == "group.name"
    with pytest.raises(RequestValidationError) as info:
        am.categories.update_group(38, CharacteristicGroup(name=" "))
    assert info.value.field == "group.name"
    assert not router.calls


def test_find_by_empty_partner_id_rejected(am: Both, router: respx.Router) -> None:
    with pytest.raises(RequestValidationError) as info:
        am.categories.find_by_partner_id("")
    assert info.value.field == "partner_id"
    assert not router.calls


def test_wrong_model_type_rejected(am: Both, router: respx.Router) -> None:
    with pytest.raises(RequestValidationError) as info:
        am.categories.create({"name": "Brinquedos"})
    assert info.value.field == "category"
    assert not router.calls
