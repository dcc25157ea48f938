"""Secrets and personal data stay where they belong.

With DEBUG logging on for the root logger and ``anymarket_sdk``, a whole cycle against
``FakeAnymarket`` (catalogue, stock push, sales with CPF/CNPJ/e-mail/phone buyers, order reads,
invoice, NF-e XML upload, callback registration with a token, feed consumption, forced 404 /
422 / 5xx / decode errors) never shows the client token, the callback token or any buyer's
document (digits or formatted), e-mail or phone in a log record, in the ``repr`` of a client,
resource or model, or in ``str``/``repr`` of an exception. The offline demo
(``m2_adapter._demo.run``, when present) is run the same way.

Also: plain-http base URLs to non-loopback hosts are refused everywhere a secret is sent, and
``orders.upload_nfe_xml`` sends the XML byte for byte.
"""

from __future__ import annotations

import asyncio
import importlib
import inspect
import io
import logging
import re
import traceback
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import anymarket_sdk.models as sdk_models
from anymarket_sdk import (
    Anymarket,
    AnymarketError,
    APIStatusError,
    AsyncAnymarket,
    NotFoundError,
    ResponseDecodeError,
    ServerError,
    UnprocessableEntityError,
    check_base_url,
    is_loopback_host,
    mask,
)
from anymarket_sdk.models import (
    Brand,
    Buyer,
    Callback,
    Category,
    DefinitionPriceScope,
    DocumentType,
    InvoiceData,
    Marketplace,
    Nbm,
    Order,
    OrderItem,
    OrderProduct,
    OrderSku,
    OrderStatus,
    OrderTransmissionStatus,
    Origin,
    Product,
    ProductBrand,
    ProductCategory,
    Sku,
    StockUpdate,
)
from anymarket_sdk.testing import FakeAnymarket
from m2_adapter import m2
from tests.conftest import Both

T0 = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
TOKEN = "am-Tok3n-Distinct-5c1e9a7b"
CALLBACK_TOKEN = "cb-Secret-Token-93f1d2"

CPF = "529.982.247-25"
CPF_2 = "111.444.777-35"
CNPJ = "11.222.333/0001-81"
EMAIL = "fulano.silva+loja@example.com.br"
EMAIL_2 = "compras@empresa-exemplo.com"
EMAIL_3 = "beltrana@exemplo.net"
PHONE = "(11) 98765-4321"
PHONE_2 = "(21) 3333-4444"
PHONE_3 = "+55 31 99876-5432"
CELL = "11912345678"


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


SECRETS: dict[str, str] = {
    "client token": TOKEN,
    "callback token": CALLBACK_TOKEN,
    "CPF": CPF,
    "CPF digits": _digits(CPF),
    "CPF 2": CPF_2,
    "CPF 2 digits": _digits(CPF_2),
    "CNPJ": CNPJ,
    "CNPJ digits": _digits(CNPJ),
    "e-mail": EMAIL,
    "e-mail 2": EMAIL_2,
    "e-mail 3": EMAIL_3,
    "phone": PHONE,
    "phone digits": _digits(PHONE),
    "phone 2": PHONE_2,
    "phone 2 digits": _digits(PHONE_2),
    "phone 3": PHONE_3,
    "phone 3 national digits": _digits(PHONE_3)[2:],
    "cell phone": CELL,
}


def leaked(text: str, secrets: dict[str, str] = SECRETS) -> list[str]:
    return [name for name, value in secrets.items() if value and value in text]


def log_text(caplog: pytest.LogCaptureFixture) -> str:
    parts = [caplog.text]
    for r in caplog.records:
        parts += [r.getMessage(), str(r.msg), repr(r.args), r.exc_text or ""]
    return "\n".join(parts)


def exception_texts(exc: BaseException) -> list[str]:
    return [str(exc), repr(exc), *(str(a) for a in exc.args), *(repr(a) for a in exc.args)]


# --- the cycle -----------------------------------------------------------------------------

