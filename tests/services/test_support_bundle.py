"""The support bundle (services/support_bundle.py, cli_support.py) holds no secret and no customer data
(issue 9, acceptance 6): the database password is planted in the keyring, the environment, the config file
and the log (realistic log calls: an unexpected error's traceback, a URL, a conninfo string), a customer's
phone reaches the log through a real database error and a domain error; every file of the ZIP is read back
decompressed and searched. Also: what the bundle holds, that it is audited, the scrubbing rules one by one,
and the CLI without logging in (with the database, without it, and with the server unreachable)."""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import zipfile
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from sqlalchemy import URL, text

from desktop_app import cli_support, logsetup
from desktop_app.config import DatabaseProfile, DeviceConfig, Paths, save_config
from desktop_app.credentials import store_password
from desktop_app.errors import DomainError, PermissionDenied
from desktop_app.services.audit import AuditFilter, list_entries
from desktop_app.services.backup_schedule import passphrase_key
from desktop_app.services.context import Context
from desktop_app.services.customers import CustomerInput, create_customer
from desktop_app.services.support_bundle import Scrubber, _unopened, collect_support_bundle

DB_PASSWORD = "Qx7!mZ#server-pw"  # the LAN server's password: keyring, environment, log
PASSPHRASE = "backup passphrase kept safe"
PHONE = "13912345678"
CUSTOMER = "广州测试保密客户有限公司"
SERVER = DatabaseProfile(kind="postgresql", host="192.168.1.10", port=5432, database="benji", user="benji")


@pytest.fixture(autouse=True)
def quiet_root_logger() -> Any:
    """logsetup.configure adds a file handler to the root logger: remove it again after each test."""
    yield
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "benji", False):
            root.removeHandler(handler)
            handler.close()


def contents(path: Path) -> dict[str, str]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name).decode("utf-8") for name in archive.namelist()}


def assert_clean(files: dict[str, str], *secrets: str) -> None:
    for name, body in files.items():
        for secret in secrets:
            assert secret not in body, (name, secret)


def plant(paths: Paths, context: Context, monkeypatch: pytest.MonkeyPatch) -> None:
    """The password where a real desktop has it, and both the password and a customer's phone in the log."""
    save_config(paths, DeviceConfig(language="zh_CN", profile=SERVER,
                                    extra={"idle_lock_minutes": 15, "smtp_password": "Mail-Secret-4711",
                                           "pdf_folder": f"D:\\客户资料\\{CUSTOMER}",
                                           "proxy": "http://proxyuser:Proxy-Pass-99@10.0.0.5:8080"}))
    store_password(SERVER.secret_key(), DB_PASSWORD)
    store_password(passphrase_key(context.database), PASSPHRASE)
    monkeypatch.setenv("BENJI_DB_PASSWORD", DB_PASSWORD)
    create_customer(context, CustomerInput(name=CUSTOMER, phone=PHONE, email="li.si@guangzhou-test.cn"))
    logsetup.configure(paths.log_file)
    log = logging.getLogger("desktop_app.db")
    log.info("starting Benji CRM 0.1.0")
    url = URL.create("postgresql+psycopg", "benji", DB_PASSWORD, "192.168.1.10", 5432, "benji")
    try:  # an unexpected error with the connection string in its message, through the one error dialog's log call
        raise RuntimeError(f"connection failed: {url.render_as_string(hide_password=False)} "
                           f"(host=192.168.1.10 user=benji password={DB_PASSWORD} dbname=benji)")
    except RuntimeError as error:
        logging.getLogger("desktop_app.views.error_dialog").error("unexpected error", exc_info=error)
    log.warning("keyring answered %s for %s", DB_PASSWORD, SERVER.describe())  # a careless debug line
    log.warning("backup passphrase %s refused", PASSPHRASE)
    try:  # a real database error whose parameters carry the customer's phone and name
        with context.database.engine.begin() as connection:
            connection.execute(text("INSERT INTO customers (id, name, phone) VALUES (:id, :name, :phone)"),
                               {"id": 1, "name": CUSTOMER, "phone": PHONE})
    except Exception as error:
        logging.getLogger("desktop_app.views.error_dialog").error("unexpected error", exc_info=error)
    logging.getLogger("desktop_app.views.ops").warning(
        "background work failed after its window closed: %r",
        DomainError("customer.duplicate_name", name=CUSTOMER, phone=PHONE))
    log.warning("start-of-day tasks failed: call %s or 139-1234-5678 about 6222021234567890123", PHONE)
    for handler in logging.getLogger().handlers:
        handler.flush()
    rotated = paths.log_dir / "benji.log.1"  # an older, rotated log
    rotated.write_text(f"2026-01-01 09:00:00,000 INFO x [MainThread] phone {PHONE} password={DB_PASSWORD}\n",
                       encoding="utf-8")


