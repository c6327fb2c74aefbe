"""Where the workers' CPU goes during the sync phase: `bench/load.py --profile`.

py-spy (a sampling profiler that reads another process's memory: no code in the server)
records each gunicorn worker for the length of the phase, sampling only the thread holding the
GIL (`--gil`): that is the worker's Python CPU time, and the sampled total matches the CPU read
from /proc (9.3 s measured, 8.4 s sampled in one PostgreSQL run). Without `--gil` py-spy also
counted threads waiting inside psycopg or SQLite's busy handler as busy (twice the CPU). What
`--gil` leaves out is C work done with the GIL released (SQLite's own, reading sockets). Its
raw output (one line per distinct stack with a sample count) is summed here: "self" by package
and by function (the innermost Python frame, C calls made with the GIL held included), and
"inclusive" for our own functions (server.*), counted once per sample wherever on the stack.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

RATE_HZ = 250
TOP = 15
# Waiting, not working (a pool thread waiting for a request, the worker's loop waiting on its
# sockets, sleeps, lock waits): left out should py-spy catch one holding the GIL.
WAITING = (
    "concurrent:_worker",
    "stdlib:selectors:EpollSelector.select",
    "stdlib:threading:Condition.wait",
    "stdlib:threading:Event.wait",
    "stdlib:time:sleep",
)


def py_spy() -> str | None:
    found = shutil.which("py-spy") or shutil.which("py-spy", path=str(Path(sys.executable).parent))
    return found


class Recording:
    def __init__(self, pids: list[int], seconds: float, directory: Path) -> None:
        executable = py_spy()
        if executable is None:
            raise RuntimeError("--profile needs py-spy: pip install py-spy")
        self.directory = directory
        self.processes = []
        for pid in pids:
            command = [
                executable, "record", "--pid", str(pid), "--duration", str(max(1, round(seconds))),
                "--rate", str(RATE_HZ), "--format", "raw", "--nonblocking", "--gil",
                "--output", str(directory / f"profile-{pid}.txt"),
            ]  # fmt: skip
            self.processes.append(
                subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            )

    def wait(self) -> None:
        for process in self.processes:
            process.wait()


def package_of(frame: str) -> tuple[str, str]:
    """'execute (sqlalchemy/engine/base.py:1418)' -> ('sqlalchemy', 'sqlalchemy:execute')."""
    name, _, where = frame.rpartition(" (")
    path = where.rsplit(":", 1)[0]
    if "/" in path and not path.startswith("/"):
        package = path.split("/", 1)[0]
        if package == "server":
            package = path.removesuffix(".py").replace("/", ".")
    else:
        package = "stdlib:" + Path(path).stem
    return package, f"{package}:{name}"


def summarise(directory: Path) -> tuple[int, int, Counter[str], Counter[str], Counter[str]]:
    total, waiting = 0, 0
    packages: Counter[str] = Counter()
    own: Counter[str] = Counter()
    inclusive: Counter[str] = Counter()
    for path in directory.glob("profile-*.txt"):
        for line in path.read_text().splitlines():
            stack, _, count_text = line.rpartition(" ")
            if not stack or not count_text.isdigit():
                continue
            count = int(count_text)
            frames = [package_of(frame) for frame in stack.split(";")]
            leaf_package, leaf = frames[-1]
            if leaf in WAITING:
                waiting += count
                continue
            total += count
            packages[leaf_package] += count
            own[leaf] += count
            for name in {function for package, function in frames if package.startswith("server")}:
                inclusive[name] += count
    return total, waiting, packages, own, inclusive


def report(directory: Path, cpu_s: float) -> None:
    """Print the profile; `cpu_s`, the workers' CPU in the phase, says how far to trust it."""
    total, waiting, packages, own, inclusive = summarise(directory)
    if total == 0:
        print("profile: no samples (is py-spy allowed to read other processes here?)")
        return
    print(
        f"profile of the workers during the sync phase: {total} samples of working threads "
        f"({waiting} waiting, left out) = {total / RATE_HZ:.1f} s of Python holding the GIL, "
        f"against {cpu_s:.1f} s of CPU measured for the whole server"
    )
    for title, counts in [
        ("self, by package (time in C counts where Python called it)", packages),
        ("self, by function", own),
        ("inclusive, our own functions", inclusive),
    ]:
        print(f"  {title}")
        for name, count in counts.most_common(TOP):
            print(f"    {100 * count / total:5.1f}%  {name}")
