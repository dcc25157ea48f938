"""``FakeAnymarket`` against ANYMARKET's own API description (``../shared/anymarket``).

One scripted scenario drives the SDK (sync client, ``strict=True``) through every route the
fake serves, recording each request and answer (a transport wrapping the fake's handler).
Then, route by route, every problem at once:

- every 2xx JSON answer validates against the response schema the OpenAPI export
  (``api-v2.yaml``) documents for its status (``$ref``/``allOf`` resolved, OpenAPI 3.0
  keywords translated to JSON Schema Draft 4); an empty 204, or a non-JSON body of a media
  type the export lists, needs no schema;
- every 2xx answer decodes with the SDK's strict converter through the route's decoder;
- the scenario leaves no route of ``FakeAnymarket.routes()`` unexercised.

Errors of the export itself (API_NOTES.md §6-7 and the sections they point to) are patched,
each with its reason, in ``fake_errata.py``; each must still be needed. Where the *fake*
answers differently from the export, the deviation and its fix are listed in
``FAKE_DEVIATIONS`` below: the route's test xfails with the fix as reason until the fake is
fixed, then fails until the entry is removed (nothing else about the route is tolerated).
Routes the export does not describe are the [sdk] routes ``test_spec_examples``'s errata
modules list with their source (``SDK_ROUTES``): only the strict decoding applies to them.

The module skips when ``../shared`` is absent (a fresh clone).
"""

from __future__ import annotations

import copy
import re
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import attrs
import httpx
import pytest

from anymarket_sdk import Anymarket, ResponseDecodeError
from anymarket_sdk._converter import STRICT_CONVERTER, loads
from anymarket_sdk._core import ROUTES, Route
from anymarket_sdk.models import (
    AdPatch,
    AdPrice,
    BillingAddress,
    Brand,
    Buyer,
    Callback,
    Category,
    CategoryRef,
    Characteristic,
    CharacteristicGroup,
    CharacteristicGroupCategory,
    DefinitionPriceScope,
    DocumentType,
    FreightItem,
    FreightQuoteRequest,
    Gender,
    GroupCharacteristic,
    Image,
    InvoiceData,
    JsonPatchOperation,
    Marketplace,
    MarketplaceCharacteristic,
    Monitoring,
    Nbm,
    NewAd,
    Order,
    OrderItem,
    OrderPayment,
    OrderProduct,
    OrderReturn,
    OrderSku,
    OrderStatus,
    OrderTransmissionStatus,
    Origin,
    PackageInput,
    PackageItem,
    PackageReason,
    Product,
    ProductBrand,
    ProductCategory,
    ProductPatch,
    PublicationStatus,
    ReturnItem,
    ShippingAddress,
    Sku,
    SkuPatch,
    StockUpdate,
    Template,
    TemplateType,
    TrackingData,
    TransmissionUpdate,
    VariationType,
    VariationValue,
    Warehouse,
)
from anymarket_sdk.testing import FakeAnymarket
from tests.contract.fake_errata import SCHEMA_ERRATA, Schema, SchemaErratum
from tests.contract.test_spec_examples import (
    SDK_ROUTES,
    SPEC_FILE,
    SPEC_PATHS,
    _load_spec,
    _resolve,
    _spec_ops,
)

Draft4Validator: Any = pytest.importorskip("jsonschema").Draft4Validator
"""JSON Schema Draft 4, the dialect of OpenAPI 3.0 schemas (a dev dependency)."""

pytestmark = pytest.mark.skipif(
    not SPEC_FILE.exists(), reason="../shared/anymarket is not present (fresh clone)"
)

T0 = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
_SDK_ROUTES: dict[str, Route[Any]] = {r.key: r for r in ROUTES}
_FAKE_ROUTES: list[tuple[str, str]] = FakeAnymarket.routes()


# --- which route answered --------------------------------------------------------------------


def _template(pattern: str) -> str:
    """A fake route's regex as the API's path template: ``/orders/(?P<id>\\d+)/?`` ->
    ``/orders/{id}``."""
    return re.sub(r"\(\?P<(\w+)>[^)]*\)", r"{\1}", pattern).removesuffix("/?")


def _route_key(fake_route: tuple[str, str]) -> str:
    method, pattern = fake_route
    return f"{method} {_template(pattern)}"


_COMPILED = [(m, re.compile(p), (m, p)) for m, p in _FAKE_ROUTES]


