"""``FakeAnymarket``'s orders: list filters, the enforced status machine, fulfillment
orders, NF-e and fiscal documents, packages, returns, labels, the order feed and callback
notifications, driven through the SDK on both clients with strict decoding."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import httpx
import pytest

from anymarket_sdk import NotFoundError, UnprocessableEntityError
from anymarket_sdk.models import (
    Buyer,
    Callback,
    DocumentType,
    InvoiceData,
    Marketplace,
    Order,
    OrderFeedItem,
    OrderItem,
    OrderProduct,
    OrderReturn,
    OrderSku,
    OrderStatus,
    OrderTransmissionStatus,
    PackageInput,
    PackageItem,
    ReturnItem,
    TrackingData,
)
from anymarket_sdk.testing import FakeAnymarket
from anymarket_sdk.webhooks import Notification, NotificationType, parse_notification
from tests.conftest import Both

T0 = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
S = OrderStatus


@pytest.fixture
def fake() -> FakeAnymarket:
    fake = FakeAnymarket()
    fake.set_clock(lambda: T0)
    fake.seed_catalogue({"A": 50, "B": 50}, listings=["MERCADO_LIVRE"])
    return fake


@pytest.fixture
def api(mode: str, fake: FakeAnymarket) -> Iterator[Both]:
    runner = asyncio.Runner() if mode == "async" else None
    client: Any = fake.async_client(strict=True) if runner else fake.client(strict=True)
    yield Both(client, runner)
    if runner is not None:
        runner.run(client.aclose())
        runner.close()
    else:
        client.close()


@pytest.fixture
def wire(fake: FakeAnymarket) -> Iterator[httpx.Client]:
    with httpx.Client(
        transport=fake.transport, base_url=fake.base_url, headers={"gumgaToken": fake.token}
    ) as client:
        yield client


def _invoice(number: int = 1) -> InvoiceData:
    return InvoiceData(access_key=FakeAnymarket.make_access_key(number), date=T0)


def _tracking() -> TrackingData:
    return TrackingData(number="BR123", carrier="Correios", shipped_date=T0)


# --- reading orders --------------------------------------------------------------------------


def test_order_list_filters_and_pagination(api: Both, fake: FakeAnymarket) -> None:
    made = [
        fake.create_sale(items=[("A", 1, 10)], created_at=T0 + timedelta(days=i)) for i in range(6)
    ]
    amazon = fake.create_sale(
        "AMAZON",
        [("B", 2, 30)],
        status="PAID_WAITING_SHIP",
        created_at=T0 + timedelta(days=10),
        marketplace_id="AMZ-1",
    )

    first = api.orders.list(limit=5)
    assert (first.total, len(first.items)) == (7, 5)
    assert [o.id for o in api.orders.iter(limit=5)] == [o["id"] for o in [*made, amazon]]
    window = api.orders.list(
        created_after=T0 + timedelta(days=1), created_before=T0 + timedelta(days=3)
    )
    assert [o.id for o in window.items] == [made[1]["id"], made[2]["id"], made[3]["id"]]
    assert [o.id for o in api.orders.list(status=S.PAID_WAITING_SHIP).items] == [amazon["id"]]
    assert [o.id for o in api.orders.list(marketplace=Marketplace.AMAZON).items] == [amazon["id"]]
    assert [o.id for o in api.orders.list(marketplace_id="AMZ-1").items] == [amazon["id"]]
    assert (
        next(o.id for o in api.orders.list(sort="createdAt", sort_direction="DESC").items)
        == (amazon["id"])
    )

    got = api.orders.get(amazon["id"], include_quote_id=True)
    assert got.quote_reconciliation is not None
    assert got.quote_reconciliation.quote_id == f"QUOTE-{amazon['id']}"
    assert api.orders.quote_id(amazon["id"]).price == 0
    assert api.orders.get(amazon["id"]).quote_reconciliation is None
    found = api.orders.get_by_marketplace_id("AMAZON", "AMZ-1")
    assert found is not None
    assert found.id == amazon["id"]
    with pytest.raises(NotFoundError) as missing:
        api.orders.get(1)
    assert missing.value.server_message == "Recurso com o id '1' não encontrado."


def test_sale_shape(fake: FakeAnymarket, api: Both) -> None:
    sale = fake.create_sale(
        items=[("A", 2, "19.90"), ("B", 1, 5)],
        freight=Decimal("7.50"),
        buyer={"name": "João"},
        account_name="Loja 2",
    )
    order = api.orders.get(sale["id"])
    assert (order.gross, order.freight, order.total) == (
        Decimal("44.80"),
        Decimal("7.50"),
        Decimal("52.30"),
    )
    assert order.buyer is not None
    assert (order.buyer.name, order.account_name, order.status) == ("João", "Loja 2", S.PENDING)
    assert [i.partner_id for i in order.items] == ["A", "B"]
    assert order.items[0].id_in_marketplace == fake.listings_of("A")[0]["idInMarketplace"]
    assert order.created_at == T0
    assert fake.order(sale["id"]) == sale


def test_post_orders_creates_sandbox_ecommerce_orders(api: Both, fake: FakeAnymarket) -> None:
    def order(marketplace: str, partner_id: str, marketplace_id: str = "EC-1") -> Order:
        return Order(
            marketplace=Marketplace(marketplace),
            marketplace_id=marketplace_id,
            marketplace_number=marketplace_id,
            marketplace_status="novo",
            status=S.PENDING,
            transmission_status=OrderTransmissionStatus.OK,
            total=Decimal(20),
            created_at=T0,
            buyer=Buyer(
                name="Ana",
                document="52998224725",
                document_type=DocumentType.CPF,
                email="ana@example.com",
                phone="11999999999",
            ),
            items=[
                OrderItem(
                    sku=OrderSku(title="A", partner_id=partner_id),
                    product=OrderProduct(title="Produto A"),
                    amount=Decimal(2),
                    unit=Decimal(10),
                    gross=Decimal(20),
                    total=Decimal(20),
                )
            ],
        )

    created = api.orders.create(order("ECOMMERCE", "A"))
    assert created.id is not None
    assert created.marketplace == Marketplace.ECOMMERCE
    assert created.items[0].sku is not None
    assert created.items[0].sku.id == fake.stock_of("A")["stockKeepingUnit"]["id"]
    assert fake.stock_of("A")["reservationAmount"] == 2
    assert [i["id"] for i in fake.feed_items()] == [created.id]

    with pytest.raises(UnprocessableEntityError) as unknown:
        api.orders.create(order("ECOMMERCE", "GHOST", "EC-2"))
    assert unknown.value.server_message == "SKU com o partnerId 'GHOST' não encontrado."
    with pytest.raises(UnprocessableEntityError, match="ECOMMERCE"):
        api.orders.create(order("MERCADO_LIVRE", "A", "EC-3"))
    with pytest.raises(UnprocessableEntityError, match="Já existe"):
        api.orders.create(order("ECOMMERCE", "A"))


# --- the status machine ----------------------------------------------------------------------

ALLOWED = {
    S.PAID_WAITING_SHIP: {S.PENDING},
    S.INVOICED: {S.PENDING, S.PAID_WAITING_SHIP},
    S.PAID_WAITING_DELIVERY: {S.PENDING, S.PAID_WAITING_SHIP, S.INVOICED},
    S.CONCLUDED: {S.PENDING, S.PAID_WAITING_SHIP, S.INVOICED, S.PAID_WAITING_DELIVERY},
}
FROM = [
    S.PENDING,
    S.PAID_WAITING_SHIP,
    S.INVOICED,
    S.PAID_WAITING_DELIVERY,
    S.CONCLUDED,
    S.CANCELED,
]
TO = [S.PAID_WAITING_SHIP, S.INVOICED, S.PAID_WAITING_DELIVERY, S.CONCLUDED, S.CANCELED]


def _move(api: Both, order_id: int, target: OrderStatus) -> Order | None:
    """The seller's call for ``target``, with the SDK's own check off (``current=None``)."""
    if target == S.PAID_WAITING_SHIP:
        result: Order | None = api.orders.mark_paid(order_id, current=None)
    elif target == S.INVOICED:
        result = api.orders.invoice(order_id, _invoice(order_id % 1000), current=None)
    elif target == S.PAID_WAITING_DELIVERY:
        result = api.orders.ship(order_id, _tracking(), current=None)
    elif target == S.CONCLUDED:
        result = api.orders.deliver(order_id, T0, current=None)
    else:
        result = api.orders.cancel(order_id, current=None, cancel_details="teste")
    return result


@pytest.mark.parametrize("source", FROM, ids=str)
@pytest.mark.parametrize("target", TO, ids=str)
def test_every_transition_is_allowed_or_refused_by_the_fake(
    api: Both, fake: FakeAnymarket, source: OrderStatus, target: OrderStatus
) -> None:
    sale = fake.create_sale(items=[("A", 1, 10)])
    if source != S.PENDING:
        fake.advance_order(sale["id"], source.value)
    allowed = target in (source, S.CANCELED) or source in ALLOWED.get(target, set())
    if allowed:
        moved = _move(api, sale["id"], target)
        assert moved is not None
        assert moved.status == target
        assert fake.order(sale["id"])["status"] == target.value
    else:
        with pytest.raises(UnprocessableEntityError) as refused:
            _move(api, sale["id"], target)
        assert refused.value.server_message == (
            f"Não é possível alterar o status do pedido '{sale['id']}' de "
            f"{source.label} ({source.value}) para {target.label} ({target.value})."
        )
        assert fake.order(sale["id"])["status"] == source.value


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"status": "INVOICED"}, "Para faturar o pedido informe 'invoice.accessKey'."),
        (
            {"status": "INVOICED", "invoice": {"accessKey": "123", "date": "2026-03-02T10:00:00Z"}},
            "A chave de acesso da NF-e (invoice.accessKey) é inválida.",
        ),
        (
            {
                "status": "INVOICED",
                "invoice": {
                    "accessKey": FakeAnymarket.make_access_key(1),
                    "date": "2026-03-02T10:00:00",
                },
            },
            "Necessário informar o fuso horário em 'invoice.date'.",
        ),
        (
            {"status": "PAID_WAITING_DELIVERY", "tracking": {"number": "X", "carrier": "Y"}},
            "Para enviar o pedido informe 'tracking.shippedDate'.",
        ),
        ({"status": "CONCLUDED"}, "Para concluir o pedido informe 'tracking.deliveredDate'."),
        (
            {"status": "DELIVERY_ISSUE"},
            "O status DELIVERY_ISSUE é informado apenas pelo marketplace.",
        ),
    ],
)
def test_status_changes_need_their_payload(
    wire: httpx.Client, fake: FakeAnymarket, body: dict[str, Any], message: str
) -> None:
    sale = fake.create_sale(items=[("A", 1, 10)])
    answer = wire.put(f"orders/{sale['id']}", json=body)
    assert (answer.status_code, answer.json()) == (422, {"code": "422", "message": message})
    assert wire.put(f"orders/{sale['id']}", json={"status": "LOST"}).status_code == 400


def test_partial_updates_keep_what_they_do_not_send(
    wire: httpx.Client, fake: FakeAnymarket
) -> None:
    sale = fake.create_sale("GFG", [("A", 1, 10)])
    key = fake.make_access_key(5)
    wire.put(
        f"orders/{sale['id']}",
        json={
            "status": "INVOICED",
            "invoice": {"accessKey": key, "date": "2026-03-02T10:00:00-03:00"},
            "metadata": {"number-of-packages": "2"},
        },
    )
    wire.put(f"orders/{sale['id']}", json={"invoice": {"cfop": "5102"}})
    order = fake.order(sale["id"])
    assert order["invoice"] == {
        "accessKey": key,
        "date": "2026-03-02T10:00:00-03:00",
        "cfop": "5102",
    }
    assert order["metadata"]["number-of-packages"] == "2"
    refused = wire.put(f"orders/{sale['id']}", json={"status": "CANCELED"})
    assert refused.json()["message"] == "O campo 'cancelDetails' é obrigatório para pedidos do GFG."


def test_marketplace_side_moves(fake: FakeAnymarket) -> None:
    sale = fake.create_sale(items=[("A", 1, 10)], status="PAID_WAITING_SHIP")
    shipped = fake.advance_order(sale["id"], "PAID_WAITING_DELIVERY")
    assert shipped["tracking"]["number"] == f"BR{sale['id']}"
    assert fake.advance_order(sale["id"], "DELIVERY_ISSUE")["deliverStatus"] == "NOT_DELIVERED"
    delivered = fake.advance_order(sale["id"], "CONCLUDED", tracking={"deliveredDate": T0})
    assert delivered["tracking"]["deliveredDate"] == "2026-03-02T12:00:00Z"
    with pytest.raises(Exception, match="Não é possível alterar"):
        fake.advance_order(sale["id"], "PENDING")
    cancelled = fake.cancel_sale(sale["id"], "Arrependimento")
    assert (cancelled["cancelDetails"], cancelled["cancellationCode"]) == (
        "Arrependimento",
        "BUYER_CANCELED",
    )


# --- fulfillment orders ----------------------------------------------------------------------


def test_fulfillment_orders_are_moved_by_the_marketplace(api: Both, fake: FakeAnymarket) -> None:
    sale = fake.create_sale(items=[("A", 1, 10)], fulfillment=True, status="PAID_WAITING_SHIP")
    message = (
        f"O pedido '{sale['id']}' é de fulfillment (MERCADO_LIVRE): status, nota fiscal e "
        "rastreio são informados pelo marketplace."
    )
    calls: list[Callable[[], object]] = [
        lambda: api.orders.invoice(sale["id"], _invoice()),
        lambda: api.orders.ship(sale["id"], _tracking()),
        lambda: api.orders.cancel(sale["id"]),
        lambda: api.orders.upload_nfe_xml(sale["id"], b"<nfe/>"),
    ]
    for call in calls:
        with pytest.raises(UnprocessableEntityError) as refused:
            call()
        assert refused.value.server_message == message

    invoiced = fake.advance_order(sale["id"], "INVOICED")
    order = api.orders.get(sale["id"])
    assert order.is_fulfillment
    assert order.logistic_type == "fulfillment"
    assert order.invoice is not None
    assert order.invoice.access_key == invoiced["invoice"]["accessKey"]
    assert api.orders.download_nfe(sale["id"], "sale").text is not None
    [doc] = api.fulfillment.list("MERCADO_LIVRE", order_id=sale["id"])
    assert (doc.id_order, doc.type) == (sale["id"], "SALE")
    assert api.fulfillment.list("MERCADO_LIVRE", document_type="INBOUND").items == []
    assert [d.id for d in api.fulfillment.iter("MERCADO_LIVRE", created_after=T0)] == [doc.id]


# --- identity, transmission status, documents ------------------------------------------------


def test_partner_id_is_set_once(api: Both, fake: FakeAnymarket) -> None:
    sale = fake.create_sale(items=[("A", 1, 10)])
    api.orders.set_partner_id(sale["id"], "ERP-1")
    api.orders.set_partner_id(sale["id"], "ERP-1")  # the same value again is fine
    with pytest.raises(UnprocessableEntityError, match="não pode ser alterado"):
        api.orders.set_partner_id(sale["id"], "ERP-2")
    found = api.orders.find_by_partner_id("ERP-1")
    assert found is not None
    assert found.id == sale["id"]
    assert api.orders.find_by_partner_id("ERP-2") is None


def test_transmission_status_is_recorded(api: Both, fake: FakeAnymarket) -> None:
    sale = fake.create_sale(items=[("A", 1, 10)])
    failed = api.orders.report_transmission(sale["id"], False, "CFOP ausente")
    assert failed is not None
    assert failed.transmission_status == OrderTransmissionStatus.ERROR
    assert failed.order_message is not None
    assert failed.order_message.message == "CFOP ausente"
    listed = api.orders.list(transmission_status="ERROR").items
    assert [o.id for o in listed] == [sale["id"]]
    ok = api.orders.report_transmission(sale["id"], True, status_in_marketplace="importado")
    assert ok is not None
    assert (ok.transmission_status, ok.order_message) == (OrderTransmissionStatus.OK, None)


def test_nfe_xml_is_stored_byte_for_byte(api: Both, fake: FakeAnymarket) -> None:
    sale = fake.create_sale(items=[("A", 1, 10)])
    xml = b"\xef\xbb\xbf" + (
        '<?xml version="1.0" encoding="ISO-8859-1"?><nfeProc>Pão</nfeProc>\r\n'
    ).encode("latin-1")
    api.orders.upload_nfe_xml(sale["id"], xml)
    assert fake.nfe_xml(sale["id"]) == xml
    assert fake.calls[-1].content == xml
    assert fake.calls[-1].content_type == "application/xml"
    document = api.orders.download_nfe(sale["id"], "sale")
    assert (document.content, document.content_type) == (xml, "application/xml")
    assert document.text is not None
    assert "Pão" in document.text
    with pytest.raises(NotFoundError, match="gift"):
        api.orders.download_nfe(sale["id"], "gift")

    fake.add_inbound_nfe(777, "MERCADO_LIVRE", b"<inbound/>")
    assert api.orders.inbound_nfe(777, "MERCADO_LIVRE").content == b"<inbound/>"
    with pytest.raises(NotFoundError):
        api.orders.inbound_nfe(778, "MERCADO_LIVRE")


def test_fiscal_documents_and_packages(api: Both, fake: FakeAnymarket) -> None:
    sale = fake.create_sale(items=[("A", 3, 10)], status="PAID_WAITING_SHIP")
    pdf = b"%PDF-1.4 danfe"
    api.orders.upload_fiscal_document(
        sale["id"], pdf, filename="danfe.pdf", fields={"accessKey": fake.make_access_key(9)}
    )
    [doc] = fake.fiscal_documents(sale["id"])
    assert doc["fields"] == {"accessKey": fake.make_access_key(9)}
    assert [(f["name"], f["filename"], f["content"]) for f in doc["files"]] == [
        ("file", "danfe.pdf", pdf)
    ]

    split = api.orders.create_packages(
        sale["id"],
        [
            PackageInput(items=[PackageItem(sku="A", quantity=Decimal(1))], external_id="P1"),
            PackageInput(items=[PackageItem(sku="A", quantity=Decimal(2))]),
        ],
    )
    assert split.order_id == sale["id"]
    assert [p.external_id for p in split.packages] == ["P1", None]
    with pytest.raises(UnprocessableEntityError, match="excede"):
        api.orders.create_packages(
            sale["id"], [PackageInput(items=[PackageItem(sku="A", quantity=Decimal(1))])]
        )
    first = api.orders.list_packages(sale["id"])[0]
    assert first.package_item_id is not None
    api.orders.invoice_package(sale["id"], first.package_item_id, _invoice(3), xml=b"<nfe/>")
    assert fake.fiscal_documents(sale["id"])[-1]["fields"]["packageId"] == first.package_item_id
    api.orders.ship(sale["id"], _tracking(), package_id=first.package_item_id)
    api.orders.mark_package_delivered(sale["id"], first.package_item_id, T0)
    after = api.orders.list_packages(sale["id"])[0]
    assert (after.tracking_code, after.status, after.status_marketplace) == (
        "BR123",
        "CONFIRMED",
        "delivered",
    )
    with pytest.raises(NotFoundError):
        api.orders.mark_package_delivered(sale["id"], "no-such-package", T0)


def test_returns(api: Both, fake: FakeAnymarket) -> None:
    sale = fake.create_sale(items=[("A", 2, 10)])
    created = api.orders.create_return(
        sale["id"],
        OrderReturn(reason="Defeito", items=[ReturnItem(title="A", quantity=Decimal(1))]),
    )
    assert (created.order_id, created.type, created.status) == (sale["id"], "PARTIAL", "OPENED")
    assert [r.id for r in api.orders.list_returns(sale["id"])] == [created.id]
    changed = api.orders.update_return(created.id or 0, OrderReturn(status="CLOSED"))
    assert (changed.status, changed.reason) == ("CLOSED", "Defeito")
    with pytest.raises(NotFoundError):
        api.orders.update_return(1, OrderReturn(status="CLOSED"))


def test_labels_and_buyer_messages(api: Both, fake: FakeAnymarket) -> None:
    one = fake.create_sale(items=[("A", 1, 10)])["id"]
    two = fake.create_sale(items=[("B", 1, 10)])["id"]
    pdf = api.print_tags.print([one, two])
    assert pdf.is_pdf
    assert (pdf.media_type, pdf.filename) == ("application/pdf", "etiquetas.pdf")
    zpl = api.print_tags.print([one], "ZPL")
    assert zpl.is_zpl
    assert zpl.media_type == "text/plain"
    text = api.print_tags.print([one], "ZPL2", file="TXT")
    assert text.text().startswith("^XA")
    assert api.print_tags.print([one], "ZPL2", file="PLP").is_pdf
    assert fake.order(one)["printTagDate"] == "2026-03-02T12:00:00Z"
    with pytest.raises(NotFoundError):
        api.print_tags.print([1])

    sent = api.messages.send(one, "Seu pedido já foi separado.")
    assert sent is not None
    assert sent.message == "Seu pedido já foi separado."
    assert [m["message"] for m in fake.buyer_messages(one)] == ["Seu pedido já foi separado."]
    with pytest.raises(NotFoundError):
        api.messages.send(1, "Olá")


# --- the order feed --------------------------------------------------------------------------


def test_consume_acks_only_after_the_handler_succeeded(api: Both, fake: FakeAnymarket) -> None:
    good = fake.create_sale(items=[("A", 1, 10)])["id"]
    bad = fake.create_sale(items=[("B", 1, 10)])["id"]
    handled: list[int] = []

    def handler(item: OrderFeedItem) -> None:
        if item.id == bad:
            raise RuntimeError("ERP fora do ar")
        handled.append(item.id)

    report = api.order_feed.consume(handler)
    assert report.processed == [good]
    assert report.failed_ids == [bad]
    assert [i["id"] for i in fake.feed_items()] == [bad]  # left for the next run

    again = api.order_feed.consume(lambda item: handled.append(item.id))
    assert (again.processed, again.acked) == ([bad], [bad])
    assert fake.feed_items() == []
    assert handled == [good, bad]


def test_feed_entries_per_status_and_stale_tokens(
    api: Both, fake: FakeAnymarket, wire: httpx.Client
) -> None:
    order_id = fake.create_sale(items=[("A", 1, 10)])["id"]
    [created] = api.order_feed.read(limit=5)
    api.orders.mark_paid(order_id)
    entries = fake.feed_items()
    assert [(e["id"], e["status"]) for e in entries] == [
        (order_id, "PENDING"),
        (order_id, "PAID_WAITING_SHIP"),
    ]
    assert len({e["token"] for e in entries}) == 2

    api.order_feed.ack(order_id, entries[1]["token"], status="PAID_WAITING_SHIP")
    assert [e["status"] for e in fake.feed_items()] == ["PENDING"]
    api.orders.mark_paid(order_id)  # same status: no new entry
    fake.advance_order(order_id, "INVOICED")
    api.order_feed.ack(created)  # without status: every entry of the order goes
    assert fake.feed_items() == []
    with pytest.raises(NotFoundError) as stale:
        api.order_feed.ack(created)
    assert stale.value.server_message == (
        f"Item do feed do pedido '{order_id}' com o token informado não encontrado."
    )
    with pytest.raises(NotFoundError) as unknown:
        api.order_feed.ack(1, created.token)
    assert unknown.value.server_message == "Recurso com o id '1' não encontrado."
    assert wire.get("orders/feeds", params={"limit": 4}).status_code == 400
    assert wire.get("orders/feeds", params={"limit": 101}).status_code == 400
    assert wire.get("orders/feeds").json() == []
    assert wire.put(f"orders/feeds/{order_id}", json={}).status_code == 400


# --- callbacks -------------------------------------------------------------------------------


def test_callback_registrations(api: Both) -> None:
    created = api.callbacks.create(
        Callback(url="https://erp.example/hooks", token="s3cret", order_active=True)
    )
    assert created.id is not None
    assert created.order_active is True
    assert api.callbacks.get(created.id).url == "https://erp.example/hooks"
    other = api.callbacks.create(Callback(url="https://erp.example/q", question_active=True))
    assert [c.id for c in api.callbacks.list().items] == [created.id, other.id]
    assert api.callbacks.find_by_url("https://erp.example/hooks/") == created
    updated = api.callbacks.update(
        created.id, Callback(url="https://erp.example/v2", order_active=False)
    )
    assert (updated.url, updated.order_active) == ("https://erp.example/v2", False)
    api.callbacks.delete(other.id or 0)
    with pytest.raises(NotFoundError):
        api.callbacks.get(other.id or 0)
    assert [c.id for c in api.callbacks.iter()] == [created.id]


def test_order_changes_are_delivered_to_callbacks(api: Both, fake: FakeAnymarket) -> None:
    api.callbacks.create(Callback(url="https://erp.example/orders", order_active=True))
    api.callbacks.create(Callback(url="https://erp.example/products", product_active=True))
    sale = fake.create_sale(items=[("A", 1, 10)])
    api.orders.mark_paid(sale["id"])
    assert [(p["url"], p["body"]) for p in fake.pending_callbacks()] == [
        (
            "https://erp.example/orders",
            {"type": "ORDER", "content": {"id": str(sale["id"]), "oi": fake.oi}},
        ),
    ] * 2

    received: list[Notification] = []
    failures = iter([True, False])

    def endpoint(body: bytes) -> None:
        notification = parse_notification(body, expected_oi="1234567")
        if next(failures, False):
            raise ConnectionError("endpoint down")
        received.append(notification)

    assert fake.deliver_callbacks(endpoint) == 1
    assert [(n.type, n.resource_id) for n in received] == [(NotificationType.ORDER, sale["id"])]
    assert [p["attempts"] for p in fake.pending_callbacks()] == [1]
    assert fake.deliver_callbacks(endpoint) == 1
    assert fake.pending_callbacks() == []

    fake.cancel_sale(sale["id"])

    def down(body: bytes) -> None:
        raise ConnectionError("down")

    for _ in range(3):
        assert fake.deliver_callbacks(down) == 0
    assert fake.pending_callbacks() == []  # ANYMARKET gives up after three tries
    assert [e["status"] for e in fake.feed_items()][-1] == "CANCELED"  # the feed still has it
