from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import attrs
import pytest
import respx

from anymarket_sdk import NotFoundError, RequestValidationError, ResponseDecodeError
from anymarket_sdk.models.stock import Warehouse, WarehouseDeletion
from tests.conftest import Both


def warehouse_json(**over: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": 18448,
        "name": "CD Joinville",
        "virtual": False,
        "defaultLocal": True,
        "zipCode": "89201-000",
    }
    body.update(over)
    return body


STORE = warehouse_json(id=3586, name="Loja Centro", defaultLocal=False, virtual=True)


def test_list_get_and_find(am: Both, router: respx.Router) -> None:
    listing = router.get("stocks/locals").respond(json=[warehouse_json(), STORE])
    router.get("stocks/locals/3586").respond(json=STORE)
    all_ = am.warehouses.list()
    assert [w.id for w in all_] == [18448, 3586]
    assert all_[0] == Warehouse(
        id=18448, name="CD Joinville", virtual=False, default_local=True, zip_code="89201-000"
    )
    assert am.warehouses.get(3586).virtual is True
    found = am.warehouses.find_by_name("  loja CENTRO ")
    assert found is not None
    assert found.id == 3586
    assert am.warehouses.find_by_name("Depósito") is None
    default = am.warehouses.find_default()
    assert default is not None
    assert default.id == 18448
    assert len(listing.calls) == 4


def test_create_returns_the_warehouse_out_of_its_envelope(am: Both, router: respx.Router) -> None:
    r = router.post("stocks/locals").respond(
        json={"message": "Estoque criado com sucesso!", "data": STORE}
    )
    created = am.warehouses.create(
        Warehouse(name="Loja Centro", virtual=True, default_local=False, zip_code="89201-000")
    )
    assert created.id == 3586
    assert created.name == "Loja Centro"
    assert json.loads(r.calls.last.request.content) == {
        "name": "Loja Centro",
        "virtual": True,
        "defaultLocal": False,
        "zipCode": "89201-000",
    }


def test_update_sends_only_the_writable_fields(am: Both, router: respx.Router) -> None:
    r = router.put("stocks/locals/3586").respond(
        json={"message": "Atualizado com sucesso!", "data": {**STORE, "name": "Loja Sul"}}
    )
    current = Warehouse(id=3586, name="Loja Centro", priority_points=3, virtual=True)
    updated = am.warehouses.update(3586, attrs.evolve(current, name="Loja Sul"))
    assert updated.name == "Loja Sul"
    assert json.loads(r.calls.last.request.content) == {"name": "Loja Sul", "virtual": True}


def test_a_bare_warehouse_answer_is_read_too(am: Both, router: respx.Router) -> None:
    router.put("stocks/locals/3586").respond(json=STORE)
    assert am.warehouses.update(3586, Warehouse(name="Loja Centro")).id == 3586


def test_an_envelope_without_data_is_a_decode_error(am: Both, router: respx.Router) -> None:
    router.post("stocks/locals").respond(json={"message": "Estoque criado com sucesso!"})
    router.put("stocks/locals/3586").respond(json={"message": "ok", "data": None})
    with pytest.raises(ResponseDecodeError):
        am.warehouses.create(Warehouse(name="X"))
    with pytest.raises(ResponseDecodeError):
        am.warehouses.update(3586, Warehouse(name="X"))


def test_delete_returns_the_typed_answer(am: Both, router: respx.Router) -> None:
    r = router.delete("stocks/locals/3586").respond(
        json={"message": "Local de Estoque removido com sucesso!", "data": 3586}
    )
    gone = am.warehouses.delete(3586)
    assert r.called
    assert gone == WarehouseDeletion(message="Local de Estoque removido com sucesso!", data=3586)
    assert gone.id == 3586


def test_not_found_is_typed(am: Both, router: respx.Router) -> None:
    router.get("stocks/locals/9").respond(
        404, json={"code": "404", "message": "Recurso com o id '9' não encontrado."}
    )
    with pytest.raises(NotFoundError):
        am.warehouses.get(9)


@pytest.mark.parametrize(
    ("warehouse", "field"),
    [
        (Warehouse(), "warehouse.name"),
        (Warehouse(name="  "), "warehouse.name"),
        (Warehouse(name="x" * 201), "warehouse.name"),
        (Warehouse(name="Loja", zip_code=""), "warehouse.zip_code"),
        ({"name": "Loja"}, "warehouse"),
    ],
)
def test_warehouses_are_checked_before_sending(
    am: Both, router: respx.Router, warehouse: Any, field: str
) -> None:
    with pytest.raises(RequestValidationError) as info:
        am.warehouses.create(warehouse)
    assert info.value.field == field
    with pytest.raises(RequestValidationError):
        am.warehouses.update(1, warehouse)
    assert not router.calls


def test_ids_and_names_are_checked(am: Both, router: respx.Router) -> None:
    calls: list[Callable[[], Any]] = [
        lambda: am.warehouses.get(0),
        lambda: am.warehouses.delete(-1),
        lambda: am.warehouses.update(True, Warehouse(name="x")),
    ]
    for call in calls:
        with pytest.raises(RequestValidationError) as info:
            call()
        assert info.value.field == "warehouse_id"
    with pytest.raises(RequestValidationError):
        am.warehouses.find_by_name(" ")
    assert not router.calls


@pytest.fixture
def lenient(make_client: Any) -> Both:
    client: Both = make_client(strict=False)
    return client


def test_unknown_fields_round_trip_on_the_lenient_client(
    lenient: Both, router: respx.Router
) -> None:
    router.get("stocks/locals/3586").respond(json={**STORE, "cnpj": "x", "futureFlag": True})
    put = router.put("stocks/locals/3586").respond(json={"message": "ok", "data": STORE})
    current = lenient.warehouses.get(3586)
    assert current.extra == {"cnpj": "x", "futureFlag": True}
    lenient.warehouses.update(3586, attrs.evolve(current, name="Loja Sul"))
    sent = json.loads(put.calls.last.request.content)
    assert sent == {
        "name": "Loja Sul",
        "virtual": True,
        "defaultLocal": False,
        "zipCode": "89201-000",
        "cnpj": "x",
        "futureFlag": True,
    }
