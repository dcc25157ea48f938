"""Model round trips are lossless: ``structure(to_dict(x)) == x`` for every attrs model that
``anymarket_sdk.models`` exports, for instances built by hypothesis from the field types
(finite Decimals a JSON number carries exactly, aware datetimes, open enums with unknown
values too, ``extra`` dicts of JSON-safe values), directly and through the JSON text
(``_converter.dumps``/``loads``). ``extra`` is left out of ``==``, so ``to_dict`` of both
sides is compared as well.

Fields marked read-only (never sent) are left at their default: ``to_dict`` omits them on
purpose. Models that are not wire data (bytes, exceptions) are listed in ``NOT_WIRE``.
"""

from __future__ import annotations

import enum
import json
import types
import typing
from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Literal, get_args, get_origin

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import anymarket_sdk.models as sdk_models
from anymarket_sdk._converter import dumps, loads, structure, to_dict
from anymarket_sdk.types import OpenStrEnum
from m2_adapter import m2
from m2_adapter.m2 import encode_row
from tests.reliability.strategies import aware_datetimes, json_values, mutated

ROUNDTRIP = settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
MAX_DEPTH = 3

NOT_WIRE: dict[str, str] = {
    "Label": "holds the label file's bytes (a binary response, not JSON)",
    "NfeDocument": "holds the XML bytes or the link list (built by the decoder)",
    "FeedFailure": "a local report (holds the handler's exception)",
    "FeedRunReport": "a local report of a feed run",
}
MAIN = {
    "Product",
    "Sku",
    "Image",
    "Category",
    "Brand",
    "VariationType",
    "Order",
    "StockItem",
    "StockUpdate",
    "SkuMarketplace",
    "Callback",
    "Transmission",
}


def exact_decimals() -> st.SearchStrategy[Decimal]:
    """Finite Decimals with at most 12 significant digits: a JSON number carries them."""
    return st.builds(
        lambda sig, exp: Decimal(sig).scaleb(exp),
        st.integers(min_value=-(10**12) + 1, max_value=10**12 - 1),
        st.integers(min_value=-6, max_value=3),
    )


def json_safe() -> st.SearchStrategy[Any]:
    """What ``extra`` and ``Any`` fields may hold: JSON values that survive dumps/loads."""
    leaves = st.one_of(
        st.none(),
        st.booleans(),
        st.integers(min_value=-(2**53), max_value=2**53),
        exact_decimals(),
        st.text(max_size=8),
    )
    return st.recursive(
        leaves,
        lambda inner: st.one_of(
            st.lists(inner, max_size=2), st.dictionaries(st.text(max_size=5), inner, max_size=2)
        ),
        max_leaves=6,
    )


def _extra_dicts(cls: type[Any]) -> st.SearchStrategy[dict[str, Any]]:
    """Unknown keys: a prefix no wire name (nor any alias a normaliser reads) starts with."""
    return st.dictionaries(
        st.text(max_size=6).map(lambda k: "zzUnknown" + k), json_safe(), max_size=2
    )


def _enum_strategy(cls: type[enum.Enum]) -> st.SearchStrategy[Any]:
    known = st.sampled_from(list(cls))
    if issubclass(cls, OpenStrEnum):
        return st.one_of(known, st.text(max_size=8).map(cls))  # unknown values are kept
    return known


def for_type(t: Any, depth: int) -> st.SearchStrategy[Any]:
    if t is Any or t is object:
        return json_safe()
    origin, args = get_origin(t), get_args(t)
    if origin in (typing.Union, types.UnionType):
        rest = [a for a in args if a is not type(None)]
        alternatives = [for_type(a, depth) for a in rest]
        if type(None) in args:
            alternatives.insert(0, st.none())
        return st.one_of(alternatives)
    if origin is Literal:
        return st.sampled_from(args)
    if origin is list:
        size = 2 if depth < MAX_DEPTH else 0
        return st.lists(for_type(args[0], depth + 1), max_size=size)
    if origin in (dict, Mapping):
        return st.dictionaries(st.text(max_size=6), for_type(args[1], depth + 1), max_size=2)
    if isinstance(t, type):
        if attrs.has(t):
            return model_strategy(t, depth + 1)
        if issubclass(t, enum.Enum):
            return _enum_strategy(t)
        simple: dict[type[Any], st.SearchStrategy[Any]] = {
            str: st.text(max_size=10),
            bool: st.booleans(),
            int: st.integers(min_value=-(2**63), max_value=2**63),
            Decimal: exact_decimals(),
            float: st.floats(allow_nan=False, allow_infinity=False, width=32),
            datetime: aware_datetimes(),
            date: st.dates(),
        }
        if t in simple:
            return simple[t]
    raise TypeError(f"no strategy for {t!r}")


