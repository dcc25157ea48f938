"""``client.orders``: reading orders (model, variants, filters) and creating test orders.

Status changes are in test_orders_transitions.py, NF-e documents in test_orders_documents.py
and the [sdk] routes (partner id, import status, packages, returns) in
test_orders_sdk_routes.py; they share ``order_json`` from here.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

import attrs
import pytest
import respx

from anymarket_sdk import RequestValidationError, ResponseDecodeError
from anymarket_sdk.models import Marketplace
from anymarket_sdk.models.orders import (
    Buyer,
    CancellationCode,
    DeliveryStatus,
    DocumentType,
    NfeType,
    Order,
    OrderDiscountType,
    OrderItem,
    OrderProduct,
    OrderSku,
    OrderStatus,
    OrderTransmissionStatus,
)
from anymarket_sdk.resources.orders import AmbiguousOrderError
from tests.conftest import Both, page

BRT = timezone(timedelta(hours=-3))
ACCESS_KEY = "41190908328657000194550015624654251041433087"  # series 1, number 562465425


def order_json(**over: Any) -> dict[str, Any]:
    """A Mercado Livre order as GET /orders/{id} returns it (every documented group)."""
    body: dict[str, Any] = {
        "id": 9001,
        "accountName": "Loja Matriz",
        "idAccount": 77,
        "marketPlace": "MERCADO_LIVRE",
        "marketPlaceId": "2000004567890",
        "marketPlaceNumber": "2000004567890",
        "marketPlaceUrl": "https://www.mercadolivre.com.br/vendas/2000004567890/detalhe",
        "partnerId": "PV-1234",
        "partnerNumber": "1234",
        "subChannel": "MLB",
        "subChannelNormalized": "MERCADO_LIVRE",
        "orderTypeName": "Venda",
        "shippingOptionId": "44556677",
        "shippingId": "40000123456",
        "createdAt": "2024-05-02T10:11:12-03:00",
        "paymentDate": "2024-05-02T10:15:00Z",
        "lastUpdate": "2024-05-03T08:00:00.123+00:00",
        "status": "PAID_WAITING_SHIP",
        "transmissionStatus": "OK",
        "marketPlaceStatus": "paid",
        "marketPlaceStatusComplement": "ready_to_ship",
        "marketPlaceShipmentStatus": "ready_to_ship",
        "deliverStatus": "UNKNOWN",
        "fulfillment": False,
        "needCollect": True,
        "documentIntermediator": "03007331000141",
        "intermediateRegistrationId": "123456789",
        "documentPaymentInstitution": "10573521000191",
        "discount": 10.5,
        "freight": 23.9,
        "sellerFreight": 18.75,
        "interestValue": 0,
        "gross": 399.8,
        "productGross": 399.8,
        "productNet": 389.3,
        "total": 413.2,
        "discountMetadata": [{"type": ["COUPON"]}],
        "quoteReconciliation": {"quoteId": "Q-778899", "price": 23.9},
        "buyer": {
            "id": 501,
            "marketPlaceId": "12345678",
            "name": "Maria Souza",
            "email": "maria.souza@example.com",
            "document": "529.982.247-25",
            "documentType": "CPF",
            "documentNumberNormalized": "52998224725",
            "phone": "4733334444",
            "cellPhone": "47999998888",
            "dateOfBirth": "1990-01-31",
        },
        "shipping": {
            "address": "Rua XV de Novembro, 100 - Centro",
            "street": "Rua XV de Novembro",
            "number": "100",
            "comment": "Apto 12",
            "reference": "Perto da praça",
            "neighborhood": "Centro",
            "city": "Blumenau",
            "state": "SC",
            "stateNameNormalized": "Santa Catarina",
            "country": "Brasil",
            "countryAcronymNormalized": "BR",
            "countryNameNormalized": "Brasil",
            "zipCode": "89010-000",
            "receiverName": "Maria Souza",
            "promisedShippingTime": "2024-05-06T23:59:59-03:00",
        },
        "billingAddress": {
            "street": "Rua XV de Novembro",
            "number": "100",
            "neighborhood": "Centro",
            "city": "Blumenau",
            "state": "SC",
            "country": "Brasil",
            "zipCode": "89010-000",
            "shipmentUserName": "Maria Souza",
            "shipmentUserDocument": "52998224725",
            "shipmentUserDocumentType": "CPF",
        },
        "anymarketAddress": {
            "address": "Rua XV de Novembro, 100",
            "street": "Rua XV de Novembro",
            "number": "100",
            "neighborhood": "Centro",
            "city": "Blumenau",
            "state": "Santa Catarina",
            "stateAcronymNormalized": "SC",
            "country": "BR",
            "zipCode": "89010000",
            "receiverName": "Maria Souza",
            "promisedShippingTime": "06/05/2024",
        },
        "payments": [
            {
                "method": "credit_card",
                "status": "approved",
                "value": 413.2,
                "installments": 3,
                "marketplaceId": "PAY-1",
                "paymentMethodNormalized": "CREDIT_CARD",
                "paymentDetailNormalized": "VISA",
                "gatewayFee": 12.4,
                "marketplaceFee": 55.97,
                "dueDate": "2024-06-02T00:00:00-03:00",
                "cardOperator": "VISA",
                "orderAuthorizationCardCode": "AUTH-998877",
            }
        ],
        "items": [
            {
                "product": {"id": 11, "title": "Liquidificador Turbo"},
                "sku": {
                    "id": 12,
                    "title": "Liquidificador Turbo 110V",
                    "partnerId": "LT12-110",
                    "ean": "7891234567895",
                },
                "skuKit": {"id": 13, "title": "Kit Cozinha", "partnerId": "KIT-1", "amount": 1},
                "amount": 2,
                "unit": 199.9,
                "gross": 399.8,
                "total": 389.3,
                "discount": 10.5,
                "discountItemMetadata": [
                    {
                        "type": "COUPON",
                        "discountProductSeller": 4.5,
                        "discountProductMarketplace": 6,
                    }
                ],
                "shippings": [
                    {
                        "id": 1,
                        "shippingtype": "Mercado Envios Flex",
                        "shippingCarrierNormalized": "MERCADO_ENVIOS",
                        "shippingCarrierTypeNormalized": "FLEX",
                    }
                ],
                "customizations": [
                    {
                        "customizationType": "Gravação",
                        "customizationQuantity": 1,
                        "customizationPrice": 5,
                        "customizationValue": "Maria",
                    }
                ],
                "stocks": [{"stockLocalId": 4, "amount": 2, "stockName": "CD Joinville"}],
                "marketPlaceId": "MLB123",
                "orderItemId": "778",
                "idInMarketPlace": "MLB123-1",
                "officialStoreId": "55",
                "officialStoreName": "Loja Oficial",
                "listingType": "gold_special",
                "freeShipping": True,
            }
        ],
        "invoice": {
            "accessKey": ACCESS_KEY,
            "series": "1",
            "number": "562465425",
            "date": "2019-09-11T15:57:56-03:00",
            "cfop": "5102",
            "companyStateTaxId": "ISENTO",
            "linkNfe": "https://nfe.example/consulta",
            "invoiceLink": "https://nfe.example/danfe.pdf",
            "extraDescription": "obs",
            "fiscalMetadata": {
                "operationType": "saida",
                "emissionType": "normal",
                "authorizationProtocol": "141190000835627",
            },
        },
        "tracking": {
            "url": "https://rastreio.example/AB123",
            "number": "AB123456789BR",
            "carrier": "Correios",
            "carrierDocument": "34028316000103",
            "date": "2024-05-03T09:00:00-03:00",
            "shippedDate": "2024-05-03T09:00:00-03:00",
            "estimateDate": "2024-05-08T18:00:00-03:00",
            "deliveryMethodId": "SEDEX",
            "deliveryMethodName": "Sedex",
        },
        "pickup": {
            "id": 3,
            "description": "Loja Centro",
            "partnerId": 44,
            "marketplaceId": "ST-9",
            "receiverName": "Maria",
        },
        "metadata": {
            "number-of-packages": "1",
            "cdZipCode": "89010000",
            "needInvoiceXML": True,
            "mshops": False,
            "logistic_type": "self_service",
        },
        "cancellationCode": "BUYER_CANCELED",
        "cancelDetails": "comprador desistiu",
        "observation": "Entregar à tarde",
        "orderMessage": {"message": "Pedido importado", "key": "imported", "parameters": ["1"]},
    }
    body.update(over)
    return body


def test_get_decodes_the_whole_order(am: Both, router: respx.Router) -> None:
    router.get("orders/9001").respond(json=order_json())
    order = am.orders.get(9001)
    assert isinstance(order, Order)
    assert order.id == 9001
    assert order.marketplace is Marketplace.MERCADO_LIVRE
    assert (order.marketplace_id, order.partner_id) == ("2000004567890", "PV-1234")
    assert order.status is OrderStatus.PAID_WAITING_SHIP
    assert order.status.label == "Pago"
    assert order.transmission_status is OrderTransmissionStatus.OK
    assert order.delivery_status is DeliveryStatus.UNKNOWN
    assert order.marketplace_status_complement == "ready_to_ship"
    assert order.cancellation_code is CancellationCode.BUYER_CANCELED
    assert order.created_at == datetime(2024, 5, 2, 10, 11, 12, tzinfo=BRT)
    assert order.last_update is not None
    assert order.last_update.utcoffset() == timedelta(0)
    # money is exact
    assert (order.discount, order.freight, order.total) == (
        Decimal("10.5"),
        Decimal("23.9"),
        Decimal("413.2"),
    )
    assert order.seller_freight == Decimal("18.75")
    assert order.product_net == Decimal("389.3")
    assert order.discount_metadata[0].type == [OrderDiscountType.COUPON]
    assert order.quote_reconciliation is not None
    assert order.quote_reconciliation.price == Decimal("23.9")
    # buyer and addresses
    assert order.buyer is not None
    assert order.buyer.document_type is DocumentType.CPF
    assert order.buyer.document_number_normalized == "52998224725"
    assert order.shipping is not None
    assert order.shipping.promised_shipping_time == datetime(2024, 5, 6, 23, 59, 59, tzinfo=BRT)
    assert order.anymarket_address is not None
    assert order.anymarket_address.state_acronym_normalized == "SC"
    assert order.anymarket_address.promised_shipping_time == "06/05/2024"
    assert order.billing_address is not None
    assert order.billing_address.shipment_user_document_type is DocumentType.CPF
    # items
    item = order.items[0]
    assert item.partner_id == "LT12-110"
    assert order.item_by_partner_id("LT12-110") is item
    assert item.product == OrderProduct(id=11, title="Liquidificador Turbo")
    assert item.sku_kit is not None
    assert item.sku_kit.amount == Decimal(1)
    assert (item.amount, item.unit, item.gross, item.total) == (
        Decimal(2),
        Decimal("199.9"),
        Decimal("399.8"),
        Decimal("389.3"),
    )
    assert item.discount_item_metadata[0].discount_product_marketplace == Decimal(6)
    assert item.shippings[0].shipping_type == "Mercado Envios Flex"
    assert item.customizations[0].customization_value == "Maria"
    assert item.stocks[0].stock_local_id == 4
    assert (item.marketplace_id, item.id_in_marketplace, item.order_item_id) == (
        "MLB123",
        "MLB123-1",
        "778",
    )
    # payments, invoice, tracking, pickup, metadata
    payment = order.payments[0]
    assert (payment.marketplace_fee, payment.gateway_fee) == (Decimal("55.97"), Decimal("12.4"))
    assert order.invoice is not None
    assert order.invoice.access_key == ACCESS_KEY
    assert order.invoice.fiscal_metadata is not None
    assert order.invoice.fiscal_metadata.authorization_protocol == "141190000835627"
    assert order.tracking is not None
    assert order.tracking.shipped_date == datetime(2024, 5, 3, 9, 0, tzinfo=BRT)
    assert order.pickup is not None
    assert order.pickup.partner_id == "44"
    assert order.metadata["needInvoiceXML"] == "true"
    assert order.metadata["mshops"] == "false"
    assert order.need_invoice_xml is True
    assert order.logistic_type == "self_service"
    assert order.fulfillment is False
    assert not order.is_fulfillment
    assert not order.is_frozen
    assert order.order_message is not None
    assert order.order_message.key == "imported"


def test_personal_data_stays_out_of_repr(am: Both, router: respx.Router) -> None:
    router.get("orders/9001").respond(json=order_json())
    text = repr(am.orders.get(9001))
    for secret in ("529.982.247-25", "52998224725", "maria.souza@example.com", "47999998888"):
        assert secret not in text
    assert "Maria Souza" in text


@pytest.mark.parametrize(
    ("variant", "check"),
    [
        pytest.param(
            {"deliverStatus": None, "deliveryStatus": "IN_TRANSIT"},
            lambda o: o.delivery_status is DeliveryStatus.IN_TRANSIT,
            id="deliveryStatus (Java SDK spelling)",
        ),
        pytest.param(
            {"marketPlaceStatusComplement": None, "marketplaceStatusComplement": "buffered"},
            lambda o: o.marketplace_status_complement == "buffered",
            id="marketplaceStatusComplement (PHP spelling)",
        ),
        pytest.param(
            {"deliverStatus": "DELIVERED", "deliveryStatus": "IN_TRANSIT"},
            lambda o: o.delivery_status is DeliveryStatus.DELIVERED,
            id="both spellings: the API docs' one wins",
        ),
        pytest.param(
            {"total": "413.20", "freight": "23.9", "idAccount": "77"},
            lambda o: (
                (o.total, o.freight, o.id_account) == (Decimal("413.20"), Decimal("23.9"), 77)
            ),
            id="numeric strings",
        ),
        pytest.param(
            {"metadata": {"number-of-packages": 2, "printTag": True, "x": None}},
            lambda o: o.metadata == {"number-of-packages": "2", "printTag": "true"},
            id="metadata numbers and booleans",
        ),
    ],
)
def test_order_variants(
    am: Both, router: respx.Router, variant: dict[str, Any], check: Any
) -> None:
    body = {k: v for k, v in order_json(**variant).items() if v is not None}
    router.get("orders/9001").respond(json=body)
    assert check(am.orders.get(9001))


def item_json(**over: Any) -> dict[str, Any]:
    item: dict[str, Any] = dict(order_json()["items"][0])
    item.update(over)
    return {k: v for k, v in item.items() if v is not None}


@pytest.mark.parametrize(
    ("item", "check"),
    [
        pytest.param(
            item_json(shippings={"id": 7, "shippingtype": "Normal"}),
            lambda i: [s.id for s in i.shippings] == [7],
            id="shippings as one object (API GET docs)",
        ),
        pytest.param(
            item_json(shippings={}),
            lambda i: i.shippings == [],
            id="shippings as an empty object",
        ),
        pytest.param(
            item_json(customizations=None, customization={"customizationType": "Nome"}),
            lambda i: [c.customization_type for c in i.customizations] == ["Nome"],
            id="customization object (API GET docs)",
        ),
        pytest.param(
            item_json(customizations={"customizationType": "Nome", "customizationPrice": "5"}),
            lambda i: i.customizations[0].customization_price == Decimal(5),
            id="customizations as an object (API PUT example)",
        ),
        pytest.param(
            item_json(customization={"customizationType": "B"}),
            lambda i: [c.customization_type for c in i.customizations] == ["Gravação", "B"],
            id="both customization spellings",
        ),
        pytest.param(
            item_json(orderItemId=778, amount="2", unit="199.90"),
            lambda i: (i.order_item_id, i.amount, i.unit) == ("778", Decimal(2), Decimal("199.90")),
            id="orderItemId as a number, numeric strings",
        ),
    ],
)
def test_item_variants(am: Both, router: respx.Router, item: dict[str, Any], check: Any) -> None:
    router.get("orders/9001").respond(json=order_json(items=[item]))
    order = am.orders.get(9001)
    assert check(order.items[0])


def test_unknown_values_are_kept_on_the_lenient_client(
    make_client: Any, router: respx.Router
) -> None:
    lenient: Both = make_client(strict=False)
    router.get("orders/9001").respond(
        json=order_json(status="FROZEN", marketPlace="NEW_CHANNEL", futureField={"a": 1})
    )
    order = lenient.orders.get(9001)
    assert order.status == "FROZEN"
    assert order.status is not None
    assert not order.status.is_known
    assert order.marketplace == "NEW_CHANNEL"
    assert order.extra == {"futureField": {"a": 1}}


def test_strict_client_reports_unknown_fields(am: Both, router: respx.Router) -> None:
    router.get("orders/9001").respond(json=order_json(futureField=1))
    with pytest.raises(ResponseDecodeError) as info:
        am.orders.get(9001)
    assert any("futureField" in e for e in info.value.errors)


def test_get_with_quote_id_and_a_list_answer(am: Both, router: respx.Router) -> None:
    other = order_json(id=1)
    r = router.get("orders/9001").respond(json=[other, order_json()])
    order = am.orders.get(9001, include_quote_id=True)
    assert order.id == 9001  # the element with the requested id
    assert dict(r.calls.last.request.url.params) == {"includeQuoteId": "true"}
    router.get("orders/9002").respond(json=[order_json(id=9002)])
    assert am.orders.get(9002).id == 9002
    router.get("orders/9003").respond(json=[other, order_json(id=2)])
    with pytest.raises(ResponseDecodeError):
        am.orders.get(9003)


def test_list_sends_every_filter(am: Both, router: respx.Router) -> None:
    r = router.get("orders").respond(json=page([order_json()], size=20))
    result = am.orders.list(
        offset=20,
        limit=20,
        created_after=datetime(2024, 1, 15, 10, 30, tzinfo=timezone(timedelta(hours=3))),
        created_before=datetime(2024, 1, 16, 10, 30, tzinfo=BRT),
        status=OrderStatus.PAID_WAITING_SHIP,
        marketplace=Marketplace.MERCADO_LIVRE,
        marketplace_id="2000004567890",
        partner_id="PV-1234",
        order_number_in_marketplace="2000004567890",
        transmission_status=OrderTransmissionStatus.ERROR,
        sort="createdAt",
        sort_direction="DESC",
        include_quote_id=True,
    )
    request = r.calls.last.request
    assert dict(request.url.params) == {
        "offset": "20",
        "limit": "20",
        "createdAfter": "2024-01-15T10:30:00+03:00",
        "createdBefore": "2024-01-16T10:30:00-03:00",
        "status": "PAID_WAITING_SHIP",
        "marketplace": "MERCADO_LIVRE",
        "marketplaceId": "2000004567890",
        "partnerId": "PV-1234",
        "orderNumberInMarketPlace": "2000004567890",
        "transmissionStatus": "ERROR",
        "sort": "createdAt",
        "sortDirection": "DESC",
        "includeQuoteId": "true",
    }
    # the "+" of the offset travels percent-encoded (a bare "+" would read as a space)
    assert b"createdAfter=2024-01-15T10%3A30%3A00%2B03%3A00" in request.url.query
    assert [o.id for o in result.items] == [9001]


def test_list_utc_and_plain_string_filters(am: Both, router: respx.Router) -> None:
    r = router.get("orders").respond(json=page([]))
    am.orders.list(created_after=datetime(2024, 1, 1, tzinfo=UTC), status="CANCELED")
    params = r.calls.last.request.url.params
    assert params["createdAfter"] == "2024-01-01T00:00:00+00:00"
    assert params["status"] == "CANCELED"


def test_iter_walks_pages(am: Both, router: respx.Router) -> None:
    first = [order_json(id=i) for i in range(1, 6)]
    route = router.get("orders")
    route.side_effect = [
        respx.MockResponse(json=page(first, size=5, total=7)),
        respx.MockResponse(json=page([order_json(id=6), order_json(id=7)], offset=5, total=7)),
    ]
    orders = am.orders.iter(limit=5, status="PAID_WAITING_SHIP")
    assert [o.id for o in orders] == [1, 2, 3, 4, 5, 6, 7]
    assert route.calls[1].request.url.params["offset"] == "5"
    assert route.calls[1].request.url.params["status"] == "PAID_WAITING_SHIP"


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"created_after": datetime(2024, 1, 1)}, "created_after"),  # noqa: DTZ001
        ({"created_before": datetime(2024, 1, 1)}, "created_before"),  # noqa: DTZ001
        (
            {
                "created_after": datetime(2024, 1, 2, tzinfo=UTC),
                "created_before": datetime(2024, 1, 1, tzinfo=UTC),
            },
            "created_before",
        ),
        ({"sort_direction": "down"}, "sort_direction"),
        ({"marketplace": "mercado_livre"}, "marketplace"),
        ({"status": ""}, "status"),
        ({"limit": 101}, "limit"),
        ({"offset": -1}, "offset"),
    ],
)
def test_invalid_filters_are_rejected_before_sending(
    am: Both, router: respx.Router, kwargs: dict[str, Any], field: str
) -> None:
    with pytest.raises(RequestValidationError) as info:
        am.orders.list(**kwargs)
    assert info.value.field == field
    assert not router.calls


def test_find_by_partner_id(am: Both, router: respx.Router) -> None:
    r = router.get("orders", params={"partnerId": "PV-1"}).respond(
        json=page([order_json(id=1, partnerId="PV-10"), order_json(id=2, partnerId="PV-1")])
    )
    found = am.orders.find_by_partner_id("PV-1")
    assert found is not None
    assert found.id == 2  # the API filter may be fuzzy: only the exact code counts
    assert r.calls.last.request.url.params["limit"] == "5"


def test_find_by_partner_id_none_or_ambiguous(am: Both, router: respx.Router) -> None:
    route = router.get("orders", params={"partnerId": "PV-1"})
    route.respond(json=page([]))
    assert am.orders.find_by_partner_id("PV-1") is None
    route.respond(
        json=page([order_json(id=1, partnerId="PV-1"), order_json(id=2, partnerId="PV-1")])
    )
    with pytest.raises(AmbiguousOrderError) as info:
        am.orders.find_by_partner_id("PV-1")
    assert info.value.order_ids == [1, 2]
    with pytest.raises(RequestValidationError):
        am.orders.find_by_partner_id(" ")


def test_get_by_marketplace_id(am: Both, router: respx.Router) -> None:
    route = router.get("orders/MERCADO_LIVRE/2000004567890")
    route.respond(json=order_json())
    found = am.orders.get_by_marketplace_id(Marketplace.MERCADO_LIVRE, "2000004567890")
    assert found is not None
    assert found.id == 9001
    route.respond(200)  # the Java SDK reads an empty answer as "no such order"
    assert am.orders.get_by_marketplace_id("MERCADO_LIVRE", "2000004567890") is None
    with pytest.raises(RequestValidationError) as info:
        am.orders.get_by_marketplace_id("mercado_livre", "1")
    assert info.value.field == "marketplace"
    assert len(router.calls) == 2


def new_order(**over: Any) -> Order:
    fields: dict[str, Any] = {
        "marketplace": Marketplace.ECOMMERCE,
        "marketplace_id": "TESTE-1",
        "marketplace_number": "TESTE-1",
        "marketplace_status": "PAGO",
        "status": OrderStatus.PAID_WAITING_SHIP,
        "transmission_status": OrderTransmissionStatus.OK,
        "created_at": datetime(2024, 5, 2, 10, 0, tzinfo=BRT),
        "total": Decimal("219.80"),
        "gross": Decimal("199.90"),
        "product_gross": Decimal("199.90"),
        "freight": Decimal("19.90"),
        "buyer": Buyer(
            name="Cliente Teste",
            document="52998224725",
            document_type=DocumentType.CPF,
            email="cliente@example.com",
            phone="4733334444",
        ),
        "items": [
            OrderItem(
                sku=OrderSku(title="Liquidificador 110V", partner_id="impala67"),
                product=OrderProduct(title="Liquidificador"),
                amount=Decimal(1),
                unit=Decimal("199.90"),
                gross=Decimal("199.90"),
                total=Decimal("199.90"),
            )
        ],
    }
    fields.update(over)
    return Order(**fields)


def test_create_sends_no_product_gross_and_no_id(am: Both, router: respx.Router) -> None:
    r = router.post("orders").respond(201, json=order_json(id=555))
    created = am.orders.create(new_order(id=1))
    assert created.id == 555
    request = r.calls.last.request
    assert request.headers["content-type"] == "application/json"
    body = json.loads(request.content, parse_float=Decimal)
    assert "productGross" not in body
    assert "id" not in body
    assert body["marketPlace"] == "ECOMMERCE"
    assert body["marketPlaceId"] == "TESTE-1"
    assert body["transmissionStatus"] == "OK"
    assert body["createdAt"] == "2024-05-02T10:00:00-03:00"
    assert body["total"] == Decimal("219.80")
    assert body["buyer"]["documentType"] == "CPF"
    assert body["items"][0]["sku"] == {"title": "Liquidificador 110V", "partnerId": "impala67"}
    assert body["items"][0]["amount"] == 1


def _no_buyer_field(name: str) -> Order:
    order = new_order()
    assert order.buyer is not None
    changes: dict[str, Any] = {name: None}
    return attrs.evolve(order, buyer=attrs.evolve(order.buyer, **changes))


@pytest.mark.parametrize(
    ("order", "field"),
    [
        (new_order(marketplace=None), "order.marketplace"),
        (new_order(marketplace_id=""), "order.marketplace_id"),
        (new_order(marketplace_status=None), "order.marketplace_status"),
        (new_order(status=None), "order.status"),
        (new_order(transmission_status=None), "order.transmission_status"),
        (new_order(total=None), "order.total"),
        (new_order(created_at=None), "order.created_at"),
        (new_order(created_at=datetime(2024, 5, 2)), "order.created_at"),  # noqa: DTZ001
        (new_order(buyer=None), "order.buyer"),
        (_no_buyer_field("email"), "order.buyer.email"),
        (_no_buyer_field("document_type"), "order.buyer.document_type"),
        (new_order(items=[]), "order.items"),
        (new_order(items=[OrderItem(product=OrderProduct(title="x"))]), "order.items[0].sku"),
        (
            new_order(
                items=[
                    OrderItem(
                        sku=OrderSku(title="a", partner_id="b"),
                        product=OrderProduct(title="x"),
                        amount=Decimal("1.5"),
                        unit=Decimal(1),
                        gross=Decimal(1),
                        total=Decimal(1),
                    )
                ]
            ),
            "order.items[0].amount",
        ),
    ],
)
def test_invalid_new_order_is_rejected_before_sending(
    am: Both, router: respx.Router, order: Order, field: str
) -> None:
    with pytest.raises(RequestValidationError) as info:
        am.orders.create(order)
    assert info.value.field == field
    assert not router.calls


def test_status_helpers() -> None:
    assert OrderStatus.INVOICED.label == "Faturado"
    assert OrderStatus("FROZEN").label == "FROZEN"
    assert NfeType("sale") is NfeType.SALE
    frozen = Order(marketplace=Marketplace.NETSHOES, marketplace_status="frozen")
    assert frozen.is_frozen
    assert Order(fulfillment=True).is_fulfillment
    assert Order().need_invoice_xml is None
