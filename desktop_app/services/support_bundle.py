"""The support bundle (支持包): one ZIP that IT sends to support, with no secret and no customer data.

It holds ``manifest.json`` (what is inside, SHA-256 of each file, what was redacted), ``diagnostics.json`` and
``diagnostics.txt`` (services/diagnostics.py), ``logs/benji.log`` and its rotated copies, ``config/benji.json``
(this desktop's config file: the database profile without password, language, preferences; the folders used
last, e.g. for PDFs, left out since they may be named after a customer) and
``packages.txt`` (the installed Python packages and their versions).

Every text is scrubbed (``Scrubber``) before it is written; a redaction leaves a marker «redacted:KIND»:

* secrets known to this desktop, wherever they appear: the database password (the open connection's, the
  configured profile's in the keyring, the session's), the backup passphrase in the keyring, and environment
  variables named like a password/secret/token (also URL-encoded and JSON-escaped); fewer than 4 characters
  are not searched for (they would wipe the log, and are no secret anyway);
* what looks like a secret: URLs with ``user:password@``, ``password=…`` / ``"passphrase": "…"`` / ``PGPASSWORD=…``,
  private keys;
* what looks like customer data: SQL statement parameters in database errors (``[parameters: …]``), values in
  database error details (``Key (…)=(…)``, ``Failing row contains``, ``Duplicate entry '…'``), ``name=…``,
  ``phone=…``, ``address=…`` and the like, e-mail addresses, Chinese mobile and landline numbers, 18-character
  ID card numbers and unified social credit codes (tax IDs), bank account numbers (12–19 digits).

Customer names in free text cannot be recognised; what the app logs today is listed in docs/admin-guide.md.
With a database context the bundle needs ``settings.view`` and is audited (``support.bundle``) before the
file appears; without one (the CLI when the database is down, or ``--no-database``) it holds the offline report.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
import zipfile
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any
from urllib.parse import quote, quote_plus, unquote

from desktop_app import __version__, credentials
from desktop_app.config import Paths, load_config
from desktop_app.errors import DomainError
from desktop_app.services.context import Context
from desktop_app.services.diagnostics import (
    DiagnosticsReport,
    collect_report,
    offline_report,
    report_dict,
    report_text,
)

__all__ = ["BundleInfo", "Scrubber", "collect_support_bundle", "known_secrets", "log_files"]

FORMAT = 1
MIN_SECRET = 4
LOG_NAME = re.compile(r"benji\.log(?:\.\d{1,3})?")
# names of environment variables and config keys that hold a secret (PWD is the working directory)
NOT_SECRET = frozenset({"PWD", "OLDPWD"})
LAST_USED = re.compile(r"(?i)(?:folder|dir|directory|file|path)$")  # device preferences left out of the config
SECRET_NAME = re.compile(r"(?i)password|passwd|passphrase|secret|token|api_?key|private_?key|(?:^|_)(?:pass|pwd)$")
NOTE = ("Passwords, keyring values, passphrases, private keys and what looks like customer data (SQL parameters, "
        "database error details, names, phone numbers, e-mail addresses, ID card numbers, tax IDs, bank accounts) "
        "were replaced by «redacted:KIND» markers.")

_VALUE = r"""(?P<value>"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|[^\s,;&'"()\[\]{}<>]+)"""
_SECRET_KEY = r"(?<![\w.-])[\w-]*?(?:password|passwd|pwd|passphrase|secret|token|api[_-]?key|access[_-]?key|" \
              r"private[_-]?key)(?![A-Za-z0-9])"
_FIELD_KEY = r"(?<![\w-])(?:name|customer|customer_name|contact|contact_name|company|company_name|phone|mobile|" \
             r"tel|telephone|fax|email|e-mail|address|tax_id|bank_account|bank_name|id_card|invoice_title|" \
             r"notes?|content)(?![A-Za-z0-9_])"
Rule = tuple[str, re.Pattern[str], Callable[[re.Match[str], str], str]]


def _mark(kind: str) -> str:
    return f"«redacted:{kind}»"


def _whole(match: re.Match[str], kind: str) -> str:
    return _mark(kind)


def _value(match: re.Match[str], kind: str) -> str:
    """Keep the key (and the quotes around the value); replace the value."""
    value = match["value"]
    start, end = match.span("value")
    if "«redacted:" in value or value in ("***", "None", "''", '""'):
        return match[0]
    quote_char = value[0] if value[0] in "'\"" else ""
    replaced = quote_char + _mark(kind) + quote_char
    base = match.start()
    return match[0][:start - base] + replaced + match[0][end - base:]


def _group(match: re.Match[str], kind: str) -> str:
    """Replace the group named ``value`` only (fixed text around it)."""
    return _value(match, kind) if match["value"] else match[0]


RULES: list[Rule] = [
    ("private_key", re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----.*?-----END [A-Z ]*PRIVATE KEY-----", re.S),
     _whole),
    ("password", re.compile(r"(?i)\b[a-z][a-z0-9+.\-]*://[^\s:/@'\"]*:(?P<value>[^\s@'\"]+)@"), _group),
    ("secret", re.compile(_SECRET_KEY + r"""["']?\s*[=:]\s*""" + _VALUE, re.I), _value),
    ("sql_parameters", re.compile(r"(?<=\[parameters: )(?P<value>[^\n]+?)(?=\]?$)", re.M), _group),
    ("row", re.compile(r"(?<=Failing row contains )(?P<value>[^\n]+)"), _group),
    ("value", re.compile(r"(?<=Key \()[^)\n]*\)=\((?P<value>[^\n]*?)(?=\) (?:already exists|is not present|"
                         r"is still referenced|conflicts))"), _group),
    ("value", re.compile(r"(?<=Duplicate entry ')(?P<value>[^\n]*?)(?=' for key)"), _group),
    ("field", re.compile(_FIELD_KEY + r"""["']?\s*[=:]\s*""" + _VALUE, re.I), _value),
    ("email", re.compile(r"(?<![\w.+-])(?<!//)[\w.+-]+@(?>[\w-]+(?:\.[\w-]+)+)(?<=[A-Za-z])(?!:\d)"), _whole),
    ("id_card", re.compile(r"(?<![0-9A-Za-z])[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])"
                           r"\d{3}[\dXx](?![0-9A-Za-z])"), _whole),
    ("tax_id", re.compile(r"(?<![0-9A-Za-z])[0-9A-HJ-NP-RTUWXY]{2}\d{6}[0-9A-HJ-NP-RTUWXY]{10}(?![0-9A-Za-z])"),
     _whole),
    ("phone", re.compile(r"(?<!\d)(?:\+?86[- ]?)?1[3-9]\d[- ]?\d{4}[- ]?\d{4}(?!\d)"), _whole),
    ("phone", re.compile(r"(?<![\d.])(?:\(0\d{2,3}\)\s?|0\d{2,3}[- ]?)\d{7,8}(?!\d)"
                         r"|(?<!\d)[48]00[- ]?\d{3}[- ]?\d{4}(?!\d)"), _whole),
    ("bank_account", re.compile(r"(?<![0-9A-Za-z.])(?:\d{12,19}|\d{4}(?:[ -]\d{4}){2,3}(?:[ -]\d{1,3})?)"
                                r"(?![0-9A-Za-z])"), _whole),
]


