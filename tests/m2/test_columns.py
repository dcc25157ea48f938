"""Rows keyed by M2 column names become models (and back), with M2's value quirks."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import attrs
import pytest

from m2_adapter.m2 import (
    Company,
    Customer,
    DeliveryAddress,
    Intermediary,
    Invoice,
    Item,
    ItemVariation,
    M2DecodeError,
    OrderBuyer,
    OrderItem,
    Payment,
    PriceEntry,
    SalesOrder,
    StockBalance,
    columns_of,
    decode_row,
    encode_row,
    resolve_zone,
)

SP = ZoneInfo("America/Sao_Paulo")

ITEM = {"IDITEM": 1002, "IDENTIFICACAO": "CAM-BASICA-BRA-P", "DESCRICAO": "Camiseta Branca P"}


def test_fields_name_their_m2_column() -> None:
    assert attrs.fields(Item).item_id.metadata["m2"] == "IDITEM"
    assert attrs.fields(Item).code.metadata["m2"] == "IDENTIFICACAO"
    assert attrs.fields(Customer).document.metadata["m2"] == "CNPJCPF"
    assert attrs.fields(StockBalance).available.metadata["m2"] == "SALDODISPONIVEL"


def test_public_columns_and_ours_are_told_apart() -> None:
    public = columns_of(Item, ours=False)
    assert {"IDITEM", "IDENTIFICACAO", "DESCRICAO", "CODBARRA", "ATIVO", "LIBERADO"} <= set(public)
    assert "NCM" not in public
    assert set(columns_of(Item, ours=True)) == {
        "NCM",
        "ORIGEM",
        "ALTURA",
        "LARGURA",
        "COMPRIMENTO",
        "IMAGENS",
    }
    # same-row addresses: main, delivery (ENT) and billing (COB)
    customer = columns_of(Customer)
    assert {"CEP", "ENDERECOENT", "NUMENDERECOCOB", "COMPLENDERECOENT"} <= set(customer)
    # our contract: every column is ours and the class reads no report
    assert columns_of(PriceEntry, ours=False) == []
    assert PriceEntry.M2_REPORT is None
    assert Item.M2_REPORT == "m2_estoque_item"


def test_numbers_as_strings_and_leading_zeros() -> None:
    item = decode_row(
        Item,
        {
            "IDITEM": "1002",
            "IDENTIFICACAO": "000123",
            "DESCRICAO": "  Camiseta  ",
            "IDGRUPOITEM": Decimal("20.0000"),  # numeric(18,4) in the third party's schema
            "PESOBRUTO": "0,200",
            "PESOLIQ": Decimal("0.18"),
            "QUANTEMBVENDA": 1,
            "CODBARRA": Decimal("7899912001018"),  # an EAN exported as a number
            "IDCLASSFISCAL": "04021010",
        },
    )
    assert item.item_id == 1002
    assert item.code == "000123"  # leading zeros kept
    assert item.description == "Camiseta"
    assert item.group_id == 20
    assert item.gross_weight == Decimal("0.200")
    assert item.net_weight == Decimal("0.18")
    assert item.sales_pack_quantity == Decimal(1)
    assert item.barcode == "7899912001018"  # digits, never 7.899912001018E+12
    assert item.fiscal_class_id == "04021010"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.234,56", Decimal("1234.56")),
        ("1,234.56", Decimal("1234.56")),
        ("19,9", Decimal("19.9")),
        (" 7 ", Decimal(7)),
        ("-2.5", Decimal("-2.5")),
    ],
)
def test_decimal_text_forms(text: str, expected: Decimal) -> None:
    assert decode_row(StockBalance, {**_balance(), "SALDOFISICO": text}).physical == expected


@pytest.mark.parametrize("bad", ["abc", "1,2,3", "NaN", "Infinity", True])
def test_bad_numbers_are_rejected(bad: object) -> None:
    with pytest.raises(M2DecodeError, match="SALDOFISICO"):
        decode_row(StockBalance, {**_balance(), "SALDOFISICO": bad})


def test_whole_numbers_only_for_ids() -> None:
    with pytest.raises(M2DecodeError, match="IDITEM: expected a whole number"):
        decode_row(Item, {**ITEM, "IDITEM": "12.5"})


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("S", True),
        ("N", False),
        ("sim", True),
        ("NÃO", False),
        (1, True),
        (0, False),
        ("1", True),
        ("true", True),
        (False, False),
        (Decimal("1.0000"), True),
    ],
)
def test_m2_booleans(raw: object, expected: bool) -> None:
    assert decode_row(Item, {**ITEM, "LIBERADO": raw}).released is expected


def test_unknown_boolean_is_an_error() -> None:
    with pytest.raises(M2DecodeError, match="LIBERADO: expected a boolean"):
        decode_row(Item, {**ITEM, "LIBERADO": "talvez"})


def test_numeric_cnpjcpf_is_padded_and_marked() -> None:
    # a CPF with a leading zero, exported as a number (the third party stored it as bigint)
    person = decode_row(
        Customer, {"IDCLIFOREMP": 1, "RAZAOSOCIAL": "A", "CNPJCPF": 3821594705, "TIPOPESSOA": "F"}
    )
    assert person.document == "03821594705"
    assert person.document_from_number is True
    # a CNPJ with leading zeros (Banco do Brasil's 00.000.000/0001-91 shape)
    company = decode_row(
        Customer, {"IDCLIFOREMP": 2, "RAZAOSOCIAL": "B", "CNPJCPF": 191, "TIPOPESSOA": "J"}
    )
    assert company.document == "00000000000191"
    # no person type: the digit count decides
    unknown = decode_row(
        Customer, {"IDCLIFOREMP": 3, "RAZAOSOCIAL": "C", "CNPJCPF": 11222333000181}
    )
    assert unknown.document == "11222333000181"
    assert decode_row(
        Customer, {"IDCLIFOREMP": 4, "RAZAOSOCIAL": "D", "CNPJCPF": "191"}
    ).document == ("191")
    # a company row pads to 14 whatever the length
    assert decode_row(Company, {"IDEMPRESA": 1, "CNPJCPF": 191}).document == "00000000000191"


def test_text_documents_are_kept_exactly() -> None:
    for text in ("038.215.947-05", "03821594705", "12.ABC.345/01DE-35", "12ABC34501DE35"):
        c = decode_row(Customer, {"IDCLIFOREMP": 1, "RAZAOSOCIAL": "A", "CNPJCPF": text})
        assert c.document == text
        assert c.document_from_number is False


def test_too_long_numeric_document_is_rejected() -> None:
    with pytest.raises(M2DecodeError, match="too long"):
        decode_row(Customer, {"IDCLIFOREMP": 1, "RAZAOSOCIAL": "A", "CNPJCPF": 10**15})


def test_numeric_cep_is_padded() -> None:
    c = decode_row(
        Customer, {"IDCLIFOREMP": 1, "RAZAOSOCIAL": "A", "CEP": 1310100, "CEPENT": "89201-100"}
    )
    assert c.address is not None
    assert c.address.zip_code == "01310100"
    assert c.delivery_address is not None
    assert c.delivery_address.zip_code == "89201-100"


def test_addresses_come_from_suffixed_columns() -> None:
    c = decode_row(
        Customer,
        {
            "IDCLIFOREMP": 1,
            "RAZAOSOCIAL": "A",
            "ENDERECO": "Rua A",
            "NUMENDERECO": 10,
            "IDCIDADE": "1",
            "ENDERECOCOB": "Rua C",
            "IDCIDADECOB": 4,
        },
    )
    assert c.address is not None
    assert (c.address.street, c.address.number, c.address.city_id) == ("Rua A", "10", 1)
    assert c.delivery_address is None  # none of its columns given
    assert c.billing_address is not None
    assert (c.billing_address.street, c.billing_address.city_id) == ("Rua C", 4)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2025-11-03T14:22:10", datetime(2025, 11, 3, 14, 22, 10, tzinfo=SP)),
        ("03/11/2025", datetime(2025, 11, 3, tzinfo=SP)),
        ("3/11/2025 14:22", datetime(2025, 11, 3, 14, 22, tzinfo=SP)),
        ("03/11/2025, 14:22:10", datetime(2025, 11, 3, 14, 22, 10, tzinfo=SP)),
        ("2025-11-03T17:22:10Z", datetime(2025, 11, 3, 17, 22, 10, tzinfo=UTC)),
        ("2025-11-03T14:22:10-03:00", datetime(2025, 11, 3, 17, 22, 10, tzinfo=UTC)),
    ],
)
def test_datetimes_are_always_aware(raw: str, expected: datetime) -> None:
    changed = decode_row(Item, {**ITEM, "DATAHORAALTERACAO": raw}).changed_at
    assert changed == expected
    assert changed is not None
    assert changed.utcoffset() is not None


def test_naive_datetimes_use_the_configured_zone() -> None:
    row = {**ITEM, "DATAHORAALTERACAO": "2025-11-03T14:22:10"}
    manaus = decode_row(Item, row, zone="America/Manaus").changed_at
    assert manaus is not None
    assert manaus.utcoffset() == timedelta(hours=-4)
    fixed = decode_row(Item, row, zone=timezone(timedelta(hours=-3))).changed_at
    assert fixed == datetime(2025, 11, 3, 17, 22, 10, tzinfo=UTC)


def test_unknown_zone_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="unknown time zone"):
        resolve_zone("America/Atlantida")


@pytest.mark.parametrize("raw", ["31/02/2025", "2025-13-01", "ontem"])
def test_bad_dates_are_rejected(raw: str) -> None:
    with pytest.raises(M2DecodeError, match="DATAHORAALTERACAO: not a date"):
        decode_row(Item, {**ITEM, "DATAHORAALTERACAO": raw})


def test_naive_datetimes_never_enter_a_model() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        Item(item_id=1, code="A", description="B", changed_at=datetime(2025, 1, 1))  # noqa: DTZ001


def test_dates_in_both_forms() -> None:
    entry = decode_row(
        PriceEntry,
        {
            "IDTABPRECO": "1",
            "IDENTIFICACAO": "X",
            "PRECO": "59,90",
            "DATAINICIO": "01/11/2025",
            "DATAFIM": "2025-12-31",
        },
    )
    assert (entry.valid_from, entry.valid_to) == (date(2025, 11, 1), date(2025, 12, 31))
    assert entry.price == Decimal("59.90")
    assert entry.is_valid_on(date(2025, 11, 1))
    assert entry.is_valid_on(date(2025, 12, 31))
    assert not entry.is_valid_on(date(2026, 1, 1))


def test_model_rules_apply_when_decoding() -> None:
    with pytest.raises(M2DecodeError, match="after valid_to"):
        decode_row(
            PriceEntry,
            {
                "IDTABPRECO": 1,
                "IDENTIFICACAO": "X",
                "PRECO": 1,
                "DATAINICIO": "02/01/2026",
                "DATAFIM": "01/01/2026",
            },
        )
    with pytest.raises(M2DecodeError, match="must not be negative"):
        decode_row(PriceEntry, {"IDTABPRECO": 1, "IDENTIFICACAO": "X", "PRECO": "-1"})


def test_blank_values_read_as_missing() -> None:
    item = decode_row(Item, {**ITEM, "COMPLEMENTO": "   ", "PESOBRUTO": "", "CODBARRA": None})
    assert (item.complement, item.gross_weight, item.barcode) == (None, None, None)


def test_every_problem_is_reported_by_column() -> None:
    with pytest.raises(M2DecodeError) as info:
        decode_row(
            Item,
            {"IDITEM": "x", "DESCRICAO": "", "PESOBRUTO": "abc"},
            source="extração report m2_estoque_item",
            index=7,
        )
    err = info.value
    assert err.entity == "Item"
    assert err.row == 7
    assert err.errors == [
        "IDITEM: not a number: 'x'",
        "IDENTIFICACAO: missing required column",
        "DESCRICAO: missing required column",
        "PESOBRUTO: not a number: 'abc'",
    ]
    assert "m2_estoque_item" in str(err)
    assert "(row 7)" in str(err)


def test_decode_errors_mask_personal_data() -> None:
    with pytest.raises(M2DecodeError) as info:
        decode_row(Customer, {"IDCLIFOREMP": "529.982.247-25", "RAZAOSOCIAL": "A"})
    assert "529.982.247-25" not in str(info.value)
    assert "529.982.247-25" not in " ".join(info.value.errors)


def test_columns_match_case_insensitively() -> None:
    item = decode_row(Item, {"iditem": 1, "Identificacao": "A", " DESCRICAO ": "B"})
    assert (item.item_id, item.code, item.description) == (1, "A", "B")


def test_unknown_columns_are_kept_or_rejected_in_strict_mode() -> None:
    row = {**ITEM, "OBS": "nota", "IDUNIDADETENANT": 9}
    item = decode_row(Item, row)
    assert item.extra == {"OBS": "nota", "IDUNIDADETENANT": 9}
    assert item == decode_row(Item, ITEM)  # extra is not part of equality
    assert encode_row(item)["OBS"] == "nota"  # and is written back
    with pytest.raises(M2DecodeError, match="unknown columns IDUNIDADETENANT, OBS"):
        decode_row(Item, row, strict=True)


def test_non_object_rows_are_rejected() -> None:
    with pytest.raises(M2DecodeError, match="expected an object of columns"):
        decode_row(Item, [1, 2])  # type: ignore[arg-type]
    with pytest.raises(M2DecodeError, match="column names must be text"):
        decode_row(Item, {**ITEM, 5: "x"})  # type: ignore[dict-item]


def test_variation_attributes_from_object_or_json_text() -> None:
    from_json = decode_row(
        ItemVariation,
        {"IDENTIFICACAOPAI": "P", "IDENTIFICACAO": "C", "ATRIBUTOS": {"Cor": "Azul", "N": 1}},
    )
    from_csv = decode_row(
        ItemVariation,
        {"IDENTIFICACAOPAI": "P", "IDENTIFICACAO": "C", "ATRIBUTOS": '{"Cor": "Azul", "N": 1}'},
    )
    assert from_json.attributes == from_csv.attributes == {"Cor": "Azul", "N": "1"}
    with pytest.raises(M2DecodeError, match="ATRIBUTOS: expected a JSON dict"):
        decode_row(
            ItemVariation, {"IDENTIFICACAOPAI": "P", "IDENTIFICACAO": "C", "ATRIBUTOS": "[1]"}
        )


def test_image_lists() -> None:
    assert decode_row(Item, {**ITEM, "IMAGENS": "https://x/a.jpg"}).image_urls == [
        "https://x/a.jpg"
    ]
    assert decode_row(Item, {**ITEM, "IMAGENS": '["https://x/a.jpg", ""]'}).image_urls == [
        "https://x/a.jpg"
    ]


def _order(**overrides: Any) -> SalesOrder:
    fields: dict[str, Any] = {
        "anymarket_order_id": "9001",
        "marketplace": "MERCADO_LIVRE",
        "marketplace_order_number": "2000004567890123",
        "created_at": datetime(2026, 1, 10, 9, 30, tzinfo=SP),
        "paid_at": datetime(2026, 1, 10, 9, 31, tzinfo=SP),
        "buyer": OrderBuyer(name="Maria Fictícia", document="27487156087", person_type="F"),
        "delivery_address": DeliveryAddress(
            street="Rua A", number="1", city="Joinville", uf="SC", zip_code="89201100"
        ),
        "items": [
            OrderItem(
                item_code="CAM-BASICA-BRA-P", quantity=Decimal(2), unit_price=Decimal("49.90")
            ),
            OrderItem(
                item_code="GAR-TERM-1L",
                quantity=Decimal(1),
                unit_price=Decimal("89.90"),
                discount=Decimal("5.00"),
            ),
        ],
        "payments": [Payment(method="CREDIT_CARD", value=Decimal("199.70"), installments=3)],
        "freight": Decimal("15.00"),
        "intermediary": Intermediary(cnpj="03007331000141", registration_id="LOJA-EXEMPLO"),
    }
    fields.update(overrides)
    return SalesOrder(**fields)


def test_sales_order_round_trips_through_rows() -> None:
    order = _order()
    row = encode_row(order)
    assert row["IDPEDIDOANYMARKET"] == "9001"
    assert row["ITENS"][1] == {
        "IDENTIFICACAO": "GAR-TERM-1L",
        "QUANT": "1",
        "VALORUNITARIO": "89.90",
        "VALORDESCONTO": "5.00",
    }
    assert row["DATAHORAPEDIDO"] == "2026-01-10T09:30:00-03:00"
    assert row["INTERMEDIADOR"] == {
        "CNPJINTERMEDIADOR": "03007331000141",
        "IDCADINTTRAN": "LOJA-EXEMPLO",
    }
    back = decode_row(SalesOrder, row)
    assert back == order
    assert back.items[0].line_total == Decimal("99.80")
    assert order.items_total == Decimal("184.70")


def test_nested_errors_name_their_path() -> None:
    row = encode_row(_order())
    row["ITENS"][1]["QUANT"] = "muitos"
    del row["CLIENTE"]["NOME"]
    with pytest.raises(M2DecodeError) as info:
        decode_row(SalesOrder, row)
    assert "CLIENTE.NOME: missing required column" in info.value.errors
    assert "ITENS[1].QUANT: not a number: 'muitos'" in info.value.errors


def test_invoice_rows() -> None:
    invoice = decode_row(
        Invoice,
        {
            "NUMEROPEDIDO": 17,
            "CHAVENFE": "42260141935286000184550010000012341000012345",
            "SERIE": 1,
            "NUMERONF": "000001234",
            "DATAHORAEMISSAO": "15/01/2026 10:00:00",
            "CFOP": 5102,
        },
    )
    assert invoice.m2_order_number == "17"
    assert invoice.series == "1"
    assert invoice.number == "000001234"
    assert invoice.cfop == "5102"
    assert invoice.issued_at == datetime(2026, 1, 15, 13, 0, tzinfo=UTC)


def _balance() -> dict[str, Any]:
    return {
        "IDEMPRESA": 1,
        "IDFILIAL": 1,
        "IDALMOX": 10,
        "IDITEM": 1002,
        "IDENTIFICACAO": "CAM-BASICA-BRA-P",
        "SALDOFISICO": 10,
    }


def test_available_quantity_falls_back_to_physical_minus_reserved() -> None:
    assert decode_row(StockBalance, {**_balance(), "QUANTRESERVADA": "2"}).available_quantity == 8
    with_available = {**_balance(), "QUANTRESERVADA": 2, "SALDODISPONIVEL": 7}
    assert decode_row(StockBalance, with_available).available_quantity == 7