def _fake_route_of(request: httpx.Request, base_path: str) -> tuple[str, str]:
    """The fake route that answered ``request``, found as the fake's dispatcher finds it
    (the first route whose regex matches the path, with the request's method)."""
    path = "/" + request.url.path.removeprefix(base_path)
    for method, regex, key in _COMPILED:
        if method == request.method and regex.fullmatch(path):
            return key
    raise AssertionError(f"no fake route for {request.method} {path}")


# --- recording the scenario ------------------------------------------------------------------


@attrs.frozen
class Exchange:
    request: httpx.Request
    response: httpx.Response

    def __str__(self) -> str:
        return f"{self.request.method} {self.request.url.path} -> {self.response.status_code}"


def _recording(fake: FakeAnymarket, seen: list[Exchange]) -> httpx.MockTransport:
    """A transport answering through the fake's own (raw-body aware) handler and recording
    every request/answer pair."""
    inner = fake.transport.handler

    def handle(request: httpx.Request) -> httpx.Response:
        response = inner(request)
        assert isinstance(response, httpx.Response)
        seen.append(Exchange(request, response))
        return response

    return httpx.MockTransport(handle)


# --- the scenario ----------------------------------------------------------------------------


def _invoice(number: int) -> InvoiceData:
    return InvoiceData(
        access_key=FakeAnymarket.make_access_key(number), date=T0, series="1", number=str(number)
    )


def _tracking(number: str) -> TrackingData:
    return TrackingData(
        number=number,
        carrier="Correios",
        shipped_date=T0,
        url=f"https://rastreio.example/{number}",
        estimate_date=T0 + timedelta(days=5),
    )


