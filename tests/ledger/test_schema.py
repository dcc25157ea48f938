"""Schema versioning, the SQLite settings, and the portability of the SQL."""

from __future__ import annotations

import re
import sqlite3
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import attrs
import pytest

from m2_adapter.ledger import (
    MEMORY,
    MIGRATIONS,
    POSTGRESQL,
    SCHEMA_VERSION,
    SQLITE,
    CatalogueKind,
    Dialect,
    LedgerConflictError,
    LedgerError,
    Migration,
    PriceRecord,
    PriceTarget,
    SchemaVersionError,
    SqliteLedger,
    StockRecord,
)
from m2_adapter.ledger._core import Tx
from m2_adapter.ledger._schema import migrate
from tests.ledger.conftest import FakeNow


def test_new_file_gets_the_schema_and_settings(db_path: Path, now: FakeNow) -> None:
    with SqliteLedger(db_path, now=now) as ledger:
        assert ledger.schema_version() == SCHEMA_VERSION == MIGRATIONS[-1].version
        assert ledger.journal_mode == "wal"
    with sqlite3.connect(db_path) as con:
        assert con.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {
        "schema_version",
        "stock_snapshots",
        "price_snapshots",
        "catalogue_ids",
        "orders",
        "order_tokens",
        "transitions",
        "work_items",
        "runs",
        "checkpoints",
    } <= tables
    with SqliteLedger(db_path, now=now) as reopened:  # reopening applies nothing
        assert reopened.schema_version() == SCHEMA_VERSION


def test_synchronous_setting(db_path: Path) -> None:
    for name, level in (("FULL", 2), ("NORMAL", 1)):
        with SqliteLedger(db_path, synchronous=name) as ledger:  # type: ignore[arg-type]
            assert ledger._con is not None
            assert ledger._con.execute("PRAGMA synchronous").fetchone() == (level,)
    with pytest.raises(ValueError, match="synchronous"):
        SqliteLedger(db_path, synchronous="OFF")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="path"):
        SqliteLedger("")
    with pytest.raises(ValueError, match="account"):
        SqliteLedger(db_path, account="")
    with pytest.raises(ValueError, match="timeout"):
        SqliteLedger(db_path, timeout=-1)


def test_memory_ledger_works(now: FakeNow) -> None:
    with SqliteLedger(MEMORY, now=now) as ledger:
        assert ledger.path is None
        assert repr(ledger) == "SqliteLedger(':memory:', account='default')"
        ledger.record_pushed([StockRecord(sku_partner_id="A", quantity=Decimal(1))])
        assert ledger.pushed_stock("A") is not None


def test_newer_database_is_refused(db_path: Path) -> None:
    SqliteLedger(db_path).close()
    with sqlite3.connect(db_path) as con:
        con.execute(
            "INSERT INTO schema_version (version, applied_at, description) VALUES (99, 'x', 'y')"
        )
    with pytest.raises(SchemaVersionError, match="version 99") as info:
        SqliteLedger(db_path)
    assert (info.value.found, info.value.supported) == (99, SCHEMA_VERSION)


def _tx(con: sqlite3.Connection) -> Tx:
    return Tx(con.cursor(), SQLITE)


def test_forward_migrations_apply_in_order(tmp_path: Path, now: FakeNow) -> None:
    v1 = Migration(1, "a", ("CREATE TABLE a (x TEXT NOT NULL)",))
    v2 = Migration(
        2, "b", ("ALTER TABLE a ADD COLUMN y INTEGER NOT NULL DEFAULT 0", "CREATE TABLE b (z TEXT)")
    )
    path = tmp_path / "m.sqlite"
    with sqlite3.connect(path, isolation_level=None) as con:
        assert migrate(_tx(con), now, [v1]) == 1
        con.execute("INSERT INTO a (x) VALUES ('kept')")
        now.advance(days=1)
        assert migrate(_tx(con), now, [v1, v2]) == 2
        assert migrate(_tx(con), now, [v1, v2]) == 2  # nothing left to do
        assert con.execute("SELECT x, y FROM a").fetchall() == [("kept", 0)]
        versions = con.execute("SELECT version, description FROM schema_version").fetchall()
        assert versions == [(1, "a"), (2, "b")]
        with pytest.raises(SchemaVersionError):
            migrate(_tx(con), now, [v1])
    with pytest.raises(ValueError, match="numbered"):
        migrate(_tx(sqlite3.connect(MEMORY)), now, [v2])


