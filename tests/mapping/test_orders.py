"""map_order / route_order: ANYMARKET order payloads -> M2 sales orders, table-driven.

Each mapped case asserts the full ``OrderMapping`` (sales order and decision) and the exact
warnings; each held case the exact holds and that no order came out.
"""

from __future__ import annotations

import copy
from datetime import datetime
from decimal import Decimal
from typing import Any

import attrs
import pytest

from anymarket_sdk.models import Marketplace
from m2_adapter.m2 import (
    DeliveryAddress,
    InMemoryOrderSink,
    Intermediary,
    OrderBuyer,
    OrderItem,
    OrderStatus,
    Payment,
    SalesOrder,
    order_problems,
)
from m2_adapter.mapping import (
    GATEWAY_FEE_COLUMN,
    SALES_CHANNEL_COLUMN,
    Held,
    HoldReason,
    MappingHeldError,
    MappingWarning,
    OrderAction,
    OrderDecision,
    OrderMapping,
    SalesChannel,
    WarningCode,
    is_fulfillment_order,
    map_order,
    route_order,
)

from .builders import (
    AMAZON_CNPJ,
    AMZ,
    BRT,
    BUYER_CNPJ,
    BUYER_CPF,
    CONFIG,
    INSTITUTION_CNPJ,
    INTERMEDIARY_CNPJ,
    ML,
    ML_FULL,
    ML_OUTLET,
    buyer,
    catalogue,
    line,
    order,
    payload,
)

D = Decimal
ITEMS = catalogue()


def dt(day: int, hour: int, minute: int, second: int = 0) -> datetime:
    return datetime(2026, 3, day, hour, minute, second, tzinfo=BRT)


MARIA = OrderBuyer(
    name="Maria Fictícia da Silva",
    document=BUYER_CPF,
    person_type="F",
    icms_taxpayer=False,
    email="maria.ficticia@exemplo.com.br",
    phone="47991234567",
)
DELIVERY = DeliveryAddress(
    receiver_name="Maria F. Silva",
    street="Rua do Trabalho Imaginário",
    number="45",
    complement="Casa 2",
    district="América",
    city="Joinville",
    uf="SC",
    zip_code="89204250",
    reference="Perto da praça",
)
BILLING = DeliveryAddress(
    receiver_name="Maria Fictícia da Silva",
    street="Rua das Palmeiras Fictícias",
    number="120",
    complement="Apto 301",
    district="Centro",
    city="Joinville",
    uf="SC",
    zip_code="89201100",
)
ML_INTERMEDIARY = Intermediary(cnpj=INTERMEDIARY_CNPJ, registration_id="SELLER-778899")

NORMAL = SalesOrder(
    anymarket_order_id="9001",
    marketplace="MERCADO_LIVRE",
    marketplace_order_number="2000001234",
    account_name="Loja Exemplo",
    sub_channel="MERCADO_LIVRE",
    fulfillment=False,
    created_at=dt(9, 10, 15),
    paid_at=dt(9, 10, 16, 30),
    buyer=MARIA,
    delivery_address=DELIVERY,
    billing_address=BILLING,
    items=[
        OrderItem(
            item_code="CAM-BASICA-BRA-M",
            item_id=1003,
            description="Camiseta Básica Algodão Penteado Branca M",
            quantity=D(2),
            unit_price=D("59.90"),
            discount=D("10.00"),
            total=D("109.80"),
            anymarket_sku_id="701",
        )
    ],
    payments=[
        Payment(
            method="CREDIT_CARD",
            value=D("129.70"),
            installments=3,
            marketplace_fee=D("15.57"),
            institution_cnpj=INSTITUTION_CNPJ,
        )
    ],
    freight=D("19.90"),
    discount=D(0),
    interest=D(0),
    total=D("129.70"),
    intermediary=ML_INTERMEDIARY,
    company_id=1,
    branch_id=1,
    warehouse_id=10,
    notes="Entregar em horário comercial",
)