_OVERRIDES: dict[tuple[str, str], httpx.Response] = {
    # a gateway echoing the buyer's data (and the token) back in a 422
    ("POST", "/v2/orders"): httpx.Response(
        422,
        json={
            "code": "422",
            "message": f"Documento {CPF} de {EMAIL} ({PHONE}) inválido; gumgaToken: {TOKEN}",
            "fieldErrors": [
                {"field": "buyer.document", "message": f"{_digits(CPF)} já cadastrado"},
                {"field": "buyer.email", "message": f"{EMAIL} inválido"},
            ],
        },
    ),
    # a 2xx body whose shape is wrong, with personal data in the wrong places
    ("GET", "/v2/orders/424242"): httpx.Response(
        200,
        json={
            "id": 424242,
            "total": CPF,
            "createdAt": EMAIL,
            "buyer": {"id": PHONE, "document": CNPJ, "email": EMAIL, "phone": PHONE},
        },
    ),
    # a plain-text 500 repeating the request headers
    ("GET", "/v2/orders/500500"): httpx.Response(
        500, text=f"Internal error; headers: gumgaToken={TOKEN}; buyer={CPF}"
    ),
}


class Scripted:
    """FakeAnymarket's transports (which carry non-JSON bodies around its dispatcher) with a
    few crafted answers (see ``_OVERRIDES``)."""

    def __init__(self, fake: FakeAnymarket) -> None:
        self.fake = fake
        self.armed: set[tuple[str, str]] = set()

    def _override(self, request: httpx.Request) -> httpx.Response | None:
        key = (request.method, request.url.path)
        if key not in _OVERRIDES or (key[0] != "GET" and key not in self.armed):
            return None
        self.armed.discard(key)
        crafted = _OVERRIDES[key]  # a fresh response each time (streams are single-use)
        return httpx.Response(crafted.status_code, content=crafted.content, headers=crafted.headers)

    def handler(self, request: httpx.Request) -> httpx.Response:
        answer = self._override(request) or self.fake.transport.handler(request)
        assert isinstance(answer, httpx.Response)
        return answer

    async def async_handler(self, request: httpx.Request) -> httpx.Response:
        handle: Any = self.fake.async_transport.handler
        answer = self._override(request) or await handle(request)
        assert isinstance(answer, httpx.Response)
        return answer


@pytest.fixture
def fake() -> FakeAnymarket:
    fake = FakeAnymarket(token=TOKEN)
    fake.set_clock(lambda: T0)
    return fake


@pytest.fixture
def scripted(fake: FakeAnymarket) -> Scripted:
    return Scripted(fake)


@pytest.fixture
def api(mode: str, fake: FakeAnymarket, scripted: Scripted) -> Iterator[Both]:
    runner = asyncio.Runner() if mode == "async" else None
    client: Any
    if runner is not None:
        client = fake.async_client(transport=httpx.MockTransport(scripted.async_handler))
    else:
        client = fake.client(transport=httpx.MockTransport(scripted.handler))
    yield Both(client, runner)
    if runner is not None:
        runner.run(client.aclose())
        runner.close()
    else:
        client.close()


def _product(category_id: int, brand_id: int) -> Product:
    return Product(
        title="Jogo de Panelas",
        description="Panelas antiaderentes, 5 peças.",
        category=ProductCategory(id=category_id),
        brand=ProductBrand(id=brand_id),
        nbm=Nbm(id="76151000"),
        origin=Origin(id=0),
        warranty_time=12,
        definition_price_scope=DefinitionPriceScope.SKU,
        skus=[
            Sku(
                title="Panelas Grafite",
                partner_id="PAN-G",
                price=Decimal("399.90"),
                amount=Decimal(9),
            ),
            Sku(
                title="Panelas Vermelho",
                partner_id="PAN-V",
                price=Decimal("399.90"),
                amount=Decimal(9),
            ),
        ],
    )


