"""Errors of the OpenAPI export's *response* descriptions that ``test_fake_conformance``
tolerates, each with its reason and the API_NOTES.md section that documents it.

``test_fake_conformance`` validates every answer of ``FakeAnymarket`` against the response the
export (``../shared/anymarket/api-v2.yaml``) documents for its route. Where that description
is itself wrong (API_NOTES §6-7: copy errors, an object where the API answers an array, a
closed enum that other sources extend), the route's schema is patched here. The fake is never
loosened to fit a wrong schema, and nothing else is tolerated: ``test_fake_conformance`` checks
that every erratum here still removes at least one violation.

A ``SchemaErratum`` can

- ``patch`` the route's response JSON Schema (already converted: ``$ref`` inlined, OpenAPI 3.0
  keywords translated to Draft 4), in place;
- validate an answer of HTTP status ``status`` as the export's ``documented_as`` answer;
- accept 2xx answers of ``media_type`` (a non-JSON body the export does not list).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import attrs

Schema = dict[str, Any]


@attrs.frozen
class SchemaErratum:
    route: str
    """The SDK route key, e.g. ``"GET /orders/{id}"``."""
    reason: str
    """What is wrong in the export, and where API_NOTES says so."""
    patch: Callable[[Schema], None] | None = None
    """Rewrites the route's response schema in place."""
    status: int | None = None
    documented_as: int | None = None
    media_type: str | None = None


# --- patch helpers ---------------------------------------------------------------------------


def properties_named(node: Any, name: str) -> Iterator[Schema]:
    """Every ``properties`` mapping, anywhere in ``node``, that has a property ``name``."""
    if isinstance(node, dict):
        props = node.get("properties")
        if isinstance(props, dict) and name in props:
            yield props
        for value in node.values():
            yield from properties_named(value, name)
    elif isinstance(node, list):
        for value in node:
            yield from properties_named(value, name)


def replace_everywhere(name: str, new: Callable[[Schema], Schema]) -> Callable[[Schema], None]:
    """Replace every property ``name`` by ``new(old schema)``; the property must exist."""

    def patch(root: Schema) -> None:
        found = list(properties_named(root, name))
        if not found:
            raise KeyError(name)
        for props in found:
            props[name] = new(props[name])

    return patch


def at(schema: Schema, *path: str) -> Schema:
    """The sub-schema at ``path`` (property names; ``[]`` for an array's items), looking into
    ``allOf`` branches."""
    node = schema
    for step in path:
        node = _step(node, step)
    return node


def _step(node: Schema, step: str) -> Schema:
    if step == "[]" and isinstance(node.get("items"), dict):
        items: Schema = node["items"]
        return items
    props = node.get("properties")
    if step != "[]" and isinstance(props, dict) and step in props:
        found: Schema = props[step]
        return found
    for branch in node.get("allOf", []):
        try:
            return _step(branch, step)
        except KeyError:
            continue
    raise KeyError(step)


# --- the response shapes API_NOTES documents -------------------------------------------------

VARIATION_VALUES: Schema = {
    "type": "array",
    "items": {
        "type": "object",
        "properties": {
            "id": {"type": "integer"},
            "description": {"type": "string"},
            "partnerId": {"type": "string"},
            "type": {
                "type": "object",
                "properties": {
                    "id": {"type": "integer"},
                    "name": {"type": "string"},
                    "partnerId": {"type": "string"},
                    "visualVariation": {"type": "boolean"},
                },
            },
        },
    },
}
"""A SKU's ``variations`` in a response (API_NOTES §3.2, §6.3): an array of value objects."""

DELIVER_STATUSES = (
    *("UNKNOWN", "IN_TRANSIT", "DELIVERED", "HOLD_FOR_PICKUP", "DELAYED", "DELIVERED_LATE"),
    *("SHIPPED", "CONCLUDED"),
    *("PACKING", "DELAYED_PICKUP", "HOLD_FOR_SHIPPED", "DELAYED_SHIPPING", "SHIP_CONFIRMED"),
    *("QUARANTINE", "NOT_DELIVERED"),
)
"""``deliverStatus`` values: SPEC GET, SPEC POST and the official Java SDK (API_NOTES §5.2)."""


def _variation_values(old: Schema) -> Schema:
    return VARIATION_VALUES


def _as_number(old: Schema) -> Schema:
    return {**old, "type": "number"}


def _string_flag(old: Schema) -> Schema:
    return {"type": "string", "enum": ["true", "false"]}


def _open_document_number(old: Schema) -> Schema:
    return {k: v for k, v in old.items() if k != "enum"}


def _all_deliver_statuses(old: Schema) -> Schema:
    return {**old, "enum": list(DELIVER_STATUSES)}


def _page_size_up_to_100(root: Schema) -> None:
    at(root, "page", "size")["maximum"] = 100