def decision(
    channel: SalesChannel,
    *,
    action: OrderAction = OrderAction.CREATE,
    status: OrderStatus = OrderStatus.OPEN,
    fulfillment: bool = False,
    reserve: bool = True,
    own: bool = True,
) -> OrderDecision:
    return OrderDecision(
        channel=channel,
        action=action,
        m2_status=status,
        fulfillment=fulfillment,
        reserve_stock=reserve,
        issue_nfe=own,
        push_invoice=own,
        push_tracking=own,
    )


def warn(code: WarningCode, path: str, message: str, order_id: int = 9001) -> MappingWarning:
    return MappingWarning(code=code, subject=f"order {order_id}", path=path, message=message)


# --- the mapped cases ------------------------------------------------------------------------

MULTI_LINES = [
    line("CAM-BASICA-PRE-G", 1, "59.90", "5.00", sku_id=703),
    line("LIQ-TURBO-220", 1, "299.90", "20.00", sku_id=704),
    line("GAR-TERM-1L", 3, "89.90", sku_id=705),
]
MULTI_ITEMS = [
    OrderItem(
        item_code="CAM-BASICA-PRE-G",
        item_id=1007,
        description="Camiseta Básica Algodão Penteado Preta G",
        quantity=D(1),
        unit_price=D("59.90"),
        discount=D("5.00"),
        total=D("54.90"),
        anymarket_sku_id="703",
    ),
    OrderItem(
        item_code="LIQ-TURBO-220",
        item_id=1022,
        description="Liquidificador Turbo 900 W 3 L 220V",
        quantity=D(1),
        unit_price=D("299.90"),
        discount=D("20.00"),
        total=D("279.90"),
        anymarket_sku_id="704",
    ),
    OrderItem(
        item_code="GAR-TERM-1L",
        item_id=1030,
        description="Garrafa Térmica Inox 1 L",
        quantity=D(3),
        unit_price=D("89.90"),
        discount=D(0),
        total=D("269.70"),
        anymarket_sku_id="705",
    ),
]
COMPANY_BUYER = buyer(
    name="Loja Fictícia de Utilidades Ltda",
    email="compras@utilidades-ficticias.exemplo.com.br",
    document="27.865.120/0001-08",
    documentType="CNPJ",
    documentNumberNormalized=BUYER_CNPJ,
    companyStateTaxId="254.123.456",
    cellPhone=None,
    phone="(21) 3555-0101",
)
MULTI_PAYLOAD = payload(
    id=9004,
    marketPlace="AMAZON",
    accountName="Amazon BR",
    marketPlaceId="702-1234567-7654321",
    marketPlaceNumber="702-1234567-7654321",
    subChannel=None,
    subChannelNormalized=None,
    documentIntermediator=None,
    intermediateRegistrationId=None,
    documentPaymentInstitution=None,
    discount="55.00",
    freight="0.00",
    interestValue="12.34",
    gross="659.50",
    total="586.84",
    discountMetadata=[{"type": ["COUPON"]}],
    buyer=COMPANY_BUYER,
    billingAddress=None,
    items=MULTI_LINES,
    payments=[
        {
            "method": "CreditCard",
            "value": "500.00",
            "installments": 6,
            "marketplaceFee": "60.00",
            "gatewayFee": "4.50",
            "documentPaymentInstitution": "55.667.788/0001-86",
        },
        {"method": "Pix", "paymentMethodNormalized": "PIX", "value": "86.84"},
        {"method": "Voucher"},
    ],
    metadata={},
    observation=None,
)
MULTI = attrs.evolve(
    NORMAL,
    anymarket_order_id="9004",
    marketplace="AMAZON",
    marketplace_order_number="702-1234567-7654321",
    account_name="Amazon BR",
    sub_channel=None,
    buyer=OrderBuyer(
        name="Loja Fictícia de Utilidades Ltda",
        document=BUYER_CNPJ,
        person_type="J",
        state_registration="254.123.456",
        icms_taxpayer=True,
        email="compras@utilidades-ficticias.exemplo.com.br",
        phone="2135550101",
    ),
    billing_address=None,
    items=MULTI_ITEMS,
    payments=[
        Payment(
            method="CreditCard",
            value=D("500.00"),
            installments=6,
            marketplace_fee=D("60.00"),
            institution_cnpj=INSTITUTION_CNPJ,
        ),
        Payment(method="PIX", value=D("86.84")),
    ],
    freight=D(0),
    discount=D("30.00"),
    interest=D("12.34"),
    total=D("586.84"),
    intermediary=Intermediary(cnpj=AMAZON_CNPJ, name="Amazon"),
    notes=None,
)

