"""Hypothesis strategies for the reliability suite.

- ``SchemaStrategies``: JSON values shaped like an OpenAPI 3.0 schema of the export
  (``$ref`` resolved with a depth bound, ``allOf`` merged, ``oneOf``/``anyOf``, ``nullable``,
  ``enum``, ``date-time``/``date`` formats; ``x-*`` keys and examples ignored). Our own small
  converter: it needs no extra dependency and runs in the version-floor venv too.
- ``mutated``: such a value with one or two mutations at random places (wrong types,
  nulls, extra keys, dropped keys, huge numbers, strings in number fields, nested garbage).
- ``json_values``: arbitrary JSON as ``anymarket_sdk._converter.loads`` returns it (floats
  parse to ``Decimal``; ``NaN``/``Infinity`` constants to ``float``).

Every value produced is a plain ``dict``/``list``/``str``/``int``/``Decimal``/``bool``/
``None`` (or one of the two float constants): exactly what a decoder can receive.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any, Final

from hypothesis import strategies as st

Json = Any
Path = tuple[str | int, ...]

MAX_REF_DEPTH: Final = 2
"""How many ``$ref`` hops a generated value follows before it stops (recursive schemas)."""
MAX_ITEMS: Final = 2

ZONES: Final = (UTC, timezone(timedelta(hours=-3)), timezone(timedelta(hours=5, minutes=30)))

# Scalars a decoder must survive anywhere: every one of them either fits the field or makes
# the decoder raise ResponseDecodeError. Exponents stay moderate: see the dedicated test of
# huge exponents in test_decode_fuzz.py (it runs in a subprocess with a timeout).
GARBAGE_SCALARS: Final[tuple[Json, ...]] = (
    None,
    True,
    False,
    0,
    -1,
    2**31,
    2**63,
    -(2**63) - 1,
    10**400,
    -(10**400),
    Decimal("0.1"),
    Decimal("-0"),
    Decimal("1E+400"),
    Decimal("-1E-400"),
    Decimal("123456789.123456789123456789"),
    "",
    " ",
    "abc",
    "12,50",
    "1.234,56",
    "1e400",
    "0x1F",
    "\u0661\u0662\u0663",  # Arabic-Indic digits
    "true",
    "null",
    "2024-02-30T25:61:00",
    "2024-01-01T00:00:00",
    "2024-01-01",
    "2024-01-01T00:00:00Z",
    "\ud800",  # a lone surrogate (JSON "\ud800" decodes to one)
    "\x00\x1f",
    "x" * 5000,
    "9" * 5000,
)
NON_FINITE: Final[tuple[Json, ...]] = (
    float("nan"),
    float("inf"),
    float("-inf"),
    "NaN",
    "sNaN",
    "Infinity",
    "-Infinity",
)
"""Non-finite numbers (JSON ``NaN``/``Infinity`` constants and their spellings as text)."""


def aware_datetimes() -> st.SearchStrategy[datetime]:
    return st.datetimes(
        min_value=datetime(1970, 1, 2),  # noqa: DTZ001 - bounds of an aware strategy
        max_value=datetime(2100, 1, 1),  # noqa: DTZ001
        timezones=st.sampled_from(ZONES),
    )


def _iso_datetime_text() -> st.SearchStrategy[str]:
    return st.one_of(
        aware_datetimes().map(datetime.isoformat),
        aware_datetimes().map(lambda d: d.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")),
        st.datetimes().map(datetime.isoformat),  # naive: must be refused, not crash
    )


def _date_text() -> st.SearchStrategy[str]:
    return st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 1, 1)).map(date.isoformat)


def texts(max_size: int = 12) -> st.SearchStrategy[str]:
    return st.one_of(
        st.text(max_size=max_size),
        st.text(st.characters(codec="ascii"), max_size=max_size),
        st.sampled_from(["", "ECOMMERCE", "MERCADO_LIVRE", "PAID_WAITING_SHIP", "x"]),
    )


def decimals() -> st.SearchStrategy[Decimal]:
    return st.one_of(
        st.decimals(
            min_value=Decimal("-1e12"),
            max_value=Decimal("1e12"),
            allow_nan=False,
            allow_infinity=False,
            places=4,
        ),
        st.decimals(allow_nan=False, allow_infinity=False, max_value=10**20, min_value=-(10**20)),
    )


def json_leaves() -> st.SearchStrategy[Json]:
    return st.one_of(
        st.none(),
        st.booleans(),
        st.integers(min_value=-(2**64), max_value=2**64),
        decimals(),
        texts(),
    )


def json_values(max_leaves: int = 12) -> st.SearchStrategy[Json]:
    """Arbitrary JSON as ``loads`` returns it."""
    return st.recursive(
        json_leaves(),
        lambda inner: st.one_of(
            st.lists(inner, max_size=MAX_ITEMS),
            st.dictionaries(texts(8), inner, max_size=MAX_ITEMS),
        ),
        max_leaves=max_leaves,
    )


# --- OpenAPI 3.0 schema -> strategy ---------------------------------------------------------


class SchemaStrategies:
    """Builds strategies from the schemas of one OpenAPI document (cached per ``$ref``)."""

    def __init__(self, spec: dict[str, Any]) -> None:
        self._spec = spec
        self._refs: dict[tuple[str, int], st.SearchStrategy[Json]] = {}

    def resolve(self, ref: str) -> dict[str, Any]:
        node: Any = self._spec
        for part in ref.removeprefix("#/").split("/"):
            node = node[part]
        assert isinstance(node, dict)
        return node

    def _deref(self, schema: dict[str, Any]) -> dict[str, Any]:
        seen = 0
        while "$ref" in schema and seen < 10:
            schema = self.resolve(schema["$ref"])
            seen += 1
        return schema

    def for_schema(self, schema: Any, depth: int = 0) -> st.SearchStrategy[Json]:
        if not isinstance(schema, dict) or not schema:
            return json_values(6)
        if "$ref" in schema:
            ref = str(schema["$ref"])
            if depth >= MAX_REF_DEPTH:
                return st.one_of(st.none(), st.just({}))
            key = (ref, depth)
            if key not in self._refs:
                self._refs[key] = st.deferred(lambda: self.for_schema(self.resolve(ref), depth + 1))
            return self._refs[key]
        base = self._base(schema, depth)
        if schema.get("nullable") is True:
            base = st.one_of(st.none(), base)
        example = schema.get("example")
        if example is not None and not isinstance(example, dict | list):
            base = st.one_of(base, st.just(_plain(example)))
        return base

    def _merge_all_of(self, schema: dict[str, Any]) -> dict[str, Any]:
        merged: dict[str, Any] = {"type": "object", "properties": {}, "required": []}
        for part in schema["allOf"]:
            p = self._deref(part) if isinstance(part, dict) else {}
            if "allOf" in p:
                p = self._merge_all_of(p)
            merged["properties"].update(p.get("properties") or {})
            merged["required"] += list(p.get("required") or [])
            if p.get("type") not in (None, "object"):
                return p  # not an object composition: take the part as it is
        rest = {k: v for k, v in schema.items() if k != "allOf"}
        merged["properties"].update(rest.get("properties") or {})
        merged["required"] += list(rest.get("required") or [])
        return merged

    def _base(self, schema: dict[str, Any], depth: int) -> st.SearchStrategy[Json]:
        if "allOf" in schema:
            return self.for_schema(self._merge_all_of(schema), depth)
        for key in ("oneOf", "anyOf"):
            if isinstance(schema.get(key), list) and schema[key]:
                return st.one_of([self.for_schema(s, depth) for s in schema[key]])
        enum = schema.get("enum")
        if isinstance(enum, list) and enum:
            return st.sampled_from([_plain(v) for v in enum])
        kind = schema.get("type")
        if kind is None:
            kind = "object" if "properties" in schema else "array" if "items" in schema else None
        if kind == "object":
            return self._object(schema, depth)
        if kind == "array":
            items = self.for_schema(schema.get("items"), depth)
            return st.lists(items, max_size=MAX_ITEMS)
        if kind == "string":
            fmt = schema.get("format")
            if fmt == "date-time":
                return _iso_datetime_text()
            if fmt == "date":
                return _date_text()
            return texts()
        if kind == "integer":
            return st.integers(min_value=-(2**63), max_value=2**63)
        if kind == "number":
            return st.one_of(st.integers(min_value=-(10**12), max_value=10**12), decimals())
        if kind == "boolean":
            return st.booleans()
        return json_values(6)

    def _object(self, schema: dict[str, Any], depth: int) -> st.SearchStrategy[Json]:
        props: dict[str, Any] = schema.get("properties") or {}
        if not props:
            extra = schema.get("additionalProperties")
            values = self.for_schema(extra, depth) if isinstance(extra, dict) else json_leaves()
            return st.dictionaries(texts(8), values, max_size=MAX_ITEMS)
        required = {r for r in schema.get("required") or [] if r in props}
        return st.fixed_dictionaries(
            {k: self.for_schema(v, depth) for k, v in props.items() if k in required},
            optional={k: self.for_schema(v, depth) for k, v in props.items() if k not in required},
        )


def _plain(value: Any) -> Json:
    """A YAML example value as ``loads`` would return it (floats become Decimals)."""
    if isinstance(value, float):
        return Decimal(repr(value))
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


# --- mutations -------------------------------------------------------------------------------


def _paths(value: Json, prefix: Path = (), limit: int = 200) -> list[Path]:
    out: list[Path] = [prefix]
    stack: list[tuple[Path, Json]] = [(prefix, value)]
    while stack and len(out) < limit:
        path, node = stack.pop()
        children: list[tuple[str | int, Json]] = []
        if isinstance(node, dict):
            children = list(node.items())
        elif isinstance(node, list):
            children = list(enumerate(node))
        for k, v in children:
            out.append((*path, k))
            stack.append(((*path, k), v))
    return out


def _get(value: Json, path: Path) -> Json:
    for k in path:
        value = value[k]
    return value


def _replace(value: Json, path: Path, new: Callable[[Json], Json]) -> Json:
    """A copy of ``value`` with the node at ``path`` replaced by ``new(node)``."""
    if not path:
        return new(value)
    head, rest = path[0], path[1:]
    if isinstance(value, dict):
        return {k: (_replace(v, rest, new) if k == head else v) for k, v in value.items()}
    assert isinstance(value, list)
    return [_replace(v, rest, new) if i == head else v for i, v in enumerate(value)]


def nested(depth: int, leaf: Json = 1) -> Json:
    """``depth`` levels of lists and objects around ``leaf``."""
    out = leaf
    for i in range(depth):
        out = [out] if i % 2 else {"x": out}
    return out


def garbage() -> st.SearchStrategy[Json]:
    return st.one_of(
        st.sampled_from(GARBAGE_SCALARS),
        st.sampled_from(NON_FINITE),
        json_values(6),
        st.integers(min_value=2, max_value=200).map(nested),
    )


@st.composite
def _mutation(draw: st.DrawFn, value: Json) -> Json:
    path = draw(st.sampled_from(_paths(value)))
    node = _get(value, path)
    choices = ["replace", "wrap_list", "wrap_object"]
    if isinstance(node, dict):
        choices += ["add_key", "add_key"]
        if node:
            choices += ["drop_key", "null_key"]
    if isinstance(node, list) and node:
        choices += ["append", "empty"]
    how = draw(st.sampled_from(choices))
    if how == "replace":
        junk = draw(garbage())
        return _replace(value, path, lambda _: junk)
    if how == "wrap_list":
        return _replace(value, path, lambda n: [n, n])
    if how == "wrap_object":
        return _replace(value, path, lambda n: {"value": n})
    if how == "add_key":
        key = draw(st.one_of(texts(8), st.sampled_from(["id", "content", "extra", "\x00extra"])))
        junk = draw(garbage())
        return _replace(value, path, lambda n: {**n, key: junk})
    if how in ("drop_key", "null_key"):
        key = draw(st.sampled_from(sorted(node)))
        if how == "drop_key":
            return _replace(value, path, lambda n: {k: v for k, v in n.items() if k != key})
        return _replace(value, path, lambda n: {**n, key: None})
    if how == "append":
        junk = draw(garbage())
        return _replace(value, path, lambda n: [*n, junk])
    return _replace(value, path, lambda _: [])


@st.composite
def mutated(draw: st.DrawFn, base: st.SearchStrategy[Json]) -> Json:
    """A value of ``base`` with one or two mutations."""
    value = draw(base)
    for _ in range(draw(st.integers(min_value=1, max_value=2))):
        value = draw(_mutation(value))
    return value
