"""CPF and CNPJ (numeric and alphanumeric): check digits, parsing and buyer-document triage."""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final, Literal

from ._errors import (
    DIGITS,
    BrKind,
    BrValidationError,
    all_equal,
    compact,
    fail,
)

__all__ = [
    "Document",
    "DocumentKind",
    "cnpj_check_digits",
    "cnpj_root",
    "cpf_check_digits",
    "document_kind",
    "format_cnpj",
    "format_cpf",
    "is_valid_cnpj",
    "is_valid_cpf",
    "parse_cnpj",
    "parse_cpf",
    "parse_document",
]

_CPF_WEIGHTS_1: Final = tuple(range(10, 1, -1))  # 10..2 over the 9 base digits
_CPF_WEIGHTS_2: Final = tuple(range(11, 1, -1))  # 11..2 over the base digits and DV1
_CNPJ_WEIGHTS_1: Final = (5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2)
_CNPJ_WEIGHTS_2: Final = (6, *_CNPJ_WEIGHTS_1)
_ASCII_LETTERS: Final = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
_CNPJ_CHARACTERS: Final = DIGITS | _ASCII_LETTERS


def _mod11_digit(values: Sequence[int], weights: Sequence[int]) -> int:
    """The module-11 check digit shared by CPF and CNPJ: 0 when the remainder is 0 or 1."""
    remainder = sum(v * w for v, w in zip(values, weights, strict=True)) % 11
    return 0 if remainder < 2 else 11 - remainder


def _cpf_digits(base: str) -> str:
    values = [int(c) for c in base]
    first = _mod11_digit(values, _CPF_WEIGHTS_1)
    second = _mod11_digit([*values, first], _CPF_WEIGHTS_2)
    return f"{first}{second}"


def _cnpj_digits(base: str) -> str:
    # IN RFB 2.229/2024: every character counts as its ASCII code minus 48 ("0" = 0, "A" = 17).
    values = [ord(c) - 48 for c in base]
    first = _mod11_digit(values, _CNPJ_WEIGHTS_1)
    second = _mod11_digit([*values, first], _CNPJ_WEIGHTS_2)
    return f"{first}{second}"


def _only_digits(value: str, kind: BrKind) -> None:
    if not DIGITS.issuperset(value):
        fail(kind, "characters", value, "only digits and the separators . - / are allowed")


def _parse_cpf(text: object) -> str:
    value = compact(text, "cpf")
    _only_digits(value, "cpf")
    if len(value) != 11:
        fail("cpf", "length", value, f"expected 11 digits, got {len(value)}")
    if all_equal(value):
        fail("cpf", "placeholder", value, "all digits are equal (a placeholder, not a real CPF)")
    if value[9:] != _cpf_digits(value[:9]):
        fail("cpf", "check_digit", value, "the check digits do not match")
    return value


def _cnpj_characters(value: str) -> str:
    if not _CNPJ_CHARACTERS.issuperset(value):
        fail("cnpj", "characters", value, "only digits, letters A-Z and . - / are allowed")
    return value.upper()


def _parse_cnpj(text: object) -> str:
    value = _cnpj_characters(compact(text, "cnpj"))
    if len(value) != 14:
        fail("cnpj", "length", value, f"expected 14 characters, got {len(value)}")
    if all_equal(value):
        fail("cnpj", "placeholder", value, "all characters are equal (a placeholder)")
    if not DIGITS.issuperset(value[12:]):
        fail("cnpj", "characters", value, "the last two characters (check digits) must be digits")
    if value[12:] != _cnpj_digits(value[:12]):
        fail("cnpj", "check_digit", value, "the check digits do not match")
    return value


def parse_cpf(text: str) -> str:
    """The CPF in ``text`` as 11 digits; ``BrValidationError`` (kind ``"cpf"``) if invalid.

    Dots, hyphens, slashes and whitespace are ignored; anything else but digits is refused.
    Numbers made of one repeated digit (``000.000.000-00``) fail with rule ``"placeholder"``.
    """
    return _parse_cpf(text)


def is_valid_cpf(text: object) -> bool:
    """True when ``parse_cpf`` accepts ``text``; never raises."""
    try:
        _parse_cpf(text)
    except BrValidationError:
        return False
    return True


