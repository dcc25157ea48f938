"""FileSource on the bundled sample data and on JSON/CSV exports, sync and async."""

from __future__ import annotations

import importlib.resources
import json
import re
from collections import Counter
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from m2_adapter.m2 import (
    SAMPLE_DIR,
    AsyncFileSource,
    AsyncM2Source,
    FileSource,
    Item,
    M2DecodeError,
    M2Source,
    async_sample_source,
    sample_source,
)
from tests.m2.conftest import Run


def _cpf_ok(text: str) -> bool:
    d = [int(c) for c in re.sub(r"\D", "", text)]
    if len(d) != 11 or len(set(d)) == 1:
        return False
    for n in (9, 10):
        r = sum(x * w for x, w in zip(d[:n], range(n + 1, 1, -1), strict=True)) % 11
        if d[n] != (0 if r < 2 else 11 - r):
            return False
    return True


def _cnpj_ok(text: str) -> bool:
    body = re.sub(r"[./-]", "", text).upper()
    if not re.fullmatch(r"[0-9A-Z]{12}\d{2}", body):
        return False
    values = [ord(c) - 48 for c in body]
    for n, weights in (
        (12, [5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2]),
        (13, [6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2]),
    ):
        r = sum(v * w for v, w in zip(values[:n], weights, strict=True)) % 11
        if values[n] != (0 if r < 2 else 11 - r):
            return False
    return True


def _gtin_ok(code: str) -> bool:
    if not code.isdigit() or len(code) not in (8, 12, 13, 14):
        return False
    total = sum(int(c) * (3 if i % 2 == 0 else 1) for i, c in enumerate(reversed(code[:-1])))
    return int(code[-1]) == (10 - total % 10) % 10


def test_check_digit_helpers_against_published_vectors() -> None:
    assert _cpf_ok("529.982.247-25")
    assert not _cpf_ok("000.000.000-00")
    assert _cnpj_ok("11.222.333/0001-81")
    assert _cnpj_ok("12.ABC.345/01DE-35")
    assert _gtin_ok("6291041500213")


# --- the bundled sample ---------------------------------------------------------------------


def test_sample_is_package_data() -> None:
    files = importlib.resources.files("m2_adapter.m2").joinpath("sample")
    names = {p.name for p in files.iterdir()}
    assert {"items.json", "variations.json", "prices.json", "customers.json"} <= names
    assert SAMPLE_DIR.is_dir()


def test_sample_decodes_strictly() -> None:
    """Every column of the sample is known to its model (no typos hiding in ``extra``)."""
    source = sample_source(strict=True)
    counts = {
        "items": len(list(source.items())),
        "variations": len(list(source.variations())),
        "stock": len(list(source.stock_balances())),
        "warehouses": len(list(source.warehouses())),
        "prices": len(list(source.price_entries())),
        "customers": len(list(source.customers())),
        "cities": len(list(source.cities())),
        "companies": len(list(source.companies())),
        "branches": len(list(source.branches())),
    }
    assert counts == {
        "items": 18,
        "variations": 11,
        "stock": 29,
        "warehouses": 3,
        "prices": 16,
        "customers": 5,
        "cities": 5,
        "companies": 1,
        "branches": 2,
    }
    assert list(source.invoices()) == []  # send-back data follows orders


def test_sample_tshirt_grid_and_blender() -> None:
    source = sample_source()
    by_parent: dict[str, list[dict[str, str]]] = {}
    for v in source.variations():
        by_parent.setdefault(v.parent_code, []).append(v.attributes)
    shirts = by_parent["CAM-BASICA"]
    assert len(shirts) == 9
    assert {a["Cor"] for a in shirts} == {"Branco", "Preto", "Azul Marinho"}
    assert {a["Tamanho"] for a in shirts} == {"P", "M", "G"}
    assert len({(a["Cor"], a["Tamanho"]) for a in shirts}) == 9
    assert sorted(a["Voltagem"] for a in by_parent["LIQ-TURBO"]) == ["110V", "220V"]
    items = {i.code: i for i in source.items()}
    for parent in by_parent:
        assert parent in items  # the parent is an M2 item too (a template)
        assert items[parent].barcode is None


