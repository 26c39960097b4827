"""`backup create / verify / restore` of the admin CLI, in-process: an embedded database backed up, checked,
restored into a new file and into an empty PostgreSQL and MariaDB database; the operator's mistakes (no
passphrase, a wrong one, a damaged file, a server target that is not empty) exit 2 with one line."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from conftest import _wipe, server_url
from sqlalchemy import create_engine, text

from desktop_app.cli import build_parser, main
from desktop_app.config import Paths
from desktop_app.services import backup_format
from desktop_app.services.backup import our_tables

PASS = "CLI backup passphrase"
ADMIN = "Str0ng-pass!"


@pytest.fixture(autouse=True)
def light_scrypt(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(backup_format, "SCRYPT_N", 1 << 10)


@pytest.fixture
def source(benji_paths: Paths, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "source.db"
    monkeypatch.setattr("sys.stdin", io.StringIO(ADMIN + "\n"))
    assert main(["init", "--company", "上海测试有限公司", "--admin", "it", "--admin-password-stdin",
                 "--db-path", str(path)]) == 0
    return path


def _count(url: str, table: str) -> int:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return int(connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())
    finally:
        engine.dispose()


def _last_error(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err
    assert err.startswith("error: ") and err.count("\n") == 1, err
    return err


def test_backup_commands_have_help() -> None:
    for action in ("create", "verify", "restore"):
        with pytest.raises(SystemExit) as caught:
            build_parser().parse_args(["backup", action, "--help"])
        assert caught.value.code == 0


def test_create_verify_restore(source: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                               monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "nightly.benji"
    monkeypatch.delenv("BENJI_BACKUP_PASSPHRASE", raising=False)  # whatever the shell running the tests has
    capsys.readouterr()
    assert main(["backup", "create", "--out", str(out), "--db-path", str(source)]) == 2  # no passphrase
    assert "BENJI_BACKUP_PASSPHRASE" in _last_error(capsys)
    monkeypatch.setattr("sys.stdin", io.StringIO(PASS + "\n"))
    assert main(["backup", "create", "--out", str(out), "--db-path", str(source), "--passphrase-stdin"]) == 0
    line = capsys.readouterr().out
    assert line.startswith(f"wrote {out} (") and "tables" in line and line.count("\n") == 1
    monkeypatch.setenv("BENJI_BACKUP_PASSPHRASE", PASS)
    assert main(["backup", "verify", str(out)]) == 0
    assert capsys.readouterr().out.startswith(f"backup intact: {len(our_tables())} tables")  # every table

    restored = tmp_path / "restored.db"
    assert main(["backup", "restore", str(out), "--db-path", str(restored)]) == 0
    line = capsys.readouterr().out
    assert line.startswith(f"restored {len(our_tables())} tables") and "audit chain verified" in line
    assert _count(f"sqlite:///{restored}", "users") == 1
    assert (tmp_path / "restored.db.before-restore").exists()

    for backend in ("postgresql", "mariadb"):
        url = server_url(backend)
        _wipe(url)
        assert main(["backup", "restore", str(out), "--into", url]) == 0
        assert capsys.readouterr().out.startswith(f"restored {len(our_tables())} tables")
        assert _count(url, "users") == 1
        assert main(["backup", "restore", str(out), "--into", url]) == 2  # not empty any more
        _last_error(capsys)

    monkeypatch.setenv("BENJI_BACKUP_PASSPHRASE", "not the passphrase")
    assert main(["backup", "verify", str(out)]) == 2
    wrong = _last_error(capsys)
    monkeypatch.setenv("BENJI_BACKUP_PASSPHRASE", PASS)
    damaged = bytearray(out.read_bytes())
    damaged[-40] ^= 0xFF
    out.write_bytes(bytes(damaged))
    before = restored.read_bytes()
    assert main(["backup", "restore", str(out), "--db-path", str(restored)]) == 2
    assert _last_error(capsys) != wrong
    assert restored.read_bytes() == before
    assert main(["backup", "create", "--out", str(tmp_path), "--db-path", str(source)]) == 2
    assert "folder" in _last_error(capsys)


# --- backup run-scheduled (Windows Task Scheduler) -------------------------------------------------

def _schedule(db_path: Path, folder: Path, passphrase: str | None, *, enabled: bool = True) -> None:
    from desktop_app.db import open_url
    from desktop_app.services.backup_schedule import BackupSchedule, save_schedule
    from desktop_app.services.context import Context

    database = open_url(f"sqlite+pysqlite:///{db_path}")
    try:
        save_schedule(Context(database), BackupSchedule(enabled, str(folder), 24, 7, 4, 12), passphrase)
    finally:
        database.dispose()


def _last(db_path: Path) -> object:
    from desktop_app.db import open_url
    from desktop_app.services.backup_schedule import last_backup
    from desktop_app.services.context import Context

    database = open_url(f"sqlite+pysqlite:///{db_path}")
    try:
        return last_backup(Context(database))
    finally:
        database.dispose()


def test_run_scheduled_help() -> None:
    with pytest.raises(SystemExit) as caught:
        build_parser().parse_args(["backup", "run-scheduled", "--help"])
    assert caught.value.code == 0


def test_run_scheduled(source: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                       monkeypatch: pytest.MonkeyPatch) -> None:
    from desktop_app.services.backup import verify_backup
    from desktop_app.services.backup_schedule import stamp_of

    monkeypatch.delenv("BENJI_BACKUP_PASSPHRASE", raising=False)
    folder = tmp_path / "nas"
    folder.mkdir()
    capsys.readouterr()
    assert main(["backup", "run-scheduled", "--db-path", str(source)]) == 0
    assert capsys.readouterr().out.startswith("scheduled backups are switched off: nothing to do")

    _schedule(source, folder, PASS)  # the app saved it: the passphrase is in this user's keyring
    assert main(["backup", "run-scheduled", "--db-path", str(source)]) == 0
    line = capsys.readouterr().out
    written = sorted(folder.iterdir())
    assert len(written) == 1 and stamp_of(written[0].name) is not None
    assert line == f"wrote {written[0]} ({written[0].stat().st_size:,} bytes): " \
                   f"{verify_backup(written[0], PASS).rows:,} rows, verified; 0 old backups removed\n"

    assert main(["backup", "run-scheduled", "--db-path", str(source)]) == 0
    line = capsys.readouterr().out
    assert line.startswith("not due until ") and line.count("\n") == 1 and "--force" in line
    assert len(list(folder.iterdir())) == 1

    assert main(["backup", "run-scheduled", "--force", "--db-path", str(source)]) == 0
    assert capsys.readouterr().out.startswith("wrote ")
    assert 1 <= len(list(folder.iterdir())) <= 2  # the same day keeps its newest (two across midnight)

    # the passphrase from the environment when this user's keyring has none
    from desktop_app import credentials
    from desktop_app.db import open_url
    from desktop_app.services.backup_schedule import passphrase_key

    database = open_url(f"sqlite+pysqlite:///{source}")
    credentials.delete_password(passphrase_key(database))
    database.dispose()
    assert main(["backup", "run-scheduled", "--force", "--db-path", str(source)]) == 2
    assert "scheduled backup failed" in _last_error(capsys)
    monkeypatch.setenv("BENJI_BACKUP_PASSPHRASE", PASS)
    assert main(["backup", "run-scheduled", "--force", "--db-path", str(source)]) == 0
    assert capsys.readouterr().out.startswith("wrote ")


def test_run_scheduled_failure_is_recorded(source: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("BENJI_BACKUP_PASSPHRASE", raising=False)
    folder = tmp_path / "nas"
    folder.mkdir()
    _schedule(source, folder, PASS)
    folder.rmdir()  # the NAS share is gone
    capsys.readouterr()
    assert main(["backup", "run-scheduled", "--db-path", str(source)]) == 2
    error = _last_error(capsys)
    assert "scheduled backup failed" in error and "backup_schedule.folder_missing" in error
    last = _last(source)
    assert last is not None and not last.ok and last.code == "backup_schedule.folder_missing"  # type: ignore[attr-defined]
    assert capsys.readouterr().out == ""
