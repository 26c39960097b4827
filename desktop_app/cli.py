"""The admin CLI for IT: the same services as the GUI, no Qt.

    python -m desktop_app init      create the database and the first administrator (scripted installs)
    python -m desktop_app migrate   back up and upgrade the schema of the configured database
    python -m desktop_app check     connectivity, schema version, integrity (exit 1 when not healthy)
    python -m desktop_app db set    store a LAN server profile (the password goes to the OS keyring)
    python -m desktop_app db show   print the configured profile
    python -m desktop_app audit verify            walk the audit hash chain (exit 1 when broken)
    python -m desktop_app user unlock LOGIN       unlock an account locked by wrong passwords
    python -m desktop_app user reset-password LOGIN   recovery of a locked-out administrator
    python -m desktop_app pool auto-return        apply the customer pool's return rule (scheduled task)
    python -m desktop_app customers import FILE   import customers from CSV/XLSX (dry run unless --commit)
    python -m desktop_app customers imports       list recent imports (batch ids for undo-import)
    python -m desktop_app customers undo-import BATCH_ID   undo an import while nothing depends on it
    python -m desktop_app catalog export FILE     products, coupons and plans to a JSON file
    python -m desktop_app catalog import FILE     check a catalog JSON file, merge it with --commit
    python -m desktop_app demo fill               fill an empty database with a demo company (cli_demo.py)
    python -m desktop_app report list             the reports and their filters (cli_reports.py)
    python -m desktop_app report run NAME --period P --out FILE   a report as XLSX, CSV or PDF (nightly tasks)
    python -m desktop_app backup create --out FILE   an encrypted backup (cli_backup.py; verify, restore)
    python -m desktop_app server create|install|move   LAN server roles, schema and grants (cli_server.py)
    python -m desktop_app support-bundle --out FILE   logs, settings and diagnostics for support (cli_support.py)

Passwords are read from standard input (``--password-stdin``) or an environment variable, never from
the command line, where other users of the machine could see them.
"""

from __future__ import annotations

import argparse
import getpass
import logging
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from typing import Any

from desktop_app import APP_NAME, __version__, credentials
from desktop_app.config import KINDS, SQLITE, DatabaseProfile, Paths, load_config, save_config
from desktop_app.errors import DomainError
from desktop_app.messages import describe

DB_PASSWORD_ENV = "BENJI_DB_PASSWORD"
ADMIN_PASSWORD_ENV = "BENJI_ADMIN_PASSWORD"


class CliError(Exception):
    """A one-line error for the operator."""


def _read_secret(use_stdin: bool, env: str, prompt: str) -> str | None:
    if use_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    if os.environ.get(env):
        return os.environ[env]
    if sys.stdin.isatty():
        return getpass.getpass(prompt)
    return None


def _profile(paths: Paths, args: argparse.Namespace) -> DatabaseProfile:
    if getattr(args, "db_path", None):
        return DatabaseProfile(kind=SQLITE, path=str(args.db_path))
    profile = load_config(paths).profile
    if profile is None:
        raise CliError("no database configured: run `init` or `db set` first, or pass --db-path")
    return profile


def _db_password(profile: DatabaseProfile, args: argparse.Namespace) -> str | None:
    if not profile.is_server:
        return None
    password = credentials.load_password(profile.secret_key())
    if password is None:
        password = _read_secret(getattr(args, "password_stdin", False), DB_PASSWORD_ENV,
                                f"Password for {profile.describe()}: ")
    return password


def _open(paths: Paths, args: argparse.Namespace) -> Any:
    from desktop_app.services.system import open_and_prepare

    profile = _profile(paths, args)
    return open_and_prepare(profile, _db_password(profile, args), paths.backup_dir)


# --- commands -----------------------------------------------------------------------------------

def cmd_init(paths: Paths, args: argparse.Namespace) -> int:
    from desktop_app.services.company import CompanyDetails
    from desktop_app.services.context import Context
    from desktop_app.services.setup import FirstAdmin, initialise, is_initialised

    config = load_config(paths)
    if args.db_path:
        profile = DatabaseProfile(kind=SQLITE, path=str(args.db_path))
    else:
        profile = config.profile or DatabaseProfile(kind=SQLITE, path=str(paths.default_database))
    password = _read_secret(args.admin_password_stdin, ADMIN_PASSWORD_ENV, "Administrator password: ")
    if not password:
        raise CliError(f"give the administrator password on stdin (--admin-password-stdin) or in {ADMIN_PASSWORD_ENV}")
    from desktop_app.services.system import open_and_prepare

    database = open_and_prepare(profile, _db_password(profile, args), paths.backup_dir)
    try:
        context = Context(database)
        if is_initialised(context):
            print(f"already set up: {database.description}")
        else:
            company = CompanyDetails(name=args.company, address=args.address, phone=args.phone,
                                     tax_id=args.tax_id, bank_name=args.bank, bank_account=args.bank_account)
            initialise(context, company, FirstAdmin(args.admin, args.admin_name or args.admin, password))
            print(f"created {database.description}: company {args.company!r}, administrator {args.admin!r}")
    finally:
        database.dispose()
    save_config(paths, config.with_profile(profile))
    return 0


