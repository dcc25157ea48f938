"""The one place where wire rules live: how models become JSON and back.

Rules (all tested in tests/unit/test_converter.py):
- attribute names are snake_case in Python and camelCase on the wire; a field's
  ``metadata={"wire": "partnerID"}`` overrides the name;
- unknown JSON keys are kept in the model's ``extra`` dict and written back on unstructure
  (strict mode rejects them instead, to report drift in our own tests);
- enums are ``OpenStrEnum``: unknown values are kept (strict mode rejects them);
- money and quantities are ``Decimal``; responses are parsed with ``parse_float=Decimal`` so
  no float ever exists, and requests encode Decimals as JSON numbers only when no digit is lost;
- datetimes must be timezone-aware both ways;
- a few wire shapes are normalised before structuring (see ``_NORMALISERS``).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from types import UnionType
from typing import Any, Final, TypeVar, Union, cast, get_args, get_origin

import attrs
import cattrs
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override

from ._fastdecode import FastDecoder
from ._jsonutil import as_array, as_object, list_view
from ._logging import mask
from .errors import ResponseDecodeError
from .types import OpenStrEnum

T = TypeVar("T")

EXTRA_KEY: Final = "\x00extra"
"""Sentinel key no JSON key can collide with; carries unknown keys into ``extra``."""


class NaiveDatetimeError(ValueError):
    """Raised by the datetime unstructure hook; the request builder names the field."""


def to_camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(p[:1].upper() + p[1:] for p in rest)


def wire_names(cls: type[Any]) -> dict[str, str]:
    """attribute name -> wire name for every field but ``extra``."""
    return {
        a.name: a.metadata.get("wire", to_camel(a.name))
        for a in attrs.fields(cls)
        if a.name != "extra"
    }


def _has_extra(cls: type[Any]) -> bool:
    return any(a.name == "extra" for a in attrs.fields(cls))


# --- scalar hooks -------------------------------------------------------------------------


def _structure_decimal(v: Any, _: Any) -> Decimal:
    d = _to_decimal(v)
    if not d.is_finite():
        raise ValueError("not a finite number")
    return d


def _to_decimal(v: Any) -> Decimal:
    if isinstance(v, Decimal):
        return v
    if isinstance(v, bool):
        raise TypeError(f"expected a number, got {v!r}")
    if isinstance(v, int):
        return Decimal(v)
    if isinstance(v, float):
        return Decimal(repr(v))
    if isinstance(v, str):
        try:
            return Decimal(v.strip())
        except InvalidOperation:
            raise ValueError(f"not a number: {v!r}") from None
    raise TypeError(f"expected a number, got {type(v).__name__}")


_MAX_INT_EXPONENT: Final = 30
"""Integers from JSON numbers are refused beyond 10**30: ``1e100000000`` is 13 bytes of JSON
but ``int()`` of it takes minutes."""


def _integral(v: Decimal | float) -> bool:
    d = v if isinstance(v, Decimal) else Decimal(repr(v))
    return d.is_finite() and d.adjusted() < _MAX_INT_EXPONENT and d == d.to_integral_value()


def _structure_int(v: Any, _: Any) -> int:
    if isinstance(v, bool):
        raise TypeError(f"expected an integer, got {v!r}")
    if isinstance(v, int):
        return v
    if isinstance(v, Decimal | float) and _integral(v):
        return int(v)
    if isinstance(v, str):
        return int(v.strip())  # numeric strings are tolerated (API_NOTES §6.15)
    raise TypeError(f"expected an integer, got {v!r}")


def _structure_bool(v: Any, _: Any) -> bool:
    if isinstance(v, bool):
        return v
    if v == "true":
        return True
    if v == "false":
        return False
    raise TypeError(f"expected a boolean, got {v!r}")


def _structure_str(v: Any, _: Any) -> str:
    if isinstance(v, str):
        return v
    if isinstance(v, int | Decimal) and not isinstance(v, bool):
        return str(v)  # ids sent as numbers where the spec says string
    raise TypeError(f"expected a string, got {type(v).__name__}")


def _structure_datetime(v: Any, _: Any) -> datetime:
    if not isinstance(v, str):
        raise TypeError(f"expected an ISO-8601 string, got {type(v).__name__}")
    dt = datetime.fromisoformat(v)
    if dt.tzinfo is None:
        raise ValueError(f"naive datetime from API: {v!r}")
    return dt


def _unstructure_datetime(v: datetime) -> str:
    if v.tzinfo is None or v.utcoffset() is None:
        raise NaiveDatetimeError("naive datetime: ANYMARKET requires an explicit UTC offset")
    return v.isoformat()


def _structure_date(v: Any, _: Any) -> date:
    if not isinstance(v, str):
        raise TypeError(f"expected a date string, got {type(v).__name__}")
    return date.fromisoformat(v[:10])


def _structure_open_enum(v: Any, cls: type[OpenStrEnum]) -> OpenStrEnum:
    if not isinstance(v, str):
        raise TypeError(f"expected a string for {cls.__name__}, got {type(v).__name__}")
    return cls(v)


def _unstructure_enum(v: object) -> object:
    """An enum's value; a plain string set on an enum-typed field is sent as it is."""
    return v.value if isinstance(v, OpenStrEnum) else v


