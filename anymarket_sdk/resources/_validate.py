"""Request checks shared by the catalogue resources (run before anything is sent)."""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from decimal import Decimal
from enum import Enum
from typing import Any, Final

from .. import _converter as cv
from .._core import JSON_PATCH, check_positive, json_body
from ..errors import RequestValidationError
from ..models.enums import Marketplace
from ..models.products import JsonPatchOperation

_VALUE_OPS = frozenset({"add", "replace", "test"})
_FROM_OPS = frozenset({"move", "copy"})


_CODE: Final = re.compile(r"[A-Z0-9][A-Z0-9_]*")
_ZIP_SEPARATORS: Final = re.compile(r"[\s.\-]")


def upper_code(field: str, value: object) -> str:
    """An enum-like code as the API takes it (marketplaces, statuses): upper-case letters,
    digits and ``_``. Open enums accept codes this version does not know."""
    text = value.value if isinstance(value, Enum) else value
    if not isinstance(text, str) or not _CODE.fullmatch(text):
        raise RequestValidationError(
            field, f"must be an upper-case code such as MERCADO_LIVRE, got {text!r}"
        )
    return text


def marketplace_code(field: str, marketplace: Marketplace | str) -> Marketplace:
    """A marketplace code checked by ``upper_code``, as a (possibly unknown) ``Marketplace``."""
    return Marketplace(upper_code(field, marketplace))


def normalise_zip_code(field: str, zip_code: str) -> str:
    """A CEP as ANYMARKET takes it: 8 digits. ``"01310-100"`` and ``"01.310-100"`` become
    ``"01310100"``; anything else is rejected (an int would lose leading zeros)."""
    if not isinstance(zip_code, str):
        raise RequestValidationError(
            field, f"must be a string of 8 digits, got {type(zip_code).__name__}"
        )
    digits = _ZIP_SEPARATORS.sub("", zip_code)
    if len(digits) != 8 or not digits.isascii() or not digits.isdigit():
        raise RequestValidationError(field, f"must be a CEP of 8 digits, got {zip_code!r}")
    return digits


def check_prices(field: str, price: Decimal | None, sell_price: Decimal | None) -> None:
    """Prices are positive and the selling price is not above the list price."""
    check_positive(f"{field}.price", price)
    check_positive(f"{field}.sell_price", sell_price)
    if price is not None and sell_price is not None and sell_price > price:
        raise RequestValidationError(
            f"{field}.sell_price",
            f"selling price {sell_price} is above the list price {price}",
        )


def check_max(field: str, value: str | None, max_len: int) -> None:
    if value is not None and len(value) > max_len:
        raise RequestValidationError(field, f"at most {max_len} characters, got {len(value)}")


def merge_patch_document(patch: object, clear: Collection[str]) -> dict[str, Any]:
    """The RFC 7386 document for ``patch``: its set fields, plus ``null`` for each field
    named in ``clear`` (merge-patch removes a member by sending it as null)."""
    names = cv.wire_names(type(patch))
    doc: dict[str, Any] = cv.DEFAULT_CONVERTER.unstructure(patch)
    for name in clear:
        if name not in names:
            raise RequestValidationError(
                "clear", f"{name!r} is not a field of {type(patch).__name__}"
            )
        if getattr(patch, name) is not None:
            raise RequestValidationError("clear", f"{name!r} is both set and cleared")
        doc[names[name]] = None
    if not doc:
        raise RequestValidationError("patch", "nothing to change: set or clear at least one field")
    return doc


def only_fields(model: object, wire_keys: Collection[str]) -> dict[str, Any]:
    """``model`` as JSON limited to ``wire_keys`` plus the unknown fields it carries."""
    data: dict[str, Any] = cv.DEFAULT_CONVERTER.unstructure(model)
    keep = set(wire_keys) | set(getattr(model, "extra", {}))
    return {k: v for k, v in data.items() if k in keep}


def json_patch_body(operations: Sequence[JsonPatchOperation]) -> tuple[bytes, str]:
    """Encode RFC 6902 operations, keeping explicit ``null`` values."""
    if not operations:
        raise RequestValidationError("operations", "at least one operation is required")
    doc: list[dict[str, Any]] = []
    for i, o in enumerate(operations):
        if not isinstance(o, JsonPatchOperation):
            raise RequestValidationError(f"operations[{i}]", "expected a JsonPatchOperation")
        if o.op not in _VALUE_OPS | _FROM_OPS | {"remove"}:
            raise RequestValidationError(f"operations[{i}].op", f"unknown op {o.op!r}")
        if not o.path.startswith("/"):
            raise RequestValidationError(f"operations[{i}].path", "must start with '/'")
        item: dict[str, Any] = {"op": o.op, "path": o.path}
        if o.op in _VALUE_OPS:
            item["value"] = o.value
        if o.op in _FROM_OPS:
            if not o.from_:
                raise RequestValidationError(f"operations[{i}].from_", f"required for {o.op}")
            item["from"] = o.from_
        doc.append(item)
    return json_body(doc), JSON_PATCH
