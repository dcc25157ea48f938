"""``python -m m2_adapter``: command-line entry point (``demo`` for now)."""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from ._demo import run


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if not 0 <= value <= 10_000:
        raise argparse.ArgumentTypeError(f"expected 0..10000, got {value}")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m m2_adapter",
        description="Useall M2 <-> ANYMARKET integration tools.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    demo = commands.add_parser(
        "demo",
        help="create and read back a small catalogue against an in-memory ANYMARKET",
        description=(
            "Create a small Brazilian catalogue (brands, category tree, variation types, "
            "products with SKUs and images) through the SDK against an in-memory fake "
            "ANYMARKET, read it back and print a report. No network."
        ),
    )
    demo.add_argument(
        "--skus",
        type=_count,
        default=0,
        metavar="N",
        help="add N simple products (one SKU each) to show pagination (default: 0)",
    )
    demo.add_argument(
        "--async",
        dest="use_async",
        action="store_true",
        help="run through AsyncAnymarket instead of Anymarket",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "demo":
        run(extra_skus=args.skus, use_async=args.use_async)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
