"""The token never leaks (logs, reprs, errors) and personal data is masked in logs."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator

import httpx
import pytest
import respx

from anymarket_sdk import (
    AnymarketError,
    APIConnectionError,
    NotFoundError,
    RateLimitError,
    ResponseDecodeError,
    ServerError,
    UnprocessableEntityError,
)
from anymarket_sdk._logging import Masked, MaskingFilter, logger, mask, setup_from_env
from anymarket_sdk.models import Brand
from tests.conftest import TOKEN, Both, ClientFactory, page

BRAND = {"id": 7, "name": "Brastemp"}


def _all_text(caplog: pytest.LogCaptureFixture) -> str:
    parts = []
    for record in caplog.records:
        parts.append(record.getMessage())
        parts.append(str(record.msg))
        parts.append(repr(record.args))
        parts.append(record.name)
    return "\n".join(parts) + caplog.text


def _exception_texts(exc: BaseException) -> list[str]:
    texts = [str(exc), repr(exc), *(str(a) for a in exc.args), *(repr(a) for a in exc.args)]
    if exc.__cause__ is not None:
        texts += [str(exc.__cause__), repr(exc.__cause__)]
    return texts


def _run_scenario(am: Both, router: respx.Router) -> list[AnymarketError]:
    router.get("brands/7").mock(
        side_effect=[
            httpx.Response(503, json={"code": "503", "message": "indisponível"}),
            httpx.ConnectError("connection refused"),
            httpx.Response(200, json=BRAND),
        ]
    )
    router.get("brands").respond(json=page([BRAND]))
    router.post("brands").respond(
        422,
        json={
            "code": "422",
            "message": "inválido",
            "fieldErrors": [{"field": "name", "message": "x"}],
        },
    )
    router.get("brands/404").respond(404, json={"code": "404", "message": "não encontrado"})
    router.get("brands/500").respond(500, text="Internal Server Error")
    router.get("brands/429").respond(429, headers={"Retry-After": "9999"})
    router.get("brands/bad").respond(200, content=b"{not json")
    router.get("brands/conn").mock(side_effect=httpx.ConnectError("refused"))

    assert am.brands.get(7).id == 7
    assert len(am.brands.list().items) == 1
    errors: list[AnymarketError] = []
    calls: list[tuple[Callable[[], object], type[AnymarketError]]] = [
        (lambda: am.brands.create(Brand(name="x")), UnprocessableEntityError),
        (lambda: am.brands.get(404), NotFoundError),
        (lambda: am.brands.get(500), ServerError),
        (lambda: am.brands.get(429), RateLimitError),
        (lambda: am.request("GET", "brands/bad"), ResponseDecodeError),
        (lambda: am.request("GET", "brands/conn"), APIConnectionError),
    ]
    for call, cls in calls:
        with pytest.raises(cls) as info:
            call()
        errors.append(info.value)
    return errors


def test_token_never_in_logs_reprs_or_errors(
    am: Both, router: respx.Router, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="anymarket_sdk")
    errors = _run_scenario(am, router)

    assert caplog.records, "the run should have logged something at DEBUG"
    assert any(r.name == "anymarket_sdk" and r.levelno == logging.INFO for r in caplog.records)
    assert any("retrying" in r.getMessage() for r in caplog.records)
    assert TOKEN not in _all_text(caplog)

    assert TOKEN not in repr(am.raw)
    assert TOKEN not in str(am.raw)
    assert TOKEN not in repr(am.raw.brands)
    assert TOKEN not in repr(am.raw._auth)
    assert am.raw.rate_limiter is None or TOKEN not in repr(am.raw.rate_limiter)
    for err in errors:
        for text in _exception_texts(err):
            assert TOKEN not in text, (type(err).__name__, text)
    # ...while the token did travel, in the header only
    assert all(c.request.headers["gumgaToken"] == TOKEN for c in router.calls)


def test_token_echoed_by_server_is_not_repeated_in_errors(
    am: Both, router: respx.Router, caplog: pytest.LogCaptureFixture
) -> None:
    # Some gateways echo request headers in error pages; the SDK must not pass them on.
    caplog.set_level(logging.DEBUG, logger="anymarket_sdk")
    router.get("brands/7").respond(
        400, text=f"Bad Request: header gumgaToken: {TOKEN} rejected by gateway"
    )
    with pytest.raises(AnymarketError) as info:
        am.brands.get(7)
    for text in _exception_texts(info.value):
        assert TOKEN not in text
    assert TOKEN not in caplog.text


def test_debug_body_logs_are_masked(
    am: Both, router: respx.Router, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="anymarket_sdk")
    router.post("customers").respond(
        json={
            "name": "Fulano",
            "document": "123.456.789-09",
            "email": "fulano.silva@example.com",
            "phone": "(11) 98765-4321",
        }
    )
    am.request("POST", "/customers", json={"cnpj": "12.345.678/0001-95", "email": "a@b.example"})
    text = caplog.text
    assert "response body:" in text
    assert "request body:" in text
    for secret in (
        "123.456.789-09",
        "fulano.silva@example.com",
        "98765-4321",
        "12.345.678/0001-95",
        "a@b.example",
    ):
        assert secret not in text, secret
    assert "************09" in text
    assert "***@***" in text
    assert "Fulano" in text  # the rest of the body is still there


def test_no_body_logs_above_debug(
    am: Both, router: respx.Router, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="anymarket_sdk")
    router.get("brands/7").respond(json={"name": "Fulano", "email": "fulano@example.com"})
    am.request("GET", "/brands/7")
    assert "body" not in caplog.text
    assert "fulano@example.com" not in caplog.text


def test_request_log_line_uses_route_template(
    make_client: ClientFactory, router: respx.Router, caplog: pytest.LogCaptureFixture
) -> None:
    am = make_client()
    caplog.set_level(logging.DEBUG, logger="anymarket_sdk")
    router.get("brands/7").respond(json=BRAND)
    am.brands.get(7)
    assert any(r.getMessage().startswith("GET /brands/{id} -> 200 in ") for r in caplog.records)


# --- mask ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "hidden"),
    [
        ("CPF 123.456.789-09 ok", "123.456.789-09"),
        ("cpf=12345678909;", "12345678909"),
        ("CNPJ 12.345.678/0001-95", "12.345.678/0001-95"),
        ("cnpj 12345678000195", "12345678000195"),
        ("novo CNPJ 12ABC34501DE35", "12ABC34501DE35"),
        ("novo CNPJ 12.ABC.345/01DE-35", "12.ABC.345/01DE-35"),
        ("mail fulano.silva+loja@empresa.com.br!", "fulano.silva+loja@empresa.com.br"),
        ("tel (11) 98765-4321", "98765-4321"),
        ("tel +55 11 98765-4321", "98765-4321"),
        ("tel 11987654321", "11987654321"),
        ("fixo (11) 3456-7890", "3456-7890"),
    ],
)
def test_mask_personal_data(text: str, hidden: str) -> None:
    masked = mask(text)
    assert hidden not in masked
    assert masked != text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("123.456.789-09", "************09"),
        ("12345678909", "*********09"),
        ("12.345.678/0001-95", "****************95"),
        ("12ABC34501DE35", "************35"),
        ("x fulano@example.com y", "x ***@*** y"),
        ("gumgaToken: xyz", "gumgaToken: ***"),
        ('{"gumgaToken": "fake-abc"}', '{"gumgaToken": "***"}'),
        ("GUMGATOKEN=fake-abc&x=1", "GUMGATOKEN=***&x=1"),
        ("gumga-token: fake-abc", "gumga-token: ***"),
    ],
)
def test_mask_exact(text: str, expected: str) -> None:
    assert mask(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "price 1234.56 stock 10",
        "id 987654 ean 7891234567895",
        "2024-01-15T10:30:45-03:00",
        "Geladeira Brastemp 375 litros",
    ],
)
def test_mask_leaves_ordinary_text(text: str) -> None:
    assert mask(text) == text


def test_masked_is_lazy_and_truncates() -> None:
    assert str(Masked(None)) == "<no body>"
    assert str(Masked(b'{"email":"a@b.example"}')) == '{"email":"***@***"}'
    long = "a" * 50
    assert str(Masked(long, limit=10)) == "a" * 10 + "... (50 chars)"
    assert str(Masked("\xff".encode("latin-1"))) == "\ufffd"


def test_masking_filter_masks_formatted_message() -> None:
    record = logging.LogRecord(
        "anymarket_sdk",
        logging.INFO,
        __file__,
        1,
        "header %s cpf %s",
        ("gumgaToken: abc", "123.456.789-09"),
        None,
    )
    assert MaskingFilter().filter(record)
    assert record.getMessage() == "header gumgaToken: *** cpf ************09"
    assert record.args is None


# --- setup_from_env --------------------------------------------------------------------------


@pytest.fixture
def restore_logger() -> Iterator[None]:
    handlers, level = list(logger.handlers), logger.level
    for h in handlers:
        if getattr(h, "_anymarket", False):
            logger.removeHandler(h)
    yield
    for h in list(logger.handlers):
        if h not in handlers:
            logger.removeHandler(h)
            h.close()
    for h in handlers:
        if h not in logger.handlers:
            logger.addHandler(h)
    logger.setLevel(level)


def _ours() -> list[logging.Handler]:
    return [h for h in logger.handlers if getattr(h, "_anymarket", False)]


@pytest.mark.usefixtures("restore_logger")
def test_setup_from_env_adds_one_handler() -> None:
    setup_from_env({"ANYMARKET_LOG": "debug"})
    setup_from_env({"ANYMARKET_LOG": "debug"})
    ours = _ours()
    assert len(ours) == 1
    assert logger.level == logging.DEBUG
    assert any(isinstance(f, MaskingFilter) for f in ours[0].filters)


@pytest.mark.usefixtures("restore_logger")
def test_setup_from_env_info_level() -> None:
    setup_from_env({"ANYMARKET_LOG": " INFO "})
    assert len(_ours()) == 1
    assert logger.level == logging.INFO


@pytest.mark.usefixtures("restore_logger")
@pytest.mark.parametrize("environ", [{}, {"ANYMARKET_LOG": ""}, {"ANYMARKET_LOG": "verbose"}])
def test_setup_from_env_silent_by_default(environ: dict[str, str]) -> None:
    setup_from_env(environ)
    assert _ours() == []


@pytest.mark.usefixtures("restore_logger")
def test_console_handler_masks(capsys: pytest.CaptureFixture[str]) -> None:
    setup_from_env({"ANYMARKET_LOG": "debug"})
    logger.info("sent with gumgaToken: %s for %s", "fake-secret-1", "fulano@example.com")
    err = capsys.readouterr().err
    assert "fake-secret-1" not in err
    assert "fulano@example.com" not in err
    assert "gumgaToken: ***" in err
