"""The installer's switches, run from source the way the bundle runs them (installer/check.sh runs the built
bundle's self-test): ``--self-test``, ``--cli`` and ``--machine-profile`` with its adoption at start."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from desktop_app import machine_profile
from desktop_app.config import POSTGRESQL, SQLITE, DatabaseProfile, DeviceConfig, Paths, load_config, save_config

ROOT = Path(__file__).resolve().parents[2]
CHECKS = ("files", "database", "migrations", "set-up", "drivers", "pdf", "worker process", "qt", "main window")


def _run(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {name: value for name, value in os.environ.items() if name != machine_profile.LOCATION_ENV}
    environment.update(QT_QPA_PLATFORM="offscreen", BENJI_HOME=str(tmp_path / "real-home"), **env)
    return subprocess.run([sys.executable, "main.py", *args], cwd=ROOT, env=environment, capture_output=True,
                          text=True, timeout=120)


def test_the_self_test_passes_from_source_and_leaves_the_real_folders_alone(tmp_path: Path) -> None:
    work = tmp_path / "scratch"
    result = _run(tmp_path, "--self-test", "--data-dir", str(work))
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Benji CRM ") and str(work) in lines[0]
    assert [line.split(":")[0] for line in lines[1:-1]] == [f"ok   {name}" for name in CHECKS]
    assert "title '本机CRM - " in lines[-2] and "zh_CN translations" in result.stdout
    assert lines[-1] == "self-test passed"
    assert (work / "data" / "benji.db").is_file() and (work / "data" / "self-test.pdf").read_bytes()[:4] == b"%PDF"
    assert not (tmp_path / "real-home").exists()  # BENJI_HOME (the user's folders) untouched


def test_a_failing_check_says_which_and_exits_non_zero(tmp_path: Path) -> None:
    work = tmp_path / "scratch"
    (work / "data" / "benji.db").mkdir(parents=True)  # a folder where the database file should go
    result = _run(tmp_path, "--self-test", "--data-dir", str(work))
    assert result.returncode == 1
    assert "ok   files" in result.stdout and "\nFAIL database: " in result.stdout
    assert "main window" not in result.stdout and "self-test FAILED" in result.stdout


def test_the_installer_writes_the_machine_profile_without_a_password(tmp_path: Path) -> None:
    file = tmp_path / "benji-server.json"
    refused = _run(tmp_path, "--machine-profile", "postgresql://app:Secret-1@10.0.0.5/benji",
                   BENJI_MACHINE_PROFILE=str(file))
    assert refused.returncode == 2 and "never put the password" in refused.stderr and not file.exists()
    assert "Secret-1" not in refused.stdout + refused.stderr
    stored = _run(tmp_path, "--machine-profile", "postgresql://benji_app@10.0.0.5:5433/benji",
                  BENJI_MACHINE_PROFILE=str(file))
    assert stored.returncode == 0, stored.stderr
    assert DatabaseProfile(**json.loads(file.read_text(encoding="utf-8"))) == DatabaseProfile(
        kind=POSTGRESQL, host="10.0.0.5", port=5433, database="benji", user="benji_app")
    shown = _run(tmp_path, "--cli", "db", "show", BENJI_MACHINE_PROFILE=str(file))  # the admin CLI, via the app
    assert shown.returncode == 0 and shown.stdout.startswith("postgresql benji_app@10.0.0.5:5433/benji")


@pytest.mark.parametrize("url, problem", [
    ("sqlite:///benji.db", "unknown database kind"),
    ("postgresql://10.0.0.5/benji", "expected KIND://USER@HOST"),
    ("mysql://app@db/", "expected KIND://USER@HOST"),
    ("mysql://app@db/benji?charset=latin1", "unknown option 'charset'"),
    ("postgresql://app@db:port/benji", "Port could not be cast"),
])
def test_a_bad_server_url_is_refused(url: str, problem: str) -> None:
    with pytest.raises(ValueError, match=problem):
        machine_profile.from_url(url)


def test_mariadb_urls_give_a_mysql_profile_and_tls_is_an_option() -> None:
    assert machine_profile.from_url("mariadb://benji_app@db.office.lan/benji") == DatabaseProfile(
        kind="mysql", host="db.office.lan", database="benji", user="benji_app")
    assert machine_profile.from_url("postgresql://app@db/benji?sslmode=require") == DatabaseProfile(
        kind=POSTGRESQL, host="db", database="benji", user="app", tls=True)
    assert machine_profile.from_url("mysql://app@db/benji?tls=0") == DatabaseProfile(
        kind="mysql", host="db", database="benji", user="app")


def test_each_user_adopts_the_machine_profile_once_and_keeps_an_own_choice(
        benji_paths: Paths, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    file = tmp_path / "benji-server.json"
    monkeypatch.setenv(machine_profile.LOCATION_ENV, str(file))
    assert machine_profile.adopt(benji_paths) is None  # no file: nothing happens
    first = machine_profile.from_url("postgresql://app@10.0.0.5/benji")
    file.write_text(json.dumps({"kind": "postgresql", "host": "10.0.0.5", "database": "benji", "user": "app"}),
                    encoding="utf-8")
    assert machine_profile.adopt(benji_paths) == first
    assert load_config(benji_paths).profile == first
    assert machine_profile.adopt(benji_paths) is None  # already adopted
    moved = machine_profile.from_url("postgresql://app@10.0.0.9/benji")
    assert machine_profile.store_from_url("postgresql://app@10.0.0.9/benji") == 0  # IT moved the server
    assert machine_profile.adopt(benji_paths) == moved
    own = DatabaseProfile(kind=SQLITE, path=str(tmp_path / "mine.db"))
    save_config(benji_paths, DeviceConfig(profile=own, extra=load_config(benji_paths).extra))
    assert machine_profile.store_from_url("postgresql://app@10.0.0.7/benji") == 0
    assert machine_profile.adopt(benji_paths) is None and load_config(benji_paths).profile == own


def test_a_damaged_machine_profile_is_ignored(benji_paths: Paths, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    file = tmp_path / "benji-server.json"
    file.write_text('{"kind": "oracle"}', encoding="utf-8")
    monkeypatch.setenv(machine_profile.LOCATION_ENV, str(file))
    assert machine_profile.adopt(benji_paths) is None and load_config(benji_paths).profile is None