def _default(a: attrs.Attribute[Any]) -> Any:
    default: Any = a.default
    factory = getattr(default, "factory", None)
    return factory() if callable(factory) else default


_MODEL_STRATEGIES: dict[tuple[type[Any], int], st.SearchStrategy[Any]] = {}


def model_strategy(cls: type[Any], depth: int = 0) -> st.SearchStrategy[Any]:
    """Instances of ``cls`` (cached: the models form a closed set, depth is bounded)."""
    key = (cls, depth)
    if key not in _MODEL_STRATEGIES:
        _MODEL_STRATEGIES[key] = _build_model_strategy(cls, depth)
    return _MODEL_STRATEGIES[key]


def _build_model_strategy(cls: type[Any], depth: int) -> st.SearchStrategy[Any]:
    attrs.resolve_types(cls)
    kwargs: dict[str, st.SearchStrategy[Any]] = {}
    for a in attrs.fields(cls):
        if not a.init:
            continue
        name = a.alias or a.name
        if a.name == "extra":
            kwargs[name] = _extra_dicts(cls)
        elif a.metadata.get("read_only") or (depth > MAX_DEPTH and a.default is not attrs.NOTHING):
            kwargs[name] = st.just(_default(a))
        else:
            kwargs[name] = for_type(a.type, depth)
    return st.builds(cls, **kwargs)


def _wire_models() -> list[type[Any]]:
    out = []
    for name in sdk_models.__all__:
        obj = getattr(sdk_models, name)
        if isinstance(obj, type) and attrs.has(obj) and name not in NOT_WIRE:
            out.append(obj)
    return out


MODELS = _wire_models()


def test_the_main_models_are_covered() -> None:
    names = {m.__name__ for m in MODELS}
    assert names >= MAIN, MAIN - names
    assert len(MODELS) >= 100


def _assert_same(x: Any, back: Any) -> None:
    assert back == x
    assert to_dict(back) == to_dict(x)  # extra (outside ==) included


def _param(cls: type[Any]) -> Any:
    attrs.resolve_types(cls)
    return pytest.param(cls, id=cls.__name__)


def _round_trip(cls: type[Any], data: st.DataObject) -> None:
    x = data.draw(model_strategy(cls), label=cls.__name__)
    wire = to_dict(x)
    _assert_same(x, structure(wire, cls))
    _assert_same(x, structure(loads(dumps(wire)), cls))


@pytest.mark.parametrize("cls", [_param(m) for m in MODELS if m.__name__ in MAIN])
@settings(ROUNDTRIP, max_examples=15)
@given(data=st.data())
def test_main_models_round_trip_losslessly(cls: type[Any], data: st.DataObject) -> None:
    _round_trip(cls, data)


@pytest.mark.parametrize("cls", [_param(m) for m in MODELS if m.__name__ not in MAIN])
@settings(ROUNDTRIP, max_examples=6)
@given(data=st.data())
def test_every_model_round_trips_losslessly(cls: type[Any], data: st.DataObject) -> None:
    _round_trip(cls, data)


# --- M2 rows (m2_adapter.m2.decode_row / encode_row) -----------------------------------------

# Text as M2 rows carry it after decoding: stripped (blank reads as "not given").
_M2_TEXT = st.text(
    st.characters(blacklist_categories=("Cs", "Cc", "Zs", "Zl", "Zp")), min_size=1, max_size=10
)
_M2_SCALARS: dict[type[Any], st.SearchStrategy[Any]] = {
    str: _M2_TEXT,
    bool: st.booleans(),
    int: st.integers(min_value=-(2**63), max_value=2**63),
    Decimal: exact_decimals().map(abs),  # validators refuse negative money and quantities
    datetime: aware_datetimes(),
    date: st.dates(),
}


