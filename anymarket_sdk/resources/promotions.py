"""``client.promotions``: ``/promotions`` (price rules, read-only)."""

from __future__ import annotations

from .._core import ModelDecoder, Operation, route
from ..models.promotions import Promotion
from ._base import AsyncResource, SyncResource

__all__ = ["AsyncPromotions", "Promotions", "get_op"]

_GET = route("GET", "/promotions/{id}", ModelDecoder(Promotion))


def get_op(promotion_id: int) -> Operation[Promotion]:
    return _GET.op({"id": promotion_id})


class Promotions(SyncResource):
    def get(self, promotion_id: int) -> Promotion:
        """A price rule with its actions and conditions."""
        return self._client.send(get_op(promotion_id))


class AsyncPromotions(AsyncResource):
    async def get(self, promotion_id: int) -> Promotion:
        """A price rule with its actions and conditions."""
        return await self._client.send(get_op(promotion_id))
