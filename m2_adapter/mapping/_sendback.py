"""M2 invoices, shipments and deliveries -> the data of ANYMARKET's order transitions (pure).

``map_invoice`` gives the ``InvoiceData`` of ``orders.invoice`` (status INVOICED),
``map_shipment`` the ``TrackingData`` of ``orders.ship`` (PAID_WAITING_DELIVERY) and
``map_delivery`` the ``delivered_at`` of ``orders.deliver`` (CONCLUDED). Each takes the
order's ``OrderDecision`` when known: a fulfillment or cancelled order gets nothing pushed
back (skipped, ``NO_PUSHBACK``).
"""

from __future__ import annotations

from datetime import datetime
from typing import Final

from anymarket_sdk.models import InvoiceData, TrackingData
from m2_adapter.br import BrValidationError, CfopDirection, parse_cfop, parse_nfe_key
from m2_adapter.m2 import Delivery, Invoice, Shipment

from ._config import check_cnpj
from ._orders import OrderDecision
from ._report import HoldReason, MappingResult, ReportBuilder, SkipReason, WarningCode

__all__ = ["map_delivery", "map_invoice", "map_shipment"]

_NFE_MODEL: Final = "55"


def _require_aware(now: datetime) -> None:
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("now must be a timezone-aware datetime")


def _no_pushback(
    decision: OrderDecision | None, flag: bool, rb: ReportBuilder, subject: str, what: str
) -> bool:
    if decision is None or flag:
        return False
    why = "a fulfillment order" if decision.fulfillment else "a cancelled order"
    rb.skip(SkipReason.NO_PUSHBACK, subject, "decision", f"{why}: no {what} is sent to ANYMARKET")
    return True


def _future(value: datetime, now: datetime, rb: ReportBuilder, subject: str, path: str) -> bool:
    if value > now:
        rb.hold(
            HoldReason.DATE_IN_FUTURE,
            subject,
            path,
            f"{value.isoformat()} is later than now ({now.isoformat()})",
        )
        return True
    return False


def _digits(value: str, width: int) -> int | None:
    text = value.strip()
    if not text.isdigit() or len(text.lstrip("0") or "0") > width:
        return None
    return int(text)


def map_invoice(
    invoice: Invoice,
    *,
    now: datetime,
    decision: OrderDecision | None = None,
    issuer_cnpj: str | None = None,
) -> MappingResult[InvoiceData]:
    """The ``InvoiceData`` for an authorised M2 NF-e.

    Checks: the access key (44 digits, state, month, model, check digit), series (1-3
    digits) and number (1-9 digits) equal to those inside the key, the issuer CNPJ inside
    the key equal to ``issuer_cnpj`` (the M2 branch) when given, a CFOP of an exit operation
    (5xxx-7xxx) when given, and an issue date not after ``now``: any failure holds the
    invoice (``INVOICE_INVALID``, ``DATE_IN_FUTURE``). Warned: model 65 (NFC-e) and a key
    whose year/month differ from the issue date.
    """
    _require_aware(now)
    rb = ReportBuilder()
    subject = f"invoice of M2 order {invoice.m2_order_number}"
    if decision is not None and _no_pushback(
        decision, decision.push_invoice, rb, subject, "invoice"
    ):
        return rb.result(None)
    series = _digits(invoice.series, 3)
    number = _digits(invoice.number, 9)
    if series is None:
        rb.hold(HoldReason.INVOICE_INVALID, subject, "series", "the series is not 1-3 digits")
    if number is None:
        rb.hold(HoldReason.INVOICE_INVALID, subject, "number", "the number is not 1-9 digits")
    key = None
    try:
        key = parse_nfe_key(
            invoice.access_key, series=series, number=number, issuer_cnpj=issuer_cnpj
        )
    except BrValidationError as exc:
        rb.hold(HoldReason.INVOICE_INVALID, subject, "access_key", exc.message)
    cfop = None
    if invoice.cfop is not None:
        try:
            parsed = parse_cfop(invoice.cfop)
        except BrValidationError as exc:
            rb.hold(HoldReason.INVOICE_INVALID, subject, "cfop", exc.message)
        else:
            if parsed.direction is not CfopDirection.EXIT:
                rb.hold(
                    HoldReason.INVOICE_INVALID,
                    subject,
                    "cfop",
                    f"CFOP {parsed.code} is an entry operation, not a sale",
                )
            cfop = parsed.code
    _future(invoice.issued_at, now, rb, subject, "issued_at")
    if key is not None:
        if key.model != _NFE_MODEL:
            rb.warn(
                WarningCode.NFCE_MODEL,
                subject,
                "access_key",
                f"model {key.model} ({key.model_name}); marketplace sales expect an NF-e (55)",
            )
        issued = invoice.issued_at
        if (key.year, key.month) != (issued.year, issued.month):
            rb.warn(
                WarningCode.KEY_MONTH_MISMATCH,
                subject,
                "access_key",
                f"the key says {key.year}-{key.month:02d}, the issue date "
                f"{issued.year}-{issued.month:02d}",
            )
    if rb.held or key is None:
        return rb.result(None)
    return rb.result(
        InvoiceData(
            access_key=key.key,
            date=invoice.issued_at,
            series=str(series),
            number=str(number),
            cfop=cfop,
            link_nfe=invoice.danfe_url,
        )
    )


