"""Set up and run Benji CRM for development: the README's two commands.

    python dev.py run     create .venv if missing, then start the app (embedded database)
    python dev.py test    create .venv if missing, then run ruff, mypy and every test

Standard library only, so it works on a fresh Linux or Windows machine with Python 3.11+.
Extra arguments after ``test`` go to pytest; after ``run`` they go to the app.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
STAMP = VENV / ".benji-installed"
INPUTS = ("pyproject.toml", "constraints.txt")


def venv_python() -> Path:
    if os.name == "nt":
        return VENV / "Scripts" / "python.exe"
    return VENV / "bin" / "python"


def wanted_stamp() -> str:
    digest = hashlib.sha256()
    for name in INPUTS:
        digest.update((ROOT / name).read_bytes())
    digest.update(sys.version.encode())
    return digest.hexdigest()


def ensure_environment() -> Path:
    if sys.version_info < (3, 11):  # noqa: UP036 - this file may be run by an older Python
        sys.exit(f"Benji CRM needs Python 3.11 or newer; this is {sys.version.split()[0]}.")
    python = venv_python()
    if not python.exists():
        print(f"Creating the virtual environment in {VENV} ...", flush=True)
        venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
    stamp = wanted_stamp()
    if not STAMP.exists() or STAMP.read_text() != stamp:
        print("Installing Benji CRM and its pinned dependencies ...", flush=True)
        pip = [str(python), "-m", "pip", "--disable-pip-version-check", "install", "-q"]
        subprocess.run([*pip, "--upgrade", "pip>=24"], check=True)
        subprocess.run([*pip, "-c", str(ROOT / "constraints.txt"), "-e", f"{ROOT}[dev]"], check=True)
        STAMP.write_text(stamp)
    return python


def run_app(python: Path, args: list[str]) -> int:
    return subprocess.call([str(python), str(ROOT / "main.py"), *args], cwd=ROOT)


def run_tests(python: Path, args: list[str]) -> int:
    steps = [
        ("ruff", [str(python), "-m", "ruff", "check", "."]),
        ("mypy", [str(python), "-m", "mypy"]),
        ("pytest", [str(python), "-m", "pytest", *args]),
    ]
    for name, command in steps:
        print(f"== {name}", flush=True)
        code = subprocess.call(command, cwd=ROOT)
        if code != 0:
            print(f"== {name} failed (exit {code})", flush=True)
            return code
    return 0


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"run", "test"}:
        print(__doc__)
        return 2
    python = ensure_environment()
    if argv[0] == "run":
        return run_app(python, argv[1:])
    return run_tests(python, argv[1:])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