def _m2_models() -> list[type[Any]]:
    return [
        obj
        for name in m2.__all__
        if isinstance(obj := getattr(m2, name), type)
        and attrs.has(obj)
        and any("m2" in a.metadata or "suffix" in a.metadata for a in attrs.fields(obj))
    ]


def _m2_for_type(t: Any, depth: int) -> st.SearchStrategy[Any]:
    origin, args = get_origin(t), get_args(t)
    if origin in (typing.Union, types.UnionType):
        rest = [a for a in args if a is not type(None)]
        return st.one_of(st.none(), *(_m2_for_type(a, depth) for a in rest))
    if origin is list:
        return st.lists(_m2_for_type(args[0], depth + 1), max_size=2 if depth < 2 else 0)
    if origin is dict:
        return st.dictionaries(_M2_TEXT, _M2_TEXT, max_size=2)
    if isinstance(t, type) and attrs.has(t):
        return m2_strategy(t, depth + 1)
    if isinstance(t, type) and issubclass(t, enum.Enum):
        return st.sampled_from(list(t))
    return _M2_SCALARS[t]


def _try_build(cls: type[Any], kwargs: dict[str, Any]) -> Any:
    try:
        return cls(**kwargs)
    except ValueError:
        return None  # a cross-field rule of the model (e.g. valid_from > valid_to)


_M2_STRATEGIES: dict[tuple[type[Any], int], st.SearchStrategy[Any]] = {}


def m2_strategy(cls: type[Any], depth: int = 0) -> st.SearchStrategy[Any]:
    key = (cls, depth)
    if key in _M2_STRATEGIES:
        return _M2_STRATEGIES[key]
    attrs.resolve_types(cls)
    fields: dict[str, st.SearchStrategy[Any]] = {}
    for a in attrs.fields(cls):
        name = a.alias or a.name
        if a.name == "extra":
            extra_keys = st.text("ABCXYZ", min_size=1, max_size=4).map(lambda k: "ZZEXTRA_" + k)
            fields[name] = st.dictionaries(extra_keys, _M2_TEXT, max_size=2)
        elif "m2" not in a.metadata and "suffix" not in a.metadata:
            continue  # derived: set by the decoder only
        elif "suffix" in a.metadata:
            # a same-row group reads back only when one of its columns is given
            group = _m2_for_type(a.type, depth).filter(lambda v: v is None or bool(encode_row(v)))
            fields[name] = group
        else:
            fields[name] = _m2_for_type(a.type, depth)
    strategy = (
        st.fixed_dictionaries(fields)
        .map(lambda kw: _try_build(cls, kw))
        .filter(lambda v: v is not None)
    )
    _M2_STRATEGIES[key] = strategy
    return strategy


M2_MODELS = _m2_models()


def test_m2_models_are_covered() -> None:
    names = {m.__name__ for m in M2_MODELS}
    assert {"Item", "StockBalance", "Warehouse", "Customer", "SalesOrder", "PriceEntry"} <= names


@pytest.mark.parametrize("cls", [pytest.param(m, id=m.__name__) for m in M2_MODELS])
@settings(ROUNDTRIP, max_examples=8)
@given(data=st.data())
def test_m2_rows_round_trip_losslessly(cls: type[Any], data: st.DataObject) -> None:
    x = data.draw(m2_strategy(cls), label=cls.__name__)
    row = encode_row(x)
    back = m2.decode_row(cls, row)
    assert back == x
    assert encode_row(back) == row
    assert m2.decode_row(cls, json.loads(json.dumps(row, default=str))) == x


@pytest.mark.parametrize("cls", [pytest.param(m, id=m.__name__) for m in M2_MODELS])
@settings(ROUNDTRIP, max_examples=8)
@given(data=st.data())
def test_m2_rows_decode_or_raise_m2_decode_error(cls: type[Any], data: st.DataObject) -> None:
    good = encode_row(data.draw(m2_strategy(cls), label="row"))
    row = data.draw(st.one_of(mutated(st.just(good)), json_values()), label="mutated")
    try:
        m2.decode_row(cls, row)
    except m2.M2DecodeError as exc:
        errors: list[str] | None = list(exc.errors)
    else:
        errors = None
    assert errors is None or all(isinstance(e, str) for e in errors)
