"""Fuzzing the response decoders: whatever a 2xx body holds, decoding gives a value or raises
``ResponseDecodeError`` (with a non-empty list of error lines), nothing else.

- every route with a JSON response schema in the OpenAPI export gets values generated from
  that schema, and mutations of them, through ``decode_json`` with both converters;
- every decoder (one route per decoder class and model) gets arbitrary JSON and mutations of
  it too (this part runs without ``../shared``);
- one route per decoder class goes through the HTTP path (``Decoder.__call__``): JSON
  bytes, truncated bytes, invalid UTF-8, BOMs, UTF-16, binary, empty bodies, odd content
  types; error statuses with the same bodies raise only ``APIStatusError`` subclasses.

Known bugs have their own ``xfail(strict=True)`` tests at the end (remove the marker with the
fix); the fuzzing keeps clear of their triggers so it stays green meanwhile.
"""

from __future__ import annotations

import importlib
import json
import pkgutil
import re
import subprocess
import sys
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import anymarket_sdk.resources
from anymarket_sdk import Anymarket, APIStatusError, ResponseDecodeError
from anymarket_sdk._converter import DEFAULT_CONVERTER, STRICT_CONVERTER
from anymarket_sdk._core import ROUTES, Route, decode_json
from tests.contract.test_spec_examples import SPEC_FILE, _load_spec, _spec_ops
from tests.reliability.strategies import SchemaStrategies, json_values, mutated

for _info in pkgutil.iter_modules(anymarket_sdk.resources.__path__):
    importlib.import_module(f"anymarket_sdk.resources.{_info.name}")  # registers the routes

BASE = "https://api.example.test/v2/"
TOKEN = "reliability-fuzz-token-7f3a"
FUZZ = settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
    ],
)
_PARAM = re.compile(r"\{([^}]+)\}")


def _path_params(r: Route[Any]) -> dict[str, str]:
    return {
        name: "ECOMMERCE" if "arket" in name or name == "type" else "1"
        for name in _PARAM.findall(r.path)
    }


def _request(r: Route[Any]) -> httpx.Request:
    op = r.op(_path_params(r), params={"offset": 0, "limit": 5})
    return httpx.Request(op.method, BASE + op.path, params=op.params)


def _check_decode(r: Route[Any], data: Any) -> None:
    """Decode ``data`` with both converters: a value, or ResponseDecodeError."""
    request = _request(r)
    for conv in (DEFAULT_CONVERTER, STRICT_CONVERTER):
        try:
            result = decode_json(r.decoder, data, conv, request)
        except ResponseDecodeError as exc:
            _check_error(exc)
        else:
            repr(result)  # a decoded value can always be shown


def _check_error(exc: ResponseDecodeError) -> None:
    assert isinstance(exc.errors, list)
    assert exc.errors, "ResponseDecodeError without error lines"
    assert all(isinstance(e, str) and e for e in exc.errors), exc.errors
    assert TOKEN not in str(exc)
    repr(exc)


# --- schema-driven --------------------------------------------------------------------------


