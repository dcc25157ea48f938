"""The operational commands, run in-process against ``FakeAnymarket`` through the test seam
``main(argv, client_factory=..., environ=..., now=...)``; the environment checks and the
refusal of a token on the command line."""

from __future__ import annotations

import io
import json
import logging
import sqlite3
from collections.abc import Callable, Iterator, Mapping
from contextlib import ExitStack
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import attrs
import httpx
import pytest

from anymarket_sdk import Anymarket
from anymarket_sdk.testing import FakeAnymarket
from m2_adapter.cli import main
from m2_adapter.cli._app import _default_client
from m2_adapter.cli._progress import RequestCounter
from m2_adapter.m2 import SAMPLE_DIR, ExtracaoClient

NOW = datetime(2026, 1, 2, 12, 0, tzinfo=UTC)
"""The commands' clock (the fake's starts on 2026-01-01): the sample prices are in effect."""
ENV = {"ANYMARKET_TOKEN": "tok-not-used", "ANYMARKET_ENVIRONMENT": "sandbox"}
SECRET = "s3cr3t-t0ken-value"


@attrs.frozen
class Run:
    code: int
    out: str
    err: str

    @property
    def flat(self) -> str:
        return " ".join(self.out.split())


@attrs.define
class Cli:
    """Runs ``python -m m2_adapter`` in-process on one fake and one work directory."""

    fake: FakeAnymarket
    tmp: Path
    config: Path
    clients: list[Anymarket] = attrs.field(factory=list)

    @property
    def ledger(self) -> Path:
        return self.tmp / "ledger.db"

    @property
    def sink(self) -> Path:
        return self.tmp / "orders.db"

    def factory(self, environ: Mapping[str, str]) -> Anymarket:
        client = self.fake.client(strict=True)
        self.clients.append(client)
        return client

    def __call__(
        self,
        *args: str,
        environ: Mapping[str, str] | None = None,
        factory: Callable[[Mapping[str, str]], Anymarket] | None = None,
        **kwargs: Any,
    ) -> Run:
        out, err = io.StringIO(), io.StringIO()
        code = main(
            list(args),
            client_factory=factory or self.factory,
            environ=ENV if environ is None else environ,
            stdout=out,
            stderr=err,
            now=lambda: NOW,
            **kwargs,
        )
        return Run(code, out.getvalue(), err.getvalue())

    def op(self, command: str, *args: str, sink: bool = True, **kwargs: Any) -> Run:
        """``command`` with the sample export, the config, the ledger (and the sink)."""
        base = [command, "--m2-dir", str(SAMPLE_DIR), "--config", str(self.config)]
        base += ["--ledger", str(self.ledger), "--no-progress"]
        if sink:
            base += ["--sink", f"sqlite:{self.sink}"]
        return self(*base, *args, **kwargs)


def write_config(path: Path, fake: FakeAnymarket) -> Path:
    """The sample's mapping as a TOML file (warehouses on two fake warehouses)."""
    cd = fake.add_warehouse("CD", default=True)["id"]
    loja = fake.add_warehouse("Loja")["id"]
    path.write_text(
        f"""
account = "acme"
plan = "standard"

[mapping]
warehouse_map = {{ "10" = {cd}, "20" = {loja} }}
warranty_months = 3

[[mapping.channel_routes]]
marketplace = "MERCADO_LIVRE"
channel = {{ code = "ML", company_id = 1, branch_id = 1, warehouse_id = 10 }}

[[mapping.channel_routes]]
marketplace = "MERCADO_LIVRE"
fulfillment = true
channel = {{ code = "ML-FULL", company_id = 1, branch_id = 1, warehouse_id = 90 }}
""",
        encoding="utf-8",
    )
    return path


@pytest.fixture
def cli(tmp_path: Path) -> Iterator[Cli]:
    fake = FakeAnymarket()
    runner = Cli(fake=fake, tmp=tmp_path, config=write_config(tmp_path / "m2.toml", fake))
    yield runner
    for client in runner.clients:
        client.close()


# --- the commands ------------------------------------------------------------------------------


def test_catalogue_then_stock_twice(cli: Cli) -> None:
    first = cli.op("sync-catalog", sink=False)
    assert first.code == 0, first.out + first.err
    assert "sync-catalog on ANYMARKET" in first.out
    assert "products created 5" in first.flat
    assert "SKUs created 14" in first.flat
    assert "ledger" in first.out
    assert "account acme" in first.out

    stock = cli.op("sync-stock", sink=False)
    assert stock.code == 0, stock.out
    assert "stock 25 considered, sent 25, 25 ok" in stock.flat

    cli.fake.reset_calls()
    again = cli.op("sync-stock", sink=False)
    assert again.code == 0
    assert "sent 0" in again.flat
    assert "; 0 requests" in again.flat
    assert cli.fake.calls == []


def test_dry_run_sends_and_writes_nothing(cli: Cli) -> None:
    run = cli.op("sync-catalog", "--dry-run")
    assert run.code == 0, run.out + run.err
    assert "(dry run: nothing is sent or recorded)" in run.out
    assert "does not exist yet: dry run against an empty ledger" in run.out
    assert "products would create 5" in run.flat
    assert not cli.ledger.exists()
    assert not cli.sink.exists()
    assert all(c.method == "GET" for c in cli.fake.calls)


