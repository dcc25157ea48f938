"""The one place where M2 row rules live: how rows keyed by M2 column names become models,
and back.

A model field names its column in metadata, ``attrs.field(metadata=col("IDITEM"))``;
``col("NCM", ours=True)`` marks a column of *our* contract (one the public extração API does
not show). Other metadata keys:

- ``suffix``: the field is another model read from the *same* row, each of its columns with
  this suffix appended (the customer's delivery address is ``CEPENT``, ``ENDERECOENT``, ...);
- ``kind="document"``: a CPF/CNPJ. Text is kept exactly as sent (leading zeros, letters of
  the alphanumeric CNPJ); a *number* is left-padded to 11 (CPF) or 14 (CNPJ) digits, chosen by
  the ``person_type`` column (``F``/``J``) or else ``width`` or else the digit count, and the
  bool field named by ``flag`` is set so downstream validation knows the width was inferred;
- ``kind="cep"``: a number is left-padded to 8 digits.

Rules for values (M2 exports are loose):

- column names match case-insensitively; unknown columns go to the model's ``extra`` dict
  (``strict=True`` rejects them instead);
- ``None``, ``""`` and blank text read as "not given": the field's default applies, or the
  row is rejected when the field has none;
- text is stripped; numbers arriving for text fields become their digits (``7891000315507``,
  never ``7.891000315507E+12``);
- whole numbers may arrive as text or with a zero fraction (``"12"``, ``12.0000``);
- ``Decimal`` accepts numbers and text, with a decimal comma (``"1.234,56"``) or point;
- booleans accept ``true/false``, ``1/0``, ``S/N``, ``SIM/NÃO``, ``T/F``;
- datetimes accept ISO 8601 and ``dd/mm/yyyy[ HH:MM[:SS]]`` (also ``dd/mm/yyyy, HH:MM:SS``);
  a value without an offset is read in the given zone (default ``America/Sao_Paulo``), so no
  naive datetime ever exists; dates accept ``dd/mm/yyyy`` and ISO.

Encoding (``encode_row``) writes the same column names back: ``Decimal`` as text (no digit
lost), datetimes as ISO 8601 with offset, nested models as objects, lists as lists.
"""

from __future__ import annotations

import json
import re
import types
from collections.abc import Callable, Mapping
from datetime import date, datetime, time, tzinfo
from decimal import Decimal, InvalidOperation
from typing import Any, Final, TypeVar, Union, cast, get_args, get_origin
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import attrs

from ._json import as_object
from .errors import M2DecodeError

__all__ = [
    "DEFAULT_ZONE",
    "col",
    "columns_of",
    "decode_row",
    "encode_row",
    "resolve_zone",
]

T = TypeVar("T")

DEFAULT_ZONE: Final = "America/Sao_Paulo"
"""The zone M2 dates without an offset are read in, unless a source is given another."""


def col(name: str, *, ours: bool = False, **extra: Any) -> dict[str, Any]:
    """Field metadata naming the M2 column (``ours=True``: our contract, not public M2)."""
    return {"m2": name, "ours": ours, **extra}


def new_list() -> list[Any]:
    """A typed ``list`` factory for attrs fields."""
    return []


def new_dict() -> dict[str, Any]:
    """A typed ``dict`` factory for attrs fields."""
    return {}


def extra_field() -> Any:
    """The ``extra`` dict of a model: columns this version does not know, kept (and written
    back by ``encode_row``) but left out of ``==`` and ``repr``."""
    f: Any = attrs.field(factory=new_dict, eq=False, repr=False)
    return f


def resolve_zone(zone: tzinfo | str | None) -> tzinfo:
    """A ``tzinfo`` from a zone object or an IANA name (``None``: ``America/Sao_Paulo``)."""
    if zone is None:
        zone = DEFAULT_ZONE
    if isinstance(zone, tzinfo):
        return zone
    try:
        return ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(
            f"unknown time zone {zone!r}: the IANA database is missing or the name is wrong "
            "(on Windows install the 'tzdata' package)"
        ) from exc


def aware(_inst: object, attribute: attrs.Attribute[Any], value: datetime | None) -> None:
    """attrs validator: datetimes must carry an offset (M2 times are never guessed later)."""
    if value is not None and (value.tzinfo is None or value.utcoffset() is None):
        raise ValueError(f"{attribute.name} must be timezone-aware, got naive {value!r}")