FULFILLMENT_PAYLOAD = payload(
    id=9002,
    fulfillment=True,
    buyer=buyer(document="000.000.000-00", documentNumberNormalized="00000000000"),
    anymarketAddress=None,
    shipping={"city": "Extrema", "state": "MG", "receiverName": "Maria F. Silva"},
    billingAddress=None,
    items=[line("LIQ-TURBO-110", 1, "279.90", sku_id=702)],
    discount="0",
    freight="0",
    gross="279.90",
    total="279.90",
    documentPaymentInstitution=None,
    payments=[{"method": "account_money", "value": "279.90", "marketplaceFee": "33.59"}],
    metadata={"logistic_type": "fulfillment"},
    observation=None,
)
FULFILLMENT = attrs.evolve(
    NORMAL,
    anymarket_order_id="9002",
    fulfillment=True,
    buyer=attrs.evolve(MARIA, document=None, person_type=None, icms_taxpayer=None),
    delivery_address=None,
    billing_address=None,
    items=[
        OrderItem(
            item_code="LIQ-TURBO-110",
            item_id=1021,
            description="Liquidificador Turbo 900 W 3 L 110V",
            quantity=D(1),
            unit_price=D("279.90"),
            discount=D(0),
            total=D("279.90"),
            anymarket_sku_id="702",
        )
    ],
    payments=[Payment(method="account_money", value=D("279.90"), marketplace_fee=D("33.59"))],
    freight=D(0),
    discount=D(0),
    total=D("279.90"),
    warehouse_id=90,
    notes=None,
)

MAPPED_CASES = [
    pytest.param(payload(), OrderMapping(order=NORMAL, decision=decision(ML)), (), id="normal"),
    pytest.param(
        FULFILLMENT_PAYLOAD,
        OrderMapping(
            order=FULFILLMENT,
            decision=decision(ML_FULL, fulfillment=True, reserve=False, own=False),
        ),
        (
            warn(
                WarningCode.DOCUMENT_DROPPED,
                "buyer.document",
                "the buyer document is a placeholder (one repeated digit): dropped "
                "(no NF-e by the seller)",
                9002,
            ),
            warn(
                WarningCode.ADDRESS_DROPPED,
                "anymarket_address",
                "delivery address dropped: no street; no CEP",
                9002,
            ),
        ),
        id="fulfillment",
    ),
    pytest.param(
        payload(
            id=9003,
            status="CANCELED",
            cancelDate="2026-03-09T18:00:00-03:00",
            cancellationCode="BUYER_CANCELED",
            buyer=buyer(document="***.***.247-25", documentNumberNormalized=None),
        ),
        OrderMapping(
            order=attrs.evolve(
                NORMAL,
                anymarket_order_id="9003",
                buyer=attrs.evolve(MARIA, document=None, person_type=None, icms_taxpayer=None),
            ),
            decision=decision(
                ML,
                action=OrderAction.CANCEL,
                status=OrderStatus.CANCELED,
                reserve=False,
                own=False,
            ),
        ),
        (
            warn(
                WarningCode.DOCUMENT_DROPPED,
                "buyer.document",
                "the buyer document is masked by the marketplace: dropped (no NF-e by the seller)",
                9003,
            ),
        ),
        id="cancelled-with-masked-buyer",
    ),
    pytest.param(
        MULTI_PAYLOAD,
        OrderMapping(order=MULTI, decision=decision(AMZ)),
        (
            warn(WarningCode.PAYMENT_DROPPED, "payments[2].value", "no value", 9004),
            warn(
                WarningCode.INTERMEDIARY_FROM_CONFIG,
                "document_intermediator",
                "no intermediary on the order: the configured one for AMAZON was used",
                9004,
            ),
        ),
        id="multi-item-with-discounts",
    ),
    pytest.param(
        payload(
            id=9005,
            buyer=buyer(
                document="AR-30.111.222",
                documentType="DNI",
                documentNumberNormalized=None,
                cellPhone="+54 11 5555-1234",
            ),
        ),
        OrderMapping(
            order=attrs.evolve(
                NORMAL,
                anymarket_order_id="9005",
                buyer=attrs.evolve(
                    MARIA,
                    document="AR-30.111.222",
                    person_type=None,
                    icms_taxpayer=None,
                    phone=None,
                ),
            ),
            decision=decision(ML),
        ),
        (
            warn(
                WarningCode.FOREIGN_DOCUMENT,
                "buyer.document",
                "a DNI document: kept as given, not validated",
                9005,
            ),
            warn(WarningCode.PHONE_DROPPED, "buyer.phone", "phone dropped (country_code)", 9005),
        ),
        id="foreign-buyer",
    ),
    pytest.param(
        payload(id=9008, status="PENDING", paymentDate=None, accountName=" loja OUTLET "),
        OrderMapping(
            order=attrs.evolve(
                NORMAL,
                anymarket_order_id="9008",
                account_name="loja OUTLET",
                paid_at=None,
                branch_id=2,
                warehouse_id=20,
            ),
            decision=decision(ML_OUTLET, status=OrderStatus.PENDING, reserve=False),
        ),
        (),
        id="pending-outlet-account",
    ),
]


