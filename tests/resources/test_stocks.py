from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import httpx
import pytest
import respx

from anymarket_sdk import (
    APIConnectionError,
    AuthenticationError,
    PermissionDeniedError,
    RateLimitError,
    RequestValidationError,
    ServerError,
)
from anymarket_sdk.models import Marketplace
from anymarket_sdk.models.stock import (
    ReservationPosition,
    StockBatchEntry,
    StockUpdate,
    StockUpdateResult,
)
from anymarket_sdk.resources.stocks import partial_result
from tests.conftest import Both, page


def stock_json(**over: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "stockKeepingUnit": {"id": 9001, "title": "Camiseta Azul M", "partnerId": "CAM-AZ-M"},
        "stockLocal": {
            "id": 4,
            "oi": {"value": "99999."},
            "name": "CD Joinville",
            "virtual": False,
            "defaultLocal": True,
            "priorityPoints": 10,
        },
        "amount": 12,
        "reservationAmount": 2,
        "availableAmount": 10,
        "price": 35.57,
        "active": True,
        "additionalTime": 3,
        "lastStockUpdate": "2024-05-02T10:11:12Z",
        "skuLocationDescription": "Corredor 3, prateleira B",
        "isKit": False,
    }
    body.update(over)
    return body


def sku(n: int, **over: Any) -> StockUpdate:
    fields: dict[str, Any] = {"partner_id": f"SKU{n}", "quantity": Decimal(n)}
    fields.update(over)
    return StockUpdate(**fields)


def bodies(route: respx.Route) -> list[Any]:
    return [json.loads(c.request.content, parse_float=Decimal) for c in route.calls]


# --- reading stock ------------------------------------------------------------------------


def test_list_sends_every_filter_and_decodes_the_row(am: Both, router: respx.Router) -> None:
    r = router.get("stocks").respond(json=page([stock_json()]))
    result = am.stocks.list(
        offset=10,
        limit=20,
        sku_id=9001,
        stock_local_id=4,
        partner_id="CAM-AZ-M",
        sort="amount",
        sort_direction="desc",
        has_reservation=True,
    )
    assert dict(r.calls.last.request.url.params) == {
        "offset": "10",
        "limit": "20",
        "idSku": "9001",
        "idStockLocal": "4",
        "sku": "CAM-AZ-M",
        "sort": "amount",
        "sortDirection": "DESC",
        "hasReservation": "true",
    }
    row = result.items[0]
    assert row.stock_keeping_unit is not None
    assert row.stock_keeping_unit.title == "Camiseta Azul M"
    assert (row.sku_id, row.partner_id, row.stock_local_id) == (9001, "CAM-AZ-M", 4)
    assert row.stock_local is not None
    assert row.stock_local.oi is not None
    assert row.stock_local.oi.value == "99999."
    assert row.stock_local.default_local is True
    assert row.stock_local.priority_points == 10
    assert (row.amount, row.reservation_amount, row.available_amount) == (12, 2, 10)
    assert row.price == row.cost == Decimal("35.57")
    assert row.additional_time == 3
    assert row.last_stock_update == "2024-05-02T10:11:12Z"
    assert row.sku_location_description == "Corredor 3, prateleira B"
    assert row.is_kit is False


def test_iter_walks_every_page(am: Both, router: respx.Router) -> None:
    first = [stock_json(stockLocal={"id": i}) for i in range(5)]
    r = router.get("stocks").mock(
        side_effect=[
            httpx.Response(200, json=page(first, size=5, total=6)),
            httpx.Response(200, json=page([stock_json()], offset=5, size=5, total=6)),
        ]
    )
    rows = am.stocks.iter(limit=5, stock_local_id=4)
    assert len(rows) == 6
    assert [c.request.url.params["offset"] for c in r.calls] == ["0", "5"]
    assert {c.request.url.params["idStockLocal"] for c in r.calls} == {"4"}


