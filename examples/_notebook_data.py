"""Demo data for ``anymarket_reports.ipynb``: an in-memory ANYMARKET with two months of sales.

``build_demo()`` returns a ``FakeAnymarket`` holding a small catalogue and ~200 orders from
several marketplaces, made the way the marketplaces would make them (``create_sale``, then
``advance_order`` as the order is invoiced, shipped and delivered). Each seller-shipped order
carries the date the marketplace promised it would ship (``promisedShippingTime``); some ship
after it, some are still waiting past it. Everything is drawn from a seeded generator at
fixed dates, so every run gives the same numbers.

The notebook only reads this data through the public SDK (``fake.client()``); nothing here is
needed to run the same reports against a real ANYMARKET account.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any, Final

from anymarket_sdk.testing import FakeAnymarket

REFERENCE: Final = datetime(2026, 3, 31, 21, 0, tzinfo=UTC)
"""The report's "now" (18:00 in São Paulo): sales are made in the days before it."""
WINDOW_DAYS: Final = 60
"""How many days of sales the demo holds (and the notebook reports on)."""


@dataclass(frozen=True)
class Channel:
    """A marketplace of the demo: its share of the orders, how many days the seller has to
    ship, how often the seller misses that date, and its fulfillment programme if any."""

    code: str
    weight: float
    handling_days: int
    late_rate: float
    carrier: str
    fulfillment_rate: float = 0.0


CHANNELS: Final = (
    Channel("MERCADO_LIVRE", 0.42, 1, 0.10, "Mercado Envios", fulfillment_rate=0.3),
    Channel("AMAZON", 0.20, 2, 0.05, "Amazon Logistics", fulfillment_rate=0.4),
    Channel("MAGAZINE_LUIZA", 0.16, 2, 0.18, "Correios"),
    Channel("SHOPEE", 0.14, 2, 0.25, "Jadlog"),
    Channel("AMERICANAS", 0.08, 3, 0.12, "Correios"),
)

CATALOGUE: Final = (
    # partner id, title, category, price
    ("FRY-28", "Frigideira antiaderente 28 cm", "Cozinha", "189.90"),
    ("PAN-SET5", "Jogo de panelas inox 5 peças", "Cozinha", "459.00"),
    ("KNF-CHEF", "Faca do chef 8 polegadas", "Cozinha", "129.90"),
    ("BLD-900", "Liquidificador 900 W", "Eletroportáteis", "249.90"),
    ("AFR-4L", "Fritadeira sem óleo 4 litros", "Eletroportáteis", "399.90"),
    ("CFM-DRIP", "Cafeteira elétrica 30 xícaras", "Eletroportáteis", "159.90"),
    ("MIX-PLAN", "Batedeira planetária 600 W", "Eletroportáteis", "529.00"),
    ("TWL-BATH", "Toalha de banho algodão egípcio", "Cama, mesa e banho", "79.90"),
    ("SHT-QUEEN", "Jogo de lençol queen 200 fios", "Cama, mesa e banho", "149.90"),
    ("PIL-NASA", "Travesseiro viscoelástico", "Cama, mesa e banho", "119.90"),
    ("DUV-KING", "Edredom king dupla face", "Cama, mesa e banho", "289.90"),
    ("MUG-350", "Caneca de porcelana 350 ml", "Mesa posta", "34.90"),
    ("GLS-SET6", "Jogo de copos de vidro 6 peças", "Mesa posta", "59.90"),
    ("PLT-SET12", "Aparelho de jantar 12 peças", "Mesa posta", "239.90"),
    ("CUT-24", "Faqueiro inox 24 peças", "Mesa posta", "99.90"),
    ("BOX-ORG", "Caixa organizadora 20 litros", "Organização", "44.90"),
    ("HNG-10", "Cabides de veludo (10 unidades)", "Organização", "39.90"),
    ("SHF-WALL", "Prateleira de parede 60 cm", "Organização", "69.90"),
    ("LMP-LED", "Luminária de mesa LED", "Iluminação", "89.90"),
    ("BLB-9W", "Lâmpada LED 9 W (kit com 4)", "Iluminação", "29.90"),
    ("VAS-CER", "Vaso de cerâmica decorativo", "Decoração", "74.90"),
    ("FRM-A4", "Porta-retratos A4", "Decoração", "27.90"),
    ("CSH-45", "Capa de almofada 45 cm", "Decoração", "24.90"),
    ("RUG-150", "Tapete sala 1,50 x 2,00 m", "Decoração", "219.90"),
    ("CLK-WALL", "Relógio de parede 30 cm", "Decoração", "64.90"),
    ("CND-AROM", "Vela aromática 200 g", "Decoração", "39.90"),
)
"""The demo's SKUs: one simple product each. The first ones sell the most."""


@dataclass
class _Clock:
    """What the fake stamps on orders (``lastUpdate``, payment and invoice dates): moved to
    each event's moment before the event happens."""

    at: datetime

    def __call__(self) -> datetime:
        return self.at