def test_orders_intake_held_fulfillment_fiscal_and_reconcile(cli: Cli) -> None:
    assert cli.op("sync-catalog").code == 0
    fake = cli.fake
    paid = fake.create_sale(
        "MERCADO_LIVRE", [("CAM-BASICA-BRA-M", 1, "49.90")], status="PAID_WAITING_SHIP"
    )
    fake.set_fulfillment_stock("MERCADO_LIVRE", "PAN-ANTI-5P", 5)
    full = fake.create_sale("MERCADO_LIVRE", [("PAN-ANTI-5P", 1, "299.00")], fulfillment=True)
    held = fake.create_sale(
        "MERCADO_LIVRE",
        [("GAR-TERM-1L", 1, "89.90")],
        status="PAID_WAITING_SHIP",
        buyer={"document": "00000000000", "documentNumberNormalized": "00000000000"},
    )

    intake = cli.op("import-orders")
    assert intake.code == 1, intake.out + intake.err  # something is held
    assert "order intake: 2 imported" in intake.flat
    assert f"held [buyer_document_placeholder] order {held['id']}" in intake.flat
    assert "exit 1: 1 held or failed" in intake.out
    orders = sqlite3.connect(cli.sink)
    try:
        assert orders.execute("select count(*) from sqlite_master").fetchone()[0] > 0
    finally:
        orders.close()
    assert fake.order(paid["id"])["partnerId"]
    assert fake.order(full["id"])["partnerId"]

    # M2 has no invoice for them yet (the sample export has none): nothing to send
    fiscal = cli.op("send-fiscal", "--since", "2026-01-01T00:00:00-03:00")
    assert fiscal.code == 0, fiscal.out + fiscal.err
    assert "fiscal send-back: sent 0 invoice" in fiscal.flat

    # reconcile lists the orders: nothing new, the held one is still held
    rec = cli.op("reconcile", "--since", "2025-12-31T00:00:00Z")
    assert rec.code == 1, rec.out + rec.err
    assert "3 orders found" in rec.flat
    assert "0 imported" in rec.flat


def test_reconcile_imports_what_the_feed_lost(cli: Cli) -> None:
    assert cli.op("sync-catalog").code == 0
    sale = cli.fake.create_sale(
        "MERCADO_LIVRE", [("LIQ-TURBO-110", 1, "279.90")], status="PAID_WAITING_SHIP"
    )
    with cli.fake.client() as other:  # another consumer takes the feed entry
        for entry in cli.fake.feed_items():
            other.order_feed.ack(entry["id"], str(entry["token"]))

    assert "0 imported" in cli.op("import-orders").flat
    rec = cli.op(
        "reconcile", "--since", "2025-12-31T00:00:00-03:00", "--until", "2026-01-02T00:00:00Z"
    )
    assert rec.code == 0, rec.out + rec.err
    assert "1 imported" in rec.flat
    assert cli.fake.order(sale["id"])["partnerId"]


def test_plan_limit_refuses_before_writing(cli: Cli, tmp_path: Path) -> None:
    small = tmp_path / "small.json"
    small.write_text(
        json.dumps({"plan": {"name": "Mini", "max_accounts": 1, "max_skus": 10}}),
        encoding="utf-8",
    )
    run = cli(
        "sync-catalog",
        "--m2-dir",
        str(SAMPLE_DIR),
        "--config",
        str(small),
        "--ledger",
        str(cli.ledger),
    )
    assert run.code == 1
    assert "refused by the plan: the Mini plan allows 10 SKUs; this change would make 14" in run.err
    assert not [c for c in cli.fake.calls if c.method != "GET"]


def test_extracao_source(cli: Cli) -> None:
    """``--m2-extracao``: items, stock and warehouses from the API, the rest from files."""
    reports = {
        "m2_estoque_item": "items",
        "m2_estoque_saldo_de_estoque": "stock_balances",
        "m2_estoque_almoxarifados": "warehouses",
    }
    seen: list[str] = []

    def answer(request: httpx.Request) -> httpx.Response:
        report = request.url.params["Identificacao"]
        seen.append(report)
        if request.url.params.get("pagina", "1") not in ("1", "0"):
            return httpx.Response(200, json=[])
        rows = (SAMPLE_DIR / f"{reports[report]}.json").read_text(encoding="utf-8")
        return httpx.Response(200, content=rows, headers={"Content-Type": "application/json"})

    def extracao(environ: Mapping[str, str]) -> ExtracaoClient:
        assert environ["USEALL_EXTRACAO_TOKEN"] == "rel-token"
        return ExtracaoClient.from_env(environ, transport=httpx.MockTransport(answer))

    env = {**ENV, "USEALL_EXTRACAO_TOKEN": "rel-token"}
    run = cli.op(
        "sync-catalog", "--m2-extracao", sink=False, environ=env, extracao_factory=extracao
    )
    assert run.code == 0, run.out + run.err
    assert "products created 5" in run.flat
    assert "m2_estoque_item" in seen

    missing = cli.op("sync-catalog", "--m2-extracao", sink=False)
    assert missing.code == 2
    assert "USEALL_EXTRACAO_TOKEN is not set" in missing.err


