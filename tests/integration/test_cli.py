"""The admin CLI, in-process and as a real subprocess, against real databases."""

from __future__ import annotations

import io
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import MemoryKeyring, server_url
from sqlalchemy import make_url

from desktop_app.cli import build_parser, main
from desktop_app.config import Paths, load_config
from desktop_app.db import open_url
from desktop_app.schema import head_revision, upgrade

ROOT = Path(__file__).resolve().parents[2]
SECRET = "S3cret-Never-Logged-42"


def _init(monkeypatch: pytest.MonkeyPatch, *extra: str) -> int:
    monkeypatch.setattr("sys.stdin", io.StringIO("Admin-pass-2026\n"))
    return main(["init", "--company", "上海测试有限公司", "--admin", "it", "--admin-password-stdin", *extra])


def test_init_then_check_on_the_embedded_database(benji_paths: Paths, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    assert _init(monkeypatch, "--tax-id", "91350100M000100Y43") == 0
    assert "administrator 'it'" in capsys.readouterr().out
    assert load_config(benji_paths).profile.path == str(benji_paths.default_database)  # type: ignore[union-attr]
    assert _init(monkeypatch) == 0
    assert "already set up" in capsys.readouterr().out
    assert main(["check"]) == 0
    out = capsys.readouterr().out
    assert "integrity:  ok" in out and "rows:       users 1" in out and out.strip().endswith("OK")


def test_init_with_bad_input_prints_one_line_and_fails(benji_paths: Paths, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    assert _init(monkeypatch, "--tax-id", "12345") == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("error: The unified social credit code is not valid")


def test_migrate_backs_up_and_upgrades_an_old_database(benji_paths: Paths, capsys) -> None:  # type: ignore[no-untyped-def]
    path = benji_paths.data_dir / "old.db"
    db = open_url(f"sqlite:///{path}")
    upgrade(db, "0001")
    db.dispose()
    assert main(["migrate", "--db-path", str(path)]) == 0
    assert f"upgraded 0001 -> {head_revision()}" in capsys.readouterr().out
    assert len(list(benji_paths.backup_dir.glob("*before-upgrade-0001.db"))) == 1
    assert main(["migrate", "--db-path", str(path)]) == 0
    assert f"already at {head_revision()}" in capsys.readouterr().out


def test_check_refuses_a_newer_schema(benji_paths: Paths, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    _init(monkeypatch)
    with sqlite3.connect(benji_paths.default_database) as raw:
        raw.execute("UPDATE alembic_version SET version_num = '0999_newer'")
    raw.close()
    capsys.readouterr()
    assert main(["migrate"]) == 2
    assert "newer version of Benji CRM (schema 0999_newer)" in capsys.readouterr().err


def test_every_command_has_help() -> None:
    for argv in (["--help"], ["init", "--help"], ["migrate", "--help"], ["check", "--help"], ["db", "--help"],
                 ["db", "set", "--help"], ["db", "show", "--help"]):
        with pytest.raises(SystemExit) as caught:
            build_parser().parse_args(argv)
        assert caught.value.code == 0


def test_the_cli_runs_as_a_module_and_fails_cleanly(benji_paths: Paths) -> None:
    env = dict(os.environ, BENJI_HOME=str(benji_paths.config_dir.parent))
    result = subprocess.run([sys.executable, "-m", "desktop_app", "check"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert result.stderr.strip() == "error: no database configured: run `init` or `db set` first, or pass --db-path"


@pytest.mark.server
def test_db_set_keeps_the_password_out_of_files_and_logs(benji_paths: Paths, monkeypatch, capsys,
                                                           memory_keyring: MemoryKeyring) -> None:  # type: ignore[no-untyped-def]
    url = make_url(server_url("postgresql"))
    monkeypatch.setattr("sys.stdin", io.StringIO(SECRET + "\n"))
    assert main(["db", "set", "--kind", "postgresql", "--host", url.host or "", "--port", str(url.port or 5432),
                 "--database", url.database or "", "--user", url.username or "", "--password-stdin", "--test"]) == 0
    out = capsys.readouterr().out
    assert "password stored in the OS keyring" in out and "connected:" in out
    profile = load_config(benji_paths).profile
    assert profile is not None and profile.kind == "postgresql"
    assert memory_keyring.get_password("Benji CRM", profile.secret_key()) == SECRET
    assert main(["check"]) in (0, 1)  # takes the password from the keyring
    written = [p for p in benji_paths.config_dir.parent.rglob("*") if p.is_file()]
    assert any(p.suffix == ".json" for p in written) and any(p.suffix == ".log" for p in written)
    for path in written:
        assert SECRET.encode() not in path.read_bytes(), path


@pytest.mark.server
def test_an_unreachable_server_is_one_clear_line(benji_paths: Paths, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("BENJI_DB_PASSWORD", SECRET)
    assert main(["db", "set", "--kind", "mysql", "--host", "127.0.0.1", "--port", "1", "--database", "benji",
                 "--user", "benji_app"]) == 0
    capsys.readouterr()
    assert main(["check"]) == 2
    err = capsys.readouterr().err
    assert err == "error: The database server 127.0.0.1:1 does not answer. Check that the server is running and " \
                  "that this computer can reach it on the office network, then try again.\n"
    for path in benji_paths.config_dir.parent.rglob("*"):
        if path.is_file():
            assert SECRET.encode() not in path.read_bytes(), path


def test_recovering_a_locked_out_administrator(benji_paths: Paths, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    from desktop_app.errors import DomainError
    from desktop_app.services.auth import log_in
    from desktop_app.services.context import Context

    _init(monkeypatch)
    db = open_url(f"sqlite:///{benji_paths.default_database}")
    for _ in range(5):
        with pytest.raises(DomainError):
            log_in(Context(db), "it", "wrong-password")
    with pytest.raises(DomainError) as locked:
        log_in(Context(db), "it", "Admin-pass-2026")
    assert locked.value.code == "auth.locked"
    assert main(["user", "unlock", "it"]) == 0
    log_in(Context(db), "it", "Admin-pass-2026")
    monkeypatch.setattr("sys.stdin", io.StringIO("Recovered-2026\n"))
    assert main(["user", "reset-password", "it", "--new-password-stdin"]) == 0
    assert log_in(Context(db), "it", "Recovered-2026").must_change_password
    assert main(["audit", "verify"]) == 0
    assert "audit chain intact" in capsys.readouterr().out
    with db.engine.begin() as connection:
        connection.exec_driver_sql("DROP TRIGGER audit_log_no_update")
        connection.exec_driver_sql("UPDATE audit_log SET user_login = 'mallory' WHERE seq = 3")
    db.dispose()
    assert main(["audit", "verify"]) == 1
    assert "BROKEN at entry 3 (content)" in capsys.readouterr().out


def test_pool_auto_return_from_the_cli(benji_paths: Paths, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    _init(monkeypatch)
    assert main(["pool", "auto-return"]) == 0
    assert "returned 0 customers to the pool" in capsys.readouterr().out


def test_customers_import_from_the_cli(benji_paths: Paths, monkeypatch, capsys, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _init(monkeypatch)
    source = tmp_path / "old-system.csv"
    source.write_bytes("客户名称,电话,地区\n北京科技有限公司,13812345678,北京\n坏电话公司,123,上海\n".encode("gbk"))
    assert main(["customers", "import", str(source), "--commit"]) == 1
    out = capsys.readouterr().out
    assert "NOT imported: 2 rows" in out and "1 problems" in out
    assert (tmp_path / "old-system-errors.xlsx").is_file()
    source.write_bytes("客户名称,电话,地区\n北京科技有限公司,13812345678,北京\n".encode("gbk"))
    assert main(["customers", "import", str(source), "--commit"]) == 0
    assert "imported: 1 rows, 1 to create" in capsys.readouterr().out


def test_import_with_a_preset_list_imports_and_undo_from_the_cli(benji_paths: Paths, monkeypatch, capsys,  # type: ignore[no-untyped-def]
                                                                 tmp_path: Path) -> None:
    from desktop_app.services.auth import log_in
    from desktop_app.services.context import Context
    from desktop_app.services.saved_views import save_view

    _init(monkeypatch)
    for argv in (["customers", "imports", "--help"], ["customers", "undo-import", "--help"]):
        with pytest.raises(SystemExit) as caught:
            build_parser().parse_args(argv)
        assert caught.value.code == 0
    capsys.readouterr()
    source = tmp_path / "old-system.csv"  # headers the import does not recognise by itself
    source.write_bytes("公司,手机号\n北京科技有限公司,13812345678\n上海贸易有限公司,13912345678\n".encode("gbk"))
    assert main(["customers", "import", str(source), "--preset", "旧系统"]) == 2
    assert 'Nothing is saved under the name "旧系统"' in capsys.readouterr().err
    db = open_url(f"sqlite:///{benji_paths.default_database}")
    it = Context(db, log_in(Context(db), "it", "Admin-pass-2026").actor())
    save_view(it, "import_mapping", "旧系统", {"mapping": {"name": "公司", "phone": "手机号"}, "mode": "upsert",
                                              "match_key": "phone"})
    db.dispose()
    assert main(["customers", "imports"]) == 0
    assert "no imports" in capsys.readouterr().out
    assert main(["customers", "import", str(source), "--preset", "旧系统", "--preset-user", "it", "--commit"]) == 0
    out = capsys.readouterr().out
    assert "imported: 2 rows, 2 to create" in out and "undo-import 1" in out
    assert main(["customers", "imports"]) == 0
    listing = capsys.readouterr().out
    assert "old-system.csv" in listing and "upsert: 2 created, 0 updated" in listing and "undone" not in listing
    assert main(["customers", "undo-import", "1"]) == 0
    assert "import 1 undone: 2 customers deleted, 0 restored" in capsys.readouterr().out
    assert main(["customers", "undo-import", "1"]) == 2
    assert "already been undone" in capsys.readouterr().err
    assert main(["customers", "imports"]) == 0
    assert "undone" in capsys.readouterr().out
    assert main(["customers", "undo-import", "42"]) == 2
    assert "no longer exists" in capsys.readouterr().err


def test_catalog_export_and_import_from_the_cli(benji_paths: Paths, monkeypatch, capsys, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import json

    from desktop_app.services.auth import log_in
    from desktop_app.services.catalog import ProductInfo, save_product
    from desktop_app.services.context import Context
    from desktop_app.services.plans import create_plan, publish

    _init(monkeypatch)
    for argv in (["catalog", "--help"], ["catalog", "export", "--help"], ["catalog", "import", "--help"]):
        with pytest.raises(SystemExit) as caught:
            build_parser().parse_args(argv)
        assert caught.value.code == 0
    capsys.readouterr()
    db = open_url(f"sqlite:///{benji_paths.default_database}")
    it = Context(db, log_in(Context(db), "it", "Admin-pass-2026").actor())
    save_product(it, ProductInfo(0, "voice", "语音通话", unit="分钟", tax_rate="0.09"))
    plan, _, _ = create_plan(it, "voice", "语音套餐", "", {"charges": [
        {"kind": "recurring", "code": "pack", "name": "语音包", "product": "voice", "price": "99.00",
         "interval": "month"}]})
    publish(it, plan.id)
    db.dispose()
    exported = tmp_path / "catalog.json"
    assert main(["catalog", "export", str(exported)]) == 0
    assert f"exported 2 products, coupons and plans to {exported}" in capsys.readouterr().out
    data = json.loads(exported.read_text(encoding="utf-8"))
    assert data["format"] == "benji-catalog" and data["plans"][0]["versions"][0]["status"] == "published"
    data["products"].append({"code": "sms", "name": "短信", "unit": "条", "tax_rate": "0.06"})
    changed = tmp_path / "changed.json"
    changed.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert main(["catalog", "import", str(changed)]) == 0
    assert "dry run, nothing saved: products 1 new, 0 changed" in capsys.readouterr().out
    assert main(["catalog", "import", str(changed), "--commit"]) == 0
    assert "imported: products 1 new, 0 changed" in capsys.readouterr().out
    assert main(["catalog", "import", str(changed), "--commit"]) == 0
    assert "nothing to change: products 0 new" in capsys.readouterr().out
    data["plans"][0]["versions"][0]["definition"]["charges"][0]["price"] = "99.001234567"
    data["products"].append({"code": "data", "name": "流量", "unit": "GB", "tax_rate": "0.06"})
    changed.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert main(["catalog", "import", str(changed), "--commit"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: The catalog file was not imported and nothing was saved. "
                          "At $.plans[0].versions[0].definition.charges[0].price: A unit price has at most 6 "
                          "decimals") and err.count("\n") == 1
    assert main(["catalog", "export", str(exported)]) == 0
    assert "data" not in {p["code"] for p in json.loads(exported.read_text(encoding="utf-8"))["products"]}
    assert main(["catalog", "import", str(tmp_path / "missing.json")]) == 2
    assert "no such file" in capsys.readouterr().err


def test_usage_import_from_the_cli(benji_paths: Paths, monkeypatch, capsys, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from datetime import date

    from desktop_app.services.auth import log_in
    from desktop_app.services.catalog import ProductInfo, save_product
    from desktop_app.services.context import Context
    from desktop_app.services.customers import CustomerInput, create_customer
    from desktop_app.services.plans import create_plan, publish
    from desktop_app.services.subscriptions import create_subscription

    _init(monkeypatch)
    for argv in (["usage", "--help"], ["usage", "import", "--help"]):
        with pytest.raises(SystemExit) as caught:
            build_parser().parse_args(argv)
        assert caught.value.code == 0
    capsys.readouterr()
    db = open_url(f"sqlite:///{benji_paths.default_database}")
    it = Context(db, log_in(Context(db), "it", "Admin-pass-2026").actor())
    save_product(it, ProductInfo(0, "voice", "语音通话", unit="分钟", tax_rate="0.09"))
    plan, _, _ = create_plan(it, "voice", "语音套餐", "", {"charges": [
        {"kind": "recurring", "code": "pack", "name": "语音包", "product": "voice", "price": "99.00",
         "interval": "month"}]})
    publish(it, plan.id)
    customer, _ = create_customer(it, CustomerInput(name="北京科技有限公司"))
    sub, _ = create_subscription(it, customer.id, date(2026, 4, 1), plan_id=plan.id)
    db.dispose()
    source = tmp_path / "usage.csv"
    source.write_bytes(("订阅编号,计量项,时间,数量,记录编号\n"
                        f"{sub.code},call_seconds,2026-04-30T23:59:59+08:00,61,a1\n"
                        f"{sub.code},call_seconds,2026-04-30 12:00:00,30,a2\n").encode("gbk"))
    assert main(["usage", "import", str(source), "--commit"]) == 1
    out = capsys.readouterr().out
    assert "NOT imported: 2 rows, 1 new records, 0 already imported, 1 problems" in out
    assert (tmp_path / "usage-errors.xlsx").is_file()
    source.write_bytes(("订阅编号,计量项,时间,数量,记录编号\n"
                        f"{sub.code},call_seconds,2026-04-30T23:59:59+08:00,61,a1\n").encode("gbk"))
    assert main(["usage", "import", str(source)]) == 0
    assert "dry run: 1 rows, 1 new records" in capsys.readouterr().out
    assert main(["usage", "import", str(source), "--commit"]) == 0
    assert "imported: 1 rows, 1 new records, 0 already imported, 0 problems" in capsys.readouterr().out
    assert main(["usage", "import", str(source), "--commit", "--errors", str(tmp_path / "e.csv")]) == 0
    assert "imported: 1 rows, 0 new records, 1 already imported" in capsys.readouterr().out
    assert main(["usage", "import", str(tmp_path / "missing.csv")]) == 2
    assert "no such file" in capsys.readouterr().err
