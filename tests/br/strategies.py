"""Hypothesis strategies for valid Brazilian documents and codes.

The check digits here are computed independently of ``m2_adapter.br``: module 11 through the
``10 * sum % 11 % 10`` shortcut (equal to "0 if r < 2 else 11 - r"), and GTINs by choosing
the digit that makes the weighted sum of the whole code a multiple of 10.
"""

from __future__ import annotations

import string

from hypothesis import strategies as st

from m2_adapter.br import DDD_CODES

DIGITS = string.digits
LETTERS = string.ascii_uppercase
ALNUM = DIGITS + LETTERS
SEPARATORS = ".-/ "


def value(c: str) -> int:
    """The CNPJ value of a character: its ASCII code minus 48."""
    return ord(c) - 48


def mod11(values: list[int], first_weight: int) -> int:
    """Module-11 digit with weights running down to 2 (and wrapping 9..2 past position 8)."""
    weights = [first_weight - i for i in range(len(values))]
    weights = [w if w >= 2 else w + 8 for w in weights]
    return 10 * sum(v * w for v, w in zip(values, weights, strict=True)) % 11 % 10


def complete_cpf(body: str) -> str:
    values = [int(c) for c in body]
    first = mod11(values, 10)
    return body + str(first) + str(mod11([*values, first], 11))


def complete_cnpj(body: str) -> str:
    values = [value(c) for c in body]
    first = mod11(values, 5)
    return body + str(first) + str(mod11([*values, first], 6))


def complete_gtin(data: str) -> str:
    padded = data.rjust(13, "0")
    total = sum(int(c) * (3 if i % 2 == 0 else 1) for i, c in enumerate(padded))
    return data + str(-total % 10)


def _not_all_equal(s: str) -> bool:
    return len(set(s)) > 1


cpfs = st.text(DIGITS, min_size=9, max_size=9).map(complete_cpf).filter(_not_all_equal)
numeric_cnpjs = st.text(DIGITS, min_size=12, max_size=12).map(complete_cnpj).filter(_not_all_equal)
alphanumeric_cnpjs = (
    st.text(ALNUM, min_size=12, max_size=12)
    .filter(lambda body: any(c.isalpha() for c in body))
    .map(complete_cnpj)
)
cnpjs = st.one_of(numeric_cnpjs, alphanumeric_cnpjs)
gtins = (
    st.sampled_from([7, 11, 12, 13])
    .flatmap(lambda n: st.text(DIGITS, min_size=n, max_size=n))
    .map(complete_gtin)
    .filter(_not_all_equal)
)
ddds = st.sampled_from(sorted(DDD_CODES)).map(str)
mobile_numbers = st.text(DIGITS, min_size=8, max_size=8).map(lambda s: "9" + s)
landline_numbers = st.builds(
    str.__add__, st.sampled_from("2345"), st.text(DIGITS, min_size=7, max_size=7)
)
subscriber_numbers = st.one_of(mobile_numbers, landline_numbers).filter(_not_all_equal)


_GAPS = st.sampled_from(["", "", "", *SEPARATORS])


@st.composite
def punctuated(draw: st.DrawFn, compact: str) -> str:
    """``compact`` with separators sprinkled between characters and whitespace around it."""
    n = len(compact)
    gaps = draw(st.lists(_GAPS, min_size=n, max_size=n))
    head = draw(st.sampled_from(["", " ", "\t"]))
    tail = draw(st.sampled_from(["", " ", "\n"]))
    return head + "".join(c + g for c, g in zip(compact, gaps, strict=True)) + tail
