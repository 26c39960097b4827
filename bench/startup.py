"""Cold start to the first painted window, median of several runs (prints figures; not a test).

    python bench/startup.py [--runs 9]

Two scenarios, each in a fresh process with QT_QPA_PLATFORM=offscreen:
* first run: no configuration yet, the set-up wizard is the first window;
* daily start: a configured embedded database with a company, the log-in dialog is the first window.
Wall time is measured from process start to the "first-paint" line the app prints when
BENJI_BENCH_FIRST_PAINT is set (see desktop_app/app.py). Target: median under 1.0 s.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def one_run(home: Path) -> float:
    env = dict(os.environ, BENJI_HOME=str(home), BENJI_BENCH_FIRST_PAINT="1", QT_QPA_PLATFORM="offscreen",
               QT_LOGGING_RULES="qt.qpa.*=false")
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, str(ROOT / "main.py")], cwd=ROOT, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    assert process.stdout is not None
    for line in process.stdout:
        if line.strip() == "first-paint":
            elapsed = time.perf_counter() - started
            break
    else:
        raise SystemExit("the app exited without painting a window")
    process.wait(timeout=30)
    return elapsed


def configured_home(base: Path) -> Path:
    home = base / "configured"
    env = dict(os.environ, BENJI_HOME=str(home), BENJI_ADMIN_PASSWORD="Bench-pass-2026")
    subprocess.run([sys.executable, "-m", "desktop_app", "init", "--company", "基准测试有限公司", "--admin", "bench"],
                   cwd=ROOT, env=env, check=True, capture_output=True)
    return home


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        one_run(base / "warm-up")  # fill the OS file cache once, as a second start of the day would
        scenarios = {"first run (wizard)": lambda i: base / f"fresh-{i}", "daily start (log-in)": None}
        home = configured_home(base)
        print(f"cold start to first painted window, {args.runs} runs, {os.cpu_count()} cores")
        for name, fresh in scenarios.items():
            times = [one_run(fresh(i) if fresh else home) for i in range(args.runs)]
            print(f"  {name:22} median {statistics.median(times):.3f} s   min {min(times):.3f}   "
                  f"max {max(times):.3f}")


if __name__ == "__main__":
    main()