@pytest.mark.parametrize(("data", "expected", "warnings"), MAPPED_CASES)
def test_mapped_orders(
    data: dict[str, Any], expected: OrderMapping, warnings: tuple[MappingWarning, ...]
) -> None:
    result = map_order(order(data), config=CONFIG, items=ITEMS)
    assert result.ok, result.held
    assert result.value == expected
    assert result.warnings == warnings
    assert result.held == ()
    assert result.skipped == ()
    assert result.value is not None
    assert result.value.order.extra == {SALES_CHANNEL_COLUMN: expected.decision.channel.code}
    assert order_problems(result.value.order) == []


def test_gateway_fee_travels_in_payment_extra() -> None:
    result = map_order(order(MULTI_PAYLOAD), config=CONFIG, items=ITEMS)
    mapped = result.unwrap()
    assert [p.extra for p in mapped.order.payments] == [{GATEWAY_FEE_COLUMN: "4.50"}, {}]
    normal = map_order(order(), config=CONFIG, items=ITEMS).unwrap()
    assert normal.order.payments[0].extra == {GATEWAY_FEE_COLUMN: "2.10"}


@pytest.mark.parametrize(
    ("discount", "total", "expected", "warnings"),
    [
        pytest.param("55.00", "586.84", "30.00", (), id="discount-includes-the-lines"),
        pytest.param("30.00", "611.84", "5.00", (), id="lines-part-of-30"),
        pytest.param("30.00", "586.84", "30.00", (), id="discount-on-top-of-the-lines"),
        pytest.param("25.00", "616.84", "0.00", (), id="only-line-discounts"),
        pytest.param("10.00", "606.84", "10.00", (), id="less-than-the-lines-is-on-top"),
        pytest.param(
            "55.00",
            "999.99",
            "30.00",
            (
                warn(
                    WarningCode.TOTALS_MISMATCH,
                    "total",
                    "total 999.99 differs from items 604.50 + freight 0.00 + interest 12.34 "
                    "- discount 30.00 = 586.84",
                    9004,
                ),
            ),
            id="no-reading-reconciles",
        ),
    ],
)
def test_order_level_discount(
    discount: str, total: str, expected: str, warnings: tuple[MappingWarning, ...]
) -> None:
    data = copy.deepcopy(MULTI_PAYLOAD)
    data.update(discount=discount, total=total, payments=[])
    result = map_order(order(data), config=CONFIG, items=ITEMS)
    mapped = result.unwrap()
    assert mapped.order.discount == D(expected)
    assert tuple(w for w in result.warnings if w.code is WarningCode.TOTALS_MISMATCH) == warnings


