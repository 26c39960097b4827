"""Admin CLI commands for the catalog JSON file (docs/formats.md, "Catalog JSON"; see desktop_app/cli.py)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from desktop_app.cli import CliError, _database_command, _system_context
from desktop_app.config import Paths


def cmd_catalog_export(paths: Paths, args: argparse.Namespace) -> int:
    """Products, coupons, plans and all their versions to one JSON file."""
    from desktop_app.services.catalog_io import write_catalog

    target = Path(args.file)
    with _system_context(paths, args) as context:
        count = write_catalog(context, target)
    print(f"exported {count} products, coupons and plans to {target}")
    return 0


def cmd_catalog_import(paths: Paths, args: argparse.Namespace) -> int:
    """Check a catalog file and merge it (a dry run unless --commit); the first error names its JSON path."""
    from desktop_app.services.catalog_io import import_catalog_file

    source = Path(args.file)
    if not source.is_file():
        raise CliError(f"no such file: {source}")
    with _system_context(paths, args) as context:
        report = import_catalog_file(context, source, dry_run=not args.commit)
    state = "imported" if report.committed else "dry run, nothing saved" if not args.commit else "nothing to change"
    print(f"{state}: products {report.products_created} new, {report.products_updated} changed; "
          f"coupons {report.coupons_created} new, {report.coupons_updated} changed; "
          f"plans {report.plans_created} new, {report.plans_updated} changed; "
          f"versions {report.versions_created} new, {report.versions_updated} changed")
    return 0


def add_commands(commands: Any) -> None:
    """Register ``catalog export`` and ``catalog import`` on the CLI's sub-command parser."""
    catalog = commands.add_parser("catalog", help="products, coupons and plans as a JSON file")
    catalog_commands = catalog.add_subparsers(dest="catalog_command", required=True, metavar="ACTION")
    exporter = catalog_commands.add_parser(
        "export", help="write the catalog to a JSON file",
        description="Write every product, coupon and plan (with all its versions) to one JSON file "
                    "(format: docs/formats.md, Catalog JSON).")
    exporter.add_argument("file")
    importer = catalog_commands.add_parser(
        "import", help="check a catalog JSON file and merge it (dry run unless --commit)",
        description="Check the whole file, then merge it by code, all or nothing. The first error is printed "
                    "with its JSON path (e.g. $.plans[0].versions[1].definition.charges[2].tiers[1].up_to) and "
                    "nothing is saved. Published versions never change: a changed one needs a new number.")
    importer.add_argument("file")
    importer.add_argument("--commit", action="store_true", help="save (without it: check only)")
    for sub, run in ((exporter, cmd_catalog_export), (importer, cmd_catalog_import)):
        _database_command(sub, run)
