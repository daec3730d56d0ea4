"""Typed access to the environment: the only place settings read it.

Every variable read here must be documented in the README's "Configuration"
table (a test checks it). ``NAME_FILE`` variants read the value from a file,
for secrets mounted by an orchestrator.

A value that cannot be used raises `SettingError` at start-up, with one line that names the
variable, says what is wrong and shows a right value; `ficarchive` prints that line and exits
with status 2 (no traceback). Nothing falls back silently to a default.
"""

from __future__ import annotations

import ipaddress
import os
import re
import zoneinfo
from collections.abc import Collection
from email.utils import parseaddr
from pathlib import Path
from typing import Any
from urllib.parse import SplitResult, urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}
# The databases Ficarchive runs on (psycopg is installed; the others are not).
_DATABASE_SCHEMES = {"postgres", "postgresql", "pgsql", "sqlite"}
DATABASE_EXAMPLE = "postgres://ficarchive:password@db.example.org:5432/ficarchive"
_HOST_NAME = re.compile(r"^(\.|\*\.)?[A-Za-z0-9_]([A-Za-z0-9_.-]*[A-Za-z0-9_])?\.?$")


class SettingError(ImproperlyConfigured):
    """A variable whose value cannot be used: one line, with the variable, the problem and
    an example of a right value. Passwords in addresses are never shown."""

    def __init__(
        self, name: str, value: str | None, problem: str, example: str, *, secret: bool = False
    ) -> None:
        self.name = name
        if value is None:
            shown = " is not set:"
        elif secret:
            shown = f" ({len(value)} characters, not shown)"
        else:
            shown = f"={_redacted(value)!r}:"
        super().__init__(f"{name}{shown} {problem}; for example {name}={example}")


def _redacted(value: str) -> str:
    """An address with its password replaced (postgres://user:***@host/db)."""
    return re.sub(r"(://[^/@:\s]*:)[^/@\s]*@", r"\1***@", value)


def _raw(name: str) -> str | None:
    """The value, from NAME_FILE or NAME; an empty value counts as unset (an empty file, or
    one that cannot be read, is an error: the file was named to hold a value)."""
    file_path = os.environ.get(f"{name}_FILE")
    if file_path:
        try:
            value = Path(file_path).read_text(encoding="utf-8").strip()
        except (OSError, UnicodeDecodeError) as error:
            reason = getattr(error, "strerror", None) or "not UTF-8 text"
            raise SettingError(
                f"{name}_FILE",
                file_path,
                f"the file cannot be read ({reason})",
                f"/run/secrets/{name.lower()}",
            ) from None
        if not value:
            raise SettingError(
                f"{name}_FILE", file_path, "the file is empty", f"/run/secrets/{name.lower()}"
            )
        return value
    return os.environ.get(name) or None


def _written_empty(name: str) -> bool:
    """`NAME=` in an env file: the line is there, its value was never filled in."""
    return (
        name in os.environ and not os.environ[name].strip() and not os.environ.get(f"{name}_FILE")
    )


def env_str(name: str, default: str) -> str:
    """The variable's value, or ``default`` when unset."""
    value = _raw(name)
    return default if value is None else value


def env_choice(name: str, default: str, choices: Collection[str]) -> str:
    """One of ``choices`` (compared without regard to case)."""
    value = _raw(name)
    if value is None:
        return default
    for choice in choices:
        if value.strip().lower() == choice.lower():
            return choice
    allowed = ", ".join(choices)
    raise SettingError(name, value, f"must be one of {allowed}", default)


def env_bool(name: str, default: bool) -> bool:
    """A boolean written as 1/0, true/false, yes/no or on/off."""
    value = _raw(name)
    if value is None:
        return default
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise SettingError(
        name, value, "must be true or false (or 1/0, yes/no, on/off)", str(default).lower()
    )


