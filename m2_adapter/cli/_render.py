"""Printing the flows' reports: one summary line, then what was held and what failed.

The flows' reports share a shape (``summary()``, ``held``, ``failures``); this module reads
that shape without depending on any one report class, so the demo and the operational
commands print every flow the same way.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable
from decimal import Decimal
from typing import Any, Final, Protocol, TextIO, cast

from anymarket_sdk import mask

WIDTH: Final = 100
"""Report lines are wrapped at this width."""

__all__ = [
    "Report",
    "brl",
    "failures_of",
    "held_lines",
    "held_of",
    "problem_count",
    "wrap",
    "write_report",
]


class Report(Protocol):
    """What every flow report offers."""

    def summary(self) -> str: ...


def _items(report: object, *names: str) -> list[Any]:
    out: list[Any] = []
    for name in names:
        value: Any = getattr(report, name, None)
        if value is None or isinstance(value, str | bytes | int):
            continue
        if isinstance(value, Iterable):
            out.extend(cast("Iterable[object]", value))
    return out


def held_of(report: object) -> list[Any]:
    """The held entries of a report (``held``), empty when it has none."""
    return _items(report, "held")


def failures_of(report: object) -> list[Any]:
    """The failures of a report (``failures``), empty when it has none."""
    return _items(report, "failures")


def problem_count(report: object) -> int:
    """Held entries plus failures: anything that makes the command exit 1."""
    return len(held_of(report)) + len(failures_of(report))


def _text(value: object) -> str:
    return str(getattr(value, "value", value))


def _subject(entry: object) -> str | None:
    subject = getattr(entry, "subject", None)
    if subject:
        return str(subject)
    parts: list[str] = []
    order = getattr(entry, "anymarket_order_id", None)
    number = getattr(entry, "m2_order_number", None)
    kind = getattr(entry, "kind", None)
    if order:
        parts.append(f"order {order}")
    if number:
        parts.append(f"(M2 {number})" if order else f"M2 order {number}")
    if kind is not None:
        parts.append(_text(kind))
    return " ".join(parts) or None


def describe_held(entry: object) -> str:
    """One line for a held (or skipped) entry: ``[reason] subject: detail``, masked. Reads
    the mapping's ``Held``/``Skipped`` (``reason``, ``subject``, ``detail``) as well as the
    flows' held orders and steps (``reasons``, the order ids, ``message``)."""
    reasons = [_text(r) for r in getattr(entry, "reasons", ()) or ()]
    reason = getattr(entry, "reason", None)
    if reason is not None:
        reasons.insert(0, _text(reason))
    subject = _subject(entry)
    detail = getattr(entry, "detail", None) or getattr(entry, "message", None)
    if not reasons and subject is None:
        return mask(str(entry))
    parts = [f"[{', '.join(reasons)}]" if reasons else "", subject or ""]
    line = " ".join(p for p in parts if p)
    if detail:
        line += f": {detail}"
    return mask(line)


def held_lines(report: object, *, limit: int = 20, indent: str = "    ") -> list[str]:
    """The held entries as lines (at most ``limit``, then a count of the rest)."""
    held = held_of(report)
    lines = [f"{indent}held {describe_held(h)}" for h in held[:limit]]
    if len(held) > limit:
        lines.append(f"{indent}... and {len(held) - limit} more held")
    return lines


def failure_lines(report: object, *, limit: int = 20, indent: str = "    ") -> list[str]:
    """The failures as lines (masked)."""
    failures = failures_of(report)
    lines = [f"{indent}failed {mask(str(f))}" for f in failures[:limit]]
    if len(failures) > limit:
        lines.append(f"{indent}... and {len(failures) - limit} more failures")
    return lines


def wrap(text: str, *, indent: str = "  ", width: int = WIDTH) -> list[str]:
    """``text`` wrapped at ``width`` (continuation lines indented two more spaces)."""
    return textwrap.wrap(
        text, width=width, initial_indent=indent, subsequent_indent=indent + "  "
    ) or [indent]


def write_report(out: TextIO, report: Report, *, footer: str = "", limit: int = 20) -> None:
    """The report's summary (wrapped), its held entries and failures, then ``footer``."""
    lines = wrap(mask(report.summary()))
    for entry in held_lines(report, limit=limit, indent=""):
        lines += wrap(entry)
    for entry in failure_lines(report, limit=limit, indent=""):
        lines += wrap(entry)
    if footer:
        lines.append(f"  {footer}")
    out.write("".join(line + "\n" for line in lines))


def brl(value: Decimal | None) -> str:
    """``Decimal("1299.9")`` -> ``"R$ 1.299,90"``."""
    if value is None:
        return "-"
    text = f"{value:,.2f}".replace(",", "_").replace(".", ",").replace("_", ".")
    return f"R$ {text}"