def _catalogue(am: Anymarket) -> Sku:
    """Brands, categories, characteristic groups, variations, a product with SKUs and images
    through every catalogue route; returns the product's first SKU."""
    brand = am.brands.create(Brand(name="Tramontina", reduced_name="tramon", partner_id="M-1"))
    assert brand.id is not None
    am.brands.list(name="tram")
    am.brands.get(brand.id)
    am.brands.update(brand.id, Brand(name="Tramontina S.A.", partner_id="M-1"))
    am.brands.bind(brand.id, Marketplace.MERCADO_LIVRE, "MLB-TRAM")
    am.brands.rebind(brand.id, Marketplace.MERCADO_LIVRE, "MLB-TRAM-2")
    am.brands.get_in_marketplace(brand.id, Marketplace.MERCADO_LIVRE)
    spare = am.brands.create(Brand(name="Descartável"))
    assert spare.id is not None
    am.brands.delete(spare.id)

    casa = am.categories.create(Category(name="Casa", partner_id="CAT-CASA"))
    assert casa.id is not None
    cozinha = am.categories.create(
        Category(
            name="Cozinha",
            partner_id="CAT-COZ",
            parent=CategoryRef(id=casa.id),
            price_factor=Decimal("1.2"),
            calculated_price=True,
            definition_price_scope=DefinitionPriceScope.SKU_MARKETPLACE,
        )
    )
    assert cozinha.id is not None
    am.categories.list()
    am.categories.full_path()
    am.categories.get(casa.id)
    am.categories.update(cozinha.id, attrs.evolve(cozinha, name="Cozinha e Mesa", children=[]))
    spare_category = am.categories.create(Category(name="Vazia"))
    assert spare_category.id is not None
    am.categories.delete(spare_category.id)
    group = am.categories.create_group(
        0,
        CharacteristicGroup(
            name="Eletro",
            characteristics=[
                GroupCharacteristic(
                    index=0,
                    name="Potência",
                    characteristic_item_market_places=[
                        MarketplaceCharacteristic(
                            market_place="MERCADO_LIVRE", id_in_marketplace="POWER", required=True
                        )
                    ],
                )
            ],
            categories=[CharacteristicGroupCategory(id=cozinha.id)],
        ),
    )
    assert group.id is not None
    am.categories.get_group(group.id)
    am.categories.update_group(group.id, attrs.evolve(group, name="Eletros"))
    am.categories.delete_group(group.id)

    cor = am.variations.create(
        VariationType(
            name="Cor",
            partner_id="V-COR",
            visual_variation=True,
            values=[VariationValue(description="Azul"), VariationValue(description="Verde")],
        )
    )
    assert cor.id is not None
    am.variations.list()
    am.variations.get(cor.id)
    am.variations.update(cor.id, VariationType(name="Cor", partner_id="V-COR2"))
    red = am.variations.create_value(cor.id, VariationValue(description="Vermelho"))
    assert red.id is not None
    am.variations.list_values(cor.id)
    am.variations.get_value(cor.id, red.id)
    am.variations.update_value(
        cor.id, red.id, VariationValue(description="Vermelho", partner_id="V-RED")
    )
    green = next(v for v in am.variations.get(cor.id).values if v.description == "Verde")
    assert green.id is not None
    am.variations.delete_value(cor.id, green.id)
    spare_type = am.variations.create(VariationType(name="Descartável"))
    assert spare_type.id is not None
    am.variations.delete(spare_type.id)

    product = am.products.create(
        Product(
            title="Liquidificador Turbo",
            description="Liquidificador 1000W",
            external_id_product="EXT-LIQ",
            category=ProductCategory(id=cozinha.id),
            brand=ProductBrand(id=brand.id),
            model="LT-1000",
            warranty_time=12,
            warranty_text="Um ano",
            height=Decimal(30),
            width=Decimal(20),
            length=Decimal(20),
            weight=Decimal("2.5"),
            price_factor=Decimal(1),
            calculated_price=False,
            definition_price_scope=DefinitionPriceScope.SKU_MARKETPLACE,
            origin=Origin(id=0, description="Nacional"),
            nbm=Nbm(id="85094050", description="Liquidificadores"),
            gender=Gender.UNISSEX,
            has_variations=True,
            characteristics=[Characteristic(name="Potência", value="1000W", index=1)],
            images=[
                Image(url="https://img.example/liq-1.jpg", main=True),
                Image(url="https://img.example/liq-2.jpg", variation="Azul"),
            ],
            skus=[
                Sku(
                    title="Liquidificador Azul",
                    partner_id="LIQ-AZ",
                    ean="7891234567895",
                    price=Decimal("199.90"),
                    sell_price=Decimal("179.90"),
                    amount=Decimal(10),
                    additional_time=2,
                    external_id="EXT-LIQ-AZ",
                    variations={"Cor": "Azul"},
                )
            ],
        )
    )
    assert product.id is not None
    am.products.list(sku="LIQ-AZ")
    am.products.get(product.id)
    product = am.products.update(product.id, attrs.evolve(product, title="Liquidificador Max"))
    assert product.id is not None
    am.products.merge_patch(product.id, ProductPatch(model="LT-2000"))
    am.products.json_patch(
        product.id, [JsonPatchOperation(op="replace", path="/title", value="Liquidificador")]
    )

    red_sku = am.skus.create(
        product.id,
        Sku(
            title="Liquidificador Vermelho",
            partner_id="LIQ-VM",
            price=Decimal("199.90"),
            sell_price=Decimal("189.90"),
            amount=Decimal(3),
            additional_time=1,
            variations={"Cor": "Vermelho"},
        ),
    )
    assert red_sku.id is not None
    am.skus.list(product.id)
    sku = am.skus.get(product.id, product.skus[0].id or 0)
    assert sku.id is not None
    am.skus.update(product.id, red_sku.id, attrs.evolve(red_sku, title="Liquidificador Rubi"))
    am.skus.merge_patch(product.id, red_sku.id, SkuPatch(sell_price=Decimal("189.90")))
    am.skus.json_patch(
        product.id,
        red_sku.id,
        [JsonPatchOperation(op="replace", path="/ean", value="7890000000000")],
    )

    extra = am.images.create(product.id, Image(url="https://img.example/liq-3.jpg", index=3))
    assert extra.id is not None
    am.images.list(product.id)
    am.images.get(product.id, extra.id)
    am.images.update(product.id, extra.id, index=1, main=True)
    am.images.delete(product.id, extra.id)
    return sku


