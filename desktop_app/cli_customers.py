"""Admin CLI commands for customer data: the pool rule, imports and their undo (see desktop_app/cli.py)."""

from __future__ import annotations

import argparse
from typing import Any

from desktop_app.cli import CliError, _database_command, _system_context
from desktop_app.config import Paths


def cmd_pool_auto_return(paths: Paths, args: argparse.Namespace) -> int:
    """The auto-return rule, for a scheduled task (the app also runs it at start)."""
    from desktop_app.services.pool import auto_return

    with _system_context(paths, args) as context:
        count = auto_return(context)
    print(f"returned {count} customers to the pool")
    return 0


def cmd_customers_import(paths: Paths, args: argparse.Namespace) -> int:
    """The same import as the GUI: a dry run unless --commit; problems to an XLSX or CSV error file."""
    from pathlib import Path

    from desktop_app.services import customer_import as ci
    from desktop_app.services import import_table as table

    source = Path(args.file)
    if not source.is_file():
        raise CliError(f"no such file: {source}")
    header, _ = table.read_table(source)
    with _system_context(paths, args) as context:
        fields = ci.import_fields(context)  # custom fields: columns headed by their label or key
        mapping, mode, key = table.auto_mapping(header, fields), args.mode or "create", args.key or "code"
        if args.preset:
            from desktop_app.services.saved_views import find_view

            preset = find_view(context, "import_mapping", args.preset, args.preset_user).data
            mapping = table.preset_mapping(header, dict(preset.get("mapping") or {}), fields)
            mode, key = args.mode or preset.get("mode") or "create", args.key or preset.get("match_key") or "code"
        report = ci.run_import(context, source, ci.ImportOptions(mapping, mode, key), dry_run=not args.commit)
    state = "imported" if report.committed else "dry run" if not args.commit else "NOT imported"
    print(f"{state}: {report.rows} rows, {report.created} to create, {report.updated} to update, "
          f"{report.unchanged} unchanged, {len(report.problems)} problems")
    if report.batch_id is not None:
        print(f"batch {report.batch_id} (undo with: customers undo-import {report.batch_id})")
    if report.problems:
        errors = Path(args.errors or source.with_name(source.stem + "-errors.xlsx"))
        ci.write_problems(report, errors)
        print(f"problems written to {errors}")
        return 1
    return 0


def cmd_customers_imports(paths: Paths, args: argparse.Namespace) -> int:
    """Recent imports, newest first, with the batch id that undo-import takes."""
    from desktop_app.services.import_undo import list_batches

    with _system_context(paths, args) as context:
        batches = list_batches(context, limit=args.limit)
    if not batches:
        print("no imports")
    for batch in batches:
        undone = f"  undone {batch.undone_at:%Y-%m-%d %H:%M} by {batch.undone_by}" if batch.undone_at else ""
        print(f"{batch.id:>6}  {batch.created_at:%Y-%m-%d %H:%M} UTC  {batch.created_by}  {batch.file_name}  "
              f"{batch.mode}: {batch.created} created, {batch.updated} updated{undone}")
    return 0


def cmd_customers_undo_import(paths: Paths, args: argparse.Namespace) -> int:
    """Delete what an import created and restore what it updated; refused once anyone worked on them."""
    from desktop_app.services.import_undo import undo_import

    with _system_context(paths, args) as context:
        report, _changes = undo_import(context, args.batch_id)
    print(f"import {report.batch_id} undone: {report.deleted} customers deleted, {report.restored} restored")
    return 0


def add_commands(commands: Any) -> None:
    """Register ``pool`` and ``customers`` on the CLI's sub-command parser."""
    pool = commands.add_parser("pool", help="the customer pool")
    pool_commands = pool.add_subparsers(dest="pool_command", required=True, metavar="ACTION")
    auto = pool_commands.add_parser("auto-return", help="return customers without follow-up for N days",
                                    description="Apply the pool rule (settings: pool.return_after_days) now; "
                                                "for a nightly scheduled task.")
    customers = commands.add_parser("customers", help="customer data")
    customer_commands = customers.add_subparsers(dest="customers_command", required=True, metavar="ACTION")
    importer = customer_commands.add_parser(
        "import", help="import customers from CSV or XLSX (dry run unless --commit)",
        description="Import customers from CSV (UTF-8, UTF-8 with BOM, GBK, UTF-16) or XLSX. Columns are found "
                    "by their header (e.g. 客户名称, 电话, 税号, 负责人; custom fields by their label or key). "
                    "All-or-nothing: any bad row imports nothing.")
    importer.add_argument("file")
    importer.add_argument("--mode", choices=("create", "update", "upsert"),
                          help="default: the preset's, else create")
    importer.add_argument("--key", choices=("code", "tax_id", "phone", "name"),
                          help="how a row finds an existing customer (default: the preset's, else code)")
    importer.add_argument("--preset", metavar="NAME",
                          help="match columns with a mapping preset a user saved in the import wizard")
    importer.add_argument("--preset-user", metavar="LOGIN",
                          help="whose preset, when several users saved one under that name")
    importer.add_argument("--commit", action="store_true", help="import (without it: validate only)")
    importer.add_argument("--errors", help="where to write the problems (default: FILE-errors.xlsx)")
    imports = customer_commands.add_parser("imports", help="list recent imports, newest first, with their batch ids")
    imports.add_argument("--limit", type=int, default=20, help="how many (default 20)")
    undo = customer_commands.add_parser(
        "undo-import", help="undo an import while nothing depends on it",
        description="Delete the customers an import created and restore the ones it updated, all or nothing. "
                    "Refused once any of them was edited or got contacts or follow-ups.")
    undo.add_argument("batch_id", type=int, metavar="BATCH_ID", help="from `customers imports`")
    for sub, run in ((auto, cmd_pool_auto_return), (importer, cmd_customers_import),
                     (imports, cmd_customers_imports), (undo, cmd_customers_undo_import)):
        _database_command(sub, run)