def test_order_without_total_uses_the_inclusive_reading() -> None:
    data = copy.deepcopy(MULTI_PAYLOAD)
    data.update(total=None, payments=[])
    del data["total"]
    mapped = map_order(order(data), config=CONFIG, items=ITEMS).unwrap()
    assert (mapped.order.discount, mapped.order.total) == (D("30.00"), None)


# --- the held cases --------------------------------------------------------------------------


def held(reason: HoldReason, path: str, detail: str, order_id: int = 9001) -> Held:
    return Held(reason=reason, subject=f"order {order_id}", path=path, detail=detail)


def no_partner_id() -> dict[str, Any]:
    bare = line("X", 1, "10.00")
    del bare["sku"]["partnerId"]
    return bare


HELD_CASES = [
    pytest.param(
        payload(buyer=buyer(document="000.000.000-00", documentNumberNormalized="00000000000")),
        (
            held(
                HoldReason.BUYER_DOCUMENT_PLACEHOLDER,
                "buyer.document",
                "the buyer document is a placeholder (one repeated digit): an NF-e needs a "
                "valid CPF/CNPJ",
            ),
        ),
        id="placeholder-buyer",
    ),
    pytest.param(
        payload(buyer=buyer(document="000.000.000-00", documentNumberNormalized=None)),
        (
            held(
                HoldReason.BUYER_DOCUMENT_PLACEHOLDER,
                "buyer.document",
                "the buyer document is a placeholder (one repeated digit): an NF-e needs a "
                "valid CPF/CNPJ",
            ),
        ),
        id="placeholder-in-document-only",
    ),
    pytest.param(
        payload(buyer=buyer(document="529.***.***-25", documentNumberNormalized=None)),
        (
            held(
                HoldReason.BUYER_DOCUMENT_MASKED,
                "buyer.document",
                "the buyer document is masked by the marketplace: an NF-e needs a valid CPF/CNPJ",
            ),
        ),
        id="masked-buyer",
    ),
    pytest.param(
        payload(buyer=buyer(document="529.982.247-24", documentNumberNormalized="52998224724")),
        (
            held(
                HoldReason.BUYER_DOCUMENT_INVALID,
                "buyer.document",
                "the buyer document is not a valid CPF or CNPJ: an NF-e needs a valid CPF/CNPJ",
            ),
        ),
        id="bad-check-digit",
    ),
    pytest.param(
        payload(buyer=buyer(document=None, documentNumberNormalized=None, documentType=None)),
        (
            held(
                HoldReason.BUYER_DOCUMENT_INVALID,
                "buyer.document",
                "the buyer document is missing: an NF-e needs a valid CPF/CNPJ",
            ),
        ),
        id="no-document",
    ),
    pytest.param(
        payload(buyer=buyer(document=None, documentNumberNormalized=None, documentType="OTHER")),
        (
            held(
                HoldReason.BUYER_DOCUMENT_INVALID,
                "buyer.document",
                "the buyer document is missing: an NF-e needs a valid CPF/CNPJ",
            ),
        ),
        id="other-type-without-document",
    ),
    pytest.param(
        payload(
            items=[
                line("CAM-BASICA-BRA-M", 2, "59.90", "10.00", sku_id=701),
                line("NAO-EXISTE", 1, "10.00"),
            ]
        ),
        (
            held(
                HoldReason.UNKNOWN_SKU,
                "items[1].sku.partner_id",
                "SKU 'NAO-EXISTE' is not an M2 item",
            ),
        ),
        id="unknown-sku",
    ),
    pytest.param(
        payload(items=[line("CAM BASICA", 1, "10.00")]),
        (
            held(
                HoldReason.UNKNOWN_SKU,
                "items[0].sku.partner_id",
                "SKU 'CAM BASICA' is not a partnerId this integration sends",
            ),
        ),
        id="sku-not-from-the-codec",
    ),
    pytest.param(
        payload(items=[no_partner_id()]),
        (held(HoldReason.UNKNOWN_SKU, "items[0].sku.partner_id", "the line has no SKU"),),
        id="line-without-sku",
    ),
    pytest.param(
        payload(marketPlace="SHOPEE"),
        (
            held(
                HoldReason.CHANNEL_UNMAPPED,
                "marketplace",
                "no M2 sales channel for marketplace SHOPEE, account 'Loja Exemplo', "
                "fulfillment=False",
            ),
        ),
        id="unmapped-channel",
    ),
    pytest.param(
        payload(marketPlace="AMAZON", fulfillment=True),
        (
            held(
                HoldReason.CHANNEL_UNMAPPED,
                "marketplace",
                "no M2 sales channel for marketplace AMAZON, account 'Loja Exemplo', "
                "fulfillment=True",
            ),
        ),
        id="fulfillment-never-falls-back-to-own-channel",
    ),
    pytest.param(
        payload(status="ON_HOLD"),
        (held(HoldReason.ORDER_STATUS_UNKNOWN, "status", "the status is 'ON_HOLD'"),),
        id="unknown-status",
    ),
    pytest.param(
        payload(marketPlace=None),
        (held(HoldReason.ORDER_INCOMPLETE, "marketplace", "the order has no marketplace"),),
        id="no-marketplace",
    ),
    pytest.param(
        payload(createdAt=None, items=[]),
        (
            held(
                HoldReason.ORDER_INCOMPLETE,
                "created_at",
                "the order has no creation date with an offset",
            ),
            held(HoldReason.ORDER_INCOMPLETE, "items", "the order has no items"),
        ),
        id="no-date-no-items",
    ),
    pytest.param(
        payload(anymarketAddress=None, shipping=None),
        (
            held(
                HoldReason.ADDRESS_INVALID,
                "anymarket_address",
                "delivery address unusable: no address",
            ),
        ),
        id="no-address",
    ),
    pytest.param(
        payload(
            anymarketAddress={"street": "Rua A", "city": "Joinville", "zipCode": "00000-000"},
            shipping=None,
        ),
        (
            held(
                HoldReason.ADDRESS_INVALID,
                "anymarket_address",
                "delivery address unusable: no valid UF; invalid CEP (placeholder)",
            ),
        ),
        id="bad-address",
    ),
    pytest.param(
        payload(documentIntermediator="11.222.333/0001-82"),
        (
            held(
                HoldReason.INTERMEDIARY_INVALID,
                "document_intermediator",
                "the intermediary document is not a valid CNPJ",
            ),
        ),
        id="bad-intermediary",
    ),
    pytest.param(
        payload(freight="-1.00", interestValue="-0.01"),
        (
            held(HoldReason.AMOUNT_INVALID, "freight", "freight is negative"),
            held(HoldReason.AMOUNT_INVALID, "interest_value", "interest_value is negative"),
        ),
        id="negative-amounts",
    ),
    pytest.param(
        payload(
            items=[
                line("CAM-BASICA-BRA-M", 0, "59.90"),
                {**line("CAM-BASICA-BRA-P", 1, "59.90"), "unit": None, "gross": None},
                line("CAM-BASICA-BRA-G", 1, "59.90", "-1"),
            ],
            payments=[{"method": "x", "value": "-5"}],
        ),
        (
            held(HoldReason.ITEM_INVALID, "items[0].amount", "the quantity is not positive"),
            held(HoldReason.ITEM_INVALID, "items[1].unit", "the line has no unit price"),
            held(HoldReason.AMOUNT_INVALID, "items[2].discount", "discount is negative"),
            held(HoldReason.AMOUNT_INVALID, "payments[0].value", "value is negative"),
        ),
        id="bad-lines",
    ),
    pytest.param(
        payload(buyer=buyer(name=None), billingAddress=None, shipping=None),
        (held(HoldReason.BUYER_NAME_MISSING, "buyer.name", "no buyer, billing or receiver name"),),
        id="no-buyer-name",
    ),
    pytest.param(
        payload(
            buyer=buyer(document="111.111.111-11", documentNumberNormalized=None),
            items=[line("NAO-EXISTE", 1, "10.00")],
        ),
        (
            held(
                HoldReason.BUYER_DOCUMENT_PLACEHOLDER,
                "buyer.document",
                "the buyer document is a placeholder (one repeated digit): an NF-e needs a "
                "valid CPF/CNPJ",
            ),
            held(
                HoldReason.UNKNOWN_SKU,
                "items[0].sku.partner_id",
                "SKU 'NAO-EXISTE' is not an M2 item",
            ),
        ),
        id="every-problem-is-reported",
    ),
]