def _enum_or_str(t: Any) -> type[OpenStrEnum] | None:
    """The enum of an ``SomeOpenEnum | str`` annotation (inputs accept plain codes)."""
    if get_origin(t) not in (Union, UnionType):
        return None
    args = set(get_args(t))
    enums = [a for a in args if isinstance(a, type) and issubclass(a, OpenStrEnum)]
    if len(enums) == 1 and args == {enums[0], str}:
        return enums[0]
    return None


def _structure_strict_enum(v: Any, cls: type[OpenStrEnum]) -> OpenStrEnum:
    m = _structure_open_enum(v, cls)
    if not m.is_known:
        raise ValueError(f"unknown {cls.__name__} value {v!r}")
    return m


# --- wire-shape normalisers ---------------------------------------------------------------

Normaliser = Callable[[dict[str, Any]], dict[str, Any]]
_NORMALISERS: dict[type[Any], Normaliser] = {}


def register_normaliser(cls: type[Any], fn: Normaliser) -> None:
    """Rewrite a raw dict before it is structured into ``cls`` (e.g. list-or-map fields)."""
    _NORMALISERS[cls] = fn


# --- attrs class hooks --------------------------------------------------------------------


def _make_structure_hook(
    conv: cattrs.Converter, strict: bool, use_fast: bool
) -> Callable[[type[Any]], Any]:
    fast_decoder = FastDecoder(
        strict=strict,
        scalars={
            str: _structure_str,
            int: _structure_int,
            bool: _structure_bool,
            Decimal: _structure_decimal,
            float: lambda v, _: float(_structure_decimal(v, Decimal)),
            datetime: _structure_datetime,
            date: _structure_date,
        },
        enum_hook=_structure_strict_enum if strict else _structure_open_enum,
        wire_names=wire_names,
        normalisers=_NORMALISERS,
        fallback=conv.structure,
    )

    def factory(cls: type[Any]) -> Callable[[Any, Any], Any]:
        names = wire_names(cls)
        renames: dict[str, Any] = {n: override(rename=w) for n, w in names.items()}
        normalise = _NORMALISERS.get(cls)
        keep_extra = _has_extra(cls) and not strict
        if keep_extra:
            renames["extra"] = override(rename=EXTRA_KEY)
        elif _has_extra(cls):
            renames["extra"] = override(omit=True)
        base = make_dict_structure_fn(
            cls, conv, _cattrs_forbid_extra_keys=strict, _cattrs_detailed_validation=True, **renames
        )
        known = frozenset(names.values())
        # a JSON null where a list/dict field has an empty default reads as empty
        nullable = frozenset(
            names[a.name]
            for a in attrs.fields(cls)
            if a.name != "extra" and isinstance(a.default, attrs.Factory)  # type: ignore[arg-type]
        )

        fast = fast_decoder.for_class(cls) if use_fast else None

        def hook(raw: Any, t: Any) -> Any:
            try:
                return fast(raw)  # type: ignore[misc]
            except Exception:  # noqa: BLE001 - the detailed path reports what is wrong
                return slow(raw, t)

        def slow(raw: Any, t: Any) -> Any:
            d = as_object(raw)
            if d is None:
                raise TypeError(
                    f"expected a JSON object for {cls.__name__}, got {type(raw).__name__}"
                )
            if normalise is not None:
                d = normalise(d)
            if nullable and any(d.get(k, 0) is None for k in nullable):
                d = {k: v for k, v in d.items() if not (v is None and k in nullable)}
            if keep_extra:
                extra = {k: v for k, v in d.items() if k not in known}
                if extra:
                    d = {**d, EXTRA_KEY: extra}
            return base(d, t)

        return hook if use_fast else slow

    return factory


