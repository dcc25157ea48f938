"""The SDK against ANYMARKET's own API description (``../shared/anymarket``).

- every response example of the OpenAPI export, for every route the SDK models, decodes with
  the *strict* converter (no unknown field, no unknown enum value);
- every route the SDK declares exists in ``operations.json`` (no typo in a path), and every
  catalogue route of ``operations.json`` is modelled.

The export has known errors (API_NOTES.md §6.16: placeholders and copy errors). Each one we
tolerate is listed in ``ERRATA`` with its reason; nothing else is tolerated. The whole module
skips when ``../shared`` is absent, so a fresh clone still passes.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

import attrs
import pytest

import anymarket_sdk.resources.brands
import anymarket_sdk.resources.categories
import anymarket_sdk.resources.images
import anymarket_sdk.resources.products
import anymarket_sdk.resources.skus
import anymarket_sdk.resources.variations  # noqa: F401  (registers the routes)
from anymarket_sdk import ResponseDecodeError
from anymarket_sdk._converter import STRICT_CONVERTER
from anymarket_sdk._core import ROUTES, Route, decode_json
from tests.conftest import SHARED

SPEC_FILE = SHARED / "anymarket" / "api-v2.yaml"
OPERATIONS_FILE = SHARED / "anymarket" / "operations.json"

pytestmark = pytest.mark.skipif(
    not SPEC_FILE.exists(), reason="../shared/anymarket is not present (fresh clone)"
)

CATALOGUE_PREFIXES = ("/brands", "/categories", "/variations", "/products")


def _drop_placeholders(*keys: str) -> Callable[[Any], Any]:
    """Remove ``key: "string"`` / ``"boolean"`` placeholders wherever they appear."""

    def fix(node: Any) -> Any:
        if isinstance(node, dict):
            return {
                k: fix(v) for k, v in node.items() if not (k in keys and v in ("string", "boolean"))
            }
        if isinstance(node, list):
            return [fix(v) for v in node]
        return node

    return fix


def _rename_key(old: str, new: str) -> Callable[[Any], Any]:
    def fix(node: Any) -> Any:
        if isinstance(node, dict):
            return {(new if k == old else k): fix(v) for k, v in node.items()}
        if isinstance(node, list):
            return [fix(v) for v in node]
        return node

    return fix


@attrs.frozen
class Erratum:
    route: str
    reason: str
    fix: Callable[[Any], Any]


_PRODUCT_ENUM_PLACEHOLDERS = _drop_placeholders("gender", "definitionPriceScope")
ERRATA: list[Erratum] = [
    *(
        Erratum(
            key,
            "placeholder 'string' where the schema has an enum (gender, definitionPriceScope)"
            " - API_NOTES §6.16",
            _PRODUCT_ENUM_PLACEHOLDERS,
        )
        for key in (
            "GET /products",
            "POST /products",
            "GET /products/{id}",
            "PUT /products/{id}",
            "PATCH /products/{id}",
            "PATCH /products/patch/{productId}",
        )
    ),
    Erratum(
        "POST /products/{productId}/images",
        "placeholders 'boolean' for main and 'string' for the status enum - API_NOTES §6.16",
        _drop_placeholders("main", "status"),
    ),
    Erratum(
        "GET /categories/fullPath",
        "typo 'parnerId' for parent.partnerId in the generated example - API_NOTES §6.16",
        _rename_key("parnerId", "partnerId"),
    ),
]
_ERRATA_BY_ROUTE = {e.route: e for e in ERRATA}


def _load_spec() -> dict[str, Any]:
    yaml = pytest.importorskip("yaml")
    data: dict[str, Any] = yaml.safe_load(SPEC_FILE.read_text(encoding="utf-8"))
    return data


def _resolve(spec: dict[str, Any], ref: str) -> dict[str, Any]:
    node: Any = spec
    for part in ref.removeprefix("#/").split("/"):
        node = node[part]
    assert isinstance(node, dict)
    return node


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


def _cases() -> list[Any]:
    if not SPEC_FILE.exists():
        return []
    spec = _load_spec()
    cases = []
    for r in ROUTES:
        op = spec["paths"].get(r.path, {}).get(r.method.lower())
        if op is None:
            continue
        for status, response in op.get("responses", {}).items():
            content = (response.get("content") or {}).get("application/json")
            if not str(status).startswith("2") or not content:
                continue
            for name, example in _examples(spec, content):
                cases.append(pytest.param(r, example, id=f"{r.key} {status} {name}"))
    return cases


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
        method, path = erratum.route.split(" ", 1)
        route = next(r for r in ROUTES if r.key == erratum.route)
        op = spec["paths"][path][method.lower()]
        failures = 0
        for response in op["responses"].values():
            content = (response.get("content") or {}).get("application/json")
            for _, example in _examples(spec, content or {}):
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
    assert declared - real == set()


def test_every_catalogue_route_is_modelled() -> None:
    catalogue = {k for k in _operations() if k.split(" ", 1)[1].startswith(CATALOGUE_PREFIXES)}
    declared = {r.key for r in ROUTES}
    assert catalogue - declared == set()
    assert len(catalogue) == 45