def test_for_sku_reads_every_warehouse_of_exactly_that_sku(am: Both, router: respx.Router) -> None:
    other = {"id": 9002, "title": "x", "partnerId": "CAM-AZ-M-KIT"}
    r = router.get("stocks").respond(
        json=page(
            [
                stock_json(),
                stock_json(stockLocal={"id": 8, "name": "Loja"}, amount=1),
                stock_json(stockKeepingUnit=other),
            ]
        )
    )
    rows = am.stocks.for_sku("CAM-AZ-M")
    assert r.calls.last.request.url.params["sku"] == "CAM-AZ-M"
    assert [(x.stock_local_id, x.amount) for x in rows] == [(4, 12), (8, 1)]


def test_list_validates_filters(am: Both, router: respx.Router) -> None:
    cases: list[tuple[dict[str, Any], str]] = [
        ({"limit": 200}, "limit"),
        ({"sort_direction": "UP"}, "sort_direction"),
        ({"sku_id": 0}, "sku_id"),
        ({"partner_id": " "}, "partner_id"),
    ]
    for kwargs, field in cases:
        with pytest.raises(RequestValidationError) as info:
            am.stocks.list(**kwargs)
        assert info.value.field == field
    assert not router.calls


def test_reservations_are_typed(am: Both, router: respx.Router) -> None:
    router.get("skus/9001/stocks/reservation").respond(
        json=[
            {
                "marketPlace": "MERCADO_LIVRE",
                "reservationPosition": "PENDING",
                "amount": 2,
                "stockId": 11,
            },
            {"marketPlace": "SHOPEE", "reservationPosition": "PAID", "amount": 1, "stockId": 11},
        ]
    )
    got = am.stocks.reservations(9001)
    assert [(x.marketplace, x.reservation_position, x.amount, x.stock_id) for x in got] == [
        (Marketplace.MERCADO_LIVRE, ReservationPosition.PENDING, 2, 11),
        (Marketplace.SHOPEE, ReservationPosition.PAID, 1, 11),
    ]


def test_fulfillment_stock_reads_the_snake_case_wire_names(am: Both, router: respx.Router) -> None:
    r = router.get("stocks/fulfillment/MERCADO_LIVRE/9001").respond(
        json=[
            {
                "sku": "MLB123",
                "document": "12345678000195",
                "description": "CD Cajamar",
                "fulfillment_quantity_stock": 10,
                "fulfillment_reserved_stock": 2.5,
                "fulfillment_available_stock": 7.5,
            }
        ]
    )
    (row,) = am.stocks.fulfillment(Marketplace.MERCADO_LIVRE, 9001)
    assert r.called
    assert row.sku == "MLB123"
    assert row.fulfillment_quantity_stock == 10
    assert row.fulfillment_reserved_stock == Decimal("2.5")
    assert row.fulfillment_available_stock == Decimal("7.5")
    assert "12345678000195" not in repr(row)
    assert row.document == "12345678000195"
    assert am.stocks.fulfillment("MERCADO_LIVRE", 9001) == [row]


def test_fulfillment_needs_an_upper_case_marketplace(am: Both, router: respx.Router) -> None:
    with pytest.raises(RequestValidationError) as info:
        am.stocks.fulfillment("mercado_livre", 9001)
    assert info.value.field == "marketplace"
    assert not router.calls


# --- pushing stock ------------------------------------------------------------------------


def test_update_sends_one_request_per_chunk(am: Both, router: respx.Router) -> None:
    r = router.put("stocks").respond(204)
    items = [sku(n) for n in range(1, 6)]
    result = am.stocks.update(iter(items), chunk_size=2)
    assert isinstance(result, StockUpdateResult)
    assert [len(b) for b in bodies(r)] == [2, 2, 1]
    assert bodies(r)[0] == [
        {"partnerId": "SKU1", "quantity": 1},
        {"partnerId": "SKU2", "quantity": 2},
    ]
    assert r.calls.last.request.headers["content-type"] == "application/json"
    assert result.succeeded == items
    assert result.failed == []
    assert result.requests == 3
    assert result.pending == []
    assert result.ok


