"""``FakeAnymarket``'s commerce routes: stock, warehouses, listings, orders, feeds, callbacks
and the other areas beyond the catalogue (a mixin; its handlers register with ``@route``)."""

from __future__ import annotations


class CommerceRoutes:
    """Mixin of ``FakeAnymarket`` holding the commerce state and handlers."""

    def _init_commerce(self) -> None:
        """Create the commerce state (called by ``FakeAnymarket.__init__``)."""
