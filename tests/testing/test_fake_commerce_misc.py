"""``FakeAnymarket``'s smaller commerce areas (freight, questions, campaigns, promotions,
templates, monitorings), its clock, raw bodies under injected faults, and a check that every
route the SDK sends is served."""

from __future__ import annotations

import asyncio
import importlib
import pkgutil
import re
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import httpx
import pytest

import anymarket_sdk.resources
from anymarket_sdk import NotFoundError, ServerError, UnprocessableEntityError
from anymarket_sdk._core import ROUTES
from anymarket_sdk.models import (
    Callback,
    CampaignStatus,
    FreightDimensions,
    FreightItem,
    FreightQuoteRequest,
    FreightType,
    Marketplace,
    Monitoring,
    MonitoringType,
    PromotionActionType,
    PromotionConditionType,
    Template,
    TemplateType,
)
from anymarket_sdk.testing import FakeAnymarket, ManualClock
from tests.conftest import Both

T0 = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


@pytest.fixture
def fake() -> FakeAnymarket:
    fake = FakeAnymarket()
    fake.set_clock(lambda: T0)
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


# --- freight -----------------------------------------------------------------------------------


def test_freight_quotes_are_deterministic(api: Both, fake: FakeAnymarket) -> None:
    fake.add_product(
        "Panela",
        height=10,
        width=20,
        length=30,
        weight=2,
        skus=[{"title": "Panela", "partnerId": "PAN", "price": 100}],
    )
    fake.set_stock("PAN", 8, additional_time=2)
    fake.add_listing(
        "PAN", sku_in_marketplace="MLB-PAN", price=Decimal(100), discount_price=Decimal(90)
    )
    result = api.freight.quote(
        FreightQuoteRequest(
            marketplace=Marketplace.MERCADO_LIVRE,
            zip_code="01310-100",
            products=[FreightItem(sku_id="MLB-PAN", amount=2), FreightItem(sku_id="XYZ", amount=1)],
            additional_percentual=Decimal(10),
        )
    )
    assert [(q.service_name, q.freight_type, q.price, q.delivery_time) for q in result.quotes] == [
        ("PAC", FreightType.NORMAL, Decimal("20.79"), 5),
        ("SEDEX", FreightType.EXPRESS, Decimal("37.42"), 3),
    ]
    [product] = result.products
    assert (product.stock_amount, product.additional_delivery_time, product.discount_price) == (
        8,
        2,
        90,
    )
    assert result.missing_skus == {"XYZ": 1}
    assert result.default_freight is not None
    assert not result.complete
    assert result.cheapest == result.quotes[0]

    by_partner = api.freight.quote(
        FreightQuoteRequest(
            marketplace=Marketplace.AMAZON,
            zip_code="90000000",
            products=[
                FreightItem(sku_id="PAN", amount=1, dimensions=FreightDimensions(weight=Decimal(1)))
            ],
        )
    )
    # 1 kg, zone 9: 12.90 + 1.50 + 4.50, in 3 + 4 days (+2 of crossdocking)
    assert by_partner.quotes[0].price == Decimal("18.90")
    assert by_partner.quotes[0].delivery_time == 9
    assert by_partner.complete


# --- questions ---------------------------------------------------------------------------------


def test_questions_and_answers(api: Both, fake: FakeAnymarket) -> None:
    fake.seed_catalogue({"A": 1}, listings=["MERCADO_LIVRE"])
    listing = fake.listings_of("A")[0]
    asked = fake.add_question("Serve em fogão de indução?", listing_id=listing["id"])
    question = api.questions.get(asked["id"])
    assert question.question == "Serve em fogão de indução?"
    assert question.context == f"{listing['id']} - Produto A"
    assert question.question_date == T0

    answer = api.questions.answer(asked["id"], "Sim, serve.")
    assert answer.id is not None
    assert api.questions.get_answer(asked["id"], answer.id) == answer
    assert api.questions.list_answers(asked["id"]).items == [answer]
    assert api.questions.iter_answers(asked["id"]) == [answer]
    assert api.questions.get(asked["id"]).answers == [answer]
    with pytest.raises(NotFoundError):
        api.questions.get(1)
    with pytest.raises(NotFoundError):
        api.questions.get_answer(asked["id"], 1)


def test_a_question_notifies_callbacks_with_question_active(fake: FakeAnymarket) -> None:
    with fake.client() as am:
        am.callbacks.create(Callback(url="https://erp.example/q", question_active=True))
    asked = fake.add_question("Tem garantia?")
    assert [p["body"] for p in fake.pending_callbacks()] == [
        {"type": "QUESTION", "content": {"id": str(asked["id"]), "oi": fake.oi}}
    ]