# --- scalar readers ------------------------------------------------------------------------


def decimal_text(value: Decimal) -> str:
    """Plain digits for a Decimal (no exponent; whole numbers without a fraction)."""
    if value == value.to_integral_value():
        return str(int(value))
    return format(value.normalize(), "f")


def _parse_decimal_text(text: str) -> Decimal:
    t = text.strip().replace(" ", "").replace("\u00a0", "")
    if "," in t and "." in t:
        # "1.234,56" (pt-BR) or "1,234.56" (en): the last separator is the decimal one
        t = (
            t.replace(".", "").replace(",", ".")
            if t.rfind(",") > t.rfind(".")
            else t.replace(",", "")
        )
    elif "," in t:
        if t.count(",") > 1:
            raise ValueError(f"not a number: {text!r}")
        t = t.replace(",", ".")
    try:
        value = Decimal(t)
    except InvalidOperation:
        raise ValueError(f"not a number: {text!r}") from None
    if not value.is_finite():
        raise ValueError(f"not a finite number: {text!r}")
    return value


def _read_decimal(v: Any, _zone: tzinfo) -> Decimal:
    if isinstance(v, bool):
        raise ValueError(f"expected a number, got {v!r}")
    if isinstance(v, Decimal):
        if not v.is_finite():
            raise ValueError(f"not a finite number: {v!r}")
        return v
    if isinstance(v, int):
        return Decimal(v)
    if isinstance(v, float):
        return _parse_decimal_text(repr(v))
    if isinstance(v, str):
        return _parse_decimal_text(v)
    raise ValueError(f"expected a number, got {type(v).__name__}")


def _read_int(v: Any, zone: tzinfo) -> int:
    if isinstance(v, int) and not isinstance(v, bool):
        return v
    d = _read_decimal(v, zone)
    if d != d.to_integral_value():
        raise ValueError(f"expected a whole number, got {v!r}")
    return int(d)


def _read_str(v: Any, _zone: tzinfo) -> str:
    if isinstance(v, str):
        return v.strip()
    if isinstance(v, bool):
        raise ValueError(f"expected text, got {v!r}")
    if isinstance(v, int):
        return str(v)
    if isinstance(v, Decimal):
        return decimal_text(v)
    if isinstance(v, float):
        return decimal_text(_parse_decimal_text(repr(v)))
    raise ValueError(f"expected text, got {type(v).__name__}")


_TRUE: Final = frozenset({"1", "S", "SIM", "T", "TRUE", "Y", "YES", "V", "VERDADEIRO"})
_FALSE: Final = frozenset({"0", "N", "NAO", "NÃO", "F", "FALSE", "NO", "FALSO"})


def _read_bool(v: Any, _zone: tzinfo) -> bool:
    if isinstance(v, bool):
        return v
    if isinstance(v, int | Decimal) and v in (0, 1):
        return bool(v)
    if isinstance(v, str):
        t = v.strip().upper()
        if t in _TRUE:
            return True
        if t in _FALSE:
            return False
    raise ValueError(f"expected a boolean (S/N, 1/0, true/false), got {v!r}")


_BR_DATETIME: Final = re.compile(
    r"(\d{1,2})/(\d{1,2})/(\d{4})(?:[ ,T]+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?)?"
)


def _parse_datetime_text(text: str, zone: tzinfo) -> datetime:
    t = text.strip()
    m = _BR_DATETIME.fullmatch(t)
    try:
        if m:
            day, month, year, hh, mm, ss, frac = m.groups()
            dt = datetime(  # noqa: DTZ001 - the zone is attached just below
                int(year),
                int(month),
                int(day),
                int(hh or 0),
                int(mm or 0),
                int(ss or 0),
                int((frac or "0").ljust(6, "0")),
            )
        else:
            dt = datetime.fromisoformat(t)
    except ValueError:
        raise ValueError(f"not a date/time (dd/mm/yyyy or ISO 8601): {text!r}") from None
    if dt.tzinfo is None or dt.utcoffset() is None:
        dt = dt.replace(tzinfo=zone)
    return dt


