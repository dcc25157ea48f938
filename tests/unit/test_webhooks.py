from __future__ import annotations

import json
import threading
from typing import Any

import pytest

from anymarket_sdk import AnymarketError
from anymarket_sdk.testing import ManualClock
from anymarket_sdk.webhooks import (
    MAX_BODY_BYTES,
    Deduplicator,
    InvalidNotification,
    Notification,
    NotificationContent,
    NotificationEvent,
    NotificationType,
    WrongAccount,
    check_account,
    normalise_oi,
    parse_notification,
)

DOC_EXAMPLE = b'{"type" : "ORDER", "content" : {"id":"10", "oi":"99999."}}'


def test_parses_the_documented_body() -> None:
    n = parse_notification(DOC_EXAMPLE)
    assert n == Notification(
        type=NotificationType.ORDER, content=NotificationContent(id="10", oi="99999.")
    )
    assert n.type is NotificationType.ORDER
    assert (n.id, n.resource_id, n.oi, n.account, n.event) == ("10", 10, "99999.", "99999", None)


@pytest.mark.parametrize("kind", ["ORDER", "PRODUCT", "TRANSMISSION", "INBOUND_NFE", "QUESTION"])
def test_known_types(kind: str) -> None:
    n = parse_notification({"type": kind, "content": {"id": "1", "oi": "1."}})
    assert n.type.is_known
    assert n.type == kind


def test_str_and_mapping_bodies_and_extras() -> None:
    body = {
        "type": "COUPON",
        "event": "INVOICED",
        "sentAt": "2026-01-01T00:00:00Z",
        "content": {"id": 123, "oi": 99999, "marketplace": "SHOPEE"},
    }
    for raw in (body, json.dumps(body), json.dumps(body).encode()):
        n = parse_notification(raw)
        assert n.type == "COUPON"
        assert not n.type.is_known  # unknown types are kept
        assert n.event is NotificationEvent.INVOICED
        assert n.id == "123"
        assert n.oi == "99999"
        assert n.extra == {"sentAt": "2026-01-01T00:00:00Z"}
        assert n.content.extra == {"marketplace": "SHOPEE"}


def test_unknown_event_is_kept_and_odd_event_ignored() -> None:
    n = parse_notification({"type": "ORDER", "event": "RETURNED", "content": {"id": "1"}})
    assert n.event == "RETURNED"
    assert n.event is not None
    assert not n.event.is_known
    odd = parse_notification({"type": "ORDER", "event": 7, "content": {"id": "1"}})
    assert odd.event is None
    assert odd.extra == {"event": 7}


def test_resource_id_is_none_for_non_numeric_ids() -> None:
    n = parse_notification({"type": "QUESTION", "content": {"id": "MLB-77"}})
    assert n.resource_id is None
    assert n.oi is None
    assert n.account is None


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"", "empty"),
        (b"   ", "empty"),
        (b"not json", "not valid JSON"),
        (b"\xff\xfe", "not UTF-8"),
        (b"[1, 2]", "must be a JSON object, got list"),
        ("null", "must be a JSON object"),
        ({"content": {"id": "1"}}, "no 'type'"),
        ({"type": "", "content": {"id": "1"}}, "'type' must be a non-empty string"),
        ({"type": 3, "content": {"id": "1"}}, "'type' must be a non-empty string"),
        ({"type": "ORDER"}, "no 'content'"),
        ({"type": "ORDER", "content": None}, "no 'content'"),
        ({"type": "ORDER", "content": "10"}, "'content' must be an object, got str"),
        ({"type": "ORDER", "content": {}}, "'content.id' is missing"),
        ({"type": "ORDER", "content": {"id": ""}}, "'content.id' is empty"),
        ({"type": "ORDER", "content": {"id": True}}, "'content.id' must be a string, got bool"),
        ({"type": "ORDER", "content": {"id": 1.5}}, "'content.id' must be a string, got float"),
        ({"type": "ORDER", "content": {"id": "1", "oi": ["x"]}}, "'content.oi' must be a string"),
        (b"x" * (MAX_BODY_BYTES + 1), "too large"),
        (12, "must be bytes, str or a mapping"),
    ],
)
def test_malformed_bodies(body: Any, message: str) -> None:
    with pytest.raises(InvalidNotification, match=message) as info:
        parse_notification(body)
    assert isinstance(info.value, AnymarketError)
    assert isinstance(info.value, ValueError)


