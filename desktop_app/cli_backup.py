"""Admin CLI commands for encrypted backups (see desktop_app/cli.py and services/backup*.py):

    backup create --out FILE                       back up the configured database (or --db-path)
    backup verify FILE                             decrypt and check a backup (no database needed)
    backup restore FILE [--into URL | --db-path PATH]   restore into an empty server database or an embedded file
    backup run-scheduled [--force]                 the scheduled backup, when due (Windows Task Scheduler)

The passphrase comes from stdin (``--passphrase-stdin``, the first line) or BENJI_BACKUP_PASSPHRASE, never
from the command line. A restore into the configured database or ``--db-path`` replaces the embedded file
(the old one is kept as ``*.before-restore``); a server target (``--into`` or the configured profile) must be
empty. Like the other commands they act as "system".

``run-scheduled`` uses the schedule stored in the database (folder, interval, retention: set in the app) and
the passphrase saved in this Windows user's keyring by the app (or BENJI_BACKUP_PASSPHRASE); it prints one
line and exits 0, or exits 2 when the backup failed (the failure is recorded for the app to show).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from desktop_app.cli import DB_PASSWORD_ENV, CliError, _database_command, _db_password, _profile, _read_secret
from desktop_app.config import Paths

PASSPHRASE_ENV = "BENJI_BACKUP_PASSPHRASE"


def _passphrase(args: argparse.Namespace) -> str:
    passphrase = _read_secret(args.passphrase_stdin, PASSPHRASE_ENV, "Backup passphrase: ")
    if not passphrase:
        raise CliError(f"give the backup passphrase on stdin (--passphrase-stdin) or in {PASSPHRASE_ENV}")
    return passphrase


def _size(count: int) -> str:
    return f"{count / (1 << 20):,.1f} MiB" if count >= 1 << 20 else f"{count:,} bytes"


def cmd_backup_create(paths: Paths, args: argparse.Namespace) -> int:
    from desktop_app.cli import _system_context
    from desktop_app.services.backup import create_backup

    target = Path(args.out)
    if target.is_dir():
        raise CliError(f"--out is a folder: give the file to write, e.g. {target / 'benji.benji-backup'}")
    if not target.parent.is_dir():
        raise CliError(f"no such folder: {target.parent}")
    passphrase = _passphrase(args)
    with _system_context(paths, args) as context:
        info = create_backup(context, target, passphrase)
    manifest = info.manifest
    print(f"wrote {target} ({_size(info.size)}): {len(manifest.tables)} tables, {manifest.rows:,} rows, schema "
          f"{manifest.schema_revision}, audit chain at {manifest.audit_seq}, sha256 {manifest.payload_sha256}")
    return 0


def cmd_backup_verify(paths: Paths, args: argparse.Namespace) -> int:
    from desktop_app.services.backup import verify_backup

    report = verify_backup(Path(args.file), _passphrase(args))
    manifest = report.manifest
    print(f"backup intact: {report.tables} tables, {report.rows:,} rows, schema {manifest.schema_revision}, "
          f"from {manifest.backend} at {manifest.created_at} (app {manifest.app_version})")
    return 0


def _target(paths: Paths, args: argparse.Namespace) -> Any:
    from sqlalchemy import make_url

    from desktop_app.db import open_profile, open_url

    if args.into:
        if args.db_path:
            raise CliError("give either --into URL or --db-path, not both")
        try:
            url = make_url(args.into)
        except Exception:
            raise CliError(f"--into: not a database URL: {args.into!r} (e.g. postgresql+psycopg://user@host/db)") \
                from None
        if url.get_backend_name() != "sqlite" and not url.password:
            password = _read_secret(args.password_stdin, DB_PASSWORD_ENV, "Password for the target database: ")
            url = url.set(password=password or None)
        return open_url(url)
    profile = _profile(paths, args)
    return open_profile(profile, _db_password(profile, args))


def cmd_backup_restore(paths: Paths, args: argparse.Namespace) -> int:
    from desktop_app.services.backup_restore import restore_backup
    from desktop_app.services.context import Context

    source = Path(args.file)
    passphrase = _passphrase(args)
    target = _target(paths, args)
    try:
        report = restore_backup(Context(target), source, passphrase, target)
    finally:
        target.dispose()
    kept = f"; the previous file is kept as {report.previous_file}" if report.previous_file else ""
    upgraded = f", upgraded from schema {report.upgraded_from}" if report.upgraded_from else ""
    print(f"restored {report.tables} tables, {report.rows:,} rows into {report.target}{upgraded}; audit chain "
          f"verified ({report.audit_entries} entries){kept}")
    return 0


def cmd_backup_run_scheduled(paths: Paths, args: argparse.Namespace) -> int:
    import os

    from desktop_app.cli import _system_context
    from desktop_app.messages import describe
    from desktop_app.services import backup_schedule as schedule

    passphrase = _read_secret(True, PASSPHRASE_ENV, "") if args.passphrase_stdin else os.environ.get(PASSPHRASE_ENV)
    with _system_context(paths, args) as context:
        result = schedule.run_scheduled_backup(context, force=args.force, passphrase=passphrase or None)
        if result is None:
            due = schedule.next_due(context)
            if due is None:
                folder = _folder(schedule.get_schedule(context).folder)
                print(f"scheduled backups are switched off{folder}: nothing to do (switch them on in the app, or "
                      "use --force)")
            elif due > context.clock():
                print(f"not due until {schedule.local_time(context, due):%Y-%m-%d %H:%M} (use --force to back up now)")
            else:
                print("another desktop is making the scheduled backup right now: nothing to do")
            return 0
    error = schedule.error_of(result)
    if error is not None:
        raise CliError(f"scheduled backup failed (recorded for the app): {describe(error)} [{result.message}]")
    removed = f"{result.removed} old backup{'' if result.removed == 1 else 's'} removed"
    print(f"wrote {result.file} ({_size(result.size)}): {result.rows:,} rows, verified; {removed}")
    return 0


def _folder(folder: str) -> str:
    return f" (folder {folder})" if folder else ""


def add_commands(commands: Any) -> None:
    backup = commands.add_parser("backup", help="encrypted backups: create, verify, restore")
    actions = backup.add_subparsers(dest="backup_command", required=True, metavar="ACTION")
    create = actions.add_parser("create", help="write an encrypted backup of the database",
                                description="Write an encrypted, portable backup of the whole database (one "
                                            "consistent snapshot, while others keep working).")
    create.add_argument("--out", required=True, metavar="FILE", help="the backup file to write")
    verify = actions.add_parser("verify", help="decrypt a backup and check every checksum",
                                description="Decrypt a backup and check its checksums and row counts; exit 2 "
                                            "with the reason when it is damaged or the passphrase is wrong.")
    verify.add_argument("file", metavar="FILE")
    restore = actions.add_parser("restore", help="restore a backup (checked first, then swapped in)",
                                 description="Check the whole backup, restore it into a staging database, verify "
                                             "row counts, checksums and the audit chain, then swap it in. A server "
                                             "target must be empty.")
    restore.add_argument("file", metavar="FILE")
    restore.add_argument("--into", metavar="URL", help="an empty target database, e.g. "
                         "postgresql+psycopg://benji@192.168.1.10/benji (password from the keyring, stdin or "
                         f"{DB_PASSWORD_ENV})")
    scheduled = actions.add_parser("run-scheduled", help="the scheduled backup into its folder, when due",
                                   description="For Windows Task Scheduler (e.g. every hour): when the schedule "
                                               "set in the app is due, write benji-YYYYMMDD-HHMMSS.benji into its "
                                               "folder, verify it and remove old backups by the retention rule. "
                                               "The passphrase comes from this user's keyring (saved by the app) "
                                               f"or {PASSPHRASE_ENV}. Exit 2 when the backup failed.")
    scheduled.add_argument("--force", action="store_true", help="back up now, even when not due or switched off")
    for sub, run in ((create, cmd_backup_create), (restore, cmd_backup_restore),
                     (scheduled, cmd_backup_run_scheduled)):
        _database_command(sub, run)
    verify.set_defaults(run=cmd_backup_verify)
    for sub in (create, verify, restore, scheduled):
        sub.add_argument("--passphrase-stdin", action="store_true",
                         help=f"read the backup passphrase from the first line of stdin (else {PASSPHRASE_ENV})")
