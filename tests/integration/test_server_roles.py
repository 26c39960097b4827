"""LAN server set-up against the real servers: the owner and app roles, their grants (also as made by the DBA
scripts in installer/server/), and moving an embedded database onto the server (issue 9 "LAN server set-up"
and "Move to a server"; issue 3 acceptance 4: the app role's UPDATE on the audit table is refused by the
database itself)."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import ADMIN_PASSWORD
from server_kit import APP_PASSWORD, OWNER_PASSWORD, admin_url, as_role, base_url, drop_server, refused
from sqlalchemy import create_engine, text

from desktop_app.db import Database
from desktop_app.errors import ConnectionProblem, DomainError
from desktop_app.schema import SchemaState, can_change_schema, inspect_schema, prepare
from desktop_app.services.audit import verify
from desktop_app.services.backup import our_tables
from desktop_app.services.backup_rows import table_sums
from desktop_app.services.context import Context
from desktop_app.services.server_setup import ServerNames, create, install

pytestmark = pytest.mark.server
@pytest.fixture(params=["postgresql", "mariadb"])
def server(request: pytest.FixtureRequest) -> Iterator[tuple[str, ServerNames]]:
    backend = request.param
    suffix = f"{os.getpid()}_{abs(hash(request.node.name)) % 10_000}"
    names = ServerNames(database=f"benji_srv_{suffix}", owner=f"benji_o_{suffix}", app=f"benji_a_{suffix}")
    drop_server(backend, names)
    yield backend, names
    drop_server(backend, names)


def test_owner_and_app_roles_the_app_cannot_rewrite_history(server: tuple[str, ServerNames], tmp_path: Path) -> None:
    from desktop_app.services.company import CompanyDetails
    from desktop_app.services.setup import FirstAdmin, initialise

    backend, names = server
    steps = create(admin_url(backend), names, OWNER_PASSWORD, APP_PASSWORD)
    assert [s.done for s in steps] == [True, True, True]
    again = create(admin_url(backend), names, OWNER_PASSWORD, APP_PASSWORD)  # idempotent: kept, not replaced
    assert [s.done for s in again] == [False, False, False]

    # before the owner installed the schema, a desktop is told who must act
    if backend == "mariadb":  # no grant yet on any table: MariaDB refuses the database itself
        with pytest.raises(ConnectionProblem) as problem:
            as_role(backend, names, names.app)
        assert problem.value.code == "db.permission_denied"
    else:
        app = as_role(backend, names, names.app)
        try:
            with pytest.raises(ConnectionProblem) as problem:
                prepare(app, tmp_path)
            assert problem.value.code == "db.upgrade_needs_owner"
            with app.engine.connect() as connection:
                assert not can_change_schema(connection)
        finally:
            app.dispose()

    owner = as_role(backend, names, names.owner)
    try:
        with owner.engine.connect() as connection:
            assert can_change_schema(connection)
        report = install(owner, names, tmp_path)
        assert report.tables == len(our_tables()) + 1  # and alembic_version
        assert install(owner, names, tmp_path).schema_before == report.schema_head  # idempotent
    finally:
        owner.dispose()

    app = as_role(backend, names, names.app)
    try:
        assert prepare(app, tmp_path).state is SchemaState.CURRENT
        system = Context(app)  # a desktop's ordinary work as the app role: set-up, log-in, audit entries
        initialise(system, CompanyDetails(name="本机服务器测试有限公司"), FirstAdmin("admin", "管理员", ADMIN_PASSWORD))
        from desktop_app.services.auth import log_in
        from desktop_app.services.customers import CustomerInput, create_customer

        admin = Context(app, log_in(system, "admin", ADMIN_PASSWORD).actor())
        create_customer(admin, CustomerInput(name="广州云帆贸易有限公司", phone="13800138000"))
        assert verify(system).ok

        # the database itself refuses: rewriting or deleting audit rows, DDL, switching off the triggers
        refused(app, "UPDATE audit_log SET action = 'x' WHERE seq = 1")
        refused(app, "DELETE FROM audit_log WHERE seq = 1")
        refused(app, "UPDATE issued_documents SET sha256 = 'x'")
        refused(app, "CREATE TABLE intruder (id INTEGER)")
        refused(app, "DROP TABLE customers")
        if backend == "postgresql":
            refused(app, "ALTER TABLE bill_lines DISABLE TRIGGER USER")
            refused(app, "TRUNCATE audit_log")
        else:
            refused(app, "DROP TRIGGER audit_log_no_update")
        with app.engine.connect() as connection:
            assert connection.execute(text("SELECT COUNT(*) FROM audit_log")).scalar_one() >= 3
        assert verify(system).ok
    finally:
        app.dispose()


def test_an_older_schema_is_refused_to_the_app_role_with_what_to_do(server: tuple[str, ServerNames],
                                                                    tmp_path: Path) -> None:
    from desktop_app import schema

    backend, names = server
    create(admin_url(backend), names, OWNER_PASSWORD, APP_PASSWORD)
    owner = as_role(backend, names, names.owner)
    try:
        schema.upgrade(owner, "0010")  # as left by an older version of the program
        from desktop_app.services.server_setup import grant_app_role

        grant_app_role(owner, names)
    finally:
        owner.dispose()
    app = as_role(backend, names, names.app)
    try:
        assert inspect_schema(app).state is SchemaState.OLDER
        with pytest.raises(ConnectionProblem) as problem:
            prepare(app, tmp_path)
        assert problem.value.code == "db.upgrade_needs_owner"
        assert inspect_schema(app).revision == "0010"  # nothing was tried
    finally:
        app.dispose()
    assert not list(tmp_path.iterdir())  # and no backup was taken for an upgrade that cannot happen


def _sums(database: Database) -> dict[str, tuple[int, str]]:
    tables = [(name, columns) for name, columns, _ in our_tables() if name not in ("audit_log", "audit_head")]
    with database.engine.connect() as connection, connection.begin():
        return {name: (s.rows, s.hexdigest()) for name, s in table_sums(connection, tables).items()}


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_move_an_embedded_database_to_the_server(server: tuple[str, ServerNames], admin_context: Context,
                                                 tmp_path: Path) -> None:
    from datetime import date

    from desktop_app.services.demo import fill_demo
    from desktop_app.services.move_to_server import move_to_server

    backend, names = server
    from desktop_app.services.wallets import top_up

    fill_demo(admin_context, today=date(2026, 6, 15), customers=6, confirm=ADMIN_PASSWORD)
    with admin_context.unit_of_work(write=False) as uow:
        customer_id = uow.session.execute(text("SELECT MIN(id) FROM customers")).scalar_one()
    top_up(admin_context, customer_id, "500.00", "move-test-top-up", bonus="0.01")
    source = admin_context.database
    before = _sums(source)
    seq = verify(Context(source)).checked
    create(admin_url(backend), names, OWNER_PASSWORD, APP_PASSWORD)
    owner = as_role(backend, names, names.owner)
    try:
        with pytest.raises(DomainError) as not_embedded:  # a server database is not embedded
            move_to_server(Context(owner), owner, names)
        assert not_embedded.value.code in ("server.not_embedded", "permission_denied")
        seen: list[tuple[int, int]] = []
        report = move_to_server(admin_context, owner, names, progress=lambda d, t, _n: seen.append((d, t)))
        assert report.rows > 500 and report.counts["wallet_entries"] > 0
        assert report.counts["customers"] == before["customers"][0]
        assert seen and seen[-1][0] == seen[-1][1]
        with pytest.raises(DomainError) as again:  # never into a database that holds tables
            move_to_server(admin_context, owner, names)
        assert again.value.code == "backup.target_not_empty"
    finally:
        owner.dispose()
    assert _sums(source) == before  # the source is only read

    app = as_role(backend, names, names.app)  # the desktops' role works on the moved data
    try:
        assert _sums(app) == before
        chain = verify(Context(app))
        assert chain.ok and chain.checked == seq + 1
        with app.engine.connect() as connection:
            last = connection.execute(text("SELECT action FROM audit_log ORDER BY seq DESC")).scalar()
        assert last == "server.move"
        from desktop_app.services.auth import log_in
        from desktop_app.services.customers import CustomerInput, create_customer

        admin = Context(app, log_in(Context(app), "admin", ADMIN_PASSWORD).actor())
        created, _ = create_customer(admin, CustomerInput(name="搬迁后新客户有限公司"))  # ids continue after the copy
        assert created.id > before["customers"][0]
        refused(app, "DELETE FROM audit_log")
    finally:
        app.dispose()


def test_the_admin_cli_sets_up_the_server_and_moves_this_desktop(server: tuple[str, ServerNames],
                                                                 benji_paths: Any, memory_keyring: Any,
                                                                 monkeypatch: pytest.MonkeyPatch,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    import io

    from desktop_app import credentials
    from desktop_app.cli import main
    from desktop_app.config import load_config

    backend, names = server
    base = base_url(backend)
    monkeypatch.setattr("sys.stdin", io.StringIO(ADMIN_PASSWORD + "\n"))
    assert main(["init", "--company", "上海搬迁测试有限公司", "--admin", "it", "--admin-password-stdin"]) == 0
    common = ["--kind", "postgresql" if backend == "postgresql" else "mysql", "--host", base.host or "127.0.0.1",
              "--port", str(base.port or (5432 if backend == "postgresql" else 3306)), "--database", names.database,
              "--owner", names.owner, "--app", names.app, "--passwords-stdin"]
    admin_password = base.password or ""
    monkeypatch.setattr("sys.stdin", io.StringIO(f"{admin_password}\n{OWNER_PASSWORD}\n{APP_PASSWORD}\n"))
    admin_user = ["--admin-user", base.username or "postgres"]
    assert main(["server", "create", *common, *admin_user]) == 0
    assert "created: role " + names.owner in capsys.readouterr().out
    monkeypatch.setattr("sys.stdin", io.StringIO(f"{OWNER_PASSWORD}\n{APP_PASSWORD}\n"))
    assert main(["server", "move", *common]) == 0
    out = capsys.readouterr().out
    assert "verified" in out and "other desktops:" in out and OWNER_PASSWORD not in out
    profile = load_config(benji_paths).profile
    assert profile is not None and profile.user == names.app and profile.database == names.database
    assert credentials.load_password(profile.secret_key()) == APP_PASSWORD
    assert main(["check"]) == 0  # this desktop now works on the server, as the app role
    assert "OK" in capsys.readouterr().out
    monkeypatch.setattr("sys.stdin", io.StringIO(f"{OWNER_PASSWORD}\n"))
    assert main(["server", "install", *common]) == 0  # after an upgrade of the program: idempotent
    assert "already current" in capsys.readouterr().out


# --- the scripts in installer/server/ for DBAs who set up the server by hand ---------------------------------

SCRIPTS = Path(__file__).resolve().parents[2] / "installer" / "server"


def _script(command: list[str], stdin: str) -> subprocess.CompletedProcess[str]:
    # a new session has no terminal: psql's \password and bash's read take the answers from stdin
    return subprocess.run(command, input=stdin, capture_output=True, text=True, timeout=60, start_new_session=True,
                          env={**os.environ, "PGPASSWORD": base_url("postgresql").password or ""})


def test_the_dba_scripts_make_what_server_install_expects(server: tuple[str, ServerNames], tmp_path: Path) -> None:
    backend, names = server
    base = base_url(backend)
    answers = f"{OWNER_PASSWORD}\n{OWNER_PASSWORD}\n{APP_PASSWORD}\n{APP_PASSWORD}\n"
    if backend == "postgresql":
        psql = shutil.which("psql")
        assert psql, "psql is installed by .ci/run"
        done = _script([psql, "-h", base.host or "127.0.0.1", "-p", str(base.port or 5432), "-U",
                        base.username or "postgres", "-d", "postgres", "-v", f"db={names.database}",
                        "-v", f"owner={names.owner}", "-v", f"app={names.app}",
                        "-f", str(SCRIPTS / "setup-postgresql.sql")], answers)
    else:
        assert shutil.which("mysql"), "the mariadb client is installed by .ci/run"
        done = _script(["bash", str(SCRIPTS / "setup-mariadb.sh"), "--database", names.database, "--owner", names.owner,
                     "--app", names.app, "--", "-h", base.host or "127.0.0.1", "-P", str(base.port or 3306), "-u",
                     base.username or "root"], answers)
    assert done.returncode == 0, done.stderr
    assert OWNER_PASSWORD not in done.stdout + done.stderr
    if backend == "postgresql":  # the test server trusts local connections: check the stored secrets instead
        engine = create_engine(admin_url(backend))
        with engine.connect() as connection:
            secrets = connection.execute(text("SELECT rolpassword FROM pg_authid WHERE rolname IN (:o, :a)"),
                                         {"o": names.owner, "a": names.app}).scalars().all()
        engine.dispose()
        assert len(secrets) == 2 and all(str(s).startswith("SCRAM-SHA-256$") for s in secrets)
    owner = as_role(backend, names, names.owner)  # MariaDB checks that the passwords the script set work
    try:
        install(owner, names, tmp_path)
    finally:
        owner.dispose()
    app = as_role(backend, names, names.app)
    try:
        assert inspect_schema(app).state is SchemaState.CURRENT
        refused(app, "UPDATE audit_log SET action = 'x'")
        refused(app, "CREATE TABLE intruder (id INTEGER)")
    finally:
        app.dispose()


@pytest.mark.parametrize("backend", ["postgresql", "mariadb"])
def test_a_profile_that_requires_tls_is_refused_by_a_server_without_it(backend: str) -> None:
    from desktop_app.config import DatabaseProfile
    from desktop_app.db import open_profile, server_url

    base = base_url(backend)
    kind = "postgresql" if backend == "postgresql" else "mysql"
    profile = DatabaseProfile(kind=kind, host=base.host or "127.0.0.1", port=base.port or 0,
                              database=base.database or "", user=base.username or "", tls=True)
    url = server_url(profile, "x")
    assert url.query.get("sslmode") == "require" if kind == "postgresql" else url.query.get("ssl_check_hostname")
    assert server_url(DatabaseProfile(kind=kind, host="h", database="d", user="u"), "x").query.get("sslmode") in (
        None, "prefer")  # without it, encrypted whenever the server offers TLS
    with create_engine(admin_url(backend)).connect() as connection:
        on = connection.exec_driver_sql("SHOW ssl" if kind == "postgresql" else "SELECT @@have_ssl").scalar()
    if str(on).lower() in ("on", "yes"):  # a server with TLS accepts the profile (not so on the CI machine)
        open_profile(profile, base.password or "").dispose()
        return
    with pytest.raises(ConnectionProblem) as problem:
        open_profile(profile, base.password or "")
    assert problem.value.code == "db.tls_unavailable"