def cmd_migrate(paths: Paths, args: argparse.Namespace) -> int:
    from desktop_app.db import open_profile
    from desktop_app.schema import SchemaState, prepare

    profile = _profile(paths, args)
    database = open_profile(profile, _db_password(profile, args))
    try:
        report = prepare(database, paths.backup_dir)
    finally:
        database.dispose()
    messages = {
        SchemaState.EMPTY: f"created the schema at {report.head}",
        SchemaState.OLDER: f"backed up, then upgraded {report.revision} -> {report.head}",
        SchemaState.CURRENT: f"already at {report.head}",
    }
    print(messages.get(report.state, report.state.value))
    return 0


def cmd_check(paths: Paths, args: argparse.Namespace) -> int:
    from desktop_app.db import open_profile
    from desktop_app.services.system import health

    profile = _profile(paths, args)
    database = open_profile(profile, _db_password(profile, args))
    try:
        report = health(database)
    finally:
        database.dispose()
    print(f"database:   {report.description}")
    print(f"app:        {APP_NAME} {report.app_version}")
    print(f"schema:     {report.schema_revision} (this client: {report.schema_head}, {report.schema_state})")
    print(f"integrity:  {report.integrity}")
    for table, count in report.row_counts.items():
        print(f"rows:       {table} {count}")
    print("OK" if report.ok else "NOT OK")
    return 0 if report.ok else 1


def cmd_db_set(paths: Paths, args: argparse.Namespace) -> int:
    if args.kind == SQLITE:
        profile = DatabaseProfile(kind=SQLITE, path=str(args.path or paths.default_database))
    else:
        if not (args.host and args.database and args.user):
            raise CliError("a server profile needs --host, --database and --user")
        profile = DatabaseProfile(kind=args.kind, host=args.host, port=args.port or 0, database=args.database,
                                  user=args.user, tls=args.tls)
        password = _read_secret(args.password_stdin, DB_PASSWORD_ENV, f"Password for {profile.describe()}: ")
        if password:
            try:
                credentials.store_password(profile.secret_key(), password)
                print("password stored in the OS keyring")
            except credentials.NoSecureStore:
                print(f"warning: this machine has no secure keyring; the password was NOT stored. Give it in "
                      f"{DB_PASSWORD_ENV} or on stdin to each command, or enter it at each start of the app.")
        if args.test:
            from desktop_app.services.system import try_connection

            report = try_connection(profile, password)
            print(f"connected: {report.description} (schema {report.schema.value})")
    config = load_config(paths)
    save_config(paths, replace(config, profile=profile))
    print(f"database profile saved: {profile.describe()}")
    return 0


@contextmanager
def _system_context(paths: Paths, args: argparse.Namespace) -> Iterator[Any]:
    """The configured database, prepared, acting as "system"; closed afterwards."""
    from desktop_app.services.context import Context

    context = Context(_open(paths, args))
    try:
        yield context
    finally:
        context.database.dispose()


def cmd_audit_verify(paths: Paths, args: argparse.Namespace) -> int:
    from desktop_app.services.audit import verify

    with _system_context(paths, args) as context:
        report = verify(context)
    if report.ok:
        print(f"audit chain intact: {report.checked} entries")
        return 0
    print(f"audit chain BROKEN at entry {report.broken_seq} ({report.reason}); {report.checked} entries before it "
          "are intact")
    return 1


def cmd_user_unlock(paths: Paths, args: argparse.Namespace) -> int:
    from desktop_app.services.users import find_user_id, unlock_user

    with _system_context(paths, args) as context:
        unlock_user(context, find_user_id(context, args.login))
    print(f"unlocked {args.login}")
    return 0


def cmd_user_reset_password(paths: Paths, args: argparse.Namespace) -> int:
    """Recovery for a locked-out or forgotten administrator: run on the server by IT."""
    from desktop_app.services.users import find_user_id, reset_password

    password = _read_secret(args.new_password_stdin, "BENJI_NEW_PASSWORD", f"New password for {args.login}: ")
    if not password:
        raise CliError("give the new password on stdin (--new-password-stdin) or in BENJI_NEW_PASSWORD")
    with _system_context(paths, args) as context:
        reset_password(context, find_user_id(context, args.login), password)
    print(f"password of {args.login} reset and unlocked; it must be changed at the next log-in")
    return 0


def cmd_db_show(paths: Paths, args: argparse.Namespace) -> int:
    profile = load_config(paths).profile
    print(profile.describe() if profile else "no database configured")
    print(f"config file: {paths.config_file}")
    return 0


# --- parser -------------------------------------------------------------------------------------

