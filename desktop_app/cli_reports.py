"""Admin CLI commands for reports (see desktop_app/cli.py and docs/admin-guide.md, "Reports from the command
line"):

    report list                                       the report names and titles
    report run NAME --period P --out FILE [filters]   compute a report and write it as XLSX, CSV or PDF

``report run`` is meant for a nightly task: the format follows the file's suffix (.xlsx, .csv, .pdf), the
file is replaced only once complete, and one line says what was written (exit 0); a mistake gives one
line on stderr and exit 2. Like the other commands it acts as "system" (every customer, every figure) on
the configured database; the export is audited (``report.export``).
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import Any

from desktop_app.cli import CliError, _database_command, _system_context
from desktop_app.cli_bills import _day
from desktop_app.config import Paths

LANGUAGES = ("zh_CN", "en")
# option -> the ReportFilter field it sets
_FILTERS = {"department": "department_id", "owner": "owner_id", "tier": "tier", "plan": "plan_id",
            "product": "product", "customer": "customer_id"}


def cmd_report_list(paths: Paths, args: argparse.Namespace) -> int:
    from desktop_app.services.reports import REPORTS

    width = max(len(name) for name in REPORTS) + 2
    for info in REPORTS.values():
        options = " ".join(f"--{option}" for option, field in _FILTERS.items() if field in info.filters)
        as_of = "  (at a day: --as-of)" if info.point_in_time else ""
        print(f"{info.name:<{width}}{info.title.zh} / {info.title.en}{as_of}  [{options}]")
    return 0


def _one(found: list[Any], what: str, text: str, hint: str = "") -> int:
    if not found:
        raise CliError(f"no {what} {text!r}{hint}")
    if len(found) > 1:
        raise CliError(f"several {what}s match {text!r}: give its id ({', '.join(str(item) for item in found)})")
    return int(found[0])


def _lookups(context: Any, args: argparse.Namespace) -> dict[str, Any]:
    """The filter options given, as ReportFilter fields: names, logins and codes looked up."""
    from sqlalchemy import func, select

    from desktop_app.models import Customer, Department, Plan, Product, User

    found: dict[str, Any] = {}
    with context.unit_of_work(write=False) as uow:
        session = uow.session
        if args.department:
            text = args.department.strip()
            query = select(Department.id).where(
                (Department.id == int(text)) if text.isdigit() else (Department.name == text))
            found["department_id"] = _one(list(session.scalars(query)), "department", text)
        if args.owner:
            login = args.owner.strip()
            ids = list(session.scalars(select(User.id).where(func.lower(User.login) == login.lower())))
            found["owner_id"] = _one(ids, "user with the login", login)
        if args.tier:
            found["tier"] = args.tier.strip()
        if args.plan:
            code = args.plan.strip()
            ids = list(session.scalars(select(Plan.id).where(func.upper(Plan.code) == code.upper())))
            found["plan_id"] = _one(ids, "plan with the code", code)
        if args.product:
            code = args.product.strip()
            codes = list(session.scalars(select(Product.code).where(func.upper(Product.code) == code.upper())))
            if not codes:
                raise CliError(f"no product with the code {code!r}")
            found["product"] = codes[0]
        if args.customer:
            code = args.customer.strip()
            ids = list(session.scalars(select(Customer.id).where(func.upper(Customer.code) == code.upper())))
            found["customer_id"] = _one(ids, "customer with the code", code)
    return found


def cmd_report_run(paths: Paths, args: argparse.Namespace) -> int:
    from desktop_app.services.reports import REPORTS, ReportFilter, parse_period, run_report
    from desktop_app.services.reports.output import FORMATS, export_report
    from desktop_app.services.reports.saved import company_today, load_report_settings

    info = REPORTS.get(args.name)
    if info is None:
        raise CliError(f"no report called {args.name!r}; `report list` shows the names")
    target = Path(args.out)
    if target.suffix.lower() not in FORMATS:
        raise CliError(f"--out: name a .xlsx, .csv or .pdf file (the format follows the suffix), not {target.name!r}")
    if target.is_dir():
        raise CliError(f"--out is a folder: give the file to write, e.g. {target / (info.name + '.xlsx')}")
    if not target.parent.is_dir():
        raise CliError(f"no such folder: {target.parent}")
    unused = [f"--{option}" for option, field in _FILTERS.items()
              if getattr(args, option) and field not in info.filters]
    if unused:
        honoured = " ".join(f"--{option}" for option, field in _FILTERS.items() if field in info.filters)
        raise CliError(f"the report {info.name} does not filter by {', '.join(unused)}; it takes: {honoured or 'none'}")
    as_of: date | None = _day(args.as_of, "--as-of") if args.as_of else None
    if not (args.period or args.settings or info.point_in_time):
        raise CliError("give the period: --period 2026-10 (a month), 2026-Q3, 2026, 2026-10-01..2026-12-31 or "
                       "last-month, this-month, year-to-date ...")

    with _system_context(paths, args) as context:
        today = as_of or company_today(context)
        if args.settings:
            flt = load_report_settings(context, info.name, args.settings, args.settings_user)
        else:
            flt = ReportFilter(parse_period(args.period or "this-month", today))
        changes: dict[str, Any] = _lookups(context, args)
        if args.settings and (args.period or as_of is not None):  # relative periods count from --as-of
            changes["period"] = parse_period(args.period or flt.period.text, today)
        if as_of is not None:
            changes["as_of"] = as_of
        flt = flt.with_changes(**changes)
        snapshot = run_report(context, info.name, flt)
        written = export_report(context, snapshot, target, args.language)
    title = snapshot.title.text(args.language)
    period = snapshot.period_label.text(args.language)
    print(f"wrote {info.name} ({title}, {period}): {len(snapshot.rows)} rows to {written} "
          f"({written.stat().st_size:,} bytes)")
    return 0


def add_commands(commands: Any) -> None:
    """Register ``report list`` and ``report run`` on the CLI's sub-command parser."""
    report = commands.add_parser("report", help="list reports; write one as XLSX, CSV or PDF (nightly tasks)")
    actions = report.add_subparsers(dest="report_command", required=True, metavar="ACTION")
    listing = actions.add_parser("list", help="the report names and titles",
                                 description="Print each report's name (for `report run`), its titles and the "
                                             "filters it takes.")
    listing.set_defaults(run=cmd_report_list)
    run = actions.add_parser(
        "run", help="compute a report and write it to a file",
        description="Compute the report NAME for a period, with optional filters, as the system user (every "
                    "customer), and write it to FILE: .xlsx (numbers as numbers, a header row, an Info sheet), "
                    ".csv (UTF-8 with BOM) or .pdf (the printed report with its chart). The file is replaced "
                    "only once complete. Exit 0 and one line saying what was written; exit 2 on a mistake.")
    run.add_argument("name", metavar="NAME", help="the report's name (see `report list`), e.g. revenue_by_period")
    run.add_argument("--period", metavar="P",
                     help="2026-10 (month), 2026-Q3, 2026, 2026-10-01..2026-12-31 (both days included), or "
                          "this-month, last-month, this-quarter, last-quarter, this-year, last-year, "
                          "year-to-date, last-12-months (counted from today in the company's time zone)")
    run.add_argument("--out", required=True, metavar="FILE", help="the file to write: .xlsx, .csv or .pdf")
    run.add_argument("--as-of", metavar="YYYY-MM-DD",
                     help="the reference day (aging), also the 'today' relative periods count from")
    run.add_argument("--department", metavar="NAME|ID", help="customers of this department and those below it")
    run.add_argument("--owner", metavar="LOGIN", help="customers of this salesperson")
    run.add_argument("--tier", metavar="T", help="customers of this membership tier (会员级别)")
    run.add_argument("--plan", metavar="CODE", help="bills of subscriptions on this plan")
    run.add_argument("--product", metavar="CODE", help="bill lines of this product")
    run.add_argument("--customer", metavar="CODE", help="one customer, by its code")
    run.add_argument("--language", choices=LANGUAGES, default="zh_CN", help="labels of the file (default zh_CN)")
    run.add_argument("--settings", metavar="SAVED_NAME",
                     help="start from report settings a user saved in the app (options given here override them)")
    run.add_argument("--settings-user", metavar="LOGIN",
                     help="whose settings, when several users saved them under that name")
    _database_command(run, cmd_report_run)
