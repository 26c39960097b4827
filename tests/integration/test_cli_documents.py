"""`bills print` of the admin CLI, in-process, on SQLite, PostgreSQL and MariaDB: one bill by number (the
original, then copies; --copy; --without-prices), a period into a folder (one file each or combined), and the
operator's mistakes (exit 2 with one line)."""

from __future__ import annotations

import io
import re
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from test_cli_bills import cli_db  # noqa: F401 - the CLI's database with one subscribed customer

from desktop_app.cli import build_parser, main


def _flat(pdf: bytes) -> str:
    return re.sub(r"\s+", "", "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages))


def _issue_two(capsys: pytest.CaptureFixture[str]) -> tuple[str, str, date]:
    assert main(["bill-run", "--cutoff", "2026-03-01"]) == 0
    assert main(["bills", "issue", "--all-drafts"]) == 0
    assert main(["bill-run", "--cutoff", "2026-04-01"]) == 0
    assert main(["bills", "issue", "--all-drafts"]) == 0
    codes = re.findall(r"ZD-\d{4}-\d{6}", capsys.readouterr().out)
    assert len(codes) == 2, codes
    year = int(codes[0][3:7])
    return codes[0], codes[1], date(year, 1, 1)


def test_bills_print_has_help() -> None:
    with pytest.raises(SystemExit) as caught:
        build_parser().parse_args(["bills", "print", "--help"])
    assert caught.value.code == 0


def test_print_one_bill_original_then_copies(cli_db: Any, capsys: pytest.CaptureFixture[str],  # noqa: F811
                                             tmp_path: Path) -> None:
    first, _second, _ = _issue_two(capsys)
    target = tmp_path / "bill.pdf"
    assert main(["bills", "print", first, "--out", str(target)]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"wrote {first} to {target} (") and "sha256 " in out
    original = target.read_bytes()
    text = _flat(original)
    assert first in text and "北京科技有限公司" in text and "99.00" in text and "玖拾玖元整" in text
    assert "副本" not in text
    assert main(["bills", "print", first.lower(), "--out", str(target)]) == 0  # printed before: a copy
    assert capsys.readouterr().out.startswith(f"wrote {first} (copy) to {target}")
    assert "副本" in _flat(target.read_bytes())
    assert main(["bills", "print", first, "--out", str(target), "--without-prices", "--copy"]) == 0
    capsys.readouterr()
    text = _flat(target.read_bytes())
    assert "副本" in text and "99.00" not in text and "月租" in text
    with cli_db.engine.connect() as connection:
        stored = connection.exec_driver_sql("SELECT pdf FROM issued_documents ORDER BY bill_id").scalars().first()
        printed = connection.exec_driver_sql("SELECT count(*) FROM audit_log WHERE action = 'bill.printed'").scalar()
    assert bytes(stored) == original and printed == 3


def test_print_a_period_into_a_folder(cli_db: Any, capsys: pytest.CaptureFixture[str],  # noqa: F811
                                      tmp_path: Path) -> None:
    first, second, start = _issue_two(capsys)
    end = date(start.year + 1, 1, 1).isoformat()
    each = tmp_path / "each"
    each.mkdir()
    assert main(["bills", "print", "--from", start.isoformat(), "--to", end, "--out", str(each)]) == 0
    assert capsys.readouterr().out == (f"printed 2 bills and credit notes issued {start.isoformat()} to {end} "
                                       f"(exclusive): 2 files in {each}\n")
    assert sorted(path.name for path in each.iterdir()) == [f"{first}.pdf", f"{second}.pdf"]
    assert main(["bills", "print", "--from", start.isoformat(), "--to", end, "--out", str(tmp_path),
                 "--combined"]) == 0
    combined = tmp_path / f"bills-{first}-{second}.pdf"
    assert capsys.readouterr().out.endswith(f": {combined}\n")
    assert len(PdfReader(io.BytesIO(combined.read_bytes())).pages) == 2
    before = (start - timedelta(days=1)).isoformat()
    assert main(["bills", "print", "--from", before, "--to", start.isoformat(), "--out", str(tmp_path)]) == 0
    assert capsys.readouterr().out == (f"printed 0 bills and credit notes issued {before} to {start.isoformat()} "
                                       "(exclusive)\n")


def test_print_mistakes_exit_2(cli_db: Any, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:  # noqa: F811
    first, _, start = _issue_two(capsys)
    cases = (
        (["bills", "print", "ZD-1999-000001", "--out", str(tmp_path / "x.pdf")], "no bill or credit note numbered"),
        (["bills", "print", first, "--out", str(tmp_path)], "--out is a folder"),
        (["bills", "print", first, "--out", str(tmp_path / "missing" / "x.pdf")], "no such folder"),
        (["bills", "print", "--out", str(tmp_path)], "give a bill NUMBER, or the period"),
        (["bills", "print", "--from", "2026-13-01", "--to", "2027-01-01", "--out", str(tmp_path)],
         "--from: give a date"),
        (["bills", "print", "--from", "2026-02-01", "--to", "2026-01-01", "--out", str(tmp_path)], "must be after"),
        (["bills", "print", "--from", start.isoformat(), "--to", "2099-01-01", "--out", str(tmp_path / "nope")],
         "no such folder"),
        (["bills", "print", first, "--from", "2026-01-01", "--out", str(tmp_path / "x.pdf")], "not both"),
    )
    for argv, message in cases:
        assert main(argv) == 2, argv
        captured = capsys.readouterr()
        assert captured.out == "" and captured.err.startswith("error: ") and message in captured.err, captured.err