def _stock_and_listings(am: Anymarket, fake: FakeAnymarket, sku: Sku) -> None:
    assert sku.id is not None
    south = am.warehouses.create(Warehouse(name="CD Sul", zip_code="90000000"))
    assert south.id is not None
    am.warehouses.list()
    am.warehouses.get(south.id)
    am.warehouses.update(south.id, Warehouse(name="CD Sul 2", zip_code="90000001"))
    spare = am.warehouses.create(Warehouse(name="Vazio"))
    assert spare.id is not None
    am.warehouses.delete(spare.id)

    am.stocks.create(
        [
            StockUpdate(
                partner_id="LIQ-AZ", quantity=Decimal(4), cost=Decimal(80), stock_local_id=south.id
            )
        ]
    )
    am.stocks.update([StockUpdate(partner_id="LIQ-AZ", quantity=Decimal(12), additional_time=1)])
    am.stocks.update_batch(
        [
            StockUpdate(partner_id="LIQ-VM", quantity=Decimal(5), cost=Decimal(70)),
            StockUpdate(partner_id="NO-SUCH-SKU", quantity=Decimal(1)),
        ]
    )
    am.stocks.list(partner_id="LIQ-AZ")
    fake.set_fulfillment_stock("MERCADO_LIVRE", "LIQ-AZ", 7, reserved=1)
    am.stocks.fulfillment(Marketplace.MERCADO_LIVRE, sku.id)

    ad = am.ads.create(
        sku.id,
        NewAd(
            marketplace=Marketplace.MERCADO_LIVRE,
            price=Decimal("199.90"),
            discount_price=Decimal("179.90"),
            fields={"title": "Liquidificador Azul", "listing_type_id": "gold_pro"},
        ),
    )
    ad_id = ad.id
    assert ad_id is not None
    am.ads.send(sku.id, ad_id)
    am.ads.list(sku.id)
    am.ads.for_sku_partner_id("LIQ-AZ")
    am.ads.get(sku.id, ad_id, multi_cd=True, return_type="SKU_COMPLETE")
    current = am.ads.get(sku.id, ad_id)
    am.ads.update(sku.id, ad_id, attrs.evolve(current, price=Decimal(210)))
    am.ads.merge_patch(sku.id, ad_id, AdPatch(discount_price=Decimal(189)))
    am.ads.json_patch(
        sku.id, ad_id, [JsonPatchOperation(op="replace", path="/fields/title", value="Liqui")]
    )
    am.ads.update_prices(
        [
            AdPrice(id=ad_id, price=Decimal(220), discount_price=Decimal(200)),
            AdPrice(id=99_999, price=Decimal(1), discount_price=Decimal(1)),
        ]
    )
    am.ads.update_price(
        sku.id, Marketplace.MERCADO_LIVRE, price=Decimal(230), discount_price=Decimal(210)
    )
    export = am.ads.create_export(marketplace=Marketplace.MERCADO_LIVRE)
    assert export.document_id is not None
    am.ads.get_export(export.document_id)
    am.ads.list_exports()

    shop = fake.add_listing("LIQ-VM", "ECOMMERCE")
    am.transmissions.list()
    am.transmissions.list_for_marketplace(
        Marketplace.MERCADO_LIVRE, status_filter=[PublicationStatus.ACTIVE]
    )
    am.transmissions.get(ad_id)
    am.transmissions.update(
        shop["id"],
        TransmissionUpdate(publication_status=PublicationStatus.ACTIVE, market_place_status="ok"),
    )
    am.transmission_feed.ack(am.transmission_feed.read()[0])


