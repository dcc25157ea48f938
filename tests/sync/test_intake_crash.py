"""The order intake killed with SIGKILL mid-run, then resumed by a new process.

The fake must outlive the killed process, so this test serves ``FakeAnymarket`` over a
loopback HTTP server (``http://127.0.0.1:<port>/v2/``, a small ``ThreadingHTTPServer``
handing each request to ``fake.handler``). A real subprocess (``tests/sync/_intake_worker``)
runs ``import_orders`` against it with a ``SqliteLedger`` and a ``SqliteOrderSink`` on
files of this test; it is killed as soon as some orders are in the sink, wherever it is
(between any two steps of any order), and a second process finishes the work. Then every
order is in the sink exactly once, written back, every feed entry is acknowledged, and the
ledger agrees with both.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import httpx
import pytest

from anymarket_sdk.testing import FakeAnymarket
from m2_adapter.ledger import OrderState, RunOutcome, SqliteLedger
from m2_adapter.m2 import SqliteOrderSink

from ._order_fixtures import SKUS, sale, seed_shop
from .conftest import ACCOUNT, NOW

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL (POSIX)")

ORDERS = 40
KILL_AFTER = 6
"""Kill the first process once this many orders are in the sink."""
ROOT = Path(__file__).resolve().parents[2]
_HOP_BY_HOP = frozenset({"content-length", "transfer-encoding", "connection", "keep-alive"})


class _Bridge(BaseHTTPRequestHandler):
    """Hands every request to ``fake.handler`` and writes its answer back."""

    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body go out in two writes
    fake: ClassVar[FakeAnymarket]

    def _serve(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        request = httpx.Request(
            self.command,
            self.fake.base_url.split("/v2/")[0] + self.path,
            headers=[(k, v) for k, v in self.headers.items() if k.lower() != "content-length"],
            content=body,
        )
        response = self.fake.handler(request)
        data = response.read()
        self.send_response(response.status_code)
        for name, value in response.headers.items():
            if name.lower() not in _HOP_BY_HOP:
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if data:
            self.wfile.write(data)

    def do_GET(self) -> None:
        self._serve()

    def do_PUT(self) -> None:
        self._serve()

    def do_POST(self) -> None:
        self._serve()

    def do_PATCH(self) -> None:
        self._serve()

    def do_DELETE(self) -> None:
        self._serve()

    def log_message(self, format: str, *args: Any) -> None:
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a connection of the killed process broke mid-answer: expected


@pytest.fixture
def served() -> Iterator[FakeAnymarket]:
    """A ``FakeAnymarket`` reachable at ``fake.base_url`` over loopback HTTP."""
    handler: type[_Bridge] = type("Bridge", (_Bridge,), {})
    server = _Server(("127.0.0.1", 0), handler)
    port = server.server_address[1]
    fake = FakeAnymarket(base_url=f"http://127.0.0.1:{port}/v2/")
    handler.fake = fake
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield fake
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def _worker(fake: FakeAnymarket, ledger: Path, sink: Path, mode: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "tests.sync._intake_worker",
        "--base-url",
        fake.base_url,
        "--ledger",
        str(ledger),
        "--sink",
        str(sink),
        "--mode",
        mode,
    ]


def _env(fake: FakeAnymarket) -> dict[str, str]:
    path = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p)
    return {**os.environ, "ANYMARKET_TEST_TOKEN": fake.token, "PYTHONPATH": path}


def _sink_count(path: Path) -> int:
    """Orders in the sink, read without taking SQLite's write lock."""
    if not path.exists():
        return 0
    try:
        with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as con:
            return int(con.execute("SELECT COUNT(*) FROM m2_sales_orders").fetchone()[0])
    except sqlite3.OperationalError:
        return 0  # the schema is not there yet, or the file is busy: look again


def test_a_killed_intake_is_resumed_without_loss_or_duplicate(
    served: FakeAnymarket, tmp_path: Path, mode: str
) -> None:
    fake = served
    seed_shop(fake)
    ids = [sale(fake, (SKUS[n % len(SKUS)], 1, "12.50")) for n in range(ORDERS)]
    ledger_path, sink_path = tmp_path / "ledger.db", tmp_path / "m2_orders.db"
    command = _worker(fake, ledger_path, sink_path, mode)

    first = subprocess.Popen(  # noqa: S603 - our own worker module
        command,
        cwd=ROOT,
        env=_env(fake),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 60
        while _sink_count(sink_path) < KILL_AFTER:
            assert first.poll() is None, first.communicate()[1].decode()[-2000:]
            assert time.monotonic() < deadline, "the worker made no progress"
            time.sleep(0.002)
        os.kill(first.pid, signal.SIGKILL)
    finally:
        first.communicate(timeout=30)
    assert first.returncode == -signal.SIGKILL
    killed_at = _sink_count(sink_path)
    assert KILL_AFTER <= killed_at < ORDERS
    assert fake.feed_items(), "the first process must have been killed mid-run"

    second = subprocess.run(  # noqa: S603
        command, cwd=ROOT, env=_env(fake), capture_output=True, timeout=120, check=False
    )

    assert second.returncode == 0, second.stderr.decode()[-2000:]
    lines = second.stdout.decode().splitlines()
    assert '"failures": []' in lines[0], lines
    assert fake.feed_items() == []
    sink = SqliteOrderSink(sink_path)
    assert sink.count() == ORDERS
    with SqliteLedger(ledger_path, account=ACCOUNT, now=lambda: NOW) as ledger:
        numbers: set[str] = set()
        for oid in ids:
            record = sink.find_by_anymarket_id(str(oid))
            assert record is not None
            numbers.add(record.m2_order_number)
            entry = ledger.order(str(oid))
            assert entry is not None
            assert (entry.state, entry.m2_order_number) == (
                OrderState.ACKED,
                record.m2_order_number,
            )
            assert entry.pending_tokens == ()
            assert fake.order(oid)["partnerId"] == record.m2_order_number
        assert len(numbers) == ORDERS
        assert ledger.pending_orders(include_held=True) == []
        outcomes = [r.outcome for r in ledger.runs(flow="order_intake")]
        assert outcomes.count(RunOutcome.RUNNING) == 1  # the killed run, never finished
        assert RunOutcome.FAILED not in outcomes
    with contextlib.closing(sqlite3.connect(ledger_path)) as con:
        assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
