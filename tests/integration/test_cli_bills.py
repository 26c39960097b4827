"""The billing commands of the admin CLI, in-process, on SQLite, PostgreSQL and MariaDB: bill-run (and its lock,
exit 3), bills issue, bills export, bills gap-report (exit 1 on gaps)."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from conftest import MemoryKeyring, _wipe, server_url
from sqlalchemy import make_url, update

from desktop_app.cli import build_parser, main
from desktop_app.config import Paths, load_config
from desktop_app.db import open_url
from desktop_app.models import Counter, RunLock

ADMIN_PASSWORD = "Admin-pass-2026"


@pytest.fixture(params=["sqlite", "postgresql", "mariadb"])
def cli_db(request: pytest.FixtureRequest, benji_paths: Paths, monkeypatch: pytest.MonkeyPatch,
           memory_keyring: MemoryKeyring) -> Iterator[Any]:
    """The CLI's configured database set up by ``init`` (a company and the administrator "it"), with one
    customer on a monthly plan from 2026-03-01 (月租 99.00, 6 %); yields the database for checks. A server's
    password is in the (test) keyring, where `db set` puts it."""
    from desktop_app.services.auth import log_in
    from desktop_app.services.catalog import ProductInfo, save_product
    from desktop_app.services.context import Context
    from desktop_app.services.customers import CustomerInput, create_customer
    from desktop_app.services.plans import create_plan, publish
    from desktop_app.services.subscriptions import create_subscription

    if request.param == "sqlite":
        url = f"sqlite:///{benji_paths.default_database}"
    else:
        url = server_url(request.param)
        _wipe(url)
        parts = make_url(url)
        assert main(["db", "set", "--kind", "postgresql" if request.param == "postgresql" else "mysql",
                     "--host", parts.host or "", "--port", str(parts.port or 0), "--database", parts.database or "",
                     "--user", parts.username or ""]) == 0
        profile = load_config(benji_paths).profile
        assert profile is not None
        memory_keyring.set_password("Benji CRM", profile.secret_key(), parts.password or "")
    monkeypatch.setattr("sys.stdin", io.StringIO(ADMIN_PASSWORD + "\n"))
    assert main(["init", "--company", "上海测试有限公司", "--admin", "it", "--admin-password-stdin"]) == 0
    db = open_url(url)
    it = Context(db, log_in(Context(db), "it", ADMIN_PASSWORD).actor())
    save_product(it, ProductInfo(0, "svc", "软件服务", unit="月", tax_rate="0.06"))
    plan, _, _ = create_plan(it, "std", "标准套餐", "", {"charges": [
        {"kind": "recurring", "code": "base", "name": "月租", "product": "svc", "price": "99.00",
         "interval": "month"}]})
    publish(it, plan.id)
    customer, _ = create_customer(it, CustomerInput(name="北京科技有限公司"))
    create_subscription(it, customer.id, date(2026, 3, 1), plan_id=plan.id)
    yield db
    db.dispose()


def test_every_billing_command_has_help() -> None:
    for argv in (["bill-run", "--help"], ["bills", "--help"], ["bills", "issue", "--help"],
                 ["bills", "export", "--help"], ["bills", "gap-report", "--help"]):
        with pytest.raises(SystemExit) as caught:
            build_parser().parse_args(argv)
        assert caught.value.code == 0


def test_bill_run_issue_and_gap_report(cli_db: Any, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert main(["bill-run", "--cutoff", "2026-03-01"]) == 0
    assert capsys.readouterr().out == ("bill run 1 at 2026-03-01 finished: 1 due, 1 bills, 0 already billed, "
                                       "total 99.00\n")
    assert main(["bill-run", "--cutoff", "2026-03-01"]) == 0
    assert "finished: 0 due, 0 bills, 1 already billed, total 0.00\n" in capsys.readouterr().out
    assert main(["bill-run", "--cutoff", "2026-04-01"]) == 0  # run 3: April
    assert "1 due, 1 bills" in capsys.readouterr().out
    assert main(["bills", "issue", "--run", "1"]) == 0
    out = capsys.readouterr().out
    match = re.fullmatch(r"issued 1 of 1 draft bills: ZD-(\d{4})-000001\n", out)
    assert match, out
    year = int(match.group(1))
    assert main(["bills", "issue", "--run", "1"]) == 0
    assert capsys.readouterr().out == "issued 0 of 0 draft bills\n"
    assert main(["bills", "issue", "--all-drafts"]) == 0
    assert capsys.readouterr().out == f"issued 1 of 1 draft bills: ZD-{year}-000002\n"
    assert main(["bills", "gap-report"]) == 0
    assert capsys.readouterr().out == "no gaps\n"
    with cli_db.engine.begin() as connection:  # two numbers taken and lost (what the report is there to find)
        connection.execute(update(Counter).where(Counter.series == "ZD").values(last=Counter.last + 2))
    assert main(["bills", "gap-report"]) == 1
    assert capsys.readouterr().out == f"ZD {year}: 2 missing: ZD-{year}-000003, ZD-{year}-000004\n"
    with pytest.raises(SystemExit) as caught:  # --run or --all-drafts is required (argparse)
        main(["bills", "issue"])
    assert caught.value.code == 2
    assert "one of the arguments --run --all-drafts is required" in capsys.readouterr().err


def test_bill_run_locked_exits_3(cli_db: Any, capsys: pytest.CaptureFixture[str]) -> None:
    now = datetime.now(UTC)
    with cli_db.engine.begin() as connection:
        connection.execute(update(RunLock).where(RunLock.name == "bill_run").values(
            holder="张三", desktop="PC-9", pid=1, acquired_at=now, heartbeat_at=now))
    capsys.readouterr()
    assert main(["bill-run", "--cutoff", "2026-03-01"]) == 3
    captured = capsys.readouterr()
    assert captured.out == ""
    assert re.fullmatch(r"error: 张三 on PC-9 is running a bill run \(since .+\)\. Wait until it finishes\.\n",
                        captured.err), captured.err
    assert main(["bill-run", "--cutoff", "2026-03-32"]) == 2
    assert "--cutoff: give a date as YYYY-MM-DD" in capsys.readouterr().err


def test_bills_export_from_the_cli(cli_db: Any, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["bill-run", "--cutoff", "2026-03-01"]) == 0
    assert main(["bills", "issue", "--all-drafts"]) == 0
    code = capsys.readouterr().out.strip().rsplit(" ", 1)[-1]
    with cli_db.engine.connect() as connection:
        issued = connection.exec_driver_sql("SELECT issue_date FROM bills").scalar_one()
    issued = issued if isinstance(issued, date) else date.fromisoformat(str(issued))
    month = f"{issued.year}-{issued.month:02d}"
    target = tmp_path / "bills.json"
    assert main(["bills", "export", "--period", month, "--format", "json", "--out", str(target)]) == 0
    assert capsys.readouterr().out.startswith("exported 1 bills and credit notes issued")
    data = json.loads(target.read_text(encoding="utf-8"))
    [document] = data["documents"]
    assert (document["code"], document["total_gross"], document["lines"][0]["description"],
            document["lines"][0]["tax"]) == (code, "99.00", "月租", "5.60")
    table = tmp_path / "bills.csv"
    day = issued.isoformat()
    assert main(["bills", "export", "--from", day, "--to", date.fromordinal(issued.toordinal() + 1).isoformat(),
                 "--format", "csv", "--out", str(table), "--include-drafts"]) == 0
    [row] = list(csv.DictReader(io.StringIO(table.read_bytes().decode("utf-8-sig"))))
    assert (row["code"], row["net"], row["tax"], row["gross"], row["tax_rate"]) == (code, "93.40", "5.60", "99.00",
                                                                                     "0.06")
    for argv, message in (
            (["--period", month, "--from", day], "either --period or --from and --to"),
            (["--from", day], "give the period"),
            (["--period", "2026-13"], "--period: give a month as YYYY-MM"),
            (["--from", day, "--to", day], "must be after --from")):
        assert main(["bills", "export", *argv, "--format", "csv", "--out", str(table)]) == 2
        assert message in capsys.readouterr().err
    assert main(["bills", "export", "--period", month, "--format", "csv", "--out",
                 str(tmp_path / "missing" / "x.csv")]) == 2
    assert "no such folder" in capsys.readouterr().err
