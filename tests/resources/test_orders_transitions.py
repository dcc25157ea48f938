"""Order status changes: the bodies sent, the transition table, the checks before sending."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
import respx

from anymarket_sdk import RequestValidationError
from anymarket_sdk.errors import InvalidAccessKeyError
from anymarket_sdk.models.orders import (
    FiscalMetadata,
    InvoiceData,
    Order,
    OrderStatus,
    TrackingData,
)
from anymarket_sdk.resources.orders import TransitionDataError, TransitionError, check_transition
from tests.conftest import Both
from tests.resources.test_orders import ACCESS_KEY, order_json

BRT = timezone(timedelta(hours=-3))
ISSUED = datetime(2019, 9, 11, 15, 57, 56, tzinfo=BRT)
SHIPPED = datetime(2024, 5, 3, 9, 0, tzinfo=BRT)


def invoice(**over: Any) -> InvoiceData:
    fields: dict[str, Any] = {"access_key": ACCESS_KEY, "date": ISSUED, "series": "1"}
    fields.update(over)
    return InvoiceData(**fields)


def tracking(**over: Any) -> TrackingData:
    fields: dict[str, Any] = {
        "number": "AB123456789BR",
        "carrier": "Correios",
        "shipped_date": SHIPPED,
    }
    fields.update(over)
    return TrackingData(**fields)


def sent(route: respx.Route) -> Any:
    request = route.calls.last.request
    assert request.headers["content-type"] == "application/json"
    return json.loads(request.content)


def test_mark_paid(am: Both, router: respx.Router) -> None:
    r = router.put("orders/9001").respond(json=order_json())
    order = am.orders.mark_paid(9001, current=OrderStatus.PENDING)
    assert isinstance(order, Order)
    assert sent(r) == {"status": "PAID_WAITING_SHIP"}


def test_invoice_sends_the_checked_invoice(am: Both, router: respx.Router) -> None:
    r = router.put("orders/9001").respond(json=order_json(status="INVOICED"))
    spaced = " ".join(ACCESS_KEY[i : i + 4] for i in range(0, 44, 4))
    am.orders.invoice(
        9001,
        invoice(
            access_key=spaced,
            number="562465425",
            cfop="5102",
            company_state_tax_id="ISENTO",
            link_nfe="https://nfe.example/consulta",
            fiscal_metadata=FiscalMetadata(authorization_protocol="141190000835627"),
        ),
        current=OrderStatus.PAID_WAITING_SHIP,
        number_of_packages=2,
        cd_zip_code="89010000",
    )
    assert sent(r) == {
        "status": "INVOICED",
        "invoice": {
            "accessKey": ACCESS_KEY,  # normalised to its 44 digits
            "date": "2019-09-11T15:57:56-03:00",
            "series": "1",
            "number": "562465425",
            "cfop": "5102",
            "companyStateTaxId": "ISENTO",
            "linkNfe": "https://nfe.example/consulta",
            "fiscalMetadata": {"authorizationProtocol": "141190000835627"},
        },
        "metadata": {"number-of-packages": "2", "cdZipCode": "89010000"},
    }


def test_invoice_with_key_and_date_only(am: Both, router: respx.Router) -> None:
    r = router.put("orders/9001").respond(json=order_json())
    am.orders.invoice(9001, InvoiceData(access_key=ACCESS_KEY, date=ISSUED))
    assert sent(r) == {
        "status": "INVOICED",
        "invoice": {"accessKey": ACCESS_KEY, "date": "2019-09-11T15:57:56-03:00"},
    }


def test_ship_with_tracking_invoice_and_package(am: Both, router: respx.Router) -> None:
    r = router.put("orders/9001").respond(json=order_json())
    am.orders.ship(
        9001,
        tracking(
            url="https://rastreio.example/AB123",
            carrier_document="34028316000103",
            estimate_date=datetime(2024, 5, 8, 18, 0, tzinfo=BRT),
        ),
        current=OrderStatus.INVOICED,
        invoice=invoice(),
        package_id="3f2c9a1e-0000-4000-8000-000000000001",
    )
    assert dict(r.calls.last.request.url.params) == {
        "packageId": "3f2c9a1e-0000-4000-8000-000000000001"
    }
    assert sent(r) == {
        "status": "PAID_WAITING_DELIVERY",
        "tracking": {
            "number": "AB123456789BR",
            "carrier": "Correios",
            "shippedDate": "2024-05-03T09:00:00-03:00",
            "url": "https://rastreio.example/AB123",
            "carrierDocument": "34028316000103",
            "estimateDate": "2024-05-08T18:00:00-03:00",
        },
        "invoice": {"accessKey": ACCESS_KEY, "date": "2019-09-11T15:57:56-03:00", "series": "1"},
    }


def test_deliver(am: Both, router: respx.Router) -> None:
    r = router.put("orders/9001").respond(json=order_json(status="CONCLUDED"))
    order = am.orders.deliver(
        9001, datetime(2024, 5, 7, 14, 30, tzinfo=BRT), current=OrderStatus.PAID_WAITING_DELIVERY
    )
    assert order is not None
    assert order.status is OrderStatus.CONCLUDED
    assert sent(r) == {
        "status": "CONCLUDED",
        "tracking": {"deliveredDate": "2024-05-07T14:30:00-03:00"},
    }


def test_cancel(am: Both, router: respx.Router) -> None:
    r = router.put("orders/9001").respond(json=order_json(status="CANCELED"))
    am.orders.cancel(9001, current=OrderStatus.CONCLUDED, cancel_details="Cliente desistiu")
    assert sent(r) == {"status": "CANCELED", "cancelDetails": "Cliente desistiu"}
    am.orders.cancel(9001)
    assert sent(r) == {"status": "CANCELED"}


def test_an_empty_answer_reads_as_none(am: Both, router: respx.Router) -> None:
    router.put("orders/9001").respond(200)
    assert am.orders.mark_paid(9001) is None


# --- the transition table -------------------------------------------------------------------

P, PS, INV, PD, C, X, DI = (
    "PENDING",
    "PAID_WAITING_SHIP",
    "INVOICED",
    "PAID_WAITING_DELIVERY",
    "CONCLUDED",
    "CANCELED",
    "DELIVERY_ISSUE",
)
# target <- allowed current statuses (API_NOTES §3.10.3), written out independently.
ALLOWED = {
    PS: {P, PS},
    INV: {P, PS, INV},
    PD: {P, PS, INV, PD},
    C: {P, PS, INV, PD, C},
    X: {P, PS, INV, PD, C, X, DI, "FROZEN"},
}
CALLS: dict[str, Callable[[Both, str], Any]] = {
    PS: lambda am, cur: am.orders.mark_paid(9001, current=cur),
    INV: lambda am, cur: am.orders.invoice(9001, invoice(), current=cur),
    PD: lambda am, cur: am.orders.ship(9001, tracking(), current=cur),
    C: lambda am, cur: am.orders.deliver(9001, SHIPPED, current=cur),
    X: lambda am, cur: am.orders.cancel(9001, current=cur),
}
CASES = [
    pytest.param(current, target, current in ALLOWED[target], id=f"{current}->{target}")
    for target in ALLOWED
    for current in (P, PS, INV, PD, C, X, DI, "FROZEN")
]


@pytest.mark.parametrize(("current", "target", "allowed"), CASES)
def test_transition_table(
    am: Both, router: respx.Router, current: str, target: str, allowed: bool
) -> None:
    r = router.put("orders/9001").respond(json=order_json())
    if allowed:
        CALLS[target](am, OrderStatus(current))
        assert sent(r)["status"] == target
    else:
        with pytest.raises(TransitionError) as info:
            CALLS[target](am, OrderStatus(current))
        assert info.value.field == "current"
        assert (info.value.current, info.value.target) == (current, target)
        assert isinstance(info.value, RequestValidationError)
        assert not router.calls


def test_current_can_be_the_order_or_a_string(am: Both, router: respx.Router) -> None:
    router.put("orders/9001").respond(json=order_json())
    invoiced = Order(id=9001, status=OrderStatus.INVOICED)
    am.orders.ship(9001, tracking(), current=invoiced)
    with pytest.raises(TransitionError, match="INVOICED cannot move to PAID_WAITING_SHIP"):
        am.orders.mark_paid(9001, current=invoiced)
    with pytest.raises(TransitionError):
        am.orders.mark_paid(9001, current="CONCLUDED")
    with pytest.raises(TransitionDataError) as info:
        am.orders.cancel(9001, current=Order(id=1, status=OrderStatus.PENDING))
    assert info.value.field == "current"
    with pytest.raises(TransitionDataError) as info:
        am.orders.cancel(9001, current=Order(id=9001))
    assert info.value.field == "current.status"
    assert len(router.calls) == 1


def test_check_transition_is_pure() -> None:
    check_transition(None, OrderStatus.CONCLUDED)
    check_transition(OrderStatus.PENDING, OrderStatus.CONCLUDED)  # skipping forward is fine
    with pytest.raises(TransitionError):
        check_transition(OrderStatus.CANCELED, OrderStatus.PENDING)
    assert OrderStatus.PAID_WAITING_SHIP.can_move_to(OrderStatus.INVOICED)
    assert not OrderStatus.INVOICED.can_move_to(OrderStatus.PAID_WAITING_SHIP)


# --- checks before sending ------------------------------------------------------------------

NAIVE = datetime(2024, 5, 3, 9, 0)  # noqa: DTZ001


@pytest.mark.parametrize(
    ("call", "error", "field"),
    [
        pytest.param(
            lambda am: am.orders.invoice(1, invoice(access_key=ACCESS_KEY[:43] + "0")),
            InvalidAccessKeyError,
            "invoice.access_key",
            id="wrong check digit",
        ),
        pytest.param(
            lambda am: am.orders.invoice(1, invoice(access_key=ACCESS_KEY[:43])),
            InvalidAccessKeyError,
            "invoice.access_key",
            id="43 digits",
        ),
        pytest.param(
            lambda am: am.orders.invoice(1, invoice(access_key="")),
            TransitionDataError,
            "invoice.access_key",
            id="no access key",
        ),
        pytest.param(
            lambda am: am.orders.invoice(1, invoice(series="2")),
            InvalidAccessKeyError,
            "invoice.series",
            id="series differs from the key",
        ),
        pytest.param(
            lambda am: am.orders.invoice(1, invoice(number="562465426")),
            InvalidAccessKeyError,
            "invoice.number",
            id="number differs from the key",
        ),
        pytest.param(
            lambda am: am.orders.invoice(1, invoice(number="NF-1")),
            InvalidAccessKeyError,
            "invoice.number",
            id="number not digits",
        ),
        pytest.param(
            lambda am: am.orders.invoice(1, invoice(date=NAIVE)),
            TransitionDataError,
            "invoice.date",
            id="naive invoice date",
        ),
        pytest.param(
            lambda am: am.orders.invoice(1, invoice(date=None)),
            TransitionDataError,
            "invoice.date",
            id="no invoice date",
        ),
        pytest.param(
            lambda am: am.orders.invoice(1, invoice(cfop="510")),
            TransitionDataError,
            "invoice.cfop",
            id="bad cfop",
        ),
        pytest.param(
            lambda am: am.orders.invoice(1, invoice(), number_of_packages=0),
            TransitionDataError,
            "number_of_packages",
            id="zero packages",
        ),
        pytest.param(
            lambda am: am.orders.invoice(1, {"accessKey": ACCESS_KEY}),
            TransitionDataError,
            "invoice",
            id="not an InvoiceData",
        ),
        pytest.param(
            lambda am: am.orders.ship(1, tracking(number=" ")),
            TransitionDataError,
            "tracking.number",
            id="no tracking number",
        ),
        pytest.param(
            lambda am: am.orders.ship(1, tracking(carrier="")),
            TransitionDataError,
            "tracking.carrier",
            id="no carrier",
        ),
        pytest.param(
            lambda am: am.orders.ship(1, tracking(shipped_date=NAIVE)),
            TransitionDataError,
            "tracking.shipped_date",
            id="naive shipped date",
        ),
        pytest.param(
            lambda am: am.orders.ship(1, tracking(shipped_date=None)),
            TransitionDataError,
            "tracking.shipped_date",
            id="no shipped date",
        ),
        pytest.param(
            lambda am: am.orders.ship(1, tracking(estimate_date=NAIVE)),
            TransitionDataError,
            "tracking.estimate_date",
            id="naive estimate date",
        ),
        pytest.param(
            lambda am: am.orders.ship(1, tracking(), invoice=invoice(series="9")),
            InvalidAccessKeyError,
            "invoice.series",
            id="ship with a mismatched invoice",
        ),
        pytest.param(
            lambda am: am.orders.ship(1, tracking(), package_id=""),
            TransitionDataError,
            "package_id",
            id="empty package id",
        ),
        pytest.param(
            lambda am: am.orders.deliver(1, NAIVE),
            TransitionDataError,
            "delivered_at",
            id="naive delivered date",
        ),
        pytest.param(
            lambda am: am.orders.deliver(1, None),
            TransitionDataError,
            "delivered_at",
            id="no delivered date",
        ),
        pytest.param(
            lambda am: am.orders.cancel(1, cancel_details=""),
            TransitionDataError,
            "cancel_details",
            id="empty cancel details",
        ),
    ],
)
def test_invalid_status_changes_are_rejected_before_sending(
    am: Both, router: respx.Router, call: Callable[[Both], Any], error: type[Exception], field: str
) -> None:
    with pytest.raises(error) as info:
        call(am)
    assert isinstance(info.value, RequestValidationError)
    assert info.value.field == field
    assert not router.calls
