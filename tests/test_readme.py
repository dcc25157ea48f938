"""The README's offline examples run as written (the ones that need a real token do not)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

README = Path(__file__).resolve().parents[1] / "README.md"


def _blocks(section: str) -> list[str]:
    text = README.read_text(encoding="utf-8")
    start = text.index(f"## {section}\n")
    end = text.find("\n## ", start + 1)
    body = text[start : end if end > 0 else None]
    return re.findall(r"```python\n(.*?)```", body, flags=re.S)


@pytest.mark.parametrize("index", range(len(_blocks("Testing your own code"))))
def test_testing_examples_run(index: int) -> None:
    code = _blocks("Testing your own code")[index]
    exec(compile(code, f"README.md:testing[{index}]", "exec"), {})  # noqa: S102


def test_readme_opens_with_the_two_commands() -> None:
    lines = README.read_text(encoding="utf-8").splitlines()
    assert lines[3].startswith("python3 scripts/dev.py demo")
    assert lines[4].startswith("python3 scripts/dev.py test")