def _make_unstructure_hook(
    conv: cattrs.Converter, omit_read_only: bool
) -> Callable[[type[Any]], Any]:
    def factory(cls: type[Any]) -> Callable[[Any], dict[str, Any]]:
        names = wire_names(cls)
        renames: dict[str, Any] = {n: override(rename=w) for n, w in names.items()}
        for a in attrs.fields(cls):
            internal = names.get(a.name, "").startswith("\x00")  # e.g. SKU variation details
            if a.metadata.get("read_only") and (omit_read_only or internal):
                renames[a.name] = override(omit=True)
        has_extra = _has_extra(cls)
        if has_extra:
            renames["extra"] = override(omit=True)
        base = make_dict_unstructure_fn(cls, conv, _cattrs_omit_if_default=True, **renames)
        if not has_extra:
            return base

        def hook(obj: Any) -> dict[str, Any]:
            out = base(obj)
            extra: dict[str, Any] = obj.extra
            return {**extra, **out} if extra else out

        return hook

    return factory


def make_converter(
    *, strict: bool = False, fast: bool = True, omit_read_only: bool = True
) -> cattrs.Converter:
    """Build a converter. ``strict=True`` rejects unknown keys and unknown enum values.

    ``fast=False`` leaves out the compiled fast path (``_fastdecode``) and structures with
    cattrs alone: the reference the fast path is tested against. ``omit_read_only=False``
    keeps fields ANYMARKET only returns (ids, paths...) when unstructuring: what ``to_dict``
    wants, and never what a request body may carry.
    """
    conv = cattrs.Converter(forbid_extra_keys=strict, detailed_validation=True)
    conv.register_structure_hook(Decimal, _structure_decimal)
    conv.register_unstructure_hook(Decimal, lambda v: v)  # encoded by dumps()
    conv.register_structure_hook(int, _structure_int)
    conv.register_structure_hook(bool, _structure_bool)
    conv.register_structure_hook(str, _structure_str)
    conv.register_structure_hook(datetime, _structure_datetime)
    conv.register_unstructure_hook(datetime, _unstructure_datetime)
    conv.register_structure_hook(date, _structure_date)
    conv.register_unstructure_hook(date, lambda v: v.isoformat())
    conv.register_structure_hook(
        OpenStrEnum, _structure_strict_enum if strict else _structure_open_enum
    )
    conv.register_unstructure_hook(OpenStrEnum, _unstructure_enum)
    enum_hook = _structure_strict_enum if strict else _structure_open_enum

    def structure_enum_or_str(v: Any, t: Any) -> OpenStrEnum:
        enum = _enum_or_str(t)
        assert enum is not None
        return enum_hook(v, enum)

    conv.register_structure_hook_func(lambda t: _enum_or_str(t) is not None, structure_enum_or_str)
    conv.register_structure_hook_factory(attrs.has, _make_structure_hook(conv, strict, fast))
    conv.register_unstructure_hook_factory(attrs.has, _make_unstructure_hook(conv, omit_read_only))
    return conv


DEFAULT_CONVERTER: Final = make_converter()
STRICT_CONVERTER: Final = make_converter(strict=True)
_REPORT_CONVERTER: Final = make_converter(omit_read_only=False)


# --- JSON boundary ------------------------------------------------------------------------


