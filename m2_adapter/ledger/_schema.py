"""The ledger's schema, as numbered forward migrations.

``schema_version`` holds one row per applied migration. Opening a ledger applies the missing
ones in order, in one write transaction (DDL is transactional on SQLite and PostgreSQL), so a
process killed mid-migration leaves the previous version intact. A database newer than the
code raises ``SchemaVersionError``: there are no down-migrations.

Rules for a new migration: append ``Migration(n + 1, ...)``; never edit a released one; keep
to the portable subset described in ``_dialect``; give every new ``NOT NULL`` column of an
existing table a ``DEFAULT``.

Every table starts with ``account``: one database can hold several ANYMARKET accounts, and a
ledger object works on one (``SqliteLedger(path, account=...)``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any, Final, Protocol

import attrs

from ._codec import encode_time
from .errors import SchemaVersionError

__all__ = ["MIGRATIONS", "SCHEMA_VERSION", "Migration", "migrate"]


@attrs.frozen
class Migration:
    version: int
    description: str
    statements: tuple[str, ...]


_V1: Final = (
    # -- 1. stock/price snapshots: the last value ANYMARKET accepted, and pending failures --
    """
    CREATE TABLE stock_snapshots (
        account         TEXT    NOT NULL,
        sku_partner_id  TEXT    NOT NULL,
        stock_local_id  BIGINT  NOT NULL,
        quantity        TEXT,
        cost            TEXT,
        additional_time INTEGER,
        pushed_at       TEXT,
        failed_reason   TEXT,
        failed_at       TEXT,
        failures        INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (account, sku_partner_id, stock_local_id),
        CHECK (pushed_at IS NULL OR quantity IS NOT NULL),
        CHECK ((failed_reason IS NULL AND failed_at IS NULL)
               OR (failed_reason IS NOT NULL AND failed_at IS NOT NULL))
    )
    """,
    """
    CREATE TABLE price_snapshots (
        account         TEXT    NOT NULL,
        sku_partner_id  TEXT    NOT NULL,
        target          TEXT    NOT NULL,
        price           TEXT,
        sell_price      TEXT,
        pushed_at       TEXT,
        failed_reason   TEXT,
        failed_at       TEXT,
        failures        INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (account, sku_partner_id, target),
        CHECK (pushed_at IS NULL OR price IS NOT NULL),
        CHECK ((failed_reason IS NULL AND failed_at IS NULL)
               OR (failed_reason IS NOT NULL AND failed_at IS NOT NULL))
    )
    """,
    # -- 2. catalogue id map -------------------------------------------------------------------
    """
    CREATE TABLE catalogue_ids (
        account      TEXT   NOT NULL,
        kind         TEXT   NOT NULL,
        local_key    TEXT   NOT NULL,
        anymarket_id BIGINT NOT NULL,
        partner_id   TEXT,
        name         TEXT,
        name_key     TEXT,
        parent_key   TEXT,
        updated_at   TEXT   NOT NULL,
        PRIMARY KEY (account, kind, local_key)
    )
    """,
    "CREATE INDEX catalogue_ids_by_anymarket_id ON catalogue_ids (account, kind, anymarket_id)",
    "CREATE INDEX catalogue_ids_by_partner_id ON catalogue_ids (account, kind, partner_id)",
    "CREATE INDEX catalogue_ids_by_name ON catalogue_ids (account, kind, name_key)",
    # a product or SKU id belongs to one M2 code (partial index: SQLite 3.8+ and PostgreSQL)
    """
    CREATE UNIQUE INDEX catalogue_ids_exclusive
        ON catalogue_ids (account, kind, anymarket_id) WHERE kind IN ('product', 'sku')
    """,
    # -- 3. orders and the feed tokens seen for them ---------------------------------------------
    """
    CREATE TABLE orders (
        account               TEXT NOT NULL,
        anymarket_order_id    TEXT NOT NULL,
        state                 TEXT NOT NULL,
        m2_order_number       TEXT,
        reason                TEXT,
        held_from             TEXT,
        partner_id_written_at TEXT,
        created_at            TEXT NOT NULL,
        updated_at            TEXT NOT NULL,
        PRIMARY KEY (account, anymarket_order_id),
        UNIQUE (account, m2_order_number),
        CHECK (state IN ('received', 'held', 'imported', 'partner_id_written', 'acked',
                         'updated', 'canceled')),
        CHECK (state NOT IN ('imported', 'partner_id_written', 'acked', 'updated')
               OR m2_order_number IS NOT NULL),
        CHECK (state NOT IN ('partner_id_written', 'acked') OR partner_id_written_at IS NOT NULL),
        CHECK ((state = 'held' AND held_from IS NOT NULL AND reason IS NOT NULL)
               OR (state <> 'held' AND held_from IS NULL))
    )
    """,
    "CREATE INDEX orders_by_state ON orders (account, state)",
    """
    CREATE TABLE order_tokens (
        account            TEXT NOT NULL,
        token              TEXT NOT NULL,
        anymarket_order_id TEXT NOT NULL,
        seen_at            TEXT NOT NULL,
        acked_at           TEXT,
        PRIMARY KEY (account, token),
        FOREIGN KEY (account, anymarket_order_id) REFERENCES orders (account, anymarket_order_id)
    )
    """,
    "CREATE INDEX order_tokens_by_order ON order_tokens (account, anymarket_order_id)",
    # -- 4. order transitions sent back to ANYMARKET -------------------------------------------
    """
    CREATE TABLE transitions (
        account            TEXT NOT NULL,
        anymarket_order_id TEXT NOT NULL,
        status             TEXT NOT NULL,
        fingerprint        TEXT NOT NULL,
        state              TEXT NOT NULL,
        reserved_at        TEXT NOT NULL,
        sent_at            TEXT,
        PRIMARY KEY (account, anymarket_order_id, status),
        CHECK ((state = 'reserved' AND sent_at IS NULL)
               OR (state = 'sent' AND sent_at IS NOT NULL))
    )
    """,
    # -- 5. generic work queue ----------------------------------------------------------------
    """
    CREATE TABLE work_items (
        account          TEXT    NOT NULL,
        queue            TEXT    NOT NULL,
        item_key         TEXT    NOT NULL,
        payload          TEXT    NOT NULL,
        state            TEXT    NOT NULL,
        attempts         INTEGER NOT NULL DEFAULT 0,
        revision         INTEGER NOT NULL DEFAULT 1,
        claimed_revision INTEGER,
        next_attempt_at  TEXT    NOT NULL,
        claimed_by       TEXT,
        lease_until      TEXT,
        last_error       TEXT,
        created_at       TEXT    NOT NULL,
        updated_at       TEXT    NOT NULL,
        PRIMARY KEY (account, queue, item_key),
        CHECK (state IN ('ready', 'claimed', 'done', 'dead')),
        CHECK ((state = 'claimed' AND claimed_by IS NOT NULL AND lease_until IS NOT NULL
                AND claimed_revision IS NOT NULL)
               OR (state <> 'claimed' AND claimed_by IS NULL AND lease_until IS NULL))
    )
    """,
    "CREATE INDEX work_items_due ON work_items (account, queue, state, next_attempt_at)",
    # -- 6. run log and checkpoints ---------------------------------------------------------
    """
    CREATE TABLE runs (
        account     TEXT NOT NULL,
        run_id      TEXT NOT NULL,
        flow        TEXT NOT NULL,
        outcome     TEXT NOT NULL,
        started_at  TEXT NOT NULL,
        finished_at TEXT,
        counters    TEXT NOT NULL,
        error       TEXT,
        PRIMARY KEY (account, run_id),
        CHECK (outcome IN ('running', 'ok', 'failed')),
        CHECK ((outcome = 'running' AND finished_at IS NULL)
               OR (outcome <> 'running' AND finished_at IS NOT NULL))
    )
    """,
    "CREATE INDEX runs_by_flow ON runs (account, flow, started_at)",
    """
    CREATE TABLE checkpoints (
        account    TEXT NOT NULL,
        name       TEXT NOT NULL,
        value      TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (account, name)
    )
    """,
)

MIGRATIONS: Final[tuple[Migration, ...]] = (
    Migration(1, "snapshots, id map, orders, transitions, work queue, runs, checkpoints", _V1),
)
SCHEMA_VERSION: Final = MIGRATIONS[-1].version


class Executor(Protocol):
    """What ``migrate`` needs from an open write transaction."""

    def run(self, sql: str, params: Sequence[Any] = ()) -> int: ...
    def one(self, sql: str, params: Sequence[Any] = ()) -> tuple[Any, ...] | None: ...


_VERSION_TABLE: Final = """
CREATE TABLE IF NOT EXISTS schema_version (
    version    INTEGER NOT NULL PRIMARY KEY,
    applied_at TEXT    NOT NULL,
    description TEXT   NOT NULL
)
"""


def migrate(
    tx: Executor,
    now: Callable[[], datetime],
    migrations: Sequence[Migration] = MIGRATIONS,
) -> int:
    """Bring the schema to the last of ``migrations`` inside the caller's write transaction;
    return the version reached. ``CREATE TABLE IF NOT EXISTS`` is the one exception to "no
    dialect-specific syntax" and both databases have it."""
    versions = [m.version for m in migrations]
    if versions != list(range(1, len(versions) + 1)):
        raise ValueError(f"migrations must be numbered 1..n without gaps, got {versions}")
    tx.run(_VERSION_TABLE)
    row = tx.one("SELECT MAX(version) FROM schema_version")
    current = int(row[0]) if row is not None and row[0] is not None else 0
    latest = versions[-1] if versions else 0
    if current > latest:
        raise SchemaVersionError(current, latest)
    for migration in migrations[current:]:
        for statement in migration.statements:
            tx.run(statement)
        tx.run(
            "INSERT INTO schema_version (version, applied_at, description) VALUES (?, ?, ?)",
            (migration.version, encode_time(now(), "now()"), migration.description),
        )
    return latest