def test_update_item_shape_on_the_wire(am: Both, router: respx.Router) -> None:
    r = router.put("stocks").respond(204)
    am.stocks.update(
        [
            StockUpdate(
                sku_id=9001,
                partner_id="CAM-AZ-M",
                quantity=Decimal("7"),
                cost=Decimal("35.57"),
                additional_time=2,
                stock_local_id=4,
                sku_location_description="Corredor 3",
            ),
            StockUpdate(sku_id=9002, cost=Decimal("10.10")),
        ]
    )
    assert bodies(r) == [
        [
            {
                "id": 9001,
                "partnerId": "CAM-AZ-M",
                "quantity": 7,
                "cost": Decimal("35.57"),
                "additionalTime": 2,
                "stockLocalId": 4,
                "skuLocationDescription": "Corredor 3",
            },
            {"id": 9002, "cost": Decimal("10.10")},
        ]
    ]


def test_default_chunk_size_is_100(am: Both, router: respx.Router) -> None:
    r = router.put("stocks/batch").respond(204)
    result = am.stocks.update_batch([sku(n) for n in range(250)])
    assert [len(b) for b in bodies(r)] == [100, 100, 50]
    assert result.requests == 3
    assert len(result.succeeded) == 250


def test_update_batch_partial_success_as_the_spec_shows_it(am: Both, router: respx.Router) -> None:
    router.put("stocks/batch").respond(
        200,
        json={
            "success": {"SKU1": "Atualizado com sucesso", "SKU2": "Atualizado com sucesso"},
            "errors": {
                "SKU3": "Erro ao processar: Quantidade, Custo, Prazo Adicional ou Localização"
                " do produto devem ser informados"
            },
        },
    )
    items = [sku(1), sku(2), sku(3)]
    result = am.stocks.update_batch(items)
    assert result.succeeded == items[:2]
    (failure,) = result.failed
    assert failure.item == items[2]
    assert failure.index == 2
    assert failure.status_code == 200
    assert failure.message is not None
    assert failure.message.startswith("Erro ao processar")
    assert not result.ok


def test_partial_success_naming_skus_by_id_and_warehouse(am: Both, router: respx.Router) -> None:
    router.put("stocks/batch").respond(
        200,
        json={
            "success": [{"id": 9001, "stockLocalId": 4, "message": "ok"}],
            "errors": [
                {"id": 9001, "stockLocalId": 8, "message": "Local de estoque inválido"},
                {"partnerId": "P-2", "message": "SKU não encontrado"},
            ],
        },
    )
    a = StockUpdate(sku_id=9001, stock_local_id=4, quantity=Decimal(1))
    b = StockUpdate(sku_id=9001, stock_local_id=8, quantity=Decimal(1))
    c = StockUpdate(partner_id="P-2", quantity=Decimal(0))
    result = am.stocks.update_batch([a, b, c])
    assert result.succeeded == [a]
    assert [(f.item, f.index, f.message) for f in result.failed] == [
        (b, 1, "Local de estoque inválido"),
        (c, 2, "SKU não encontrado"),
    ]


def test_error_entries_naming_no_item_are_kept(am: Both, router: respx.Router) -> None:
    router.put("stocks").respond(200, json={"success": [], "errors": {"OUTRO": "não existe"}})
    result = am.stocks.update([sku(1)])
    assert result.succeeded == [sku(1)]
    assert result.unmatched_errors == [StockBatchEntry(key="OUTRO", message="não existe")]
    assert not result.ok


@pytest.mark.parametrize(
    "response",
    [
        httpx.Response(200, json={"message": "Estoque atualizado"}),
        httpx.Response(200, text="OK"),
        httpx.Response(200, json=[]),
    ],
    ids=["message-object", "text", "empty-array"],
)
def test_a_2xx_without_outcomes_applies_the_chunk(
    am: Both, router: respx.Router, response: httpx.Response
) -> None:
    router.put("stocks").mock(return_value=response)
    result = am.stocks.update([sku(1), sku(2)])
    assert len(result.succeeded) == 2
    assert result.ok


@pytest.mark.parametrize("status", [400, 404, 422])
def test_a_refused_chunk_fails_its_items_and_the_push_goes_on(
    am: Both, router: respx.Router, status: int
) -> None:
    r = router.put("stocks").mock(
        side_effect=[
            httpx.Response(
                status,
                json={"code": str(status), "message": "Quantidade não pode ser negativa."},
            ),
            httpx.Response(204),
        ]
    )
    items = [sku(n) for n in range(1, 5)]
    result = am.stocks.update(items, chunk_size=2)
    assert len(r.calls) == 2
    assert result.succeeded == items[2:]
    assert [(f.item, f.index, f.status_code) for f in result.failed] == [
        (items[0], 0, status),
        (items[1], 1, status),
    ]
    assert {f.message for f in result.failed} == {"Quantidade não pode ser negativa."}
    assert result.requests == 2


