"""Run log and checkpoints."""

from __future__ import annotations

import pytest

from m2_adapter.ledger import LedgerConflictError, LedgerNotFoundError, RunOutcome, SqliteLedger
from tests.ledger.conftest import START, FakeNow


def test_runs_are_logged_newest_first(ledger: SqliteLedger, now: FakeNow) -> None:
    first = ledger.start_run("stock")
    now.advance(minutes=1)
    ended = ledger.finish_run(first, counters={"pushed": 12, "failed": 1})
    assert (ended.outcome, ended.started_at, ended.finished_at) == (RunOutcome.OK, START, now())
    assert ended.counters == {"failed": 1, "pushed": 12}
    assert ledger.finish_run(first, ok=False, error="late") == ended  # a finished run is kept
    now.advance(minutes=1)
    second = ledger.start_run("orders", run_id="orders-1")
    assert second == "orders-1"
    assert ledger.start_run("orders", run_id="orders-1") == "orders-1"
    now.advance(minutes=1)
    third = ledger.start_run("stock")
    failed = ledger.finish_run(third, ok=False, error="ANYMARKET 503")
    assert (failed.outcome, failed.error) == (RunOutcome.FAILED, "ANYMARKET 503")
    assert [r.run_id for r in ledger.runs()] == [third, second, first]
    assert [r.run_id for r in ledger.runs(flow="stock", limit=1)] == [third]
    running = ledger.runs(flow="orders")[0]
    assert (running.outcome, running.finished_at) == (RunOutcome.RUNNING, None)


def test_run_errors(ledger: SqliteLedger) -> None:
    ledger.start_run("stock", run_id="r1")
    with pytest.raises(LedgerConflictError):
        ledger.start_run("orders", run_id="r1")
    with pytest.raises(LedgerNotFoundError):
        ledger.finish_run("r404")
    with pytest.raises(ValueError, match="limit"):
        ledger.runs(limit=0)


def test_checkpoints(ledger: SqliteLedger) -> None:
    assert ledger.checkpoint("orders.reconciled_until") is None
    ledger.set_checkpoint("orders.reconciled_until", "2026-05-04T00:00:00+00:00")
    ledger.set_checkpoint("orders.reconciled_until", "2026-05-05T00:00:00+00:00")
    assert ledger.checkpoint("orders.reconciled_until") == "2026-05-05T00:00:00+00:00"
    with pytest.raises(TypeError):
        ledger.set_checkpoint("x", 1)  # type: ignore[arg-type]
