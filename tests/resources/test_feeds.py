from __future__ import annotations

import asyncio
import json
import logging
import threading
import uuid
from collections.abc import Callable
from typing import Any

import httpx
import pytest
import respx

from anymarket_sdk import (
    APIStatusError,
    AuthenticationError,
    BadRequestError,
    NotFoundError,
    RequestValidationError,
)
from anymarket_sdk.models.feeds import (
    FeedFailure,
    FeedItem,
    FeedRunReport,
    FeedStopReason,
    OrderFeedItem,
    TransmissionFeedItem,
)
from anymarket_sdk.testing import ManualClock
from tests.conftest import Both


def tok(n: int) -> str:
    return str(uuid.UUID(int=n))


T1, T2, T3, T4 = tok(1), tok(2), tok(3), tok(4)


class FakeFeed:
    """A stateful feed behind respx: reads return the first ``limit`` entries; an ack with a
    known token clears every entry of that id (ANYMARKET's default); unknown tokens get 404."""

    def __init__(self, router: respx.Router, path: str) -> None:
        self.entries: list[dict[str, Any]] = []
        self.reads: list[int] = []
        self.acks: list[tuple[int, str, str | None]] = []
        self.events: list[str] = []
        self.ack_status: dict[int, int] = {}
        self.read_route = router.get(path).mock(side_effect=self._read)
        self.ack_route = router.route(method="PUT", path__regex=rf"{path}/(?P<id>\d+)$").mock(
            side_effect=self._ack
        )

    def add(self, item_id: int, token: str) -> None:
        self.entries.append({"id": item_id, "token": token})

    def _read(self, request: httpx.Request) -> httpx.Response:
        limit = int(request.url.params["limit"])
        self.reads.append(limit)
        return httpx.Response(200, json=self.entries[:limit])

    def _ack(self, request: httpx.Request, id: str) -> httpx.Response:
        item_id = int(id)
        token = json.loads(request.content)["token"]
        self.acks.append((item_id, token, request.url.params.get("status")))
        self.events.append(f"ack {item_id}")
        if item_id in self.ack_status:
            return httpx.Response(self.ack_status[item_id], json={"code": "x", "message": "no"})
        if not any(e["id"] == item_id and e["token"] == token for e in self.entries):
            return httpx.Response(404, json={"code": "404", "message": "Feed não encontrado."})
        self.entries = [e for e in self.entries if e["id"] != item_id]
        return httpx.Response(204)


@pytest.fixture
def orders(router: respx.Router) -> FakeFeed:
    return FakeFeed(router, "orders/feeds")


@pytest.fixture
def transmissions(router: respx.Router) -> FakeFeed:
    return FakeFeed(router, "transmissions/feeds")


def recorder(feed: FakeFeed, fail: Callable[[FeedItem], Exception | None] | None = None) -> Any:
    def handle(item: FeedItem) -> None:
        feed.events.append(f"handle {item.id}")
        if fail is not None and (exc := fail(item)) is not None:
            raise exc

    return handle


# --- read and ack ---------------------------------------------------------------------------


def test_read_sends_limit_and_decodes_bare_array(am: Both, router: respx.Router) -> None:
    r = router.get("orders/feeds").respond(json=[{"id": 5, "token": T1}, {"id": 6, "token": T2}])
    items = am.order_feed.read(limit=20)
    assert dict(r.calls.last.request.url.params) == {"limit": "20"}
    assert items == [OrderFeedItem(id=5, token=T1), OrderFeedItem(id=6, token=T2)]
    assert all(type(i) is OrderFeedItem for i in items)


def test_read_defaults_to_100_and_reads_empty_bodies_as_empty(
    am: Both, router: respx.Router
) -> None:
    r = router.get("transmissions/feeds").mock(
        side_effect=[httpx.Response(200, json=[{"id": 9001, "token": T3}]), httpx.Response(200)]
    )
    assert am.transmission_feed.read() == [TransmissionFeedItem(id=9001, token=T3)]
    assert r.calls.last.request.url.params["limit"] == "100"
    assert am.transmission_feed.read() == []


