"""Error responses become typed exceptions carrying the server's details."""

from __future__ import annotations

import httpx
import pytest
import respx

from anymarket_sdk import (
    AnymarketError,
    APIStatusError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    RequestValidationError,
    ResponseDecodeError,
    RetryPolicy,
    ServerError,
    UnprocessableEntityError,
)
from anymarket_sdk.errors import FieldError, make_status_error
from anymarket_sdk.models import Brand
from tests.conftest import Both, ClientFactory

NO_RETRY = RetryPolicy(max_retries=0)


@pytest.fixture
def client(make_client: ClientFactory) -> Both:
    return make_client(retry_policy=NO_RETRY)


@pytest.mark.parametrize(
    ("status", "cls"),
    [
        (400, BadRequestError),
        (401, AuthenticationError),
        (403, PermissionDeniedError),
        (404, NotFoundError),
        (409, ConflictError),
        (422, UnprocessableEntityError),
        (429, RateLimitError),
        (500, ServerError),
        (502, ServerError),
        (503, ServerError),
        (504, ServerError),
    ],
)
def test_status_maps_to_class(
    client: Both, router: respx.Router, status: int, cls: type[APIStatusError]
) -> None:
    message = "Não foi possível finalizar a chamada."
    route = router.get("brands/9").respond(status, json={"code": str(status), "message": message})
    with pytest.raises(cls) as info:
        client.brands.get(9)
    err = info.value
    assert type(err) is cls
    assert isinstance(err, APIStatusError)
    assert isinstance(err, AnymarketError)
    assert err.status_code == status
    assert err.code == str(status)
    assert err.server_message == message
    assert str(err) == f"{status} GET brands/9: {message}"
    assert isinstance(err.response, httpx.Response)
    assert err.response.status_code == status
    assert route.call_count == 1


def test_expected_status_on_subclasses() -> None:
    assert NotFoundError.expected_status == 404
    assert RateLimitError.expected_status == 429
    assert ServerError.expected_status is None


def test_unmapped_4xx_is_plain_status_error(client: Both, router: respx.Router) -> None:
    router.get("brands/9").respond(418, json={"message": "teapot"})
    with pytest.raises(APIStatusError) as info:
        client.brands.get(9)
    assert type(info.value) is APIStatusError
    assert str(info.value) == "418 GET brands/9: teapot"


def test_not_found_message_format(client: Both, router: respx.Router) -> None:
    router.get("brands/9").respond(
        404, json={"code": "404", "message": "Recurso com o id '9' não encontrado."}
    )
    with pytest.raises(NotFoundError) as info:
        client.brands.get(9)
    assert str(info.value) == "404 GET brands/9: Recurso com o id '9' não encontrado."
    assert info.value.body == {"code": "404", "message": "Recurso com o id '9' não encontrado."}


def test_field_errors_details_and_body(client: Both, router: respx.Router) -> None:
    body = {
        "code": "422",
        "message": "Dados inválidos",
        "details": "Verifique os campos",
        "fieldErrors": [
            {"field": "name", "message": "obrigatório"},
            {"field": "reducedName", "message": "no máximo 30 caracteres"},
            {"message": "sem campo"},
            "not an object",
        ],
    }
    router.post("brands").respond(422, json=body)
    with pytest.raises(UnprocessableEntityError) as info:
        client.brands.create(Brand(name="x"))
    err = info.value
    assert err.code == "422"
    assert err.details == "Verifique os campos"
    assert err.field_errors == [
        FieldError("name", "obrigatório"),
        FieldError("reducedName", "no máximo 30 caracteres"),
        FieldError(None, "sem campo"),
    ]
    assert err.body == body
    assert str(err) == (
        "422 POST brands: Dados inválidos "
        "(name: obrigatório; reducedName: no máximo 30 caracteres; None: sem campo)"
    )
    assert repr(err.field_errors[0]) == "FieldError(field='name', message='obrigatório')"


def test_numeric_code_is_text(client: Both, router: respx.Router) -> None:
    router.get("brands/9").respond(400, json={"code": 400, "message": "ruim"})
    with pytest.raises(BadRequestError) as info:
        client.brands.get(9)
    assert info.value.code == "400"


def test_non_json_error_body(client: Both, router: respx.Router) -> None:
    router.get("brands/9").respond(
        502, text="<html><body>Bad Gateway</body></html>", headers={"Content-Type": "text/html"}
    )
    with pytest.raises(ServerError) as info:
        client.brands.get(9)
    err = info.value
    assert err.body == "<html><body>Bad Gateway</body></html>"
    assert err.code is None
    assert err.server_message is None
    assert err.field_errors == []
    assert str(err) == "502 GET brands/9: <html><body>Bad Gateway</body></html>"


