"""Brazilian phone numbers: DDD (area code) plus an 8-digit landline or 9-digit mobile number."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Final

from ._errors import (
    DIGITS,
    MASK_CHARACTERS,
    MAX_INPUT_LENGTH,
    SEPARATORS,
    BrValidationError,
    all_equal,
    fail,
)

__all__ = ["DDD_CODES", "Phone", "PhoneKind", "is_valid_phone", "parse_phone"]

DDD_CODES: Final = frozenset(
    {
        *range(11, 20),
        21, 22, 24, 27, 28,
        31, 32, 33, 34, 35, 37, 38,
        *range(41, 50),
        51, 53, 54, 55,
        *range(61, 70),
        71, 73, 74, 75, 77, 79,
        *range(81, 90),
        *range(91, 100),
    }
)  # fmt: skip
"""The 67 Brazilian area codes (DDD) in use."""

_DROP: Final = str.maketrans("", "", SEPARATORS + "()")
_LANDLINE_FIRST_DIGITS: Final = frozenset("2345")


class PhoneKind(enum.StrEnum):
    MOBILE = "mobile"
    """9 digits after the DDD, starting with 9."""
    LANDLINE = "landline"
    """8 digits after the DDD, starting with 2, 3, 4 or 5."""


@dataclass(frozen=True, slots=True)
class Phone:
    """A valid Brazilian phone number split into DDD and subscriber number."""

    ddd: str
    number: str
    kind: PhoneKind

    @property
    def e164(self) -> str:
        """``+55`` followed by the DDD and the number, e.g. ``+5511912345678``."""
        return f"+55{self.ddd}{self.number}"

    @property
    def national(self) -> str:
        """``(DD) NNNNN-NNNN`` for mobiles, ``(DD) NNNN-NNNN`` for landlines."""
        return f"({self.ddd}) {self.number[:-4]}-{self.number[-4:]}"

    def __str__(self) -> str:
        return self.e164


def _national_digits(text: object) -> str:
    """The DDD and number of ``text``, with the country, trunk and carrier prefixes removed."""
    if not isinstance(text, str):
        raise BrValidationError(
            "phone", "type", f"invalid phone number: expected str, got {type(text).__name__}"
        )
    if len(text) > MAX_INPUT_LENGTH:
        fail("phone", "length", "", f"longer than {MAX_INPUT_LENGTH} characters")
    value = text.translate(_DROP)
    if not value:
        fail("phone", "empty", "", "empty")
    if not MASK_CHARACTERS.isdisjoint(value):
        fail("phone", "masked", value, "masked by the sender (contains '*', '•' or '#')")
    if value[:3] in ("0xx", "0XX"):
        value = "0" + value[3:]  # "(0xx11) ..." spells out "any carrier" with letters
    international = value.startswith("+")
    if international:
        value = value[1:]
    if not DIGITS.issuperset(value):
        fail("phone", "characters", value, "only digits, spaces, ( ) - . and a leading + allowed")
    if international:
        if not value.startswith("55"):
            fail("phone", "country_code", value, "only Brazilian numbers (+55) are accepted")
        value = value[2:]
    elif value.startswith("0"):
        # 0 DD NNNNNNNN(N) (trunk prefix), or 0 CC DD NNNNNNNN(N) with a carrier code CC.
        value = value[1:]
        if len(value) in (12, 13):
            value = value[2:]
    elif len(value) in (12, 13):
        # 55 DD NNNNNNNN(N): the country code written without the +.
        if not value.startswith("55"):
            fail("phone", "country_code", value, "only Brazilian numbers (55) are accepted")
        value = value[2:]
    return value


def _parse_phone(text: object) -> Phone:
    value = _national_digits(text)
    if len(value) not in (10, 11):
        fail("phone", "length", value, f"expected a DDD and 8 or 9 digits, got {len(value)}")
    ddd, number = value[:2], value[2:]
    if int(ddd) not in DDD_CODES:
        fail("phone", "unknown_code", value, "the first two digits are not a Brazilian DDD")
    if all_equal(number):
        fail("phone", "placeholder", value, "the number is one repeated digit (a placeholder)")
    if len(number) == 9:
        if number[0] != "9":
            fail("phone", "prefix", value, "9-digit numbers are mobiles and must start with 9")
        return Phone(ddd, number, PhoneKind.MOBILE)
    if number[0] not in _LANDLINE_FIRST_DIGITS:
        fail(
            "phone",
            "prefix",
            value,
            "8-digit numbers are landlines and start with 2-5 (mobiles have 9 digits)",
        )
    return Phone(ddd, number, PhoneKind.LANDLINE)


def parse_phone(text: str) -> Phone:
    """The Brazilian phone number in ``text``; ``BrValidationError`` (kind ``"phone"``).

    Accepts ``+55``/``55``, a trunk ``0`` (also written ``0xx``) and a 2-digit carrier code
    before the DDD, and spaces, parentheses, dots and hyphens anywhere. The DDD must be in
    ``DDD_CODES``.
    """
    return _parse_phone(text)


def is_valid_phone(text: object) -> bool:
    """True when ``parse_phone`` accepts ``text``; never raises."""
    try:
        _parse_phone(text)
    except BrValidationError:
        return False
    return True