def _orders(am: Anymarket, fake: FakeAnymarket, sku: Sku) -> None:
    assert sku.id is not None
    sale = fake.create_sale(
        "MERCADO_LIVRE", [("LIQ-AZ", 2, "179.90")], freight=15, marketplace_id="MLB-ORDER-1"
    )
    paid = fake.create_sale("AMAZON", [("LIQ-VM", 1, "199.90")], status="PAID_WAITING_SHIP")
    full = fake.create_sale(
        "MERCADO_LIVRE", [("LIQ-AZ", 1, "179.90")], fulfillment=True, status="PAID_WAITING_SHIP"
    )
    am.stocks.reservations(sku.id)
    fake.advance_order(full["id"], "INVOICED")
    created = am.orders.create(
        Order(
            marketplace=Marketplace.ECOMMERCE,
            marketplace_id="EC-1",
            marketplace_number="EC-1",
            marketplace_status="novo",
            status=OrderStatus.PENDING,
            transmission_status=OrderTransmissionStatus.OK,
            discount=Decimal(0),
            freight=Decimal(10),
            seller_freight=Decimal(10),
            interest_value=Decimal(0),
            gross=Decimal("199.90"),
            total=Decimal("209.90"),
            created_at=T0,
            buyer=Buyer(
                name="Ana",
                document="52998224725",
                document_type=DocumentType.CPF,
                document_number_normalized="52998224725",
                email="ana@example.com",
                phone="11999999999",
            ),
            shipping=ShippingAddress(
                address="Rua Exemplo, 100",
                street="Rua Exemplo",
                number="100",
                neighborhood="Centro",
                city="São Paulo",
                state="SP",
                state_name_normalized="São Paulo",
                country="BR",
                country_acronym_normalized="BR",
                country_name_normalized="Brasil",
                zip_code="01001000",
                receiver_name="Ana",
                promised_shipping_time=T0 + timedelta(days=7),
            ),
            billing_address=BillingAddress(
                address="Rua Exemplo, 100",
                street="Rua Exemplo",
                number="100",
                neighborhood="Centro",
                city="São Paulo",
                state="SP",
                state_name_normalized="São Paulo",
                country="BR",
                country_acronym_normalized="BR",
                country_name_normalized="Brasil",
                zip_code="01001000",
                shipment_user_name="Ana",
            ),
            payments=[
                OrderPayment(
                    method="Pix",
                    status="approved",
                    value=Decimal("209.90"),
                    installments=1,
                    marketplace_id="PIX-1",
                    payment_method_normalized="PIX",
                    payment_detail_normalized="UNKNOWN",
                )
            ],
            items=[
                OrderItem(
                    sku=OrderSku(title="Liquidificador Azul", partner_id="LIQ-AZ"),
                    product=OrderProduct(title="Liquidificador"),
                    amount=Decimal(1),
                    unit=Decimal("199.90"),
                    gross=Decimal("199.90"),
                    total=Decimal("199.90"),
                    discount=Decimal(0),
                    id_in_marketplace="EC-1-1",
                )
            ],
        )
    )
    assert created.id is not None
    am.orders.list(include_quote_id=True)
    am.orders.get(sale["id"], include_quote_id=True)
    am.orders.get(full["id"])
    am.orders.get_by_marketplace_id(Marketplace.MERCADO_LIVRE, "MLB-ORDER-1")
    am.orders.quote_id(sale["id"])
    am.orders.set_partner_id(sale["id"], "ERP-1")
    am.orders.report_transmission(sale["id"], False, "SKU sem cadastro no ERP")
    am.orders.report_transmission(sale["id"], True, status_in_marketplace="importado")

    am.orders.mark_paid(sale["id"])
    am.orders.invoice(sale["id"], _invoice(1))
    am.orders.upload_nfe_xml(sale["id"], b'<?xml version="1.0"?><nfeProc/>')
    am.orders.download_nfe(sale["id"], "sale")
    am.orders.ship(sale["id"], _tracking("BR1"))
    am.orders.deliver(sale["id"], T0 + timedelta(days=3))
    am.orders.cancel(created.id)

    am.orders.upload_fiscal_document(paid["id"], b"%PDF-1.4 danfe", filename="danfe.pdf")
    split = am.orders.create_packages(
        paid["id"],
        [PackageInput(items=[PackageItem(sku="LIQ-VM", quantity=Decimal(1))], external_id="P1")],
        reason=PackageReason(id="R1", description="Volumes separados"),
    )
    package = am.orders.list_packages(paid["id"])[0]
    assert split.packages
    assert package.package_item_id is not None
    am.orders.mark_package_delivered(paid["id"], package.package_item_id, T0)
    back = am.orders.create_return(
        paid["id"],
        OrderReturn(
            reason="Defeito", items=[ReturnItem(title="Liquidificador", quantity=Decimal(1))]
        ),
    )
    assert back.id is not None
    am.orders.list_returns(paid["id"])
    am.orders.update_return(back.id, OrderReturn(status="CLOSED"))

    fake.add_inbound_nfe(777, "MERCADO_LIVRE", b"<nfeProc><inbound/></nfeProc>")
    am.orders.inbound_nfe(777, Marketplace.MERCADO_LIVRE)
    am.print_tags.print([paid["id"]])
    am.print_tags.print([paid["id"]], "ZPL2", file="TXT")
    am.messages.send(paid["id"], "Seu pedido foi enviado.")
    am.fulfillment.list(Marketplace.MERCADO_LIVRE)

    am.order_feed.ack(am.order_feed.read()[0])