def test_long_non_json_body_is_truncated_in_message(client: Both, router: respx.Router) -> None:
    router.get("brands/9").respond(500, text="x" * 5000)
    with pytest.raises(ServerError) as info:
        client.brands.get(9)
    assert len(str(info.value)) < 400
    assert info.value.body == "x" * 5000


def test_empty_error_body(client: Both, router: respx.Router) -> None:
    router.get("brands/9").respond(503)
    with pytest.raises(ServerError) as info:
        client.brands.get(9)
    assert str(info.value) == "503 GET brands/9"
    assert info.value.body is None


def test_legacy_401_shape(client: Both, router: respx.Router) -> None:
    router.get("brands/9").respond(401, json={"response": "NO_TOKEN", "operation": "geral"})
    with pytest.raises(AuthenticationError) as info:
        client.brands.get(9)
    assert str(info.value) == "401 GET brands/9: NO_TOKEN"
    assert info.value.body == {"response": "NO_TOKEN", "operation": "geral"}


def test_rate_limit_error_carries_retry_after(client: Both, router: respx.Router) -> None:
    router.get("brands/9").respond(429, headers={"Retry-After": "30"}, json={"message": "calma"})
    with pytest.raises(RateLimitError) as info:
        client.brands.get(9)
    assert info.value.retry_after == 30.0
    assert str(info.value) == "429 GET brands/9: calma"


def test_rate_limit_error_without_retry_after(client: Both, router: respx.Router) -> None:
    router.get("brands/9").respond(429)
    with pytest.raises(RateLimitError) as info:
        client.brands.get(9)
    assert info.value.retry_after is None


def test_invalid_json_in_success_body(client: Both, router: respx.Router) -> None:
    router.get("brands/9").respond(
        200, content=b'{"id": 9, "name": ', headers={"Content-Type": "application/json"}
    )
    with pytest.raises(ResponseDecodeError) as info:
        client.brands.get(9)
    assert "invalid JSON" in str(info.value)
    assert info.value.body == '{"id": 9, "name": '
    assert info.value.errors
    assert info.value.__cause__ is not None


@pytest.mark.parametrize("content", [b"", b"   \n"])
def test_empty_success_body_where_model_expected(
    client: Both, router: respx.Router, content: bytes
) -> None:
    router.get("brands/9").respond(200, content=content)
    with pytest.raises(ResponseDecodeError) as info:
        client.brands.get(9)
    assert "empty body" in str(info.value)


def test_empty_body_ok_where_nothing_expected(client: Both, router: respx.Router) -> None:
    router.delete("brands/9").respond(204)
    assert client.brands.delete(9) is None


def test_wrong_shape_is_decode_error(client: Both, router: respx.Router) -> None:
    router.get("brands/9").respond(json=[{"id": 9}])
    with pytest.raises(ResponseDecodeError) as info:
        client.brands.get(9)
    assert info.value.body == [{"id": 9}]


def test_missing_required_field_is_decode_error(client: Both, router: respx.Router) -> None:
    router.get("brands/9").respond(json={"id": 9})
    with pytest.raises(ResponseDecodeError) as info:
        client.brands.get(9)
    assert any("name" in e for e in info.value.errors)


def test_request_validation_error_is_a_value_error() -> None:
    err = RequestValidationError("skus[0].price", "must be > 0")
    assert isinstance(err, ValueError)
    assert isinstance(err, AnymarketError)
    assert err.field == "skus[0].price"
    assert err.reason == "must be > 0"
    assert str(err) == "skus[0].price: must be > 0"


def test_decode_error_lists_at_most_twenty_lines() -> None:
    err = ResponseDecodeError("bad", body=None, errors=[f"e{i} @ $" for i in range(25)])
    text = str(err)
    assert "e19 @ $" in text
    assert "e20 @ $" not in text
    assert "... and 5 more" in text
    assert len(err.errors) == 25


def test_make_status_error_pure() -> None:
    request = httpx.Request("GET", "https://sandbox-api.anymarket.com.br/v2/products/12")
    response = httpx.Response(409, json={"message": "duplicado"}, request=request)
    err = make_status_error(response, route="GET products/12")
    assert isinstance(err, ConflictError)
    assert str(err) == "409 GET products/12: duplicado"
    assert err.response is response