def _json_schemas(spec: dict[str, Any], r: Route[Any]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for op in _spec_ops(spec, r):
        for status, response in op.get("responses", {}).items():
            content = (response.get("content") or {}).get("application/json") or {}
            schema = content.get("schema")
            if str(status).startswith("2") and isinstance(schema, dict) and schema:
                if schema.get("nullable") is True and len(schema) == 1:
                    continue  # "204: nullable" placeholders describe no body
                out.append(schema)
    return out


_SPEC: dict[str, Any] | None = _load_spec() if SPEC_FILE.exists() else None
_STRATEGIES = SchemaStrategies(_SPEC) if _SPEC is not None else None


def _decoder_key(r: Route[Any]) -> tuple[Any, ...]:
    return (type(r.decoder), r.decoder.model)


def _schema_routes() -> list[tuple[Route[Any], list[dict[str, Any]]]]:
    """One route per (decoder class, model) that has JSON response schemas, with the schemas
    of all such routes: GET/PUT/PATCH of one resource decode alike, one of them is enough."""
    if _SPEC is None:
        return []
    seen: dict[tuple[Any, ...], tuple[Route[Any], list[dict[str, Any]]]] = {}
    for r in ROUTES:
        schemas = _json_schemas(_SPEC, r)
        if schemas:
            _, known = seen.setdefault(_decoder_key(r), (r, []))
            known += [s for s in schemas if s not in known]
    return list(seen.values())


_SCHEMA_ROUTES = _schema_routes()
needs_spec = pytest.mark.skipif(
    _SPEC is None, reason="../shared/anymarket is not present (fresh clone)"
)


_BUILT: dict[int, st.SearchStrategy[Any]] = {}


def _schema_strategy(schemas: list[dict[str, Any]]) -> st.SearchStrategy[Any]:
    """Values of any of ``schemas`` (built once per list: the lists live as long as the module)."""
    assert _STRATEGIES is not None
    if id(schemas) not in _BUILT:
        _BUILT[id(schemas)] = st.one_of([_STRATEGIES.for_schema(s) for s in schemas])
    return _BUILT[id(schemas)]


@needs_spec
def test_routes_with_json_schemas_are_found() -> None:
    models = {getattr(r.decoder.model, "__name__", "") for r, _ in _SCHEMA_ROUTES}
    assert len(_SCHEMA_ROUTES) >= 40, [r.key for r, _ in _SCHEMA_ROUTES]
    assert {"Order", "Product", "Sku", "StockItem", "Category", "SkuMarketplace"} <= models


@needs_spec
@pytest.mark.parametrize(
    ("route", "schemas"), [pytest.param(r, s, id=r.key) for r, s in _SCHEMA_ROUTES]
)
@settings(FUZZ, max_examples=8)
@given(data=st.data())
def test_schema_shaped_json_decodes_or_raises_decode_error(
    route: Route[Any], schemas: list[dict[str, Any]], data: st.DataObject
) -> None:
    base = _schema_strategy(schemas)
    value = data.draw(st.one_of(base, mutated(base)), label="body")
    _check_decode(route, value)


# --- any JSON, every route --------------------------------------------------------------------


def _one_per_decoder() -> list[Route[Any]]:
    seen: dict[tuple[Any, ...], Route[Any]] = {}
    for r in ROUTES:
        seen.setdefault(_decoder_key(r), r)
    return list(seen.values())


@pytest.mark.parametrize("route", [pytest.param(r, id=r.key) for r in _one_per_decoder()])
@settings(FUZZ, max_examples=6)
@given(value=st.one_of(json_values(), mutated(json_values())))
def test_arbitrary_json_decodes_or_raises_decode_error(route: Route[Any], value: Any) -> None:
    _check_decode(route, value)


# --- the HTTP path ----------------------------------------------------------------------------


def _families() -> list[Route[Any]]:
    """One route per decoder class (the classes differ in ``__call__`` and ``from_json``)."""
    seen: dict[type[Any], Route[Any]] = {}
    for r in ROUTES:
        seen.setdefault(type(r.decoder), r)
    return list(seen.values())


_FAMILY_SCHEMAS = {r.key: _json_schemas(_SPEC, r) for r in _families()} if _SPEC else {}


def _dumps(value: Any) -> bytes:
    def default(o: object) -> Any:
        if isinstance(o, Decimal):
            return float(o)
        raise TypeError(type(o).__name__)

    return json.dumps(value, default=default).encode("utf-8", "surrogatepass")


@st.composite
def bodies(draw: st.DrawFn, r: Route[Any]) -> bytes:
    if _STRATEGIES is not None and (schemas := _FAMILY_SCHEMAS.get(r.key, [])):
        value = draw(st.one_of(_schema_strategy(schemas), json_values()), label="value")
    else:
        value = draw(json_values(), label="value")
    raw = _dumps(value)
    how = draw(
        st.sampled_from(
            [
                "as_is",
                "truncated",
                "bad_utf8",
                "bom",
                "utf16",
                "binary",
                "blank",
                "nested",
                "xml",
            ]
        )
    )
    if how == "truncated":
        return raw[: draw(st.integers(min_value=0, max_value=max(len(raw) - 1, 0)))]
    if how == "bad_utf8":
        at = draw(st.integers(min_value=0, max_value=len(raw)))
        junk = draw(st.sampled_from([b"\xff", b"\xc3\x28", b"\xed\xa0\x80", b"\x80\x80"]))
        return raw[:at] + junk + raw[at:]
    if how == "bom":
        return b"\xef\xbb\xbf" + raw
    if how == "utf16":
        return raw.decode("utf-8", "surrogatepass").encode("utf-16", "surrogatepass")
    if how == "binary":
        return draw(st.binary(max_size=64))
    if how == "blank":
        return draw(st.sampled_from([b"", b" ", b"\r\n\t", b"null", b'""', b"[]", b"{}"]))
    if how == "nested":
        n = draw(st.integers(min_value=1, max_value=200))  # deep ones: see the xfail below
        return b"[" * n + raw + b"]" * draw(st.integers(min_value=0, max_value=n))
    if how == "xml":
        return b'<?xml version="1.0"?><nfeProc>\xc3\xa7</nfeProc>'
    return raw


CONTENT_TYPES = [
    None,
    "application/json",
    "application/json; charset=utf-8",
    "application/problem+json",
    "text/plain",
    "application/xml",
    "application/pdf",
    "text/html; charset=iso-8859-1",
]


class Reply:
    """What the mock transport answers (set by each example)."""

    response = httpx.Response(204)


def _client(reply: Reply) -> Anymarket:
    def handler(request: httpx.Request) -> httpx.Response:
        return reply.response

    return Anymarket(
        token=TOKEN,
        base_url=BASE,
        transport=httpx.MockTransport(handler),
        rate_limiter=None,
        max_retries=0,
    )


@pytest.fixture(scope="module")
def served() -> Iterator[tuple[Anymarket, Reply]]:
    reply = Reply()
    with _client(reply) as am:
        yield am, reply


def _response(status: int, body: bytes, content_type: str | None) -> httpx.Response:
    headers = {"Content-Type": content_type} if content_type else {}
    return httpx.Response(status, content=body, headers=headers)


@pytest.mark.parametrize("route", [pytest.param(r, id=r.key) for r in _families()])
@FUZZ
@given(data=st.data())
def test_http_bodies_decode_or_raise_decode_error(
    served: tuple[Anymarket, Reply], route: Route[Any], data: st.DataObject
) -> None:
    am, reply = served
    body = data.draw(bodies(route), label="body")
    content_type = data.draw(st.sampled_from(CONTENT_TYPES), label="content_type")
    status = data.draw(st.sampled_from([200, 201, 202, 204]), label="status")
    reply.response = _response(status, body, content_type)
    try:
        result = am.send(route.op(_path_params(route)))
    except ResponseDecodeError as exc:
        _check_error(exc)
    else:
        repr(result)


@pytest.mark.parametrize("route", [pytest.param(r, id=r.key) for r in _families()[:3]])
@FUZZ
@given(data=st.data())
def test_error_statuses_raise_only_status_errors(
    served: tuple[Anymarket, Reply], route: Route[Any], data: st.DataObject
) -> None:
    am, reply = served
    body = data.draw(bodies(route), label="body")
    content_type = data.draw(st.sampled_from(CONTENT_TYPES), label="content_type")
    status = data.draw(st.sampled_from([400, 401, 403, 404, 409, 422, 429, 500, 502, 503]))
    reply.response = _response(status, body, content_type)
    with pytest.raises(APIStatusError) as info:
        am.send(route.op(_path_params(route)))
    assert info.value.status_code == status
    assert TOKEN not in str(info.value)
    repr(info.value)


# --- known bugs (xfail strict: remove the marker with the fix) ---------------------------------

_DEEP = b"[" * 100_000


def _route(key: str) -> Route[Any]:
    return next(r for r in ROUTES if r.key == key)


@pytest.mark.parametrize(
    "key", ["GET /brands/{id}", "PUT /stocks", "GET /orders/{id}/nfe/type/{type}"]
)
def test_deeply_nested_body_is_a_decode_error(key: str) -> None:
    route = _route(key)
    reply = Reply()
    reply.response = _response(200, _DEEP, "application/json")
    with _client(reply) as am:
        try:
            am.send(route.op(_path_params(route)))
        except ResponseDecodeError as exc:
            _check_error(exc)


def test_deeply_nested_error_body_is_a_status_error() -> None:
    route = _route("GET /brands/{id}")
    reply = Reply()
    reply.response = _response(500, _DEEP, "application/json")
    with _client(reply) as am, pytest.raises(APIStatusError):
        am.send(route.op(_path_params(route)))


_HUGE_EXPONENT = """
import sys
from anymarket_sdk import ResponseDecodeError
from anymarket_sdk._converter import loads, structure
from anymarket_sdk.models import Brand
try:
    structure(loads(b'{"id": 1e100000000, "name": "x"}'), Brand)
except ResponseDecodeError:
    sys.exit(0)
sys.exit(1)
"""


def test_huge_exponent_in_an_integer_field_is_refused_quickly() -> None:
    done = subprocess.run(  # noqa: S603 - our own interpreter and inline code
        [sys.executable, "-c", _HUGE_EXPONENT], timeout=3, capture_output=True, check=False
    )
    assert done.returncode == 0, done.stderr.decode(errors="replace")


@pytest.mark.parametrize("value", ["NaN", "sNaN", "Infinity", float("nan"), float("-inf")])
def test_non_finite_amounts_are_refused(value: object) -> None:
    route = _route("GET /products/{productId}/skus/{skuId}")
    body = {"title": "x", "partnerId": "p", "price": value}
    for conv in (DEFAULT_CONVERTER, STRICT_CONVERTER):
        try:
            sku = decode_json(route.decoder, body, conv)
        except ResponseDecodeError:
            continue
        raise AssertionError(f"decoded a non-finite price: {sku.price!r}")