def test_create_posts_rows_and_reports_refusals(am: Both, router: respx.Router) -> None:
    r = router.post("stocks").mock(
        side_effect=[
            httpx.Response(204),
            httpx.Response(422, json={"code": "422", "message": "SKU inexistente"}),
        ]
    )
    first = StockUpdate(
        partner_id="CAM-AZ-M", quantity=Decimal(50), cost=Decimal(1000), stock_local_id=18448
    )
    result = am.stocks.create([first, sku(2)], chunk_size=1)
    assert bodies(r)[0] == [
        {"partnerId": "CAM-AZ-M", "quantity": 50, "cost": 1000, "stockLocalId": 18448}
    ]
    assert result.succeeded == [first]
    assert [(f.index, f.message) for f in result.failed] == [(1, "SKU inexistente")]


@pytest.mark.parametrize(
    ("status", "error"),
    [(401, AuthenticationError), (403, PermissionDeniedError)],
)
def test_credential_errors_stop_the_push_with_the_result_so_far(
    am: Both, router: respx.Router, status: int, error: type[Exception]
) -> None:
    r = router.put("stocks").mock(
        side_effect=[
            httpx.Response(204),
            httpx.Response(status, json={"code": str(status), "message": "Token inválido"}),
        ]
    )
    items = [sku(n) for n in range(1, 7)]
    with pytest.raises(error) as info:
        am.stocks.update(items, chunk_size=2)
    assert len(r.calls) == 2
    done = partial_result(info.value)
    assert done is not None
    assert done.succeeded == items[:2]
    assert done.failed == []
    assert done.pending == items[2:]
    assert done.requests == 1
    assert not done.ok
    assert any("2 succeeded" in n and "4 pending" in n for n in info.value.__notes__)


def test_connection_errors_propagate_after_the_retries(am: Both, router: respx.Router) -> None:
    r = router.put("stocks").mock(side_effect=httpx.ConnectError("connection refused"))
    items = [sku(1), sku(2), sku(3)]
    with pytest.raises(APIConnectionError) as info:
        am.stocks.update(items, chunk_size=2)
    assert len(r.calls) == 3  # first attempt and two retries, then the push stops
    done = partial_result(info.value)
    assert done is not None
    assert done.pending == items
    assert done.requests == 0


def test_rate_limit_exhaustion_propagates(am: Both, router: respx.Router) -> None:
    r = router.put("stocks/batch").mock(
        side_effect=[
            httpx.Response(204),
            *[httpx.Response(429, json={"code": "429", "message": "Too many"})] * 3,
        ]
    )
    with pytest.raises(RateLimitError) as info:
        am.stocks.update_batch([sku(1), sku(2)], chunk_size=1)
    assert len(r.calls) == 4
    done = partial_result(info.value)
    assert done is not None
    assert (done.succeeded, done.pending) == ([sku(1)], [sku(2)])


def test_server_errors_propagate_after_the_retries(am: Both, router: respx.Router) -> None:
    router.put("stocks").respond(503, json={"code": "503", "message": "Indisponível"})
    with pytest.raises(ServerError) as info:
        am.stocks.update([sku(1)])
    done = partial_result(info.value)
    assert done is not None
    assert done.pending == [sku(1)]


def test_partial_result_of_other_exceptions_is_none() -> None:
    assert partial_result(ValueError("x")) is None


def test_empty_input_sends_nothing(am: Both, router: respx.Router) -> None:
    result = am.stocks.update([])
    assert result == StockUpdateResult()
    assert result.ok
    assert not router.calls


# --- validation before sending ------------------------------------------------------------