def _read_datetime(v: Any, zone: tzinfo) -> datetime:
    if isinstance(v, datetime):
        return v if v.tzinfo is not None and v.utcoffset() is not None else v.replace(tzinfo=zone)
    if isinstance(v, date):
        return datetime.combine(v, time(), tzinfo=zone)
    if isinstance(v, str):
        return _parse_datetime_text(v, zone)
    raise ValueError(f"expected a date/time text, got {type(v).__name__}")


def _read_date(v: Any, zone: tzinfo) -> date:
    if isinstance(v, datetime):
        return v.astimezone(zone).date() if v.tzinfo is not None else v.date()
    if isinstance(v, date):
        return v
    if isinstance(v, str):
        t = v.strip()
        try:
            return date.fromisoformat(t)
        except ValueError:
            pass
        dt = _parse_datetime_text(t, zone)
        return dt.astimezone(zone).date()
    raise ValueError(f"expected a date text, got {type(v).__name__}")


def _json_text(v: Any, expected: type[Any]) -> Any:
    """A JSON value given as text (CSV cells carry objects and lists this way)."""
    if isinstance(v, str):
        try:
            v = json.loads(v, parse_float=Decimal)
        except ValueError:
            raise ValueError(f"expected a JSON {expected.__name__}, got {v[:40]!r}") from None
    if not isinstance(v, expected):
        raise ValueError(f"expected a JSON {expected.__name__}, got {type(v).__name__}")
    return v


_SCALARS: Final[dict[type[Any], Callable[[Any, tzinfo], Any]]] = {
    str: _read_str,
    int: _read_int,
    Decimal: _read_decimal,
    bool: _read_bool,
    datetime: _read_datetime,
    date: _read_date,
}


# --- per-class plans -----------------------------------------------------------------------


@attrs.frozen
class _Field:
    name: str
    column: str | None  # None: derived (set by the decoder, never read or written)
    kind: str  # scalar | group | nested | list | map | strlist | document | cep
    target: Any  # the scalar reader, the nested model class, or None
    required: bool
    meta: Mapping[str, Any]


def _unwrap_optional(tp: Any) -> Any:
    origin = get_origin(tp)
    if origin is Union or origin is types.UnionType:
        args = [a for a in get_args(tp) if a is not type(None)]
        if len(args) == 1:
            return args[0]
        raise TypeError(f"unsupported union {tp!r}")
    return tp


_PLANS: dict[type[Any], tuple[_Field, ...]] = {}


def _plan(cls: type[Any]) -> tuple[_Field, ...]:
    """How to read and write each field of ``cls`` (computed once per class)."""
    plan = _PLANS.get(cls)
    if plan is None:
        plan = _PLANS[cls] = _make_plan(cls)
    return plan


def _make_plan(cls: type[Any]) -> tuple[_Field, ...]:
    attrs.resolve_types(cls)
    out: list[_Field] = []
    for a in attrs.fields(cls):
        if a.name == "extra":
            continue
        meta = a.metadata
        required = a.default is attrs.NOTHING
        tp = _unwrap_optional(a.type)
        origin = get_origin(tp)
        column: str | None = meta.get("m2")
        if column is None and "suffix" not in meta:
            out.append(_Field(a.name, None, "derived", None, False, meta))
            continue
        kind: str
        target: Any
        if "suffix" in meta:
            kind, target = "group", tp
        elif meta.get("kind") in ("document", "cep"):
            kind, target = str(meta["kind"]), None
        elif attrs.has(tp):
            kind, target = "nested", tp
        elif origin is list and attrs.has(get_args(tp)[0]):
            kind, target = "list", get_args(tp)[0]
        elif origin is list and get_args(tp)[0] is str:
            kind, target = "strlist", None
        elif origin is dict:
            kind, target = "map", None
        elif tp in _SCALARS:
            kind, target = "scalar", _SCALARS[tp]
        else:
            raise TypeError(f"{cls.__name__}.{a.name}: unsupported M2 field type {tp!r}")
        out.append(_Field(a.name, column, kind, target, required, meta))
    return tuple(out)


def _has_extra(cls: type[Any]) -> bool:
    return any(a.name == "extra" for a in attrs.fields(cls))