class Scrubber:
    """Redacts the ``secrets`` given and everything the ``RULES`` recognise; counts what it replaced."""

    def __init__(self, secrets: Iterable[str | None] = ()) -> None:
        variants = {variant for secret in secrets if secret and len(secret) >= MIN_SECRET
                    for variant in (secret, quote(secret, safe=""), quote_plus(secret), json.dumps(secret)[1:-1])}
        ordered = sorted(variants, key=len, reverse=True)  # the longest first: "abc%21" before "abc"
        self._known = re.compile("|".join(map(re.escape, ordered))) if ordered else None
        self.counts: Counter[str] = Counter()

    def text(self, text: str) -> str:
        if self._known is not None:
            text, count = self._known.subn(_mark("secret"), text)
            self.counts["secret"] += count
        for kind, pattern, replace in RULES:
            def counted(match: re.Match[str], kind: str = kind, replace: Any = replace) -> str:
                result: str = replace(match, kind)
                if result != match[0]:
                    self.counts[kind] += 1
                return result

            text = pattern.sub(counted, text)
        return text

    def data(self, value: Any) -> Any:
        """A JSON value with secret-named keys blanked and every string scrubbed."""
        if isinstance(value, dict):
            return {key: _mark("secret") if SECRET_NAME.search(str(key)) and value[key] else self.data(value[key])
                    for key in value}
        if isinstance(value, list):
            return [self.data(item) for item in value]
        if isinstance(value, str):
            return self.text(value)
        return value