def _seed_catalogue(fake: FakeAnymarket) -> None:
    categories: dict[str, int] = {}
    brand = int(fake.add_brand("Casa Useall", partner_id="M2-CASA")["id"])
    for partner_id, title, category, price in CATALOGUE:
        if category not in categories:
            categories[category] = int(fake.add_category(category)["id"])
        fake.add_product(
            title,
            skus=[{"title": title, "partnerId": partner_id, "price": Decimal(price)}],
            category_id=categories[category],
            brand_id=brand,
        )
        # stock in the default warehouse and an active listing on every marketplace
        fake.seed_catalogue(
            {partner_id: 5_000}, price=Decimal(price), listings=[c.code for c in CHANNELS]
        )
    for channel in CHANNELS:
        if channel.fulfillment_rate:
            for partner_id, *_ in CATALOGUE:
                fake.set_fulfillment_stock(channel.code, partner_id, 500)


def _items(rng: random.Random) -> list[tuple[str, int, Decimal]]:
    """1 to 3 order lines; popularity falls with the SKU's place in the catalogue."""
    weights = [1 / (rank + 1) ** 1.2 for rank in range(len(CATALOGUE))]
    lines = rng.choices([1, 2, 3], weights=[75, 20, 5])[0]
    chosen: dict[int, None] = {}
    while len(chosen) < lines:
        chosen[rng.choices(range(len(CATALOGUE)), weights=weights)[0]] = None
    return [
        (CATALOGUE[n][0], rng.choices([1, 2, 3], weights=[80, 15, 5])[0], Decimal(CATALOGUE[n][3]))
        for n in chosen
    ]


def _sell(fake: FakeAnymarket, clock: _Clock, rng: random.Random, created: datetime) -> None:
    """One sale from creation to where it stands at ``REFERENCE``."""
    channel = rng.choices(CHANNELS, weights=[c.weight for c in CHANNELS])[0]
    fulfillment = rng.random() < channel.fulfillment_rate
    paid = rng.random() < 0.95
    clock.at = created
    order = fake.create_sale(
        channel.code,
        _items(rng),
        fulfillment=fulfillment,
        status="PAID_WAITING_SHIP" if paid else "PENDING",
        created_at=created,
        freight=rng.choice(["0", "0", "12.90", "19.90", "24.90"]),
    )
    order_id: int = order["id"]
    promised = created + timedelta(days=channel.handling_days)
    if not fulfillment:  # the marketplace ships fulfillment orders: nothing is promised
        fake.advance_order(
            order_id,
            order["status"],
            shipping={**order["shipping"], "promisedShippingTime": promised},
            anymarketAddress={**order["anymarketAddress"], "promisedShippingTime": promised},
        )
    if not paid or rng.random() < 0.03:  # unpaid boletos and regrets are cancelled
        clock.at = created + timedelta(hours=rng.uniform(2, 70))
        if clock.at <= REFERENCE:
            fake.cancel_sale(order_id)
        return
    window = promised - created
    if not fulfillment and rng.random() < channel.late_rate:
        shipped = promised + timedelta(hours=rng.uniform(2, 72))
    else:
        shipped = created + window * rng.uniform(0.2, 0.95)
    shipped = shipped.replace(second=0, microsecond=0)
    _progress(fake, clock, rng, order_id, shipped=shipped, channel=channel, fulfillment=fulfillment)


def _progress(
    fake: FakeAnymarket,
    clock: _Clock,
    rng: random.Random,
    order_id: int,
    *,
    shipped: datetime,
    channel: Channel,
    fulfillment: bool,
) -> None:
    clock.at = shipped - timedelta(hours=2)
    if clock.at > REFERENCE:
        return  # still waiting to be invoiced
    fake.advance_order(order_id, "INVOICED")
    if shipped > REFERENCE:
        return
    clock.at = shipped
    tracking: dict[str, Any] = {
        "number": f"BR{order_id}{rng.randrange(100, 999)}",
        "carrier": channel.carrier,
        "shippedDate": shipped,
    }
    fake.advance_order(order_id, "PAID_WAITING_DELIVERY", tracking=tracking)
    delivered = shipped + timedelta(days=rng.uniform(1 if fulfillment else 2, 7))
    delivered = delivered.replace(second=0, microsecond=0)
    if delivered <= REFERENCE:
        clock.at = delivered
        fake.advance_order(order_id, "CONCLUDED", tracking={"deliveredDate": delivered})


def build_demo(*, sales: int = 200, seed: int = 2026) -> FakeAnymarket:
    """A ``FakeAnymarket`` with the catalogue and ``sales`` orders made in the
    ``WINDOW_DAYS`` days before ``REFERENCE``; its clock is left at ``REFERENCE``."""
    rng = random.Random(seed)  # noqa: S311 - demo data, not security
    fake = FakeAnymarket()
    clock = _Clock(REFERENCE - timedelta(days=WINDOW_DAYS + 1))
    fake.set_clock(clock)
    _seed_catalogue(fake)
    window = timedelta(days=WINDOW_DAYS) - timedelta(hours=1)
    start = REFERENCE - timedelta(days=WINDOW_DAYS)
    moments = sorted(start + window * rng.random() for _ in range(sales))
    for created in moments:
        _sell(fake, clock, rng, created.replace(microsecond=0))
    clock.at = REFERENCE
    return fake