def _database_command(sub: argparse.ArgumentParser, run: Callable[[Paths, argparse.Namespace], int]) -> None:
    """The options every command that opens the configured database shares."""
    sub.add_argument("--db-path", help="an embedded database file instead of the configured database")
    sub.add_argument("--password-stdin", action="store_true",
                     help=f"read the database password from stdin when the keyring has none (or {DB_PASSWORD_ENV})")
    sub.set_defaults(run=run)


def build_parser() -> argparse.ArgumentParser:
    prog = "benji-admin" if getattr(sys, "frozen", False) else "python -m desktop_app"  # the bundle's console program
    parser = argparse.ArgumentParser(prog=prog, description=f"{APP_NAME} admin commands for IT.")
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    init = commands.add_parser("init", help="create the database and the first administrator",
                               description="Create (or upgrade) the database, then the company and the first "
                                           "administrator. Does nothing if it is already set up.")
    init.add_argument("--company", required=True, help="company name")
    init.add_argument("--address", default="")
    init.add_argument("--phone", default="")
    init.add_argument("--tax-id", default="", help="统一社会信用代码 (18 characters)")
    init.add_argument("--bank", default="", help="bank name")
    init.add_argument("--bank-account", default="")
    init.add_argument("--admin", required=True, help="login name of the first administrator")
    init.add_argument("--admin-name", default="", help="display name of the first administrator")
    init.add_argument("--admin-password-stdin", action="store_true",
                      help=f"read the administrator password from stdin (else {ADMIN_PASSWORD_ENV})")
    init.add_argument("--db-path", help="embedded database file (default: the configured database)")
    init.set_defaults(run=cmd_init)

    for name, helptext, run in (("migrate", "back up and upgrade the schema", cmd_migrate),
                                ("check", "check connectivity, schema version and integrity", cmd_check)):
        _database_command(commands.add_parser(name, help=helptext, description=helptext.capitalize() + "."), run)

    audit = commands.add_parser("audit", help="the audit log")
    audit_commands = audit.add_subparsers(dest="audit_command", required=True, metavar="ACTION")
    verify = audit_commands.add_parser("verify", help="walk the hash chain and name the first broken entry",
                                       description="Walk the audit log's hash chain; exit 1 and name the first "
                                                   "changed, removed or inserted entry when it is broken.")
    user = commands.add_parser("user", help="recover user accounts (run by IT on the server)")
    user_commands = user.add_subparsers(dest="user_command", required=True, metavar="ACTION")
    unlock = user_commands.add_parser("unlock", help="unlock an account locked by wrong passwords")
    unlock.add_argument("login")
    reset = user_commands.add_parser("reset-password", help="set a temporary password (changed at next log-in)")
    reset.add_argument("login")
    reset.add_argument("--new-password-stdin", action="store_true", help="read the new password from stdin")
    for sub, run in ((verify, cmd_audit_verify), (unlock, cmd_user_unlock), (reset, cmd_user_reset_password)):
        _database_command(sub, run)
    from desktop_app import (
        cli_backup,
        cli_bills,
        cli_catalog,
        cli_customers,
        cli_demo,
        cli_documents,
        cli_reports,
        cli_server,
        cli_support,
        cli_usage,
    )

    cli_customers.add_commands(commands)
    cli_catalog.add_commands(commands)
    cli_usage.add_commands(commands)
    cli_bills.add_commands(commands)
    cli_documents.add_commands(commands)
    cli_demo.add_commands(commands)
    cli_reports.add_commands(commands)
    cli_backup.add_commands(commands)
    cli_server.add_commands(commands)
    cli_support.add_commands(commands)

    db = commands.add_parser("db", help="the database profile of this computer")
    db_commands = db.add_subparsers(dest="db_command", required=True, metavar="ACTION")
    db_set = db_commands.add_parser("set", help="store the database profile",
                                    description="Store the database profile; a server password goes to the OS "
                                                "keyring, never to a file.")
    db_set.add_argument("--kind", choices=KINDS, required=True)
    db_set.add_argument("--path", help="embedded database file (kind sqlite)")
    db_set.add_argument("--host")
    db_set.add_argument("--port", type=int)
    db_set.add_argument("--database")
    db_set.add_argument("--user")
    db_set.add_argument("--password-stdin", action="store_true",
                        help=f"read the password from stdin (else {DB_PASSWORD_ENV} or a prompt)")
    db_set.add_argument("--tls", action="store_true", help="require an encrypted connection (TLS on the server)")
    db_set.add_argument("--test", action="store_true", help="connect once to check the profile")
    db_set.set_defaults(run=cmd_db_set)
    db_show = db_commands.add_parser("show", help="print the database profile")
    db_show.set_defaults(run=cmd_db_show)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    paths = Paths.default()
    from desktop_app import logsetup

    logsetup.configure(paths.log_file)
    logging.getLogger(__name__).info("cli %s", args.command)
    run: Callable[[Paths, argparse.Namespace], int] = args.run
    try:
        return run(paths, args)
    except DomainError as error:
        print(f"error: {describe(error)}", file=sys.stderr)
        return 2
    except CliError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
