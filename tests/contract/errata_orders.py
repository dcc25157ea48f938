"""Spec errata for the order routes (``/orders``).

The export's order examples put the placeholder ``"string"`` in three enum fields
(``marketPlace``, ``transmissionStatus``, ``buyer.documentType``): they are dropped before
decoding. Every other variant in the examples (``customizations`` as an object in the
"Pago" example, ``pickup.partnerId`` as a number, ``metadata`` booleans, ``deliverStatus``)
is read by the order normalisers in ``anymarket_sdk._converter`` in production as here, so it
is not an erratum.

The export splits ``PUT /orders/{id}`` into five pseudo-paths, one per target status
(``/orders/{id}(Pago)`` ...); ``SPEC_PATHS`` maps the one real route to them so their
examples are checked too.
"""

from __future__ import annotations

from tests.contract._errata import Erratum, drop_placeholders

_ORDER_ENUM_PLACEHOLDERS = drop_placeholders("marketPlace", "transmissionStatus", "documentType")

ERRATA: list[Erratum] = [
    Erratum(
        key,
        "placeholder 'string' where the schema has an enum (marketPlace, transmissionStatus,"
        " buyer.documentType) - API_NOTES §6.16",
        _ORDER_ENUM_PLACEHOLDERS,
    )
    for key in ("GET /orders", "POST /orders", "GET /orders/{id}", "PUT /orders/{id}")
]

SPEC_PATHS: dict[str, list[str]] = {
    "PUT /orders/{id}": [
        "/orders/{id}(Pago)",
        "/orders/{id}(Faturado)",
        "/orders/{id}(Enviado - Em Transito)",
        "/orders/{id}(Concluido)",
        "/orders/{id}(Cancelado)",
    ],
}

_JSDK = "official Java SDK (AnyMarket/anymarket-sdk-java)"

SDK_ROUTES: dict[str, str] = {
    "GET /orders/{marketplace}/{idInMarketplace}": (
        f"API_NOTES §3.10 / §3.10.4: order by marketplace id; {_JSDK}"
        " order:OrderService.java getOrderBy (GET /orders/{marketPlace}/{idInMarketPlace})"
    ),
    "PUT /orders/partnerid/{id}": (
        "API_NOTES §3.10 / §4: writes the ERP order number (body = order with partnerId);"
        f" {_JSDK} order:OrderService.java updatePartnerIdOrder"
    ),
    "PUT /orders/{id}/transmissionStatus": (
        "API_NOTES §3.10: ERP import result {transmissionStatus, statusInMarketplace, errorMsg,"
        f" orderMessage}}; {_JSDK} order:OrderService.java updateTransmissionStatus"
    ),
    "POST /orders/{orderId}/packages": (
        f"API_NOTES §3.10.5: split-shipment packages; {_JSDK}"
        " order:OrderPackageService.java createPackages"
    ),
    "GET /orders/{orderId}/packages": (
        f"API_NOTES §3.10.5: list of OrderPackageUnit; {_JSDK} order:OrderPackageService.java"
        " getPackages"
    ),
    "PUT /orders/{orderId}/packages/delivered": (
        f"API_NOTES §3.10.5: {{packageId, deliveredDate}}; {_JSDK}"
        " order:OrderPackageService.java deliverPackage"
    ),
    "POST /orders/{id}/returns": (
        f"API_NOTES §3.10: returns (devoluções); {_JSDK} order:OrderReturnService.java"
        " saveOrderReturn"
    ),
    "GET /orders/returns/{orderId}": (
        "API_NOTES §3.10: returns of an order; MundoMoveis/anymarket-order-loader"
        " src/clients/anymarket.py list_returns [peer]"
    ),
    "PATCH /orders/returns/{returnId}": (
        f"API_NOTES §3.10: change a return; {_JSDK} order:OrderReturnService.java updateOrderReturn"
    ),
}