# --- campaigns and promotions --------------------------------------------------------------------


def test_campaigns_use_their_own_envelope(api: Both, fake: FakeAnymarket, mode: str) -> None:
    for i, status in enumerate(["ACTIVE", "ACTIVE", "FINALIZED"]):
        fake.add_campaign(
            f"Campanha {i}",
            status=status,
            initial_date=T0,
            final_date=T0 + timedelta(days=7),
            products_count=i,
        )
    page = api.campaigns.list(limit=2)
    assert ([c.title for c in page.items], page.total) == (["Campanha 0", "Campanha 1"], 3)
    assert [c.title for c in api.campaigns.iter(limit=2)] == [
        "Campanha 0",
        "Campanha 1",
        "Campanha 2",
    ]
    finalized = api.campaigns.list(status=CampaignStatus.FINALIZED).items
    assert [c.products_count for c in finalized] == [2]
    one = api.campaigns.get(finalized[0].id)
    assert (one.marketplace, one.final_date) == (Marketplace.MERCADO_LIVRE, T0 + timedelta(days=7))
    with pytest.raises(NotFoundError):
        api.campaigns.get(1)
    with httpx.Client(
        transport=fake.transport, base_url=fake.base_url, headers={"gumgaToken": fake.token}
    ) as wire:
        raw = wire.get("campaigns", params={"limit": 1, "offset": 1}).json()
    assert (raw["pageSize"], raw["count"], raw["start"]) == (1, 3, 1)


def test_promotions(api: Both, fake: FakeAnymarket) -> None:
    rule = fake.add_promotion("Semana do consumidor", initial_date=T0)
    promotion = api.promotions.get(rule["id"])
    assert promotion.description == "Semana do consumidor"
    assert promotion.actions[0].type == PromotionActionType.PERCENT_VALUE
    assert promotion.actions[0].values[0].value == 10
    assert promotion.conditions[0].type == PromotionConditionType.MARKETPLACE
    assert promotion.conditions[0].values[0].id is not None
    with pytest.raises(NotFoundError):
        api.promotions.get(1)


# --- templates and monitorings ----------------------------------------------------------------


def test_templates(api: Both, fake: FakeAnymarket) -> None:
    html = api.templates.create(
        Template(
            name="Padrão",
            template_type=TemplateType.HTML,
            content="<p>{{title}}</p>",
            market_place=Marketplace.MERCADO_LIVRE,
        )
    )
    assert html.id is not None
    assert html.market_place == Marketplace.MERCADO_LIVRE
    text = api.templates.create(
        Template(
            name="Texto",
            template_type=TemplateType.PLAIN_TEXT,
            plain_text_content="{{title}}",
            market_place=Marketplace.AMAZON,
        )
    )
    updated = api.templates.update(
        html.id,
        Template(name="Novo", template_type=TemplateType.HTML, content="<b>x</b>", is_active=True),
    )
    assert (updated.name, updated.market_place, updated.is_active) == (
        "Novo",
        Marketplace.MERCADO_LIVRE,
        True,
    )
    assert api.templates.get(html.id) == updated
    assert [t.id for t in api.templates.list_for_marketplace("MERCADO_LIVRE").items] == [html.id]
    assert [t.id for t in api.templates.iter_for_marketplace("AMAZON")] == [text.id]
    api.templates.delete(html.id)
    with pytest.raises(NotFoundError):
        api.templates.get(html.id)
    with httpx.Client(
        transport=fake.transport, base_url=fake.base_url, headers={"gumgaToken": fake.token}
    ) as wire:
        refused = wire.post(
            "template", json={"name": "X", "templateType": "HTML", "marketPlace": "AMAZON"}
        )
    assert refused.status_code == 422


def test_monitorings_are_recorded(api: Both, fake: FakeAnymarket) -> None:
    record = api.monitorings.report(
        "ERR-1",
        "Meu ERP",
        "Falha ao importar o pedido de maria@example.com",
        type=MonitoringType.ALERT,
        created_at=T0,
    )
    assert record.id is not None
    assert record.partner_id == "ERR-1"
    [stored] = fake.monitorings
    assert stored["message"] == record.message
    assert "maria@example.com" not in stored["message"]  # the SDK masked it
    created = api.monitorings.create(
        Monitoring(partner_id="ERR-2", origin="Meu ERP", message="ok", created_at=T0)
    )
    assert [m["id"] for m in fake.monitorings] == [record.id, created.id]


