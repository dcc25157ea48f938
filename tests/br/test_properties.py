"""Property tests: generated valid values round-trip, and nothing but ``BrValidationError``
ever escapes a parser (``is_valid_*`` never raises at all)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, get_args

from hypothesis import given, settings
from hypothesis import strategies as st

from m2_adapter.br import (
    BrKind,
    BrRule,
    BrValidationError,
    CfopDirection,
    DocumentKind,
    PhoneKind,
    Uf,
    document_kind,
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
from tests.br.strategies import (
    DIGITS,
    cnpjs,
    cpfs,
    ddds,
    gtins,
    punctuated,
    subscriber_numbers,
)

FAST = settings(max_examples=100, deadline=None)

PAIRS: list[tuple[Callable[[Any], bool], Callable[[Any], object]]] = [
    (is_valid_cpf, parse_cpf),
    (is_valid_cnpj, parse_cnpj),
    (is_valid_gtin, parse_gtin),
    (is_valid_ncm, parse_ncm),
    (is_valid_cep, parse_cep),
    (is_valid_uf, parse_uf),
    (is_valid_cfop, parse_cfop),
    (is_valid_phone, parse_phone),
    (lambda t: document_kind(t) in {DocumentKind.CPF, DocumentKind.CNPJ}, parse_document),
]
# Inputs close to real ones: digits, letters, separators, mask and phone characters.
NEAR = "0123456789" * 3 + "AaBFIOQZxX.-/ ()+*•#\t\u00a0٣"


def outcome(parse: Callable[[Any], object], text: object) -> BrValidationError | None:
    """The error ``parse`` raises for ``text``, or None; any other exception escapes."""
    try:
        parse(text)
    except BrValidationError as exc:
        return exc
    return None


texts = st.one_of(
    st.text(),
    st.text(NEAR, max_size=20),
    st.text(NEAR, min_size=60, max_size=80),
)


@FAST
@given(texts)
def test_validators_never_raise_and_agree_with_parsers(text: str) -> None:
    for is_valid, parse in PAIRS:
        accepted = is_valid(text)
        assert isinstance(accepted, bool)
        exc = outcome(parse, text)
        assert accepted is (exc is None)
        if exc is not None:
            assert exc.rule in get_args(BrRule)
            assert exc.kind in get_args(BrKind)
    assert document_kind(text) in set(DocumentKind)


@FAST
@given(st.one_of(st.none(), st.integers(), st.floats(), st.binary(), st.lists(st.text())))
def test_non_text_is_refused_not_crashed(value: object) -> None:
    for is_valid, parse in PAIRS:
        if parse is parse_uf and isinstance(value, int):
            continue  # IBGE codes may be ints
        assert is_valid(value) is False
        exc = outcome(parse, value)
        assert exc is not None
        assert exc.rule == "type"


@FAST
@given(
    st.text(DIGITS, min_size=4, max_size=40).flatmap(lambda d: st.tuples(st.just(d), punctuated(d)))
)
def test_messages_never_echo_the_input(pair: tuple[str, str]) -> None:
    digits, text = pair
    for _, parse in PAIRS:
        exc = outcome(parse, text)
        if exc is not None:
            assert digits not in exc.message
            assert digits[-2:] in exc.message or exc.rule == "length"
            assert text.strip() not in exc.message


@FAST
@given(cpfs.flatmap(lambda c: st.tuples(st.just(c), punctuated(c))))
def test_valid_cpfs_parse_to_their_digits(pair: tuple[str, str]) -> None:
    cpf, text = pair
    assert parse_cpf(text) == cpf
    assert parse_cpf(cpf) == cpf
    assert parse_document(text).kind is DocumentKind.CPF
    assert document_kind(text) is DocumentKind.CPF


@st.composite
def cnpj_spellings(draw: st.DrawFn) -> tuple[str, str]:
    cnpj = draw(cnpjs)
    lower = draw(st.lists(st.booleans(), min_size=14, max_size=14))
    cased = "".join(c.lower() if low else c for c, low in zip(cnpj, lower, strict=True))
    return cnpj, draw(punctuated(cased))


@FAST
@given(cnpj_spellings())
def test_valid_cnpjs_parse_to_upper_case(pair: tuple[str, str]) -> None:
    cnpj, text = pair
    assert parse_cnpj(text) == cnpj
    assert parse_document(text).value == cnpj
    assert document_kind(text) is DocumentKind.CNPJ


@FAST
@given(gtins.flatmap(lambda g: st.tuples(st.just(g), punctuated(g))))
def test_valid_gtins_parse(pair: tuple[str, str]) -> None:
    gtin, text = pair
    parsed = parse_gtin(text)
    assert parsed.value == gtin
    assert parsed.kind.value == f"GTIN-{len(gtin)}"
    assert parsed.gtin14 == gtin.zfill(14)
    assert parse_cean(text) == parsed


@FAST
@given(st.text(DIGITS, min_size=8, max_size=8).filter(lambda c: c != "00000000"), st.data())
def test_any_eight_digits_but_zeros_are_a_cep(cep: str, data: st.DataObject) -> None:
    assert parse_cep(data.draw(punctuated(cep))) == cep


chapters = st.integers(1, 97).filter(lambda c: c != 77).map(lambda c: f"{c:02d}")
ncms = st.builds(str.__add__, chapters, st.text(DIGITS, min_size=6, max_size=6)).filter(
    lambda n: len(set(n)) > 1
)


@FAST
@given(ncms, st.data())
def test_ncms_parse(ncm: str, data: st.DataObject) -> None:
    dotted = f"{ncm[:4]}.{ncm[4:6]}.{ncm[6:]}"
    assert parse_ncm(dotted) == parse_ncm(data.draw(punctuated(ncm))) == ncm


@FAST
@given(st.sampled_from("123567"), st.text(DIGITS, min_size=3, max_size=3))
def test_cfops_parse(first: str, rest: str) -> None:
    cfop = parse_cfop(f"{first}.{rest}")
    assert cfop.code == first + rest
    assert (cfop.direction is CfopDirection.ENTRY) == (first in "123")


@FAST
@given(st.sampled_from(list(Uf)), st.booleans())
def test_ufs_parse(uf: Uf, lower: bool) -> None:
    assert parse_uf(uf.value.lower() if lower else uf.value) is uf
    assert parse_uf(uf.ibge_code) is parse_uf(str(uf.ibge_code)) is uf


PHONE_SPELLINGS: list[Callable[[str, str], str]] = [
    lambda d, n: f"+55{d}{n}",
    lambda d, n: f"+55 ({d}) {n[:-4]}-{n[-4:]}",
    lambda d, n: f"55 {d} {n}",
    lambda d, n: f"({d}) {n[:-4]} {n[-4:]}",
    lambda d, n: f"{d}{n}",
    lambda d, n: f"0{d} {n}",
    lambda d, n: f"0 15 {d} {n}",
    lambda d, n: f"(0xx{d}) {n}",
]


@FAST
@given(ddds, subscriber_numbers, st.sampled_from(PHONE_SPELLINGS))
def test_phones_parse(ddd: str, number: str, spell: Callable[[str, str], str]) -> None:
    phone = parse_phone(spell(ddd, number))
    assert (phone.ddd, phone.number) == (ddd, number)
    assert phone.kind is (PhoneKind.MOBILE if len(number) == 9 else PhoneKind.LANDLINE)
    assert phone.e164 == f"+55{ddd}{number}"
    assert parse_phone(phone.e164) == parse_phone(phone.national) == phone
