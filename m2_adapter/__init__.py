"""Useall M2 <-> ANYMARKET integration layer (built on ``anymarket_sdk``).

Empty for now: the M2 models, validation, mapping and sync flows arrive in later releases.
"""

from anymarket_sdk import __version__

__all__ = ["__version__"]
