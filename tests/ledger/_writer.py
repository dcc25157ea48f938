"""A ledger writer run as a separate process by ``test_crash`` and killed with SIGKILL.

``orders`` mode loops over the order intake (with a stock batch between the write-back and
the acknowledgement) and reports each finished order on stdout. ``bulk`` mode commits a
small batch, then writes a large one and stops inside the open transaction, its rows
written but not committed (``mid`` on stdout), to be killed there.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from m2_adapter.ledger import SqliteLedger, StockRecord
from m2_adapter.ledger._core import Tx

AHEAD = 4
BATCH = 1000
BULK = 20_000


def batch(prefix: str, size: int) -> list[StockRecord]:
    return [StockRecord(sku_partner_id=f"{prefix}-{n}", quantity=Decimal(n)) for n in range(size)]


def say(text: str) -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def orders(ledger: SqliteLedger) -> None:
    for n in range(AHEAD):
        ledger.begin_order(f"o{n}", f"t{n}")
    i = 0
    while True:
        ledger.begin_order(f"o{i + AHEAD}", f"t{i + AHEAD}")
        ledger.mark_imported(f"o{i}", f"M{i}")
        ledger.mark_partner_id_written(f"o{i}")
        ledger.record_pushed(batch(f"B{i}", BATCH))
        ledger.mark_acked(f"t{i}")
        say(str(i))
        i += 1


def bulk(ledger: SqliteLedger) -> None:
    ledger.record_pushed(batch("base", BATCH))
    assert ledger._con is not None
    ledger._con.execute(
        "PRAGMA cache_size = 20"
    )  # a tiny cache: uncommitted pages spill to the WAL
    many = Tx.many

    def many_then_hang(self: Tx, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        many(self, sql, rows)
        if "stock_snapshots" in sql:
            say("mid")
            time.sleep(60)

    Tx.many = many_then_hang  # type: ignore[method-assign]
    ledger.record_pushed(batch("bulk", BULK))


def main(path: str, mode: str) -> None:
    ledger = SqliteLedger(path)
    {"orders": orders, "bulk": bulk}[mode](ledger)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
