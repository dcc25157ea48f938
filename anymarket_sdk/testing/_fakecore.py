"""Building blocks of ``FakeAnymarket``: requests, replies, the route table and JSON helpers.

Handlers in every ``_fake*`` module register with ``@route(method, path)``; the fake's
dispatcher walks the one table.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from typing import Any, Final, TypeVar

import attrs

from .._converter import dumps, loads
from .._jsonutil import as_array, as_object

__all__ = ["Call", "FakeAPIError", "FakeRequest", "Reply", "route"]

JSONObj = dict[str, Any]
Reply = tuple[int, Any]
"""What a handler returns: the HTTP status and the JSON body (``None`` for an empty body)."""

DEFAULT_TOKEN: Final = "fake-token"  # noqa: S105 - the fake's own token, not a secret
DEFAULT_BASE_URL: Final = "https://fake.anymarket.test/v2/"
MERGE_PATCH: Final = "application/merge-patch+json"
JSON_PATCH: Final = "application/json-patch+json"

ID_BASES: Final = {
    "brand": 1_000,
    "category": 2_000,
    "variation": 3_000,
    "value": 4_000,
    "product": 5_000,
    "sku": 6_000,
    "image": 7_000,
    "group": 8_000,
    "characteristic": 9_000,
}
"""Each kind of resource numbers from its own base (brands 1001, 1002, ...; products 5001,
...), so a test that passes a SKU id where a product id belongs gets a 404, not a match."""


# --- requests, replies, calls --------------------------------------------------------------


class FakeAPIError(Exception):
    """An error answer: ``{"code": "<status>", "message": message}`` with HTTP ``status``.

    Handlers raise it; the builders (``add_brand`` and friends) let it escape."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(f"{status}: {message}")
        self.status = status
        self.message = message

    @property
    def body(self) -> JSONObj:
        return {"code": str(self.status), "message": self.message}


def not_found(resource_id: object) -> FakeAPIError:
    return FakeAPIError(404, f"Recurso com o id '{resource_id}' não encontrado.")


def invalid(message: str) -> FakeAPIError:
    return FakeAPIError(422, message)


@attrs.frozen
class FakeRequest:
    """One request as a handler sees it: ``path`` relative to the base URL (``/brands/7``),
    the query (token removed), ``path_params`` from the route, the parsed JSON ``body``
    (``None`` for a non-JSON body such as XML or multipart) and the raw ``content``."""

    method: str
    path: str
    query: Mapping[str, str]
    path_params: Mapping[str, str]
    body: Any
    content_type: str
    content: bytes = b""

    def id(self, name: str = "id") -> int:
        return int(self.path_params[name])

    def object_body(self) -> JSONObj:
        body = as_object(self.body)
        if body is None:
            raise FakeAPIError(400, "Não foi possível ler o corpo da requisição: JSON inválido.")
        return body

    def require_content_type(self, expected: str) -> None:
        if self.content_type.split(";")[0].strip().lower() != expected:
            raise FakeAPIError(
                415, f"Content-Type '{self.content_type}' não suportado; use '{expected}'."
            )


@attrs.frozen
class RawBody:
    """A handler's answer that is not JSON: the bytes, their media type and a file name
    (return ``(status, RawBody(...))``)."""

    status: int
    content: bytes
    content_type: str
    filename: str | None = None


def is_json_type(content_type: str) -> bool:
    """True for a JSON media type (or none at all, which the fake reads as JSON)."""
    media = content_type.split(";", 1)[0].strip().lower()
    return not media or media == "application/json" or media.endswith("+json")


@attrs.frozen
class Call:
    """One request the fake answered, for assertions: ``path`` is relative to the base URL,
    ``query`` has the token removed, ``json`` is the parsed body (``None`` when empty or not
    JSON), ``content`` the raw bytes and ``status`` the answer's HTTP status."""

    method: str
    path: str
    query: dict[str, str]
    json: Any
    content: bytes
    status: int
    content_type: str = ""

    def __str__(self) -> str:
        return f"{self.method} {self.path} -> {self.status}"


_Handler = Callable[[Any, FakeRequest], Reply]


@attrs.frozen
class _Route:
    method: str
    pattern: re.Pattern[str]
    handler: _Handler


ROUTES: list[_Route] = []
_H = TypeVar("_H", bound=Callable[..., Reply])


