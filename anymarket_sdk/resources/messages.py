"""``client.messages``: a message to the buyer of an order (``POST /messages/order/{id}``),
forwarded by ANYMARKET to the marketplace (documented for Mercado Livre)."""

from __future__ import annotations

from typing import Final

from .._core import OneOrFirstDecoder, Operation, require_text, route
from ..errors import RequestValidationError
from ..models.monitoring import BuyerMessage
from ._base import AsyncResource, SyncResource

__all__ = ["MAX_MESSAGE_LENGTH", "AsyncMessages", "Messages", "send_op"]

# Not idempotent: a retried POST could deliver the message to the buyer twice.
_SEND = route("POST", "/messages/order/{id}", OneOrFirstDecoder(BuyerMessage))

MAX_MESSAGE_LENGTH: Final = 2000
"""The SDK's own bound: the API documents no maximum, and marketplaces apply their own
(often lower) limits to post-sale messages."""


def send_op(order_id: int, message: str) -> Operation[BuyerMessage | None]:
    if isinstance(order_id, bool) or not isinstance(order_id, int) or order_id <= 0:
        raise RequestValidationError(
            "order_id", f"must be a positive ANYMARKET order id, got {order_id!r}"
        )
    if not isinstance(message, str):
        raise RequestValidationError("message", f"must be text, got {type(message).__name__}")
    require_text("message", message, max_len=MAX_MESSAGE_LENGTH)
    return _SEND.op({"id": order_id}, json={"message": message})


class Messages(SyncResource):
    def send(self, order_id: int, message: str) -> BuyerMessage | None:
        """Send ``message`` to the buyer of the order (ANYMARKET's order id). Returns what
        ANYMARKET acknowledged, or ``None`` when it answers without a body."""
        return self._client.send(send_op(order_id, message))


class AsyncMessages(AsyncResource):
    async def send(self, order_id: int, message: str) -> BuyerMessage | None:
        """Send ``message`` to the buyer of the order (ANYMARKET's order id). Returns what
        ANYMARKET acknowledged, or ``None`` when it answers without a body."""
        return await self._client.send(send_op(order_id, message))