def _order() -> Order:
    return Order(
        marketplace=Marketplace.ECOMMERCE,
        marketplace_id="LOJA-1",
        marketplace_number="LOJA-1",
        marketplace_status="NEW",
        status=OrderStatus.PENDING,
        transmission_status=OrderTransmissionStatus.WAITING,
        total=Decimal("399.90"),
        created_at=T0,
        buyer=Buyer(
            name="Fulano da Silva",
            document=CPF,
            document_type=DocumentType.CPF,
            email=EMAIL,
            phone=PHONE,
            cell_phone=CELL,
        ),
        items=[
            OrderItem(
                sku=OrderSku(title="Panelas Grafite", partner_id="PAN-G"),
                product=OrderProduct(title="Jogo de Panelas"),
                amount=Decimal(1),
                unit=Decimal("399.90"),
                gross=Decimal("399.90"),
                total=Decimal("399.90"),
            )
        ],
    )


XML = (
    b'\xef\xbb\xbf<?xml version="1.0" encoding="UTF-8"?>\r\n'
    b"<nfeProc><NFe><infNFe><dest><CPF>" + _digits(CPF).encode() + b"</CPF>\r\n"
    b"<xNome>Jos\xc3\xa9 Concei\xc3\xa7\xc3\xa3o</xNome><email>" + EMAIL.encode() + b"</email>"
    b"</dest></infNFe></NFe></nfeProc>\r\n"
)


def run_cycle(api: Both, fake: FakeAnymarket, scripted: Scripted) -> tuple[list[Any], list[Any]]:
    """The cycle; returns (objects to repr-check, exceptions raised)."""
    shown: list[Any] = [api.raw, api.raw.orders, api.raw.callbacks, api.raw.order_feed, fake]
    errors: list[BaseException] = []

    brand = api.brands.create(Brand(name="Tramontina", partner_id="MARCA-T"))
    category = api.categories.create(Category(name="Cozinha", partner_id="CAT-COZ"))
    shown.append(api.products.create(_product(category.id, brand.id)))
    shown.append(api.stocks.update([StockUpdate(partner_id="PAN-G", quantity=Decimal(12))]))

    mine = api.orders.create(_order())
    cnpj_sale = fake.create_sale(
        items=[("PAN-V", 1, "399.90")],
        buyer={
            "name": "Empresa Exemplo Ltda",
            "document": _digits(CNPJ),
            "documentType": "CNPJ",
            "email": EMAIL_2,
            "phone": PHONE_2,
        },
    )
    cpf_sale = fake.create_sale(
        "AMAZON",
        [("PAN-G", 1, "399.90")],
        status="PAID_WAITING_SHIP",
        buyer={
            "name": "Beltrana",
            "document": CPF_2,
            "documentType": "CPF",
            "email": EMAIL_3,
            "phone": PHONE_3,
        },
    )
    shown += [mine, api.orders.get(cnpj_sale["id"]), api.orders.get(cpf_sale["id"])]
    shown += api.orders.list().items
    shown += api.orders.iter(limit=5)
    assert mine.id is not None

    api.orders.mark_paid(mine.id)
    shown.append(
        api.orders.invoice(mine.id, InvoiceData(access_key=fake.make_access_key(1), date=T0))
    )
    api.orders.upload_nfe_xml(mine.id, XML)
    assert fake.nfe_xml(mine.id) == XML

    registered = api.callbacks.create(
        Callback(
            url="https://erp.example.com.br/anymarket", token=CALLBACK_TOKEN, order_active=True
        )
    )
    assert registered.id is not None
    shown += [registered, api.callbacks.get(registered.id), *api.callbacks.iter()]

    def handle(item: Any) -> None:
        if item.id == cpf_sale["id"]:
            raise ValueError(f"M2 refused buyer {CPF_2} <{EMAIL_3}> {PHONE_3}")

    report = api.order_feed.consume(handle, max_items=20)
    shown.append(report)

    forced: list[tuple[Callable[[], object], type[AnymarketError]]] = [
        (lambda: api.orders.get(999_999), NotFoundError),
        (lambda: api.orders.create(_order()), UnprocessableEntityError),
        (lambda: api.orders.get(424_242), ResponseDecodeError),
        (lambda: api.orders.get(500_500), ServerError),
    ]
    scripted.armed.add(("POST", "/v2/orders"))
    for call, cls in forced:
        with pytest.raises(cls) as info:
            call()
        errors.append(info.value)
    fake.fail_next(kind="truncated_json", route="GET /orders/{id}")
    with pytest.raises(ResponseDecodeError) as truncated:
        api.orders.get(cnpj_sale["id"])
    errors.append(truncated.value)
    fake.fail_next(status=503, route="GET /orders/{id}")
    with pytest.raises(APIStatusError) as unavailable:
        api.orders.get(cnpj_sale["id"])
    errors.append(unavailable.value)
    return shown, errors


