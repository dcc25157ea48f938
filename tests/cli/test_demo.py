"""``python -m m2_adapter demo``: the whole cycle on the fake, sync and async, with faults."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from m2_adapter import _demo
from m2_adapter.cli import _progress, main


def _flat(text: str) -> str:
    """The report with wrapped lines joined (phrases are asserted whatever the width)."""
    return " ".join(text.split())


def _demo_text(*args: str) -> tuple[int, str, str]:
    """(exit code, report with whitespace collapsed, standard error)."""
    out, err = io.StringIO(), io.StringIO()
    code = main(["demo", "--no-progress", *args], stdout=out, stderr=err)
    return code, _flat(out.getvalue()), err.getvalue()


@pytest.mark.parametrize("flavour", ["sync", "async"])
def test_demo_end_to_end(flavour: str) -> None:
    code, text, err = _demo_text(*(["--async"] if flavour == "async" else []))

    assert code == 0, text + err
    assert err == ""
    assert ("AsyncAnymarket and the async flows" in text) is (flavour == "async")
    # plan check on a dry run, then the catalogue
    assert "Standard plan: up to 6 marketplace accounts and 5,000 SKUs" in text
    assert "makes 14 SKUs -> fits, 4,986 to spare" in text
    assert "products created 5" in text
    assert "SKUs created 14" in text
    assert "skipped [item_blocked] CAF-ELET-30" in text
    # stock and prices, then the same push again: no request at all
    assert "3. Stock and prices [1 HTTP request]" in text
    assert "4. Stock and prices again, nothing changed in M2 [0 HTTP requests]" in text
    assert "stock 25 considered, sent 0" in text
    # intake: imported, held with its reason, the fulfillment order in its own channel
    assert "order intake: 5 imported" in text
    assert re.search(r"order \d+ held \[buyer_document_placeholder\]", text)
    assert re.search(r"order \d+ -> M2 order \d+ \(OPEN\) in channel ML-FULL: fulfillment", text)
    assert re.search(r"order \d+ -> M2 order \d+ \(PENDING\) in channel ML: not paid", text)
    assert "not imported: its feed entry was lost" in text
    # send-back: three invoices and shipments, one delivery; nothing for the fulfillment order
    assert "sent 3 invoice, 0 nfe_xml, 3 shipment, 1 delivery" in text
    assert "-> now CONCLUDED" in text
    assert re.search(r"\(fulfillment, channel ML-FULL\): no NF-e pushed", text)
    # reconciliation finds the order the feed lost
    assert "1 imported" in text.split("8. Reconciliation")[1]
    assert "the order the feed lost" in text
    assert "partnerIds unique: yes" in text
    assert "one per imported ANYMARKET order: yes" in text
    assert "Faults injected: none" in text
    assert text.rstrip().endswith("that is what holding is for)")


def test_demo_result() -> None:
    out = io.StringIO()
    result = _demo.run(out=out)

    assert result.ok
    assert result.plan == "Standard"
    assert result.skus == 14
    assert result.second_push_requests == 0
    assert result.first_push_requests == 1
    assert result.stock_records_sent == 25
    assert result.sales == 7
    assert result.imported == 5
    assert [reasons for _, reasons in result.held] == [("buyer_document_placeholder",)]
    assert result.fulfillment_channel == "ML-FULL"
    assert not result.fulfillment_nfe_pushed
    assert (result.invoices_sent, result.shipments_sent, result.deliveries_sent) == (3, 3, 1)
    assert len(result.reconciled) == 1
    assert result.faults_injected == 0
    assert f"Requests: {result.requests:,} (" in out.getvalue()


def test_async_demo_completes_under_faults() -> None:
    out = io.StringIO()
    result = _demo.run(faults=0.1, seed=3, use_async=True, out=out)
    text = _flat(out.getvalue())

    assert result.ok, text
    assert result.faults_injected > 0
    assert result.second_push_requests == 0
    assert result.imported == 5
    assert len(result.reconciled) == 1
    assert "Faults: 10% of requests fail at random" in text
    assert "absorbed by the clients' retries" in text


def test_demo_faults_on_the_command_line() -> None:
    code, text, _ = _demo_text("--faults", "0.1")
    assert code == 0, text
    assert re.search(r"Faults injected: [1-9]", text)
    assert "one per imported ANYMARKET order: yes" in text


def test_demo_extra_skus_scan_the_catalogue(tmp_path: Path) -> None:
    code, text, _ = _demo_text("--skus", "60", "--workdir", str(tmp_path))

    assert code == 0, text
    assert "the bundled sample export + 60 generated items" in text
    assert "makes 74 SKUs" in text
    assert "ANYMARKET holds 65 products with 74 SKUs" in text
    assert (tmp_path / "ledger.db").is_file()
    assert (tmp_path / "m2_orders.db").is_file()
    # the fake starts empty every time: a used work directory is refused
    code, _, err = _demo_text("--workdir", str(tmp_path))
    assert code == 2
    assert "use an empty --workdir" in err


def test_demo_progress_line(monkeypatch: pytest.MonkeyPatch) -> None:
    out, err = io.StringIO(), io.StringIO()
    monkeypatch.setattr(_progress.Progress, "__init__", _eager(_progress.Progress.__init__))
    assert main(["demo"], stdout=out, stderr=err) == 0
    assert "catalogue push, " in err.getvalue()
    assert " - done\n" in err.getvalue()


def _eager(init: Callable[..., None]) -> Callable[..., None]:
    """``Progress.__init__`` showing the line at once and often (tests are fast)."""

    def patched(self: _progress.Progress, *args: Any, **kwargs: Any) -> None:
        kwargs["delay"] = 0.0
        kwargs["interval"] = 0.001
        init(self, *args, **kwargs)

    return patched


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--skus", "-1"], "expected 0..1,000,000"),
        (["--faults", "0.7"], "expected a rate 0 <= RATE < 0.5"),
        (["--bogus"], "unrecognized arguments: --bogus"),
    ],
)
def test_demo_usage_errors(args: list[str], message: str) -> None:
    code, _, err = _demo_text(*args)
    assert code == 2
    assert message in err