def test_the_bundle_holds_no_secret_and_no_customer_data(  # type: ignore[no-untyped-def]
        admin_context, benji_paths: Paths, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    plant(benji_paths, admin_context, monkeypatch)
    log_text = benji_paths.log_file.read_text(encoding="utf-8")
    assert DB_PASSWORD in log_text and PHONE in log_text and CUSTOMER in log_text  # the plant took
    out = tmp_path / "out" / "support.zip"
    out.parent.mkdir()
    info = collect_support_bundle(benji_paths, out, context=admin_context)
    files = contents(out)
    assert set(files) == {"manifest.json", "diagnostics.json", "diagnostics.txt", "config/benji.json",
                          "logs/benji.log", "logs/benji.log.1", "packages.txt"}
    assert_clean(files, DB_PASSWORD, quote(DB_PASSWORD, safe=""), PASSPHRASE, PHONE, "139-1234-5678", CUSTOMER,
                 "li.si@guangzhou-test.cn", "6222021234567890123", "Mail-Secret-4711", "Proxy-Pass-99")
    with zipfile.ZipFile(out) as archive:  # no entry escapes the scan
        assert sorted(archive.namelist()) == sorted(files) and all(not i.is_dir() for i in archive.infolist())
    # still useful: what happened is there, with markers where something was taken out
    log = files["logs/benji.log"]
    assert "starting Benji CRM 0.1.0" in log and "unexpected error" in log and "Traceback" in log
    assert "«redacted:phone»" in log and "«redacted:secret»" in log and "sqlalchemy.exc." in log
    assert "«redacted:sql_parameters»" in log or "«redacted:value»" in log
    config = json.loads(files["config/benji.json"])
    wanted = {"kind": "postgresql", "host": "192.168.1.10", "port": 5432, "database": "benji", "user": "benji"}
    assert {key: config["profile"][key] for key in wanted} == wanted  # how to reach the server is kept
    assert config["extra"]["idle_lock_minutes"] == 15 and config["extra"]["smtp_password"] == "«redacted:secret»"
    assert config["extra"]["pdf_folder"] == "«redacted:path»"
    diagnostics = json.loads(files["diagnostics.json"])
    assert diagnostics["database"]["kind"] == admin_context.database.kind
    assert diagnostics["platform"]["app_version"] == "0.1.0"
    assert "Database size" in files["diagnostics.txt"]
    assert "PySide6_Essentials==" in files["packages.txt"] and "SQLAlchemy==" in files["packages.txt"]
    manifest = json.loads(files["manifest.json"])
    assert [entry["name"] for entry in manifest["files"]] == [name for name in info.files if name != "manifest.json"]
    for entry in manifest["files"]:
        assert entry["sha256"] == hashlib.sha256(files[entry["name"]].encode("utf-8")).hexdigest()
    assert manifest["redactions"]["secret"] >= 5 and manifest["redactions"]["phone"] >= 3
    assert dict(info.redactions) == manifest["redactions"] and info.database and info.size == out.stat().st_size
    audited = list_entries(admin_context, AuditFilter(action="support.bundle"))
    assert len(audited) == 1 and audited[0].detail["file"] == "support.zip"
    assert audited[0].user_login == "admin"
    assert not [p for p in out.parent.iterdir() if p.name != "support.zip"]  # no temporary file left


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_who_may_collect_it_and_a_folder_that_cannot_be_written(  # type: ignore[no-untyped-def]
        org, benji_paths: Paths, tmp_path: Path) -> None:
    with pytest.raises(PermissionDenied):
        collect_support_bundle(benji_paths, tmp_path / "b.zip", context=org["contexts"]["north1"])
    assert not (tmp_path / "b.zip").exists()
    info = collect_support_bundle(benji_paths, tmp_path / "a.zip", context=org["contexts"]["auditor"])
    assert info.path.is_file()
    with pytest.raises(DomainError) as raised:
        collect_support_bundle(benji_paths, tmp_path / "missing" / "c.zip", context=org["contexts"]["admin"])
    assert raised.value.code == "support.write_failed"
    assert len(list_entries(org["contexts"]["admin"], AuditFilter(action="support.bundle"))) == 1  # only a.zip


@pytest.mark.parametrize("line, kind, kept", [
    ("connect postgresql+psycopg://benji:S3cr%21t@10.1.1.1:5432/benji", "password", "connect postgresql+psycopg://benji:"),
    ('{"passphrase": "two words"}', "secret", '{"passphrase": "'),
    ("PGPASSWORD=abcd1234 psql", "secret", "PGPASSWORD="),
    ("db_password='pa ss'", "secret", "db_password='"),
    ("[parameters: ('客户甲', '010-12345678')]", "sql_parameters", "[parameters: "),
    ("DETAIL:  Key (name)=(客户甲) already exists.", "value", "Key (name)=("),
    ("(1062, \"Duplicate entry '客户甲' for key 'uq_customers_name'\")", "value", "for key 'uq_customers_name'"),
    ("Failing row contains (1, 客户甲, null).", "row", "Failing row contains "),
    ("customer.duplicate(name='客户甲')", "field", "customer.duplicate(name='"),
    ("mail to zhang.san@example.com.cn today", "email", "mail to "),
    ("身份证110105199001011234", "id_card", "身份证"),
    ("税号 91350100M000100Y43", "tax_id", "税号 "),
    ("tel +86 139 1234 5678", "phone", "tel "),
    ("座机 (0755)12345678 / 010-1234567", "phone", "座机 "),
    ("热线 400-123-4567", "phone", "热线 "),
    ("账号 6222 0212 3456 7890 123", "bank_account", "账号 "),
    ("-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----", "private_key", ""),
])
def test_each_rule(line: str, kind: str, kept: str) -> None:
    scrubber = Scrubber()
    result = scrubber.text(line)
    assert f"«redacted:{kind}»" in result and kept in result and scrubber.counts[kind] >= 1


def test_what_is_not_redacted() -> None:
    lines = ("2026-01-02 13:45:12,345 INFO desktop_app.schema [MainThread] backed up to C:\\benji\\backups; "
             "upgrading 3f2a1c0d9e8b -> 7c1e2d3f4a5b\n"
             "database postgresql benji@db.office.lan:5432/benji url postgresql+psycopg://benji@192.168.1.10/benji\n"
             "Benji CRM 0.1.0 on 10.0.0.1 port 5432, 25 tables, 1,234 rows, pid 4242, password_stdin=True\n"
             "db.no_password: Enter the password for the database server (postgresql y@127.0.0.1:1/x).\n")
    scrubber = Scrubber(["ab"])  # too short to search for
    assert scrubber.text(lines) == lines and not scrubber.counts


def _cli(paths: Paths, *argv: str) -> int:
    parser = argparse.ArgumentParser()
    cli_support.add_commands(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["support-bundle", *argv])
    result: int = args.run(paths, args)
    return result


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_the_cli_works_without_logging_in(  # type: ignore[no-untyped-def]
        admin_context, benji_paths: Paths, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    plant(benji_paths, admin_context, monkeypatch)
    path = admin_context.database.sqlite_path
    assert _cli(benji_paths, "--out", str(tmp_path / "a.zip"), "--db-path", str(path), "--check-audit") == 0
    printed = capsys.readouterr().out
    assert "wrote" in printed and "audit chain intact" in printed
    files = contents(tmp_path / "a.zip")
    assert_clean(files, DB_PASSWORD, PASSPHRASE, PHONE, CUSTOMER)
    assert json.loads(files["diagnostics.json"])["audit"]["ok"] is True
    audited = list_entries(admin_context, AuditFilter(action="support.bundle"))
    assert [entry.user_login for entry in audited] == ["system"]
    # the configured server is down (nothing listens on port 1): the bundle is written all the same
    down = DatabaseProfile(kind="postgresql", host="127.0.0.1", port=1, database="benji", user="benji")
    save_config(benji_paths, DeviceConfig(profile=down))
    store_password(passphrase_key(_unopened(down)), PASSPHRASE)  # its backup passphrase, in this keyring
    assert _cli(benji_paths, "--out", str(tmp_path / "b.zip")) == 0
    assert "the database is not described in it: db.unreachable" in capsys.readouterr().out
    files = contents(tmp_path / "b.zip")
    assert_clean(files, DB_PASSWORD, PASSPHRASE, PHONE, CUSTOMER)
    assert json.loads(files["diagnostics.json"])["database"] is None
    assert "db.unreachable" in json.loads(files["diagnostics.json"])["database_problem"]
    assert _cli(benji_paths, "--out", str(tmp_path / "c.zip"), "--no-database") == 0
    assert json.loads(contents(tmp_path / "c.zip")["diagnostics.json"])["database_problem"] == \
        "left out (--no-database)"
    assert len(list_entries(admin_context, AuditFilter(action="support.bundle"))) == 1
