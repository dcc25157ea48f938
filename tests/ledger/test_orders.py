"""Orders: intake states, feed tokens, idempotency, holds, cancels, resume."""

from __future__ import annotations

import pytest

from m2_adapter.ledger import (
    LedgerConflictError,
    LedgerNotFoundError,
    LedgerStateError,
    OrderState,
    SqliteLedger,
)
from tests.ledger.conftest import START, FakeNow


def intake(ledger: SqliteLedger, oid: str, token: str, number: str) -> None:
    ledger.begin_order(oid, token)
    ledger.mark_imported(oid, number)
    ledger.mark_partner_id_written(oid)
    ledger.mark_acked(token)


def test_happy_path_and_repetition_changes_nothing(ledger: SqliteLedger, now: FakeNow) -> None:
    entry = ledger.begin_order("9001", "tok-1")
    assert (entry.state, entry.pending_tokens, entry.created_at) == (
        OrderState.RECEIVED,
        ("tok-1",),
        START,
    )
    now.advance(seconds=1)
    assert ledger.begin_order("9001", "tok-1") == entry  # re-delivered feed item
    imported = ledger.mark_imported("9001", "M-77")
    assert (imported.state, imported.m2_order_number) == (OrderState.IMPORTED, "M-77")
    assert ledger.mark_imported("9001", "M-77") == imported
    written = ledger.mark_partner_id_written("9001")
    assert (written.state, written.partner_id_written) == (OrderState.PARTNER_ID_WRITTEN, True)
    assert ledger.mark_partner_id_written("9001") == written
    acked = ledger.mark_acked("tok-1")
    assert (acked.state, acked.pending_tokens) == (OrderState.ACKED, ())
    # the whole intake repeated (a resumed run): same answers, no change
    for _ in range(2):
        assert ledger.begin_order("9001", "tok-1") == acked
        assert ledger.mark_imported("9001", "M-77") == acked
        assert ledger.mark_partner_id_written("9001") == acked
        assert ledger.mark_acked("tok-1") == acked
    assert ledger.order("9001") == acked
    assert ledger.order_by_m2_number("M-77") == acked
    assert ledger.order_by_m2_number("M-78") is None
    assert ledger.order("nope") is None
    assert ledger.pending_orders() == []


def test_ack_only_after_the_number_is_written_back(ledger: SqliteLedger) -> None:
    ledger.begin_order("1", "t1")
    with pytest.raises(LedgerStateError, match="only after"):
        ledger.mark_acked("t1")
    with pytest.raises(LedgerStateError, match="mark_imported"):
        ledger.mark_partner_id_written("1")
    ledger.mark_imported("1", "M1")
    with pytest.raises(LedgerStateError, match="only after"):
        ledger.mark_acked("t1")
    entry = ledger.order("1")
    assert entry is not None
    assert entry.state is OrderState.IMPORTED  # the refused calls wrote nothing


def test_conflicts(ledger: SqliteLedger) -> None:
    intake(ledger, "1", "t1", "M1")
    ledger.begin_order("2", "t2")
    with pytest.raises(LedgerConflictError, match="belongs to order '1'"):
        ledger.begin_order("2", "t1")
    with pytest.raises(LedgerConflictError, match="already belongs"):
        ledger.mark_imported("2", "M1")
    with pytest.raises(LedgerConflictError, match="imported as M2 order 'M1'"):
        ledger.mark_imported("1", "M9")
    with pytest.raises(LedgerNotFoundError):
        ledger.mark_imported("404", "M404")
    with pytest.raises(LedgerNotFoundError):
        ledger.mark_acked("no-such-token")


def test_a_new_feed_item_makes_an_imported_order_updated(ledger: SqliteLedger) -> None:
    intake(ledger, "1", "t1", "M1")
    updated = ledger.begin_order("1", "t2")
    assert (updated.state, updated.pending_tokens) == (OrderState.UPDATED, ("t2",))
    assert [e.anymarket_order_id for e in ledger.pending_orders()] == ["1"]
    with pytest.raises(LedgerStateError):
        ledger.mark_acked("t2")  # re-import first
    assert ledger.mark_imported("1", "M1").state is OrderState.IMPORTED
    assert ledger.mark_partner_id_written("1").state is OrderState.PARTNER_ID_WRITTEN
    assert ledger.mark_acked("t2").state is OrderState.ACKED
    # a new token for an order not yet imported changes nothing but the tokens
    ledger.begin_order("2", "a")
    assert ledger.begin_order("2", "b").state is OrderState.RECEIVED
    ledger.mark_imported("2", "M2")
    assert ledger.mark_partner_id_written("2").pending_tokens == ("a", "b")
    assert ledger.mark_acked("a").state is OrderState.PARTNER_ID_WRITTEN
    assert ledger.mark_acked("b").state is OrderState.ACKED