def test_failed_migration_leaves_the_previous_version(tmp_path: Path, now: FakeNow) -> None:
    v1 = Migration(1, "a", ("CREATE TABLE a (x TEXT)",))
    bad = Migration(2, "b", ("CREATE TABLE b (z TEXT)", "THIS IS NOT SQL"))
    path = tmp_path / "m.sqlite"
    con = sqlite3.connect(path, isolation_level=None)
    migrate(_tx(con), now, [v1])
    con.execute("BEGIN IMMEDIATE")
    with pytest.raises(sqlite3.OperationalError):
        migrate(_tx(con), now, [v1, bad])
    con.execute("ROLLBACK")
    names = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert "b" not in names
    assert con.execute("SELECT MAX(version) FROM schema_version").fetchone() == (1,)
    con.close()


def test_constraints_hold_even_for_raw_writes(ledger: SqliteLedger) -> None:
    """The CHECKs back the code: a torn or impossible row cannot be stored."""
    ledger.begin_order("1", "t1")
    con = ledger._con
    assert con is not None
    for bad in (
        "UPDATE orders SET state = 'imported' WHERE anymarket_order_id = '1'",  # no M2 number
        "UPDATE orders SET state = 'held' WHERE anymarket_order_id = '1'",  # no held_from
        "UPDATE orders SET state = 'lost' WHERE anymarket_order_id = '1'",
        "INSERT INTO order_tokens VALUES ('acme', 't9', 'ghost', 'x', NULL)",  # foreign key
    ):
        with pytest.raises(sqlite3.IntegrityError):
            con.execute(bad)
    ledger.remember_id(CatalogueKind.SKU, "A", 1)
    with pytest.raises(sqlite3.IntegrityError):
        con.execute(
            "INSERT INTO catalogue_ids VALUES ('acme', 'sku', 'B', 1, NULL, NULL, NULL, NULL, 'x')"
        )


def test_driver_errors_are_wrapped(ledger: SqliteLedger, monkeypatch: pytest.MonkeyPatch) -> None:
    ledger.begin_order("1", "t1")
    con = ledger._con
    assert con is not None
    con.execute("DROP TABLE checkpoints")
    with pytest.raises(LedgerError, match="sqlite error") as info:
        ledger.checkpoint("x")
    assert isinstance(info.value.__cause__, sqlite3.OperationalError)
    # an integrity error the code did not foresee becomes a conflict (nothing written)
    con.execute("CREATE UNIQUE INDEX one_state ON orders (state)")
    with pytest.raises(LedgerConflictError, match="constraint"):
        ledger.begin_order("2", "t2")
    assert ledger.order("2") is None
    assert ledger.order("1") is not None


# --- portability: every statement the ledger runs converts to PostgreSQL's style ---------


@attrs.frozen(kw_only=True)
class RecordingDialect(Dialect):
    seen: list[str] = attrs.field(factory=list[str])

    def sql(self, text: str, in_size: int = 0) -> str:
        self.seen.append(text)
        return super().sql(text, in_size)


_SQLITE_ONLY = re.compile(
    r"\b(PRAGMA|AUTOINCREMENT|GLOB|IMMEDIATE|DEFERRED|EXCLUSIVE|REPLACE INTO|INSERT OR|"
    r"RETURNING|datetime\(|strftime|julianday|IFNULL|ROWID)\b",
    re.IGNORECASE,
)


