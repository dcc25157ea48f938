"""Spec errata for the feed and callback routes (orders/transmissions feeds, /callbacks).

No example needs rewriting: the export's ``"questionActive "`` key (trailing space, API_NOTES
§3.12 and §6.16) is read by the ``Callback`` normaliser in ``anymarket_sdk.resources.callbacks``,
in production as in this test, rather than tolerated here.
"""

from __future__ import annotations

from tests.contract._errata import Erratum

ERRATA: list[Erratum] = []

SDK_ROUTES: dict[str, str] = {
    "GET /callbacks": (
        "API_NOTES §3.12: paged list of registrations used by the official Java SDK"
        " (callback:CallbackService.java getAllCallbacks, GET /callbacks/), the PHP SDK and"
        " CLIMBA; absent from the OpenAPI export"
    ),
}