@pytest.mark.parametrize(("data", "holds"), HELD_CASES)
def test_held_orders(data: dict[str, Any], holds: tuple[Held, ...]) -> None:
    result = map_order(order(data), config=CONFIG, items=ITEMS)
    assert not result.ok
    assert result.value is None
    assert result.held == holds
    assert result.held_reason is holds[0].reason
    with pytest.raises(MappingHeldError, match=holds[0].reason.value):
        result.unwrap()


def test_held_messages_carry_no_personal_data() -> None:
    data = payload(buyer=buyer(document="529.982.247-24", documentNumberNormalized="52998224724"))
    result = map_order(order(data), config=CONFIG, items=ITEMS)
    text = repr(result.report)
    for secret in ("52998224724", "529.982.247", "maria.ficticia", "99123"):
        assert secret not in text


# --- warnings that do not hold ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "warnings"),
    [
        pytest.param(
            {"buyer": buyer(documentType="CNPJ")},
            (
                warn(
                    WarningCode.DOCUMENT_TYPE_MISMATCH,
                    "buyer.document_type",
                    "declared CNPJ, but the document is a CPF",
                ),
            ),
            id="declared-type-mismatch",
        ),
        pytest.param(
            {"buyer": buyer(cellPhone="4799999")},
            (warn(WarningCode.PHONE_DROPPED, "buyer.phone", "phone dropped (length)"),),
            id="bad-phone",
        ),
        pytest.param(
            {"billingAddress": {"street": "Rua B", "city": "Joinville", "state": "Santa Catarina"}},
            (
                warn(
                    WarningCode.ADDRESS_DROPPED,
                    "billing_address",
                    "billing address dropped: no valid UF; no CEP",
                ),
            ),
            id="bad-billing-address",
        ),
        pytest.param(
            {
                "anymarketAddress": {
                    "street": "Rua A",
                    "city": "Curitiba",
                    "stateAcronymNormalized": "PR",
                    "zipCode": "01310-100",
                }
            },
            (
                warn(
                    WarningCode.CEP_UF_MISMATCH,
                    "anymarket_address.zip_code",
                    "the CEP is not in the address's UF postal region",
                ),
            ),
            id="cep-uf-mismatch",
        ),
        pytest.param(
            {"documentIntermediator": None},
            (
                warn(
                    WarningCode.INTERMEDIARY_MISSING,
                    "document_intermediator",
                    "no intermediary on the order or in the configuration (NF-e without "
                    "infIntermed)",
                ),
            ),
            id="no-intermediary",
        ),
        pytest.param(
            {"documentPaymentInstitution": "123"},
            (
                warn(
                    WarningCode.INSTITUTION_DROPPED,
                    "payments[0].document_payment_institution",
                    "the payment institution is not a valid CNPJ: dropped",
                ),
            ),
            id="bad-payment-institution",
        ),
        pytest.param(
            {"marketPlaceNumber": None, "marketPlaceId": None},
            (
                warn(
                    WarningCode.MARKETPLACE_NUMBER_MISSING,
                    "marketplace_number",
                    "the order has no marketplace order number",
                ),
            ),
            id="no-marketplace-number",
        ),
    ],
)
def test_warnings_do_not_hold(
    changes: dict[str, Any], warnings: tuple[MappingWarning, ...]
) -> None:
    result = map_order(order(payload(**changes)), config=CONFIG, items=ITEMS)
    assert result.ok
    assert result.warnings == warnings


