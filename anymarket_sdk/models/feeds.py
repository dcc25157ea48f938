"""Feed items (``GET /orders/feeds``, ``GET /transmissions/feeds``) and the report of a
consumer run (``client.order_feed.consume``)."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

import attrs

from ._base import extra_field

__all__ = [
    "FeedFailure",
    "FeedItem",
    "FeedRunReport",
    "FeedStopReason",
    "OrderFeedItem",
    "TransmissionFeedItem",
]


@attrs.frozen(kw_only=True)
class FeedItem:
    """One entry of an ANYMARKET feed: the id of what changed and the entry's ``token``.

    The item carries no data: fetch the resource by ``id``, then acknowledge the entry with
    its ``token`` (a UUID string; it is not a credential). Unacknowledged entries come back on
    the next read for 30 days.
    """

    id: int
    token: str
    extra: dict[str, Any] = extra_field()


@attrs.frozen(kw_only=True)
class OrderFeedItem(FeedItem):
    """An order feed entry: ``id`` is the ANYMARKET order id (``client.orders.get(id)``)."""


@attrs.frozen(kw_only=True)
class TransmissionFeedItem(FeedItem):
    """A transmission feed entry: ``id`` is the SKU id according to the API docs (the
    official Java SDK reads it as the SKU-marketplace id); entries exist only for SKUs with an
    active ad."""


class FeedStopReason(StrEnum):
    """Why ``consume`` returned (never an error: errors that stop a run are raised)."""

    FEED_EMPTY = "feed_empty"
    """A read returned no entry this run had not already seen."""
    MAX_ITEMS = "max_items"
    """``max_items`` entries were handed to the handler."""
    MAX_SECONDS = "max_seconds"
    """``max_seconds`` elapsed (measured with the client's clock)."""


@attrs.frozen(kw_only=True)
class FeedFailure:
    """An entry left unacknowledged: its handler raised (``stage == "handler"``) or its
    acknowledgement failed (``stage == "ack"``).

    ``error`` is the exception's repr, truncated and masked (documents, e-mails, phones): safe
    to log. ``exception`` is the original object, for inspection or re-raising; it is kept out
    of ``repr`` and ``==`` because it may hold whatever the handler put in it.
    """

    id: int
    token: str
    stage: str
    error: str
    exception: BaseException | None = attrs.field(default=None, repr=False, eq=False)


def _new_ints() -> list[int]:
    return []


def _new_failures() -> list[FeedFailure]:
    return []


@attrs.frozen(kw_only=True)
class FeedRunReport:
    """What one ``consume`` run did.

    - ``processed``: ids whose handler returned normally, in completion order;
    - ``acked``: ids acknowledged (once per token);
    - ``failures``: handler failures, left in the feed (they come back on a later run);
    - ``ack_failures``: acknowledgements that failed (the entry may come back: the handler
      must be idempotent anyway);
    - ``duplicates``: entries skipped because this run had already seen the same id and token;
    - ``reads``: feed reads made; ``elapsed``: seconds on the client's clock.
    """

    processed: list[int] = attrs.field(factory=_new_ints)
    acked: list[int] = attrs.field(factory=_new_ints)
    failures: list[FeedFailure] = attrs.field(factory=_new_failures)
    ack_failures: list[FeedFailure] = attrs.field(factory=_new_failures)
    duplicates: int = 0
    reads: int = 0
    elapsed: float = 0.0
    stopped_because: FeedStopReason = FeedStopReason.FEED_EMPTY

    @property
    def ok(self) -> bool:
        """True when every handled entry was processed and acknowledged."""
        return not self.failures and not self.ack_failures

    @property
    def failed_ids(self) -> list[int]:
        """Ids whose handler failed (each once, in order)."""
        return list(dict.fromkeys(f.id for f in self.failures))
