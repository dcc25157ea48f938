"""The copyable example test file and the code of docs/testing.md run as written.

Test modules (the example file, doc blocks defining ``test_*`` functions) run in-process
with ``pytester`` and the ``anymarket`` plugin; the other doc blocks are executed."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.testing.test_plugin import NOT_NEEDED, plugin_args

pytest_plugins = ["pytester"]

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "test_with_fake_anymarket.py"
DOC = ROOT / "docs" / "testing.md"


def doc_blocks() -> list[str]:
    return re.findall(r"```python\n(.*?)```", DOC.read_text(encoding="utf-8"), flags=re.S)


def is_test_module(code: str) -> bool:
    return re.search(r"^(async )?def test_", code, flags=re.M) is not None


def run_as_tests(
    pytester: pytest.Pytester, config: pytest.Config, name: str, code: str
) -> pytest.RunResult:
    pytester.makepyfile(**{name: code})
    return pytester.runpytest_inprocess(
        *plugin_args(config), "--strict-markers", "-W", "error", *NOT_NEEDED
    )


def test_example_file_passes(pytester: pytest.Pytester, pytestconfig: pytest.Config) -> None:
    code = EXAMPLE.read_text(encoding="utf-8")
    result = run_as_tests(pytester, pytestconfig, "test_with_fake_anymarket", code)
    tests = len(re.findall(r"^(?:async )?def test_", code, flags=re.M))
    result.assert_outcomes(passed=tests)


def test_docs_have_both_kinds_of_blocks() -> None:
    blocks = doc_blocks()
    assert sum(map(is_test_module, blocks)) >= 2
    assert sum(not is_test_module(b) for b in blocks) >= 5


@pytest.mark.parametrize("index", range(len(doc_blocks())))
def test_doc_block_runs(
    index: int,
    pytester: pytest.Pytester,
    pytestconfig: pytest.Config,
    capsys: pytest.CaptureFixture[str],
) -> None:
    code = doc_blocks()[index]
    if is_test_module(code):
        result = run_as_tests(pytester, pytestconfig, f"test_doc_block_{index}", code)
        outcomes = result.parseoutcomes()
        assert outcomes.get("passed", 0) >= 1
        assert set(outcomes) <= {"passed"}, result.stdout.str()
    else:
        exec(compile(code, f"docs/testing.md[{index}]", "exec"), {"__name__": "__doc__"})  # noqa: S102
        capsys.readouterr()