@pytest.mark.parametrize("limit", [4, 101, 0, True, "50"])
def test_read_limit_is_validated(am: Both, router: respx.Router, limit: Any) -> None:
    with pytest.raises(RequestValidationError) as info:
        am.order_feed.read(limit=limit)
    assert info.value.field == "limit"
    assert not router.calls


def test_ack_item_or_id_and_token(am: Both, router: respx.Router) -> None:
    r = router.put("orders/feeds/5").respond(204)
    assert am.order_feed.ack(OrderFeedItem(id=5, token=T1)) is None
    sent = r.calls.last.request
    assert json.loads(sent.content) == {"token": T1}
    assert sent.headers["Content-Type"] == "application/json"
    assert not sent.url.params
    am.order_feed.ack(5, uuid.UUID(T2), status="PAID_WAITING_SHIP")
    sent = r.calls.last.request
    assert json.loads(sent.content) == {"token": T2}
    assert dict(sent.url.params) == {"status": "PAID_WAITING_SHIP"}


def test_transmission_ack(am: Both, router: respx.Router) -> None:
    r = router.put("transmissions/feeds/9001").respond(204)
    am.transmission_feed.ack(TransmissionFeedItem(id=9001, token=T3))
    am.transmission_feed.ack(9001, T3)
    assert [json.loads(c.request.content) for c in r.calls] == [{"token": T3}] * 2


def test_ack_not_found_is_typed(am: Both, router: respx.Router) -> None:
    router.put("orders/feeds/5").respond(404, json={"code": "404", "message": "não encontrado"})
    with pytest.raises(NotFoundError):
        am.order_feed.ack(5, T1)


@pytest.mark.parametrize(
    ("args", "kwargs", "field"),
    [
        ((5, ""), {}, "token"),
        ((5, "   "), {}, "token"),
        ((5,), {}, "token"),
        ((5, "L123G456R-789"), {}, "token"),
        ((OrderFeedItem(id=5, token=""),), {}, "token"),
        ((OrderFeedItem(id=5, token=T1), T1), {}, "token"),
        ((TransmissionFeedItem(id=5, token=T1),), {}, "item"),
        ((-1, T1), {}, "id"),
        ((True, T1), {}, "id"),
        (("5", T1), {}, "id"),
        ((5, T1), {"status": ""}, "status"),
    ],
)
def test_ack_is_validated_before_sending(
    am: Both, router: respx.Router, args: tuple[Any, ...], kwargs: dict[str, Any], field: str
) -> None:
    with pytest.raises(RequestValidationError) as info:
        am.order_feed.ack(*args, **kwargs)
    assert info.value.field == field
    assert "L123G456R" not in str(info.value)  # a token passed by mistake is never echoed
    assert not router.calls


def test_plain_feed_item_is_accepted_by_either_feed(am: Both, router: respx.Router) -> None:
    r = router.put("transmissions/feeds/7").respond(204)
    am.transmission_feed.ack(FeedItem(id=7, token=T1))
    assert r.call_count == 1


# --- consume ----------------------------------------------------------------------------------


def test_consume_handles_then_acks_each_entry(am: Both, orders: FakeFeed) -> None:
    orders.add(1, T1)
    orders.add(2, T2)
    orders.add(3, T3)
    report = am.order_feed.consume(recorder(orders))
    assert orders.events == ["handle 1", "ack 1", "handle 2", "ack 2", "handle 3", "ack 3"]
    assert orders.acks == [(1, T1, None), (2, T2, None), (3, T3, None)]
    assert report == FeedRunReport(
        processed=[1, 2, 3],
        acked=[1, 2, 3],
        reads=2,
        stopped_because=FeedStopReason.FEED_EMPTY,
    )
    assert report.ok
    assert orders.reads == [100, 100]


def test_consume_on_an_empty_feed_reads_once(am: Both, orders: FakeFeed) -> None:
    report = am.order_feed.consume(recorder(orders))
    assert report.reads == 1
    assert report.processed == []
    assert report.stopped_because == FeedStopReason.FEED_EMPTY