def test_not_published_item_and_kit_component_are_warned() -> None:
    kit_line = line("VENT-MESA-30", 1, "149.90")
    kit_line["skuKit"] = {"id": 5, "partnerId": "KIT-VERAO", "amount": 1}
    data = payload(items=[kit_line], total=None)
    result = map_order(order(data), config=CONFIG, items=ITEMS)
    assert result.ok
    assert result.warnings == (
        warn(
            WarningCode.ITEM_NOT_PUBLISHED,
            "items[0].sku.partner_id",
            "item VENT-MESA-30 is not active and released in M2",
        ),
        warn(
            WarningCode.KIT_COMPONENT,
            "items[0].sku_kit",
            "the line is a component of kit 'KIT-VERAO'",
        ),
    )


def test_unit_price_from_gross() -> None:
    bare = {**line("GAR-TERM-1L", 3, "89.90"), "unit": None}
    mapped = map_order(order(payload(items=[bare])), config=CONFIG, items=ITEMS).unwrap()
    assert mapped.order.items[0].unit_price == D("89.90")


def test_escaped_partner_id_decodes_to_the_m2_code() -> None:
    items = {**ITEMS, "CX 12/A": attrs.evolve(ITEMS["GAR-TERM-1L"], code="CX 12/A", item_id=77)}
    data = payload(items=[line("CX~2012~2FA", 1, "10.00")], total=None)
    mapped = map_order(order(data), config=CONFIG, items=items).unwrap()
    assert (mapped.order.items[0].item_code, mapped.order.items[0].item_id) == ("CX 12/A", 77)