def _extras(am: Anymarket, fake: FakeAnymarket) -> None:
    callback = am.callbacks.create(
        Callback(url="https://erp.example/hook", token="segredo", order_active=True)
    )
    assert callback.id is not None
    am.callbacks.list()
    am.callbacks.get(callback.id)
    am.callbacks.update(
        callback.id, Callback(url="https://erp.example/hook2", question_active=True)
    )
    am.callbacks.delete(callback.id)

    am.freight.quote(
        FreightQuoteRequest(
            marketplace=Marketplace.MERCADO_LIVRE,
            zip_code="01310100",
            products=[FreightItem(sku_id="LIQ-AZ", amount=1), FreightItem(sku_id="XYZ", amount=1)],
            additional_percentual=Decimal(10),
        )
    )
    listing = fake.listings_of("LIQ-AZ")[0]
    asked = fake.add_question("Serve para gelo?", listing_id=listing["id"])
    answer = am.questions.answer(asked["id"], "Sim.")
    assert answer.id is not None
    am.questions.get(asked["id"])
    am.questions.list_answers(asked["id"])
    am.questions.get_answer(asked["id"], answer.id)

    campaign = fake.add_campaign(
        "Semana do Consumidor", final_date=T0 + timedelta(days=7), products_count=3
    )
    am.campaigns.list()
    am.campaigns.get(campaign["id"])
    promotion = fake.add_promotion("10% na cozinha", final_date=T0 + timedelta(days=7))
    am.promotions.get(promotion["id"])

    template = am.templates.create(
        Template(
            name="Padrão",
            template_type=TemplateType.HTML,
            content="<p>{{title}}</p>",
            market_place=Marketplace.MERCADO_LIVRE,
        )
    )
    assert template.id is not None
    am.templates.get(template.id)
    am.templates.update(
        template.id,
        Template(name="Novo", template_type=TemplateType.HTML, content="<b>x</b>", is_active=True),
    )
    am.templates.list_for_marketplace(Marketplace.MERCADO_LIVRE)
    am.templates.delete(template.id)
    am.monitorings.create(
        Monitoring(partner_id="ERR-1", origin="ERP", message="Falha ao importar", created_at=T0)
    )


def run_scenario() -> tuple[FakeAnymarket, list[Exchange]]:
    fake = FakeAnymarket()
    fake.set_clock(lambda: T0)
    seen: list[Exchange] = []
    with fake.client(strict=True, transport=_recording(fake, seen)) as am:
        sku = _catalogue(am)
        _stock_and_listings(am, fake, sku)
        _orders(am, fake, sku)
        _extras(am, fake)
    return fake, seen


# --- OpenAPI 3.0 schemas as JSON Schema ------------------------------------------------------

_DROPPED = frozenset(
    {
        "example",
        "examples",
        "readOnly",
        "writeOnly",
        "nullable",
        "discriminator",
        "xml",
        "externalDocs",
        "deprecated",
        "title",
        "description",
    }
)


def json_schema(spec: dict[str, Any], node: Any, refs: tuple[str, ...] = ()) -> Any:
    """An OpenAPI 3.0 schema as JSON Schema Draft 4: ``$ref`` inlined (a cycle becomes
    ``{}``), ``nullable: true`` admits ``null``, annotations and ``x-`` keys dropped."""
    if not isinstance(node, dict):
        return node
    ref = node.get("$ref")
    if isinstance(ref, str):
        return {} if ref in refs else json_schema(spec, _resolve(spec, ref), (*refs, ref))
    out: Schema = {}
    for key, value in node.items():
        if key in _DROPPED or key.startswith("x-"):
            continue
        if key == "properties":
            out[key] = {name: json_schema(spec, sub, refs) for name, sub in value.items()}
        elif key in ("items", "additionalProperties", "not"):
            out[key] = json_schema(spec, value, refs)
        elif key in ("allOf", "anyOf", "oneOf"):
            out[key] = [json_schema(spec, sub, refs) for sub in value]
        else:
            out[key] = copy.deepcopy(value)
    for bound in ("Maximum", "Minimum"):
        if f"exclusive{bound}" in out and bound.lower() not in out:
            del out[f"exclusive{bound}"]  # a no-op without its bound (Draft 4 forbids it)
    if node.get("nullable") is True:
        return {"anyOf": [{"type": "null"}, out]}
    return out


# --- checking one route's answers ------------------------------------------------------------


def _documented(spec: dict[str, Any], route: Route[Any], status: int) -> list[dict[str, Any]]:
    """The ``content`` (media type -> media object) the export documents for the route's
    answer with ``status``, once per export path that documents it (``{}``: no body)."""
    out: list[dict[str, Any]] = []
    for path in SPEC_PATHS.get(route.key, [route.path]):
        op = spec["paths"].get(path, {}).get(route.method.lower())
        answers = {} if op is None else {str(k): v for k, v in op["responses"].items()}
        answer = answers.get(str(status))
        if answer is None:
            continue
        if "$ref" in answer:
            answer = _resolve(spec, answer["$ref"])
        out.append(dict(answer.get("content") or {}))
    return out


