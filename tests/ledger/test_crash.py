"""A real process killed with SIGKILL mid-run: no torn state, and resume finds the work."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from m2_adapter.ledger import OrderEntry, OrderState, SqliteLedger
from tests.ledger._writer import AHEAD, BATCH, batch

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX signals")


def run_and_kill(path: Path, mode: str, lines: int) -> list[str]:
    """Start the writer, read ``lines`` lines of progress, then SIGKILL it."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    seen: list[str] = []
    with subprocess.Popen(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-m", "tests.ledger._writer", str(path), mode],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    ) as proc:
        assert proc.stdout is not None
        assert proc.stderr is not None
        try:
            while len(seen) < lines:
                line = proc.stdout.readline()
                if not line:
                    pytest.fail(f"writer stopped early: {proc.stderr.read()}")
                seen.append(line.strip())
            os.kill(proc.pid, signal.SIGKILL)
        finally:
            proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    return seen


def check_integrity(path: Path) -> sqlite3.Connection:
    con = sqlite3.connect(path)
    assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert con.execute("PRAGMA foreign_key_check").fetchall() == []
    return con


def resume(ledger: SqliteLedger, entry: OrderEntry) -> None:
    """What the intake flow does on restart, step by step from the stored state."""
    oid = entry.anymarket_order_id
    if entry.state in (OrderState.RECEIVED, OrderState.UPDATED):
        ledger.mark_imported(oid, "M" + oid[1:])  # the M2 sink returns the same number
    ledger.mark_partner_id_written(oid)
    for token in entry.pending_tokens:
        ledger.mark_acked(token)


def test_sigkill_during_the_order_loop(tmp_path: Path) -> None:
    path = tmp_path / "ledger.sqlite"
    progress = run_and_kill(path, "orders", lines=8)
    finished = int(progress[-1]) + 1  # orders o0..o{finished-1} were reported done

    con = check_integrity(path)
    with con:
        rows = con.execute(
            "SELECT anymarket_order_id, state, m2_order_number, partner_id_written_at, "
            "(SELECT COUNT(*) FROM order_tokens t "
            "WHERE t.anymarket_order_id = o.anymarket_order_id) "
            "FROM orders o"
        ).fetchall()
        batches = con.execute(
            "SELECT substr(sku_partner_id, 1, instr(sku_partner_id, '-') - 1), COUNT(*) "
            "FROM stock_snapshots GROUP BY 1"
        ).fetchall()
    con.close()
    # every stock batch is whole: a transaction is all or nothing
    assert batches
    assert {n for _, n in batches} == {BATCH}
    # orders were begun in sequence, each with its token; every row is complete
    numbers = sorted(int(oid[1:]) for oid, *_ in rows)
    assert numbers == list(range(len(numbers)))
    assert len(numbers) >= finished + AHEAD
    for oid, state, m2, written, tokens in rows:
        assert tokens == 1
        if state != OrderState.RECEIVED:
            assert m2 == "M" + oid[1:]
        if state in (OrderState.PARTNER_ID_WRITTEN, OrderState.ACKED):
            assert written is not None

    with SqliteLedger(path) as ledger:
        pending = ledger.pending_orders()
        done = {oid for oid, state, *_ in rows if state == OrderState.ACKED}
        assert {e.anymarket_order_id for e in pending} == {oid for oid, *_ in rows} - done
        assert {f"o{n}" for n in range(finished)} <= done
        assert len(pending) >= AHEAD
        in_flight = min(pending, key=lambda e: int(e.anymarket_order_id[1:]))
        n = int(in_flight.anymarket_order_id[1:])
        # the stock batch of the order in flight was either committed whole or not at all
        assert len(list(ledger.stock_delta(batch(f"B{n}", BATCH)))) in (0, BATCH)
        for entry in pending:
            resume(ledger, entry)
        for entry in pending:  # resuming twice changes nothing
            resume(ledger, ledger.order(entry.anymarket_order_id) or entry)
        assert ledger.pending_orders() == []
        everything = [ledger.order(oid) for oid, *_ in rows]
        assert all(e is not None and e.state is OrderState.ACKED for e in everything)
        assert len({e.m2_order_number for e in everything if e is not None}) == len(rows)


def test_sigkill_inside_an_open_transaction(tmp_path: Path) -> None:
    """Killed with 20,000 rows written and not committed: none of them survive."""
    path = tmp_path / "ledger.sqlite"
    assert run_and_kill(path, "bulk", lines=1) == ["mid"]
    # the uncommitted rows did reach the disk (the WAL), and recovery must ignore them
    assert Path(f"{path}-wal").stat().st_size > 1_000_000
    con = check_integrity(path)
    with con:
        counts = dict(
            con.execute(
                "SELECT substr(sku_partner_id, 1, instr(sku_partner_id, '-') - 1), COUNT(*) "
                "FROM stock_snapshots GROUP BY 1"
            ).fetchall()
        )
    con.close()
    assert counts.get("base") == BATCH
    assert "bulk" not in counts
    with SqliteLedger(path) as ledger:  # reopens and writes normally
        assert ledger.record_pushed(batch("after", 10)) == 10
