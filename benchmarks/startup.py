"""Where a forced build of one comparison spends its time beyond the import floor (issue 16).

    python benchmarks/startup.py              # 9 rounds of fresh processes; medians
    python benchmarks/startup.py --rounds 21

Each round runs the import floor as `run.py` defines it (a process importing what a build
needs), then one fresh process that times, in turn: the floor's imports; guidecompare's modules
that a build imports (with the library modules they bring); a first forced build of
specs/ketamine-crps (the work, and what is done once per process: reading the fonts, first
calls); and forced builds of it again in the same process (the work alone, median of 5). It also
times how long each process takes to exit once its work is done: the interpreter frees every
object it made, which costs more the more was imported.

The last lines compare the parts with what the target `build <= 1.5 x import floor` leaves for
everything beyond the floor: half the floor.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from run import BUILD_NEEDS, import_command  # noqa: E402  (benchmarks/ is not a package)

SEED = ROOT / "specs" / "ketamine-crps"

# The measuring process: the guidecompare modules a build imports are found by a build in a
# process of their own (the recording), then imported here in the order that build loaded them.
_CHILD = """
import importlib, json, statistics, sys, time
start = time.perf_counter()
import {floor}
floor = time.perf_counter()
for name in {modules!r}:
    importlib.import_module(name)
imported = time.perf_counter()
from guidecompare.pipeline.build import build
build([{seed!r}], {out!r}, force=True)
first = time.perf_counter()
again = []
for _ in range(5):
    t = time.perf_counter()
    build([{seed!r}], {out!r}, force=True)
    again.append(time.perf_counter() - t)
print(json.dumps({{"floor imports": floor - start, "guidecompare's imports": imported - floor,
                  "first build": first - imported, "work alone": statistics.median(again),
                  "end": time.time()}}))
"""
# The floor's process, telling when it is done (its exit, freeing what it imported, follows).
_FLOOR = "import time, {floor}; print(time.time())"

_RECORD = """
import sys
import {floor}
before = set(sys.modules)
from guidecompare.pipeline.build import build
build([{seed!r}], {out!r}, force=True)
print("\\n".join(m for m in sys.modules if m not in before and m.startswith("guidecompare")))
"""


def _run(command: list[str]) -> tuple[str, float]:
    """What `command` printed, and the time.time() at which its process had exited."""
    out = subprocess.run(command, cwd=ROOT, check=True, capture_output=True, text=True).stdout
    return out, time.time()


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rounds", type=int, default=9, help="rounds (default 9)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="guidecompare-startup-") as work:
        out = str(Path(work) / "out")
        fill = {"floor": ", ".join(BUILD_NEEDS), "seed": str(SEED), "out": out}
        recorded = subprocess.run(
            [sys.executable, "-c", _RECORD.format(**fill)],
            cwd=ROOT,
            check=True,
            capture_output=True,
            text=True,
        ).stdout.split()
        child = [sys.executable, "-c", _CHILD.format(modules=recorded, **fill)]
        floors: list[float] = []
        parts: dict[str, list[float]] = {}
        for _ in range(args.rounds):
            start = time.perf_counter()
            subprocess.run(import_command(BUILD_NEEDS), cwd=ROOT, check=True, capture_output=True)
            floors.append(time.perf_counter() - start)
            printed, exited = _run([sys.executable, "-c", _FLOOR.format(**fill)])
            parts.setdefault("floor: exit", []).append(exited - float(printed))
            printed, exited = _run(child)
            found = json.loads(printed)
            found["builds: exit"] = exited - found.pop("end")
            for name, seconds in found.items():
                parts.setdefault(name, []).append(seconds)
    floor = statistics.median(floors)
    median = {name: statistics.median(values) for name, values in parts.items()}
    exits = median.pop("floor: exit"), median.pop("builds: exit")
    print(f"{args.rounds} rounds, medians; {len(recorded)} guidecompare modules a build imports")
    print(f"  {'import floor, a process of its own':<52} {1000 * floor:7.1f} ms")
    for name, seconds in median.items():
        print(f"  {name + ', in one process':<52} {1000 * seconds:7.1f} ms")
    first, imports = median["first build"], median["guidecompare's imports"]
    once = first - median["work alone"]
    budget = floor / 2
    print(f"  {'of the first build, done once per process':<52} {1000 * once:7.1f} ms")
    print(f"  {'exit of the floor process (freeing its modules)':<52} {1000 * exits[0]:7.1f} ms")
    print(f"  {'exit of the process that built':<52} {1000 * exits[1]:7.1f} ms")
    print(
        f"\n1.5 x the floor leaves {1000 * budget:.0f} ms for everything beyond the floor; "
        f"the first build alone takes {1000 * first:.0f} ms ({first / budget:.2f} x that), "
        f"and guidecompare's imports {1000 * imports:.0f} ms more."
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