# --- what to look for -----------------------------------------------------------------------------

_URL_PASSWORD = re.compile(r"://[^\s:/@]*:([^\s@]+)@")


def known_secrets(paths: Paths, context: Context | None = None, extra: Iterable[str | None] = ()) -> list[str]:
    """The secrets this desktop knows: the open database's password, the configured profile's password and the
    backup passphrase in the keyring, secret-named environment variables and passwords in URLs there."""
    from desktop_app.services.backup_schedule import passphrase_key

    found: list[str | None] = list(extra)
    if context is not None:
        found.append(context.database.engine.url.password)
        found.append(credentials.load_password(passphrase_key(context.database)))
    profile = load_config(paths).profile
    if profile is not None:
        if profile.is_server:
            found.append(credentials.load_password(profile.secret_key()))
        try:
            database = _unopened(profile)
        except Exception:  # a broken profile or a missing driver: nothing more to look for there
            database = None
        if database is not None:
            found.append(credentials.load_password(passphrase_key(database)))
            database.dispose()
    for name, value in os.environ.items():
        if SECRET_NAME.search(name) and name.upper() not in NOT_SECRET:
            found.append(value)
        found += [unquote(match) for match in _URL_PASSWORD.findall(value)]
    return sorted({secret for secret in found if secret})


def _unopened(profile: Any) -> Any:
    """A ``Database`` for the profile that never connects (only its URL is read, for the passphrase key)."""
    from sqlalchemy import URL, create_engine

    from desktop_app.db import Database, server_url

    url = server_url(profile, None) if profile.is_server else URL.create("sqlite+pysqlite", database=profile.path)
    return Database(create_engine(url), profile.describe())


def log_files(paths: Paths) -> list[Path]:
    """benji.log and its rotated copies (regular files directly in the log folder), the current one first."""
    try:
        entries = list(os.scandir(paths.log_dir))
    except OSError:
        return []
    found = [Path(entry.path) for entry in entries
             if LOG_NAME.fullmatch(entry.name) and entry.is_file(follow_symlinks=False)]
    return sorted(found, key=lambda path: int(path.suffix[1:]) if path.suffix[1:].isdigit() else 0)


def _packages() -> str:
    names = {}
    for dist in metadata.distributions():
        name = dist.metadata["Name"]
        if name:
            names[name.lower()] = f"{name}=={dist.version}"
    return "\n".join(names[key] for key in sorted(names)) + "\n"


def _config_text(paths: Paths, scrubber: Scrubber) -> str | None:
    try:
        raw = paths.config_file.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    try:
        data = json.loads(raw)
    except ValueError:  # a damaged file goes in as (scrubbed) text
        return scrubber.text(raw)
    extra = data.get("extra") if isinstance(data, dict) else None
    if isinstance(extra, dict):  # folders used last (PDFs, exports) may be named after a customer
        for key, value in extra.items():
            if LAST_USED.search(str(key)) and isinstance(value, str) and value:
                extra[key] = _mark("path")
                scrubber.counts["path"] += 1
    return json.dumps(scrubber.data(data), ensure_ascii=False, indent=2) + "\n"


# --- the bundle -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class BundleInfo:
    path: Path
    files: tuple[str, ...]
    size: int
    redactions: tuple[tuple[str, int], ...]  # (kind, count), kinds in order of the rules
    database: bool  # whether the report describes a database (else the offline report)