def test_cycle_never_shows_secrets(
    api: Both, fake: FakeAnymarket, scripted: Scripted, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="anymarket_sdk")
    shown, errors = run_cycle(api, fake, scripted)

    records = [r for r in caplog.records if r.name.startswith("anymarket_sdk")]
    assert any("request body" in r.getMessage() for r in records), "DEBUG bodies were logged"
    assert leaked(log_text(caplog)) == []
    for obj in shown:
        assert leaked(repr(obj)) == [], type(obj).__name__
    assert len(errors) == 6
    for exc in errors:
        for text in exception_texts(exc):
            assert leaked(text) == [], (type(exc).__name__, text)
    # ...while the data did travel: the buyer's document reached the fake
    assert any(o["buyer"].get("document") == CPF for o in fake.orders())


def test_cycle_log_records_are_already_masked(
    api: Both, fake: FakeAnymarket, scripted: Scripted, caplog: pytest.LogCaptureFixture
) -> None:
    """Nothing ``mask`` would still hide is left in what the SDK logs."""
    caplog.set_level(logging.DEBUG, logger="anymarket_sdk")
    run_cycle(api, fake, scripted)
    for r in caplog.records:
        if r.name.startswith("anymarket_sdk"):
            message = r.getMessage()
            assert mask(message) == message


def test_decode_error_traceback_hides_personal_data(
    api: Both, fake: FakeAnymarket, scripted: Scripted
) -> None:
    with pytest.raises(ResponseDecodeError) as info:
        api.orders.get(424_242)
    assert leaked("".join(traceback.format_exception(info.value))) == []


def test_token_echoed_as_free_text_is_not_logged(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="anymarket_sdk")

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(401, json={"message": f"credencial {TOKEN} expirada"})

    with (
        Anymarket(
            token=TOKEN,
            base_url="https://api.example.test/v2/",
            rate_limiter=None,
            transport=httpx.MockTransport(handler),
        ) as am,
        pytest.raises(APIStatusError) as info,
    ):
        am.brands.get(1)
    assert TOKEN not in str(info.value)
    assert TOKEN not in caplog.text


# --- reprs of models holding personal data ----------------------------------------------------

_PERSONAL = re.compile(r"(document|cpf|cnpj|e_?mail|phone|fone|birth|token|access_key|tax_id)")
_REPR_OK: dict[str, str] = {
    "document_type": "the kind of document, not the number",
    "shipment_user_document_type": "the kind of document, not the number",
    "document_from_number": "a flag",
    "document_id": "the id of an exported file",
    "document_intermediator": "the marketplace's CNPJ (a company)",
    "document_payment_institution": "the payment institution's CNPJ (a company)",
    "carrier_document": "the carrier's CNPJ (a company)",
    "institution_cnpj": "the payment institution's CNPJ (a company)",
    "cnpj": "Intermediary: the marketplace's CNPJ (a company)",
    "company_state_tax_id": "the seller's IE",
    "access_key": "the NF-e key: the seller's CNPJ and invoice numbers",
    "invoice_access_key": "the NF-e key: the seller's CNPJ and invoice numbers",
    "token": "feed entries: the per-entry acknowledgement token (useless without the API token)",
}
_REPR_OK_MODELS = {"Company": "the seller's own company (its CNPJ is public)"}
_REPR_BUGS: dict[tuple[str, str], str] = {}
"""Personal fields still shown in a repr (each an xfail until fixed): none left."""


