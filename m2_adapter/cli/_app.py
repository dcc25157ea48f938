"""``python -m m2_adapter``: the parser, the environment, and the operational commands.

Exit codes: 0 everything done; 1 something was held or failed (the report says what);
2 a usage error (bad option, missing environment variable, unreadable configuration).
The ANYMARKET token is read from the environment only (``ANYMARKET_TOKEN``); an option
that looks like a token option is refused before anything else, without echoing it.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from contextlib import ExitStack
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Final, NoReturn, TextIO

import httpx

from anymarket_sdk import Anymarket, AnymarketError, mask
from m2_adapter import _demo  # the module (it imports this package's helpers)
from m2_adapter.ledger import MEMORY, LedgerError, SqliteLedger
from m2_adapter.m2 import (
    ExtracaoClient,
    FileSource,
    InMemoryOrderSink,
    M2Error,
    M2OrderSink,
    M2Source,
    OrderReceipt,
    OrderRecord,
    OrderStatus,
    SalesOrder,
    SqliteOrderSink,
)
from m2_adapter.plans import PlanLimitExceeded
from m2_adapter.sync._catalogue import sync_catalogue
from m2_adapter.sync._context import SyncContext, utc_now
from m2_adapter.sync._orders import import_orders
from m2_adapter.sync._reconcile import reconcile
from m2_adapter.sync._sendback import send_fiscal
from m2_adapter.sync._stock import push_stock_and_prices

from ._config import CliConfig, ConfigError, load_config
from ._progress import Progress, RequestCounter
from ._render import Report, problem_count, write_report
from ._sources import ExtracaoSource
from ._values import aware_datetime, count, fault_rate, sink_path

if TYPE_CHECKING:
    from _typeshed import SupportsWrite

__all__ = ["ClientFactory", "ExtracaoFactory", "UsageError", "build_parser", "main"]

PROG: Final = "python -m m2_adapter"

ClientFactory = Callable[[Mapping[str, str]], Anymarket]
"""Builds the ANYMARKET client from the environment (a test seam: ``main(argv,
client_factory=lambda env: fake.client())``)."""
ExtracaoFactory = Callable[[Mapping[str, str]], ExtracaoClient]
"""Builds the extração client from the environment."""

EXIT_OK: Final = 0
EXIT_PROBLEMS: Final = 1
EXIT_USAGE: Final = 2

_TOKEN_OPTIONS: Final = ("--token", "--gumga-token", "--gumgatoken", "--anymarket-token")


class UsageError(Exception):
    """A usage problem: printed as ``error: ...`` and the command exits 2."""


# --- the parser -------------------------------------------------------------------------------


class _Parser(argparse.ArgumentParser):
    """An ``ArgumentParser`` that writes to the streams ``main`` was given and never exits
    on its own (``main`` turns its errors into exit code 2)."""

    stream_out: TextIO = sys.stdout
    stream_err: TextIO = sys.stderr

    def _print_message(self, message: str, file: SupportsWrite[str] | None = None) -> None:
        if message:
            target = self.stream_out if file is sys.stdout else self.stream_err
            target.write(message)

    def exit(self, status: int = 0, message: str | None = None) -> NoReturn:
        if message:
            self._print_message(message, sys.stderr)
        raise _ParserExit(status)

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


class _ParserExit(Exception):  # noqa: N818 - carries an exit status, not an error
    def __init__(self, status: int) -> None:
        super().__init__(status)
        self.status = status


def _common_operational(parser: argparse.ArgumentParser, *, needs_sink: bool) -> None:
    m2 = parser.add_argument_group("M2 (one of --m2-dir / --m2-extracao is required)")
    m2.add_argument(
        "--m2-dir",
        type=Path,
        metavar="DIR",
        help="M2 file export (JSON/CSV per entity, see docs/m2.md); with --m2-extracao it "
        "provides what the extração API does not publish (variations, prices, invoices, "
        "shipments, deliveries)",
    )
    m2.add_argument(
        "--m2-extracao",
        action="store_true",
        help="read items, stock, warehouses and customers from Useall's extração API "
        "(USEALL_EXTRACAO_TOKEN, optional USEALL_EXTRACAO_URL)",
    )
    state = parser.add_argument_group("state and configuration")
    state.add_argument(
        "--config",
        type=Path,
        required=True,
        metavar="FILE",
        help="mapping configuration, JSON or TOML (see docs/cli.md)",
    )
    state.add_argument(
        "--ledger",
        type=Path,
        required=True,
        metavar="PATH",
        help="the SQLite ledger file (created on first use)",
    )
    state.add_argument(
        "--sink",
        type=sink_path,
        required=needs_sink,
        metavar="sqlite:PATH",
        help="where orders are written in M2: sqlite:PATH"
        + ("" if needs_sink else " (not used by this command)"),
    )
    state.add_argument(
        "--account",
        metavar="NAME",
        help="the ledger account (default: the configuration's 'account', else 'default')",
    )
    parser.add_argument(
        "--dry-run",
        action="store_true",
        help="compute and report what would be sent; send nothing, write nothing",
    )
    parser.add_argument(
        "--no-progress", action="store_true", help="no progress line on standard error"
    )


def build_parser(
    *, stdout: TextIO | None = None, stderr: TextIO | None = None
) -> argparse.ArgumentParser:
    """The ``python -m m2_adapter`` argument parser (help and errors go to ``stdout`` /
    ``stderr``, default the process streams)."""

    def streams(p: _Parser) -> _Parser:
        p.stream_out = stdout if stdout is not None else sys.stdout
        p.stream_err = stderr if stderr is not None else sys.stderr
        return p

    parser = _Parser(
        prog=PROG,
        description="Useall M2 <-> ANYMARKET integration. The ANYMARKET token is read from "
        "the environment only: ANYMARKET_TOKEN, with ANYMARKET_ENVIRONMENT=sandbox|production "
        "or ANYMARKET_BASE_URL. ANYMARKET_LOG=info|debug turns logging on (masked).",
        epilog="Exit codes: 0 ok, 1 something held or failed (reported), 2 usage error.",
        allow_abbrev=False,
    )
    streams(parser)
    commands = parser.add_subparsers(
        dest="command", required=True, metavar="COMMAND", parser_class=_Parser
    )

    demo: _Parser = commands.add_parser(
        "demo",
        help="the whole M2 <-> ANYMARKET cycle against an in-memory ANYMARKET (no network)",
        description="Run the whole cycle on the bundled M2 sample data against "
        "anymarket_sdk.testing.FakeAnymarket: plan check, catalogue, stock and prices (twice: "
        "the second push sends nothing), marketplace sales, order intake into a SQLite sink, "
        "invoice and tracking send-back, reconciliation. No network, no token.",
        allow_abbrev=False,
    )
    streams(demo)
    demo.add_argument(
        "--skus",
        type=count,
        default=0,
        metavar="N",
        help="add N generated simple items to the catalogue (a big push; default 0)",
    )
    demo.add_argument(
        "--faults",
        type=fault_rate,
        default=0.0,
        metavar="RATE",
        help="fail this share of requests at random (503, 429, timeouts, resets); the "
        "demo still completes through retries and re-runs (default 0)",
    )
    demo.add_argument(
        "--async",
        dest="use_async",
        action="store_true",
        help="run with AsyncAnymarket and the async flows",
    )
    demo.add_argument(
        "--seed", type=int, default=0, metavar="N", help="seed of the faults (default 0)"
    )
    demo.add_argument(
        "--workdir",
        type=Path,
        metavar="DIR",
        help="keep the ledger and the M2 order database in DIR (default: a temporary "
        "directory, removed at the end)",
    )
    demo.add_argument(
        "--no-progress", action="store_true", help="no progress line on standard error"
    )

    ops = {
        "sync-catalog": (
            "create and update products and SKUs from the M2 items",
            "Push the M2 catalogue (items, variations, prices for new SKUs) to ANYMARKET, "
            "within the plan's SKU limit. Products already created are updated.",
            False,
        ),
        "sync-stock": (
            "push the stock and prices that changed since the last push",
            "Push M2 stock balances (per warehouse_map) and price-table prices; only what "
            "differs from what ANYMARKET last accepted (the ledger's snapshots) is sent.",
            False,
        ),
        "import-orders": (
            "read the order feed and write new orders into M2",
            "Read ANYMARKET's order feed, map each order, write it into the M2 sink, write "
            "the M2 number back to ANYMARKET and acknowledge the feed item.",
            True,
        ),
        "send-fiscal": (
            "send M2 invoices, tracking and deliveries back to ANYMARKET",
            "Send the NF-e (status INVOICED), tracking (PAID_WAITING_DELIVERY) and delivery "
            "dates (CONCLUDED) of imported orders; never for fulfillment orders.",
            True,
        ),
        "reconcile": (
            "compare ANYMARKET's orders with the ledger and repair the gaps",
            "List the orders ANYMARKET holds for a period and compare them with the ledger and "
            "the M2 sink: orders whose feed item was lost are imported, stale states fixed.",
            True,
        ),
    }
    for name, (help_text, description, needs_sink) in ops.items():
        sub: _Parser = commands.add_parser(
            name, help=help_text, description=description, allow_abbrev=False
        )
        streams(sub)
        _common_operational(sub, needs_sink=needs_sink)
        if name in ("import-orders", "send-fiscal", "reconcile"):
            sub.add_argument(
                "--concurrency",
                type=lambda t: count(t, minimum=1, maximum=32),
                default=1,
                metavar="N",
                help="orders handled at once, 1..32 (default 1)",
            )
        if name == "sync-stock":
            sub.add_argument(
                "--chunk-size",
                type=lambda t: count(t, minimum=1, maximum=200),
                default=100,
                metavar="N",
                help="stock records per request, 1..200 (default 100)",
            )
        if name == "import-orders":
            sub.add_argument(
                "--max-items",
                type=lambda t: count(t, minimum=1),
                metavar="N",
                help="stop after N orders (default: until the feed is empty)",
            )
        if name == "send-fiscal":
            sub.add_argument(
                "--since",
                type=aware_datetime,
                metavar="ISO",
                help="only documents issued/shipped/delivered at or after this (with its "
                "offset); keep it earlier than the last run's start",
            )
        if name == "reconcile":
            sub.add_argument(
                "--since",
                type=aware_datetime,
                required=True,
                metavar="ISO",
                help="start of the period (with its offset: 2026-03-01T00:00:00-03:00)",
            )
            sub.add_argument(
                "--until",
                type=aware_datetime,
                metavar="ISO",
                help="end of the period (default: now)",
            )
    return parser


# --- environment ----------------------------------------------------------------------------


def _refused_token_option(argv: Sequence[str]) -> str | None:
    for arg in argv:
        if arg == "--":
            return None
        name = arg.split("=", 1)[0].lower()
        if name in _TOKEN_OPTIONS or name.startswith("--token"):
            return name
    return None


class _MaskingFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = mask(record.getMessage())
        record.args = None
        return True


def _setup_logging(environ: Mapping[str, str], stream: TextIO) -> None:
    """``ANYMARKET_LOG=info|debug``: masked console logging of ``anymarket_sdk`` and
    ``m2_adapter`` on ``stream`` (once per logger)."""
    level = {"debug": logging.DEBUG, "info": logging.INFO}.get(
        environ.get("ANYMARKET_LOG", "").strip().lower()
    )
    if level is None:
        return
    for name in ("anymarket_sdk", "m2_adapter"):
        logger = logging.getLogger(name)
        if any(getattr(h, "_anymarket", False) for h in logger.handlers):
            logger.setLevel(level)
            continue
        handler = logging.StreamHandler(stream)
        handler._anymarket = True  # type: ignore[attr-defined]
        handler.addFilter(_MaskingFilter())
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        logger.addHandler(handler)
        logger.setLevel(level)


def _default_client(
    environ: Mapping[str, str], counter: RequestCounter, stack: ExitStack
) -> Anymarket:
    """``Anymarket.from_env`` on an httpx client of ours whose event hook counts requests
    (the SDK does not close a client it was given: ``stack`` does)."""
    http = httpx.Client(event_hooks={"request": [counter]})
    stack.callback(http.close)
    return Anymarket.from_env(environ, http_client=http)


def _default_extracao(environ: Mapping[str, str]) -> ExtracaoClient:
    return ExtracaoClient.from_env(environ)


def _environment_name(environ: Mapping[str, str]) -> str:
    if environ.get("ANYMARKET_BASE_URL", "").strip():
        return "ANYMARKET_BASE_URL"
    return environ.get("ANYMARKET_ENVIRONMENT", "").strip().lower() or "?"


# --- operational commands -------------------------------------------------------------------


class _UnusedSink:
    """The sink of commands that write no order: any use is a programming error."""

    def _refuse(self) -> NoReturn:
        raise RuntimeError("this command does not write orders into M2 (no --sink given)")

    def write_order(
        self, order: SalesOrder, *, status: OrderStatus = OrderStatus.OPEN
    ) -> OrderReceipt:
        self._refuse()

    def update_status(
        self, anymarket_order_id: str, status: OrderStatus, *, reason: str | None = None
    ) -> OrderRecord:
        self._refuse()

    def cancel(self, anymarket_order_id: str, *, reason: str | None = None) -> OrderRecord:
        self._refuse()

    def find_by_anymarket_id(self, anymarket_order_id: str) -> OrderRecord | None:
        return None


def _check_operational(args: argparse.Namespace) -> CliConfig:
    """Everything that needs no I/O but reading the configuration: usage errors first."""
    if args.m2_dir is None and not args.m2_extracao:
        raise UsageError("say where M2 is: --m2-dir DIR and/or --m2-extracao")
    if args.m2_dir is not None and not args.m2_dir.is_dir():
        raise UsageError(f"--m2-dir: not a directory: {args.m2_dir}")
    if args.ledger.exists() and not args.ledger.is_file():
        raise UsageError(f"--ledger: not a file: {args.ledger}")
    if args.ledger.parent and not args.ledger.parent.is_dir():
        raise UsageError(f"--ledger: no such directory: {args.ledger.parent}")
    sink = args.sink
    if sink is not None and not sink.parent.is_dir():
        raise UsageError(f"--sink: no such directory: {sink.parent}")
    until = getattr(args, "until", None)
    since = getattr(args, "since", None)
    if since is not None and until is not None and until <= since:
        raise UsageError("--until must be after --since")
    try:
        return load_config(args.config)
    except ConfigError as exc:
        raise UsageError(f"--config: {exc}") from None


def _source(
    args: argparse.Namespace,
    environ: Mapping[str, str],
    extracao: ExtracaoFactory,
    stack: ExitStack,
) -> M2Source:
    files = FileSource(args.m2_dir) if args.m2_dir is not None else None
    if not args.m2_extracao:
        assert files is not None
        return files
    try:
        client = extracao(environ)
    except ValueError as exc:
        raise UsageError(
            f"{mask(str(exc))} (the extração token is read from USEALL_EXTRACAO_TOKEN only)"
        ) from None
    stack.callback(client.close)
    return ExtracaoSource(client, files)


def _ledger(
    args: argparse.Namespace, account: str, now: Callable[[], datetime], stack: ExitStack
) -> tuple[SqliteLedger, str]:
    if args.dry_run and not args.ledger.exists():
        ledger = SqliteLedger(MEMORY, account=account, now=now)
        note = f"{args.ledger} does not exist yet: dry run against an empty ledger"
    else:
        ledger = SqliteLedger(args.ledger, account=account, now=now)
        note = f"ledger {args.ledger} (account {account})"
    stack.callback(ledger.close)
    return ledger, note


def _sink(args: argparse.Namespace) -> tuple[M2OrderSink, str]:
    path: Path | None = args.sink
    if path is None:
        return _UnusedSink(), ""
    if args.dry_run and not path.exists():
        return InMemoryOrderSink(), f"{path} does not exist yet: dry run against an empty sink"
    return SqliteOrderSink(path), f"M2 orders in {path}"


def _run_flow(args: argparse.Namespace, ctx: SyncContext) -> Report:
    dry = bool(args.dry_run)
    command: str = args.command
    if command == "sync-catalog":
        return sync_catalogue(ctx, dry_run=dry)
    if command == "sync-stock":
        return push_stock_and_prices(ctx, chunk_size=args.chunk_size, dry_run=dry)
    if command == "import-orders":
        return import_orders(
            ctx, max_items=args.max_items, concurrency=args.concurrency, dry_run=dry
        )
    if command == "send-fiscal":
        return send_fiscal(ctx, since=args.since, concurrency=args.concurrency, dry_run=dry)
    since: datetime = args.since
    until: datetime = args.until if args.until is not None else ctx.now()
    if until <= since:
        raise UsageError(f"--since ({since.isoformat()}) must be before now")
    return reconcile(
        ctx,
        created_after=since,
        created_before=until,
        concurrency=args.concurrency,
        dry_run=dry,
    )


def _operational(
    args: argparse.Namespace,
    *,
    environ: Mapping[str, str],
    out: TextIO,
    err: TextIO,
    client_factory: ClientFactory | None,
    extracao_factory: ExtracaoFactory,
    now: Callable[[], datetime],
) -> int:
    cli = _check_operational(args)
    account = args.account or cli.account
    counter = RequestCounter()
    with ExitStack() as stack:
        try:
            client = (
                client_factory(environ)
                if client_factory is not None
                else _default_client(environ, counter, stack)
            )
        except ValueError as exc:
            raise UsageError(
                f"{mask(str(exc))}. The token is read from the environment only: set "
                "ANYMARKET_TOKEN and ANYMARKET_ENVIRONMENT=sandbox|production (or "
                "ANYMARKET_BASE_URL)"
            ) from None
        stack.callback(client.close)
        source = _source(args, environ, extracao_factory, stack)
        ledger, ledger_note = _ledger(args, account, now, stack)
        sink, sink_note = _sink(args)
        ctx = SyncContext(
            client=client,
            source=source,
            sink=sink,
            ledger=ledger,
            config=cli.mapping,
            plan=cli.plan,
            now=now,
        )
        mode = " (dry run: nothing is sent or recorded)" if args.dry_run else ""
        where = _environment_name(environ) if client_factory is None else "ANYMARKET"
        out.write(f"{args.command} on {where}{mode}\n")
        for note in (ledger_note, sink_note):
            if note:
                out.write(f"  {note}\n")
        out.flush()
        started = time.perf_counter()
        counted = client_factory is None
        with Progress(
            err,
            args.command,
            count=(lambda: counter.count) if counted else None,
            enabled=not args.no_progress,
        ):
            report = _run_flow(args, ctx)
        elapsed = time.perf_counter() - started
        took = f"{elapsed:.1f} s"
        if counted:
            took = f"{counter.count:,} HTTP requests (retries included), {took}"
        write_report(out, report, footer=took)
        problems = problem_count(report)
        if problems:
            out.write(f"exit 1: {problems} held or failed (see above)\n")
            return EXIT_PROBLEMS
        return EXIT_OK


# --- main -----------------------------------------------------------------------------------


def main(
    argv: Sequence[str] | None = None,
    *,
    client_factory: ClientFactory | None = None,
    extracao_factory: ExtracaoFactory | None = None,
    environ: Mapping[str, str] | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
    now: Callable[[], datetime] | None = None,
) -> int:
    """Run the command line; returns the exit code (0, 1 or 2).

    ``client_factory`` / ``extracao_factory`` build the clients from the environment
    (default: ``Anymarket.from_env`` / ``ExtracaoClient.from_env``); ``environ`` defaults to
    ``os.environ``; ``stdout``/``stderr`` to the process streams; ``now`` (an aware clock)
    to ``m2_adapter.sync.utc_now``. Each of them is a test seam.
    """
    args_list = list(sys.argv[1:] if argv is None else argv)
    env: Mapping[str, str] = os.environ if environ is None else environ
    out = stdout if stdout is not None else sys.stdout
    err = stderr if stderr is not None else sys.stderr

    refused = _refused_token_option(args_list)
    if refused is not None:
        err.write(
            f"{PROG}: error: {refused} is refused: a token on the command line ends up in shell "
            "history and process lists. Set ANYMARKET_TOKEN (and ANYMARKET_ENVIRONMENT or "
            "ANYMARKET_BASE_URL) in the environment instead.\n"
        )
        return EXIT_USAGE

    parser = build_parser(stdout=out, stderr=err)
    try:
        args = parser.parse_args(args_list)
    except _ParserExit as exc:
        return exc.status

    _setup_logging(env, err)
    try:
        if args.command == "demo":
            try:
                result = _demo.run(
                    extra_skus=args.skus,
                    use_async=args.use_async,
                    faults=args.faults,
                    seed=args.seed,
                    workdir=args.workdir,
                    out=out,
                    err=err,
                    progress=not args.no_progress,
                )
            except _demo.DemoError as exc:
                raise UsageError(str(exc)) from None
            return EXIT_OK if result.ok else EXIT_PROBLEMS
        return _operational(
            args,
            environ=env,
            out=out,
            err=err,
            client_factory=client_factory,
            extracao_factory=extracao_factory or _default_extracao,
            now=now or utc_now,
        )
    except UsageError as exc:
        err.write(f"{PROG} {args.command}: error: {exc}\n")
        return EXIT_USAGE
    except PlanLimitExceeded as exc:
        err.write(f"{PROG} {args.command}: refused by the plan: {exc}\n")
        return EXIT_PROBLEMS
    except BrokenPipeError:
        return EXIT_PROBLEMS
    except (AnymarketError, M2Error, LedgerError, OSError) as exc:
        err.write(f"{PROG} {args.command}: failed: {type(exc).__name__}: {mask(str(exc))}\n")
        return EXIT_PROBLEMS