def parse_cnpj(text: str) -> str:
    """The CNPJ in ``text`` as 14 upper-case characters; ``BrValidationError`` if invalid.

    Accepts numeric CNPJs and the alphanumeric ones issued from July 2026: the first 12
    characters may be digits or letters (lower case is upper-cased), the last two are numeric
    check digits. Dots, hyphens, slashes and whitespace are ignored.
    """
    return _parse_cnpj(text)


def is_valid_cnpj(text: object) -> bool:
    """True when ``parse_cnpj`` accepts ``text``; never raises."""
    try:
        _parse_cnpj(text)
    except BrValidationError:
        return False
    return True


def cpf_check_digits(base: str) -> str:
    """The two check digits of the CPF whose first 9 digits are ``base`` (separators allowed)."""
    value = compact(base, "cpf")
    _only_digits(value, "cpf")
    if len(value) != 9:
        fail("cpf", "length", value, f"expected the first 9 digits, got {len(value)}")
    return _cpf_digits(value)


def cnpj_check_digits(base: str) -> str:
    """The two check digits of the CNPJ whose first 12 characters are ``base``.

    Letters are allowed (alphanumeric CNPJ) and upper-cased first.
    """
    value = _cnpj_characters(compact(base, "cnpj"))
    if len(value) != 12:
        fail("cnpj", "length", value, f"expected the first 12 characters, got {len(value)}")
    return _cnpj_digits(value)


def cnpj_root(text: str) -> str:
    """The first 8 characters of a valid CNPJ: the company, shared by all its branches."""
    return _parse_cnpj(text)[:8]


def format_cpf(text: str) -> str:
    """A valid CPF written as ``NNN.NNN.NNN-NN``."""
    v = _parse_cpf(text)
    return f"{v[:3]}.{v[3:6]}.{v[6:9]}-{v[9:]}"


def format_cnpj(text: str) -> str:
    """A valid CNPJ written as ``XX.XXX.XXX/XXXX-NN``."""
    v = _parse_cnpj(text)
    return f"{v[:2]}.{v[2:5]}.{v[5:8]}/{v[8:12]}-{v[12:]}"


class DocumentKind(enum.StrEnum):
    """What ``document_kind`` found in a buyer document field."""

    CPF = "CPF"
    CNPJ = "CNPJ"
    PLACEHOLDER = "PLACEHOLDER"
    """A CPF- or CNPJ-sized value of one repeated character, e.g. ``000.000.000-00``."""
    MASKED = "MASKED"
    """Partly hidden by the sender (contains ``*``, ``•`` or ``#``)."""
    MISSING = "MISSING"
    """``None``, empty or only separators."""
    INVALID = "INVALID"


@dataclass(frozen=True, slots=True)
class Document:
    """A valid buyer document: its kind and its normalised value."""

    kind: Literal[DocumentKind.CPF, DocumentKind.CNPJ]
    value: str

    @property
    def formatted(self) -> str:
        """``NNN.NNN.NNN-NN`` for a CPF, ``XX.XXX.XXX/XXXX-NN`` for a CNPJ."""
        return format_cpf(self.value) if self.kind is DocumentKind.CPF else format_cnpj(self.value)

    def __str__(self) -> str:
        return self.value


def _parse_document(text: object) -> Document:
    value = compact(text, "document")
    if len(value) == 11:
        return Document(DocumentKind.CPF, _parse_cpf(value))
    if len(value) == 14:
        return Document(DocumentKind.CNPJ, _parse_cnpj(value))
    fail(
        "document", "length", value, f"expected 11 (CPF) or 14 (CNPJ) characters, got {len(value)}"
    )


def parse_document(text: str) -> Document:
    """A CPF (11 characters once separators are removed) or a CNPJ (14), validated.

    Errors carry kind ``"cpf"`` or ``"cnpj"`` once the length tells which one was meant, and
    kind ``"document"`` when the length fits neither.
    """
    return _parse_document(text)


def document_kind(text: object) -> DocumentKind:
    """Classify a buyer document field without raising (any input, ``None`` included)."""
    if text is None:
        return DocumentKind.MISSING
    try:
        return _parse_document(text).kind
    except BrValidationError as exc:
        if exc.rule == "empty":
            return DocumentKind.MISSING
        if exc.rule == "masked":
            return DocumentKind.MASKED
        if exc.rule == "placeholder":
            return DocumentKind.PLACEHOLDER
        return DocumentKind.INVALID