def _documented_statuses(spec: dict[str, Any], route: Route[Any]) -> list[str]:
    return sorted(
        {str(status) for op in _spec_ops(spec, route) for status in op.get("responses", {})}
    )


def _media_type(response: httpx.Response) -> str:
    return str(response.headers.get("Content-Type", "")).split(";")[0].strip().lower()


def _where(error: Any) -> str:
    return re.sub(r"/\d+(?=/|$)", "/[]", "/" + "/".join(str(p) for p in error.absolute_path))


def _short(value: object, limit: int = 160) -> str:
    text = str(value)
    return text if len(text) <= limit else text[: limit // 2] + " ... " + text[-limit // 2 :]


class Checker:
    """Validates recorded answers against the export, with a given list of errata."""

    def __init__(
        self, spec: dict[str, Any], errata: list[SchemaErratum], *, check_schemas: bool = True
    ) -> None:
        self.spec = spec
        self.errata = errata
        self.check_schemas = check_schemas
        self._schemas: dict[tuple[str, int], list[Schema]] = {}

    def _errata_of(self, key: str) -> list[SchemaErratum]:
        return [e for e in self.errata if e.route == key]

    def _json_schemas(
        self, route: Route[Any], contents: list[dict[str, Any]], status: int
    ) -> list[Schema]:
        cached = self._schemas.get((route.key, status))
        if cached is not None:
            return cached
        schemas: list[Schema] = []
        for content in contents:
            media = content.get("application/json") or {}
            if "schema" not in media:
                continue
            schema: Schema = json_schema(self.spec, media["schema"])
            for erratum in self._errata_of(route.key):
                if erratum.patch is not None:
                    erratum.patch(schema)
            if self.check_schemas:
                Draft4Validator.check_schema(schema)  # the export's schema, once converted
            schemas.append(schema)
        self._schemas[(route.key, status)] = schemas
        return schemas

    def violations(self, route: Route[Any], exchanges: list[Exchange]) -> list[str]:
        """Every problem of the route's answers, deduplicated (array indices as ``[]``)."""
        out: list[str] = []
        for exchange in exchanges:
            out.extend(self._check(route, exchange))
        return list(dict.fromkeys(out))

    def _check(self, route: Route[Any], exchange: Exchange) -> list[str]:
        response = exchange.response
        status = response.status_code
        if not response.is_success:
            return [f"{status}: the scenario got an error: {_short(response.text)}"]
        problems: list[str] = []
        try:
            route.decoder(response, STRICT_CONVERTER)
        except ResponseDecodeError as exc:
            problems.append(f"{status}: strict decoding failed: {_short(exc)} {exc.errors}")
        if not _spec_ops(self.spec, route):
            if route.key not in SDK_ROUTES:
                problems.append("no operation in the export and not an [sdk] route (SDK_ROUTES)")
            return problems  # an [sdk] route: only the strict decoding applies
        return problems + self._check_against_spec(route, response)

    def _check_against_spec(self, route: Route[Any], response: httpx.Response) -> list[str]:
        status = response.status_code
        documented_status = status
        for erratum in self._errata_of(route.key):
            if erratum.status == status and erratum.documented_as is not None:
                documented_status = erratum.documented_as
        contents = _documented(self.spec, route, documented_status)
        if not contents:
            known = _documented_statuses(self.spec, route)
            return [f"{status}: status not documented (the export has {known})"]
        body = response.content
        if not body.strip():
            if status == 204 or any(not c for c in contents):
                return []  # no body, as documented (a 204 never has one, RFC 9110)
            return [f"{status}: empty body where the export documents {sorted(contents[0])}"]
        media = _media_type(response)
        if media != "application/json":
            accepted = {m for c in contents for m in c} | {
                e.media_type for e in self._errata_of(route.key) if e.media_type
            }
            if media in accepted:
                return []
            return [f"{status}: {media} body where the export documents {sorted(accepted)}"]
        schemas = self._json_schemas(route, contents, documented_status)
        if not schemas:
            return [
                f"{status}: JSON body where the export documents {sorted(contents[0]) or 'none'}"
            ]
        data = loads(body)
        errors = [list(Draft4Validator(schema).iter_errors(data)) for schema in schemas]
        if any(not e for e in errors):
            return []  # valid against one of the export's descriptions of the route
        return [
            f"{status} {_where(error)}: {_short(error.message)} [{error.validator}]"
            for error in sorted(errors[0], key=lambda e: (_where(e), str(e.message)))
        ]


# --- known deviations of the fake ------------------------------------------------------------


@attrs.frozen
class FakeDeviation:
    """Where ``FakeAnymarket`` answers differently from what the export documents (and no
    other source documents the fake's reading): the violations it explains (``pattern``, a
    regex) and the fix. Tracked here until the fake is fixed; a deviation that no longer
    occurs fails the test, so the list cannot go stale."""

    routes: tuple[str, ...]
    pattern: str
    fix: str

    def explains(self, violation: str) -> bool:
        return re.search(self.pattern, violation) is not None


FAKE_DEVIATIONS: list[FakeDeviation] = []
"""None left: every answer of the fake conforms to the export (or to its errata)."""


# --- tests -----------------------------------------------------------------------------------


@attrs.frozen
class Recording:
    fake: FakeAnymarket
    exchanges: list[Exchange]

    def of(self, fake_route: tuple[str, str]) -> list[Exchange]:
        base = httpx.URL(self.fake.base_url).path
        return [e for e in self.exchanges if _fake_route_of(e.request, base) == fake_route]


@pytest.fixture(scope="module")
def recording() -> Recording:
    fake, exchanges = run_scenario()
    return Recording(fake, exchanges)


@pytest.fixture(scope="module")
def spec() -> dict[str, Any]:
    """The export, parsed with libyaml when available (8x faster than ``_load_spec``)."""
    yaml = pytest.importorskip("yaml")
    if not yaml.__with_libyaml__:
        return _load_spec()
    data: dict[str, Any] = yaml.load(SPEC_FILE.read_text(encoding="utf-8"), yaml.CSafeLoader)
    return data


def test_the_scenario_exercises_every_route_the_fake_serves(recording: Recording) -> None:
    base = httpx.URL(recording.fake.base_url).path
    exercised = {_fake_route_of(e.request, base) for e in recording.exchanges}
    assert [_route_key(r) for r in _FAKE_ROUTES if r not in exercised] == []
    assert set(exercised) == set(_FAKE_ROUTES)
    assert [_route_key(r) for r in _FAKE_ROUTES if _route_key(r) not in _SDK_ROUTES] == []
    failed = [str(e) for e in recording.exchanges if not e.response.is_success]
    assert failed == []


@pytest.mark.parametrize("fake_route", _FAKE_ROUTES, ids=_route_key)
def test_answers_conform_to_the_export(
    fake_route: tuple[str, str], recording: Recording, spec: dict[str, Any]
) -> None:
    key = _route_key(fake_route)
    exchanges = recording.of(fake_route)
    assert exchanges, f"{key} is not exercised by the scenario"
    problems = Checker(spec, SCHEMA_ERRATA).violations(_SDK_ROUTES[key], exchanges)
    known = [d for d in FAKE_DEVIATIONS if key in d.routes]
    unexplained = [p for p in problems if not any(d.explains(p) for d in known)]
    assert unexplained == [], f"{key}: {len(unexplained)} violation(s):\n" + "\n".join(unexplained)
    fixed = [d.pattern for d in known if not any(d.explains(p) for p in problems)]
    assert fixed == [], f"{key}: fixed in the fake, remove from FAKE_DEVIATIONS: {fixed}"
    if known:
        pytest.xfail(f"known deviation of the fake: {'; '.join(d.fix for d in known)}")


def test_every_schema_erratum_is_still_needed(recording: Recording, spec: dict[str, Any]) -> None:
    fake_routes = {_route_key(r): r for r in _FAKE_ROUTES}
    for erratum in SCHEMA_ERRATA:
        assert "API_NOTES §" in erratum.reason, erratum
        assert erratum.route in fake_routes, f"{erratum.route}: not a route the fake serves"
        route = _SDK_ROUTES[erratum.route]
        exchanges = recording.of(fake_routes[erratum.route])
        others = [e for e in SCHEMA_ERRATA if e is not erratum]
        with_it = Checker(spec, SCHEMA_ERRATA, check_schemas=False).violations(route, exchanges)
        without = Checker(spec, others, check_schemas=False).violations(route, exchanges)
        assert set(without) - set(with_it), f"no longer needed, remove it: {erratum}"


def test_fake_deviations_name_served_routes() -> None:
    keys = {_route_key(r) for r in _FAKE_ROUTES}
    for deviation in FAKE_DEVIATIONS:
        assert set(deviation.routes) <= keys, deviation