def env_int(name: str, default: int, *, minimum: int = 0, maximum: int | None = None) -> int:
    """A whole number from ``minimum`` to ``maximum``."""
    value = _raw(name)
    if value is None:
        return default
    try:
        number = int(value.strip().replace("_", ""))
    except ValueError:
        raise SettingError(name, value, "must be a whole number", str(default)) from None
    if number < minimum or (maximum is not None and number > maximum):
        bounds = f"from {minimum} to {maximum}" if maximum is not None else f"{minimum} or more"
        raise SettingError(name, value, f"must be {bounds}", str(default))
    return number


def env_port(name: str, default: int) -> int:
    """A TCP port."""
    return env_int(name, default, minimum=1, maximum=65535)


def env_list(name: str, default: list[str]) -> list[str]:
    """A comma-separated list; blanks are dropped."""
    value = _raw(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def env_hosts(name: str, default: list[str], *, production: bool) -> list[str]:
    """Host names (Django's ALLOWED_HOSTS: a leading dot for subdomains, `*` for any)."""
    example = "archive.example.org,www.archive.example.org"
    if production and _written_empty(name):  # not unset: the local defaults would refuse all
        raise SettingError(name, "", "is empty: name the archive's host", example)
    hosts = env_list(name, default)
    if not hosts and production:
        raise SettingError(
            name, _raw(name), "lists no host: every request would be refused", example
        )
    for host in hosts:
        if host == "*" or _is_host(host):
            continue
        problem = "is an address, not a host name" if "/" in host else "is not a host name"
        raise SettingError(name, host, problem, example)
    return hosts


def _is_host(host: str) -> bool:
    if host.startswith("[") and host.endswith("]"):
        try:
            ipaddress.IPv6Address(host[1:-1])
        except ValueError:
            return False
        return True
    return bool(_HOST_NAME.match(host))


def env_origins(name: str) -> list[str]:
    """Origins, each a scheme and a host (https://archive.example.org), empty by default."""
    origins = env_list(name, [])
    for origin in origins:
        parts = _split(origin)
        if parts is None or parts.scheme not in {"http", "https"} or not parts.netloc:
            raise SettingError(
                name, origin, "is not an origin (scheme and host)", "https://archive.example.org"
            )
    return origins


def env_url(name: str, default: str) -> str:
    """A public http(s) address."""
    value = _raw(name)
    if value is None:
        return default
    parts = _split(value)
    if parts is None or parts.scheme not in {"http", "https"} or not parts.hostname:
        raise SettingError(
            name, value, "must be an http:// or https:// address", "https://archive.example.org"
        )
    return value


def _split(value: str) -> SplitResult | None:
    try:
        parts = urlsplit(value.strip())
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        return None
    return parts


def env_networks(name: str) -> list[str]:
    """A comma-separated list of IP addresses or CIDR networks (empty by default)."""
    networks = env_list(name, [])
    for entry in networks:
        try:
            ipaddress.ip_network(entry, strict=False)
        except ValueError:
            raise SettingError(
                name, entry, "is not an IP address or network", "127.0.0.1,10.0.0.0/8"
            ) from None
    return networks


def env_database(name: str, default: str | None) -> dict[str, Any] | None:
    """A database address, as Django's DATABASES entry (None when unset with no default)."""
    value = _raw(name) or default
    if value is None:
        return None
    scheme = value.split("://", 1)[0].lower() if "://" in value else ""
    if scheme not in _DATABASE_SCHEMES:
        problem = (
            f"the scheme {scheme!r} is not a database Ficarchive runs on (postgres or sqlite)"
            if scheme
            else "is not a database address (postgres://... or sqlite:///...)"
        )
        raise SettingError(name, value, problem, DATABASE_EXAMPLE)
    try:
        parsed: dict[str, Any] = dict(dj_database_url.parse(value))
    except (ValueError, dj_database_url.ParseError):
        raise SettingError(
            name,
            value,
            "is not a valid address (a port that is not a number, or a character to %-encode?)",
            DATABASE_EXAMPLE,
        ) from None
    if not parsed.get("NAME"):
        raise SettingError(
            name, value, "names no database (the path after the host)", DATABASE_EXAMPLE
        )
    return parsed


def env_redis(name: str) -> str:
    """A Redis address (redis://, rediss:// or unix://), empty by default."""
    value = _raw(name)
    if value is None:
        return ""
    example = "redis://redis.example.org:6379/0"
    parts = _split(value)
    if parts is None:
        raise SettingError(
            name, value, "is not a valid address (a port that is not a number?)", example
        )
    if parts.scheme not in {"redis", "rediss", "unix"}:
        scheme = repr(parts.scheme) if parts.scheme else "no scheme"
        raise SettingError(
            name, value, f"has {scheme}: it must start redis://, rediss:// or unix://", example
        )
    if parts.scheme != "unix" and not parts.hostname:
        raise SettingError(name, value, "names no host", example)
    database = parts.path.strip("/")
    if parts.scheme != "unix" and database and not database.isdigit():
        raise SettingError(name, value, f"the database {database!r} must be a number", example)
    return value


def env_email_host(name: str) -> str:
    """An SMTP server's host name (its port is EMAIL_PORT), empty by default."""
    value = _raw(name)
    if value is None:
        return ""
    if "://" in value or (":" in value and not value.startswith("[")):
        raise SettingError(
            name,
            value,
            "must be a host name alone (the port goes in EMAIL_PORT)",
            "smtp.example.org",
        )
    if not _is_host(value.strip()):
        raise SettingError(name, value, "is not a host name", "smtp.example.org")
    return value.strip()


def env_email_address(name: str, default: str) -> str:
    """A sender: an address, with or without a display name."""
    value = _raw(name)
    if value is None:
        return default
    _, address = parseaddr(value)
    local, _, domain = address.rpartition("@")
    if not local or not domain or " " in address:
        raise SettingError(
            name, value, "is not an email address", "'Ficarchive <noreply@archive.example.org>'"
        )
    return value


def env_time_zone(name: str, default: str) -> str:
    """A time zone of the IANA database (Europe/London)."""
    value = _raw(name)
    if value is None:
        return default
    try:
        zoneinfo.ZoneInfo(value)
    except (ValueError, zoneinfo.ZoneInfoNotFoundError):
        raise SettingError(name, value, "is not a time zone", "Europe/London") from None
    return value


def env_secret_key(name: str, *, production: bool) -> str | None:
    """The signing key, None when unset; in production, long and varied as Django's deploy
    check asks. Its value is never shown."""
    value = _raw(name)
    example = "$(python3 -c 'import secrets; print(secrets.token_urlsafe(50))')"
    if production and _written_empty(name):
        # Unset keeps a key generated in the data folder; a line left empty is an oversight,
        # and that silent new key would sign every member out and void every mailed link.
        raise SettingError(
            name, "", "is empty: fill it in, or remove the line to keep a key generated in the "
            "data folder", example,
        )  # fmt: skip
    if value is None or not production:
        return value
    weak = len(value) < 50 or len(set(value)) < 5 or value.startswith("django-insecure-")
    if weak:
        raise SettingError(
            name, value,
            "is too weak for production: at least 50 characters, not Django's insecure default",
            example, secret=True,
        )  # fmt: skip
    return value


def env_data_dir(name: str, default: str) -> Path:
    """A folder the archive may write to: it exists, or the nearest folder above it does
    (it is made when first needed)."""
    value = _raw(name)
    path = Path(value if value is not None else default).expanduser().resolve()
    example = "/var/lib/ficarchive"
    existing = path
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if not existing.is_dir():
        raise SettingError(name, value or default, f"{existing} is a file, not a folder", example)
    if not os.access(existing, os.W_OK | os.X_OK):
        what = "the folder" if existing == path else f"{existing} (where it would be made)"
        raise SettingError(name, value or default, f"{what} is not writable by this user", example)
    return path