def route(method: str, path: str) -> Callable[[_H], _H]:
    """Register a ``FakeAnymarket`` handler method for ``method`` and ``path`` (a regex
    relative to the base URL; ``{name}`` matches a numeric id; a trailing ``/`` is
    tolerated, as by ANYMARKET)."""
    regex = re.compile(re.sub(r"\{([A-Za-z_]\w*)\}", r"(?P<\1>\\d+)", path) + "/?")

    def register(fn: _H) -> _H:
        ROUTES.append(_Route(method.upper(), regex, fn))
        return fn

    return register


# --- small JSON helpers ----------------------------------------------------------------------


def clean(d: Mapping[str, Any]) -> JSONObj:
    """``d`` without ``None`` values (the fake sends absent fields as absent keys)."""
    return {k: v for k, v in d.items() if v is not None}


def text_field(
    body: Mapping[str, Any],
    key: str,
    *,
    required: bool = False,
    max_len: int | None = None,
    too_long: str | None = None,
) -> str | None:
    value = body.get(key)
    if value is None or (required and isinstance(value, str) and not value.strip()):
        if required:
            raise invalid(f"O campo '{key}' é obrigatório.")
        return None
    if not isinstance(value, str):
        raise invalid(f"O campo '{key}' deve ser um texto.")
    if max_len is not None and len(value) > max_len:
        raise invalid(too_long or f"O campo '{key}' deve ter no máximo {max_len} caracteres.")
    return value


def required_text(body: Mapping[str, Any], key: str, *, max_len: int | None = None) -> str:
    value = text_field(body, key, required=True, max_len=max_len)
    assert value is not None
    return value


def number_field(body: Mapping[str, Any], key: str, *, required: bool = False) -> Any:
    value = body.get(key)
    if value is None:
        if required:
            raise invalid(f"O campo '{key}' é obrigatório.")
        return None
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        raise invalid(f"O campo '{key}' deve ser numérico.")
    if value < 0:
        raise invalid(f"O campo '{key}' não pode ser negativo.")
    return value


def flag_field(body: Mapping[str, Any], key: str) -> bool | None:
    value = body.get(key)
    if value is None or isinstance(value, bool):
        return value
    raise invalid(f"O campo '{key}' deve ser verdadeiro ou falso.")


def as_id(value: Any) -> int | None:
    """An id from JSON: an integer, or a numeric string (the API is lenient, API_NOTES §6.15)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, Decimal) and value == value.to_integral_value():
        return int(value)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    return None


def ref_id(body: Mapping[str, Any], key: str, *, required: bool) -> int | None:
    """The ``id`` of a reference object such as ``"category": {"id": 7}``."""
    raw = body.get(key)
    if raw is None:
        if required:
            raise invalid(f"O campo '{key}' é obrigatório.")
        return None
    ref = as_object(raw)
    ref_id = as_id(ref.get("id")) if ref is not None else None
    if ref_id is None:
        raise invalid(f"O campo '{key}.id' é obrigatório.")
    return ref_id


def apply_merge_patch(target: Any, patch: Any) -> Any:
    """RFC 7386."""
    patch_obj = as_object(patch)
    if patch_obj is None:
        return copy.deepcopy(patch)
    result: JSONObj = dict(as_object(target) or {})
    for key, value in patch_obj.items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = apply_merge_patch(result.get(key), value)
    return result


_TOP_LEVEL_POINTER: Final = re.compile(r"/([A-Za-z][A-Za-z0-9]*)")


def apply_json_patch(doc: JSONObj, operations: Any, allowed: Iterable[str]) -> JSONObj:
    """RFC 6902 ``add``/``replace``/``remove`` on top-level members (all the fake supports).

    ``replace`` of an absent member sets it (ANYMARKET treats absent and null alike)."""
    ops = as_array(operations)
    if ops is None or not ops:
        raise FakeAPIError(400, "O corpo deve ser uma lista de operações JSON Patch.")
    names = frozenset(allowed)
    out = copy.deepcopy(doc)
    for raw in ops:
        op = as_object(raw) or {}
        kind, path = op.get("op"), op.get("path")
        if kind not in ("add", "replace", "remove"):
            raise invalid(f"Operação '{kind}' não suportada.")
        match = _TOP_LEVEL_POINTER.fullmatch(path) if isinstance(path, str) else None
        if match is None:
            raise invalid(f"Caminho '{path}' não suportado.")
        name = match.group(1)
        if name not in names:
            raise invalid(f"O campo '{name}' não existe ou não pode ser alterado.")
        if kind == "remove" or op.get("value") is None:
            out.pop(name, None)
        else:
            out[name] = copy.deepcopy(op["value"])
    return out


def json_ready(value: Any) -> Any:
    """Builder input as the wire would carry it (Decimals exact, floats parsed as Decimal)."""
    return loads(dumps(value))