@pytest.mark.parametrize(
    ("item", "field"),
    [
        (StockUpdate(quantity=Decimal(1)), "items[1]"),
        (StockUpdate(partner_id="A"), "items[1]"),
        (StockUpdate(partner_id="", quantity=Decimal(1)), "items[1].partner_id"),
        (StockUpdate(partner_id="A" * 121, quantity=Decimal(1)), "items[1].partner_id"),
        (StockUpdate(sku_id=0, quantity=Decimal(1)), "items[1].sku_id"),
        (StockUpdate(sku_id=True, quantity=Decimal(1)), "items[1].sku_id"),
        (StockUpdate(partner_id="A", quantity=Decimal(-1)), "items[1].quantity"),
        (StockUpdate(partner_id="A", quantity=Decimal("NaN")), "items[1].quantity"),
        (StockUpdate(partner_id="A", quantity=5), "items[1].quantity"),  # type: ignore[arg-type]
        (StockUpdate(partner_id="A", cost=Decimal("-0.01")), "items[1].cost"),
        (StockUpdate(partner_id="A", additional_time=-1), "items[1].additional_time"),
        (
            StockUpdate(partner_id="A", quantity=Decimal(1), stock_local_id=-4),
            "items[1].stock_local_id",
        ),
        ("SKU1", "items[1]"),
    ],
)
def test_items_are_checked_before_anything_is_sent(
    am: Both, router: respx.Router, item: Any, field: str
) -> None:
    with pytest.raises(RequestValidationError) as info:
        am.stocks.update([sku(1), item])
    assert info.value.field == field
    assert not router.calls


def test_zero_quantity_and_zero_cost_are_allowed(am: Both, router: respx.Router) -> None:
    r = router.put("stocks").respond(204)
    am.stocks.update([StockUpdate(partner_id="A", quantity=Decimal(0), cost=Decimal(0))])
    assert bodies(r) == [[{"partnerId": "A", "quantity": 0, "cost": 0}]]


def test_create_requires_a_quantity(am: Both, router: respx.Router) -> None:
    with pytest.raises(RequestValidationError) as info:
        am.stocks.create([StockUpdate(partner_id="A", cost=Decimal(10))])
    assert info.value.field == "items[0].quantity"
    assert not router.calls


def test_same_sku_and_warehouse_twice_names_the_index(am: Both, router: respx.Router) -> None:
    items = [
        sku(1, stock_local_id=4),
        sku(1, stock_local_id=8),  # another warehouse: fine
        sku(2),
        StockUpdate(sku_id=77, partner_id="SKU3", quantity=Decimal(1)),
        StockUpdate(sku_id=77, quantity=Decimal(2)),
    ]
    with pytest.raises(RequestValidationError) as info:
        am.stocks.update(items)
    assert info.value.field == "items[4]"
    assert "items[3]" in info.value.reason
    with pytest.raises(RequestValidationError) as info:
        am.stocks.update_batch([sku(1), sku(2), sku(1, quantity=Decimal(9))], chunk_size=1)
    assert info.value.field == "items[2]"
    assert "default warehouse" in info.value.reason
    assert not router.calls


@pytest.mark.parametrize("chunk_size", [0, 201, True, 2.5])
def test_chunk_size_is_bounded(am: Both, router: respx.Router, chunk_size: Any) -> None:
    with pytest.raises(RequestValidationError) as info:
        am.stocks.update([sku(1)], chunk_size=chunk_size)
    assert info.value.field == "chunk_size"
    assert not router.calls


def test_a_single_item_is_not_an_iterable(am: Both, router: respx.Router) -> None:
    with pytest.raises(RequestValidationError) as info:
        am.stocks.update(sku(1))
    assert info.value.field == "items"
    assert not router.calls


@pytest.mark.parametrize(
    "errors",
    [
        ["SKU2"],
        [{"SKU2": "Custo inválido"}],
        {"SKU2": {"message": "Custo inválido", "stockLocalId": 4}},
        {"id": 2, "partnerId": "SKU2"},
    ],
    ids=["bare-keys", "list-of-maps", "map-of-objects", "one-object"],
)
def test_other_shapes_of_errors_are_read(am: Both, router: respx.Router, errors: Any) -> None:
    router.put("stocks/batch").respond(200, json={"errors": errors})
    items = [sku(1, stock_local_id=4), sku(2, stock_local_id=4)]
    result = am.stocks.update_batch(items)
    assert result.succeeded == items[:1]
    assert [f.item for f in result.failed] == items[1:]
    assert result.unmatched_errors == []