def test_sample_special_items() -> None:
    items = {i.code: i for i in sample_source().items()}
    assert items["CAF-ELET-30"].released is False  # blocked: never published
    assert items["CAF-ELET-30"].active is True
    assert items["VENT-MESA-30"].active is False  # inactive
    bad = items["MOCH-ESC-20"].barcode
    assert bad is not None
    assert not _gtin_ok(bad)  # the one invalid EAN
    sellable = [i for i in items.values() if i.barcode and i.code != "MOCH-ESC-20"]
    assert sellable
    assert all(_gtin_ok(i.barcode or "") for i in sellable)
    assert len({i.barcode for i in sellable}) == len(sellable)
    shirt = items["CAM-BASICA-PRE-M"]
    assert shirt.ncm == "61091000"
    assert shirt.gross_weight == Decimal("0.2")
    assert shirt.changed_at == datetime(2025, 11, 3, 17, 22, 10, tzinfo=UTC)
    assert shirt.image_urls


def test_sample_warehouses_and_stock() -> None:
    source = sample_source()
    warehouses = {w.warehouse_id: w for w in source.warehouses()}
    assert [w.fulfillment for w in warehouses.values()] == [False, False, True]
    codes = {i.code for i in source.items()}
    per_warehouse: Counter[int] = Counter()
    for b in source.stock_balances():
        assert b.item_code in codes
        assert b.warehouse_id in warehouses
        assert b.available_quantity == b.physical - (b.reserved or 0)
        per_warehouse[b.warehouse_id] += 1
    assert set(per_warehouse) == {10, 20, 90}


def test_sample_prices() -> None:
    source = sample_source()
    entries = list(source.price_entries())
    assert {e.table_id for e in entries} == {1}
    assert list(source.price_entries(table_id=2)) == []
    codes = {i.code for i in source.items()}
    assert {e.item_code for e in entries} <= codes
    for e in entries:
        assert e.price > 0
        assert e.promotional_price is None or e.promotional_price < e.price
    panelas = next(e for e in entries if e.item_code == "PAN-ANTI-5P")
    assert (panelas.valid_from, panelas.valid_to) == (date(2025, 12, 1), date(2026, 12, 31))


def test_sample_customers_have_valid_documents() -> None:
    customers = {c.customer_id: c for c in sample_source().customers()}
    kinds = Counter(c.person_type for c in customers.values())
    assert kinds == {"F": 3, "J": 2}
    for c in customers.values():
        assert c.document is not None
        check = _cpf_ok if c.person_type == "F" else _cnpj_ok
        assert check(c.document), c.document
    joao = customers[5002]  # exported as a number: padded, marked
    assert (joao.document, joao.document_from_number) == ("03821594705", True)
    alfa = customers[5011]  # the alphanumeric CNPJ of July 2026
    assert alfa.document == "12.ABC.345/01DE-35"
    maria = customers[5001]
    assert maria.delivery_address is not None
    assert maria.delivery_address.street == "Rua do Trabalho Imaginário"
    assert customers[5010].billing_address is not None


def test_sample_changed_since() -> None:
    source = sample_source()
    since = datetime(2026, 1, 1, tzinfo=UTC)
    assert [i.code for i in source.items(changed_since=since)] == ["CAF-ELET-30"]
    assert {c.customer_id for c in source.customers(changed_since=since)} == {5002, 5011}


# --- other exports --------------------------------------------------------------------------


def test_csv_export(tmp_path: Path) -> None:
    (tmp_path / "items.csv").write_text(
        "\ufeffIDITEM;IDENTIFICACAO;DESCRICAO;PESOBRUTO;ATIVO;LIBERADO;DATAHORAALTERACAO\n"
        "1;00042;Caneca Cerâmica 300 ml;0,350;1;S;05/01/2026 10:00\n"
        '2;00043;"Prato; raso";;0;N;\n',
        encoding="utf-8",
    )
    (tmp_path / "variations.csv").write_text(
        'IDENTIFICACAOPAI,IDENTIFICACAO,ATRIBUTOS\nP,C,"{""Cor"": ""Azul""}"\n', encoding="utf-8"
    )
    source = FileSource(tmp_path)
    caneca, prato = source.items()
    assert caneca.code == "00042"
    assert caneca.gross_weight == Decimal("0.350")
    assert caneca.changed_at == datetime(2026, 1, 5, 13, 0, tzinfo=UTC)
    assert (prato.description, prato.gross_weight, prato.active) == ("Prato; raso", None, False)
    (variation,) = source.variations()
    assert variation.attributes == {"Cor": "Azul"}
    assert list(source.customers()) == []  # no file, no rows


