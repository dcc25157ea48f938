"""NF-e access keys through m2_adapter.br: structure via the SDK, consistency with the invoice."""

from __future__ import annotations

import pytest

from m2_adapter.br import BrValidationError, is_valid_nfe_key, parse_nfe_key
from m2_adapter.br._errors import BrRule

# DOMAIN.md §4.3 vector: DV 5 for this 43-digit body.
KEY = "52060433009911002506550120000007800267301615"
ISSUER = "33.009.911/0025-06"


def test_vector_parses_with_its_parts() -> None:
    key = parse_nfe_key(KEY)
    assert (key.uf, key.year, key.month, key.model, key.series, key.number) == (
        "GO",
        2006,
        4,
        "55",
        12,
        780,
    )
    assert key.check_digit == 5
    assert is_valid_nfe_key("NFe" + KEY)
    assert is_valid_nfe_key(" ".join(KEY[i : i + 4] for i in range(0, 44, 4)))


def test_consistent_with_its_invoice() -> None:
    key = parse_nfe_key(KEY, series=12, number=780, issuer_cnpj=ISSUER, model="55")
    assert key.issuer == "33009911002506"


@pytest.mark.parametrize(
    ("kwargs", "rule"),
    [
        ({"series": 1}, "mismatch"),
        ({"number": 781}, "mismatch"),
        ({"model": "65"}, "mismatch"),
        ({"issuer_cnpj": "11.222.333/0001-81"}, "mismatch"),
    ],
)
def test_inconsistent_invoice_is_refused(kwargs: dict[str, object], rule: BrRule) -> None:
    with pytest.raises(BrValidationError) as info:
        parse_nfe_key(KEY, **kwargs)  # type: ignore[arg-type]
    assert (info.value.kind, info.value.rule) == ("nfe_key", rule)
    assert KEY not in str(info.value)


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        (KEY[:-1], "length"),
        (KEY[:-1] + "4", "check_digit"),
        ("99" + KEY[2:], "unknown_code"),
        (KEY[:4] + "13" + KEY[6:], "date"),
        (KEY[:20] + "57" + KEY[22:], "unknown_code"),
        (KEY[:30] + "x" + KEY[31:], "characters"),
    ],
)
def test_structural_errors_name_the_rule(text: str, rule: BrRule) -> None:
    with pytest.raises(BrValidationError) as info:
        parse_nfe_key(text)
    assert info.value.rule == rule
    assert not is_valid_nfe_key(text)


@pytest.mark.parametrize("position", range(43))
def test_a_changed_digit_is_caught_when_the_check_digit_is_not_zero(position: int) -> None:
    digit = KEY[position]
    changed = KEY[:position] + str((int(digit) + 1) % 10) + KEY[position + 1 :]
    assert not is_valid_nfe_key(changed)


def test_never_raises_on_junk() -> None:
    for junk in ("", "abc", "1" * 500, "\x00" * 44):
        assert not is_valid_nfe_key(junk)
