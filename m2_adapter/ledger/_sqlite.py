"""``SqliteLedger``: the ledger in one SQLite file (stdlib ``sqlite3``).

Crash safety, decided here:

- ``journal_mode=WAL``: a commit appends to the write-ahead log; a process killed at any
  point (SIGKILL included) leaves either the whole transaction or none of it, readers never
  block the writer, and the WAL mode is remembered by the file.
- ``synchronous=FULL`` by default: every commit is fsynced, so a committed step (an order
  marked acknowledged, a transition marked sent) also survives a power cut or an OS crash.
  The ledger commits per step, not per row, so the cost is small. ``synchronous="NORMAL"``
  is safe against process crashes too (the database stays consistent) but may lose the
  last commits on power loss, which could mean repeating a send: choose it only for
  throwaway runs.
- Every write opens with ``BEGIN IMMEDIATE``: the write lock is taken before the first
  read, so two processes never both read "not sent yet" and both write. Other writers wait
  up to ``timeout`` seconds (SQLite's busy handler), then ``LedgerError``.
- ``foreign_keys=ON`` (feed tokens reference their order).

One connection per ledger object, shared by threads under a lock (the async wrapper runs
calls in worker threads). Each process opens its own ``SqliteLedger``.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Callable, Generator
from contextlib import contextmanager, suppress
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import Final, Literal, Self

from ._core import SqlLedger, Tx
from ._dialect import SQLITE
from .errors import LedgerError

__all__ = ["MEMORY", "SqliteLedger"]

MEMORY: Final = ":memory:"

Synchronous = Literal["FULL", "NORMAL", "EXTRA"]
_SYNCHRONOUS: Final = ("FULL", "NORMAL", "EXTRA")


class SqliteLedger(SqlLedger):
    """The ledger in the SQLite file ``path`` (created with its schema on first open).

    - ``account``: the ANYMARKET account this object works on; one file may hold several
      (every row is keyed by account). Two processes on one account share its state.
    - ``now``: the clock (returns an aware datetime); every stored time comes from it.
    - ``timeout``: seconds a write waits for another process's write lock.
    - ``synchronous``: ``"FULL"`` (default, durable on power loss), ``"NORMAL"``,
      ``"EXTRA"``; see the module docstring.

    ``":memory:"`` keeps everything in this process's memory: for tests only, it is lost
    with the process (no crash safety at all). Close with ``close()`` or a ``with`` block.
    """

    _driver_error = sqlite3.Error
    _integrity_error = sqlite3.IntegrityError

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        account: str = "default",
        now: Callable[[], datetime] | None = None,
        timeout: float = 30.0,
        synchronous: Synchronous = "FULL",
    ) -> None:
        super().__init__(dialect=SQLITE, account=account, now=now)
        text = os.fspath(path)
        if not text:
            raise ValueError("path is required (':memory:' for a throwaway ledger)")
        if synchronous not in _SYNCHRONOUS:
            raise ValueError(f"synchronous must be one of {_SYNCHRONOUS}, got {synchronous!r}")
        if isinstance(timeout, bool) or not isinstance(timeout, int | float) or timeout < 0:
            raise ValueError(f"timeout must be a number of seconds >= 0, got {timeout!r}")
        self.path: Path | None = None if text == MEMORY else Path(text)
        self.timeout = float(timeout)
        self.synchronous: Synchronous = synchronous
        self._lock = threading.RLock()
        try:
            con = sqlite3.connect(
                text, timeout=self.timeout, isolation_level=None, check_same_thread=False
            )
        except sqlite3.Error as exc:
            raise LedgerError(f"cannot open the ledger {text!r}: {exc}") from exc
        try:
            row = con.execute("PRAGMA journal_mode = WAL").fetchone()
            self.journal_mode = str(row[0]).lower()
            con.execute(f"PRAGMA synchronous = {synchronous}")
            con.execute("PRAGMA foreign_keys = ON")
        except sqlite3.Error as exc:
            con.close()
            raise LedgerError(f"cannot open the ledger {text!r}: {exc}") from exc
        self._con: sqlite3.Connection | None = con
        try:
            self._open()
        except BaseException:
            self.close()
            raise

    def __repr__(self) -> str:
        where = MEMORY if self.path is None else str(self.path)
        return f"SqliteLedger({where!r}, account={self.account!r})"

    @contextmanager
    def _transaction(self, *, write: bool) -> Generator[Tx]:
        with self._lock:
            con = self._con
            if con is None:
                raise LedgerError("the ledger is closed")
            con.execute(self.dialect.begin_write if write else self.dialect.begin_read)
            try:
                yield Tx(con.cursor(), self.dialect)
                con.execute("COMMIT")
            except BaseException:
                if con.in_transaction:
                    with suppress(sqlite3.Error):
                        con.execute("ROLLBACK")
                raise

    def close(self) -> None:
        """Close the connection (idempotent). Later calls raise ``LedgerError``."""
        with self._lock:
            con, self._con = self._con, None
        if con is not None:
            con.close()

    @property
    def closed(self) -> bool:
        return self._con is None

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
