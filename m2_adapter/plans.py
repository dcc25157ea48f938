"""ANYMARKET plan limits: how many marketplace accounts and SKUs an ANYMARKET plan allows.

ANYMARKET sells plans that cap the number of marketplace accounts connected and of SKUs in
the catalogue:

=============  ========  ======
plan           accounts  SKUs
=============  ========  ======
Standard       6         5,000
Performance    10        10,000
Enterprise     20        20,000
custom         by contract
=============  ========  ======

The integration checks a change *before* making it: ``plan.check(skus=...)`` (or
``check_catalogue_change``/``check_accounts_change``) raises ``PlanLimitExceeded`` naming
the plan, the limit and the count the change would reach, so a catalogue push never dies
half-way on the plan's wall. Counts are totals after the change; reaching a limit exactly is
allowed. Pure: no I/O.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from enum import StrEnum
from types import MappingProxyType
from typing import Final

import attrs

__all__ = [
    "ENTERPRISE",
    "PERFORMANCE",
    "PLANS",
    "STANDARD",
    "Plan",
    "PlanLimit",
    "PlanLimitExceeded",
    "custom_plan",
]


class PlanLimit(StrEnum):
    """What a plan limits."""

    ACCOUNTS = "accounts"
    """Marketplace accounts connected to the ANYMARKET account."""
    SKUS = "skus"
    """SKUs in the catalogue."""


class PlanLimitExceeded(ValueError):  # noqa: N818 - the name the issue asks for
    """A change would take the account past its plan. ``plan``, ``limit``, ``allowed`` and
    ``count`` say which plan, which limit, its value and the count the change reaches."""

    def __init__(self, plan: Plan, limit: PlanLimit, allowed: int, count: int) -> None:
        noun = "marketplace accounts" if limit is PlanLimit.ACCOUNTS else "SKUs"
        super().__init__(
            f"the {plan.name} plan allows {allowed:,} {noun}; this change would make {count:,}"
        )
        self.plan = plan
        self.limit = limit
        self.allowed = allowed
        self.count = count

    def __reduce__(self) -> tuple[type[PlanLimitExceeded], tuple[Plan, PlanLimit, int, int]]:
        return (type(self), (self.plan, self.limit, self.allowed, self.count))


def _positive(_inst: object, attribute: attrs.Attribute[int], value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"{attribute.name} must be a positive whole number, got {value!r}")


def _name(_inst: object, _attribute: attrs.Attribute[str], value: str) -> None:
    if not value.strip():
        raise ValueError("a plan needs a name")


@attrs.frozen(kw_only=True)
class Plan:
    """An ANYMARKET plan: its name and its limits. ``custom`` marks a contract plan."""

    name: str = attrs.field(validator=_name)
    max_accounts: int = attrs.field(validator=_positive)
    max_skus: int = attrs.field(validator=_positive)
    custom: bool = False

    def allowed(self, limit: PlanLimit) -> int:
        """The plan's value for ``limit``."""
        return self.max_accounts if limit is PlanLimit.ACCOUNTS else self.max_skus

    def headroom(self, limit: PlanLimit, count: int) -> int:
        """How many more the plan allows beyond ``count`` (negative when already over)."""
        return self.allowed(limit) - count

    def fits(self, *, accounts: int | None = None, skus: int | None = None) -> bool:
        """Whether these totals are within the plan (``check`` without raising)."""
        try:
            self.check(accounts=accounts, skus=skus)
        except PlanLimitExceeded:
            return False
        return True

    def check(self, *, accounts: int | None = None, skus: int | None = None) -> None:
        """Raise ``PlanLimitExceeded`` when a total (after the change) exceeds the plan.
        Accounts are checked first. ``None`` skips a limit."""
        for limit, count in ((PlanLimit.ACCOUNTS, accounts), (PlanLimit.SKUS, skus)):
            if count is None:
                continue
            if isinstance(count, bool) or not isinstance(count, int) or count < 0:
                raise ValueError(f"{limit.value} must be a count (a whole number >= 0)")
            allowed = self.allowed(limit)
            if count > allowed:
                raise PlanLimitExceeded(self, limit, allowed, count)

    def check_catalogue_change(
        self, current: Iterable[str], adding: Iterable[str] = (), removing: Iterable[str] = ()
    ) -> int:
        """Check a catalogue change given by SKU partnerIds: those in ANYMARKET now, those to
        add (already present ones count once) and those to remove. Returns the total after
        the change; raises ``PlanLimitExceeded`` when it exceeds ``max_skus``."""
        total = len((set(current) | set(adding)) - set(removing))
        self.check(skus=total)
        return total

    def check_accounts_change(
        self, current: Iterable[str], adding: Iterable[str] = (), removing: Iterable[str] = ()
    ) -> int:
        """The same for marketplace accounts (by any stable account key)."""
        total = len((set(current) | set(adding)) - set(removing))
        self.check(accounts=total)
        return total


def custom_plan(name: str, *, max_accounts: int, max_skus: int) -> Plan:
    """A plan with limits set by contract."""
    return Plan(name=name, max_accounts=max_accounts, max_skus=max_skus, custom=True)


STANDARD: Final = Plan(name="Standard", max_accounts=6, max_skus=5_000)
PERFORMANCE: Final = Plan(name="Performance", max_accounts=10, max_skus=10_000)
ENTERPRISE: Final = Plan(name="Enterprise", max_accounts=20, max_skus=20_000)
PLANS: Final[Mapping[str, Plan]] = MappingProxyType(
    {p.name.lower(): p for p in (STANDARD, PERFORMANCE, ENTERPRISE)}
)
"""The named plans by lower-case name (``PLANS["performance"]``)."""
