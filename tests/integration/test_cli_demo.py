"""The admin CLI's ``demo fill`` on the embedded database: refused before ``init``, fills an empty database,
refuses a second time with the sentence."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import func, select

from desktop_app.cli import main
from desktop_app.config import Paths
from desktop_app.db import open_url
from desktop_app.models import Bill, Customer


def test_demo_fill_with_30_customers(benji_paths: Paths, monkeypatch: pytest.MonkeyPatch, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["demo", "fill", "--customers", "30", "--db-path", str(benji_paths.data_dir / "none.db")]) == 2
    assert "run `init` first" in capsys.readouterr().err
    monkeypatch.setattr("sys.stdin", io.StringIO("Admin-pass-2026\n"))
    assert main(["init", "--company", "上海演示有限公司", "--admin", "it", "--admin-password-stdin"]) == 0
    capsys.readouterr()
    assert main(["demo", "fill", "--customers", "30", "--today", "2026-11-26"]) == 0
    out = capsys.readouterr().out
    assert "demo company filled as of 2026-11-26: 30 customers" in out
    assert "demo_clerk" in out and "Demo-2026!" in out
    database = open_url(f"sqlite:///{benji_paths.default_database}")
    try:
        with database.engine.connect() as connection:
            assert connection.scalar(select(func.count()).select_from(Customer)) == 30
            assert (connection.scalar(select(func.count()).select_from(Bill)) or 0) > 50
    finally:
        database.dispose()
    assert main(["demo", "fill", "--customers", "30"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: The demo company fills only an empty database") and "30 customers" in err
    assert main(["demo", "fill", "--today", "26.11.2026"]) == 2
    assert "--today" in capsys.readouterr().err