def columns_of(cls: type[Any], *, ours: bool | None = None) -> list[str]:
    """The M2 column names a model reads (nested same-row models included, with suffix).

    ``ours=False`` lists only the columns seen in the public extração API, ``ours=True`` only
    those of our own contract.
    """
    names: list[str] = []
    for f in _plan(cls):
        if f.kind == "group":
            names += [c + str(f.meta["suffix"]) for c in columns_of(f.target, ours=ours)]
        elif f.column is not None and (ours is None or bool(f.meta.get("ours")) == ours):
            names.append(f.column)
    return names


# --- decoding ------------------------------------------------------------------------------


def _blank(v: Any) -> bool:
    return v is None or (isinstance(v, str) and not v.strip())


def _short(v: Any) -> str:
    text = repr(v)
    return text if len(text) <= 60 else text[:57] + "..."


class _ReportedError(ValueError):
    """A nested value failed; its errors are already in the decoder's list."""


class _Decoder:
    __slots__ = ("errors", "strict", "zone")

    def __init__(self, zone: tzinfo, strict: bool) -> None:
        self.zone = zone
        self.strict = strict
        self.errors: list[str] = []

    def top(self, cls: type[Any], row: Mapping[str, Any], path: str) -> Any:
        """``cls`` from a row or a nested object; raises ``_ReportedError`` after noting errors."""
        known_errors = len(self.errors)
        upper = _upper_keys(row, self.errors, path)
        consumed: set[str] = set()
        kwargs, failed = self._fields(cls, upper, "", path, consumed)
        failed = failed or len(self.errors) > known_errors
        leftovers = {
            k: v for k, v in row.items() if isinstance(k, str) and k.strip().upper() not in consumed
        }
        if leftovers and self.strict:
            self.errors.append(f"{path or '$'}: unknown columns {', '.join(sorted(leftovers))}")
            failed = True
        elif leftovers and _has_extra(cls):
            kwargs["extra"] = leftovers
        if failed:
            raise _ReportedError
        return self._build(cls, kwargs, path)

    def _build(self, cls: type[Any], kwargs: dict[str, Any], path: str) -> Any:
        try:
            return cls(**kwargs)
        except (TypeError, ValueError) as exc:
            self.errors.append(f"{path or '$'}: {exc}")
            raise _ReportedError from None

    def _fields(
        self,
        cls: type[Any],
        row: Mapping[str, Any],
        suffix: str,
        path: str,
        consumed: set[str],
    ) -> tuple[dict[str, Any], bool]:
        kwargs: dict[str, Any] = {}
        failed = False
        for f in _plan(cls):
            if f.kind == "derived":
                continue
            if f.kind == "group":
                sub_suffix = suffix + str(f.meta["suffix"])
                sub, sub_failed = self._fields(f.target, row, sub_suffix, path, consumed)
                if sub_failed:
                    failed = True
                elif sub:
                    try:
                        kwargs[f.name] = self._build(f.target, sub, f"{path}{f.name}")
                    except _ReportedError:
                        failed = True
                elif f.required:
                    self.errors.append(f"{path}{f.name}: none of its columns is given")
                    failed = True
                continue
            assert f.column is not None
            key = (f.column + suffix).upper()
            label = f"{path}{f.column}{suffix}"
            consumed.add(key)
            raw = row.get(key)
            if _blank(raw):
                if f.required:
                    self.errors.append(f"{label}: missing required column")
                    failed = True
                continue
            try:
                kwargs[f.name] = self._value(f, raw, row, label, kwargs)
            except _ReportedError:
                failed = True
            except ValueError as exc:
                self.errors.append(f"{label}: {exc}")
                failed = True
        return kwargs, failed

    def _value(
        self, f: _Field, raw: Any, row: Mapping[str, Any], label: str, kwargs: dict[str, Any]
    ) -> Any:
        zone = self.zone
        if f.kind == "scalar":
            return f.target(raw, zone)
        if f.kind == "document":
            return self._document(f, raw, row, kwargs)
        if f.kind == "cep":
            if isinstance(raw, int | Decimal) and not isinstance(raw, bool):
                return _read_str(raw, zone).zfill(8)
            return _read_str(raw, zone)
        if f.kind == "map":
            obj = _json_text(raw, dict)
            return {str(k): _read_str(v, zone) for k, v in obj.items() if not _blank(v)}
        if f.kind == "strlist":
            if isinstance(raw, str) and not raw.lstrip().startswith("["):
                return [raw.strip()]
            return [_read_str(v, zone) for v in _json_text(raw, list) if not _blank(v)]
        if f.kind == "nested":
            return self.top(f.target, _json_text(raw, dict), f"{label}.")
        if f.kind == "list":
            out: list[Any] = []
            failed = False
            for i, element in enumerate(_json_text(raw, list)):
                obj = as_object(element)
                if obj is None:
                    self.errors.append(f"{label}[{i}]: expected an object")
                    failed = True
                    continue
                try:
                    out.append(self.top(f.target, obj, f"{label}[{i}]."))
                except _ReportedError:
                    failed = True
            if failed:
                raise _ReportedError
            return out
        raise AssertionError(f.kind)  # pragma: no cover

    def _document(self, f: _Field, raw: Any, row: Mapping[str, Any], kwargs: dict[str, Any]) -> str:
        if isinstance(raw, str):
            return raw.strip()
        digits = _read_str(raw, self.zone)
        if not digits.isdigit():
            raise ValueError(f"expected a CPF/CNPJ, got {_short(raw)}")
        width = _document_width(f, row, len(digits))
        if len(digits) > width:
            raise ValueError(f"{len(digits)} digits is too long for a CPF/CNPJ")
        flag = f.meta.get("flag")
        if flag:
            kwargs[str(flag)] = True
        return digits.zfill(width)


