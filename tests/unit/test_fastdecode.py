"""The compiled fast path must decode exactly like the cattrs reference path.

``make_converter(fast=False)`` structures with cattrs alone. For valid data both must give
equal models (``extra`` included); for any mutated data both must either fail or give equal
models, in lenient and strict mode alike.
"""

from __future__ import annotations

import copy
import json
from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from anymarket_sdk._converter import make_converter
from anymarket_sdk.models import Brand, Category, Image, Product, Sku, VariationType
from tests.resources.test_products import product_json
from tests.resources.test_skus_images import IMAGE, sku_json

FIXTURES: list[tuple[type[Any], Any]] = [
    (Product, product_json(futureField={"a": [1, 2]})),
    (Sku, sku_json()),
    (Sku, dict(sku_json(), variations={"Cor": "Azul"})),
    (Image, IMAGE),
    (Brand, {"id": 1, "name": "Marca", "reducedName": "m", "partnerId": "B1"}),
    (
        Category,
        {
            "id": 1,
            "name": "Casa",
            "partnerId": "C1",
            "priceFactor": 1.25,
            "definitionPriceScope": "COST",
            "children": [{"id": 2, "name": "Cozinha", "path": "Casa/Cozinha", "children": []}],
        },
    ),
    (
        VariationType,
        {
            "id": 5,
            "name": "Cor",
            "visualVariation": True,
            "values": [{"id": 1, "description": "Azul"}],
        },
    ),
]

CONVERTERS = {
    strict: (make_converter(strict=strict), make_converter(strict=strict, fast=False))
    for strict in (False, True)
}


def _parsed(data: Any) -> Any:
    return json.loads(json.dumps(data), parse_float=Decimal)


def _outcome(conv: Any, data: Any, cls: type[Any]) -> tuple[str, Any]:
    try:
        result = conv.structure(copy.deepcopy(data), cls)
    except Exception as exc:  # noqa: BLE001 - any failure counts as "failed"
        return ("failed", type(exc).__name__)
    return ("ok", _full(result))


def _full(value: Any) -> Any:
    """A comparable view of a model that includes ``extra`` (left out of ``==``)."""
    if attrs.has(type(value)):
        return (
            type(value).__name__,
            {a.name: _full(getattr(value, a.name)) for a in attrs.fields(type(value))},
        )
    if isinstance(value, list):
        return [_full(v) for v in value]
    if isinstance(value, dict):
        return {k: _full(v) for k, v in value.items()}
    return (type(value).__name__, value)


@pytest.mark.parametrize("strict", [False, True])
@pytest.mark.parametrize(("cls", "data"), FIXTURES, ids=[f"{c.__name__}" for c, _ in FIXTURES])
def test_fixtures_decode_the_same(cls: type[Any], data: Any, strict: bool) -> None:
    fast, slow = CONVERTERS[strict]
    a, b = _outcome(fast, _parsed(data), cls), _outcome(slow, _parsed(data), cls)
    assert a == b
    if not strict or "futureField" not in json.dumps(data):
        assert a[0] == "ok"


REPLACEMENTS = st.sampled_from(
    [
        None,
        "x",
        "",
        1,
        0,
        -3,
        Decimal("1.5"),
        Decimal("2"),
        True,
        False,
        [],
        {},
        "true",
        "12",
        [{"id": 1}],
        {"k": "v"},
        "2026-01-01T00:00:00Z",
    ]
)


@st.composite
def mutated(draw: st.DrawFn) -> tuple[type[Any], Any]:
    cls, data = draw(st.sampled_from(FIXTURES))
    data = _parsed(data)
    paths: list[list[Any]] = []

    def walk(node: Any, path: list[Any]) -> None:
        if isinstance(node, dict):
            for k, v in node.items():
                paths.append([*path, k])
                walk(v, [*path, k])
        elif isinstance(node, list):
            for i, v in enumerate(node):
                paths.append([*path, i])
                walk(v, [*path, i])

    walk(data, [])
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent = data
        try:
            for step in path[:-1]:
                parent = parent[step]
            if not isinstance(parent, dict | list):
                continue
            if isinstance(parent, dict) and draw(st.booleans()):
                parent.pop(path[-1], None)
            else:
                parent[path[-1]] = copy.deepcopy(draw(REPLACEMENTS))
        except (IndexError, KeyError, TypeError):
            continue
    if draw(st.booleans()) and isinstance(data, dict):
        data[draw(st.sampled_from(["newKey", "id", "title", "name"]))] = copy.deepcopy(
            draw(REPLACEMENTS)
        )
    return cls, data


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=mutated(), strict=st.booleans())
def test_mutated_data_decodes_the_same(case: tuple[type[Any], Any], strict: bool) -> None:
    cls, data = case
    fast, slow = CONVERTERS[strict]
    assert _outcome(fast, data, cls) == _outcome(slow, data, cls)


def test_null_lists_read_as_empty_on_both_paths() -> None:
    data = _parsed(dict(product_json(), skus=None, images=None, characteristics=None))
    for fast, slow in CONVERTERS.values():
        a, b = _outcome(fast, data, Product), _outcome(slow, data, Product)
        assert a == b
        assert a[0] == "ok"
