"""The ``python -m m2_adapter`` command line: ``demo`` and the operational commands
(``sync-catalog``, ``sync-stock``, ``import-orders``, ``send-fiscal``, ``reconcile``).

``main(argv)`` returns the exit code: 0 ok, 1 something held or failed, 2 usage error.
See ``docs/cli.md``.
"""

from ._app import ClientFactory, ExtracaoFactory, build_parser, main
from ._config import CliConfig, ConfigError, load_config, parse_config

__all__ = [
    "CliConfig",
    "ClientFactory",
    "ConfigError",
    "ExtracaoFactory",
    "build_parser",
    "load_config",
    "main",
    "parse_config",
]
