"""Keep the translations in step with the code.

    python tools/i18n.py update    lupdate: add new source strings to the .ts files, drop obsolete ones
    python tools/i18n.py release   lrelease: compile the .ts files to the .qm files the app loads

Translators edit resources/translations/*.ts with Qt Linguist (pyside6-linguist); both files are
committed. tests/gui/test_i18n.py fails when a string lacks its zh_CN translation or a .qm is stale.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [*sorted(str(p) for p in (ROOT / "desktop_app" / "views").rglob("*.py")),
           *sorted(str(p) for p in (ROOT / "desktop_app").glob("messages*.py"))]  # every messages_*.py module
TRANSLATIONS = ROOT / "resources" / "translations"
LANGUAGES = ("zh_CN",)


def tool(name: str) -> str:
    found = shutil.which(name, path=str(Path(sys.executable).parent)) or shutil.which(name)
    if not found:
        sys.exit(f"{name} not found: run from the project's virtual environment")
    return found


def update(target_dir: Path = TRANSLATIONS) -> list[Path]:
    files = []
    for language in LANGUAGES:
        ts = target_dir / f"benji_{language}.ts"
        subprocess.run([tool("pyside6-lupdate"), "-no-obsolete", "-locations", "none", *SOURCES,
                        "-ts", str(ts)], check=True, capture_output=True)
        files.append(ts)
    return files


def release(source_dir: Path = TRANSLATIONS, target_dir: Path = TRANSLATIONS) -> list[Path]:
    files = []
    for language in LANGUAGES:
        qm = target_dir / f"benji_{language}.qm"
        subprocess.run([tool("pyside6-lrelease"), str(source_dir / f"benji_{language}.ts"), "-qm", str(qm)],
                       check=True, capture_output=True)
        files.append(qm)
    return files


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    if command == "update":
        print("\n".join(map(str, update())))
    elif command == "release":
        print("\n".join(map(str, release())))
    else:
        print(__doc__)
        sys.exit(2)
