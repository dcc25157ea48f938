"""Spec errata for the catalogue routes (brands, categories, variations, products, SKUs, images)."""

from __future__ import annotations

from tests.contract._errata import Erratum, drop_placeholders, rename_key

_PRODUCT_ENUM_PLACEHOLDERS = drop_placeholders("gender", "definitionPriceScope")

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
        drop_placeholders("main", "status"),
    ),
    Erratum(
        "GET /categories/fullPath",
        "typo 'parnerId' for parent.partnerId in the generated example - API_NOTES §6.16",
        rename_key("parnerId", "partnerId"),
    ),
]
