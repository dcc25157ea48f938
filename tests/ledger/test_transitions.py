"""Transitions sent back to ANYMARKET: reserved, confirmed, never twice."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from anymarket_sdk.models import OrderStatus
from m2_adapter.ledger import (
    LedgerStateError,
    ReserveOutcome,
    SqliteLedger,
    TransitionState,
    fingerprint,
)
from tests.ledger.conftest import START, FakeNow

INVOICE = {"status": "INVOICED", "invoice": {"accessKey": "3526" + "0" * 40, "number": "1001"}}


def test_reserve_send_confirm_then_never_again(ledger: SqliteLedger, now: FakeNow) -> None:
    first = ledger.reserve_transition("9001", OrderStatus.INVOICED, INVOICE)
    assert first.go
    assert first.record.state is TransitionState.RESERVED
    assert first.record.fingerprint == fingerprint(INVOICE)
    assert not ledger.already_sent("9001", "INVOICED")
    now.advance(seconds=3)
    sent = ledger.record_sent("9001", OrderStatus.INVOICED, INVOICE)
    assert (sent.state, sent.reserved_at, sent.sent_at) == (TransitionState.SENT, START, now())
    assert ledger.already_sent("9001", OrderStatus.INVOICED)
    assert ledger.already_sent("9001", "INVOICED")  # enum or its value alike
    again = ledger.reserve_transition("9001", "INVOICED", INVOICE)
    assert again.outcome is ReserveOutcome.ALREADY_SENT
    assert not again.go
    assert ledger.record_sent("9001", "INVOICED", {"other": 1}) == sent  # the first is kept
    assert not ledger.already_sent("9001", "CONCLUDED")
    assert ledger.sent_transition("9001", "CONCLUDED") is None


def test_an_unconfirmed_reservation_is_in_doubt(ledger: SqliteLedger) -> None:
    """A process died between the PUT and record_sent: the next one must check first."""
    ledger.reserve_transition("1", "INVOICED", INVOICE)
    ledger.reserve_transition("2", "INVOICED", INVOICE)
    ledger.record_sent("2", "INVOICED", INVOICE)
    doubt = ledger.reserve_transition("1", "INVOICED", INVOICE)
    assert doubt.outcome is ReserveOutcome.IN_DOUBT
    assert [t.anymarket_order_id for t in ledger.transitions_in_doubt()] == ["1"]
    # ANYMARKET shows it never arrived: abandon, then reserve again
    assert ledger.abandon_transition("1", "INVOICED")
    assert not ledger.abandon_transition("1", "INVOICED")
    assert ledger.reserve_transition("1", "INVOICED", INVOICE).go
    with pytest.raises(LedgerStateError, match="already sent"):
        ledger.abandon_transition("2", "INVOICED")


def test_record_sent_without_reservation(ledger: SqliteLedger) -> None:
    record = ledger.record_sent("5", "CONCLUDED", b"raw body")
    assert record.state is TransitionState.SENT
    assert record.fingerprint == fingerprint(b"raw body")
    assert ledger.already_sent("5", "CONCLUDED")


def test_fingerprint_is_canonical() -> None:
    a = {"b": [1, Decimal("2.50")], "a": datetime(2026, 1, 1, tzinfo=UTC)}
    b = {"a": datetime(2026, 1, 1, tzinfo=UTC), "b": [1, Decimal("2.5")]}
    assert fingerprint(a) == fingerprint(b)
    assert fingerprint(a) != fingerprint({**a, "c": None})
    assert fingerprint("x") == fingerprint(b"x")
    assert fingerprint(OrderStatus.INVOICED).startswith("sha256:")
    with pytest.raises(TypeError, match="cannot fingerprint"):
        fingerprint({"x": object()})
