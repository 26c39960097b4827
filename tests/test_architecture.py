"""The layer rules, checked on every module's imports (including imports inside functions).

views → services → (billing, models, db); billing is pure; nothing but the composition root imports views.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "desktop_app"

RULES: list[tuple[str, tuple[str, ...], str]] = [
    ("desktop_app.views", ("sqlalchemy", "alembic", "desktop_app.models", "desktop_app.db",
                           "desktop_app.schema"), "views call services, never the database layer"),
    ("desktop_app.services", ("PySide6", "desktop_app.views"), "services never import Qt or views"),
    ("desktop_app.billing", ("PySide6", "desktop_app.views", "sqlalchemy", "alembic", "desktop_app.models",
                             "desktop_app.db", "desktop_app.services"), "billing is pure domain code"),
    ("desktop_app.documents", ("PySide6", "desktop_app.views", "sqlalchemy", "alembic", "desktop_app.models",
                               "desktop_app.db", "desktop_app.schema", "desktop_app.services"),
     "documents render snapshots only: no Qt, no database, no services"),
    ("desktop_app.models", ("PySide6", "desktop_app.views", "desktop_app.services"), "models are below services"),
    ("desktop_app.cli", ("PySide6", "desktop_app.views"), "the admin CLI runs without Qt"),
]
MAY_IMPORT_VIEWS = ("desktop_app.views", "desktop_app.app", "desktop_app.self_test")  # the composition root


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_modules(module: str, source: str, is_package: bool = False) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = module.split(".")
                base = base[: len(base) - node.level + (1 if is_package else 0)]
                prefix = ".".join(base + ([node.module] if node.module else []))
            else:
                prefix = node.module or ""
            names.add(prefix)
            names.update(f"{prefix}.{alias.name}" for alias in node.names)
    return names


def _within(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


def violations(module: str, source: str, is_package: bool = False) -> list[str]:
    found = []
    imports = imported_modules(module, source, is_package)
    for layer, forbidden, why in RULES:
        if not _within(module, layer):
            continue
        for name in sorted(imports):
            if any(_within(name, bad) for bad in forbidden):
                found.append(f"{module} imports {name}: {why}")
    if not any(_within(module, allowed) for allowed in MAY_IMPORT_VIEWS):
        found += [f"{module} imports {name}: nothing below the GUI imports views"
                  for name in sorted(imports) if _within(name, "desktop_app.views")]
    if _within(module, "desktop_app.billing"):
        stdlib = sys.stdlib_module_names
        found += [f"{module} imports {name}: billing uses the standard library only"
                  for name in sorted(imports)
                  if not _within(name, "desktop_app.billing") and name.split(".")[0] not in stdlib
                  and name.split(".")[0] != "__future__"]
    return found


def project_modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "migrations" not in p.parts)


@pytest.mark.parametrize("path", project_modules(), ids=lambda p: str(p.relative_to(ROOT)))
def test_module_respects_the_layers(path: Path) -> None:
    source = path.read_text(encoding="utf-8")
    assert violations(module_name(path), source, path.name == "__init__.py") == []


@pytest.mark.parametrize(
    "module, source",
    [
        ("desktop_app.views.fake_window", "import sqlalchemy\n"),
        ("desktop_app.views.fake_window", "def f():\n    from sqlalchemy.orm import Session\n"),
        ("desktop_app.views.pages.fake", "from ...models import Company\n"),
        ("desktop_app.services.fake", "from PySide6.QtWidgets import QWidget\n"),
        ("desktop_app.billing.fake", "import sqlalchemy\n"),
        ("desktop_app.billing.fake", "import reportlab\n"),
        ("desktop_app.services.fake", "from desktop_app.views import ops\n"),
        ("desktop_app.documents.fake", "import sqlalchemy\n"),
        ("desktop_app.documents.fake", "from desktop_app.services import bills\n"),
    ],
)
def test_the_check_catches_a_forbidden_import(module: str, source: str) -> None:
    assert violations(module, source), f"{source!r} in {module} should be refused"


def test_allowed_imports_pass() -> None:
    assert violations("desktop_app.views.fake", "from desktop_app.services.company import get_company\n") == []
    assert violations("desktop_app.billing.fake", "from decimal import Decimal\nfrom . import money\n") == []