# --- the environment and usage -----------------------------------------------------------------


@pytest.mark.parametrize(
    "form", [["--token", SECRET], [f"--token={SECRET}"], ["--gumga-token", SECRET]]
)
def test_token_option_is_refused_without_echo(cli: Cli, form: list[str]) -> None:
    run = cli("sync-stock", *form)
    assert run.code == 2
    assert "is refused" in run.err
    assert "ANYMARKET_TOKEN" in run.err
    assert SECRET not in run.err + run.out
    assert cli.fake.calls == []


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        ({}, "ANYMARKET_TOKEN is not set"),
        ({"ANYMARKET_TOKEN": SECRET}, "set ANYMARKET_ENVIRONMENT (sandbox|production)"),
        (
            {"ANYMARKET_TOKEN": SECRET, "ANYMARKET_ENVIRONMENT": "staging"},
            "ANYMARKET_ENVIRONMENT must be SANDBOX or PRODUCTION",
        ),
    ],
)
def test_missing_environment_is_a_usage_error(
    cli: Cli, environ: dict[str, str], message: str
) -> None:
    out, err = io.StringIO(), io.StringIO()
    code = main(
        [
            "sync-stock",
            "--m2-dir",
            str(SAMPLE_DIR),
            "--config",
            str(cli.config),
            "--ledger",
            str(cli.ledger),
        ],
        environ=environ,
        stdout=out,
        stderr=err,
    )
    assert code == 2
    assert message in err.getvalue()
    assert "The token is read from the environment only" in err.getvalue()
    assert SECRET not in err.getvalue() + out.getvalue()
    assert not cli.ledger.exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--since", "2026-01-01T00:00:00"], "has no UTC offset"),
        (["--since", "ontem"], "expected an ISO 8601 date and time"),
        (
            ["--since", "2026-01-02T00:00:00Z", "--until", "2026-01-01T00:00:00Z"],
            "--until must be after --since",
        ),
    ],
)
def test_reconcile_dates(cli: Cli, args: list[str], message: str) -> None:
    run = cli.op("reconcile", *args)
    assert run.code == 2
    assert message in run.err


def test_usage_errors(cli: Cli, tmp_path: Path) -> None:
    no_m2 = cli("sync-stock", "--config", str(cli.config), "--ledger", str(cli.ledger))
    assert no_m2.code == 2
    assert "--m2-dir DIR and/or --m2-extracao" in no_m2.err

    no_sink = cli(
        "import-orders",
        "--m2-dir",
        str(SAMPLE_DIR),
        "--config",
        str(cli.config),
        "--ledger",
        str(cli.ledger),
    )
    assert no_sink.code == 2
    assert "the following arguments are required: --sink" in no_sink.err

    bad_sink = cli.op("import-orders", "--sink", "postgres://x")
    assert bad_sink.code == 2
    assert "expected sqlite:PATH" in bad_sink.err

    bad = tmp_path / "bad.json"
    bad.write_text('{"mapping": {"warehouse_mapp": {}}}', encoding="utf-8")
    run = cli(
        "sync-stock", "--m2-dir", str(SAMPLE_DIR), "--config", str(bad), "--ledger", str(cli.ledger)
    )
    assert run.code == 2
    assert "mapping.warehouse_mapp: unknown key" in run.err

    assert cli().code == 2
    assert cli("--help").code == 0


@pytest.fixture
def quiet_loggers() -> Iterator[None]:
    """Put the library loggers back as they were (handlers and level) after the test."""
    loggers = [logging.getLogger(name) for name in ("anymarket_sdk", "m2_adapter")]
    saved = [(lg, list(lg.handlers), lg.level) for lg in loggers]
    for lg in loggers:
        lg.handlers = [h for h in lg.handlers if not getattr(h, "_anymarket", False)]
    yield
    for lg, handlers, level in saved:
        lg.handlers = handlers
        lg.setLevel(level)


@pytest.mark.usefixtures("quiet_loggers")
def test_logging_is_masked(cli: Cli) -> None:
    run = cli.op("sync-catalog", sink=False, environ={**ENV, "ANYMARKET_LOG": "debug"})
    assert run.code == 0
    assert "DEBUG anymarket_sdk: POST /products -> 201 in" in run.err
    assert "52998224725" not in run.err  # the fake buyer's CPF, if any order were logged
    assert cli.fake.token not in run.err


def test_default_client_counts_requests_and_reads_the_environment() -> None:
    counter = RequestCounter()
    with ExitStack() as stack:
        client = _default_client(
            {"ANYMARKET_TOKEN": SECRET, "ANYMARKET_BASE_URL": "https://fake.anymarket.test/v2"},
            counter,
            stack,
        )
        assert client.base_url.startswith("https://fake.anymarket.test/v2")
        assert SECRET not in repr(client)
        assert counter in client._http.event_hooks["request"]
        client.close()
