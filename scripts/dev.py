#!/usr/bin/env python3
"""The project's one entry point for developers and CI (standard library only, Python 3.11+).

::

    python3 scripts/dev.py test [-- PYTEST_ARGS]  # ruff, ruff format --check, mypy, pyright,
                                                  # pytest, the docs site (mkdocs --strict);
                                                  # pytest again on the version floors
    python3 scripts/dev.py demo [ARGS]            # python -m m2_adapter demo ARGS
    python3 scripts/dev.py bench                  # python benchmarks/run.py

Every command first makes sure ``.venv`` (in the repository root) exists and holds the project
installed with ``pip install -e '.[dev]'``. The install is redone only when it is missing or
``pyproject.toml`` changed since the last one, so repeated runs start at once. pip reads its
usual environment variables (``PIP_INDEX_URL``, ``PIP_FIND_LINKS``, ...).
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
PYPROJECT = ROOT / "pyproject.toml"
STAMP = VENV / ".dev-install-stamp"
FLOOR_VENV = ROOT / ".venv-floor"
FLOORS = ROOT / "constraints" / "floors.txt"
FLOOR_STAMP = FLOOR_VENV / ".floor-install-stamp"
# what the test suite needs besides the runtime dependencies (versions as in the dev extra)
FLOOR_TEST_DEPS = ("respx==0.23.1", "pytest==9.2.0", "hypothesis==6.155.2", "pyyaml==6.0.3")
SITE = ROOT / "site"  # the built documentation (git-ignored)
DOCS_STEP = "docs: mkdocs build --strict (the site lands in ./site)"
DOCS_ENV = {"NO_MKDOCS_2_WARNING": "1"}  # mkdocs-material's banner about its own future
DIST = "useall_anymarket"
WINDOWS = os.name == "nt"


def step(name: str) -> None:
    print(f"==> {name}", flush=True)


def venv_python() -> Path:
    return VENV / ("Scripts/python.exe" if WINDOWS else "bin/python")


def run(cmd: Sequence[str | Path], env: dict[str, str] | None = None) -> int:
    full_env = {**os.environ, **env} if env else None
    return subprocess.run([str(c) for c in cmd], cwd=ROOT, env=full_env, check=False).returncode


def _installed() -> bool:
    """True when the venv's site-packages holds our editable install."""
    patterns = ("Lib/site-packages", "lib/python3*/site-packages")
    return any(any(VENV.glob(f"{p}/{DIST}-*.dist-info")) for p in patterns)


def ensure_venv() -> int:
    """Create ``.venv`` and install the project into it when needed; 0 on success."""
    python = venv_python()
    if not python.exists():
        step(f"create virtualenv {VENV.relative_to(ROOT)} with {sys.executable}")
        code = run([sys.executable, "-m", "venv", VENV])
        if code:
            return code
    fresh = STAMP.exists() and _installed() and STAMP.stat().st_mtime >= PYPROJECT.stat().st_mtime
    if fresh:
        return 0
    step("pip install -e '.[dev]'")
    code = run([python, "-m", "pip", "install", "--quiet", "-e", ".[dev]"])
    if code:
        return code
    STAMP.write_text("pip install -e '.[dev]' done; redone when pyproject.toml is newer\n")
    return 0


def ensure_floor_venv() -> int:
    """``.venv-floor``: the project with the lowest runtime versions it admits (floors.txt)."""
    python = FLOOR_VENV / ("Scripts/python.exe" if WINDOWS else "bin/python")
    if not python.exists():
        code = run([sys.executable, "-m", "venv", FLOOR_VENV])
        if code:
            return code
    newest = max(PYPROJECT.stat().st_mtime, FLOORS.stat().st_mtime)
    if FLOOR_STAMP.exists() and FLOOR_STAMP.stat().st_mtime >= newest:
        return 0
    code = run(
        [python, "-m", "pip", "install", "--quiet", "-c", FLOORS, "-e", ".", *FLOOR_TEST_DEPS]
    )
    if code == 0:
        FLOOR_STAMP.write_text("installed with constraints/floors.txt\n")
    return code


def cmd_test(pytest_args: Sequence[str]) -> int:
    py = venv_python()
    steps: list[tuple[str, list[str | Path]]] = [
        ("ruff check .", [py, "-m", "ruff", "check", "."]),
        ("ruff format --check .", [py, "-m", "ruff", "format", "--check", "."]),
        ("mypy", [py, "-m", "mypy"]),
        ("pyright", [py, "-m", "pyright"]),
        ("pytest", [py, "-m", "pytest", *pytest_args]),
        (DOCS_STEP, [py, "-m", "mkdocs", "build", "--strict", "--site-dir", SITE]),
    ]
    floor_py = FLOOR_VENV / ("Scripts/python.exe" if WINDOWS else "bin/python")
    floor_steps: list[tuple[str, list[str | Path]]] = [
        (
            "pytest on the lowest supported versions (constraints/floors.txt)",
            [floor_py, "-m", "pytest", "-q", "-p", "no:cacheprovider", *pytest_args],
        ),
    ]
    for name, cmd in steps:
        step(name)
        code = run(cmd, env=DOCS_ENV if name == DOCS_STEP else None)
        if code:
            print(f"==> FAILED: {name} (exit code {code})", flush=True)
            return code
    step("set up .venv-floor (lowest supported runtime versions)")
    code = ensure_floor_venv()
    if code:
        print(f"==> FAILED: .venv-floor setup (exit code {code})", flush=True)
        return code
    for name, cmd in floor_steps:
        step(name)
        code = run(cmd)
        if code:
            print(f"==> FAILED: {name} (exit code {code})", flush=True)
            return code
    step("all checks passed")
    return 0


def cmd_demo(args: Sequence[str]) -> int:
    step("python -m m2_adapter demo " + " ".join(args))
    return run([venv_python(), "-m", "m2_adapter", "demo", *args])


def cmd_bench() -> int:
    step("python benchmarks/run.py")
    return run([venv_python(), ROOT / "benchmarks" / "run.py"])


USAGE = """usage: python3 scripts/dev.py {test [-- PYTEST_ARGS] | demo [ARGS] | bench}

  test   ruff check, ruff format --check, mypy, pyright, pytest, mkdocs build --strict,
         pytest on the version floors (stops at the first failure)
  demo   python -m m2_adapter demo ARGS, inside .venv
  bench  python benchmarks/run.py, inside .venv"""


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in ("-h", "--help", "help"):
        print(USAGE)
        return 0 if args else 2
    command, rest = args[0], args[1:]
    if rest[:1] == ["--"]:
        rest = rest[1:]
    if command not in ("test", "demo", "bench") or (command == "bench" and rest):
        print(USAGE, file=sys.stderr)
        return 2
    code = ensure_venv()
    if code:
        print(f"==> FAILED: virtualenv setup (exit code {code})", flush=True)
        return code
    if command == "test":
        return cmd_test(rest)
    if command == "demo":
        return cmd_demo(rest)
    return cmd_bench()


if __name__ == "__main__":
    sys.exit(main())
