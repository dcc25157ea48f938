"""The ``anymarket`` pytest plugin, run in-process with ``pytester`` (no subprocess)."""

from __future__ import annotations

import ast
import tomllib
from collections.abc import Callable
from pathlib import Path

import pytest

pytest_plugins = ["pytester"]

ROOT = Path(__file__).resolve().parents[2]
PLUGIN = "anymarket_sdk.testing.pytest_plugin"
NOT_NEEDED = [
    arg
    for name in ("cacheprovider", "hypothesispytest", "respx", "platformdirs")
    for arg in ("-p", f"no:{name}")
]
"""Plugins the inner runs do not use: each run would import (and assertion-rewrite) them
again, since pytester drops the modules an in-process run imported."""


def plugin_args(config: pytest.Config) -> list[str]:
    """``-p`` for the plugin unless its entry point already loads it (an editable install
    made before the entry point existed does not; registering it twice is an error)."""
    return [] if config.pluginmanager.has_plugin("anymarket") else ["-p", PLUGIN]


Run = Callable[..., pytest.RunResult]


@pytest.fixture
def run(pytester: pytest.Pytester, pytestconfig: pytest.Config) -> Run:
    """Run pytest in-process in ``pytester``'s directory with the plugin, strictly."""

    def run(*extra: str) -> pytest.RunResult:
        return pytester.runpytest_inprocess(
            *plugin_args(pytestconfig),
            "--strict-markers",
            "-W",
            "error",
            *NOT_NEEDED,
            *extra,
        )

    return run


def test_fixtures_sync(pytester: pytest.Pytester, run: Run) -> None:
    pytester.makepyfile(
        """
        from anymarket_sdk import Anymarket
        from anymarket_sdk.models import Brand
        from anymarket_sdk.testing import FakeAnymarket, ManualClock

        made = []

        def test_client_on_the_fake(anymarket_fake, anymarket_client):
            assert isinstance(anymarket_fake, FakeAnymarket)
            assert isinstance(anymarket_fake.clock, ManualClock)
            assert isinstance(anymarket_client, Anymarket)
            assert anymarket_client.strict
            assert anymarket_client.clock is anymarket_fake.clock
            anymarket_client.brands.create(Brand(name="Acme"))
            assert [str(c) for c in anymarket_fake.calls] == ["POST /brands -> 200"]
            made.append(anymarket_client)

        def test_a_fresh_fake_per_test(anymarket_fake, anymarket_client):
            assert anymarket_fake.calls == []
            assert anymarket_client.brands.list().items == []

        def test_clients_are_closed_after_their_test():
            assert made[0]._http.is_closed
        """
    )
    run().assert_outcomes(passed=3)


def test_fixtures_async(pytester: pytest.Pytester, run: Run) -> None:
    pytester.makepyfile(
        """
        import asyncio

        import pytest

        from anymarket_sdk import AsyncAnymarket

        made = []

        async def names(am):
            return [b.name async for b in am.brands.iter()]

        def test_asyncio_run(anymarket_fake, anymarket_async_client):
            assert isinstance(anymarket_async_client, AsyncAnymarket)
            anymarket_fake.add_brand("Tramontina")
            assert asyncio.run(names(anymarket_async_client)) == ["Tramontina"]
            made.append(anymarket_async_client)

        @pytest.fixture
        def anyio_backend():
            return "asyncio"

        @pytest.mark.anyio
        async def test_anyio(anymarket_fake, anymarket_async_client):
            anymarket_fake.add_brand("Acme")
            assert await names(anymarket_async_client) == ["Acme"]
            made.append(anymarket_async_client)

        def test_closed_after():
            assert [c._http.is_closed for c in made] == [True, True]
        """
    )
    run().assert_outcomes(passed=3)


def test_marker_configures_the_fake(pytester: pytest.Pytester, run: Run) -> None:
    pytester.makepyfile(
        """
        import pytest

        pytestmark = pytest.mark.anymarket(request_budget=10, latency=0.5)

        def test_module_marker(anymarket_fake):
            assert anymarket_fake.budget.limit == 10
            assert anymarket_fake.latency == 0.5

        @pytest.mark.anymarket(latency=2.0, seed=3)
        def test_closest_marker_wins(anymarket_fake, anymarket_client):
            assert anymarket_fake.budget.limit == 10
            anymarket_client.brands.list()
            assert anymarket_fake.clock.now == 1_002.0

        @pytest.mark.anymarket(5)
        def test_positional_arguments_are_refused(anymarket_fake):
            pass
        """
    )
    result = run()
    result.assert_outcomes(passed=2, errors=1)
    result.stdout.fnmatch_lines(["*takes keyword arguments only*"])


def test_marker_is_registered(pytester: pytest.Pytester, run: Run) -> None:
    result = run("--markers")
    result.stdout.fnmatch_lines(["@pytest.mark.anymarket(**kwargs):*"])


def test_client_options_can_be_overridden(pytester: pytest.Pytester, run: Run) -> None:
    pytester.makeconftest(
        """
        import pytest

        @pytest.fixture
        def anymarket_client_options():
            return {"strict": True, "max_retries": 2}
        """
    )
    pytester.makepyfile(
        """
        def test_retries(anymarket_fake, anymarket_client, anymarket_async_client):
            anymarket_fake.fail_next(2, status=503)
            anymarket_client.brands.list()
            assert [c.status for c in anymarket_fake.calls] == [503, 503, 200]
            assert anymarket_async_client.retry_policy.max_retries == 2
        """
    )
    run().assert_outcomes(passed=1)


def test_fake_fixture_can_be_overridden_to_seed_data(pytester: pytest.Pytester, run: Run) -> None:
    pytester.makeconftest(
        """
        import pytest

        from anymarket_sdk.testing import FakeAnymarket

        @pytest.fixture
        def anymarket_fake():
            fake = FakeAnymarket()
            fake.add_brand("Tramontina", partner_id="M2-T")
            return fake
        """
    )
    pytester.makepyfile(
        """
        def test_seeded(anymarket_client):
            assert anymarket_client.brands.find_by_partner_id("M2-T").name == "Tramontina"
        """
    )
    run().assert_outcomes(passed=1)


def test_entry_point_is_declared() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["entry-points"]["pytest11"] == {"anymarket": PLUGIN}


def test_the_testing_package_does_not_need_pytest() -> None:
    """Only the plugin module imports pytest; ``anymarket_sdk.testing`` must import
    without it (downstream code may use the fake outside pytest)."""
    offenders = []
    for path in sorted((ROOT / "anymarket_sdk").rglob("*.py")):
        if path.name == "pytest_plugin.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or "", *(f"{node.module}.{a.name}" for a in node.names)]
            else:
                continue
            if any(n.split(".")[0] in ("pytest", "_pytest") or "pytest_plugin" in n for n in names):
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert offenders == []
