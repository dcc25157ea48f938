"""Run every benchmark module in this folder (``bench_*.py``) and print their tables.

::

    python benchmarks/run.py            # or: python3 scripts/dev.py bench

Each module exposes ``main()``; figures are printed, never asserted.
"""

from __future__ import annotations

import importlib
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    if str(HERE) not in sys.path:
        sys.path.insert(0, str(HERE))
    started = time.perf_counter()
    for path in sorted(HERE.glob("bench_*.py")):
        print(f"## {path.stem}")
        t0 = time.perf_counter()
        module = importlib.import_module(path.stem)
        module.main()
        print(f"({path.stem}: {time.perf_counter() - t0:.1f} s)\n")
    print(f"all benchmarks: {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