# --- routing ----------------------------------------------------------------------------------


def test_route_from_logistic_type_metadata() -> None:
    o = order(payload(fulfillment=None, metadata={"logistic_type": "fulfillment"}))
    assert is_fulfillment_order(o) == (True, True)
    result = route_order(o, config=CONFIG)
    assert result.value == decision(ML_FULL, fulfillment=True, reserve=False, own=False)
    assert result.warnings == (
        warn(
            WarningCode.FULFILLMENT_FROM_METADATA,
            "metadata.logistic_type",
            "fulfillment is not set but logistic_type is 'fulfillment': treated as fulfillment",
        ),
    )


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("PENDING", (OrderAction.CREATE, OrderStatus.PENDING, False)),
        ("PAID_WAITING_SHIP", (OrderAction.CREATE, OrderStatus.OPEN, True)),
        ("INVOICED", (OrderAction.CREATE, OrderStatus.OPEN, True)),
        ("PAID_WAITING_DELIVERY", (OrderAction.CREATE, OrderStatus.OPEN, True)),
        ("CONCLUDED", (OrderAction.CREATE, OrderStatus.OPEN, True)),
        ("DELIVERY_ISSUE", (OrderAction.CREATE, OrderStatus.OPEN, True)),
        ("CANCELED", (OrderAction.CANCEL, OrderStatus.CANCELED, False)),
    ],
)
def test_status_decisions(status: str, expected: tuple[OrderAction, OrderStatus, bool]) -> None:
    d = route_order(order(payload(status=status)), config=CONFIG).unwrap()
    assert (d.action, d.m2_status, d.reserve_stock) == expected
    ffd = route_order(order(payload(status=status, fulfillment=True)), config=CONFIG).unwrap()
    assert ffd.channel == ML_FULL
    assert ffd.fulfillment
    assert (ffd.reserve_stock, ffd.issue_nfe, ffd.push_invoice, ffd.push_tracking) == (
        False,
        False,
        False,
        False,
    )


def test_marketplace_enum_and_text_route_alike() -> None:
    assert CONFIG.route_for(Marketplace.AMAZON, None, fulfillment=False) == CONFIG.route_for(
        " amazon ", "whatever", fulfillment=False
    )


def test_mapped_order_is_written_by_the_reference_sink() -> None:
    mapping = map_order(order(), config=CONFIG, items=ITEMS).unwrap()
    sink = InMemoryOrderSink()
    receipt = sink.write_order(mapping.order, status=mapping.decision.m2_status)
    assert receipt.created
    record = sink.find_by_anymarket_id("9001")
    assert record is not None
    assert record.order == mapping.order
    assert record.order.extra[SALES_CHANNEL_COLUMN] == "ML"