def map_shipment(
    shipment: Shipment, *, now: datetime, decision: OrderDecision | None = None
) -> MappingResult[TrackingData]:
    """The ``TrackingData`` for an M2 dispatch. Held: ``TRACKING_INCOMPLETE`` (no tracking
    number or carrier name), ``DATE_IN_FUTURE`` (shipped after ``now``). Dropped with a
    warning: an invalid carrier CNPJ, a non-http(s) tracking URL, an estimate before the
    ship date."""
    _require_aware(now)
    rb = ReportBuilder()
    subject = f"shipment of M2 order {shipment.m2_order_number}"
    if decision is not None and _no_pushback(
        decision, decision.push_tracking, rb, subject, "tracking"
    ):
        return rb.result(None)
    number = (shipment.tracking_number or "").strip()
    carrier = " ".join((shipment.carrier_name or "").split())
    if not number:
        rb.hold(HoldReason.TRACKING_INCOMPLETE, subject, "tracking_number", "no tracking number")
    if not carrier:
        rb.hold(HoldReason.TRACKING_INCOMPLETE, subject, "carrier_name", "no carrier name")
    _future(shipment.shipped_at, now, rb, subject, "shipped_at")
    document = None
    if shipment.carrier_document is not None:
        document = check_cnpj(shipment.carrier_document)
        if document is None:
            rb.warn(
                WarningCode.CARRIER_DOCUMENT_DROPPED,
                subject,
                "carrier_document",
                "the carrier document is not a valid CNPJ: dropped",
            )
    url = (shipment.tracking_url or "").strip() or None
    if url is not None and not url.lower().startswith(("https://", "http://")):
        rb.warn(WarningCode.URL_DROPPED, subject, "tracking_url", "not an http(s) URL: dropped")
        url = None
    estimate = shipment.estimated_delivery_at
    if estimate is not None and estimate < shipment.shipped_at:
        rb.warn(
            WarningCode.ESTIMATE_DROPPED,
            subject,
            "estimated_delivery_at",
            "the delivery estimate is before the ship date: dropped",
        )
        estimate = None
    if rb.held:
        return rb.result(None)
    return rb.result(
        TrackingData(
            number=number,
            carrier=carrier,
            shipped_date=shipment.shipped_at,
            url=url,
            carrier_document=document,
            estimate_date=estimate,
        )
    )


def map_delivery(
    delivery: Delivery, *, now: datetime, decision: OrderDecision | None = None
) -> MappingResult[datetime]:
    """The ``delivered_at`` for ``orders.deliver``. Held: ``DATE_IN_FUTURE``."""
    _require_aware(now)
    rb = ReportBuilder()
    subject = f"delivery of M2 order {delivery.m2_order_number}"
    if decision is not None and _no_pushback(
        decision, decision.push_tracking, rb, subject, "delivery"
    ):
        return rb.result(None)
    if _future(delivery.delivered_at, now, rb, subject, "delivered_at"):
        return rb.result(None)
    return rb.result(delivery.delivered_at)
