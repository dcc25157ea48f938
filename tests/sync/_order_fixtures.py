"""Helpers for the order flow tests: a seeded shop on ``FakeAnymarket`` and M2 documents.

- ``seed_shop(fake)``: the sample's sellable items as SKUs of the fake (partnerId = the M2
  code), plenty of stock, Mercado Livre Full stock for the fulfillment sales, and an
  ``UNKNOWN_SKU`` the M2 export does not have.
- ``sale(fake, ...)``: a Mercado Livre sale (paid by default).
- ``access_key`` / ``invoice`` / ``shipment`` / ``delivery``: M2 send-back documents that
  pass ``m2_adapter.mapping`` at the tests' ``NOW``.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any, Final

from anymarket_sdk.fiscal import access_key_check_digit
from anymarket_sdk.testing import FakeAnymarket
from m2_adapter.m2 import Delivery, Invoice, Shipment

from .conftest import NOW

SKUS: Final = (
    "CAM-BASICA-BRA-P",
    "CAM-BASICA-BRA-M",
    "CAM-BASICA-PRE-G",
    "LIQ-TURBO-110",
    "GAR-TERM-1L",
    "PAN-ANTI-5P",
    "MOCH-ESC-20",
)
"""Sample items sold in the tests (codes made of safe characters: partnerId == code)."""
UNKNOWN_SKU: Final = "SKU-FORA-DO-M2"
"""A SKU of the fake that is no M2 item: its orders are held."""
ISSUER_CNPJ: Final = "12345678000195"


def seed_shop(fake: FakeAnymarket, *, stock: int = 1_000_000) -> dict[str, int]:
    """Seed the fake's catalogue for the order tests; returns partner id -> SKU id."""
    ids = fake.seed_catalogue(dict.fromkeys((*SKUS, UNKNOWN_SKU), stock))
    for code in SKUS:
        fake.set_fulfillment_stock("MERCADO_LIVRE", code, stock)
    return ids


def sale(
    fake: FakeAnymarket,
    *lines: tuple[str, int, str],
    fulfillment: bool = False,
    status: str = "PAID_WAITING_SHIP",
    **kwargs: Any,
) -> int:
    """A Mercado Livre sale (default: one unit of the first SKU); returns its id."""
    items = list(lines) or [(SKUS[0], 1, "49.90")]
    order = fake.create_sale(
        "MERCADO_LIVRE", items, fulfillment=fulfillment, status=status, **kwargs
    )
    return int(order["id"])


def access_key(number: int, *, series: int = 1, when: datetime = NOW) -> str:
    """A valid 44-digit NF-e key (SP, model 55) issued by ``ISSUER_CNPJ``."""
    body = (
        f"35{when.year % 100:02d}{when.month:02d}{ISSUER_CNPJ}55{series:03d}{number:09d}"
        f"1{number % 10**8:08d}"
    )
    return body + str(access_key_check_digit(body))


XML: Final = '<?xml version="1.0" encoding="UTF-8"?><nfeProc><NFe/></nfeProc>'


def invoice(m2_order_number: str, nf: int, *, xml: str | None = XML, **kw: Any) -> Invoice:
    """An authorised NF-e number ``nf`` of the M2 order (``kw`` overrides fields)."""
    fields: dict[str, Any] = {
        "m2_order_number": m2_order_number,
        "access_key": access_key(nf),
        "series": "1",
        "number": str(nf),
        "issued_at": NOW - timedelta(hours=3),
        "cfop": "5102",
        "total": Decimal("49.90"),
        "xml": xml,
    }
    fields.update(kw)
    return Invoice(**fields)


def shipment(m2_order_number: str, **kw: Any) -> Shipment:
    fields: dict[str, Any] = {
        "m2_order_number": m2_order_number,
        "carrier_name": "Transportadora Exemplo",
        "tracking_number": f"BR{m2_order_number}XYZ",
        "tracking_url": "https://rastreio.example.com/BR",
        "shipped_at": NOW - timedelta(hours=2),
    }
    fields.update(kw)
    return Shipment(**fields)


def delivery(m2_order_number: str, **kw: Any) -> Delivery:
    fields: dict[str, Any] = {
        "m2_order_number": m2_order_number,
        "delivered_at": NOW - timedelta(hours=1),
    }
    fields.update(kw)
    return Delivery(**fields)