# --- the clock, raw bodies and faults ----------------------------------------------------------


def test_timestamps_follow_the_fakes_clock() -> None:
    fake = FakeAnymarket()
    fake.seed_catalogue({"A": 5})
    first = fake.create_sale(items=[("A", 1, 10)])
    assert first["createdAt"] == datetime.fromtimestamp(fake.clock.time(), UTC).isoformat().replace(
        "+00:00", "Z"
    )
    manual = ManualClock(epoch=T0.timestamp())
    fake.set_clock(manual)
    manual.advance(90)
    assert fake.create_sale(items=[("A", 1, 10)])["createdAt"] == "2026-03-02T12:01:30Z"
    fake.set_clock(lambda: datetime(2026, 5, 1, 9, 0, tzinfo=UTC))
    assert fake.now() == datetime(2026, 5, 1, 9, 0, tzinfo=UTC)
    fake.set_clock(lambda: datetime(2026, 5, 1, 9, 0))  # noqa: DTZ001 - the point of the test
    with pytest.raises(ValueError, match="naive"):
        fake.now()


def test_raw_bodies_survive_injected_faults(fake: FakeAnymarket) -> None:
    fake.seed_catalogue({"A": 5})
    order_id = fake.create_sale(items=[("A", 1, 10)])["id"]
    fake.fail_next(1, 503)
    with fake.client() as am:
        with pytest.raises(ServerError):
            am.orders.upload_nfe_xml(order_id, b"<nfe>1</nfe>")
        assert fake.calls[-1].content == b"<nfe>1</nfe>"
        assert fake.calls[-1].content_type == "application/xml"
        assert fake.nfe_xml(order_id) is None
        am.orders.upload_nfe_xml(order_id, b"<nfe>2</nfe>")
        assert am.orders.download_nfe(order_id, "sale").content == b"<nfe>2</nfe>"
    with httpx.Client(
        transport=fake.transport, base_url=fake.base_url, headers={"gumgaToken": fake.token}
    ) as wire:
        not_xml = wire.put(
            f"orders/{order_id}/nfe", content=b"hello", headers={"Content-Type": "text/plain"}
        )
        assert not_xml.status_code == 415
        no_file = wire.post(
            f"orders/{order_id}/fiscalDocument",
            content=b"--b--\r\n",
            headers={"Content-Type": "multipart/form-data; boundary=b"},
        )
        assert no_file.status_code == 400


def test_unknown_ids_everywhere_are_404s(api: Both) -> None:
    calls: list[Callable[[], object]] = [
        lambda: api.orders.get(5),
        lambda: api.callbacks.get(5),
        lambda: api.warehouses.get(5),
        lambda: api.stocks.reservations(5),
        lambda: api.ads.list(5),
        lambda: api.transmissions.get(5),
        lambda: api.questions.get(5),
        lambda: api.templates.get(5),
        lambda: api.promotions.get(5),
    ]
    for call in calls:
        with pytest.raises(NotFoundError) as missing:
            call()
        assert missing.value.server_message == "Recurso com o id '5' não encontrado."
    with pytest.raises(UnprocessableEntityError):
        api.monitorings.create(
            Monitoring(
                partner_id="x",
                origin="y",
                message="z",
                created_at=datetime(2026, 1, 1, tzinfo=UTC),
                extra={"type": "NOPE"},
            )
        )


# --- coverage ----------------------------------------------------------------------------------

_SAMPLES = {
    "marketplace": "MERCADO_LIVRE",
    "marketPlace": "MERCADO_LIVRE",
    "type": "sale",
    "idInMarketplace": "MLB123",
    "idDocument": "4b6a3ad2-3f3c-4c39-8d4b-2f9a7f8f0000",
}


def test_every_route_of_the_sdk_is_served() -> None:
    for module in pkgutil.iter_modules(anymarket_sdk.resources.__path__):
        importlib.import_module(f"anymarket_sdk.resources.{module.name}")
    served = [(m, re.compile(p)) for m, p in FakeAnymarket.routes()]
    assert len(ROUTES) >= 100
    for r in ROUTES:
        sample = re.sub(r"\{(\w+)\}", lambda m: _SAMPLES.get(m.group(1), "12"), r.path)
        assert any(m == r.method and p.fullmatch(sample) for m, p in served), r.key