def test_handler_failure_leaves_the_entry_and_continues(
    am: Both, orders: FakeFeed, caplog: pytest.LogCaptureFixture
) -> None:
    orders.add(1, T1)
    orders.add(2, T2)
    orders.add(3, T3)
    boom = ValueError("cliente joao@example.com CPF 123.456.789-09 sem cadastro")

    def fail(item: FeedItem) -> Exception | None:
        return boom if item.id == 2 else None

    with caplog.at_level(logging.WARNING, logger="anymarket_sdk"):
        report = am.order_feed.consume(recorder(orders, fail))
    assert report.processed == [1, 3]
    assert report.acked == [1, 3]
    assert [e["id"] for e in orders.entries] == [2]  # still in the feed
    assert (2, T2, None) not in orders.acks
    (failure,) = report.failures
    assert failure == FeedFailure(id=2, token=T2, stage="handler", error=failure.error)
    assert failure.exception is boom
    assert failure.error.startswith("ValueError(")
    assert "joao@example.com" not in failure.error
    assert "123.456.789" not in failure.error
    assert "exception" not in repr(failure)
    assert report.failed_ids == [2]
    assert not report.ok
    # the next read only brought entry 2 back: seen already, so the run ends
    assert report.duplicates == 1
    assert report.reads == 2
    assert report.stopped_because == FeedStopReason.FEED_EMPTY
    assert "handler failed" in caplog.text
    assert "joao@example.com" not in caplog.text


def test_repeated_entry_within_a_read_is_skipped(am: Both, router: respx.Router) -> None:
    router.get("orders/feeds").mock(
        side_effect=[
            httpx.Response(200, json=[{"id": 1, "token": T1}, {"id": 1, "token": T1}]),
            httpx.Response(200, json=[]),
        ]
    )
    acks = router.put("orders/feeds/1").respond(204)
    seen: list[int] = []
    report = am.order_feed.consume(lambda item: seen.append(item.id))
    assert seen == [1]
    assert acks.call_count == 1
    assert report.duplicates == 1


def test_same_id_with_two_tokens_in_one_read_is_handled_once(am: Both, orders: FakeFeed) -> None:
    orders.add(1, T1)
    orders.add(1, T2)  # e.g. two status changes of one order
    orders.add(2, T3)
    report = am.order_feed.consume(recorder(orders))
    assert orders.events == ["handle 1", "ack 1", "ack 1", "handle 2", "ack 2"]
    assert [a[:2] for a in orders.acks] == [(1, T1), (1, T2), (2, T3)]
    # the second token's 404 is expected: the first acknowledgement cleared the order
    assert report.acked == [1, 1, 2]
    assert report.ack_failures == []
    assert report.processed == [1, 2]


def test_same_id_with_a_new_token_in_a_later_read_is_handled_again(
    am: Both, router: respx.Router
) -> None:
    router.get("orders/feeds").mock(
        side_effect=[
            httpx.Response(200, json=[{"id": 1, "token": T1}]),
            httpx.Response(200, json=[{"id": 1, "token": T2}]),
            httpx.Response(200, json=[{"id": 1, "token": T2}]),
        ]
    )
    acks = router.put("orders/feeds/1").respond(204)
    report = am.order_feed.consume(lambda _: None)
    assert report.processed == [1, 1]
    assert [json.loads(c.request.content)["token"] for c in acks.calls] == [T1, T2]
    assert report.duplicates == 1
    assert report.reads == 3


def test_max_items_stops_between_entries(am: Both, orders: FakeFeed) -> None:
    for i in range(1, 11):
        orders.add(i, tok(i))
    report = am.order_feed.consume(recorder(orders), max_items=3, batch_size=50)
    assert report.processed == [1, 2, 3]
    assert report.stopped_because == FeedStopReason.MAX_ITEMS
    assert orders.reads == [5]  # never reads more than the budget needs (minimum 5)
    assert len(orders.entries) == 7


def test_max_items_counts_failures_too(am: Both, orders: FakeFeed) -> None:
    for i in range(1, 6):
        orders.add(i, tok(i))
    report = am.order_feed.consume(recorder(orders, lambda _: RuntimeError("x")), max_items=2)
    assert report.failed_ids == [1, 2]
    assert report.stopped_because == FeedStopReason.MAX_ITEMS


