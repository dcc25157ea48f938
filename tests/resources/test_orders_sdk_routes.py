"""The [sdk] order routes: ERP number write-back, import status, packages and returns."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

import pytest
import respx

from anymarket_sdk import RequestValidationError
from anymarket_sdk.errors import InvalidAccessKeyError
from anymarket_sdk.models import Marketplace
from anymarket_sdk.models.orders import (
    Order,
    OrderMessage,
    OrderReturn,
    PackageDimensions,
    PackageInput,
    PackageItem,
    PackageReason,
    PackageStatus,
    ReturnInvoice,
    ReturnItem,
    ReturnType,
)
from tests.conftest import Both
from tests.resources.test_orders import ACCESS_KEY, order_json

BRT = timezone(timedelta(hours=-3))


def body_of(route: respx.Route) -> Any:
    request = route.calls.last.request
    assert request.headers["content-type"] == "application/json"
    return json.loads(request.content, parse_float=Decimal)


# --- partner id and import status ------------------------------------------------------------


def test_set_partner_id(am: Both, router: respx.Router) -> None:
    r = router.put("orders/partnerid/9001").respond(200, json=order_json())
    assert am.orders.set_partner_id(9001, "PV-1234") is None
    assert body_of(r) == {"id": 9001, "partnerId": "PV-1234"}
    with pytest.raises(RequestValidationError) as info:
        am.orders.set_partner_id(9001, "")
    assert info.value.field == "partner_id"
    assert len(router.calls) == 1


def test_report_transmission_ok(am: Both, router: respx.Router) -> None:
    r = router.put("orders/9001/transmissionStatus").respond(json=order_json())
    order = am.orders.report_transmission(9001, True)
    assert isinstance(order, Order)
    assert body_of(r) == {"transmissionStatus": "OK"}


def test_report_transmission_error(am: Both, router: respx.Router) -> None:
    r = router.put("orders/9001/transmissionStatus").respond(200)
    result = am.orders.report_transmission(
        9001,
        False,
        "SKU LT12-110 não cadastrado no M2",
        status_in_marketplace="paid",
        order_message=OrderMessage(message="Falha na importação", key="m2.sku.missing"),
    )
    assert result is None  # an empty answer
    assert body_of(r) == {
        "transmissionStatus": "ERROR",
        "errorMsg": "SKU LT12-110 não cadastrado no M2",
        "statusInMarketplace": "paid",
        "orderMessage": {"message": "Falha na importação", "key": "m2.sku.missing"},
    }


@pytest.mark.parametrize(
    ("args", "kwargs", "field"),
    [
        ((True, "why?"), {}, "message"),
        ((False,), {}, "message"),
        ((False, " "), {}, "message"),
        (("OK",), {}, "ok"),
        ((False, "x"), {"order_message": {"message": "x"}}, "order_message"),
    ],
)
def test_report_transmission_checks(
    am: Both, router: respx.Router, args: tuple[Any, ...], kwargs: dict[str, Any], field: str
) -> None:
    with pytest.raises(RequestValidationError) as info:
        am.orders.report_transmission(9001, *args, **kwargs)
    assert info.value.field == field
    assert not router.calls


# --- packages --------------------------------------------------------------------------------


def package_unit_json(**over: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "packageItemId": "3f2c9a1e-0000-4000-8000-000000000001",
        "externalId": "VOL-1",
        "createdAt": "2024-05-03T09:00:00-03:00",
        "trackingCode": "AB123456789BR",
        "trackingDate": "2024-05-03T10:00:00-03:00",
        "dimensions": {"length": 30, "width": 20, "height": 10, "weight": 1.25},
        "reasonId": "R1",
        "reasonDescription": "Itens em CDs diferentes",
        "createdUnit": "2024-05-03T09:00:00-03:00",
        "statusMarketplace": "ready",
        "status": "CONFIRMED",
        "items": [
            {
                "sku": "LT12-110",
                "quantity": 1,
                "salesOrderItemId": 778,
                "skuInMarketplace": "MLB123",
                "idInMarketplace": "MLB123-1",
            }
        ],
    }
    body.update(over)
    return body


def test_create_packages(am: Both, router: respx.Router) -> None:
    r = router.post("orders/9001/packages").respond(
        json={
            "orderId": 9001,
            "packageId": 55,
            "oi": "99999.",
            "orderIdInMarketplace": "2000004567890",
            "packageReason": {"id": "R1", "description": "Itens em CDs diferentes"},
            "packages": [package_unit_json()],
        }
    )
    result = am.orders.create_packages(
        9001,
        [
            PackageInput(
                items=[PackageItem(sku="LT12-110", quantity=Decimal(1))],
                dimensions=PackageDimensions(
                    length=Decimal(30),
                    width=Decimal(20),
                    height=Decimal(10),
                    weight=Decimal("1.25"),
                ),
                external_id="VOL-1",
            ),
            PackageInput(items=[PackageItem(sku="LT12-220", quantity=Decimal(2))]),
        ],
        reason=PackageReason(id="R1", description="Itens em CDs diferentes"),
    )
    assert body_of(r) == {
        "packages": [
            {
                "items": [{"sku": "LT12-110", "quantity": 1}],
                "dimensions": {"length": 30, "width": 20, "height": 10, "weight": Decimal("1.25")},
                "externalId": "VOL-1",
            },
            {"items": [{"sku": "LT12-220", "quantity": 2}]},
        ],
        "packageReason": {"id": "R1", "description": "Itens em CDs diferentes"},
    }
    assert result.package_id == 55
    unit = result.packages[0]
    assert unit.status is PackageStatus.CONFIRMED
    assert unit.package_item_id == "3f2c9a1e-0000-4000-8000-000000000001"
    assert unit.items[0].sales_order_item_id == 778
    assert unit.dimensions is not None
    assert unit.dimensions.weight == Decimal("1.25")


def test_list_packages_and_mark_delivered(am: Both, router: respx.Router) -> None:
    router.get("orders/9001/packages").respond(
        json=[package_unit_json(), package_unit_json(status="WAITTING_CONFIRMATION")]
    )
    units = am.orders.list_packages(9001)
    assert [u.status for u in units] == [
        PackageStatus.CONFIRMED,
        PackageStatus.WAITTING_CONFIRMATION,
    ]
    r = router.put("orders/9001/packages/delivered").respond(200)
    when = datetime(2024, 5, 7, 14, 30, tzinfo=BRT)
    assert am.orders.mark_package_delivered(9001, units[0].package_item_id or "", when) is None
    assert body_of(r) == {
        "packageId": "3f2c9a1e-0000-4000-8000-000000000001",
        "deliveredDate": "2024-05-07T14:30:00-03:00",
    }


@pytest.mark.parametrize(
    ("packages", "field"),
    [
        ([], "packages"),
        (PackageInput(items=[PackageItem(sku="A", quantity=Decimal(1))]), "packages"),
        ([PackageInput()], "packages[0].items"),
        (
            [PackageInput(items=[PackageItem(sku="", quantity=Decimal(1))])],
            "packages[0].items[0].sku",
        ),
        (
            [PackageInput(items=[PackageItem(sku="A", quantity=Decimal(0))])],
            "packages[0].items[0].quantity",
        ),
    ],
)
def test_create_packages_checks(am: Both, router: respx.Router, packages: Any, field: str) -> None:
    with pytest.raises(RequestValidationError) as info:
        am.orders.create_packages(9001, packages)
    assert info.value.field == field
    assert not router.calls


def test_mark_package_delivered_needs_an_aware_date(am: Both, router: respx.Router) -> None:
    with pytest.raises(RequestValidationError) as info:
        am.orders.mark_package_delivered(9001, "p1", datetime(2024, 5, 7))  # noqa: DTZ001
    assert info.value.field == "delivered_at"
    assert not router.calls


# --- returns ---------------------------------------------------------------------------------


def return_json(**over: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": 31,
        "orderId": 9001,
        "oi": "99999.",
        "marketplace": "MERCADO_LIVRE",
        "marketplaceOrderId": "2000004567890",
        "marketplaceReturnId": "RET-1",
        "marketplaceTypeId": "claim",
        "accountId": 77,
        "accountName": "Loja Matriz",
        "type": "PARTIAL",
        "status": "OPENED",
        "paymentStatus": "pending",
        "reason": "Produto com defeito",
        "fulfillment": False,
        "createdAt": "2024-05-10T10:00:00-03:00",
        "updatedAt": "2024-05-11T10:00:00-03:00",
        "items": [
            {
                "id": 1,
                "orderItemId": 778,
                "title": "Liquidificador Turbo 110V",
                "skuId": 12,
                "marketplaceSkuId": "MLB123",
                "quantity": 1,
            }
        ],
        "shipping": [
            {
                "id": 2,
                "status": "shipped",
                "trackingNumber": "RV123BR",
                "estimatedDelivery": "2024-05-15T18:00:00-03:00",
                "zipCode": "89010-000",
            }
        ],
        "history": [{"id": 3, "returnStatus": "OPENED", "createdAt": "2024-05-10T10:00:00-03:00"}],
        "conference": {
            "status": "PENDING",
            "marketplaceReview": {"reviewStatus": "pending", "reviewedAt": "2024-05-12T10:00:00Z"},
        },
        "invoice": {"accessKey": ACCESS_KEY},
    }
    body.update(over)
    return body


def test_create_return(am: Both, router: respx.Router) -> None:
    r = router.post("orders/9001/returns").respond(json=return_json())
    created = am.orders.create_return(
        9001,
        OrderReturn(
            type=ReturnType.PARTIAL,
            reason="Produto com defeito",
            items=[ReturnItem(order_item_id="778", quantity=Decimal(1))],
            invoice=ReturnInvoice(access_key=" ".join([ACCESS_KEY[:22], ACCESS_KEY[22:]])),
        ),
    )
    assert body_of(r) == {
        "type": "PARTIAL",
        "reason": "Produto com defeito",
        "items": [{"orderItemId": "778", "quantity": 1}],
        "invoice": {"accessKey": ACCESS_KEY},
    }
    assert created.id == 31
    assert created.marketplace is Marketplace.MERCADO_LIVRE
    assert created.items[0].order_item_id == "778"
    assert created.shipping[0].tracking_number == "RV123BR"
    assert created.conference is not None
    assert created.conference.marketplace_review is not None
    assert created.conference.marketplace_review.review_status == "pending"


@pytest.mark.parametrize(
    "answer",
    [
        pytest.param([return_json(), return_json(id=32)], id="array"),
        pytest.param({"items": [return_json(), return_json(id=32)]}, id="wrapped"),
    ],
)
def test_list_returns(am: Both, router: respx.Router, answer: Any) -> None:
    router.get("orders/returns/9001").respond(json=answer)
    assert [r.id for r in am.orders.list_returns(9001)] == [31, 32]


def test_list_returns_single_or_empty(am: Both, router: respx.Router) -> None:
    route = router.get("orders/returns/9001")
    route.respond(json=return_json())
    assert [r.id for r in am.orders.list_returns(9001)] == [31]
    route.respond(200)
    assert am.orders.list_returns(9001) == []


def test_update_return(am: Both, router: respx.Router) -> None:
    r = router.patch("orders/returns/31").respond(json=return_json(status="CLOSED"))
    updated = am.orders.update_return(31, OrderReturn(status="CLOSED"))
    assert body_of(r) == {"status": "CLOSED"}
    assert updated.status == "CLOSED"


@pytest.mark.parametrize(
    ("call", "error", "field"),
    [
        (
            lambda am: am.orders.create_return(1, OrderReturn(reason="x")),
            RequestValidationError,
            "order_return.items",
        ),
        (
            lambda am: am.orders.create_return(
                1, OrderReturn(items=[ReturnItem(quantity=Decimal(0))])
            ),
            RequestValidationError,
            "order_return.items[0].quantity",
        ),
        (
            lambda am: am.orders.update_return(
                1, OrderReturn(invoice=ReturnInvoice(access_key=ACCESS_KEY[:43] + "1"))
            ),
            InvalidAccessKeyError,
            "order_return.invoice.access_key",
        ),
        (
            lambda am: am.orders.update_return(1, {"status": "CLOSED"}),
            RequestValidationError,
            "order_return",
        ),
    ],
)
def test_return_checks(
    am: Both, router: respx.Router, call: Any, error: type[Exception], field: str
) -> None:
    with pytest.raises(error) as info:
        call(am)
    assert isinstance(info.value, RequestValidationError)
    assert info.value.field == field
    assert not router.calls
