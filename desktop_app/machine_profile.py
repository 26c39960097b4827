"""The installation's database server profile, for every user of a per-machine install.

The Windows installer runs elevated (often as SYSTEM in a silent roll-out), so `db set` there would configure
the installing account only. Instead the installer (``/SERVER=postgresql://user@host:5432/benji``) runs
``benji-admin --machine-profile URL``, which leaves ``benji-server.json`` beside the program (no password:
each user enters it at the first log-in and it goes to that user's OS keyring). At every start (GUI and
admin CLI of the bundle) a user without a profile adopts it; a user still on the adopted profile follows
a changed file; a profile the user chose stays.
"""

from __future__ import annotations

import json
import logging
import os
import sys
from dataclasses import asdict, replace
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

from desktop_app.config import DatabaseProfile, Paths, load_config, save_config

log = logging.getLogger(__name__)
FILE_NAME = "benji-server.json"
LOCATION_ENV = "BENJI_MACHINE_PROFILE"  # another location (tests, a checkout)
_KINDS = {"postgresql": "postgresql", "postgres": "postgresql", "postgresql+psycopg": "postgresql",
          "mysql": "mysql", "mariadb": "mysql", "mysql+pymysql": "mysql"}


def location() -> Path | None:
    """Beside the installed program (or ``BENJI_MACHINE_PROFILE``); none when run from a checkout."""
    if os.environ.get(LOCATION_ENV):
        return Path(os.environ[LOCATION_ENV])
    if getattr(sys, "frozen", False):
        return Path(sys.executable).resolve().parent / FILE_NAME
    return None


TLS_ON = {"tls": ("1", "true", "yes", "on"), "sslmode": ("require", "verify-ca", "verify-full")}


def _tls(query: str) -> bool:
    """``?tls=1`` (or PostgreSQL's ``?sslmode=require``): the profile requires an encrypted connection."""
    tls = False
    for name, value in parse_qsl(query, keep_blank_values=True, strict_parsing=bool(query)):
        if name not in TLS_ON:
            raise ValueError(f"unknown option {name!r} in the URL: only tls=1 (or sslmode=require)")
        tls = tls or value.lower() in TLS_ON[name]
    return tls


def from_url(url: str) -> DatabaseProfile:
    """``postgresql://user@host:5432/benji[?tls=1]`` → a server profile; refuses a password in the URL."""
    parts = urlsplit(url.strip())
    kind = _KINDS.get(parts.scheme.lower())
    if kind is None:
        raise ValueError(f"unknown database kind {parts.scheme!r}: use postgresql://... or mysql://...")
    if parts.password is not None:
        raise ValueError("never put the password in the URL: each user enters it at the first log-in (it is "
                         "then kept in that user's OS keyring)")
    database = unquote(parts.path.lstrip("/"))
    if not (parts.hostname and parts.username and database) or "/" in database:
        raise ValueError("expected KIND://USER@HOST[:PORT]/DATABASE, e.g. postgresql://benji_app@10.0.0.5:5432/benji")
    fields: dict[str, Any] = {"kind": kind, "host": parts.hostname, "port": parts.port or 0, "database": database,
                              "user": unquote(parts.username)}
    if _tls(parts.query):
        fields["tls"] = True
    return DatabaseProfile(**fields)


def store_from_url(url: str) -> int:
    """``--machine-profile URL`` (the installer): write the installation's profile file; 2 on a bad URL."""
    target = location()
    try:
        profile = from_url(url)
        if target is None:
            raise ValueError(f"not an installed program: set {LOCATION_ENV} to the file to write")
        target.write_text(json.dumps(asdict(profile), indent=2) + "\n", encoding="utf-8")
    except (ValueError, OSError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(f"server profile for every user of this installation: {profile.describe()} ({target})")
    return 0


def adopt(paths: Paths) -> DatabaseProfile | None:
    """Make the installation's profile this user's when the user has none, or is still on the one adopted
    before and IT changed it; returns the profile adopted now, if any."""
    file = location()
    if file is None or not file.is_file():
        return None
    try:
        raw = json.loads(file.read_text(encoding="utf-8"))
        profile = DatabaseProfile(**raw)
    except (OSError, ValueError, TypeError) as error:
        log.warning("ignoring the installation's server profile %s: %s", file, error)
        return None
    config = load_config(paths)
    adopted = config.extra.get("machine_profile")
    if adopted == raw:
        return None
    try:
        following = isinstance(adopted, dict) and config.profile == DatabaseProfile(**adopted)
    except (TypeError, ValueError):
        following = False
    if config.profile is not None and not following:
        return None
    save_config(paths, replace(config, profile=profile, extra=dict(config.extra, machine_profile=raw)))
    log.info("adopted the installation's server profile %s", profile.describe())
    return profile
