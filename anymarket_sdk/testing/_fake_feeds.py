"""``FakeAnymarket``: callback registrations, recorded notifications and the two feeds
(``/callbacks``, ``/orders/feeds``, ``/transmissions/feeds``).

Order feed: one entry per order and status, ``{id, token}`` on the wire. Creating an order
adds an entry for its status; every status change adds one for the new status (an entry
for a status the order already had gets a fresh token). Entries stay until acknowledged
with their current token: ``PUT /orders/feeds/{id}`` without ``status`` clears every entry
of that order (as the API documents), with ``status`` only that status's entry. A token
that no entry holds any more (already acknowledged, or replaced by a fresh one) is a 404.

Transmission feed: one entry per active listing (its id, the one ``/transmissions/{id}``
takes); every change of the listing gives it a fresh token.

Notifications: each order creation or status change records
``{"type": "ORDER", "content": {"id": "<order id>", "oi": "<fake oi>"}}`` for every
registration with ``orderActive`` (``TRANSMISSION``/``QUESTION`` alike with their flags).
``deliver_callbacks(fn)`` hands them to ``fn`` as the raw JSON body (bytes, as a web
endpoint receives them); a notification ``fn`` raised on is kept and retried by the next
delivery, and dropped after 3 failed attempts, as ANYMARKET gives up after three tries
(the change stays in the feed).
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any, Final

from .._converter import dumps
from .._jsonutil import as_object
from ._fake_common import CommerceBase, new_token
from ._fakecore import (
    FakeAPIError,
    FakeRequest,
    JSONObj,
    Reply,
    clean,
    flag_field,
    not_found,
    required_text,
    route,
    text_field,
)

MAX_ATTEMPTS: Final = 3
"""ANYMARKET tries a notification three times, then leaves the change to the feed."""

_FLAGS: Final = ("orderActive", "productActive", "transmissionActive", "questionActive")


class FeedRoutes(CommerceBase):
    """Callbacks, notifications and feeds."""

    def _init_feeds(self) -> None:
        self._callbacks: dict[int, JSONObj] = {}
        self._notifications: list[JSONObj] = []
        """Pending deliveries: ``{"callbackId", "url", "body", "attempts"}``."""
        self._order_feed: list[JSONObj] = []
        """``{"id": order id, "status": ..., "token": ...}`` in emission order."""
        self._transmission_feed: dict[int, str] = {}
        """listing id -> its current token."""

    # -- emission (used by the other mixins) ---------------------------------------------------

    def _notify(self, kind: str, flag: str, resource_id: int | str) -> None:
        body = {"type": kind, "content": {"id": str(resource_id), "oi": self.oi}}
        for callback in self._callbacks.values():
            if callback.get(flag):
                self._notifications.append(
                    {
                        "callbackId": callback["id"],
                        "url": callback["url"],
                        "body": copy.deepcopy(body),
                        "attempts": 0,
                    }
                )

    def _emit_order(self, order_id: int, status: str) -> None:
        """An order was created or changed status: a feed entry and a notification."""
        token = new_token()
        for entry in self._order_feed:
            if entry["id"] == order_id and entry["status"] == status:
                entry["token"] = token
                break
        else:
            self._order_feed.append({"id": order_id, "status": status, "token": token})
        self._notify("ORDER", "orderActive", order_id)

    def _emit_transmission(self, listing_id: int) -> None:
        """An active listing changed: a fresh transmission feed token and a notification."""
        self._transmission_feed.pop(listing_id, None)
        self._transmission_feed[listing_id] = new_token()
        self._notify("TRANSMISSION", "transmissionActive", listing_id)

    def _order_exists(self, order_id: int) -> bool:
        return False  # the orders mixin answers

    # -- callbacks -----------------------------------------------------------------------------

    def _callback(self, callback_id: int) -> JSONObj:
        callback = self._callbacks.get(callback_id)
        if callback is None:
            raise not_found(callback_id)
        return callback

    @staticmethod
    def _callback_fields(body: JSONObj) -> JSONObj:
        fields: JSONObj = {
            "url": required_text(body, "url", max_len=255),
            "token": text_field(body, "token"),
        }
        for flag in _FLAGS:
            fields[flag] = flag_field(body, flag)
        if fields[_FLAGS[-1]] is None and "questionActive " in body:
            fields[_FLAGS[-1]] = flag_field(body, "questionActive ")
        return clean(fields)

    @route("GET", "/callbacks")
    def _list_callbacks(self, req: FakeRequest) -> Reply:
        return self._paged(req, list(self._callbacks.values()))

    @route("POST", "/callbacks")
    def _post_callback(self, req: FakeRequest) -> Reply:
        fields = self._callback_fields(req.object_body())
        callback = {"id": self._next_id("callback"), **fields}
        self._callbacks[callback["id"]] = callback
        return 201, copy.deepcopy(callback)

    @route("GET", "/callbacks/{id}")
    def _get_callback(self, req: FakeRequest) -> Reply:
        return 200, copy.deepcopy(self._callback(req.id()))

    @route("PUT", "/callbacks/{id}")
    def _put_callback(self, req: FakeRequest) -> Reply:
        callback_id = self._callback(req.id())["id"]
        callback = {"id": callback_id, **self._callback_fields(req.object_body())}
        self._callbacks[callback_id] = callback
        return 200, copy.deepcopy(callback)

    @route("DELETE", "/callbacks/{id}")
    def _delete_callback(self, req: FakeRequest) -> Reply:
        callback_id = self._callback(req.id())["id"]
        del self._callbacks[callback_id]
        self._notifications = [n for n in self._notifications if n["callbackId"] != callback_id]
        return 204, None

    # -- feeds ---------------------------------------------------------------------------------

    def _feed_limit(self, req: FakeRequest) -> int:
        return self._limit(req, 100)

    @staticmethod
    def _ack_token(req: FakeRequest) -> str:
        body = as_object(req.body)
        token = body.get("token") if body is not None else None
        if not isinstance(token, str) or not token.strip():
            raise FakeAPIError(400, "O campo 'token' é obrigatório.")
        return token

    @route("GET", "/orders/feeds")
    def _read_order_feed(self, req: FakeRequest) -> Reply:
        limit = self._feed_limit(req)
        return 200, [{"id": e["id"], "token": e["token"]} for e in self._order_feed[:limit]]

    @route("PUT", "/orders/feeds/{id}")
    def _ack_order_feed(self, req: FakeRequest) -> Reply:
        order_id = req.id()
        token = self._ack_token(req)
        status = req.query.get("status")
        entries = [e for e in self._order_feed if e["id"] == order_id]
        if not entries and not self._order_exists(order_id):
            raise not_found(order_id)
        hit = next((e for e in entries if e["token"] == token), None)
        if hit is None or (status is not None and hit["status"] != status):
            raise FakeAPIError(
                404, f"Item do feed do pedido '{order_id}' com o token informado não encontrado."
            )
        if status is None:
            self._order_feed = [e for e in self._order_feed if e["id"] != order_id]
        else:
            self._order_feed.remove(hit)
        return 204, None

    @route("GET", "/transmissions/feeds")
    def _read_transmission_feed(self, req: FakeRequest) -> Reply:
        limit = self._feed_limit(req)
        items = list(self._transmission_feed.items())[:limit]
        return 200, [{"id": listing_id, "token": token} for listing_id, token in items]

    @route("PUT", "/transmissions/feeds/{id}")
    def _ack_transmission_feed(self, req: FakeRequest) -> Reply:
        listing_id = req.id()
        token = self._ack_token(req)
        if self._transmission_feed.get(listing_id) != token:
            raise FakeAPIError(
                404,
                f"Item do feed de transmissões '{listing_id}' com o token informado "
                "não encontrado.",
            )
        del self._transmission_feed[listing_id]
        return 204, None

    # -- scenario API --------------------------------------------------------------------------

    def feed_items(self) -> list[JSONObj]:
        """The unacknowledged order feed entries: ``[{"id", "status", "token"}]`` (the wire
        carries only ``id`` and ``token``)."""
        with self._lock:
            return copy.deepcopy(self._order_feed)

    def transmission_feed_items(self) -> list[JSONObj]:
        """The unacknowledged transmission feed entries: ``[{"id", "token"}]``."""
        with self._lock:
            return [{"id": i, "token": t} for i, t in self._transmission_feed.items()]

    def pending_callbacks(self) -> list[JSONObj]:
        """Notifications not delivered yet: ``[{"url", "body", "attempts"}]`` (``body`` is
        the JSON object ANYMARKET would POST)."""
        with self._lock:
            return [
                {"url": n["url"], "body": copy.deepcopy(n["body"]), "attempts": n["attempts"]}
                for n in self._notifications
            ]

    def deliver_callbacks(self, fn: Callable[[bytes], Any], *, url: str | None = None) -> int:
        """Deliver the pending notifications (those for ``url`` only, when given): ``fn``
        receives each body as the raw JSON bytes ANYMARKET POSTs (feed them to
        ``anymarket_sdk.webhooks.parse_notification``).

        A notification is done when ``fn`` returns; when it raises, the notification stays
        for the next delivery, and after 3 failed attempts it is dropped (the change is
        still in the feed). ``fn`` runs without the fake's lock, so it may call the fake
        through an SDK client. Returns how many notifications ``fn`` accepted."""
        with self._lock:
            batch = [n for n in self._notifications if url is None or n["url"] == url]
        accepted = 0
        for notification in batch:
            try:
                fn(dumps(notification["body"]))
            except Exception:  # noqa: BLE001 - the receiver failed: ANYMARKET retries
                with self._lock:
                    notification["attempts"] += 1
                    if notification["attempts"] >= MAX_ATTEMPTS:
                        self._discard(notification)
                continue
            accepted += 1
            with self._lock:
                self._discard(notification)
        return accepted

    def _discard(self, notification: JSONObj) -> None:
        self._notifications = [n for n in self._notifications if n is not notification]
