"""NF-e access keys: the vectors of DOMAIN.md §4.3 and the API docs' own NF-e example."""

from __future__ import annotations

import pytest

from anymarket_sdk import RequestValidationError
from anymarket_sdk.fiscal import (
    AccessKey,
    InvalidAccessKeyError,
    access_key_check_digit,
    is_valid_access_key,
    parse_access_key,
)

# MOC example (DV 5), invoisys blog (DV 0), the NF-e XML example of the API docs (DV 7).
MOC = "52060433009911002506550120000007800267301615"
NFCE = "13181017921427000125650010000000309887251170"
SPEC_XML = "41190908328657000194550015624654251041433087"


def with_dv(body43: str) -> str:
    return body43 + str(access_key_check_digit(body43))


@pytest.mark.parametrize(
    ("body", "digit"),
    [
        ("5206043300991100250655012000000780026730161", 5),
        ("1318101792142700012565001000000030988725117", 0),
        ("4119090832865700019455001562465425104143308", 7),
    ],
)
def test_check_digit_vectors(body: str, digit: int) -> None:
    assert access_key_check_digit(body) == digit
    assert is_valid_access_key(body + str(digit))


def test_check_digit_needs_43_characters() -> None:
    with pytest.raises(ValueError, match="43"):
        access_key_check_digit("123")


def test_parse_spec_example_key() -> None:
    key = parse_access_key(SPEC_XML)
    assert isinstance(key, AccessKey)
    assert key.key == SPEC_XML
    assert (key.uf_code, key.uf) == (41, "PR")
    assert (key.year, key.month) == (2019, 9)
    assert key.issuer == "08328657000194"
    assert key.issuer_cnpj == "08328657000194"
    assert key.issuer_cpf is None
    assert (key.model, key.model_name) == ("55", "NF-e")
    assert (key.series, key.number) == (1, 562465425)
    assert key.emission_type == 1
    assert not key.is_contingency
    assert key.code == "04143308"
    assert key.check_digit == 7
    assert str(key) == SPEC_XML
    assert key.formatted() == "4119 0908 3286 5700 0194 5500 1562 4654 2510 4143 3087"


def test_parse_nfce_in_contingency() -> None:
    key = parse_access_key(NFCE)
    assert (key.uf, key.year, key.month) == ("AM", 2018, 10)
    assert (key.model, key.model_name) == ("65", "NFC-e")
    assert key.emission_type == 9
    assert key.is_contingency
    assert key.check_digit == 0


def test_parse_moc_example() -> None:
    key = parse_access_key(MOC)
    assert (key.uf, key.year, key.month, key.series, key.number) == ("GO", 2006, 4, 12, 780)
    assert key.issuer_cnpj == "33009911002506"


@pytest.mark.parametrize(
    "text",
    [
        "4119 0908 3286 5700 0194 5500 1562 4654 2510 4143 3087",  # as printed on a DANFE
        "NFe41190908328657000194550015624654251041433087",  # as in the XML Id attribute
        f"  {SPEC_XML}\n",
    ],
)
def test_accepted_spellings(text: str) -> None:
    assert parse_access_key(text).key == SPEC_XML


@pytest.mark.parametrize("key", [MOC, SPEC_XML])
def test_every_single_digit_substitution_is_caught(key: str) -> None:
    """With a check digit other than 0 every single-digit change alters the remainder and so
    the digit: mod 11 with weights 2..9 catches all of them."""
    for pos in range(44):
        for digit in "0123456789":
            if digit != key[pos]:
                mutated = key[:pos] + digit + key[pos + 1 :]
                assert not is_valid_access_key(mutated), (pos, digit)


def test_substitutions_with_check_digit_zero() -> None:
    """Remainders 0 and 1 both give check digit 0, so a key whose digit is 0 can miss the
    substitutions that move the remainder between 0 and 1: at most one per position (two
    digits that both did would differ by 11)."""
    missed = []
    for pos in range(44):
        for digit in "0123456789":
            if digit != NFCE[pos]:
                mutated = NFCE[:pos] + digit + NFCE[pos + 1 :]
                if is_valid_access_key(mutated):
                    missed.append(pos)
                    assert pos < 43
                    assert access_key_check_digit(mutated[:43]) == 0
    assert missed
    assert len(missed) == len(set(missed))
    for digit in "123456789":  # the check digit itself is always checked
        assert not is_valid_access_key(NFCE[:43] + digit)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        (SPEC_XML[:-1], "44 digits, got 43"),
        (SPEC_XML + "1", "44 digits, got 45"),
        ("", "44 digits, got 0"),
        (SPEC_XML[:10] + "X" + SPEC_XML[11:], "only digits"),
        (SPEC_XML[:30] + "-" + SPEC_XML[31:], "only digits"),
        (with_dv("34" + SPEC_XML[2:43]), "state code"),  # SP is 35, not 34
        (with_dv("00" + SPEC_XML[2:43]), "state code"),
        (with_dv(SPEC_XML[:4] + "13" + SPEC_XML[6:43]), "month"),
        (with_dv(SPEC_XML[:4] + "00" + SPEC_XML[6:43]), "month"),
        (with_dv(SPEC_XML[:20] + "57" + SPEC_XML[22:43]), "model 57"),  # a CT-e key
        (SPEC_XML[:43] + "8", "check digit"),
    ],
)
def test_invalid_keys(text: str, reason: str) -> None:
    with pytest.raises(InvalidAccessKeyError, match=reason) as info:
        parse_access_key(text, field="invoice.access_key")
    assert info.value.field == "invoice.access_key"
    assert not is_valid_access_key(text)


def test_not_a_string() -> None:
    with pytest.raises(InvalidAccessKeyError, match="expected a string"):
        parse_access_key(41190908328657000194550015624654251041433087)  # type: ignore[arg-type]
    assert not is_valid_access_key(None)


def test_error_is_a_request_validation_error_and_never_echoes_the_key() -> None:
    with pytest.raises(RequestValidationError) as info:
        parse_access_key(SPEC_XML[:43] + "0")
    assert isinstance(info.value, ValueError)
    assert info.value.field == "access_key"
    assert SPEC_XML[:20] not in str(info.value)
    assert "08328657000194" not in repr(parse_access_key(SPEC_XML))


def test_alphanumeric_cnpj_is_opt_in() -> None:
    # SERPRO's example CNPJ 12.ABC.345/01DE-35 in the issuer field (letters count ord - 48).
    key = with_dv("35" + "2607" + "12ABC34501DE35" + "55" + "001" + "000000123" + "1" + "12345678")
    assert not is_valid_access_key(key)
    with pytest.raises(InvalidAccessKeyError, match="issuer"):
        parse_access_key(key)
    parsed = parse_access_key(key, allow_alphanumeric_cnpj=True)
    assert parsed.issuer_cnpj == "12ABC34501DE35"
    assert parsed.uf == "SP"
    assert is_valid_access_key(key.lower(), allow_alphanumeric_cnpj=True)
    # letters stay forbidden outside the issuer field
    bad = key[:40] + "A" + key[41:]
    assert not is_valid_access_key(bad, allow_alphanumeric_cnpj=True)


def test_individual_issuer_with_cpf() -> None:
    key = parse_access_key(
        with_dv(
            "43" + "2403" + "000" + "52998224725" + "55" + "002" + "000004567" + "1" + "87654321"
        )
    )
    assert key.issuer_cpf == "52998224725"
    assert key.issuer_cnpj is None
    assert (key.series, key.number) == (2, 4567)
