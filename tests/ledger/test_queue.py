"""The work queue: idempotency keys, claims with leases, retries decided by the caller."""

from __future__ import annotations

import threading
from datetime import timedelta
from pathlib import Path

import pytest

from m2_adapter.ledger import LedgerNotFoundError, LedgerStateError, SqliteLedger, WorkState
from tests.ledger.conftest import START, FakeNow


def test_enqueue_claim_complete(ledger: SqliteLedger, now: FakeNow) -> None:
    item = ledger.enqueue("invoices", "9001", '{"nf": 1}')
    assert (item.state, item.attempts, item.revision, item.next_attempt_at) == (
        WorkState.READY,
        0,
        1,
        START,
    )
    assert ledger.enqueue("invoices", "9001", '{"nf": 1}') == item  # same key and payload: no-op
    (claimed,) = ledger.claim("invoices", "w1")
    assert (claimed.state, claimed.claimed_by, claimed.attempts) == (WorkState.CLAIMED, "w1", 1)
    assert claimed.lease_until == START + timedelta(minutes=5)
    assert ledger.claim("invoices", "w2") == []
    done = ledger.complete("invoices", "9001", "w1")
    assert (done.state, done.claimed_by, done.lease_until) == (WorkState.DONE, None, None)
    assert ledger.enqueue("invoices", "9001", '{"nf": 1}').state is WorkState.DONE  # still no-op
    assert ledger.queue_counts("invoices") == {
        WorkState.READY: 0,
        WorkState.CLAIMED: 0,
        WorkState.DONE: 1,
        WorkState.DEAD: 0,
    }
    now.advance(days=2)
    assert ledger.purge_done("invoices", before=now() - timedelta(days=1)) == 1
    assert ledger.work_item("invoices", "9001") is None


def test_not_before_and_order(ledger: SqliteLedger, now: FakeNow) -> None:
    ledger.enqueue("q", "late", not_before=START + timedelta(minutes=10))
    ledger.enqueue("q", "b")
    ledger.enqueue("q", "a")
    assert [i.key for i in ledger.claim("q", "w", limit=5, lease=timedelta(hours=1))] == ["a", "b"]
    now.advance(minutes=10)
    assert [i.key for i in ledger.claim("q", "w", limit=5)] == ["late"]


def test_fail_retry_and_dead(ledger: SqliteLedger, now: FakeNow) -> None:
    ledger.enqueue("q", "k", "p")
    ledger.claim("q", "w")
    retry_at = now() + timedelta(seconds=30)
    failed = ledger.fail("q", "k", "w", "503 from ANYMARKET", retry_at=retry_at)
    assert (failed.state, failed.next_attempt_at, failed.last_error) == (
        WorkState.READY,
        retry_at,
        "503 from ANYMARKET",
    )
    assert ledger.claim("q", "w") == []  # not due yet
    now.advance(seconds=30)
    (again,) = ledger.claim("q", "w")
    assert again.attempts == 2
    dead = ledger.fail("q", "k", "w", "422 invalid")
    assert dead.state is WorkState.DEAD
    now.advance(days=1)
    assert ledger.claim("q", "w") == []
    # a new payload revives it
    assert ledger.enqueue("q", "k", "fixed").state is WorkState.READY


def test_expired_lease_is_taken_over(ledger: SqliteLedger, now: FakeNow) -> None:
    ledger.enqueue("q", "k")
    ledger.claim("q", "w1", lease=timedelta(seconds=60))
    now.advance(seconds=59)
    assert ledger.claim("q", "w2") == []
    now.advance(seconds=1)
    (taken,) = ledger.claim("q", "w2")
    assert (taken.claimed_by, taken.attempts) == ("w2", 2)
    with pytest.raises(LedgerStateError, match="lease lost"):
        ledger.complete("q", "k", "w1")
    assert ledger.complete("q", "k", "w2").state is WorkState.DONE
    with pytest.raises(LedgerStateError):
        ledger.complete("q", "k", "w2")  # not claimed any more
    with pytest.raises(LedgerNotFoundError):
        ledger.complete("q", "missing", "w2")


def test_new_payload_during_a_claim_is_done_again(ledger: SqliteLedger) -> None:
    ledger.enqueue("stock", "SKU-1", "qty=1")
    (claimed,) = ledger.claim("stock", "w")
    newer = ledger.enqueue("stock", "SKU-1", "qty=2")
    assert (newer.state, newer.payload, newer.revision) == (WorkState.CLAIMED, "qty=2", 2)
    back = ledger.complete("stock", "SKU-1", "w")
    assert (back.state, back.attempts, back.payload) == (WorkState.READY, 0, "qty=2")
    (second,) = ledger.claim("stock", "w")
    assert second.payload == "qty=2"
    assert ledger.complete("stock", "SKU-1", "w").state is WorkState.DONE
    del claimed


def test_two_workers_never_share_an_item(db_path: Path, now: FakeNow) -> None:
    with SqliteLedger(db_path, now=now) as setup:
        for n in range(60):
            setup.enqueue("q", f"k{n:02d}")
    got: dict[str, list[str]] = {"a": [], "b": []}

    def work(name: str) -> None:
        with SqliteLedger(db_path, now=now) as mine:
            while items := mine.claim("q", name, limit=4):
                got[name].extend(i.key for i in items)

    threads = [threading.Thread(target=work, args=(n,)) for n in got]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    everything = got["a"] + got["b"]
    assert sorted(everything) == [f"k{n:02d}" for n in range(60)]


def test_arguments_are_checked(ledger: SqliteLedger) -> None:
    with pytest.raises(TypeError, match="payload"):
        ledger.enqueue("q", "k", {"a": 1})  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="limit"):
        ledger.claim("q", "w", limit=0)
    with pytest.raises(ValueError, match="lease"):
        ledger.claim("q", "w", lease=timedelta(0))
    with pytest.raises(ValueError, match="worker"):
        ledger.claim("q", "")
    with pytest.raises(ValueError, match="naive"):
        ledger.enqueue("q", "k", not_before=START.replace(tzinfo=None))
