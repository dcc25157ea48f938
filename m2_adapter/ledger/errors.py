"""Every exception ``m2_adapter.ledger`` raises on purpose.

::

    LedgerError                                  base class; also wraps database errors (chained)
    ├── SchemaVersionError                       the database was written by a newer version
    ├── LedgerNotFoundError (LookupError)        no such order, token, work item or run
    ├── LedgerStateError                         the step is not allowed in the current state
    └── LedgerConflictError                      the call contradicts what is already stored

A repeated call that changes nothing is never an error: the ledger's writes are idempotent.
An error means the flow is about to do something inconsistent (acknowledge a feed item
before the M2 number was written back, map one ANYMARKET SKU to two M2 items, ...), and
nothing was written.
"""

from __future__ import annotations

__all__ = [
    "LedgerConflictError",
    "LedgerError",
    "LedgerNotFoundError",
    "LedgerStateError",
    "SchemaVersionError",
]


class LedgerError(Exception):
    """Base class of every error raised by ``m2_adapter.ledger``.

    Database failures (a locked database after the busy timeout, a full disk, a corrupt
    file) are raised as ``LedgerError`` with the driver's exception as ``__cause__``.
    """


class SchemaVersionError(LedgerError):
    """The database's schema is newer than this code knows: upgrade the code, never the
    reverse (``found`` and ``supported`` are the two versions)."""

    def __init__(self, found: int, supported: int) -> None:
        super().__init__(
            f"the ledger schema is version {found}, this code supports up to {supported}"
        )
        self.found = found
        self.supported = supported


class LedgerNotFoundError(LedgerError, LookupError):
    """The order, feed token, work item or run named in the call is not in the ledger."""


class LedgerStateError(LedgerError):
    """The step is not allowed in the entity's current state (nothing was written)."""


class LedgerConflictError(LedgerError):
    """The call contradicts what the ledger holds: another M2 number for an imported order,
    a feed token already seen for another order, an ANYMARKET id already mapped to another
    M2 code (nothing was written)."""
