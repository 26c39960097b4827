"""Admin CLI commands for billing (see desktop_app/cli.py and docs/admin-guide.md, "Bill runs from the command
line"):

    bill-run --cutoff YYYY-MM-DD        draft the bills of every due subscription (exit 3: a run is going on)
    bills issue --run N | --all-drafts  issue drafts in bulk, each with its gap-free number
    bills export (--period YYYY-MM | --from D --to D) --format json|csv --out FILE [--include-drafts]
    bills gap-report                    missing numbers per series and year (exit 1 when there are any)

Like the other commands they act as "system" on the configured database.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import Any

from desktop_app.cli import CliError, _database_command, _system_context
from desktop_app.config import Paths
from desktop_app.errors import DomainError

LOCKED_EXIT = 3  # bill-run: another bill run holds the lock; try again later


def _day(text: str, option: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CliError(f"{option}: give a date as YYYY-MM-DD, not {text!r}") from None


def _month(text: str) -> tuple[date, date]:
    try:
        year, month = (int(part) for part in text.split("-"))
        start = date(year, month, 1)
    except ValueError:
        raise CliError(f"--period: give a month as YYYY-MM, not {text!r}") from None
    return start, date(year + month // 12, month % 12 + 1, 1)


def _period(args: argparse.Namespace) -> tuple[date, date]:
    if args.period:
        if args.date_from or args.date_to:
            raise CliError("give either --period or --from and --to, not both")
        return _month(args.period)
    if not (args.date_from and args.date_to):
        raise CliError("give the period: --period YYYY-MM, or --from YYYY-MM-DD and --to YYYY-MM-DD (exclusive)")
    start, end = _day(args.date_from, "--from"), _day(args.date_to, "--to")
    if start >= end:
        raise CliError(f"--to ({end}) must be after --from ({start}); --to is the first day not exported")
    return start, end


def cmd_bill_run(paths: Paths, args: argparse.Namespace) -> int:
    """A bill run at the cut-off date: drafts for everything due, then the summary."""
    from desktop_app.billing.money import from_fen, to_fen
    from desktop_app.messages import describe
    from desktop_app.services.bill_runs import run_bills

    cutoff = _day(args.cutoff, "--cutoff")
    with _system_context(paths, args) as context:
        try:
            summary = run_bills(context, cutoff)
        except DomainError as error:
            if error.code != "bill_run.locked":
                raise
            print(f"error: {describe(error)}", file=sys.stderr)
            return LOCKED_EXIT
    total = from_fen(to_fen(summary.total_gross))
    print(f"bill run {summary.run_id} at {summary.cutoff.isoformat()} {summary.status}: {summary.due} due, "
          f"{summary.bills} bills, {summary.already_billed} already billed, total {total}")
    return 0


def _drafts(context: Any, run_id: int | None) -> list[int]:
    """Every draft (of one run), oldest first, through the list's pages."""
    from desktop_app.services.bills import list_bills

    ids: list[int] = []
    before: int | None = None
    while True:
        page = list_bills(context, status="draft", kind="bill", run_id=run_id, limit=500, before_id=before)
        ids.extend(bill.id for bill in page)
        if len(page) < 500:
            return sorted(ids)
        before = page[-1].id


def cmd_bills_issue(paths: Paths, args: argparse.Namespace) -> int:
    """Issue the drafts of a run (or every draft), each in its own short transaction."""
    from desktop_app.messages import describe
    from desktop_app.services.bills import issue_bills

    with _system_context(paths, args) as context:
        ids = _drafts(context, None if args.all_drafts else args.run_id)
        summary = issue_bills(context, ids)
    numbers = "" if not summary.issued else f": {summary.issued[0]}" if len(summary.issued) == 1 else \
        f": {summary.issued[0]} … {summary.issued[-1]}"
    print(f"issued {len(summary.issued)} of {len(ids)} draft bills{numbers}")
    for bill_id, code in summary.failed:
        print(f"not issued: bill #{bill_id}: {describe(DomainError(code, bill=f'#{bill_id}'))}")
    return 1 if summary.failed else 0


def cmd_bills_export(paths: Paths, args: argparse.Namespace) -> int:
    from desktop_app.services.bill_export import export_bills

    start, end = _period(args)
    target = Path(args.out)
    if not target.parent.is_dir():
        raise CliError(f"no such folder: {target.parent}")
    with _system_context(paths, args) as context:
        count = export_bills(context, start, end, args.format, target, include_drafts=args.include_drafts)
    print(f"exported {count} bills and credit notes issued {start.isoformat()} to {end.isoformat()} "
          f"(exclusive) to {target}")
    return 0


def cmd_bills_gap_report(paths: Paths, args: argparse.Namespace) -> int:
    from desktop_app.services.bills import gap_report

    with _system_context(paths, args) as context:
        gaps = gap_report(context)
    if not gaps:
        print("no gaps")
        return 0
    for gap in gaps:
        numbers = ", ".join(f"{gap.series}-{gap.year}-{number:06d}" for number in gap.missing)
        print(f"{gap.series} {gap.year}: {len(gap.missing)} missing: {numbers}")
    return 1


def add_commands(commands: Any) -> None:
    """Register ``bill-run`` and ``bills issue|export|gap-report`` on the CLI's sub-command parser."""
    run = commands.add_parser(
        "bill-run", help="draft the bills of every due subscription at a cut-off date",
        description="Bill every subscription due at the cut-off date into draft bills (fees in advance, usage in "
                    "arrears), as the bill-run dialog does; print what it did. Running it again bills nothing "
                    f"twice. Exit code {LOCKED_EXIT} when another bill run is going on.")
    run.add_argument("--cutoff", required=True, help="the cut-off date, YYYY-MM-DD")
    _database_command(run, cmd_bill_run)

    bills = commands.add_parser("bills", help="issue, export and check bills")
    bill_commands = bills.add_subparsers(dest="bills_command", required=True, metavar="ACTION")
    issue = bill_commands.add_parser(
        "issue", help="issue draft bills in bulk",
        description="Issue the draft bills of one bill run, or every draft, oldest first, each with the next "
                    "gap-free number. Exit 1 when some could not be issued (each is named).")
    which = issue.add_mutually_exclusive_group(required=True)
    which.add_argument("--run", dest="run_id", type=int, metavar="N", help="the drafts of bill run N")
    which.add_argument("--all-drafts", action="store_true", help="every draft bill")
    exporter = bill_commands.add_parser(
        "export", help="write the bills and credit notes of a period to JSON or CSV",
        description="Write every bill and credit note issued in the period (void ones marked), each line with "
                    "its tax, to JSON or CSV (format: docs/formats.md, Bills export).")
    exporter.add_argument("--period", metavar="YYYY-MM", help="a calendar month")
    exporter.add_argument("--from", dest="date_from", metavar="YYYY-MM-DD", help="the first day")
    exporter.add_argument("--to", dest="date_to", metavar="YYYY-MM-DD", help="the day after the last (exclusive)")
    exporter.add_argument("--format", choices=("json", "csv"), required=True)
    exporter.add_argument("--out", required=True, metavar="FILE", help="the file to write")
    exporter.add_argument("--include-drafts", action="store_true", help="also the drafts created in the period")
    gaps = bill_commands.add_parser(
        "gap-report", help="check that no bill or credit note number is missing",
        description="Print \"no gaps\", or each series and year with its missing numbers (exit 1).")
    for sub, command in ((issue, cmd_bills_issue), (exporter, cmd_bills_export), (gaps, cmd_bills_gap_report)):
        _database_command(sub, command)