def test_reconciled_orders_have_no_token(ledger: SqliteLedger) -> None:
    entry = ledger.begin_order("77")
    assert entry.pending_tokens == ()
    ledger.mark_imported("77", "M77")
    assert ledger.mark_partner_id_written("77").state is OrderState.ACKED
    assert ledger.begin_order("77").state is OrderState.ACKED  # still no token: no change


def test_hold_and_release(ledger: SqliteLedger) -> None:
    ledger.begin_order("1", "t1")
    held = ledger.hold("1", "SKU X-9 unknown")
    assert (held.state, held.reason, held.held_from) == (
        OrderState.HELD,
        "SKU X-9 unknown",
        OrderState.RECEIVED,
    )
    assert ledger.pending_orders() == []
    assert [e.anymarket_order_id for e in ledger.pending_orders(include_held=True)] == ["1"]
    assert [e.anymarket_order_id for e in ledger.held_orders()] == ["1"]
    assert ledger.hold("1", "still unknown").reason == "still unknown"
    assert ledger.begin_order("1", "t2").state is OrderState.HELD  # feed keeps delivering
    with pytest.raises(LedgerStateError, match="cannot be imported"):
        ledger.mark_imported("1", "M1")
    # a held order's feed items may be acknowledged: the ledger remembers the order
    assert ledger.mark_acked("t1").pending_tokens == ("t2",)
    released = ledger.release_hold("1")
    assert (released.state, released.reason, released.held_from) == (
        OrderState.RECEIVED,
        None,
        None,
    )
    assert ledger.release_hold("1") == released  # no-op when not held
    ledger.mark_imported("1", "M1")
    assert ledger.mark_partner_id_written("1").state is OrderState.PARTNER_ID_WRITTEN
    assert ledger.mark_acked("t2").state is OrderState.ACKED
    with pytest.raises(LedgerStateError, match="cannot be held"):
        ledger.hold("1", "too late")
    with pytest.raises(ValueError, match="reason"):
        ledger.hold("1", " ")


def test_held_imported_order_updated_while_held(ledger: SqliteLedger) -> None:
    ledger.begin_order("1", "t1")
    ledger.mark_imported("1", "M1")
    ledger.hold("1", "price mismatch")
    assert ledger.begin_order("1", "t2").held_from is OrderState.UPDATED
    assert ledger.release_hold("1").state is OrderState.UPDATED


def test_release_to_written_without_tokens_is_done(ledger: SqliteLedger) -> None:
    ledger.begin_order("1", "t1")
    ledger.mark_imported("1", "M1")
    ledger.mark_partner_id_written("1")
    ledger.hold("1", "check the buyer")
    ledger.mark_acked("t1")
    assert ledger.release_hold("1").state is OrderState.ACKED


def test_cancel_is_final_and_its_tokens_still_need_acks(ledger: SqliteLedger) -> None:
    intake(ledger, "1", "t1", "M1")
    ledger.begin_order("1", "t2")  # the marketplace canceled it
    canceled = ledger.mark_canceled("1", "buyer gave up")
    assert (canceled.state, canceled.reason) == (OrderState.CANCELED, "buyer gave up")
    assert ledger.mark_canceled("1", "other") == canceled
    assert [e.anymarket_order_id for e in ledger.pending_orders()] == ["1"]
    with pytest.raises(LedgerStateError):
        ledger.mark_imported("1", "M1")
    with pytest.raises(LedgerStateError):
        ledger.hold("1", "x")
    assert ledger.begin_order("1", "t3").state is OrderState.CANCELED
    ledger.mark_acked("t2")
    ledger.mark_acked("t3")
    assert ledger.pending_orders() == []
    # canceled before it was ever imported
    ledger.begin_order("2", "u1")
    assert ledger.mark_canceled("2").state is OrderState.CANCELED
    assert ledger.mark_acked("u1").state is OrderState.CANCELED


def test_pending_orders_is_the_resume_list(ledger: SqliteLedger, now: FakeNow) -> None:
    for n in range(6):
        now.advance(seconds=1)
        ledger.begin_order(str(n), f"t{n}")
    ledger.mark_imported("1", "M1")
    ledger.mark_imported("2", "M2")
    ledger.mark_partner_id_written("2")
    intake(ledger, "3", "t3", "M3")
    ledger.hold("4", "x")
    pending = ledger.pending_orders()
    assert [(e.anymarket_order_id, e.state) for e in pending] == [
        ("0", OrderState.RECEIVED),
        ("1", OrderState.IMPORTED),
        ("2", OrderState.PARTNER_ID_WRITTEN),
        ("5", OrderState.RECEIVED),
    ]
    assert pending[2].pending_tokens == ("t2",)


def test_arguments_are_checked(ledger: SqliteLedger) -> None:
    with pytest.raises(ValueError, match="anymarket_order_id"):
        ledger.begin_order("")
    with pytest.raises(ValueError, match="token"):
        ledger.begin_order("1", "")
    with pytest.raises(ValueError, match="m2_order_number"):
        ledger.mark_imported("1", "")
