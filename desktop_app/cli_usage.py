"""Admin CLI command for usage records: ``usage import FILE`` (see desktop_app/cli.py)."""

from __future__ import annotations

import argparse
from typing import Any

from desktop_app.cli import CliError, _database_command, _system_context
from desktop_app.config import Paths


def cmd_usage_import(paths: Paths, args: argparse.Namespace) -> int:
    """The usage import: a dry run unless --commit; problems to an XLSX or CSV error file."""
    from pathlib import Path

    from desktop_app.services import usage

    source = Path(args.file)
    if not source.is_file():
        raise CliError(f"no such file: {source}")
    with _system_context(paths, args) as context:
        report = usage.import_usage(context, source, dry_run=not args.commit)
    state = "imported" if report.committed else "dry run" if not args.commit else "NOT imported"
    print(f"{state}: {report.rows} rows, {report.new} new records, {report.already_imported} already imported, "
          f"{len(report.problems)} problems")
    if report.problems:
        errors = Path(args.errors or source.with_name(source.stem + "-errors.xlsx"))
        usage.write_problems(report, errors)
        print(f"problems written to {errors}")
        return 1
    return 0


def add_commands(commands: Any) -> None:
    """Register ``usage`` on the CLI's sub-command parser."""
    usage = commands.add_parser("usage", help="usage records")
    usage_commands = usage.add_subparsers(dest="usage_command", required=True, metavar="ACTION")
    importer = usage_commands.add_parser(
        "import", help="import usage records from CSV or XLSX (dry run unless --commit)",
        description="Import usage records (docs/formats.md, \"Usage file\"): subscription (or customer) code, "
                    "meter, timestamp with time zone, quantity, record id. Records imported before are skipped "
                    "and counted. All-or-nothing: any bad row imports nothing.")
    importer.add_argument("file")
    importer.add_argument("--commit", action="store_true", help="import (without it: validate only)")
    importer.add_argument("--errors", help="where to write the problems (default: FILE-errors.xlsx)")
    _database_command(importer, cmd_usage_import)
