"""Fixtures for ``m2_adapter.ledger``: a manual clock and ledgers on a temporary file."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from m2_adapter.ledger import SqliteLedger

START = datetime(2026, 5, 4, 9, 0, tzinfo=UTC)


class FakeNow:
    """An injectable ``now``: stands still until ``advance``."""

    def __init__(self, start: datetime = START) -> None:
        self.value = start

    def __call__(self) -> datetime:
        return self.value

    def advance(self, **delta: float) -> datetime:
        self.value += timedelta(**delta)
        return self.value


@pytest.fixture
def now() -> FakeNow:
    return FakeNow()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "ledger.sqlite"


@pytest.fixture
def ledger(db_path: Path, now: FakeNow) -> Iterator[SqliteLedger]:
    """A ledger on a temporary file. ``synchronous=NORMAL`` spares an fsync per commit
    (the tests need no power-cut durability); the default ``FULL`` runs in ``test_crash``."""
    with SqliteLedger(db_path, account="acme", now=now, synchronous="NORMAL") as opened:
        yield opened
