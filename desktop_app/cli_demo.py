"""Admin CLI command for the demo company (see desktop_app/cli.py and services/demo.py):

    demo fill [--customers N] [--today YYYY-MM-DD]   fill an empty, initialised database with a demo company

Like the other commands it acts as "system" on the configured database (run ``init`` first).
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from typing import Any

from desktop_app.cli import CliError, _database_command, _system_context
from desktop_app.config import Paths
from desktop_app.errors import DomainError


def _sentence(error: DomainError) -> str:
    from desktop_app.messages import describe

    return describe(error)


def cmd_demo_fill(paths: Paths, args: argparse.Namespace) -> int:
    from desktop_app.services.demo import fill_demo
    from desktop_app.services.setup import is_initialised

    try:
        today = date.fromisoformat(args.today) if args.today else date.today()
    except ValueError:
        raise CliError(f"--today: give a date as YYYY-MM-DD, not {args.today!r}") from None
    if args.customers < 1:
        raise CliError(f"--customers: give a number of at least 1, not {args.customers}")

    def progress(done: int, total: int, step: str) -> None:
        print(f"  {step} ({done}/{total})", flush=True)

    with _system_context(paths, args) as context:
        if not is_initialised(context):
            raise CliError("the database is not set up yet: run `init` first")
        try:
            summary = fill_demo(context, today=today, customers=args.customers, seed=args.seed, progress=progress)
        except DomainError as error:
            if not error.code.startswith("demo."):
                raise
            print(f"error: {_sentence(error)}", file=sys.stderr)
            return 2
    print(f"demo company filled as of {today.isoformat()}: {summary.customers} customers, "
          f"{summary.subscriptions} subscriptions, {summary.usage_records} usage records, {summary.bills} bills, "
          f"{summary.payments} payments, {summary.overdue_bills} overdue bills, {summary.wallet_top_ups} top-ups")
    print(f"demo logins (password {summary.password}, changed at the first log-in):")
    for login in summary.logins:
        print(f"  {login.login:<14} {login.display_name} ({login.role})")
    return 0


def add_commands(commands: Any) -> None:
    """Register ``demo fill`` on the CLI's sub-command parser."""
    demo = commands.add_parser("demo", help="the demo company (演示数据)")
    demo_commands = demo.add_subparsers(dest="demo_command", required=True, metavar="ACTION")
    fill = demo_commands.add_parser(
        "fill", help="fill an empty database with a demo company",
        description="Fill an initialised database that has no customers, plans or bills yet with a demo company: "
                    "staff, products, plans of every billing mode, customers, a year of subscriptions, usage, "
                    "bill runs, bills and payments (some overdue). Run `init` first.")
    fill.add_argument("--customers", type=int, default=300, metavar="N", help="how many customers (default 300)")
    fill.add_argument("--today", metavar="YYYY-MM-DD", help="the demo's today (default: today)")
    fill.add_argument("--seed", type=int, default=2026, help="the random seed (same seed, same demo)")
    _database_command(fill, cmd_demo_fill)
