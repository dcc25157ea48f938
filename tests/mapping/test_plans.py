"""m2_adapter.plans: the named plans, custom plans and the limit checks."""

from __future__ import annotations

import pickle

import pytest

from m2_adapter.mapping import map_catalogue
from m2_adapter.plans import (
    ENTERPRISE,
    PERFORMANCE,
    PLANS,
    STANDARD,
    Plan,
    PlanLimit,
    PlanLimitExceeded,
    custom_plan,
)

from .builders import CONFIG, item, sample_items, sample_variations


@pytest.mark.parametrize(
    ("plan", "name", "accounts", "skus"),
    [
        (STANDARD, "Standard", 6, 5_000),
        (PERFORMANCE, "Performance", 10, 10_000),
        (ENTERPRISE, "Enterprise", 20, 20_000),
    ],
)
def test_named_plans(plan: Plan, name: str, accounts: int, skus: int) -> None:
    assert (plan.name, plan.max_accounts, plan.max_skus, plan.custom) == (
        name,
        accounts,
        skus,
        False,
    )
    assert PLANS[name.lower()] is plan
    plan.check(accounts=accounts, skus=skus)  # reaching a limit exactly is allowed
    assert plan.fits(accounts=accounts, skus=skus)
    assert not plan.fits(skus=skus + 1)


@pytest.mark.parametrize(
    ("plan", "kwargs", "limit", "allowed", "count", "message"),
    [
        (
            STANDARD,
            {"skus": 5_001},
            PlanLimit.SKUS,
            5_000,
            5_001,
            "the Standard plan allows 5,000 SKUs; this change would make 5,001",
        ),
        (
            PERFORMANCE,
            {"accounts": 11, "skus": 1},
            PlanLimit.ACCOUNTS,
            10,
            11,
            "the Performance plan allows 10 marketplace accounts; this change would make 11",
        ),
        (
            ENTERPRISE,
            {"accounts": 21, "skus": 30_000},
            PlanLimit.ACCOUNTS,
            20,
            21,
            "the Enterprise plan allows 20 marketplace accounts; this change would make 21",
        ),
        (
            ENTERPRISE,
            {"accounts": 20, "skus": 20_001},
            PlanLimit.SKUS,
            20_000,
            20_001,
            "the Enterprise plan allows 20,000 SKUs; this change would make 20,001",
        ),
    ],
)
def test_exceeding_names_plan_limit_and_count(  # noqa: PLR0917 - parametrised columns
    plan: Plan,
    kwargs: dict[str, int],
    limit: PlanLimit,
    allowed: int,
    count: int,
    message: str,
) -> None:
    with pytest.raises(PlanLimitExceeded) as info:
        plan.check(**kwargs)
    error = info.value
    assert (error.plan, error.limit, error.allowed, error.count) == (plan, limit, allowed, count)
    assert str(error) == message
    copy = pickle.loads(pickle.dumps(error))  # noqa: S301 - our own object
    assert (copy.plan, copy.limit, copy.allowed, copy.count, str(copy)) == (
        plan,
        limit,
        allowed,
        count,
        message,
    )


def test_custom_plan() -> None:
    plan = custom_plan("Contrato Casa Exemplo", max_accounts=40, max_skus=75_000)
    assert plan.custom
    plan.check(accounts=40, skus=75_000)
    with pytest.raises(PlanLimitExceeded, match="Contrato Casa Exemplo plan allows 75,000 SKUs"):
        plan.check(skus=75_001)
    assert plan.headroom(PlanLimit.SKUS, 74_000) == 1_000
    assert plan.headroom(PlanLimit.ACCOUNTS, 41) == -1


@pytest.mark.parametrize(
    "kwargs",
    [
        {"name": "", "max_accounts": 1, "max_skus": 1},
        {"name": "X", "max_accounts": 0, "max_skus": 1},
        {"name": "X", "max_accounts": 1, "max_skus": -5},
        {"name": "X", "max_accounts": True, "max_skus": 1},
        {"name": "X", "max_accounts": 1, "max_skus": 1.5},
    ],
)
def test_invalid_plans(kwargs: dict[str, object]) -> None:
    with pytest.raises(ValueError):  # noqa: PT011 - any of the messages
        Plan(**kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize("count", [-1, True, 2.0])
def test_counts_must_be_counts(count: object) -> None:
    with pytest.raises(ValueError, match="must be a count"):
        STANDARD.check(skus=count)  # type: ignore[arg-type]


def test_catalogue_change_counts_distinct_partner_ids() -> None:
    current = [f"SKU-{n}" for n in range(4_990)]
    adding = ["SKU-1", "SKU-2"] + [f"NEW-{n}" for n in range(10)]  # 2 already there
    assert STANDARD.check_catalogue_change(current, adding) == 5_000
    with pytest.raises(PlanLimitExceeded) as info:
        STANDARD.check_catalogue_change(current, [*adding, "NEW-X"])
    assert info.value.count == 5_001
    assert STANDARD.check_catalogue_change(current, [*adding, "NEW-X"], removing=["SKU-9"]) == 5_000


def test_account_change() -> None:
    current = ["ML-1", "ML-2", "AMZ", "SHOPEE", "MAGALU"]
    assert STANDARD.check_accounts_change(current, ["NETSHOES"]) == 6
    with pytest.raises(PlanLimitExceeded) as info:
        STANDARD.check_accounts_change(current, ["NETSHOES", "TIKTOK"])
    assert (info.value.limit, info.value.allowed, info.value.count) == (PlanLimit.ACCOUNTS, 6, 7)


def test_catalogue_mapping_against_a_plan() -> None:
    mapping = map_catalogue(sample_items(), sample_variations(), config=CONFIG).unwrap()
    tiny = custom_plan("Teste", max_accounts=1, max_skus=14)
    assert tiny.check_catalogue_change([], mapping.partner_ids) == mapping.sku_count == 14
    more = map_catalogue([item("EXTRA")], config=CONFIG).unwrap()
    with pytest.raises(PlanLimitExceeded):
        tiny.check_catalogue_change(mapping.partner_ids, more.partner_ids)