def _document_width(f: _Field, row: Mapping[str, Any], length: int) -> int:
    person = f.meta.get("person_type")
    if person:
        kind = row.get(str(person).upper())
        if isinstance(kind, str) and kind.strip():
            head = kind.strip().upper()[0]
            if head == "F" and length <= 11:
                return 11
            if head in "FJ":
                return 14
    width = f.meta.get("width")
    if isinstance(width, int) and length <= width:
        return width
    return 11 if length <= 11 else 14


def _upper_keys(row: Mapping[Any, Any], errors: list[str], path: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in row.items():
        if not isinstance(k, str):
            errors.append(f"{path or '$'}: column names must be text, got {_short(k)}")
            continue
        out[k.strip().upper()] = v
    return out


def decode_row(
    cls: type[T],
    row: Mapping[str, Any],
    *,
    zone: tzinfo | str | None = None,
    strict: bool = False,
    source: str | None = None,
    index: int | None = None,
) -> T:
    """Build ``cls`` from one M2 row keyed by column names.

    Unknown columns are kept in ``extra`` (``strict=True`` rejects them). Raises
    ``M2DecodeError`` listing every problem by column; ``source`` and ``index`` say where the
    row came from (they only appear in the message).
    """
    if not isinstance(row, Mapping):
        raise M2DecodeError(
            cls.__name__,
            [f"expected an object of columns, got {type(row).__name__}"],
            source=source,
            row=index,
        )
    decoder = _Decoder(resolve_zone(zone), strict)
    try:
        value: T = decoder.top(cls, row, "")
    except _ReportedError:
        raise M2DecodeError(cls.__name__, decoder.errors, source=source, row=index) from None
    return value


# --- encoding ------------------------------------------------------------------------------


def _encode_scalar(v: Any) -> Any:
    if isinstance(v, Decimal):
        return format(v, "f")  # plain digits, scale kept ("5.00")
    if isinstance(v, datetime):
        return v.isoformat()
    if isinstance(v, date):
        return v.isoformat()
    return v


def encode_row(obj: object, *, suffix: str = "") -> dict[str, Any]:
    """The model as a row keyed by M2 column names (JSON-ready: Decimal as text)."""
    cls = type(obj)
    out: dict[str, Any] = dict(cast("dict[str, Any]", getattr(obj, "extra", {})))
    for f in _plan(cls):
        value = getattr(obj, f.name)
        if f.kind == "derived" or value is None:
            continue
        if f.kind == "group":
            out.update(encode_row(value, suffix=suffix + str(f.meta["suffix"])))
            continue
        key = f"{f.column}{suffix}"
        if f.kind == "nested":
            out[key] = encode_row(value)
        elif f.kind == "list":
            out[key] = [encode_row(v) for v in value]
        elif f.kind == "map":
            out[key] = dict(value)
        elif f.kind == "strlist":
            out[key] = list(value)
        else:
            out[key] = _encode_scalar(value)
    return out