def test_max_seconds_uses_the_client_clock(am: Both, orders: FakeFeed, clock: ManualClock) -> None:
    for i in range(1, 6):
        orders.add(i, tok(i))

    def slow(item: FeedItem) -> None:
        clock.advance(10)

    report = am.order_feed.consume(slow, max_seconds=25)
    assert report.processed == [1, 2, 3]
    assert report.acked == [1, 2, 3]
    assert report.stopped_because == FeedStopReason.MAX_SECONDS
    assert report.elapsed == 30
    assert orders.reads == [100]


def test_max_seconds_spent_before_the_next_read(
    am: Both, orders: FakeFeed, clock: ManualClock
) -> None:
    orders.add(1, T1)

    def slow(item: FeedItem) -> None:
        clock.advance(60)

    report = am.order_feed.consume(slow, max_seconds=30)
    assert report.stopped_because == FeedStopReason.MAX_SECONDS
    assert report.reads == 1


def test_failed_ack_is_reported_and_the_run_goes_on(am: Both, orders: FakeFeed) -> None:
    orders.add(1, T1)
    orders.add(2, T2)
    orders.ack_status[1] = 404
    report = am.order_feed.consume(recorder(orders))
    assert report.processed == [1, 2]
    assert report.acked == [2]
    (failure,) = report.ack_failures
    assert (failure.id, failure.token, failure.stage) == (1, T1, "ack")
    assert isinstance(failure.exception, NotFoundError)
    assert failure.error.startswith("NotFoundError(")
    # entry 1 is still there on the next read, seen already: the run ends
    assert report.duplicates == 1
    assert report.stopped_because == FeedStopReason.FEED_EMPTY


@pytest.mark.parametrize("status", [401, 403])
def test_auth_error_on_ack_stops_the_run(am: Both, orders: FakeFeed, status: int) -> None:
    orders.add(1, T1)
    orders.add(2, T2)
    orders.ack_status[1] = status
    with pytest.raises(APIStatusError) as info:
        am.order_feed.consume(recorder(orders))
    assert info.value.status_code == status
    assert any("order_feed.consume stopped" in n for n in info.value.__notes__)
    assert orders.events == ["handle 1", "ack 1"]


def test_authentication_error_in_the_handler_stops_the_run(
    am: Both, orders: FakeFeed, router: respx.Router
) -> None:
    orders.add(1, T1)
    orders.add(2, T2)
    router.get("orders/1").respond(401, json={"response": "NO_TOKEN"})

    def handler(item: FeedItem) -> Any:
        return am.raw.request("GET", "orders/1")  # a coroutine on the async client

    with pytest.raises(AuthenticationError):
        am.order_feed.consume(handler)
    assert orders.acks == []


def test_read_errors_are_raised(am: Both, router: respx.Router) -> None:
    router.get("orders/feeds").respond(400, json={"code": "400", "message": "limit"})
    with pytest.raises(BadRequestError) as info:
        am.order_feed.consume(lambda _: None)
    assert "0 entries handled" in info.value.__notes__[0]


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"batch_size": 4}, "batch_size"),
        ({"batch_size": 101}, "batch_size"),
        ({"max_items": 0}, "max_items"),
        ({"max_items": 2.5}, "max_items"),
        ({"max_seconds": 0}, "max_seconds"),
        ({"max_seconds": -1}, "max_seconds"),
        ({"max_seconds": "10"}, "max_seconds"),
        ({"concurrency": 0}, "concurrency"),
        ({"concurrency": 33}, "concurrency"),
        ({"handler": "not callable"}, "handler"),
    ],
)
def test_consume_settings_are_validated(
    am: Both, router: respx.Router, kwargs: dict[str, Any], field: str
) -> None:
    kwargs = dict(kwargs)
    handler = kwargs.pop("handler", lambda _: None)
    with pytest.raises(RequestValidationError) as info:
        am.order_feed.consume(handler, **kwargs)
    assert info.value.field == field
    assert not router.calls


