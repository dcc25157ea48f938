"""The ``--config`` file: a ``MappingConfig`` (and the ledger account and plan) from JSON or
TOML.

Both formats hold the same document; ``docs/cli.md`` describes it. Every key is checked:
an unknown key, a wrong type or a refused combination is a ``ConfigError`` naming the key
(``mapping.channel_routes[1].channel.code``), never a half-built configuration.
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Callable, Mapping
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Final, cast

import attrs

from m2_adapter.br import BrValidationError, parse_cnpj
from m2_adapter.mapping import (
    ByCodePrefix,
    ByVariationParent,
    ChannelRoute,
    GroupingRule,
    IntermediaryInfo,
    LengthUnit,
    MappingConfig,
    SalesChannel,
    Standalone,
    WeightUnit,
)
from m2_adapter.plans import PLANS, Plan, custom_plan

__all__ = ["CliConfig", "ConfigError", "load_config", "parse_config"]

DEFAULT_ACCOUNT: Final = "default"


class ConfigError(ValueError):
    """The configuration file is unreadable or invalid (the message names the key)."""


@attrs.frozen(kw_only=True)
class CliConfig:
    """What a configuration file gives the commands."""

    mapping: MappingConfig
    account: str = DEFAULT_ACCOUNT
    plan: Plan | None = None
    issuer_cnpj: str | None = None


# --- small typed readers ----------------------------------------------------------------------


def _fail(path: str, message: str) -> ConfigError:
    return ConfigError(f"{path}: {message}")


def _table(value: object, path: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise _fail(path, f"expected a table/object, got {type(value).__name__}")
    return cast("Mapping[str, Any]", value)


def _list(value: object, path: str, what: str) -> list[object]:
    if not isinstance(value, list):
        raise _fail(path, f"expected a list of {what}")
    return cast("list[object]", value)


def _only(table: Mapping[str, Any], path: str, allowed: set[str]) -> None:
    unknown = sorted(set(table) - allowed)
    if unknown:
        where = f"{path}." if path else ""
        raise ConfigError(
            f"{where}{unknown[0]}: unknown key (expected one of: {', '.join(sorted(allowed))})"
        )


def _int(value: object, path: str) -> int:
    if isinstance(value, bool):
        raise _fail(path, "expected a whole number, got a boolean")
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value.strip())
    raise _fail(path, f"expected a whole number, got {value!r}")


def _opt_int(value: object, path: str) -> int | None:
    return None if value is None else _int(value, path)


def _str(value: object, path: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise _fail(path, "expected a non-empty text")
    return value.strip()


def _opt_str(value: object, path: str) -> str | None:
    return None if value is None else _str(value, path)


def _bool(value: object, path: str) -> bool:
    if not isinstance(value, bool):
        raise _fail(path, f"expected true or false, got {value!r}")
    return value


def _decimal(value: object, path: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | float | str | Decimal):
        raise _fail(path, f"expected a number, got {value!r}")
    try:
        return Decimal(str(value))
    except InvalidOperation:
        raise _fail(path, f"expected a number, got {value!r}") from None


def _int_map(value: object, path: str) -> dict[int, int]:
    table = _table(value, path)
    return {_int(k, f"{path} key"): _int(v, f"{path}.{k}") for k, v in table.items()}


def _int_list(value: object, path: str) -> list[int]:
    return [_int(v, f"{path}[{n}]") for n, v in enumerate(_list(value, path, "whole numbers"))]


def _grouping(value: object, path: str) -> GroupingRule:
    if value in ("variation_parent", "by_variation_parent"):
        return ByVariationParent()
    if value == "standalone":
        return Standalone()
    if not isinstance(value, str):
        table = _table(value, path)
        _only(table, path, {"prefix"})
        if "prefix" in table:
            length = _int(table["prefix"], f"{path}.prefix")
            if length < 1:
                raise _fail(f"{path}.prefix", "must be at least 1")
            return ByCodePrefix(length)
    raise _fail(path, 'expected "variation_parent", "standalone" or {prefix = N}')


_CHANNEL_KEYS: Final = {"code", "company_id", "branch_id", "warehouse_id", "name"}
_ROUTE_KEYS: Final = {"marketplace", "account", "fulfillment", "channel"}


def _channel(value: object, path: str) -> SalesChannel:
    table = _table(value, path)
    _only(table, path, _CHANNEL_KEYS)
    if "code" not in table:
        raise _fail(f"{path}.code", "is required")
    return SalesChannel(
        code=_str(table["code"], f"{path}.code"),
        company_id=_opt_int(table.get("company_id"), f"{path}.company_id"),
        branch_id=_opt_int(table.get("branch_id"), f"{path}.branch_id"),
        warehouse_id=_opt_int(table.get("warehouse_id"), f"{path}.warehouse_id"),
        name=_opt_str(table.get("name"), f"{path}.name"),
    )


def _routes(value: object, path: str) -> list[ChannelRoute]:
    routes: list[ChannelRoute] = []
    for n, raw in enumerate(_list(value, path, "routes")):
        where = f"{path}[{n}]"
        table = _table(raw, where)
        _only(table, where, _ROUTE_KEYS)
        for key in ("marketplace", "channel"):
            if key not in table:
                raise _fail(f"{where}.{key}", "is required")
        routes.append(
            ChannelRoute(
                marketplace=_str(table["marketplace"], f"{where}.marketplace"),
                channel=_channel(table["channel"], f"{where}.channel"),
                account=_opt_str(table.get("account"), f"{where}.account"),
                fulfillment=_bool(table.get("fulfillment", False), f"{where}.fulfillment"),
            )
        )
    return routes


def _intermediaries(value: object, path: str) -> dict[str, IntermediaryInfo]:
    out: dict[str, IntermediaryInfo] = {}
    for marketplace, raw in _table(value, path).items():
        where = f"{path}.{marketplace}"
        table = _table(raw, where)
        _only(table, where, {"cnpj", "name"})
        try:
            out[marketplace] = IntermediaryInfo(
                cnpj=_str(table.get("cnpj"), f"{where}.cnpj"),
                name=_opt_str(table.get("name"), f"{where}.name"),
            )
        except ValueError as exc:
            if isinstance(exc, ConfigError):
                raise
            raise _fail(f"{where}.cnpj", "not a valid CNPJ") from None
    return out


def _enum_reader(cls: type[LengthUnit] | type[WeightUnit]) -> Callable[[object, str], Any]:
    def read(value: object, path: str) -> Any:
        try:
            return cls(str(value).strip().lower())
        except ValueError:
            allowed = ", ".join(m.value for m in cls)
            raise _fail(path, f"expected one of {allowed}, got {value!r}") from None

    return read


_MAPPING_READERS: Final[dict[str, Callable[[object, str], Any]]] = {
    "channel_routes": _routes,
    "intermediaries": _intermediaries,
    "warehouse_map": _int_map,
    "fulfillment_warehouses": _int_list,
    "grouping": _grouping,
    "category_map": _int_map,
    "default_category_id": _opt_int,
    "brand_map": _int_map,
    "default_brand_id": _opt_int,
    "default_origin": _int,
    "dimension_unit": _enum_reader(LengthUnit),
    "weight_unit": _enum_reader(WeightUnit),
    "warranty_months": _opt_int,
    "auto_create_listings": _bool,
    "price_mode": _str,
    "price_factor": _decimal,
    "price_table_id": _opt_int,
    "zone": _str,
}


def _mapping(value: object, path: str = "mapping") -> MappingConfig:
    table = _table(value, path)
    _only(table, path, set(_MAPPING_READERS))
    kwargs = {key: _MAPPING_READERS[key](raw, f"{path}.{key}") for key, raw in table.items()}
    try:
        return MappingConfig(**kwargs)
    except (ValueError, TypeError) as exc:
        if isinstance(exc, ConfigError):
            raise
        raise _fail(path, str(exc)) from None


def _plan(value: object, path: str = "plan") -> Plan:
    if isinstance(value, str):
        plan = PLANS.get(value.strip().lower())
        if plan is None:
            raise _fail(path, f"unknown plan {value!r} (named plans: {', '.join(PLANS)})")
        return plan
    table = _table(value, path)
    _only(table, path, {"name", "max_accounts", "max_skus"})
    for key in ("name", "max_accounts", "max_skus"):
        if key not in table:
            raise _fail(f"{path}.{key}", "is required")
    try:
        return custom_plan(
            _str(table["name"], f"{path}.name"),
            max_accounts=_int(table["max_accounts"], f"{path}.max_accounts"),
            max_skus=_int(table["max_skus"], f"{path}.max_skus"),
        )
    except ValueError as exc:
        if isinstance(exc, ConfigError):
            raise
        raise _fail(path, str(exc)) from None


_TOP_KEYS: Final = {"account", "plan", "issuer_cnpj", "mapping"}


def parse_config(document: Mapping[str, Any]) -> CliConfig:
    """A ``CliConfig`` from an already parsed JSON/TOML document."""
    table = _table(document, "(top level)")
    _only(table, "", _TOP_KEYS)
    issuer = _opt_str(table.get("issuer_cnpj"), "issuer_cnpj")
    if issuer is not None:
        try:
            issuer = parse_cnpj(issuer)
        except BrValidationError:
            raise _fail("issuer_cnpj", "not a valid CNPJ") from None
    return CliConfig(
        mapping=_mapping(table.get("mapping", {})),
        account=_str(table.get("account", DEFAULT_ACCOUNT), "account"),
        plan=None if table.get("plan") is None else _plan(table["plan"]),
        issuer_cnpj=issuer,
    )


def load_config(path: str | Path) -> CliConfig:
    """Read ``path`` (``.toml``: TOML; anything else: JSON) into a ``CliConfig``."""
    file = Path(path)
    try:
        raw = file.read_bytes()
    except OSError as exc:
        raise ConfigError(f"{file}: cannot read the configuration ({exc.strerror})") from None
    try:
        if file.suffix.lower() == ".toml":
            document: Any = tomllib.loads(raw.decode("utf-8"))
        else:
            document = json.loads(raw.decode("utf-8-sig"))
    except (ValueError, UnicodeDecodeError) as exc:
        kind = "TOML" if file.suffix.lower() == ".toml" else "JSON"
        raise ConfigError(f"{file}: not valid {kind}: {exc}") from None
    if not isinstance(document, Mapping):
        raise ConfigError(f"{file}: expected an object at the top level")
    try:
        return parse_config(cast("Mapping[str, Any]", document))
    except ConfigError as exc:
        raise ConfigError(f"{file}: {exc}") from None
