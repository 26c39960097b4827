"""Admin CLI command for the support bundle (services/support_bundle.py), usable without logging in:

    support-bundle --out FILE [--check-audit] [--no-database] [--db-path PATH] [--password-stdin]

It zips the logs, this computer's config file, the diagnostics report and the installed packages, with
passwords, secrets and customer data redacted. It opens the configured database (not upgrading it) to add
the database's facts and, when the schema is this client's, records ``support.bundle`` in the audit log as
"system". When the database cannot be opened (server down, no password at hand) the bundle is still written,
with the reason in place of the database's facts: that is when IT needs it most.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from desktop_app.cli import CliError, _database_command, _db_password, _profile
from desktop_app.config import Paths
from desktop_app.errors import DomainError


def _size(count: int) -> str:
    return f"{count / (1 << 20):,.1f} MiB" if count >= 1 << 20 else f"{count:,} bytes"


def _open(paths: Paths, args: argparse.Namespace) -> tuple[Any, str]:
    """The configured database (opened, not prepared) or None and why not."""
    from desktop_app.db import open_profile
    from desktop_app.messages import describe

    if args.no_database:
        return None, "left out (--no-database)"
    try:
        profile = _profile(paths, args)
        return open_profile(profile, _db_password(profile, args)), ""
    except CliError as error:
        return None, str(error)
    except DomainError as error:
        return None, f"{error.code}: {describe(error)}"
    except Exception as error:  # whatever keeps the database away, the bundle is still written
        return None, f"{type(error).__name__}: {error}"


def cmd_support_bundle(paths: Paths, args: argparse.Namespace) -> int:
    from desktop_app.services.context import Context
    from desktop_app.services.diagnostics import collect_report, offline_report
    from desktop_app.services.support_bundle import collect_support_bundle

    target = Path(args.out)
    if target.is_dir():
        raise CliError(f"--out is a folder: give the file to write, e.g. {target / 'benji-support.zip'}")
    if not target.parent.is_dir():
        raise CliError(f"no such folder: {target.parent}")
    database, problem = _open(paths, args)
    try:
        report, context = None, None
        if database is not None:
            try:
                context = Context(database)
                report = collect_report(context, paths, check_audit=args.check_audit)
            except Exception as error:
                report, context, problem = None, None, f"{type(error).__name__}: {error}"
            if report is not None and report.database is not None and not report.database.schema_current:
                context = None  # not this client's schema: no audit entry written into it
        if report is None:
            report = offline_report(paths, problem)
        info = collect_support_bundle(paths, target, context=context, report=report)
    finally:
        if database is not None:
            database.dispose()
    redacted = ", ".join(f"{count} {kind}" for kind, count in info.redactions) or "nothing"
    print(f"wrote {info.path} ({_size(info.size)}): {len(info.files)} files; redacted: {redacted}")
    if not info.database:
        print(f"the database is not described in it: {report.database_problem or 'not connected'}")
    if report.audit is not None:
        check = report.audit
        print(f"audit chain intact: {check.checked} entries" if check.ok else
              f"audit chain BROKEN at entry {check.broken_seq} ({check.reason})")
    return 0


def add_commands(commands: Any) -> None:
    bundle = commands.add_parser(
        "support-bundle", help="zip logs, settings and diagnostics for support (no password, no customer data)",
        description="Write a ZIP for support: the log files, this computer's config file, the diagnostics "
                    "report (versions, database kind, size and latency, last backup) and the installed packages. "
                    "Passwords, keyring values, passphrases and customer data (phone numbers, e-mail addresses, "
                    "ID and tax numbers, bank accounts, SQL parameters) are replaced by «redacted:…» markers. "
                    "Works without logging in; when the database cannot be opened the bundle is still written.")
    bundle.add_argument("--out", required=True, metavar="FILE", help="the ZIP file to write")
    bundle.add_argument("--check-audit", action="store_true",
                        help="also walk the audit log's hash chain (slow on a large database)")
    bundle.add_argument("--no-database", action="store_true", help="do not open the database at all")
    _database_command(bundle, cmd_support_bundle)
