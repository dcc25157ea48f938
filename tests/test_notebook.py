"""examples/anymarket_reports.ipynb runs headless, so it cannot rot.

The notebook is executed in a fresh ``python3`` kernel (ipykernel, this interpreter) with
nbclient; its last cell shows a summary of what it computed, which is compared here with the
demo data read straight from the fake. Needs the ``notebook`` extra (part of ``dev``):
without it the execution test is skipped.
"""

from __future__ import annotations

import ast
import importlib.util
import json
import sys
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
NOTEBOOK = EXAMPLES / "anymarket_reports.ipynb"


def load_demo_module(monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    """examples/_notebook_data.py, the module the notebook imports to build its data."""
    spec = importlib.util.spec_from_file_location("_notebook_data", EXAMPLES / "_notebook_data.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, "_notebook_data", module)
    spec.loader.exec_module(module)
    return module


def when(value: str | None) -> datetime | None:
    return None if value is None else datetime.fromisoformat(value)


def expected_checks(demo: ModuleType) -> dict[str, Any]:
    """The notebook's summary, computed from the fake's own records (no SDK, no pandas)."""
    fake = demo.build_demo()
    reference: datetime = demo.REFERENCE
    since = reference - timedelta(days=demo.WINDOW_DAYS)
    orders = [o for o in fake.orders() if since <= datetime.fromisoformat(o["createdAt"])]
    revenue: dict[str, Decimal] = {}
    late = seller_shipped = 0
    for order in orders:
        if order["status"] == "CANCELED":
            continue
        market = order["marketPlace"]
        revenue[market] = revenue.get(market, Decimal(0)) + Decimal(order["total"])
        promised = when(order["shipping"].get("promisedShippingTime"))
        if order["status"] == "PENDING" or order["fulfillment"] or promised is None:
            continue
        seller_shipped += 1
        shipped = when((order.get("tracking") or {}).get("shippedDate"))
        late += shipped > promised if shipped is not None else promised < reference
    return {
        "orders": len(orders),
        "cancelled": sum(o["status"] == "CANCELED" for o in orders),
        "revenue": {m: f"{v:.2f}" for m, v in revenue.items()},
        "late": late,
        "seller_shipped": seller_shipped,
        "skus": len(demo.CATALOGUE),
    }


def test_the_notebook_is_committed_without_outputs() -> None:
    notebook = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    code_cells = [cell for cell in notebook["cells"] if cell["cell_type"] == "code"]
    assert code_cells
    for cell in code_cells:
        assert cell["outputs"] == []
        assert cell["execution_count"] is None


def test_the_reports_notebook_runs_headless(monkeypatch: pytest.MonkeyPatch) -> None:
    nbclient = pytest.importorskip("nbclient")
    nbformat = pytest.importorskip("nbformat")
    for module in ("ipykernel", "pandas", "matplotlib"):  # the kernel runs this interpreter
        pytest.importorskip(module)
    # no display: charts are drawn by Agg and not embedded (the kernel inherits the variable)
    monkeypatch.setenv("MPLBACKEND", "Agg")

    notebook = nbformat.read(NOTEBOOK, as_version=4)
    client = nbclient.NotebookClient(
        notebook,
        timeout=60,
        kernel_name="python3",
        resources={"metadata": {"path": str(EXAMPLES)}},  # the kernel's working directory
    )
    client.execute()  # raises CellExecutionError, with the traceback, if a cell fails

    outputs = [out for cell in notebook.cells if cell.cell_type == "code" for out in cell.outputs]
    assert [out for out in outputs if out.output_type == "error"] == []
    # warnings inside the kernel (pandas deprecations, matplotlib) land on stderr
    assert [out.text for out in outputs if out.get("name") == "stderr"] == []

    [summary] = [out for out in notebook.cells[-1].outputs if out.output_type == "execute_result"]
    checks = ast.literal_eval(summary.data["text/plain"])
    abc = checks.pop("abc")
    assert set(abc) == {"A", "B", "C"}
    assert sum(abc.values()) == checks["skus"]  # every catalogue SKU is in one class
    assert 0 < abc["A"] < abc["C"]  # few SKUs make most of the revenue
    assert checks == expected_checks(load_demo_module(monkeypatch))
    assert checks["late"] > 0
