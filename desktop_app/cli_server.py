"""Admin CLI commands for a LAN server (see services/server_setup.py and the admin guide):

    server create --kind postgresql --host H [--admin-user postgres]   the database, owner and app roles
    server install --kind postgresql --host H                           schema (as the owner) + app grants
    server move --kind postgresql --host H                              copy this embedded database there

Passwords come from stdin (``--passwords-stdin``: one per line, in the order the command asks for them),
the environment (BENJI_SERVER_ADMIN_PASSWORD, BENJI_OWNER_PASSWORD, BENJI_APP_PASSWORD) or a prompt, never
from the command line.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from desktop_app.cli import CliError
from desktop_app.config import KINDS, SQLITE, DatabaseProfile, Paths

ADMIN_ENV, OWNER_ENV, APP_ENV = "BENJI_SERVER_ADMIN_PASSWORD", "BENJI_OWNER_PASSWORD", "BENJI_APP_PASSWORD"


class _Secrets:
    """Passwords in the order asked: from stdin lines, else the environment, else a prompt."""

    def __init__(self, use_stdin: bool) -> None:
        self.use_stdin = use_stdin

    def read(self, env: str, prompt: str, *, required: bool = True) -> str:
        if self.use_stdin:
            value = sys.stdin.readline().rstrip("\r\n")
        elif env in os.environ:
            value = os.environ[env]
        elif sys.stdin.isatty():
            import getpass

            value = getpass.getpass(prompt)
        else:
            value = ""
        if required and not value:
            raise CliError(f"no password given for {prompt.rstrip(': ')} (stdin with --passwords-stdin, or {env})")
        return value


def _names(args: argparse.Namespace) -> Any:
    from desktop_app.services.server_setup import ServerNames

    return ServerNames(database=args.database, owner=args.owner, app=args.app, clients=args.clients)


def _url(args: argparse.Namespace, user: str, password: str, database: str | None) -> Any:
    from desktop_app.db import server_url

    profile = DatabaseProfile(kind=args.kind, host=args.host, port=args.port or 0, database=database or "",
                              user=user)
    url = server_url(profile, password or None)
    return url if database else url.set(database=None)


def cmd_server_create(paths: Paths, args: argparse.Namespace) -> int:
    from desktop_app.services.server_setup import create

    names = _names(args)
    secrets = _Secrets(args.passwords_stdin)
    admin_password = secrets.read(ADMIN_ENV, f"Password of the server administrator {args.admin_user}: ",
                                  required=False)
    owner_password = secrets.read(OWNER_ENV, f"New password for the owner {names.owner}: ")
    app_password = secrets.read(APP_ENV, f"New password for the app user {names.app}: ")
    maintenance = "postgres" if args.kind == "postgresql" else None
    steps = create(_url(args, args.admin_user, admin_password, maintenance), names, owner_password, app_password)
    for step in steps:
        print(f"{'created' if step.done else 'exists, kept'}: {step.what}")
    print(f"next: python -m desktop_app server install --kind {args.kind} --host {args.host} "
          f"--database {names.database} --owner {names.owner} --app {names.app}")
    return 0


def cmd_server_install(paths: Paths, args: argparse.Namespace) -> int:
    from desktop_app.db import open_url
    from desktop_app.services.server_setup import install

    names = _names(args)
    owner_password = _Secrets(args.passwords_stdin).read(OWNER_ENV, f"Password of the owner {names.owner}: ",
                                                         required=False)
    owner = open_url(_url(args, names.owner, owner_password, names.database))
    try:
        report = install(owner, names, paths.backup_dir)
    finally:
        owner.dispose()
    if report.schema_before == report.schema_head:
        state = "already current"
    else:
        state = f"upgraded from {report.schema_before}" if report.schema_before else "created"
    print(f"schema {report.schema_head} ({state})")
    print(f"granted {report.app_role}: {report.tables} tables (append-only: audit_log, issued_documents)")
    print(f"next, on each desktop: python -m desktop_app db set --kind {args.kind} --host {args.host} "
          f"--database {names.database} --user {names.app} --test   (or the first-run wizard)")
    return 0


def cmd_server_move(paths: Paths, args: argparse.Namespace) -> int:
    from desktop_app.cli import _profile
    from desktop_app.config import load_config, save_config
    from desktop_app.db import open_url
    from desktop_app.services.context import Context
    from desktop_app.services.move_to_server import move_to_server
    from desktop_app.services.system import open_and_prepare

    source_profile = _profile(paths, args)
    if source_profile.kind != SQLITE:
        raise CliError(f"the configured database is already a server ({source_profile.describe()})")
    names = _names(args)
    secrets = _Secrets(args.passwords_stdin)
    owner_password = secrets.read(OWNER_ENV, f"Password of the owner {names.owner}: ", required=False)
    app_password = secrets.read(APP_ENV, f"Password of the app user {names.app}: ", required=False)
    source = open_and_prepare(source_profile, None, paths.backup_dir)
    target = open_url(_url(args, names.owner, owner_password, names.database))
    try:
        last = [-1]

        def progress(done: int, total: int, table: str) -> None:
            percent = done * 100 // max(total, 1)
            if percent >= last[0] + 10:
                last[0] = percent
                print(f"  {percent:3d} % {table}", flush=True)

        report = move_to_server(Context(source), target, names, progress=progress)
    finally:
        source.dispose()
        target.dispose()
    print(f"copied {report.rows:,} rows in {report.tables} tables in {report.seconds:.1f} s; every table's row "
          f"count and checksum verified; audit chain intact ({report.audit_entries} entries)")
    desktop = DatabaseProfile(kind=args.kind, host=args.host, port=args.port or 0, database=names.database,
                              user=names.app, tls=args.tls)
    if not args.keep_profile:
        from desktop_app import credentials

        if app_password:
            try:
                credentials.store_password(desktop.secret_key(), app_password)
            except credentials.NoSecureStore:
                print("warning: no secure keyring here; the app will ask for the password at each start")
        save_config(paths, load_config(paths).with_profile(desktop))
        print(f"this computer now uses {desktop.describe()}; the embedded file {Path(source_profile.path).name} is "
              "kept unchanged (do not use it any more)")
    print(f"other desktops: python -m desktop_app db set --kind {args.kind} --host {args.host} --database "
          f"{names.database} --user {names.app} --test   (or Settings > Database in the app)")
    return 0


def add_commands(commands: Any) -> None:
    server = commands.add_parser("server", help="set up a LAN database server (PostgreSQL or MariaDB)")
    actions = server.add_subparsers(dest="server_command", required=True, metavar="ACTION")
    create = actions.add_parser(
        "create", help="create the database, the owner role and the app role (as the server's administrator)",
        description="Create the owner role (schema changes), the app role (desktops) and the database owned by "
                    "the owner. Roles or a database that exist are kept. Passwords: administrator (may be empty), "
                    "owner, app — in that order on stdin with --passwords-stdin.")
    create.add_argument("--admin-user", default="postgres",
                        help="the server's administrator (postgres; root on MariaDB)")
    install = actions.add_parser(
        "install", help="create or upgrade the schema as the owner and grant the app role",
        description="As the owner: create or upgrade the schema (backed up first) and grant the app role its "
                    "rights (no schema changes, no UPDATE/DELETE on the audit log). Run again after every "
                    "upgrade of Benji CRM.")
    move = actions.add_parser(
        "move", help="copy this computer's embedded database into an empty server database (升级到局域网服务器)",
        description="Copy the embedded database (the configured one or --db-path) into the empty server "
                    "database (created with `server create`), verify every table's row count and checksum, grant "
                    "the app role and switch this computer's profile to the app role. Passwords: owner, app.")
    move.add_argument("--db-path", help="the embedded database file (default: the configured one)")
    move.add_argument("--keep-profile", action="store_true", help="do not switch this computer's profile")
    move.add_argument("--tls", action="store_true", help="this computer's new profile requires TLS")
    for sub, run in ((create, cmd_server_create), (install, cmd_server_install), (move, cmd_server_move)):
        sub.add_argument("--kind", choices=[k for k in KINDS if k != SQLITE], required=True)
        sub.add_argument("--host", required=True)
        sub.add_argument("--port", type=int)
        sub.add_argument("--database", default="benji")
        sub.add_argument("--owner", default="benji_owner", help="the owner role (schema changes)")
        sub.add_argument("--app", default="benji_app", help="the app role the desktops use")
        sub.add_argument("--clients", default="%",
                         help="MariaDB: where the roles may connect from, e.g. 192.168.1.%% (default any)")
        sub.add_argument("--passwords-stdin", action="store_true", help="read the passwords from stdin, one a line")
        sub.set_defaults(run=run)