def _json_default(o: object) -> Any:
    if isinstance(o, Decimal):
        if not o.is_finite():
            raise ValueError(f"{o} cannot be sent as a JSON number")
        if o == o.to_integral_value() and abs(o) < 2**53:
            return int(o)
        f = float(o)
        if Decimal(repr(f)) != o:
            raise ValueError(f"{o} is not exactly representable as a JSON number")
        return f
    raise TypeError(f"{type(o).__name__} is not JSON serialisable")


def dumps(obj: Any) -> bytes:
    """Encode an unstructured body to compact UTF-8 JSON, Decimals as exact numbers."""
    return json.dumps(
        obj, default=_json_default, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode()


def loads(content: bytes) -> Any:
    """Parse a response body; every JSON float becomes a Decimal. Raises ``ValueError`` for
    anything that is not JSON, including nesting too deep for the parser."""
    try:
        return json.loads(content, parse_float=Decimal)
    except RecursionError:
        raise ValueError("JSON nested too deeply") from None


def to_dict(model: Any) -> Any:
    """Plain data for a model, as ANYMARKET sends it: wire names, every field including the
    ones ANYMARKET only returns (ids, paths), unknown fields included.

    Handy in notebooks: ``pandas.DataFrame(map(to_dict, client.products.iter()))``.
    """
    return _REPORT_CONVERTER.unstructure(model)


def structure(data: Any, cls: type[T], *, strict: bool = False) -> T:
    """Decode plain JSON data into ``cls`` with the SDK's rules."""
    conv = STRICT_CONVERTER if strict else DEFAULT_CONVERTER
    try:
        return conv.structure(data, cls)
    except cattrs.BaseValidationError as exc:
        errors = cattrs.transform_error(exc)
    except (TypeError, ValueError, KeyError, RecursionError, cattrs.errors.CattrsError) as exc:
        errors = [f"{mask(str(exc)) or type(exc).__name__} @ $"]
    # not chained: the underlying messages quote values that can be personal data
    raise ResponseDecodeError(f"data does not match {cls.__name__}", body=data, errors=errors)


# --- normalisers for wire shapes that vary -------------------------------------------------

_ABSENT: Final = object()


def _sku_variations(d: dict[str, Any]) -> dict[str, Any]:
    """SKU ``variations`` is a name->value map in requests but an array of value objects
    (with ``type``) in responses (API_NOTES §3.2, §6.3): keep both readings."""
    v = d.get("variations", _ABSENT)
    values = list_view(v)  # the hot path of every SKU in a response: no copies
    if values is not None:
        mapping: dict[str, str] = {}
        for raw in values:
            if type(raw) is not dict:
                continue
            item = cast("dict[str, Any]", raw)
            t = item.get("type")
            name = cast("dict[str, Any]", t).get("name") if type(t) is dict else None
            desc = item.get("description")
            if type(name) is str and type(desc) is str:
                mapping[name] = desc
        return {**d, "variations": mapping, "\x00variationDetails": v}
    if v is None:
        return {k: x for k, x in d.items() if k != "variations"}
    return d


def _category_children(d: dict[str, Any]) -> dict[str, Any]:
    """``children`` is an array in responses, but the API docs also show a single object (or
    ``{}``) there: read both as a list."""
    children = d.get("children", _ABSENT)
    if children is None:
        return {k: x for k, x in d.items() if k != "children"}
    if (one := as_object(children)) is not None:
        return {**d, "children": [one] if one else []}
    return d


def _renamed(d: dict[str, Any], alias: str, name: str) -> dict[str, Any]:
    """``alias`` read as ``name`` (a spelling other sources use); ``name`` wins if both."""
    if alias not in d:
        return d
    out = {k: v for k, v in d.items() if k != alias}
    if out.get(name) is None:
        out[name] = d[alias]
    return out


def _metadata_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value
    if isinstance(value, int | Decimal | float):
        return str(value)
    return dumps(value).decode()


def _order_variants(d: dict[str, Any]) -> dict[str, Any]:
    """Order spellings differ by source (API_NOTES §7): ``deliverStatus`` (API docs) vs
    ``deliveryStatus`` (Java SDK), ``marketPlaceStatusComplement`` vs
    ``marketplaceStatusComplement`` (PHP samples). ``metadata`` is a string map in the Java
    SDK but carries booleans and numbers in the API docs: read them as text."""
    d = _renamed(d, "deliveryStatus", "deliverStatus")
    d = _renamed(d, "marketplaceStatusComplement", "marketPlaceStatusComplement")
    meta = as_object(d.get("metadata"))
    if meta is not None and any(not isinstance(v, str) for v in meta.values()):
        text = {k: _metadata_text(v) for k, v in meta.items() if v is not None}
        d = {**d, "metadata": text}
    return d


def _order_item_variants(d: dict[str, Any]) -> dict[str, Any]:
    """``shippings`` is a list (Java SDK, API POST docs) or one object (API GET docs);
    customisations come as ``customizations`` (a list, or an object in some API examples)
    or as one ``customization`` object (API GET docs): read both as lists."""
    shippings = d.get("shippings", _ABSENT)
    if (one := as_object(shippings)) is not None:
        d = {**d, "shippings": [one] if one else []}
    if "customization" in d or as_object(d.get("customizations")) is not None:
        many = d.get("customizations")
        merged = as_array(many) or ([many] if as_object(many) else [])
        single = d.get("customization")
        if as_object(single):
            merged.append(single)
        d = {k: v for k, v in d.items() if k != "customization"}
        d["customizations"] = merged
    return d


def _string_map(value: Any) -> Any:
    """``fields``/``attributes``: a map of strings. Also read ``[{key, value}]`` pairs, JSON
    booleans (as ``"true"``/``"false"``) and ``null`` values (dropped)."""
    if (pairs := as_array(value)) is not None:
        mapped: dict[str, Any] = {}
        for raw in pairs:
            item = as_object(raw) or {}
            key = item.get("key")
            if isinstance(key, str):
                mapped[key] = item.get("value")
        value = mapped
    obj = as_object(value)
    if obj is None or not any(v is None or isinstance(v, bool) for v in obj.values()):
        return value
    return {
        k: ("true" if v else "false") if isinstance(v, bool) else v
        for k, v in obj.items()
        if v is not None
    }


def _ad_string_maps(d: dict[str, Any]) -> dict[str, Any]:
    out = d
    for key in ("fields", "attributes"):
        value = d.get(key, _ABSENT)
        if value is _ABSENT or value is None:
            continue
        fixed = _string_map(value)
        if fixed is not value:
            out = {**out, key: fixed}
    return out


_EXPORT_STATUS_KEYS: Final = ("fileExportStatus", "status")


def _export_status_key(d: dict[str, Any]) -> dict[str, Any]:
    """The documented status key is ``FileExportStatus``; read the usual spellings too."""
    if "FileExportStatus" in d:
        return d
    for key in _EXPORT_STATUS_KEYS:
        if key in d:
            rest = {k: v for k, v in d.items() if k != key}
            return {**rest, "FileExportStatus": d[key]}
    return d


_TYPO_FLAG: Final = "questionActive "


def _question_flag(d: dict[str, Any]) -> dict[str, Any]:
    """The API docs spell ``questionActive`` with a trailing space (API_NOTES §3.12, §6.16):
    read that spelling as the real one (the correct spelling wins when both are present)."""
    if _TYPO_FLAG not in d:
        return d
    out = {k: v for k, v in d.items() if k != _TYPO_FLAG}
    out.setdefault("questionActive", d[_TYPO_FLAG])
    return out


def _register_normalisers() -> None:
    from .models.ads import SkuExport, SkuMarketplace
    from .models.callbacks import Callback
    from .models.categories import Category
    from .models.orders import Order, OrderItem
    from .models.skus import Sku

    register_normaliser(Sku, _sku_variations)
    register_normaliser(Category, _category_children)
    register_normaliser(Order, _order_variants)
    register_normaliser(OrderItem, _order_item_variants)
    register_normaliser(SkuMarketplace, _ad_string_maps)
    register_normaliser(SkuExport, _export_status_key)
    register_normaliser(Callback, _question_flag)


_register_normalisers()
