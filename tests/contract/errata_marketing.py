"""Spec errata for transmissions, questions, campaigns, promotions and templates."""

from __future__ import annotations

from tests.contract._errata import Erratum, drop_placeholders

_TRANSMISSION_STATUS = drop_placeholders("status")

ERRATA: list[Erratum] = [
    *(
        Erratum(
            key,
            "placeholder 'string' for the transmission status enum (and, on the marketplace"
            " listing, for the image status enum) - API_NOTES §5.5, §6.16",
            _TRANSMISSION_STATUS,
        )
        for key in (
            "GET /transmissions",
            "GET /transmissions/{id}",
            "PUT /transmissions/{id}",
            "GET /transmissions/marketplace/{marketplace}",
        )
    ),
    Erratum(
        "GET /campaigns",
        "generated example has placeholders 'string' for the status and marketplace enums and"
        " for the initialDate/finalDate date-times (the schema's own x-example is real)"
        " - API_NOTES §3.15, §6.16",
        drop_placeholders("status", "marketplace", "initialDate", "finalDate"),
    ),
]

SPEC_PATHS: dict[str, list[str]] = {
    # the export's path template is garbled: it names the query parameters as path
    # segments and drops {marketplace} (API_NOTES §3.9, §6.16); its summary and operationId
    # name the real path
    "GET /transmissions/marketplace/{marketplace}": [
        "/transmissions/marketplace/{offset}/{limit}/{sort}/{statusFilter}"
    ],
}
