"""Shared test data for ``m2_adapter.mapping``: the configuration, the sample catalogue,
ANYMARKET order payloads (wire JSON, decoded by the SDK as a real response would be) and
NF-e access keys."""

from __future__ import annotations

import copy
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from functools import cache
from typing import Any

from anymarket_sdk import structure
from anymarket_sdk.fiscal import access_key_check_digit
from anymarket_sdk.models import Order
from m2_adapter.m2 import Item, ItemVariation, PriceEntry, StockBalance, Warehouse, sample_source
from m2_adapter.mapping import (
    ChannelRoute,
    IntermediaryInfo,
    MappingConfig,
    SalesChannel,
)

BRT = timezone(timedelta(hours=-3))
NOW = datetime(2026, 3, 10, 15, 0, tzinfo=UTC)
"""The fixed "now" of every test (12:00 in São Paulo)."""

# fictional, valid documents
BUYER_CPF = "52998224725"
BUYER_CNPJ = "27865120000108"
INTERMEDIARY_CNPJ = "11222333000181"  # the marketplace
AMAZON_CNPJ = "33445566000186"
INSTITUTION_CNPJ = "55667788000186"  # the payment institution
CARRIER_CNPJ = "77889900000166"
COMPANY_CNPJ = "41935286000184"  # the sample company (the seller)

ML = SalesChannel(code="ML", company_id=1, branch_id=1, warehouse_id=10, name="Mercado Livre")
ML_OUTLET = SalesChannel(code="ML-OUTLET", company_id=1, branch_id=2, warehouse_id=20)
ML_FULL = SalesChannel(code="ML-FULL", company_id=1, branch_id=1, warehouse_id=90)
AMZ = SalesChannel(code="AMZ", company_id=1, branch_id=1, warehouse_id=10, name="Amazon")

CONFIG = MappingConfig(
    channel_routes=(
        ChannelRoute(marketplace="MERCADO_LIVRE", channel=ML),
        ChannelRoute(marketplace="MERCADO_LIVRE", account="Loja Outlet", channel=ML_OUTLET),
        ChannelRoute(marketplace="MERCADO_LIVRE", fulfillment=True, channel=ML_FULL),
        ChannelRoute(marketplace="AMAZON", channel=AMZ),
    ),
    intermediaries={"AMAZON": IntermediaryInfo(cnpj=AMAZON_CNPJ, name="Amazon")},
    warehouse_map={10: 1, 20: 2},
    category_map={20: 501, 30: 502, 40: 503},
    brand_map={10: 11, 11: 12, 12: 13},
    warranty_months=3,
)


@cache
def _sample() -> tuple[
    tuple[Item, ...],
    tuple[ItemVariation, ...],
    tuple[StockBalance, ...],
    tuple[Warehouse, ...],
    tuple[PriceEntry, ...],
]:
    s = sample_source()
    return (
        tuple(s.items()),
        tuple(s.variations()),
        tuple(s.stock_balances()),
        tuple(s.warehouses()),
        tuple(s.price_entries()),
    )


def sample_items() -> tuple[Item, ...]:
    return _sample()[0]


def sample_variations() -> tuple[ItemVariation, ...]:
    return _sample()[1]


def sample_balances() -> tuple[StockBalance, ...]:
    return _sample()[2]


def sample_warehouses() -> tuple[Warehouse, ...]:
    return _sample()[3]


def sample_prices() -> tuple[PriceEntry, ...]:
    return _sample()[4]


def catalogue() -> dict[str, Item]:
    """M2 item code -> item, as the order intake holds it."""
    return {i.code: i for i in sample_items()}


def item(code: str = "X-1", **changes: Any) -> Item:
    """A publishable item with every catalogue field set."""
    fields: dict[str, Any] = {
        "item_id": 1,
        "code": code,
        "description": f"Produto {code}",
        "gross_weight": Decimal("1.5"),
        "net_weight": Decimal("1.2"),
        "height_cm": Decimal(10),
        "width_cm": Decimal(20),
        "length_cm": Decimal(30),
        "group_id": 40,
        "brand_id": 12,
        "barcode": "7899912003017",
        "active": True,
        "released": True,
        "ncm": "96170010",
        "origin": 0,
    }
    fields.update(changes)
    return Item(**fields)


# --- ANYMARKET order payloads -------------------------------------------------------------


