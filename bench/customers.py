"""Customer list and search at scale, through the service layer (prints figures; not a test).

    python bench/customers.py [--rows 1000000] [--url URL] [--keep FILE]

Seeds N customers (names made of common company words, so pinyin and initials vary) owned by a few
sales users, then measures, as an administrator (scope "all") and as a salesperson (scope "own"):
  * open: the list's first page of 200 rows (what the window needs to paint),
  * count: the number of rows the list holds (asked apart: the window shows it when it comes),
  * search: median of 25 searches, first page (pinyin initials, full pinyin, Chinese, phone digits),
    and the median count of their matches,
  * scroll: the next page of 200 rows from the middle of the list,
and the process's peak RSS. Targets (issue 4): open < 100 ms, search < 20 ms, scroll < 20 ms, RSS < 250 MB.
"""

from __future__ import annotations

import argparse
import random
import resource
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

WORDS = ["北京", "上海", "广州", "深圳", "杭州", "成都", "华北", "华南", "东方", "长城", "科技", "贸易", "物流", "电子",
         "信息", "网络", "通信", "软件", "建设", "能源", "医药", "食品", "文化", "传媒", "教育", "咨询", "实业", "机械"]


def seed(database, rows: int, owners: list[int]) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import insert

    from desktop_app.models import Counter, Customer
    from desktop_app.services import search_text as st

    rng = random.Random(42)
    now = datetime.now(UTC)
    batch = []
    started = time.perf_counter()
    with database.engine.begin() as connection:
        for n in range(1, rows + 1):
            name = "".join(rng.sample(WORDS, 3)) + f"{n}有限公司"
            phone = f"13{rng.randint(0, 999999999):09d}"
            code = f"C2026{n:07d}"
            full, initials = st.pinyin_forms(name)
            batch.append({"code": code, "name": name, "short_name": "", "kind": "company", "industry": "",
                          "region": rng.choice(WORDS[:6]), "address": "", "tier": "standard", "status": "active",
                          "owner_id": rng.choice(owners), "department_id": None, "source": "", "tags": "",
                          "tax_id": "", "invoice_title": "", "bank_name": "", "bank_account": "", "phone": phone,
                          "email": "", "notes": "", "pinyin_override": "", "name_key": st.name_key(name),
                          "search_text": st.search_text([name, code, full, initials, phone]), "created_at": now,
                          "created_by": "bench", "version": 1})
            if len(batch) == 20_000:
                connection.execute(insert(Customer), batch)
                batch.clear()
                print(f"  seeded {n:,} ({time.perf_counter() - started:.0f} s)", flush=True)
        if batch:
            connection.execute(insert(Customer), batch)
        connection.execute(insert(Counter), [{"series": "customer", "year": now.year, "last": rows}])


def timed(call) -> float:  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    call()
    return (time.perf_counter() - started) * 1000


def measure(context, label: str) -> None:  # type: ignore[no-untyped-def]
    from desktop_app.services.customer_list import count_customers, load_rows, page
    from desktop_app.services.customers import CustomerFilter

    window_page = 200  # what the list window asks for (views/pages/customers.py PAGE)
    opens = [timed(lambda: page(context, limit=window_page)) for _ in range(5)]
    total: list[int] = []
    counts = [timed(lambda: total.append(count_customers(context))) for _ in range(3)]
    queries = ["bjkj", "shkj", "beijingkeji", "科技贸易", "华南", "8888", "1234", "wuliu", "dfcc", "长城"] * 3
    searches = [timed(lambda q=q: page(context, CustomerFilter(text=q), limit=window_page)) for q in queries[:25]]
    search_counts = [timed(lambda q=q: count_customers(context, CustomerFilter(text=q))) for q in queries[:10]]
    middle = load_rows(context, [total[0] // 2 or 1]) or page(context, limit=1)
    scrolls = []
    after = middle[0]
    for _ in range(10):
        rows: list = []  # type: ignore[type-arg]
        scrolls.append(timed(lambda a=after, r=rows: r.extend(page(context, after=a, limit=window_page))))
        if not rows:
            break
        after = rows[-1]
    print(f"  {label:26} rows visible {total[0]:>9,}   open {statistics.median(opens):6.1f} ms   "
          f"count {statistics.median(counts):6.1f} ms   search {statistics.median(searches):6.1f} ms   "
          f"(count {statistics.median(search_counts):6.1f} ms)   scroll {statistics.median(scrolls):5.1f} ms",
          flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--url", help="a database URL (default: a new SQLite file)")
    parser.add_argument("--keep", help="SQLite file to create or reuse")
    args = parser.parse_args()

    from sqlalchemy import func, select

    from desktop_app.db import open_url
    from desktop_app.models import Customer
    from desktop_app.schema import prepare
    from desktop_app.services.auth import log_in
    from desktop_app.services.company import CompanyDetails
    from desktop_app.services.context import Context
    from desktop_app.services.roles import list_roles
    from desktop_app.services.setup import FirstAdmin, initialise, is_initialised
    from desktop_app.services.users import UserInput, create_user, find_user_id

    path = Path(args.keep) if args.keep else Path(tempfile.mkdtemp()) / "bench.db"
    url = args.url or f"sqlite:///{path}"
    database = open_url(url)
    prepare(database, Path(tempfile.mkdtemp()))
    system = Context(database)
    if not is_initialised(system):
        initialise(system, CompanyDetails(name="基准测试有限公司"), FirstAdmin("admin", "管理员", "Bench-pass-1"))
    admin = Context(database, log_in(system, "admin", "Bench-pass-1").actor())
    sales_role = next(r.id for r in list_roles(admin) if r.name == "Sales")
    owners = []
    for n in range(20):
        login = f"sales{n}"
        try:
            owners.append(find_user_id(admin, login))
        except Exception:
            user, _ = create_user(admin, UserInput(login, f"销售{n}", role_ids=(sales_role,)), "Bench-pass-1",
                                  confirm="Bench-pass-1")
            owners.append(user.id)
    with database.engine.connect() as connection:
        existing = connection.scalar(select(func.count()).select_from(Customer)) or 0
    if existing < args.rows:
        print(f"seeding {args.rows - existing:,} customers into {database.description} ...", flush=True)
        seed(database, args.rows, owners)
    sales = Context(database, log_in(system, "sales0", "Bench-pass-1").actor())
    print(f"customers: {args.rows:,} on {database.engine.dialect.name}")
    measure(admin, "administrator (all)")
    measure(sales, "salesperson (own + pool)")
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"  peak RSS {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
