"""Which single-character changes the check digits catch, proved and then tested.

GTIN (module 10, weights 3 and 1): every single-digit substitution changes the weighted sum
by ``w * d`` with ``d`` in ±1..9 and ``w`` in {1, 3}, never a multiple of 10: always caught.

CPF and CNPJ (module 11) are *not* perfect, despite the folklore. A substitution moves each
weighted sum by ``w * d``, never a multiple of 11 for digits, so the remainder always
changes, but the remainders 0 and 1 both give check digit 0. Hence:

- whenever the first check digit (DV1) is not 0, every single-digit substitution is caught;
- otherwise a change that moves remainder 1 to 0 (or back) keeps DV1 = 0 and can go unseen,
  if DV2 collapses the same way (DV2 = 0) or, for a CPF's first digit, whose DV2 weight 11
  is a multiple of 11, whatever DV2 is.

Alphanumeric CNPJ values (ASCII - 48) range over 0..42, so two characters whose values differ
by 11, 22 or 33 (``0 F Q``, ``6 A L W``, ...) are indistinguishable to both check digits: such
substitutions are never caught. Everything else behaves as for numeric CNPJs.
"""

from __future__ import annotations

from collections.abc import Iterator

from hypothesis import given, settings

from m2_adapter.br import is_valid_cnpj, is_valid_cpf, is_valid_gtin
from tests.br.strategies import ALNUM, DIGITS, cnpjs, cpfs, gtins, numeric_cnpjs, value

FAST = settings(max_examples=100, deadline=None)


def substitutions(doc: str, alphabet: str) -> Iterator[tuple[int, str]]:
    """Every string that differs from ``doc`` in exactly one position."""
    for i, old in enumerate(doc):
        for new in alphabet:
            if new != old:
                yield i, doc[:i] + new + doc[i + 1 :]


def dv(remainder: int) -> int:
    return 0 if remainder < 2 else 11 - remainder


def test_module_11_arithmetic_behind_the_claims() -> None:
    digit_steps = [d for d in range(-9, 10) if d]
    for w in range(2, 11):  # every CPF/CNPJ weight except CPF's 11
        assert all(w * d % 11 for d in digit_steps)
    assert all(11 * d % 11 == 0 for d in digit_steps)  # CPF DV2 ignores the first digit
    # DV is one-to-one on remainders 2..10 and never 0 there; only 0 and 1 collide.
    assert sorted(dv(r) for r in range(2, 11)) == list(range(1, 10))
    assert dv(0) == dv(1) == 0
    # Alphanumeric values differing by a multiple of 11 exist, e.g. 0/F/Q and 6/A/L/W.
    classes = {r: "".join(c for c in ALNUM if value(c) % 11 == r) for r in range(11)}
    assert sorted(classes.values()) == sorted(
        ["0FQ", "1GR", "2HS", "3IT", "4JU", "5KV", "6ALW", "7BMX", "8CNY", "9DOZ", "EP"]
    )  # the table in docs/validation.md


def test_gtin_module_10_arithmetic() -> None:
    assert all(w * d % 10 for w in (1, 3) for d in range(-9, 10) if d)


def test_known_undetected_pairs() -> None:
    # Both members of each pair are valid: one changed digit that the algorithm cannot see.
    pairs = [
        ("70499962206", "80499962206"),  # CPF, first digit (DV1 = 0)
        ("31617487600", "31617687600"),  # CPF, sixth digit +2 (DV1 = DV2 = 0)
    ]
    for a, b in pairs:
        assert is_valid_cpf(a)
        assert is_valid_cpf(b)
    assert is_valid_cnpj("40385595319900")
    assert is_valid_cnpj("60385595319900")
    # Alphanumeric: A (17), L (28), W (39) and 6 are interchangeable in any body position.
    for cnpj in ("12ABC34501DE35", "12LBC34501DE35", "12WBC34501DE35", "126BC34501DE35"):
        assert is_valid_cnpj(cnpj)


@FAST
@given(cpfs)
def test_cpf_substitutions(cpf: str) -> None:
    for i, changed in substitutions(cpf, DIGITS):
        if is_valid_cpf(changed):
            assert i < 9
            assert cpf[9] == "0"
            assert i == 0 or cpf[10] == "0"


@FAST
@given(numeric_cnpjs)
def test_numeric_cnpj_digit_substitutions(cnpj: str) -> None:
    for i, changed in substitutions(cnpj, DIGITS):
        if is_valid_cnpj(changed):
            assert i < 12
            assert cnpj[12:] == "00"


@settings(max_examples=50, deadline=None)  # 490 substitutions per example
@given(cnpjs)
def test_alphanumeric_cnpj_substitutions(cnpj: str) -> None:
    for i, changed in substitutions(cnpj, ALNUM):
        congruent = i < 12 and (value(changed[i]) - value(cnpj[i])) % 11 == 0
        if congruent and len(set(changed)) > 1:
            assert is_valid_cnpj(changed)  # provably invisible to both check digits
        elif is_valid_cnpj(changed):
            assert i < 12
            assert cnpj[12:] == "00"


@FAST
@given(cpfs)
def test_cpf_with_nonzero_first_check_digit_catches_every_substitution(cpf: str) -> None:
    if cpf[9] != "0":
        assert not any(is_valid_cpf(c) for _, c in substitutions(cpf, DIGITS))


@FAST
@given(gtins)
def test_gtin_catches_every_substitution(gtin: str) -> None:
    assert not any(is_valid_gtin(changed) for _, changed in substitutions(gtin, DIGITS))
