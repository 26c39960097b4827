"""Milliseconds per rendered document in a warm process (prints figures; not a test).

    python bench/documents.py [--runs 5] [--count 100] [--processes 2]

Documents (the samples of tests/documents/document_samples.py): a typical one-page bill (8 lines, two tax
rates, payment QR code), the same bill for 64 different customers in turn (other names and addresses, so
each document embeds other characters, as in bulk issuing: nothing of its second font subset is reused),
a three-page bill (60 lines), a receipt and a customer statement. Each figure
is process CPU time per document, the best of ``--runs`` runs of ``--count`` renders, the median run in
brackets; the first render (font loading) is timed on its own. The last line renders one-page bills in
``--processes`` worker processes for two seconds and prints bills per second: issuing needs ≥ 200/s on
two cores, PDF included.
"""

from __future__ import annotations

import argparse
import itertools
import multiprocessing
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "documents"))

import document_samples as samples  # noqa: E402

from desktop_app.documents import render_bill, render_receipt, render_statement  # noqa: E402


def _time(render: Callable[[], bytes], runs: int, count: int) -> tuple[float, float, int]:
    """(best ms, median ms, size in bytes) per render."""
    results = []
    size = 0
    for _ in range(runs):
        start = time.process_time()
        for _ in range(count):
            size = len(render())
        results.append((time.process_time() - start) / count * 1000)
    return min(results), statistics.median(results), size


_NAME_CHARS = ("华为腾讯阿里巴小米百度京东网易美团滴滴拼多字节跳动联想海尔格力长城安徽江苏浙四川湖南湖北河"
               "福建广西云贵陕甘宁青新疆内蒙辽吉黑龙台港澳鸿运昌盛兴隆泰和丰瑞祥达通汇金银铜铁钢铝锦绣山水")


def _customers(count: int = 64) -> list[object]:
    """The sample bill for ``count`` customers whose names and addresses use different characters."""
    bills = []
    for index in range(count):
        pick = [_NAME_CHARS[(index * 7 + step * 5) % len(_NAME_CHARS)] for step in range(12)]
        customer = replace(samples.CUSTOMER, code=f"C-{index:06d}", name="".join(pick[:6]) + "有限公司",
                           address="".join(pick[6:]) + f"路{index + 1}号", contact="".join(pick[3:5]))
        bills.append(samples.bill(customer=customer))
    return bills


def _worker(seconds: float) -> int:
    doc = samples.bill()
    render_bill(doc)
    done = 0
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        render_bill(doc)
        done += 1
    return done


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--count", type=int, default=100)
    parser.add_argument("--processes", type=int, default=2)
    options = parser.parse_args()

    bill, long_bill, receipt, statement = samples.bill(), samples.long_bill(60), samples.receipt(), samples.statement()
    start = time.perf_counter()
    render_bill(bill)
    print(f"first render (fonts loaded)     {(time.perf_counter() - start) * 1000:7.1f} ms")
    others = itertools.cycle(_customers())
    cases: list[tuple[str, Callable[[], bytes]]] = [
        ("bill, 1 page (8 lines)", lambda: render_bill(bill)),
        ("bill, 1 page, 64 customers", lambda: render_bill(next(others))),  # type: ignore[arg-type]
        ("bill, 1 page, copy", lambda: render_bill(bill, copy=True)),
        ("bill, 3 pages (60 lines)", lambda: render_bill(long_bill)),
        ("receipt (A5)", lambda: render_receipt(receipt)),
        ("statement (7 entries)", lambda: render_statement(statement)),
    ]
    for name, render in cases:
        best, median, size = _time(render, options.runs, options.count)
        print(f"{name:<32}{best:7.2f} ms  ({median:.2f})  {size / 1024:6.1f} KiB")
    seconds = 2.0
    with multiprocessing.get_context("spawn").Pool(options.processes) as pool:
        done = sum(pool.map(_worker, [seconds] * options.processes))
    print(f"{options.processes} processes, one-page bills      {done / seconds:7.0f} bills/s")


if __name__ == "__main__":
    main()
