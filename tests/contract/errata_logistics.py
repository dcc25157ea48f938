"""Spec errata for the logistics routes (freight quotes, monitorings, print tags, order
messages, fulfillment documents)."""

from __future__ import annotations

from tests.contract._errata import Erratum, drop_placeholders

ERRATA: list[Erratum] = [
    Erratum(
        "POST /freight/quotes",
        "placeholder 'string' where the schema has enums (marketPlace, quotes[].freightType,"
        " defaultFreight.freightType) - API_NOTES §6.16",
        drop_placeholders("marketPlace", "freightType"),
    ),
    Erratum(
        "POST /monitorings",
        "examples/example-1 has placeholder 'string' for the createdAt date-time and the type"
        " and status enums (its x-examples twin has real values) - API_NOTES §6.16",
        drop_placeholders("createdAt", "type", "status"),
    ),
    Erratum(
        "GET /fulfillment/{marketplace}/documents",
        "examples/Example 1 has placeholder 'string' for the marketplace code and the"
        " document type (the x-examples twin has MAGAZINE_LUIZA and SALE) - API_NOTES §6.16",
        drop_placeholders("marketplace", "type"),
    ),
]