def _personal_fields() -> list[Any]:
    out = []
    seen: set[tuple[str, str]] = set()
    classes = [getattr(sdk_models, n) for n in sdk_models.__all__]
    classes += [getattr(m2, n) for n in m2.__all__]
    for cls in classes:
        if not (isinstance(cls, type) and attrs.has(cls)) or cls.__name__ in _REPR_OK_MODELS:
            continue
        for a in attrs.fields(cls):
            key = (cls.__name__, a.name)
            if not _PERSONAL.search(a.name) or key in seen:
                continue
            seen.add(key)
            if a.name in _REPR_OK and key != ("Callback", "token"):
                continue
            marks = []
            if key in _REPR_BUGS:
                marks = [pytest.mark.xfail(strict=True, reason=_REPR_BUGS[key])]
            out.append(pytest.param(cls, a.name, id=f"{cls.__name__}.{a.name}", marks=marks))
    return out


@pytest.mark.parametrize(("cls", "name"), _personal_fields())
def test_personal_fields_stay_out_of_repr(cls: type[Any], name: str) -> None:
    assert attrs.fields_dict(cls)[name].repr is False


def test_order_and_sales_order_reprs_hide_the_buyer() -> None:
    order = Order(
        buyer=Buyer(name="F", document=CPF, email=EMAIL, phone=PHONE, cell_phone=CELL),
        billing_address=sdk_models.BillingAddress(shipment_user_document=_digits(CPF)),
    )
    assert leaked(repr(order)) == []
    buyer = m2.OrderBuyer(name="F", document=_digits(CPF), email=EMAIL, phone=PHONE)
    assert leaked(repr(buyer)) == []


# --- the offline demo -------------------------------------------------------------------------


def _demo_run() -> Callable[..., Any] | None:
    try:
        module = importlib.import_module("m2_adapter._demo")
    except ImportError:
        return None
    run = getattr(module, "run", None)
    return run if callable(run) else None


def test_demo_never_shows_secrets(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Runs the demo in-process with DEBUG logs; its fakes are recorded to learn the token
    and the buyers' data. (The cycle above covers the same ground if the demo is absent.)"""
    run = _demo_run()
    if run is None:
        pytest.skip("m2_adapter._demo.run is not there")
    module = importlib.import_module("m2_adapter._demo")
    fakes: list[FakeAnymarket] = []
    base = getattr(module, "FakeAnymarket", FakeAnymarket)

    class Recording(base):  # type: ignore[misc,valid-type]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            fakes.append(self)

    monkeypatch.setattr(module, "FakeAnymarket", Recording)
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="anymarket_sdk")
    out, err = io.StringIO(), io.StringIO()
    offered = {"out": out, "err": err, "workdir": tmp_path}
    params = inspect.signature(run).parameters
    try:
        run(**{k: v for k, v in offered.items() if k in params})
    except Exception as exc:  # noqa: BLE001 - the demo is others' work in progress
        pytest.skip(f"the demo failed ({type(exc).__name__}); the cycle test covers this")
    assert fakes, "the demo built no FakeAnymarket"

    secrets: dict[str, str] = {}
    for i, f in enumerate(fakes):
        secrets[f"token {i}"] = f.token
        for order in f.orders():
            buyer = order.get("buyer") or {}
            for key in ("document", "email", "phone", "cellPhone", "documentNumberNormalized"):
                value = buyer.get(key)
                if (isinstance(value, str) and len(_digits(value)) >= 8) or "@" in str(value):
                    secrets[f"order {order['id']} {key}"] = str(value)
                    if key != "email" and _digits(str(value)) != value:
                        secrets[f"order {order['id']} {key} digits"] = _digits(str(value))
    texts = [log_text(caplog), out.getvalue(), err.getvalue()]
    for text in texts:
        assert leaked(text, secrets) == []
    for r in caplog.records:
        if r.name.startswith("anymarket_sdk"):
            assert mask(r.getMessage()) == r.getMessage()


# --- mask gaps (formats seen in Brazilian data that mask() does not hide) -----------------------


@pytest.mark.parametrize("text", ["011 98765-4321", "11 9 8765-4321", "529 982 247 25"])
def test_mask_hides_other_common_formats(text: str) -> None:
    assert len(_digits(mask(text))) <= 2, mask(text)  # at most the last two digits show


# --- base URLs --------------------------------------------------------------------------------

