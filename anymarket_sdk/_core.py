"""Endpoints as data: a ``Route`` describes one ANYMARKET route once; an ``Operation`` is
one call of it. Building an operation and decoding its response are pure functions, shared
by the sync and the async client (which differ only in how they send).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from types import GenericAlias
from typing import Any, Final, Generic, TypeVar, cast
from urllib.parse import quote

import attrs
import cattrs
import httpx

from . import _converter as cv
from ._jsonutil import as_array, as_object
from ._logging import mask
from .errors import RequestValidationError, ResponseDecodeError

T = TypeVar("T")
M = TypeVar("M")

_IDEMPOTENT_METHODS: Final = frozenset({"GET", "HEAD", "PUT", "DELETE", "OPTIONS"})

JSON: Final = "application/json"
MERGE_PATCH: Final = "application/merge-patch+json"
JSON_PATCH: Final = "application/json-patch+json"


# --- decoders -----------------------------------------------------------------------------


class Decoder(Generic[T]):
    """Turns a successful response into ``T``. ``model`` names the type for docs and tests."""

    model: Any = None
    empty_ok: bool = False

    def from_json(self, data: Any, conv: cattrs.Converter, request: httpx.Request | None) -> T:
        raise NotImplementedError

    def __call__(self, response: httpx.Response, conv: cattrs.Converter) -> T:
        content = response.content
        if not content.strip():
            if self.empty_ok:
                return self.from_json(None, conv, response.request)
            raise ResponseDecodeError(
                f"empty body from {response.request.method} {response.request.url.path}",
                body=None,
                errors=["expected a JSON body @ $"],
            )
        try:
            data = cv.loads(content)
        except ValueError as exc:
            raise ResponseDecodeError(
                f"invalid JSON from {response.request.method} {response.request.url.path}",
                body=response.text[:2000],
                errors=[f"{exc} @ $"],
            ) from exc
        return decode_json(self, data, conv, response.request)


def decode_json(
    decoder: Decoder[T], data: Any, conv: cattrs.Converter, request: httpx.Request | None = None
) -> T:
    """Structure parsed JSON with ``decoder``; structural problems become ResponseDecodeError.

    The error keeps the JSON paths but not the underlying exception (``from None``): cattrs'
    and our hooks' messages quote the offending values, which can be personal data, and an
    application's ``logger.exception`` would print the chain. The raw body stays in ``.body``.
    """
    name = getattr(decoder.model, "__name__", str(decoder.model))
    try:
        return decoder.from_json(data, conv, request)
    except cattrs.BaseValidationError as exc:
        errors = cattrs.transform_error(exc)
    except (TypeError, ValueError, KeyError, RecursionError, cattrs.errors.CattrsError) as exc:
        errors = [f"{mask(str(exc)) or type(exc).__name__} @ $"]
    raise ResponseDecodeError(f"response does not match {name}", body=data, errors=errors)


class ModelDecoder(Decoder[M]):
    def __init__(self, model: type[M]) -> None:
        self.model = self._model = model

    def from_json(self, data: Any, conv: cattrs.Converter, request: httpx.Request | None) -> M:
        return conv.structure(data, self._model)


class OneOrFirstDecoder(Decoder[M | None]):
    """An object, or the first element of an array (the API docs show a one-element array
    for some single-resource GETs); an empty body or array gives ``None``."""

    empty_ok = True

    def __init__(self, model: type[M]) -> None:
        self.model = self._model = model

    def from_json(
        self, data: Any, conv: cattrs.Converter, request: httpx.Request | None
    ) -> M | None:
        if data is None:
            return None
        if (items := as_array(data)) is not None:
            return conv.structure(items[0], self._model) if items else None
        return conv.structure(data, self._model)


class ListDecoder(Decoder[list[M]]):
    """A bare JSON array (ANYMARKET returns several sub-collections unpaged)."""

    def __init__(self, model: type[M]) -> None:
        self.model = model
        self._t: Any = GenericAlias(list, (model,))

    def from_json(
        self, data: Any, conv: cattrs.Converter, request: httpx.Request | None
    ) -> list[M]:
        if not isinstance(data, list):
            raise TypeError(f"expected a JSON array, got {type(data).__name__}")
        return conv.structure(data, self._t)


class NoContent(Decoder[None]):
    """204 or an ignorable body."""

    empty_ok = True

    def from_json(self, data: Any, conv: cattrs.Converter, request: httpx.Request | None) -> None:
        return None

    def __call__(self, response: httpx.Response, conv: cattrs.Converter) -> None:
        return None


class RawJson(Decoder[Any]):
    """Plain parsed JSON (for escape hatches)."""

    empty_ok = True

    def from_json(self, data: Any, conv: cattrs.Converter, request: httpx.Request | None) -> Any:
        return data


class RawBytes(Decoder[bytes]):
    """The body as bytes (PDF/ZPL labels, XML documents)."""

    empty_ok = True
    model = bytes

    def from_json(self, data: Any, conv: cattrs.Converter, request: httpx.Request | None) -> bytes:
        raise TypeError("RawBytes decodes responses, not JSON")

    def __call__(self, response: httpx.Response, conv: cattrs.Converter) -> bytes:
        return response.content


# --- routes and operations ----------------------------------------------------------------

ParamValue = str | int | bool | Decimal | datetime | date | Enum | None
Params = tuple[tuple[str, str], ...]

ROUTES: list[Route[Any]] = []
"""Every route the SDK knows, in definition order (read by docs and contract tests)."""


@attrs.frozen
class Route(Generic[T]):
    """One ANYMARKET route: ``method`` and ``path`` template (as in the API docs)."""

    method: str
    path: str
    decoder: Decoder[T] = attrs.field(eq=False)
    idempotent: bool
    content_type: str | None = JSON

    @property
    def key(self) -> str:
        return f"{self.method} {self.path}"

    def op(
        self,
        path_params: Mapping[str, object] | None = None,
        *,
        params: Mapping[str, ParamValue | Sequence[ParamValue]] | None = None,
        json: Any = None,
        content: bytes | None = None,
        content_type: str | None = None,
    ) -> Operation[T]:
        """Build one call. ``json`` is a model (or plain data) encoded with the converter."""
        path = self.path
        for name, value in (path_params or {}).items():
            path = path.replace("{" + name + "}", _path_segment(name, value))
        if "{" in path:
            raise RequestValidationError(path, "missing path parameter")
        body: bytes | None = content
        if json is not None:
            body = json_body(json)
        return Operation(
            route=self,
            path=path.lstrip("/"),
            params=encode_params(params or {}),
            body=body,
            content_type=(content_type or self.content_type) if body is not None else None,
        )


def route(
    method: str,
    path: str,
    decoder: Decoder[T],
    *,
    idempotent: bool | None = None,
    content_type: str | None = JSON,
) -> Route[T]:
    """Declare and register a route. Idempotency defaults from the method."""
    r = Route(
        method=method,
        path=path,
        decoder=decoder,
        idempotent=method in _IDEMPOTENT_METHODS if idempotent is None else idempotent,
        content_type=content_type,
    )
    ROUTES.append(r)
    return r


@attrs.frozen
class Operation(Generic[T]):
    """One concrete call: the route, the formatted relative path, query and body."""

    route: Route[T]
    path: str
    params: Params = ()
    body: bytes | None = None
    content_type: str | None = None

    @property
    def method(self) -> str:
        return self.route.method

    @property
    def label(self) -> str:
        """``"GET products/12"``: used in error messages (never contains the token)."""
        return f"{self.route.method} {self.path}"

    def with_params(self, **params: ParamValue) -> Operation[T]:
        """A copy with some query parameters replaced."""
        new = encode_params(params)
        names = {k for k, _ in new}
        return attrs.evolve(self, params=tuple(p for p in self.params if p[0] not in names) + new)

    def param(self, name: str) -> str | None:
        for k, v in self.params:
            if k == name:
                return v
        return None


def _path_segment(name: str, value: object) -> str:
    if value is None or isinstance(value, bool):
        raise RequestValidationError(name, f"invalid path value {value!r}")
    if isinstance(value, Enum):
        value = value.value
    text = str(value)
    if not text.strip():
        raise RequestValidationError(name, "must not be empty")
    if isinstance(value, int) and value < 0:
        raise RequestValidationError(name, f"must not be negative, got {value}")
    return quote(text, safe="")


def _param_text(name: str, value: ParamValue) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            raise RequestValidationError(
                name, "naive datetime: pass a timezone-aware datetime (ANYMARKET needs the offset)"
            )
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def encode_params(params: Mapping[str, ParamValue | Sequence[ParamValue]]) -> Params:
    """Query parameters as ordered text pairs; ``None`` values are dropped."""
    out: list[tuple[str, str]] = []
    for name, value in params.items():
        if value is None:
            continue
        seq = as_array(value)
        if seq is not None:
            out.extend((name, _param_text(name, v)) for v in seq if v is not None)
        else:
            out.append((name, _param_text(name, cast("ParamValue", value))))
    return tuple(out)


def json_body(value: Any) -> bytes:
    """Encode a model or plain data as a JSON body, before any I/O.

    A naive datetime anywhere inside raises ``RequestValidationError`` naming its path; a
    Decimal that a JSON number cannot carry exactly raises it too.
    """
    try:
        data = cv.DEFAULT_CONVERTER.unstructure(value)
    except cv.NaiveDatetimeError:
        path = _find_naive_datetime(value, "body") or "body"
        raise RequestValidationError(
            path, "naive datetime: pass a timezone-aware datetime (ANYMARKET needs the offset)"
        ) from None
    try:
        return cv.dumps(data)
    except ValueError as exc:
        raise RequestValidationError("body", str(exc)) from None


def _find_naive_datetime(value: object, path: str) -> str | None:
    if isinstance(value, datetime):
        return path if value.tzinfo is None or value.utcoffset() is None else None
    cls = type(value)
    if attrs.has(cls):
        for a in attrs.fields(cls):
            found = _find_naive_datetime(getattr(value, a.name), f"{path}.{a.name}")
            if found:
                return found
    elif (mapping := as_object(value)) is not None:
        for k, v in mapping.items():
            found = _find_naive_datetime(v, f"{path}.{k}")
            if found:
                return found
    elif (items := as_array(value)) is not None:
        for i, v in enumerate(items):
            found = _find_naive_datetime(v, f"{path}[{i}]")
            if found:
                return found
    return None


def build_request(
    http: httpx.Client | httpx.AsyncClient,
    op: Operation[Any],
    *,
    base_url: str,
    headers: Mapping[str, str],
    timeout: httpx.Timeout,
) -> httpx.Request:
    """The httpx request for ``op`` (auth is added by the client's ``httpx.Auth``)."""
    h = dict(headers)
    if op.content_type:
        h["Content-Type"] = op.content_type
    return http.build_request(
        op.method,
        base_url + op.path,
        params=op.params or None,
        content=op.body,
        headers=h,
        timeout=timeout,
    )


def check_limit(limit: int, *, low: int = 5, high: int = 100) -> int:
    """ANYMARKET pages take ``limit`` in 5..100."""
    if isinstance(limit, bool) or not isinstance(limit, int) or not low <= limit <= high:
        raise RequestValidationError("limit", f"must be an integer in {low}..{high}, got {limit!r}")
    return limit


def check_offset(offset: int) -> int:
    if isinstance(offset, bool) or not isinstance(offset, int) or offset < 0:
        raise RequestValidationError("offset", f"must be a non-negative integer, got {offset!r}")
    return offset


def require_text(name: str, value: str | None, *, max_len: int | None = None) -> None:
    if value is None or not str(value).strip():
        raise RequestValidationError(name, "is required")
    if max_len is not None and len(value) > max_len:
        raise RequestValidationError(name, f"at most {max_len} characters, got {len(value)}")


def check_positive(name: str, value: Decimal | None, *, allow_zero: bool = False) -> None:
    if value is None:
        return
    if not isinstance(value, Decimal):
        raise RequestValidationError(name, f"must be a Decimal, got {type(value).__name__}")
    if not value.is_finite() or value < 0 or (value == 0 and not allow_zero):
        rule = ">= 0" if allow_zero else "> 0"
        raise RequestValidationError(name, f"must be {rule}, got {value}")
