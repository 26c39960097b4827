"""A wrong password on PostgreSQL, against a private throw-away cluster that checks passwords.

The shared test server trusts local connections, so it accepts any password; this cluster uses
scram-sha-256 on a spare port and is stopped at the end.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop_app.config import DatabaseProfile
from desktop_app.db import open_profile
from desktop_app.errors import ConnectionProblem

pytestmark = pytest.mark.server


def _bin(name: str) -> str | None:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}")) or [shutil.which(name) or ""]
    return found[-1] or None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def scram_cluster() -> Iterator[int]:
    initdb, pg_ctl, psql = _bin("initdb"), _bin("pg_ctl"), shutil.which("psql")
    if not (initdb and pg_ctl and psql):
        reason = "PostgreSQL server binaries (initdb, pg_ctl) are not installed"
        if os.environ.get("BENJI_REQUIRE_SERVERS") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    base = Path(tempfile.mkdtemp(prefix="benji-pg-"))
    data = base / "data"
    if as_postgres:
        shutil.chown(base, "postgres")
    port = _free_port()
    subprocess.run([*as_postgres, initdb, "-D", str(data), "-U", "postgres", "--auth-local=trust",
                    "--auth-host=scram-sha-256", "-E", "UTF8"], check=True, capture_output=True)
    options = f"-c listen_addresses=127.0.0.1 -c port={port} -c unix_socket_directories={base}"
    subprocess.run([*as_postgres, pg_ctl, "-D", str(data), "-o", options, "-l", str(base / "log"), "-w", "start"],
                   check=True, capture_output=True)
    try:
        for statement in ("CREATE ROLE benji_app LOGIN PASSWORD 'Right-Secret-1'",
                          "CREATE DATABASE benji OWNER benji_app"):
            subprocess.run([*as_postgres, psql, "-h", str(base), "-p", str(port), "-U", "postgres", "-c", statement],
                           check=True, capture_output=True)
        yield port
    finally:
        subprocess.run([*as_postgres, pg_ctl, "-D", str(data), "-m", "immediate", "stop"], capture_output=True)
        shutil.rmtree(base, ignore_errors=True)


def test_wrong_password_is_reported_on_postgresql(scram_cluster: int) -> None:
    profile = DatabaseProfile(kind="postgresql", host="127.0.0.1", port=scram_cluster, database="benji",
                              user="benji_app")
    with pytest.raises(ConnectionProblem) as caught:
        open_profile(profile, "Wrong-Secret-9")
    assert caught.value.code == "db.wrong_password"
    assert "Wrong-Secret-9" not in str(caught.value)
    open_profile(profile, "Right-Secret-1").dispose()  # and the right one works
