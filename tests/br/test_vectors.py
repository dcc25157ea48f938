"""The DOMAIN.md §4 vectors and hand-picked accept/refuse examples for every validator."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from m2_adapter.br import (
    DDD_CODES,
    SEM_GTIN,
    BrRule,
    BrValidationError,
    CfopDirection,
    CfopScope,
    DocumentKind,
    GtinKind,
    PhoneKind,
    Uf,
    cep_matches_uf,
    cep_ufs,
    cnpj_check_digits,
    cnpj_root,
    cpf_check_digits,
    document_kind,
    format_cep,
    format_cnpj,
    format_cpf,
    gtin_check_digit,
    is_valid_cep,
    is_valid_cfop,
    is_valid_cnpj,
    is_valid_cpf,
    is_valid_gtin,
    is_valid_ncm,
    is_valid_phone,
    is_valid_uf,
    parse_cean,
    parse_cep,
    parse_cfop,
    parse_cnpj,
    parse_cpf,
    parse_document,
    parse_gtin,
    parse_ncm,
    parse_phone,
    parse_uf,
)


def rule_of(parse: Callable[[str], object], text: str) -> BrRule:
    with pytest.raises(BrValidationError) as info:
        parse(text)
    return info.value.rule


FULL_WIDTH_CPF = "".join(chr(ord(c) + 0xFEE0) for c in "52998224725")

# --- CPF ----------------------------------------------------------------------------------


def test_cpf_domain_vector() -> None:
    assert parse_cpf("529.982.247-25") == "52998224725"
    assert is_valid_cpf("52998224725")
    assert cpf_check_digits("529.982.247") == "25"
    assert format_cpf("52998224725") == "529.982.247-25"


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("529.982.247-24", "check_digit"),
        ("529.982.247-52", "check_digit"),
        ("000.000.000-00", "placeholder"),
        ("111.111.111-11", "placeholder"),
        ("99999999999", "placeholder"),
        ("529.982.247-2", "length"),
        ("529.982.247-255", "length"),
        ("529.982.247-2A", "characters"),
        ("529,982,247-25", "characters"),
        (FULL_WIDTH_CPF, "characters"),  # str.isdigit() would accept these
        ("529.***.***-25", "masked"),
        ("", "empty"),
        (" .-/ ", "empty"),
    ],
)
def test_cpf_refused(text: str, rule: BrRule) -> None:
    assert rule_of(parse_cpf, text) == rule
    assert not is_valid_cpf(text)


def test_cpf_all_equal_pass_the_check_digits_but_are_placeholders() -> None:
    # Every all-equal CPF satisfies the check digits, hence the explicit rule.
    for d in "0123456789":
        assert cpf_check_digits(d * 9) == d * 2
        assert rule_of(parse_cpf, d * 11) == "placeholder"


# --- CNPJ ---------------------------------------------------------------------------------


def test_cnpj_domain_vectors() -> None:
    assert parse_cnpj("11.222.333/0001-81") == "11222333000181"
    assert parse_cnpj("12.ABC.345/01DE-35") == "12ABC34501DE35"
    assert parse_cnpj("12.abc.345/01de-35") == "12ABC34501DE35"
    assert cnpj_check_digits("11.222.333/0001") == "81"
    assert cnpj_check_digits("12abc34501de") == "35"
    assert format_cnpj("12abc34501de35") == "12.ABC.345/01DE-35"
    assert cnpj_root("11.222.333/0001-81") == "11222333"
    assert cnpj_root("12.ABC.345/01DE-35") == "12ABC345"


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("11.222.333/0001-82", "check_digit"),
        ("12.ABC.345/01DE-36", "check_digit"),
        ("12.ABD.345/01DE-35", "check_digit"),
        ("00.000.000/0000-00", "placeholder"),
        ("11111111111111", "placeholder"),
        ("AAAAAAAAAAAAAA", "placeholder"),
        ("12.ABC.345/01DE-3E", "characters"),  # check digits are always numeric
        ("12.ÀBC.345/01DE-35", "characters"),  # only ASCII letters
        ("12.\u0131BC.345/01DE-35", "characters"),  # dotless i upper-cases to I: still refused
        ("11.222.333/0001-8", "length"),
        ("11.222.333/0001-811", "length"),
        ("11.222.***/0001-81", "masked"),
    ],
)
def test_cnpj_refused(text: str, rule: BrRule) -> None:
    assert rule_of(parse_cnpj, text) == rule
    assert not is_valid_cnpj(text)


def test_cnpj_letters_the_receita_reportedly_avoids_are_still_accepted() -> None:
    # I, O, Q and F are said to be avoided [unverified]; the algorithm accepts them.
    for body in ("IOQF34501DE0", "FFFFFFFFFFFA"):
        cnpj = body + cnpj_check_digits(body)
        assert is_valid_cnpj(cnpj)


# --- CPF or CNPJ --------------------------------------------------------------------------


def test_parse_document() -> None:
    cpf = parse_document("529.982.247-25")
    assert (cpf.kind, cpf.value, cpf.formatted, str(cpf)) == (
        DocumentKind.CPF,
        "52998224725",
        "529.982.247-25",
        "52998224725",
    )
    cnpj = parse_document("12.abc.345/01de-35")
    assert (cnpj.kind, cnpj.value, cnpj.formatted) == (
        DocumentKind.CNPJ,
        "12ABC34501DE35",
        "12.ABC.345/01DE-35",
    )


@pytest.mark.parametrize(
    ("text", "kind", "rule"),
    [
        ("529.982.247-24", "cpf", "check_digit"),
        ("5299822472A", "cpf", "characters"),
        ("11.222.333/0001-80", "cnpj", "check_digit"),
        ("123456789", "document", "length"),
        ("A1234567", "document", "length"),
    ],
)
def test_parse_document_refused(text: str, kind: str, rule: BrRule) -> None:
    with pytest.raises(BrValidationError) as info:
        parse_document(text)
    assert (info.value.kind, info.value.rule) == (kind, rule)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("529.982.247-25", DocumentKind.CPF),
        ("11.222.333/0001-81", DocumentKind.CNPJ),
        ("12.ABC.345/01DE-35", DocumentKind.CNPJ),
        ("000.000.000-00", DocumentKind.PLACEHOLDER),  # ANYMARKET's default-fields filler
        ("00.000.000/0000-00", DocumentKind.PLACEHOLDER),
        ("***.982.247-**", DocumentKind.MASKED),
        (None, DocumentKind.MISSING),
        ("", DocumentKind.MISSING),
        ("  ", DocumentKind.MISSING),
        ("529.982.247-24", DocumentKind.INVALID),
        ("AB1234567", DocumentKind.INVALID),  # e.g. a foreign DNI sent as documentType OTHER
        (52998224725, DocumentKind.INVALID),  # never an int: leading zeros would be lost
    ],
)
def test_document_kind(text: object, kind: DocumentKind) -> None:
    assert document_kind(text) is kind


# --- GTIN ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "check", "kind"),
    [
        ("629104150021", "3", GtinKind.GTIN_13),  # GS1 example
        ("9638507", "4", GtinKind.GTIN_8),
        ("03600029145", "2", GtinKind.GTIN_12),  # UPC-A
        ("1789100000001", "1", GtinKind.GTIN_14),  # by hand: 3+3+9+24+7+3 = 49
    ],
)
def test_gtin_domain_vectors(data: str, check: str, kind: GtinKind) -> None:
    assert gtin_check_digit(data) == check
    gtin = parse_gtin(data + check)
    assert (gtin.value, gtin.kind, str(gtin)) == (data + check, kind, data + check)
    assert len(gtin.gtin14) == 14
    assert gtin.gtin14.endswith(data + check)


def test_gtin_compared_as_gtin14() -> None:
    assert parse_gtin("036000291452").gtin14 == parse_gtin("0036000291452").gtin14
    assert parse_gtin("036000291452").kind is GtinKind.GTIN_12
    assert parse_gtin("0036000291452").kind is GtinKind.GTIN_13


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("6291041500214", "check_digit"),
        ("96385075", "check_digit"),
        ("0000000000000", "placeholder"),
        ("2222222222222", "placeholder"),  # passes the check digit, yet not a real product
        ("629104150021", "check_digit"),  # GTIN-12 sized: its last digit is not the check
        ("62910415002", "length"),
        ("123456789", "length"),
        ("629104150021X", "characters"),
        (SEM_GTIN, "characters"),
    ],
)
def test_gtin_refused(text: str, rule: BrRule) -> None:
    assert rule_of(parse_gtin, text) == rule
    assert not is_valid_gtin(text)


def test_parse_cean() -> None:
    assert parse_cean("SEM GTIN") is None
    assert parse_cean(" sem  gtin ") is None
    gtin = parse_cean("7891000100103")
    assert gtin is not None
    assert gtin.kind is GtinKind.GTIN_13
    assert rule_of(parse_cean, "SEM") == "characters"


# --- NCM ----------------------------------------------------------------------------------


def test_ncm() -> None:
    assert parse_ncm("8471.30.12") == "84713012"
    assert parse_ncm("84713012") == "84713012"
    assert parse_ncm("0101.21.00") == "01012100"
    assert parse_ncm("00", allow_service=True) == "00"
    assert is_valid_ncm("00", allow_service=True)
    assert not is_valid_ncm("00")


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("8471.30.1", "length"),
        ("8471.30.123", "length"),
        ("00", "length"),
        ("00000000", "placeholder"),
        ("99999999", "placeholder"),
        ("00011000", "unknown_code"),
        ("77011000", "unknown_code"),
        ("98011000", "unknown_code"),
        ("8471.3O.12", "characters"),
    ],
)
def test_ncm_refused(text: str, rule: BrRule) -> None:
    assert rule_of(parse_ncm, text) == rule


# --- CEP ----------------------------------------------------------------------------------


def test_cep() -> None:
    assert parse_cep("01310-100") == "01310100"
    assert parse_cep("01.310-100") == "01310100"
    assert format_cep("01310100") == "01310-100"
    assert cep_ufs("20040-020") == {Uf.RJ, Uf.ES}
    assert cep_ufs("69900-000") == {Uf.CE, Uf.PI, Uf.MA, Uf.PA, Uf.AM, Uf.AC, Uf.AP, Uf.RR}
    assert cep_matches_uf("01310-100", "SP")
    assert cep_matches_uf("90010-000", 43)
    assert not cep_matches_uf("01310-100", Uf.RJ)
    assert all(cep_ufs(f"{d}1000000") for d in "0123456789")
    assert set().union(*(cep_ufs(f"{d}1000000") for d in "0123456789")) == set(Uf)


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("00000-000", "placeholder"),
        ("1310-100", "length"),
        ("013101000", "length"),
        ("01310-10O", "characters"),
        ("", "empty"),
    ],
)
def test_cep_refused(text: str, rule: BrRule) -> None:
    assert rule_of(parse_cep, text) == rule
    assert not is_valid_cep(text)


# --- UF -----------------------------------------------------------------------------------

IBGE = {
    "RO": 11, "AC": 12, "AM": 13, "RR": 14, "PA": 15, "AP": 16, "TO": 17, "MA": 21, "PI": 22,
    "CE": 23, "RN": 24, "PB": 25, "PE": 26, "AL": 27, "SE": 28, "BA": 29, "MG": 31, "ES": 32,
    "RJ": 33, "SP": 35, "PR": 41, "SC": 42, "RS": 43, "MS": 50, "MT": 51, "GO": 52, "DF": 53,
}  # fmt: skip


def test_uf_codes() -> None:
    assert len(Uf) == 27
    assert {uf.value: uf.ibge_code for uf in Uf} == IBGE
    for sigla, code in IBGE.items():
        uf = Uf(sigla)
        assert parse_uf(sigla) is uf
        assert parse_uf(sigla.lower()) is uf
        assert parse_uf(code) is uf
        assert parse_uf(str(code)) is uf
        assert Uf.from_ibge_code(code) is uf
    assert parse_uf(" sp ") is Uf.SP
    assert parse_uf(35) is Uf.SP


@pytest.mark.parametrize(
    ("value", "rule"),
    [
        (34, "unknown_code"),  # SP is 35; some blogs say 34
        ("34", "unknown_code"),
        ("XX", "unknown_code"),
        (0, "unknown_code"),
        # too large for str(): must still end in a BrValidationError
        pytest.param(10**5000, "unknown_code", id="huge-int"),
        ("035", "length"),
        ("SPA", "length"),
        ("S1", "characters"),
        ("São Paulo", "characters"),
        ("", "empty"),
        (True, "type"),
        (35.0, "type"),
    ],
)
def test_uf_refused(value: object, rule: BrRule) -> None:
    with pytest.raises(BrValidationError) as info:
        parse_uf(value)  # type: ignore[arg-type]
    assert info.value.rule == rule
    assert not is_valid_uf(value)


# --- CFOP ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "direction", "scope"),
    [
        ("1102", CfopDirection.ENTRY, CfopScope.INTRASTATE),
        ("2.102", CfopDirection.ENTRY, CfopScope.INTERSTATE),
        ("3102", CfopDirection.ENTRY, CfopScope.FOREIGN),
        ("5.102", CfopDirection.EXIT, CfopScope.INTRASTATE),
        ("6102", CfopDirection.EXIT, CfopScope.INTERSTATE),
        ("6.108", CfopDirection.EXIT, CfopScope.INTERSTATE),
        ("7102", CfopDirection.EXIT, CfopScope.FOREIGN),
    ],
)
def test_cfop(text: str, direction: CfopDirection, scope: CfopScope) -> None:
    cfop = parse_cfop(text)
    assert (cfop.code, cfop.direction, cfop.scope) == (text.replace(".", ""), direction, scope)
    assert cfop.formatted == f"{cfop.code[0]}.{cfop.code[1:]}"
    assert str(cfop) == cfop.code


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("0102", "unknown_code"),
        ("4102", "unknown_code"),
        ("8102", "unknown_code"),
        ("9102", "unknown_code"),
        ("510", "length"),
        ("51020", "length"),
        ("51O2", "characters"),
    ],
)
def test_cfop_refused(text: str, rule: BrRule) -> None:
    assert rule_of(parse_cfop, text) == rule
    assert not is_valid_cfop(text)


# --- Phones -------------------------------------------------------------------------------


def test_ddd_codes() -> None:
    assert len(DDD_CODES) == 67
    unused = {10, 20, 23, 25, 26, 29, 30, 36, 39, 40, 50, 52, 56, 57, 58, 59, 60, 70, 72, 76}
    assert unused | {78, 80, 90} <= set(range(10, 100)) - DDD_CODES
    assert {11, 21, 47, 55, 61, 99} <= DDD_CODES


@pytest.mark.parametrize(
    "text",
    [
        "+55 11 91234-5678",
        "+55 (11) 91234-5678",
        "55 11 912345678",
        "5511912345678",
        "(11) 91234-5678",
        "11912345678",
        "011 91234-5678",
        "0 21 11 91234-5678",  # carrier 21
        "(0xx11) 91234-5678",
        "11.91234.5678",
    ],
)
def test_mobile_spellings(text: str) -> None:
    phone = parse_phone(text)
    assert (phone.ddd, phone.number, phone.kind) == ("11", "912345678", PhoneKind.MOBILE)
    assert phone.e164 == str(phone) == "+5511912345678"
    assert phone.national == "(11) 91234-5678"


@pytest.mark.parametrize(
    "text", ["(47) 3422-1234", "+55 47 3422 1234", "4734221234", "0 47 3422-1234", "0154734221234"]
)
def test_landline_spellings(text: str) -> None:
    phone = parse_phone(text)
    assert (phone.ddd, phone.number, phone.kind) == ("47", "34221234", PhoneKind.LANDLINE)
    assert phone.e164 == "+554734221234"
    assert phone.national == "(47) 3422-1234"


def test_ddd_55_is_not_mistaken_for_the_country_code() -> None:
    assert parse_phone("(55) 3222-1234").e164 == "+555532221234"
    assert parse_phone("55 99123-4567").e164 == "+5555991234567"


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("4799999999", "placeholder"),  # Shopee's masked phone
        ("(11) 99999-9999", "placeholder"),
        ("(20) 91234-5678", "unknown_code"),
        ("(10) 3422-1234", "unknown_code"),
        ("(11) 81234-5678", "prefix"),  # 9 digits must start with 9
        ("(11) 9123-4567", "prefix"),  # an 8-digit mobile (before the 9th digit)
        ("(11) 1234-5678", "prefix"),
        ("+1 212 555 1234", "country_code"),
        ("+351 912 345 678", "country_code"),
        ("4412345678901", "country_code"),
        ("91234-5678", "length"),
        ("+55 11 912345-67890", "length"),
        ("(11) 9123A-5678", "characters"),
        ("11 +912345678", "characters"),
        ("(11) 9****-5678", "masked"),
        ("()", "empty"),
    ],
)
def test_phone_refused(text: str, rule: BrRule) -> None:
    assert rule_of(parse_phone, text) == rule
    assert not is_valid_phone(text)
