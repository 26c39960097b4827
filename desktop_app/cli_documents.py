"""Admin CLI commands for printing (see desktop_app/cli.py):

    bills print NUMBER --out FILE [--copy] [--without-prices]   one bill or credit note as PDF
    bills print --from DATE --to DATE --out DIR [--combined]    every bill and credit note issued in the period

A bill prints as the desktop prints it (``services.documents.bill_pdf``): the stored original the first
time, a copy (副本) after that or with ``--copy``; a draft with its DRAFT mark. Like the other commands they
act as "system" on the configured database; every print is audited.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from desktop_app.cli import CliError, _database_command, _system_context
from desktop_app.cli_bills import _day
from desktop_app.config import Paths


def _bill_id(context: Any, number: str) -> int:
    from sqlalchemy import select

    from desktop_app.models import Bill

    with context.unit_of_work(write=False) as uow:
        bill_id = uow.session.scalar(select(Bill.id).where(Bill.code == number.strip().upper()))
    if bill_id is None:
        raise CliError(f"no bill or credit note numbered {number!r} (give it as ZD-2026-000123)")
    return int(bill_id)


def cmd_bills_print(paths: Paths, args: argparse.Namespace) -> int:
    from desktop_app.services.documents import bill_pdf, export_bills, issued_bill_ids

    target = Path(args.out)
    if args.number:
        if args.date_from or args.date_to or args.combined:
            raise CliError("give either a bill NUMBER or --from and --to, not both")
        if target.is_dir():
            raise CliError(f"--out is a folder: give the file to write, e.g. {target / (args.number + '.pdf')}")
        if not target.parent.is_dir():
            raise CliError(f"no such folder: {target.parent}")
        with _system_context(paths, args) as context:
            file = bill_pdf(context, _bill_id(context, args.number), copy=True if args.copy else None,
                            without_prices=args.without_prices)
        target.write_bytes(file.data)
        number = file.name.removesuffix(".pdf").removesuffix("-without-prices").removesuffix("-copy")
        print(f"wrote {number}{' (copy)' if file.copy else ''} to {target} "
              f"({len(file.data):,} bytes, sha256 {file.sha256})")
        return 0
    if not (args.date_from and args.date_to):
        raise CliError("give a bill NUMBER, or the period: --from YYYY-MM-DD and --to YYYY-MM-DD (exclusive)")
    if args.copy:
        raise CliError("--copy prints one bill; a period prints each bill as it comes (the original first)")
    start, end = _day(args.date_from, "--from"), _day(args.date_to, "--to")
    if start >= end:
        raise CliError(f"--to ({end}) must be after --from ({start}); --to is the first day not printed")
    if not target.is_dir():
        raise CliError(f"no such folder: {target} (give an existing folder for the PDF files)")
    with _system_context(paths, args) as context:  # streamed to the folder, never all in memory
        ids = issued_bill_ids(context, start, end)
        files = export_bills(context, ids, target, combined=args.combined, without_prices=args.without_prices).files
    where = f"{files[0]}" if args.combined and files else f"{len(files)} files in {target}"
    print(f"printed {len(ids)} bills and credit notes issued {start.isoformat()} to {end.isoformat()} "
          f"(exclusive){': ' + where if files else ''}")
    return 0


def add_commands(commands: Any) -> None:
    """Register ``bills print`` on the ``bills`` command that ``cli_bills`` made."""
    bills = commands.choices["bills"]
    actions = next(action for action in bills._actions if isinstance(action, argparse._SubParsersAction))
    printer = actions.add_parser(
        "print", help="write bills and credit notes as PDF",
        description="Write one bill or credit note (by its number) as a PDF file, or every one issued in a period "
                    "into a folder (one file each, or one combined file). The first print of an issued bill is the "
                    "stored original; later ones are copies (副本).")
    printer.add_argument("number", nargs="?", metavar="NUMBER", help="the bill's number, e.g. ZD-2026-000123")
    printer.add_argument("--out", required=True, metavar="FILE|DIR",
                         help="the PDF file to write (one bill), or the folder (a period)")
    printer.add_argument("--copy", action="store_true", help="print a copy (副本) even if the original was never "
                                                             "printed")
    printer.add_argument("--without-prices", action="store_true", help="delivery style: no prices or amounts")
    printer.add_argument("--from", dest="date_from", metavar="YYYY-MM-DD", help="the first issue day")
    printer.add_argument("--to", dest="date_to", metavar="YYYY-MM-DD", help="the day after the last (exclusive)")
    printer.add_argument("--combined", action="store_true", help="one PDF file for the whole period")
    _database_command(printer, cmd_bills_print)
