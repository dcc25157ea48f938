"""Small public types shared by models and clients.

`OpenStrEnum` is the base of every ANYMARKET enum: ANYMARKET adds marketplaces and statuses
every month, so a value this version does not know must never break decoding. Unknown values
become pseudo-members named ``UNKNOWN`` that keep their wire value::

    >>> Gender("MALE") is Gender.MALE
    True
    >>> g = Gender("NON_BINARY")
    >>> g.is_known, g.value, g == "NON_BINARY"
    (False, 'NON_BINARY', True)

Compare with ``==`` (not ``is``) and use ``match`` with a ``case _`` arm.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Self

__all__ = ["OpenStrEnum"]


class OpenStrEnum(StrEnum):
    """A string enum that keeps values it does not know instead of raising."""

    @classmethod
    def _missing_(cls, value: object) -> Self | None:
        if not isinstance(value, str):
            return None
        member = str.__new__(cls, value)
        member._name_ = "UNKNOWN"
        member._value_ = value
        return member

    @property
    def is_known(self) -> bool:
        """True when the value is one of the members declared in this version."""
        return type(self).__members__.get(self._name_) is self
