"""``python -m m2_adapter``: see ``m2_adapter.cli`` (``demo`` and the operational commands)."""

from __future__ import annotations

from .cli import main

if __name__ == "__main__":
    raise SystemExit(main())