Progress = Callable[[int, int, str], None]


def collect_support_bundle(paths: Paths, out_path: Path, *, context: Context | None = None,
                           report: DiagnosticsReport | None = None, secrets: Iterable[str | None] = (),
                           progress: Progress | None = None) -> BundleInfo:
    """Write the support bundle to ``out_path`` (replaced atomically). With a ``context``: ``settings.view``,
    its report (unless ``report`` is given) and a ``support.bundle`` audit entry. ``secrets``: passwords the
    caller knows beyond the keyring's (e.g. typed in for this session only)."""
    if context is not None:
        context.require("settings.view")
        if report is None:
            report = collect_report(context, paths)
    elif report is None:
        report = offline_report(paths)
    scrubber = Scrubber(known_secrets(paths, context, secrets))
    logs = log_files(paths)
    steps = ["diagnostics", "config", *(path.name for path in logs), "packages"]
    entries: list[tuple[str, bytes]] = []

    def step(name: str) -> None:
        if progress is not None:
            progress(len(entries), len(steps), name)

    step("diagnostics")
    entries.append(("diagnostics.json", _json(scrubber.data(report_dict(report)))))
    entries.append(("diagnostics.txt", scrubber.text(report_text(report)).encode("utf-8")))
    step("config")
    config = _config_text(paths, scrubber)
    if config is not None:
        entries.append((f"config/{paths.config_file.name}", config.encode("utf-8")))
    for path in logs:
        step(path.name)
        try:
            text = path.read_bytes().decode("utf-8", errors="replace")
        except OSError as error:
            text = f"(could not be read: {error.strerror or type(error).__name__})\n"
        entries.append((f"logs/{path.name}", scrubber.text(text).encode("utf-8")))
    step("packages")
    entries.append(("packages.txt", scrubber.text(_packages()).encode("utf-8")))
    redactions = tuple((kind, scrubber.counts[kind]) for kind in _kinds() if scrubber.counts[kind])
    manifest = {
        "bundle": "Benji CRM support bundle", "format": FORMAT, "app_version": __version__,
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"), "database": report.database is not None,
        "note": NOTE, "redactions": dict(redactions),
        "files": [{"name": name, "size": len(data), "sha256": hashlib.sha256(data).hexdigest()}
                  for name, data in entries],
    }
    entries.insert(0, ("manifest.json", _json(manifest)))
    info = BundleInfo(out_path, tuple(name for name, _data in entries), 0, redactions, report.database is not None)
    return _write(out_path, entries, info, context)


def _kinds() -> list[str]:
    return list(dict.fromkeys(["secret", *(kind for kind, _pattern, _replace in RULES), "path"]))


def _json(value: Any) -> bytes:
    return (json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")


def _write(out_path: Path, entries: list[tuple[str, bytes]], info: BundleInfo, context: Context | None) -> BundleInfo:
    try:
        fd, name = tempfile.mkstemp(dir=out_path.parent, prefix=".benji-support-", suffix=".zip")
    except OSError as error:
        raise _write_failed(out_path, error) from None
    temporary = Path(name)
    try:
        with os.fdopen(fd, "wb") as handle, zipfile.ZipFile(handle, "w", zipfile.ZIP_DEFLATED) as archive:
            for entry, data in entries:
                archive.writestr(entry, data)
        size = temporary.stat().st_size
        if context is not None:  # audited before the file appears; no entry, no file
            with context.unit_of_work() as uow:
                uow.audit("support.bundle", "support", "", file=out_path.name, files=len(entries), size=size,
                          redactions=dict(info.redactions), database=info.database)
                uow.commit()
        os.replace(temporary, out_path)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise _write_failed(out_path, error) from None
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return BundleInfo(out_path, info.files, size, info.redactions, info.database)


def _write_failed(path: Path, error: OSError) -> DomainError:
    return DomainError("support.write_failed", path=str(path), reason=error.strerror or type(error).__name__)
