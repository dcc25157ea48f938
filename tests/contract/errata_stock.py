"""Spec errata for the stock routes (stocks, warehouses, reservations, fulfillment stock)."""

from __future__ import annotations

from tests.contract._errata import Erratum, drop_placeholders

ERRATA: list[Erratum] = [
    Erratum(
        "GET /skus/{skuId}/stocks/reservation",
        "placeholder 'string' in the marketPlace and reservationPosition enums (API_NOTES §6.16)",
        drop_placeholders("marketPlace", "reservationPosition"),
    ),
]
