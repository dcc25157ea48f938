"""map_invoice / map_shipment / map_delivery: M2 send-back data -> ANYMARKET transitions."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import attrs
import pytest

from anymarket_sdk.models import InvoiceData, TrackingData
from m2_adapter.m2 import Delivery, Invoice, OrderStatus, Shipment
from m2_adapter.mapping import (
    Held,
    HoldReason,
    MappingWarning,
    OrderAction,
    OrderDecision,
    Skipped,
    SkipReason,
    WarningCode,
    map_delivery,
    map_invoice,
    map_shipment,
)

from .builders import BRT, CARRIER_CNPJ, COMPANY_CNPJ, ML, ML_FULL, NOW, access_key

ISSUED = datetime(2026, 3, 10, 9, 30, tzinfo=BRT)
KEY = access_key()


def invoice(**changes: Any) -> Invoice:
    fields: dict[str, Any] = {
        "m2_order_number": "PV-1",
        "anymarket_order_id": "9001",
        "access_key": KEY,
        "series": "1",
        "number": "1234",
        "issued_at": ISSUED,
        "cfop": "5102",
        "danfe_url": "https://nfe.exemplo.com.br/danfe/1234",
    }
    fields.update(changes)
    return Invoice(**fields)


OWN = OrderDecision(
    channel=ML,
    action=OrderAction.CREATE,
    m2_status=OrderStatus.OPEN,
    fulfillment=False,
    reserve_stock=True,
    issue_nfe=True,
    push_invoice=True,
    push_tracking=True,
)
FULL = attrs.evolve(
    OWN,
    channel=ML_FULL,
    fulfillment=True,
    reserve_stock=False,
    issue_nfe=False,
    push_invoice=False,
    push_tracking=False,
)
CANCELLED = attrs.evolve(
    OWN,
    action=OrderAction.CANCEL,
    m2_status=OrderStatus.CANCELED,
    reserve_stock=False,
    issue_nfe=False,
    push_invoice=False,
    push_tracking=False,
)


def test_invoice_full_result() -> None:
    result = map_invoice(
        invoice(access_key=" ".join(KEY[i : i + 4] for i in range(0, 44, 4)), series="001"),
        now=NOW,
        decision=OWN,
        issuer_cnpj="41.935.286/0001-84",
    )
    assert result.ok
    assert result.report.clean
    assert result.value == InvoiceData(
        access_key=KEY,
        date=ISSUED,
        series="1",
        number="1234",
        cfop="5102",
        link_nfe="https://nfe.exemplo.com.br/danfe/1234",
    )


def held_invoice(path: str, detail: str) -> Held:
    return Held(
        reason=HoldReason.INVOICE_INVALID,
        subject="invoice of M2 order PV-1",
        path=path,
        detail=detail,
    )


@pytest.mark.parametrize(
    ("changes", "issuer", "holds"),
    [
        pytest.param(
            {"number": "1235"},
            None,
            (
                held_invoice(
                    "access_key",
                    "invalid NF-e access key '" + "*" * 12 + "...88': the key's number is not 1235",
                ),
            ),
            id="number-mismatch",
        ),
        pytest.param(
            {"series": "2"},
            None,
            (
                held_invoice(
                    "access_key",
                    "invalid NF-e access key '" + "*" * 12 + "...88': the key's series is not 2",
                ),
            ),
            id="series-mismatch",
        ),
        pytest.param(
            {"series": "A1", "number": "1234567890"},
            None,
            (
                held_invoice("series", "the series is not 1-3 digits"),
                held_invoice("number", "the number is not 1-9 digits"),
            ),
            id="series-and-number-malformed",
        ),
        pytest.param(
            {"access_key": KEY[:-1] + str((int(KEY[-1]) + 1) % 10)},
            None,
            (
                held_invoice(
                    "access_key",
                    "invalid NF-e access key '************...89': wrong check digit: the key "
                    "was mistyped or altered",
                ),
            ),
            id="check-digit",
        ),
        pytest.param(
            {},
            "11.222.333/0001-81",
            (
                held_invoice(
                    "access_key",
                    "invalid NF-e access key '************...88': the key was issued by "
                    "another CNPJ",
                ),
            ),
            id="issuer-mismatch",
        ),
        pytest.param(
            {"cfop": "1102"},
            None,
            (held_invoice("cfop", "CFOP 1102 is an entry operation, not a sale"),),
            id="entry-cfop",
        ),
        pytest.param(
            {"cfop": "51"},
            None,
            (held_invoice("cfop", "invalid CFOP '51': expected 4 digits, got 2"),),
            id="bad-cfop",
        ),
        pytest.param(
            {"issued_at": NOW + timedelta(minutes=1)},
            None,
            (
                Held(
                    reason=HoldReason.DATE_IN_FUTURE,
                    subject="invoice of M2 order PV-1",
                    path="issued_at",
                    detail="2026-03-10T15:01:00+00:00 is later than now "
                    "(2026-03-10T15:00:00+00:00)",
                ),
            ),
            id="future",
        ),
    ],
)
def test_invoice_holds(
    changes: dict[str, Any], issuer: str | None, holds: tuple[Held, ...]
) -> None:
    result = map_invoice(invoice(**changes), now=NOW, issuer_cnpj=issuer)
    assert result.value is None
    assert result.held == holds


def test_invoice_warnings() -> None:
    key = access_key(model="65", yymm="2602")
    result = map_invoice(invoice(access_key=key), now=NOW)
    assert result.ok
    assert result.value is not None
    assert result.value.access_key == key
    assert result.warnings == (
        MappingWarning(
            code=WarningCode.NFCE_MODEL,
            subject="invoice of M2 order PV-1",
            path="access_key",
            message="model 65 (NFC-e); marketplace sales expect an NF-e (55)",
        ),
        MappingWarning(
            code=WarningCode.KEY_MONTH_MISMATCH,
            subject="invoice of M2 order PV-1",
            path="access_key",
            message="the key says 2026-02, the issue date 2026-03",
        ),
    )


@pytest.mark.parametrize(
    ("decision", "why"),
    [(FULL, "a fulfillment order"), (CANCELLED, "a cancelled order")],
)
def test_no_pushback(decision: OrderDecision, why: str) -> None:
    shipment = Shipment(m2_order_number="PV-1", shipped_at=ISSUED)
    delivery = Delivery(m2_order_number="PV-1", delivered_at=ISSUED)
    for result, what, kind in (
        (map_invoice(invoice(), now=NOW, decision=decision), "invoice", "invoice"),
        (map_shipment(shipment, now=NOW, decision=decision), "tracking", "shipment"),
        (map_delivery(delivery, now=NOW, decision=decision), "delivery", "delivery"),
    ):
        assert result.value is None
        assert not result.ok
        assert result.held_reason is None
        assert result.skipped == (
            Skipped(
                reason=SkipReason.NO_PUSHBACK,
                subject=f"{kind} of M2 order PV-1",
                path="decision",
                detail=f"{why}: no {what} is sent to ANYMARKET",
            ),
        )


def shipment(**changes: Any) -> Shipment:
    fields: dict[str, Any] = {
        "m2_order_number": "PV-1",
        "carrier_name": "Transportadora  Fictícia",
        "carrier_document": "77.889.900/0001-66",
        "tracking_number": " BR123456789BR ",
        "tracking_url": "https://rastreio.exemplo.com.br/BR123456789BR",
        "shipped_at": ISSUED,
        "estimated_delivery_at": ISSUED + timedelta(days=3),
    }
    fields.update(changes)
    return Shipment(**fields)


def test_shipment_full_result() -> None:
    result = map_shipment(shipment(), now=NOW, decision=OWN)
    assert result.ok
    assert result.report.clean
    assert result.value == TrackingData(
        number="BR123456789BR",
        carrier="Transportadora Fictícia",
        shipped_date=ISSUED,
        url="https://rastreio.exemplo.com.br/BR123456789BR",
        carrier_document=CARRIER_CNPJ,
        estimate_date=ISSUED + timedelta(days=3),
    )


def test_shipment_holds_and_drops() -> None:
    held = map_shipment(
        shipment(tracking_number=" ", carrier_name=None, shipped_at=NOW + timedelta(hours=1)),
        now=NOW,
    )
    assert held.value is None
    assert [(h.reason, h.path) for h in held.held] == [
        (HoldReason.TRACKING_INCOMPLETE, "tracking_number"),
        (HoldReason.TRACKING_INCOMPLETE, "carrier_name"),
        (HoldReason.DATE_IN_FUTURE, "shipped_at"),
    ]
    dropped = map_shipment(
        shipment(
            carrier_document="123",
            tracking_url="rastreio.exemplo.com.br/x",
            estimated_delivery_at=ISSUED - timedelta(days=1),
        ),
        now=NOW,
    )
    assert dropped.ok
    assert dropped.value is not None
    assert (dropped.value.carrier_document, dropped.value.url, dropped.value.estimate_date) == (
        None,
        None,
        None,
    )
    assert [w.code for w in dropped.warnings] == [
        WarningCode.CARRIER_DOCUMENT_DROPPED,
        WarningCode.URL_DROPPED,
        WarningCode.ESTIMATE_DROPPED,
    ]


def test_delivery() -> None:
    ok = map_delivery(Delivery(m2_order_number="PV-1", delivered_at=ISSUED), now=NOW, decision=OWN)
    assert ok.ok
    assert ok.value == ISSUED
    late = map_delivery(
        Delivery(m2_order_number="PV-1", delivered_at=NOW + timedelta(seconds=1)), now=NOW
    )
    assert late.value is None
    assert late.held_reason is HoldReason.DATE_IN_FUTURE


def test_naive_now_is_refused() -> None:
    naive = datetime(2026, 3, 10)  # noqa: DTZ001
    with pytest.raises(ValueError, match="timezone-aware"):
        map_invoice(invoice(), now=naive)
    with pytest.raises(ValueError, match="timezone-aware"):
        map_shipment(shipment(), now=naive)
    with pytest.raises(ValueError, match="timezone-aware"):
        map_delivery(Delivery(m2_order_number="1", delivered_at=ISSUED), now=naive)


def test_company_cnpj_is_in_the_test_key() -> None:
    assert KEY[6:20] == COMPANY_CNPJ
