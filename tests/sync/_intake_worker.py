"""The order intake in a process of its own, for ``test_intake_crash`` (which kills it).

    python -m tests.sync._intake_worker --base-url http://127.0.0.1:PORT/v2/ \\
        --ledger ledger.db --sink m2_orders.db [--mode sync|async] [--runs N]

Runs ``import_orders`` against the ANYMARKET at ``--base-url`` (the test serves a
``FakeAnymarket`` on loopback; the token comes from ``ANYMARKET_TEST_TOKEN``) with a
``SqliteLedger`` and a ``SqliteOrderSink`` on the given files and the sample M2 data, until
a run finds nothing to do (or ``--runs`` runs). Prints one JSON line per run. (It does not
import the pytest conftest, to start fast: ``CONFIG`` repeats ``sample_config``'s routes.)
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Final

from anymarket_sdk import Anymarket, AsyncAnymarket
from m2_adapter.ledger import AsyncSqliteLedger, SqliteLedger
from m2_adapter.m2 import (
    AsyncSqliteOrderSink,
    SqliteOrderSink,
    async_sample_source,
    sample_source,
)
from m2_adapter.mapping import ChannelRoute, MappingConfig, SalesChannel
from m2_adapter.sync._context import AsyncSyncContext, SyncContext
from m2_adapter.sync._orders import IntakeReport, async_import_orders, import_orders

ACCOUNT: Final = "acme"
NOW: Final = datetime(2026, 3, 10, 15, 0, tzinfo=UTC)
CONFIG: Final = MappingConfig(
    channel_routes=[
        ChannelRoute(marketplace="MERCADO_LIVRE", channel=SalesChannel(code="ML", warehouse_id=10)),
        ChannelRoute(
            marketplace="MERCADO_LIVRE",
            fulfillment=True,
            channel=SalesChannel(code="ML-FULL", warehouse_id=90),
        ),
    ]
)


def _line(report: IntakeReport) -> str:
    return json.dumps(
        {
            "imported": report.imported,
            "resumed": report.resumed,
            "entries": report.feed_entries,
            "acked": report.acked,
            "failures": [str(f) for f in report.failures],
            "summary": report.summary(),
        }
    )


def _emit(report: IntakeReport) -> None:
    sys.stdout.write(_line(report) + "\n")
    sys.stdout.flush()


def _idle(report: IntakeReport) -> bool:
    return report.feed_entries == 0 and report.resumed == 0


def run_sync(args: argparse.Namespace, token: str) -> None:
    client = Anymarket(token=token, base_url=args.base_url, rate_limiter=None, strict=True)
    ledger = SqliteLedger(args.ledger, account=ACCOUNT, now=lambda: NOW, synchronous="NORMAL")
    ctx = SyncContext(
        client=client,
        source=sample_source(),
        sink=SqliteOrderSink(args.sink),
        ledger=ledger,
        config=CONFIG,
        now=lambda: NOW,
    )
    with client:
        for _ in range(args.runs):
            report = import_orders(ctx, batch_size=args.batch_size)
            _emit(report)
            if _idle(report):
                break
    ledger.close()


async def run_async(args: argparse.Namespace, token: str) -> None:
    client = AsyncAnymarket(token=token, base_url=args.base_url, rate_limiter=None, strict=True)
    ledger = AsyncSqliteLedger(args.ledger, account=ACCOUNT, now=lambda: NOW, synchronous="NORMAL")
    ctx = AsyncSyncContext(
        client=client,
        source=async_sample_source(),
        sink=AsyncSqliteOrderSink(args.sink),
        ledger=ledger,
        config=CONFIG,
        now=lambda: NOW,
    )
    async with client:
        for _ in range(args.runs):
            report = await async_import_orders(ctx, batch_size=args.batch_size)
            _emit(report)
            if _idle(report):
                break
    await ledger.aclose()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--ledger", required=True)
    parser.add_argument("--sink", required=True)
    parser.add_argument("--mode", choices=("sync", "async"), default="sync")
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--batch-size", type=int, default=20)
    args = parser.parse_args(argv)
    token = os.environ["ANYMARKET_TEST_TOKEN"]
    if args.mode == "async":
        asyncio.run(run_async(args, token))
    else:
        run_sync(args, token)
    return 0


if __name__ == "__main__":
    sys.exit(main())
