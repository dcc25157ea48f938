"""The SDK against ANYMARKET's own API description (``../shared/anymarket``).

- every response example of the OpenAPI export, for every route the SDK models, decodes with
  the *strict* converter (no unknown field, no unknown enum value);
- every route the SDK declares exists in ``operations.json`` (no typo in a path) or is one
  of the [sdk] routes the errata modules list with their source, and all 107 routes of
  ``operations.json`` are modelled.

The export has known errors (API_NOTES.md §6-7: placeholders, copy errors, garbled paths).
Each one we tolerate is listed, with its reason, in an ``errata_<area>.py`` module beside this
file; nothing else is tolerated. The whole module skips when ``../shared`` is absent, so a
fresh clone still passes.
"""

from __future__ import annotations

import functools
import importlib
import json
import pkgutil
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import anymarket_sdk.resources
from anymarket_sdk import ResponseDecodeError
from anymarket_sdk._converter import STRICT_CONVERTER
from anymarket_sdk._core import ROUTES, Route, decode_json
from tests.conftest import SHARED
from tests.contract._errata import Erratum

SPEC_FILE = SHARED / "anymarket" / "api-v2.yaml"
OPERATIONS_FILE = SHARED / "anymarket" / "operations.json"

pytestmark = pytest.mark.skipif(
    not SPEC_FILE.exists(), reason="../shared/anymarket is not present (fresh clone)"
)

for _info in pkgutil.iter_modules(anymarket_sdk.resources.__path__):
    importlib.import_module(f"anymarket_sdk.resources.{_info.name}")  # registers the routes


def _errata_modules() -> list[Any]:
    here = Path(__file__).resolve().parent
    return [
        importlib.import_module(f"tests.contract.{f.stem}")
        for f in sorted(here.glob("errata_*.py"))
    ]


ERRATA: list[Erratum] = [e for m in _errata_modules() for e in m.ERRATA]
SPEC_PATHS: dict[str, list[str]] = {
    k: v for m in _errata_modules() for k, v in getattr(m, "SPEC_PATHS", {}).items()
}
SDK_ROUTES: dict[str, str] = {
    k: v for m in _errata_modules() for k, v in getattr(m, "SDK_ROUTES", {}).items()
}
"""Routes outside operations.json that the SDK models on purpose ([sdk] in API_NOTES), with
the source that documents each."""
_ERRATA_BY_ROUTE = {e.route: e for e in ERRATA}


@functools.cache
def _load_spec() -> dict[str, Any]:
    """The parsed export (parsed once per run; with libyaml when PyYAML has it).

    Callers must not mutate it: it is shared by every test module that reads the spec."""
    yaml = pytest.importorskip("yaml")
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    data: dict[str, Any] = yaml.load(SPEC_FILE.read_text(encoding="utf-8"), Loader=loader)
    return data


def _resolve(spec: dict[str, Any], ref: str) -> dict[str, Any]:
    node: Any = spec
    for part in ref.removeprefix("#/").split("/"):
        node = node[part]
    assert isinstance(node, dict)
    return node


def _spec_ops(spec: dict[str, Any], r: Route[Any]) -> list[dict[str, Any]]:
    """The export's operation(s) for a route (some paths are spelled differently there)."""
    ops = [spec["paths"].get(p, {}).get(r.method.lower()) for p in SPEC_PATHS.get(r.key, [r.path])]
    return [op for op in ops if op is not None]


def _examples(spec: dict[str, Any], content: dict[str, Any]) -> Iterator[tuple[str, Any]]:
    for name, ex in (content.get("examples") or {}).items():
        if "value" in ex:
            yield f"examples/{name}", ex["value"]
    if "example" in content:
        yield "example", content["example"]
    schema = content.get("schema") or {}
    if "$ref" in schema:
        schema = _resolve(spec, schema["$ref"])
    for name, ex in (schema.get("x-examples") or {}).items():
        yield f"x-examples/{name}", ex


def _route_examples(spec: dict[str, Any], r: Route[Any]) -> Iterator[tuple[str, Any]]:
    for op in _spec_ops(spec, r):
        for status, response in op.get("responses", {}).items():
            content = (response.get("content") or {}).get("application/json")
            if str(status).startswith("2") and content:
                for name, example in _examples(spec, content):
                    yield f"{status} {name}", example


def _cases() -> list[Any]:
    if not SPEC_FILE.exists():
        return []
    spec = _load_spec()
    return [
        pytest.param(r, example, id=f"{r.key} {name}")
        for r in ROUTES
        for name, example in _route_examples(spec, r)
    ]


@pytest.mark.parametrize(("route", "example"), _cases())
def test_response_example_decodes_strictly(route: Route[Any], example: Any) -> None:
    data = json.loads(json.dumps(example), parse_float=Decimal)
    erratum = _ERRATA_BY_ROUTE.get(route.key)
    if erratum is not None:
        data = erratum.fix(data)
    decode_json(route.decoder, data, STRICT_CONVERTER)


def test_errata_are_still_needed() -> None:
    """Each tolerated spec error must still make the raw example fail (or be removed)."""
    spec = _load_spec()
    for erratum in ERRATA:
        route = next(r for r in ROUTES if r.key == erratum.route)
        failures = 0
        for _, example in _route_examples(spec, route):
            data = json.loads(json.dumps(example), parse_float=Decimal)
            try:
                decode_json(route.decoder, data, STRICT_CONVERTER)
            except ResponseDecodeError:
                failures += 1
        assert failures, f"erratum for {erratum.route} is no longer needed: remove it"


def _operations() -> set[str]:
    ops = json.loads(OPERATIONS_FILE.read_text(encoding="utf-8"))
    return {f"{o['method']} {o['path']}" for o in ops}


def test_every_declared_route_is_a_real_route() -> None:
    real = _operations()
    declared = {r.key for r in ROUTES}
    assert declared - real - set(SDK_ROUTES) == set()
    assert set(SDK_ROUTES) <= declared, "SDK_ROUTES lists a route the SDK does not declare"


def test_every_route_is_modelled() -> None:
    operations = _operations()
    declared = {r.key for r in ROUTES}
    assert operations - declared == set()
    assert len(operations) == 107