def test_async_handlers(am: Both, orders: FakeFeed, router: respx.Router) -> None:
    orders.add(1, T1)

    async def handler(item: FeedItem) -> None:
        await asyncio.sleep(0)
        orders.events.append(f"handle {item.id}")

    if am.is_async:
        report = am.order_feed.consume(handler)
        assert orders.events == ["handle 1", "ack 1"]
        assert report.acked == [1]
    else:
        with pytest.raises(RequestValidationError) as info:
            am.order_feed.consume(handler)
        assert info.value.field == "handler"
        assert not router.calls


def test_sync_handler_returning_a_coroutine(am: Both, orders: FakeFeed) -> None:
    orders.add(1, T1)

    async def work() -> None:
        orders.events.append("handle 1")

    report_or_error: Any
    if am.is_async:  # the async client awaits whatever the handler returns
        report_or_error = am.order_feed.consume(lambda _: work())
        assert report_or_error.acked == [1]
    else:  # the sync client cannot: it stops, closes the coroutine and acknowledges nothing
        with pytest.raises(RequestValidationError, match="awaitable"):
            am.order_feed.consume(lambda _: work())
        assert orders.acks == []


def test_transmission_feed_consume(am: Both, transmissions: FakeFeed) -> None:
    transmissions.add(9001, T1)
    transmissions.add(9002, T2)
    seen: list[Any] = []
    report = am.transmission_feed.consume(seen.append, batch_size=10)
    assert all(type(i) is TransmissionFeedItem for i in seen)
    assert report.acked == [9001, 9002]
    assert transmissions.reads == [10, 10]
    assert transmissions.entries == []


# --- concurrency ------------------------------------------------------------------------------


def test_concurrency_runs_handlers_at_once_and_acks_after_each(am: Both, orders: FakeFeed) -> None:
    for i in range(1, 4):
        orders.add(i, tok(i))
    handler: Any
    if am.is_async:
        barrier = asyncio.Barrier(3)

        async def handler(item: FeedItem) -> None:
            async with asyncio.timeout(5):
                await barrier.wait()  # passes only when all three are in flight
            orders.events.append(f"handle {item.id}")
    else:
        tbarrier = threading.Barrier(3, timeout=5)

        def handler(item: FeedItem) -> None:
            tbarrier.wait()
            orders.events.append(f"handle {item.id}")

    report = am.order_feed.consume(handler, concurrency=3)
    assert sorted(report.processed) == [1, 2, 3]
    assert sorted(report.acked) == [1, 2, 3]
    for i in range(1, 4):
        assert orders.events.index(f"handle {i}") < orders.events.index(f"ack {i}")


def test_concurrency_keeps_failures_unacknowledged(am: Both, orders: FakeFeed) -> None:
    for i in range(1, 7):
        orders.add(i, tok(i))

    def fail(item: FeedItem) -> Exception | None:
        return KeyError(item.id) if item.id % 2 else None

    report = am.order_feed.consume(recorder(orders, fail), concurrency=4, max_items=6)
    assert sorted(report.processed) == [2, 4, 6]
    assert sorted(report.failed_ids) == [1, 3, 5]
    assert sorted(a[0] for a in orders.acks) == [2, 4, 6]
    assert report.stopped_because == FeedStopReason.MAX_ITEMS


def test_concurrency_respects_max_items(am: Both, orders: FakeFeed) -> None:
    for i in range(1, 11):
        orders.add(i, tok(i))
    report = am.order_feed.consume(lambda _: None, concurrency=2, max_items=5)
    assert len(report.processed) == 5
    assert report.stopped_because == FeedStopReason.MAX_ITEMS


def test_concurrency_auth_error_is_raised_as_itself(am: Both, orders: FakeFeed) -> None:
    for i in range(1, 5):
        orders.add(i, tok(i))
    orders.ack_status[2] = 401
    with pytest.raises(AuthenticationError) as info:
        am.order_feed.consume(lambda _: None, concurrency=2)
    assert any("stopped after" in n for n in info.value.__notes__)
