"""``client.print_tags``: shipping labels (to be written)."""

from __future__ import annotations

from ._base import AsyncResource, SyncResource


class PrintTags(SyncResource):
    pass


class AsyncPrintTags(AsyncResource):
    pass