REFUSED = [
    "http://sandbox-api.anymarket.com.br/v2/",
    "http://example.com",
    "HTTP://EXAMPLE.COM/v2",
    "http://10.0.0.1:8080/",
    "http://192.168.0.10/",
    "http://[2001:db8::1]/",
    "http://localhost.example.com/",
    "http://127.0.0.1.nip.io/",
    "http://0.0.0.0/",
]
ACCEPTED = ["http://localhost:8080/", "http://127.0.0.1/", "http://[::1]:9000/", "https://x.io"]


def _clients() -> list[Callable[[str], object]]:
    return [
        check_base_url,
        lambda url: Anymarket(token=TOKEN, base_url=url, rate_limiter=None),
        lambda url: AsyncAnymarket(token=TOKEN, base_url=url, rate_limiter=None),
        lambda url: m2.ExtracaoClient(token=TOKEN, base_url=url),
        lambda url: m2.AsyncExtracaoClient(token=TOKEN, base_url=url),
        lambda url: FakeAnymarket(token=TOKEN, base_url=url),
    ]


@pytest.mark.parametrize("url", REFUSED)
@pytest.mark.parametrize(
    "make", _clients(), ids=["check", "sync", "async", "m2", "m2async", "fake"]
)
def test_plain_http_to_other_hosts_is_refused(url: str, make: Callable[[str], object]) -> None:
    with pytest.raises(ValueError, match="http") as info:
        make(url)
    assert TOKEN not in str(info.value)


@pytest.mark.parametrize("url", ACCEPTED)
def test_https_and_loopback_http_are_accepted(url: str) -> None:
    assert check_base_url(url).endswith("/")
    Anymarket(token=TOKEN, base_url=url, rate_limiter=None).close()


@settings(max_examples=60, deadline=None)
@given(
    host=st.one_of(
        st.from_regex(r"[a-z0-9]([a-z0-9-]{0,10}[a-z0-9])?(\.[a-z]{2,6}){0,2}", fullmatch=True),
        st.ip_addresses(v=4).map(str),
        st.ip_addresses(v=6).map(lambda a: f"[{a}]"),
    ),
    port=st.one_of(st.none(), st.integers(min_value=1, max_value=65535)),
)
def test_http_is_accepted_only_for_loopback(host: str, port: int | None) -> None:
    url = f"http://{host}{'' if port is None else f':{port}'}/v2/"
    try:
        check_base_url(url)
    except ValueError:
        accepted = False
    else:
        accepted = True
    assert accepted is is_loopback_host(httpx.URL(url).host)


# --- NF-e XML byte for byte ---------------------------------------------------------------------

XML_VARIANTS = {
    "utf8-bom-crlf": XML,
    "latin1": (
        b'<?xml version="1.0" encoding="ISO-8859-1"?>\r\n<nfeProc><xNome>Jos\xe9 '
        b"Concei\xe7\xe3o &amp; Filhos</xNome></nfeProc>"
    ),
    "leading-space-lf": b"  \n\t<nfeProc>\x00\x7f\xc3\xa7 \\u00e7 </nfeProc>\n\n",
}


@pytest.mark.parametrize("xml", list(XML_VARIANTS.values()), ids=list(XML_VARIANTS))
@pytest.mark.parametrize("use_async", [False, True], ids=["sync", "async"])
def test_nfe_xml_is_sent_byte_for_byte(xml: bytes, use_async: bool) -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(204)

    async def async_handler(request: httpx.Request) -> httpx.Response:
        return handler(request)

    base = "https://api.example.test/v2/"
    if use_async:

        async def go() -> None:
            async with AsyncAnymarket(
                token=TOKEN,
                base_url=base,
                rate_limiter=None,
                transport=httpx.MockTransport(async_handler),
            ) as am:
                await am.orders.upload_nfe_xml(77, xml)

        asyncio.run(go())
    else:
        with Anymarket(
            token=TOKEN, base_url=base, rate_limiter=None, transport=httpx.MockTransport(handler)
        ) as am:
            am.orders.upload_nfe_xml(77, xml)
    (request,) = seen
    assert request.method == "PUT"
    assert request.url.path == "/v2/orders/77/nfe"
    assert request.content == xml
    assert request.headers["Content-Length"] == str(len(xml))
    assert request.headers["Content-Type"].startswith("application/xml")
