"""``FakeAnymarket``'s commerce routes: stock, warehouses, listings, orders, feeds, callbacks
and the other areas beyond the catalogue (a mixin; its handlers register with ``@route``).

The areas live in one inheritance chain, each module seeing the ones before it:

- ``_fake_common``: ids, the clock (``set_clock``/``now``), pages, raw (non-JSON) bodies;
- ``_fake_feeds``: callback registrations, notifications (``deliver_callbacks``), the
  order and transmission feeds;
- ``_fake_stock``: warehouses, stock rows, reservations, fulfillment stock;
- ``_fake_ads``: listings, prices, SKU exports, transmissions;
- ``_fake_orders``: orders and their status machine, NF-e, fiscal documents, packages,
  returns, labels, buyer messages, fulfillment documents;
- ``_fake_extras``: freight quotes, questions, campaigns, promotions, templates,
  monitorings.

Scenario API (public methods of ``FakeAnymarket``): ``set_clock``, ``now``,
``seed_catalogue``, ``set_stock``, ``stock_of``, ``add_warehouse``,
``default_warehouse_id``, ``set_fulfillment_stock``, ``add_listing``, ``listings_of``,
``create_sale``, ``advance_order``, ``cancel_sale``, ``order``, ``orders``,
``feed_items``, ``transmission_feed_items``, ``pending_callbacks``,
``deliver_callbacks``, ``nfe_xml``, ``add_nfe_xml``, ``add_inbound_nfe``,
``fiscal_documents``, ``buyer_messages``, ``add_fulfillment_document``, ``add_question``,
``add_campaign``, ``add_promotion``, ``monitorings``, ``template`` and
``make_access_key`` (a valid NF-e key for sandbox invoices).
"""

from __future__ import annotations

from datetime import datetime

from ._fake_extras import ExtraRoutes
from ._fake_orders import make_access_key

__all__ = ["CommerceRoutes"]


class CommerceRoutes(ExtraRoutes):
    """Mixin of ``FakeAnymarket`` holding the commerce state and handlers."""

    def _init_commerce(self) -> None:
        """Create the commerce state (called by ``FakeAnymarket.__init__``)."""
        self._init_common()
        self._init_feeds()
        self._init_stock()
        self._init_ads()
        self._init_orders()
        self._init_extras()

    @staticmethod
    def make_access_key(number: int, *, series: int = 1, when: datetime | None = None) -> str:
        """A valid NF-e access key (SP, model 55) for invoice ``number``: sandbox invoices
        need one, since the SDK checks keys before sending."""
        return make_access_key(number, series=series, when=when)