def test_saved_api_response_and_send_back_files(tmp_path: Path) -> None:
    (tmp_path / "items.json").write_text(
        json.dumps({"data": [{"IDITEM": 1, "IDENTIFICACAO": "A", "DESCRICAO": "B"}]})
    )
    (tmp_path / "invoices.json").write_text(
        json.dumps(
            [
                {
                    "NUMEROPEDIDO": "1",
                    "CHAVENFE": "4226014193528600018455001000000123100000123" + "4",
                    "SERIE": "1",
                    "NUMERONF": "123",
                    "DATAHORAEMISSAO": f"{day:02d}/01/2026 10:00:00",
                }
                for day in (5, 6)
            ]
        )
    )
    (tmp_path / "shipments.json").write_text(
        json.dumps([{"NUMEROPEDIDO": "1", "DATAHORAEXPEDICAO": "2026-01-07T09:00:00-03:00"}])
    )
    (tmp_path / "deliveries.json").write_text(
        json.dumps([{"NUMEROPEDIDO": "1", "DATAHORAENTREGA": "2026-01-09T15:00:00-03:00"}])
    )
    source = FileSource(tmp_path)
    assert [i.code for i in source.items()] == ["A"]
    since = datetime(2026, 1, 6, tzinfo=UTC)
    assert [i.issued_at.day for i in source.invoices(since=since)] == [6]
    assert len(list(source.shipments(since=since))) == 1
    assert list(source.deliveries(since=datetime(2026, 2, 1, tzinfo=UTC))) == []


def test_broken_files_are_decode_errors(tmp_path: Path) -> None:
    (tmp_path / "items.json").write_text("[{")
    (tmp_path / "warehouses.json").write_text('{"rows": []}')
    (tmp_path / "customers.csv").write_text("IDCLIFOREMP,RAZAOSOCIAL\n1,A,extra\n")
    (tmp_path / "prices.json").write_text('[{"IDTABPRECO": 1, "IDENTIFICACAO": "A"}]')
    source = FileSource(tmp_path)
    with pytest.raises(M2DecodeError, match="not valid JSON"):
        list(source.items())
    with pytest.raises(M2DecodeError, match="list of rows"):
        list(source.warehouses())
    with pytest.raises(M2DecodeError, match="more cells"):
        list(source.customers())
    with pytest.raises(M2DecodeError, match=r"prices.json \(row 0\)") as info:
        list(source.price_entries())
    assert info.value.errors == ["PRECO: missing required column"]


def test_missing_directory() -> None:
    with pytest.raises(FileNotFoundError):
        FileSource("/nonexistent/m2-export")


# --- async twin and protocols ----------------------------------------------------------------


def test_async_file_source_reads_the_same(run: Run) -> None:
    source = sample_source()
    twin: FileSource | AsyncFileSource = async_sample_source() if run.is_async else source
    assert run(twin.items()) == list(source.items())
    assert run(twin.customers(changed_since=datetime(2026, 1, 1, tzinfo=UTC))) == list(
        source.customers(changed_since=datetime(2026, 1, 1, tzinfo=UTC))
    )
    assert run(twin.price_entries(table_id=1)) == list(source.price_entries())
    for name in ("variations", "stock_balances", "warehouses", "cities", "companies", "branches"):
        assert run(getattr(twin, name)()) == list(getattr(source, name)())
    for name in ("invoices", "shipments", "deliveries"):
        assert run(getattr(twin, name)()) == []


def test_sources_implement_the_protocols() -> None:
    sync_source: M2Source = sample_source()
    async_source: AsyncM2Source = async_sample_source()
    assert isinstance(sync_source, M2Source)
    assert isinstance(async_source, AsyncM2Source)
    assert "sample" in repr(sync_source)
    assert all(isinstance(i, Item) for i in sync_source.items())