def line(
    partner_id: str,
    amount: int,
    unit: str,
    discount: str = "0",
    *,
    sku_id: int = 700,
    title: str | None = None,
) -> dict[str, Any]:
    """One order line as ANYMARKET sends it (gross = amount x unit; total = gross - discount)."""
    gross = Decimal(unit) * amount
    return {
        "sku": {"id": sku_id, "title": title or partner_id, "partnerId": partner_id},
        "product": {"id": sku_id + 1000, "title": title or partner_id},
        "amount": amount,
        "unit": unit,
        "gross": str(gross),
        "discount": discount,
        "total": str(gross - Decimal(discount)),
        "shippings": [{"id": 1, "shippingtype": "Normal", "shippingCarrierNormalized": "CORREIOS"}],
        "stocks": [{"stockLocalId": 1, "amount": amount}],
        "orderItemId": f"L-{partner_id}",
    }


_NORMAL: dict[str, Any] = {
    "id": 9001,
    "accountName": "Loja Exemplo",
    "idAccount": 77,
    "marketPlace": "MERCADO_LIVRE",
    "marketPlaceId": "2000001234",
    "marketPlaceNumber": "2000001234",
    "subChannel": "mercadolivre",
    "subChannelNormalized": "MERCADO_LIVRE",
    "createdAt": "2026-03-09T10:15:00-03:00",
    "paymentDate": "2026-03-09T10:16:30-03:00",
    "status": "PAID_WAITING_SHIP",
    "marketPlaceStatus": "paid",
    "fulfillment": False,
    "documentIntermediator": "11.222.333/0001-81",
    "intermediateRegistrationId": "SELLER-778899",
    "documentPaymentInstitution": INSTITUTION_CNPJ,
    "discount": "10.00",
    "freight": "19.90",
    "interestValue": "0.00",
    "gross": "119.80",
    "total": "129.70",
    "buyer": {
        "id": 55,
        "marketPlaceId": "B-1",
        "name": "Maria Fictícia da Silva",
        "email": "maria.ficticia@exemplo.com.br",
        "document": "529.982.247-25",
        "documentType": "CPF",
        "documentNumberNormalized": BUYER_CPF,
        "cellPhone": "(47) 99123-4567",
    },
    "shipping": {
        "address": "Rua do Trabalho Imaginário, 45",
        "street": "Rua do Trabalho Imaginário",
        "number": "45",
        "neighborhood": "América",
        "city": "Joinville",
        "state": "Santa Catarina",
        "country": "BR",
        "zipCode": "89204-250",
        "receiverName": "Maria F. Silva",
    },
    "anymarketAddress": {
        "address": "Rua do Trabalho Imaginário, 45",
        "street": "Rua do Trabalho Imaginário",
        "number": "45",
        "comment": "Casa 2",
        "neighborhood": "América",
        "city": "Joinville",
        "state": "Santa Catarina",
        "stateAcronymNormalized": "SC",
        "zipCode": "89204250",
        "receiverName": "Maria F. Silva",
        "reference": "Perto da praça",
    },
    "billingAddress": {
        "street": "Rua das Palmeiras Fictícias",
        "number": "120",
        "comment": "Apto 301",
        "neighborhood": "Centro",
        "city": "Joinville",
        "state": "SC",
        "zipCode": "89201-100",
        "shipmentUserName": "Maria Fictícia da Silva",
        "shipmentUserDocument": BUYER_CPF,
        "shipmentUserDocumentType": "CPF",
    },
    "payments": [
        {
            "method": "credit_card",
            "paymentMethodNormalized": "CREDIT_CARD",
            "status": "approved",
            "value": "129.70",
            "installments": 3,
            "marketplaceFee": "15.57",
            "gatewayFee": "2.10",
        }
    ],
    "items": [line("CAM-BASICA-BRA-M", 2, "59.90", "10.00", sku_id=701)],
    "metadata": {"logistic_type": "drop_off"},
    "observation": "Entregar em horário comercial",
}


def payload(**changes: Any) -> dict[str, Any]:
    """The normal order's wire JSON with top-level keys replaced (``None`` removes one)."""
    data = copy.deepcopy(_NORMAL)
    for key, value in changes.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return data


def buyer(**changes: Any) -> dict[str, Any]:
    """The normal buyer with keys replaced (``None`` removes one)."""
    data: dict[str, Any] = copy.deepcopy(_NORMAL["buyer"])
    for key, value in changes.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return data


def order(data: Mapping[str, Any] | None = None, **changes: Any) -> Order:
    """An ``Order`` decoded by the SDK from wire JSON."""
    return structure(dict(data) if data is not None else payload(**changes), Order)


# --- NF-e access keys ---------------------------------------------------------------------


def access_key(
    *,
    uf: str = "42",
    yymm: str = "2603",
    cnpj: str = COMPANY_CNPJ,
    model: str = "55",
    series: int = 1,
    number: int = 1234,
    code: str = "12345678",
) -> str:
    """A valid access key (check digit computed)."""
    body = f"{uf}{yymm}{cnpj}{model}{series:03d}{number:09d}1{code}"
    return body + str(access_key_check_digit(body))