def _children_array(root: Schema) -> None:
    props = root["properties"]
    props["children"] = {"type": "array", "items": props["children"]}


def _one_image_or_list(root: Schema) -> None:
    image = dict(root["items"])
    root.clear()
    root["anyOf"] = [image, {"type": "array", "items": image, "maxItems": 1}]


_PRODUCTS = (
    "GET /products",
    "POST /products",
    "GET /products/{id}",
    "PUT /products/{id}",
    "PATCH /products/{id}",
    "PATCH /products/patch/{productId}",
)
_SKUS = (
    "GET /products/{productId}/skus",
    "POST /products/{productId}/skus",
    "GET /products/{productId}/skus/{skuId}",
    "PUT /products/{productId}/skus/{skuId}",
    "PATCH /products/{productId}/skus/{skuId}",
    "PATCH /products/{productId}/skus/patch/{skuId}",
)
_TRANSMISSIONS = ("GET /transmissions", "GET /transmissions/{id}", "PUT /transmissions/{id}")
_AD_UPDATES = (
    "PUT /skus/{skuId}/marketplaces/{id}",
    "PATCH /skus/{skuId}/marketplaces/{id}",
    "PATCH /skus/{skuId}/marketplaces/patch/{id}",
)
_ORDERS = ("GET /orders", "POST /orders", "GET /orders/{id}", "PUT /orders/{id}")

SCHEMA_ERRATA: list[SchemaErratum] = [
    SchemaErratum(
        "GET /brands",
        "page.size has 'maximum: 5', the minimum (and default) of the limit it echoes: the"
        " export's own limit parameter allows 5..100 (API_NOTES §2.1; copy error, §6.16)",
        _page_size_up_to_100,
    ),
    *(
        SchemaErratum(
            key,
            "priceFactor typed integer in the category tree, where the category's"
            " priceFactor is a decimal markup (API_NOTES §3.5, §5.11; copy error, §6.16)",
            replace_everywhere("priceFactor", _as_number),
        )
        for key in ("GET /categories/fullPath", "GET /categories/{id}")
    ),
    SchemaErratum(
        "PUT /categories/{id}",
        "children typed as one category object: the tree answers children[] (API_NOTES §3.5"
        " GET /categories/{id}, /fullPath; copy error, §6.16)",
        _children_array,
    ),
    *(
        SchemaErratum(
            key,
            "SKU variations documented as the request's name -> value map (or an array of"
            " arrays): responses carry an array of value objects {id, description, partnerId,"
            " type} (API_NOTES §6.3, §3.2, §3.9)",
            replace_everywhere("variations", _variation_values),
        )
        for key in (*_PRODUCTS, *_SKUS, *_TRANSMISSIONS)
    ),
    *(
        SchemaErratum(
            key,
            "fields.HAS_DISCOUNT documented as a boolean enum: listing fields are strings"
            " ('true'/'false') (API_NOTES §2.4, §3.8, §6.6)",
            replace_everywhere("HAS_DISCOUNT", _string_flag),
        )
        for key in _AD_UPDATES
    ),
    *(
        SchemaErratum(
            key,
            "buyer.documentNumberNormalized has the documentType enum (CPF, CNPJ, ...): it is"
            " the document's digits (API_NOTES §6.16, §3.10.2)",
            replace_everywhere("documentNumberNormalized", _open_document_number),
        )
        for key in _ORDERS
    ),
    SchemaErratum(
        "PUT /orders/{id}",
        "deliverStatus enum of SPEC GET lacks SHIPPED and the other values SPEC POST and the"
        " official Java SDK document (API_NOTES §5.2, §7 deliverStatus, §2.8 open enums)",
        replace_everywhere("deliverStatus", _all_deliver_statuses),
    ),
    SchemaErratum(
        "GET /products/{productId}/images/{imageId}",
        "one image typed as an array of Image, the list route's schema (copy error, API_NOTES"
        " §6.16; §3.3 documents one image by id): both readings accepted, as the SDK's"
        " OneOrFirstDecoder does",
        _one_image_or_list,
    ),
    SchemaErratum(
        "PUT /stocks/batch",
        "the per-SKU report {success, errors} is documented under 204, which cannot carry a"
        " body (RFC 9110 §15.3.5): a 200 answer is validated against it (API_NOTES §3.7 says"
        " 204; copy error, §6.16)",
        status=200,
        documented_as=204,
    ),
    *(
        SchemaErratum(
            key,
            "the export documents only JSON links (XmlFulfillment); the route answers the NF-e"
            " XML itself (API_NOTES §3.10 'NF-e XML', §5.10, §2.9; sources disagree, §7)",
            media_type="application/xml",
        )
        for key in (
            "GET /orders/{id}/nfe/type/{type}",
            "GET /orders/{id}/inbound/marketplace/{marketPlace}",
        )
    ),
]
