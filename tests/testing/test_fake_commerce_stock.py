"""``FakeAnymarket``'s stock, warehouses, reservations, listings, SKU exports and
transmissions, driven through the SDK on both clients with strict decoding."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import attrs
import httpx
import pytest

from anymarket_sdk import NotFoundError, UnprocessableEntityError
from anymarket_sdk.models import (
    AdFields,
    AdPatch,
    AdPrice,
    ExportStatus,
    InvoiceData,
    JsonPatchOperation,
    Marketplace,
    NewAd,
    PublicationStatus,
    ReservationPosition,
    StockUpdate,
    TransmissionUpdate,
    Warehouse,
)
from anymarket_sdk.testing import FakeAnymarket
from tests.conftest import Both

T0 = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


@pytest.fixture
def fake() -> FakeAnymarket:
    fake = FakeAnymarket()
    fake.set_clock(lambda: T0)
    return fake


@pytest.fixture
def api(mode: str, fake: FakeAnymarket) -> Iterator[Both]:
    """A strict SDK client (sync or async) on the fake."""
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


# --- warehouses ------------------------------------------------------------------------------


def test_a_default_warehouse_exists_and_warehouses_have_crud(
    api: Both, fake: FakeAnymarket
) -> None:
    [default] = api.warehouses.list()
    assert default.default_local is True
    assert default.id == fake.default_warehouse_id

    south = api.warehouses.create(Warehouse(name="CD Sul", zip_code="90000000"))
    assert south.id is not None
    assert south.default_local is False
    assert api.warehouses.get(south.id).name == "CD Sul"
    assert api.warehouses.find_by_name("cd sul") == south

    renamed = api.warehouses.update(south.id, Warehouse(name="CD Sul 2", default_local=True))
    assert renamed.default_local is True
    assert api.warehouses.find_default() == renamed
    assert api.warehouses.get(default.id or 0).default_local is False

    with pytest.raises(UnprocessableEntityError) as refused:
        api.warehouses.delete(south.id)
    assert refused.value.server_message == "O local de estoque padrão não pode ser excluído."
    with pytest.raises(UnprocessableEntityError):
        api.warehouses.create(Warehouse(name="cd sul 2"))  # names are unique

    fake.seed_catalogue({"A": {default.id or 0: 2}})
    with pytest.raises(UnprocessableEntityError, match="possui estoque"):
        api.warehouses.delete(default.id or 0)
    empty = api.warehouses.create(Warehouse(name="Vazio"))
    assert api.warehouses.delete(empty.id or 0).id == empty.id
    with pytest.raises(NotFoundError) as missing:
        api.warehouses.get(empty.id or 0)
    assert missing.value.server_message == f"Recurso com o id '{empty.id}' não encontrado."


def test_warehouse_answers_use_the_message_data_envelope(wire: httpx.Client) -> None:
    created = wire.post("stocks/locals", json={"name": "Loja"}).json()
    assert created["message"]
    assert created["data"]["name"] == "Loja"
    deleted = wire.delete(f"stocks/locals/{created['data']['id']}")
    assert deleted.status_code == 200
    assert deleted.json()["data"] == created["data"]["id"]


# --- stock rows and pushes -------------------------------------------------------------------


def test_stock_push_reports_the_unknown_sku_and_applies_the_rest(
    api: Both, fake: FakeAnymarket
) -> None:
    ids = fake.seed_catalogue({"A": 1, "B": 1})
    south = fake.add_warehouse("CD Sul")["id"]

    result = api.stocks.update(
        [
            StockUpdate(partner_id="A", quantity=Decimal(7)),
            StockUpdate(partner_id="GHOST", quantity=Decimal(1)),
            StockUpdate(
                sku_id=ids["B"], quantity=Decimal(3), cost=Decimal("12.50"), stock_local_id=south
            ),
            StockUpdate(sku_id=ids["A"], partner_id="B", quantity=Decimal(1)),
        ]
    )

    assert [i.partner_id or i.sku_id for i in result.succeeded] == ["A", ids["B"]]
    assert [(f.index, f.status_code, f.message) for f in result.failed] == [
        (1, 200, "SKU com o partnerId 'GHOST' não encontrado."),
        (3, 200, f"O id '{ids['A']}' e o partnerId 'B' são de SKUs diferentes."),
    ]
    assert not result.unmatched_errors
    assert fake.stock_of("A")["amount"] == 7
    south_row = fake.stock_of("B", south)
    assert (south_row["amount"], south_row["price"]) == (3, Decimal("12.50"))
    assert fake.stock_of("B")["amount"] == 1  # the default warehouse kept its row


def test_stock_create_batch_and_reads(api: Both, fake: FakeAnymarket) -> None:
    ids = fake.seed_catalogue({"A": 0, "B": 0})
    south = fake.add_warehouse("CD Sul")["id"]

    created = api.stocks.create(
        [StockUpdate(partner_id="A", quantity=Decimal(4), cost=Decimal(10), stock_local_id=south)]
    )
    assert created.ok
    assert created.requests == 1
    batch = api.stocks.update_batch(
        [
            StockUpdate(
                sku_id=ids["B"],
                quantity=Decimal(9),
                additional_time=3,
                sku_location_description="A1",
            ),
            StockUpdate(partner_id="A", cost=Decimal(11), stock_local_id=99),
        ]
    )
    assert [f.message for f in batch.failed] == ["Local de estoque com o id '99' não encontrado."]
    assert [i.sku_id for i in batch.succeeded] == [ids["B"]]

    rows = api.stocks.for_sku("A")
    assert sorted((r.stock_local_id, r.amount, r.cost) for r in rows) == [
        (fake.default_warehouse_id, 0, None),
        (south, 4, 10),
    ]
    b = api.stocks.list(sku_id=ids["B"]).items
    assert [(r.amount, r.additional_time, r.sku_location_description) for r in b] == [(9, 3, "A1")]
    assert b[0].last_stock_update == "2026-03-02T12:00:00Z"
    only_south = api.stocks.list(stock_local_id=south)
    assert [r.partner_id for r in only_south.items] == ["A"]
    assert only_south.items[0].stock_local is not None
    assert only_south.items[0].stock_local.oi is not None


def test_stock_push_refused_as_a_whole(wire: httpx.Client) -> None:
    assert wire.put("stocks", json={"id": 1}).status_code == 400
    assert wire.put("stocks", json=[{"id": 1}] * 201).status_code == 400


def test_catalogue_skus_bring_their_initial_stock(api: Both, fake: FakeAnymarket) -> None:
    south = fake.add_warehouse("CD Sul")["id"]
    fake.add_product(
        "Panela",
        skus=[
            {
                "title": "Panela",
                "partnerId": "PAN",
                "price": 90,
                "amount": 5,
                "additionalStocks": [
                    {"stockLocalId": south, "amount": 2, "price": 40, "additionalTime": 1}
                ],
            }
        ],
    )
    rows = {r.stock_local_id: r for r in api.stocks.for_sku("PAN")}
    assert rows[fake.default_warehouse_id].amount == 5
    assert (rows[south].amount, rows[south].cost, rows[south].additional_time) == (2, 40, 1)


def test_stock_push_answers_the_documented_maps(fake: FakeAnymarket, wire: httpx.Client) -> None:
    ids = fake.seed_catalogue({"A": 1, "B": 1})
    south = fake.add_warehouse("CD Sul")["id"]
    answer = wire.put(
        "stocks/batch",
        json=[
            {"partnerId": "A", "quantity": 2},
            {"id": ids["B"], "quantity": 3, "stockLocalId": south},
            {"id": ids["B"], "quantity": 4, "stockLocalId": 99},
            {"partnerId": "GHOST", "quantity": 1},
        ],
    )
    assert answer.status_code == 200
    # SKU key -> message; an item of a SKU sent for several warehouses names its warehouse
    assert answer.json() == {
        "success": {
            "A": "Estoque atualizado com sucesso.",
            str(ids["B"]): {"stockLocalId": south, "message": "Estoque atualizado com sucesso."},
        },
        "errors": {
            str(ids["B"]): {
                "stockLocalId": 99,
                "message": "Local de estoque com o id '99' não encontrado.",
            },
            "GHOST": "SKU com o partnerId 'GHOST' não encontrado.",
        },
    }


# --- reservations ----------------------------------------------------------------------------


def test_reservations_follow_the_order_lifecycle(api: Both, fake: FakeAnymarket) -> None:
    ids = fake.seed_catalogue({"A": 10})
    sale = fake.create_sale(items=[("A", 3, "50.00")])

    row = fake.stock_of("A")
    assert (row["amount"], row["reservationAmount"], row["availableAmount"]) == (10, 3, 7)
    [held] = api.stocks.reservations(ids["A"])
    assert (held.marketplace, held.reservation_position, held.amount) == (
        Marketplace.MERCADO_LIVRE,
        ReservationPosition.PENDING,
        3,
    )
    assert [r.partner_id for r in api.stocks.list(has_reservation=True).items] == ["A"]

    api.orders.mark_paid(sale["id"])
    assert api.stocks.reservations(ids["A"])[0].reservation_position == ReservationPosition.PAID

    other = fake.create_sale(items=[("A", 2, "50.00")], status="PAID_WAITING_SHIP")
    assert fake.stock_of("A")["reservationAmount"] == 5
    api.orders.cancel(other["id"])
    assert fake.stock_of("A")["reservationAmount"] == 3  # released, amount untouched

    key = fake.make_access_key(1)
    api.orders.invoice(sale["id"], InvoiceData(access_key=key, date=T0))
    row = fake.stock_of("A")
    assert (row["amount"], row["reservationAmount"], row["availableAmount"]) == (7, 0, 7)
    assert api.stocks.reservations(ids["A"]) == []
    api.orders.cancel(sale["id"])
    assert fake.stock_of("A")["amount"] == 7  # consumed stock does not come back


def test_a_reservation_takes_the_default_warehouse_first(fake: FakeAnymarket) -> None:
    south = fake.add_warehouse("CD Sul")["id"]
    fake.seed_catalogue({"A": {fake.default_warehouse_id: 1, south: 5}})
    sale = fake.create_sale(items=[("A", 3, 10)])
    [item] = sale["items"]
    assert [(s["stockLocalId"], s["amount"]) for s in item["stocks"]] == [
        (fake.default_warehouse_id, 1),
        (south, 2),
    ]
    oversold = fake.create_sale(items=[("A", 10, 10)])
    assert oversold["items"][0]["stocks"][-1]["stockLocalId"] == fake.default_warehouse_id
    assert fake.stock_of("A")["availableAmount"] == 1 - 1 - 7  # oversold: negative


def test_fulfillment_stock_is_read_only_and_used_by_fulfillment_sales(
    api: Both, fake: FakeAnymarket
) -> None:
    ids = fake.seed_catalogue({"A": 4})
    fake.set_fulfillment_stock("MERCADO_LIVRE", "A", 10, reserved=1, sku_code="MLB-A")
    [stock] = api.stocks.fulfillment(Marketplace.MERCADO_LIVRE, ids["A"])
    assert (stock.sku, stock.fulfillment_available_stock) == ("MLB-A", 9)
    assert api.stocks.fulfillment("AMAZON", ids["A"]) == []
    with pytest.raises(NotFoundError):
        api.stocks.fulfillment("AMAZON", 1)

    sale = fake.create_sale(items=[("A", 3, 10)], fulfillment=True)
    assert fake.stock_of("A")["reservationAmount"] == 0  # the seller's stock is not touched
    assert api.stocks.fulfillment("MERCADO_LIVRE", ids["A"])[0].fulfillment_reserved_stock == 4
    fake.advance_order(sale["id"], "INVOICED")
    [after] = api.stocks.fulfillment("MERCADO_LIVRE", ids["A"])
    assert (after.fulfillment_quantity_stock, after.fulfillment_reserved_stock) == (7, 1)


# --- listings --------------------------------------------------------------------------------


def test_listing_lifecycle(api: Both, fake: FakeAnymarket) -> None:
    ids = fake.seed_catalogue({"A": 6})
    sku_id = ids["A"]
    fields = AdFields.build(title="Panela de pressão", listing_type_id="gold_pro")
    ad = api.ads.create(
        sku_id,
        NewAd(
            marketplace=Marketplace.MERCADO_LIVRE,
            price=Decimal("120"),
            discount_price=Decimal("99.90"),
            fields=fields,
        ),
    )
    assert ad.id is not None
    assert ad.publication_status == PublicationStatus.UNPUBLISHED
    assert ad.available_stock is not None
    assert ad.available_stock.available_amount == 6
    assert fake.transmission_feed_items() == []  # not active yet

    assert [a.id for a in api.ads.list(sku_id)] == [ad.id]
    assert api.ads.list(sku_id, marketplace="AMAZON") == []
    assert [a.id for a in api.ads.for_sku_partner_id("A")] == [ad.id]
    assert api.ads.for_sku_partner_id("NOPE") == []

    api.ads.send(sku_id, ad.id)
    sent = api.ads.get(sku_id, ad.id, multi_cd=True, return_type="SKU_COMPLETE")
    assert sent.publication_status == PublicationStatus.ACTIVE
    assert sent.id_in_marketplace == f"MLB{ad.id}"
    assert sent.permalink
    assert sent.sku is not None
    assert sent.sku.partner_id == "A"
    assert [s.stock_local_id for s in sent.available_stocks] == [fake.default_warehouse_id]
    assert [i["id"] for i in fake.transmission_feed_items()] == [ad.id]

    updated = api.ads.update(
        sku_id, ad.id, attrs.evolve(sent, price=Decimal("130"), discount_price=Decimal("130"))
    )
    assert (updated.price, updated.fields["HAS_DISCOUNT"]) == (130, "false")
    patched = api.ads.merge_patch(sku_id, ad.id, AdPatch(fields={"title": "Novo título"}))
    assert patched.fields["title"] == "Novo título"
    assert patched.fields["listing_type_id"] == "gold_pro"  # merged key by key
    patched = api.ads.json_patch(
        sku_id,
        ad.id,
        [
            JsonPatchOperation(op="replace", path="/fields/title", value="Título JSON"),
            JsonPatchOperation(op="remove", path="/fields/listing_type_id"),
        ],
    )
    assert patched.fields == {"title": "Título JSON", "HAS_DISCOUNT": "false"}
    with pytest.raises(UnprocessableEntityError, match="skuInMarketplace"):
        api.ads.merge_patch(sku_id, ad.id, AdPatch(sku_in_marketplace="OTHER"))
    with pytest.raises(NotFoundError):
        api.ads.get(sku_id, 1)

    bound = api.ads.create(
        sku_id,
        NewAd(
            marketplace="AMAZON",
            price=Decimal(10),
            discount_price=Decimal(10),
            fields={},
            sku_in_marketplace="B0EXISTING",
        ),
    )
    assert (bound.publication_status, bound.origin, bound.id_in_marketplace) == (
        PublicationStatus.ACTIVE,
        "BIND",
        "B0EXISTING",
    )


def test_listing_prices(api: Both, fake: FakeAnymarket, wire: httpx.Client) -> None:
    ids = fake.seed_catalogue({"A": 1, "B": 1})
    a = fake.add_listing("A", price=Decimal(100))
    b = fake.add_listing("B", price=Decimal(50))
    closed = fake.add_listing("A", "MERCADO_LIVRE", status="CLOSED")

    report = api.ads.update_prices(
        [
            AdPrice(id=a["id"], price=Decimal(90), discount_price=Decimal(80)),
            AdPrice(id=424242, price=Decimal(10), discount_price=Decimal(10)),
            AdPrice(id=b["id"], price=Decimal(60), discount_price=Decimal(60)),
        ]
    )
    assert report.accepted_ids == [a["id"], b["id"]]
    assert report.error_for(424242) == "Recurso com o id '424242' não encontrado."
    got = api.ads.get(ids["A"], a["id"])
    assert (got.price, got.discount_price, got.fields["HAS_DISCOUNT"]) == (90, 80, "true")

    result = api.ads.update_price(
        ids["A"],
        "MERCADO_LIVRE",
        price=Decimal(70),
        discount_price=Decimal(65),
        fields={"title": "Promo"},
    )
    assert [(e.key, e.message) for e in result.errors] == [
        (str(closed["id"]), "O anúncio está encerrado.")
    ]
    assert api.ads.get(ids["A"], a["id"]).fields["title"] == "Promo"
    with pytest.raises(NotFoundError, match="não possui anúncios"):
        api.ads.update_price(ids["B"], "AMAZON", price=Decimal(1), discount_price=Decimal(1))

    refused = wire.put(
        f"skus/{ids['A']}/marketplaces/{a['id']}", json={"price": 10, "discountPrice": 20}
    )
    assert refused.status_code == 422
    assert "não pode ser maior" in refused.json()["message"]


def test_cost_priced_products_refuse_listing_prices(api: Both, fake: FakeAnymarket) -> None:
    fake.add_product(
        "Custo",
        definitionPriceScope="COST",
        skus=[{"title": "C", "partnerId": "C", "price": 10}],
    )
    listing = fake.add_listing("C")
    report = api.ads.update_prices(
        [AdPrice(id=listing["id"], price=Decimal(5), discount_price=Decimal(5))]
    )
    assert report.failed_ids == [listing["id"]]
    with pytest.raises(UnprocessableEntityError, match="COST"):
        api.ads.update_price(
            api.stocks.for_sku("C")[0].sku_id,
            "MERCADO_LIVRE",
            price=Decimal(5),
            discount_price=Decimal(5),
        )


def test_sku_exports_finish_on_the_next_read(api: Both, fake: FakeAnymarket) -> None:
    fake.seed_catalogue({"A": 1}, listings=["MERCADO_LIVRE"])
    export = api.ads.create_export(marketplace="MERCADO_LIVRE")
    assert export.status == ExportStatus.WAITING
    assert export.document_id
    done = api.ads.get_export(export.document_id)
    assert done.status == ExportStatus.FINISHED
    assert done.count_lines == 1
    assert done.url
    empty = api.ads.create_export(marketplace="AMAZON")
    assert api.ads.get_export(empty.document_id or "").status == ExportStatus.FINISHED_WITHOUT_DATA
    assert [e.document_id for e in api.ads.list_exports(marketplace="AMAZON")] == [
        empty.document_id
    ]
    assert len(api.ads.list_exports()) == 2
    with pytest.raises(NotFoundError):
        api.ads.get_export("4b6a3ad2-3f3c-4c39-8d4b-2f9a7f8f0000")


# --- transmissions ---------------------------------------------------------------------------


def test_transmissions_and_their_feed(api: Both, fake: FakeAnymarket) -> None:
    fake.seed_catalogue({"A": 3, "B": 1})
    ml = fake.add_listing("A")
    paused = fake.add_listing("B", status="PAUSED")
    shop = fake.add_listing("A", "ECOMMERCE")

    page = api.transmissions.list_for_marketplace("MERCADO_LIVRE", status_filter=["ACTIVE"])
    assert [t.id for t in page.items] == [ml["id"]]
    assert {t.id for t in api.transmissions.iter_for_marketplace("MERCADO_LIVRE")} == {
        ml["id"],
        paused["id"],
    }
    assert [t.id for t in api.transmissions.list().items] == [shop["id"]]
    one = api.transmissions.get(ml["id"])
    assert one.sku is not None
    assert (one.sku.partner_id, one.sku.amount) == ("A", 3)
    assert one.product is not None
    assert one.category is not None
    assert one.brand is not None

    changed = api.transmissions.update(
        ml["id"],
        TransmissionUpdate(publication_status=PublicationStatus.PAUSED, market_place_status="x"),
    )
    assert (changed.publication_status, changed.market_place_status) == (
        PublicationStatus.PAUSED,
        "x",
    )
    with pytest.raises(NotFoundError):
        api.transmissions.get(1)

    seen: list[int] = []
    report = api.transmission_feed.consume(lambda item: seen.append(item.id))
    assert sorted(seen) == sorted({ml["id"], shop["id"]})
    assert report.ok
    assert fake.transmission_feed_items() == []

    fake.set_stock("A", 10)  # a stock change of an active listing is a new entry
    assert [i["id"] for i in fake.transmission_feed_items()] == [shop["id"]]
    [item] = api.transmission_feed.read(limit=5)
    api.transmission_feed.ack(item)
    with pytest.raises(NotFoundError):
        api.transmission_feed.ack(item)  # that token is spent