def test_error_messages_never_quote_the_body() -> None:
    with pytest.raises(InvalidNotification) as info:
        parse_notification(b'{"type": "ORDER", "content": {"id": "1", "oi": ["joao@example.com"]}}')
    assert "joao" not in str(info.value)


@pytest.mark.parametrize(
    ("received", "expected"),
    [("99999.", "99999"), ("99999", "99999."), ("99999.", "99999."), (" 99999. ", "99999")],
)
def test_account_check_tolerates_the_trailing_dot(received: str, expected: str) -> None:
    body = {"type": "ORDER", "content": {"id": "10", "oi": received}}
    assert parse_notification(body, expected_oi=expected).id == "10"
    n = parse_notification(body)
    assert check_account(n, expected) is n
    assert check_account(n, ["12345", expected]) is n


def test_wrong_account() -> None:
    n = parse_notification(DOC_EXAMPLE)
    with pytest.raises(WrongAccount) as info:
        check_account(n, "12345")
    assert info.value.oi == "99999."
    assert "12345" not in str(info.value)
    assert isinstance(info.value, AnymarketError)
    with pytest.raises(WrongAccount):
        parse_notification(DOC_EXAMPLE, expected_oi={"1", "2"})
    anonymous = parse_notification({"type": "ORDER", "content": {"id": "10"}})
    with pytest.raises(WrongAccount, match="no account"):
        check_account(anonymous, "99999")


@pytest.mark.parametrize("expected", ["", ".", []])
def test_expected_account_must_be_given(expected: Any) -> None:
    with pytest.raises(ValueError, match="at least one account"):
        check_account(parse_notification(DOC_EXAMPLE), expected)


def test_normalise_oi() -> None:
    assert normalise_oi("99999.") == "99999"
    assert normalise_oi(" 42 ") == "42"


def _n(id: str = "10", kind: str = "ORDER", oi: str = "99999.", event: str | None = None) -> Any:
    body: dict[str, Any] = {"type": kind, "content": {"id": id, "oi": oi}}
    if event:
        body["event"] = event
    return parse_notification(body)


def test_deduplicator_window() -> None:
    clock = ManualClock()
    dedup = Deduplicator(window_seconds=30, clock=clock)
    assert dedup.seen(_n()) is False
    assert dedup.seen(_n(oi="99999")) is True  # same account, other spelling
    clock.advance(29)
    assert dedup.seen(_n()) is True
    clock.advance(1)  # the window runs from the first sighting
    assert dedup.seen(_n()) is False
    assert len(dedup) == 1


def test_deduplicator_keys() -> None:
    dedup = Deduplicator(clock=ManualClock())
    assert not dedup.seen(_n())
    assert not dedup.seen(_n(id="11"))
    assert not dedup.seen(_n(kind="PRODUCT"))
    assert not dedup.seen(_n(oi="12345"))
    assert not dedup.seen(_n(event="INVOICED"))
    assert dedup.seen(_n(event="INVOICED"))
    assert len(dedup) == 5


def test_deduplicator_memory_is_bounded() -> None:
    clock = ManualClock()
    dedup = Deduplicator(window_seconds=10, clock=clock, max_keys=3)
    for i in range(5):
        dedup.seen(_n(id=str(i)))
    assert len(dedup) == 3
    assert not dedup.seen(_n(id="0"))  # evicted, oldest first
    clock.advance(10)
    assert len(dedup) == 0  # expired keys are dropped


def test_deduplicator_forget_and_clear() -> None:
    dedup = Deduplicator(clock=ManualClock())
    n = _n()
    dedup.seen(n)
    dedup.forget(n)
    assert not dedup.seen(n)
    dedup.clear()
    assert len(dedup) == 0
    assert "window_seconds=30.0" in repr(dedup)


@pytest.mark.parametrize("kwargs", [{"window_seconds": 0}, {"window_seconds": -1}, {"max_keys": 0}])
def test_deduplicator_settings(kwargs: dict[str, Any]) -> None:
    with pytest.raises(ValueError):  # noqa: PT011
        Deduplicator(**kwargs)


def test_deduplicator_is_thread_safe() -> None:
    dedup = Deduplicator(clock=ManualClock())
    firsts: list[bool] = []
    lock = threading.Lock()

    def worker() -> None:
        for i in range(200):
            fresh = not dedup.seen(_n(id=str(i)))
            with lock:
                firsts.append(fresh)

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert firsts.count(True) == 200


def test_default_clock_is_the_system_clock() -> None:
    dedup = Deduplicator()
    assert not dedup.seen(_n())
    assert dedup.seen(_n())
