"""The one error type of ``m2_adapter.br`` and the input clean-up shared by every validator.

Messages never carry a whole input: they show at most its last two characters (see
``masked``), so a rejected CPF, CNPJ or phone number can be logged without leaking it.
"""

from __future__ import annotations

from typing import Final, Literal, NoReturn

__all__ = ["MAX_INPUT_LENGTH", "BrKind", "BrRule", "BrValidationError"]

BrKind = Literal["cpf", "cnpj", "document", "gtin", "ncm", "cep", "uf", "cfop", "phone", "nfe_key"]
"""What was being validated."""

BrRule = Literal[
    "type",
    "empty",
    "length",
    "characters",
    "masked",
    "placeholder",
    "check_digit",
    "unknown_code",
    "country_code",
    "prefix",
    "date",
    "mismatch",
]
"""Which rule the input broke (stable, machine-readable)."""

MAX_INPUT_LENGTH: Final = 64
"""Longer inputs are refused (rule ``"length"``) before any other work is done."""

_LABELS: Final[dict[str, str]] = {
    "cpf": "CPF",
    "cnpj": "CNPJ",
    "document": "CPF/CNPJ",
    "gtin": "GTIN",
    "ncm": "NCM",
    "cep": "CEP",
    "uf": "UF",
    "cfop": "CFOP",
    "phone": "phone number",
    "nfe_key": "NF-e access key",
}

# Separators people type inside documents and codes; removed before validation.
SEPARATORS: Final = ".-/ \t\r\n\u00a0"
_DROP_SEPARATORS: Final = str.maketrans("", "", SEPARATORS)
# Characters that marketplaces use to hide parts of a document.
MASK_CHARACTERS: Final = frozenset("*•#")
DIGITS: Final = frozenset("0123456789")
_MAX_STARS: Final = 12


class BrValidationError(ValueError):
    """A Brazilian document or code was refused.

    ``kind`` names what was validated (``"cpf"``, ``"cnpj"``, ...), ``rule`` the broken rule
    (``"length"``, ``"check_digit"``, ``"placeholder"``, ...). The message is readable and
    never contains more than the last two characters of the input.
    """

    kind: BrKind
    rule: BrRule

    def __init__(self, kind: BrKind, rule: BrRule, message: str) -> None:
        super().__init__(message)
        self.kind = kind
        self.rule = rule

    @property
    def message(self) -> str:
        return str(self.args[0])

    def __reduce__(self) -> tuple[type[BrValidationError], tuple[BrKind, BrRule, str]]:
        return (type(self), (self.kind, self.rule, self.message))

    def __repr__(self) -> str:
        return (
            f"BrValidationError(kind={self.kind!r}, rule={self.rule!r}, message={self.message!r})"
        )


def masked(value: str) -> str:
    """``value`` with all but its last two characters replaced by ``*``.

    At most 12 stars are shown (then ``...``); unprintable characters become ``?``.
    """
    tail = "".join(c if c.isprintable() else "?" for c in value[-2:])
    hidden = len(value) - len(value[-2:])
    stars = "*" * hidden if hidden <= _MAX_STARS else "*" * _MAX_STARS + "..."
    return stars + tail


def fail(kind: BrKind, rule: BrRule, value: str, reason: str) -> NoReturn:
    """Raise ``BrValidationError`` for ``value`` (shown masked)."""
    shown = f" '{masked(value)}'" if value else ""
    raise BrValidationError(kind, rule, f"invalid {_LABELS[kind]}{shown}: {reason}")


def compact(text: object, kind: BrKind) -> str:
    """``text`` without separators (see ``SEPARATORS``), after type, size and mask checks."""
    if not isinstance(text, str):
        raise BrValidationError(
            kind, "type", f"invalid {_LABELS[kind]}: expected str, got {type(text).__name__}"
        )
    if len(text) > MAX_INPUT_LENGTH:
        fail(kind, "length", "", f"longer than {MAX_INPUT_LENGTH} characters")
    value = text.translate(_DROP_SEPARATORS)
    if not value:
        fail(kind, "empty", "", "empty")
    if not MASK_CHARACTERS.isdisjoint(value):
        fail(kind, "masked", value, "masked by the sender (contains '*', '•' or '#')")
    return value


def all_equal(value: str) -> bool:
    """True for strings made of one repeated character (``"00000000000"``)."""
    return len(set(value)) == 1