def test_every_statement_is_portable(ledger: SqliteLedger, now: FakeNow) -> None:
    recording = RecordingDialect(
        name="sqlite", placeholder="?", begin_write="BEGIN IMMEDIATE", max_params=900
    )
    ledger.dialect = recording
    # drive every operation once
    stock = StockRecord(sku_partner_id="A", quantity=Decimal(1))
    price = PriceRecord(sku_partner_id="A", target=PriceTarget.SKU_PRICE, price=Decimal(1))
    list(ledger.stock_delta([stock]))
    list(ledger.price_delta([price]))
    ledger.record_pushed([stock, price])
    ledger.mark_failed([stock, price], "x")
    ledger.push_failures()
    ledger.pushed_stock("A")
    ledger.pushed_price("A", PriceTarget.SKU_PRICE)
    ledger.forget_pushed("A")
    ledger.forget_pushed()
    ledger.remember_id(CatalogueKind.SKU, "A", 1, name="a")
    ledger.remember_id(CatalogueKind.SKU, "A", 1, name="b")
    for key in ("local_key", "anymarket_id", "partner_id", "name"):
        ledger.find_id(CatalogueKind.SKU, **{key: 1 if key == "anymarket_id" else "a"})  # type: ignore[arg-type]
    ledger.find_ids(CatalogueKind.SKU, ["A"])
    ledger.forget_id(CatalogueKind.SKU, "A")
    ledger.begin_order("1", "t1")
    ledger.mark_imported("1", "M1")
    ledger.begin_order("2", "t2")
    ledger.hold("2", "r")
    ledger.release_hold("2")
    ledger.mark_partner_id_written("1")
    ledger.mark_acked("t1")
    ledger.mark_canceled("2")
    ledger.order("1")
    ledger.order_by_m2_number("M1")
    ledger.pending_orders(include_held=True)
    ledger.held_orders()
    ledger.reserve_transition("1", "INVOICED", {})
    ledger.record_sent("1", "INVOICED", {})
    ledger.reserve_transition("1", "CONCLUDED", {})
    ledger.abandon_transition("1", "CONCLUDED")
    ledger.already_sent("1", "INVOICED")
    ledger.transitions_in_doubt()
    ledger.enqueue("q", "k", "a")
    ledger.claim("q", "w")
    ledger.enqueue("q", "k", "b")
    ledger.complete("q", "k", "w")
    ledger.claim("q", "w")
    ledger.fail("q", "k", "w", "e", retry_at=now())
    ledger.work_item("q", "k")
    ledger.queue_counts("q")
    ledger.purge_done("q", before=now() + timedelta(days=1))
    run = ledger.start_run("f")
    ledger.finish_run(run, counters={"n": 1})
    ledger.runs()
    ledger.runs(flow="f")
    ledger.set_checkpoint("c", "v")
    ledger.checkpoint("c")
    ledger.schema_version()

    statements = set(recording.seen)
    assert len(statements) > 50
    statements.update(s for m in MIGRATIONS for s in m.statements)
    for text in statements:
        assert not _SQLITE_ONLY.search(text), text
        assert "%" not in text, text  # psycopg would read it as a placeholder
        converted = POSTGRESQL.sql(text, in_size=3)
        assert "?" not in converted, text
        assert converted.count("%s") == text.count("?") + (2 if "(?*)" in text else 0), text


def test_dialect_rewrites_placeholders() -> None:
    assert SQLITE.sql("a = ? AND b IN (?*)", 2) == "a = ? AND b IN (?, ?)"
    assert POSTGRESQL.sql("a = ? AND b IN (?*)", 2) == "a = %s AND b IN (%s, %s)"
    with pytest.raises(ValueError, match="at least one"):
        SQLITE.sql("b IN (?*)")
    assert SQLITE.begin_write == "BEGIN IMMEDIATE"
