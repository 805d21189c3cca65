#!/usr/bin/env python3
"""run.py - times the programs of Benchmarks/programs/ in Phantom, Lua 5.4 and CPython.

Called by run.sh, which builds `phantom` and installs the peers; it can also be run by
itself with their paths. Each program is run --runs times by every implementation,
round-robin (one run of each in turn, the order rotating every round, so that a slow
stretch of the machine hits them all alike), and every run must print the same result
as every other: the lines of its output that start with "NAME:". Phantom runs twice
per round: with snapshots at the default interval and with snapshots off
(SNAPSHOTS_OFF). Each Phantom run gets a new world in a temporary directory.

The report goes to standard output as Markdown, ready for Docs/Performance.md; progress
goes to standard error. Only the standard library is used.
"""

import argparse
import datetime
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
PROGRAMS_DIR = os.path.join(HERE, "programs")

# The programs in table order, each with its --quick size argument (the same for all
# three languages; without an argument each uses its full size, given in its header).
PROGRAMS = [
    ("fib", "27"),
    ("loop", "2000000"),
    ("method", "1000000"),
    ("bintree", "12"),
    ("nbody", "50000"),
    ("strings", "50000"),
    ("hashmap", "100000"),
]

# The fixed cost of a run: a program that does nothing.
EMPTY = "empty"

# Phantom's arguments for "snapshots off". There is no off switch yet: an interval far
# longer than any run means only the snapshots `phantom run` always takes (the new
# world, the program's start, the end) are taken.
SNAPSHOTS_OFF = ["--snapshot-interval", "0"]

PHANTOM = "phantom"
PHANTOM_OFF = "phantom, snapshots off"
LUA = "lua"
PYTHON = "python"


class Failure(Exception):
    """A run that failed or disagreed with the others: the benchmark stops."""


def log(message):
    print(message, file=sys.stderr, flush=True)


# MARK: - Running one program


def command_for(impl, tools, name, size, image):
    """The command line that runs program `name` with implementation `impl`."""
    args = [size] if size is not None else []
    if impl in (PHANTOM, PHANTOM_OFF):
        source = os.path.join(PROGRAMS_DIR, name + ".ph")
        extra = SNAPSHOTS_OFF if impl == PHANTOM_OFF else []
        # A dash-led argument would need `--`; the sizes are plain numbers.
        return [tools.phantom, "run", source, *args, "--image", image, "--until-idle",
                "--env", "root.shell=", *extra]
    if impl == LUA:
        return [tools.lua, os.path.join(PROGRAMS_DIR, name + ".lua"), *args]
    return [tools.python, os.path.join(PROGRAMS_DIR, name + ".py"), *args]


def run_once(impl, tools, name, size, timeout):
    """Runs one program once: (wall seconds, peak resident KiB, result lines).

    The peak resident size is /usr/bin/time's %M when there is one, else the rusage
    that wait4 returns for that one child (RUSAGE_CHILDREN would give the largest child
    so far)."""
    with tempfile.TemporaryDirectory(prefix="phantom-bench-") as scratch:
        command = command_for(impl, tools, name, size, os.path.join(scratch, "world.img"))
        rss_path = os.path.join(scratch, "rss")
        if tools.time:
            command = [tools.time, "-f", "%M", "-o", rss_path, *command]
        out_path, err_path = os.path.join(scratch, "out"), os.path.join(scratch, "err")
        with open(out_path, "wb") as out, open(err_path, "wb") as err:
            start = time.perf_counter()
            # A session of its own, so that a timeout kills phantom too, not only `time`.
            process = subprocess.Popen(command, cwd=ROOT, stdout=out, stderr=err,
                                       start_new_session=True)
            timer = threading.Timer(timeout, kill_group, (process.pid,))
            timer.start()
            _, status, usage = os.wait4(process.pid, 0)
            wall = time.perf_counter() - start
            timer.cancel()
        # Reaped by wait4 (for its rusage): Popen must not wait for it again.
        process.returncode = os.waitstatus_to_exitcode(status)
        output = read_text(out_path)
        if wall >= timeout:
            raise Failure(f"{name} ({impl}) took more than {timeout:g} s: stopped")
        if process.returncode != 0:
            raise Failure(f"{name} ({impl}) failed with status {process.returncode}:\n"
                          f"$ {' '.join(command)}\n{output}{read_text(err_path)}")
        rss = read_rss(rss_path) if tools.time else usage.ru_maxrss
        # The result: the lines that start with the program's name (Phantom's boot
        # class prints lines of its own, and not necessarily before the program's).
        result = "\n".join(line for line in output.splitlines() if line.startswith(name + ":"))
        if not result and name != EMPTY:
            raise Failure(f"{name} ({impl}) printed no result line ({name}: ...):\n"
                          f"$ {' '.join(command)}\n{output}{read_text(err_path)}")
        return wall, rss, result


def kill_group(pid):
    try:
        os.killpg(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def read_text(path):
    with open(path, "rb") as f:
        return f.read().decode(errors="replace")


def read_rss(path):
    """The %M of /usr/bin/time (peak resident KiB), or None if it wrote nothing."""
    try:
        with open(path) as f:
            return int(f.read().split()[-1])
    except (OSError, ValueError, IndexError):
        return None


# MARK: - Rounds


def measure(name, size, impls, tools, runs, timeout):
    """Runs `name` `runs` times with every implementation, round-robin, and checks that
    all runs print the same result. Returns {impl: [(wall, rss), ...]} and the line."""
    results = {impl: [] for impl in impls}
    outputs = []
    for round_ in range(runs):
        shift = round_ % len(impls)
        for impl in impls[shift:] + impls[:shift]:
            wall, rss, line = run_once(impl, tools, name, size, timeout)
            log(f"  {name:8} {impl:24} run {round_ + 1}/{runs}: {wall:8.3f} s  {line}")
            results[impl].append((wall, rss))
            outputs.append((impl, line))
    lines = {line for _, line in outputs}
    if len(lines) > 1:
        detail = "\n".join(f"    {impl}: {line!r}" for impl, line in outputs)
        raise Failure(f"{name}: the implementations disagree:\n{detail}")
    return results, outputs[0][1]


def median_wall(samples):
    return statistics.median(wall for wall, _ in samples)


def peak_rss(samples):
    """The median of the runs' peak resident sizes, in MiB, or None if unknown."""
    values = [rss for _, rss in samples if rss is not None]
    return statistics.median(values) / 1024 if values else None


# MARK: - Report


def first_line(command):
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return "unknown"
    text = (result.stdout or result.stderr).strip()
    return text.splitlines()[0] if text else "unknown"


def machine():
    """CPU model and count, memory, kernel: one line."""
    model = "unknown CPU"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    memory = ""
    try:
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith("MemTotal:"):
                    memory = f", {int(line.split()[1]) / 1024 / 1024:.0f} GiB RAM"
                    break
    except OSError:
        pass
    cores = os.cpu_count()
    return f"{model}, {cores} core{'s' if cores != 1 else ''}{memory}, Linux {platform.release()}"


def seconds(value):
    return f"{value:.3f}" if value < 10 else f"{value:.2f}"


def mib(value):
    return "–" if value is None else f"{value:.0f}"


def report(tools, args, table, startup):
    runs = args.runs
    of_runs = f"{runs} run{'s' if runs != 1 else ''}"
    today = datetime.date.today().isoformat()
    mode = " (`--quick`: smaller sizes)" if args.quick else ""
    print(f"## Phantom against Lua 5.4 and CPython — {today}")
    print()
    print(f"Machine: {machine()}.")
    binary = os.path.relpath(tools.phantom, ROOT)
    print(f"Phantom: release build (`{binary}`), {first_line(['swift', '--version'])}.")
    print(f"Peers: {first_line([tools.lua, '-v'])}; {first_line([tools.python, '--version'])}.")
    print()
    print(f"`Benchmarks/run.sh --runs {runs}`{mode}: wall time of the whole process, median of "
          f"{of_runs}, the implementations taking turns; every run printed the same result. "
          "A Phantom run includes its fixed start-up cost (below). Peak resident size is the "
          "median of the runs' maxima.")
    print()
    print("| program | Phantom (s) | Lua (s) | CPython (s) | Phantom / Lua | Phantom / CPython "
          "| Phantom RSS (MiB) | Lua RSS (MiB) |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for name, results, _ in table:
        ph, lua, py = (median_wall(results[i]) for i in (PHANTOM, LUA, PYTHON))
        print(f"| {name} | {seconds(ph)} | {seconds(lua)} | {seconds(py)} | {ph / lua:.1f} "
              f"| {ph / py:.1f} | {mib(peak_rss(results[PHANTOM]))} "
              f"| {mib(peak_rss(results[LUA]))} |")
    print()
    print("Snapshots: the same Phantom runs with snapshots every second (the default) and "
          f"with snapshots off (`{' '.join(SNAPSHOTS_OFF)}`: only the snapshots every "
          "`phantom run` takes at the start and the end).")
    print()
    print("| program | snapshots every 1 s (s) | snapshots off (s) | difference |")
    print("|---|---:|---:|---:|")
    for name, results, _ in table:
        on, off = median_wall(results[PHANTOM]), median_wall(results[PHANTOM_OFF])
        print(f"| {name} | {seconds(on)} | {seconds(off)} | {(on - off) / off * 100:+.1f} % |")
    print()
    ph, lua, py = (median_wall(startup[i]) for i in (PHANTOM, LUA, PYTHON))
    print(f"Start-up, a program that does nothing (`{EMPTY}`), median of {of_runs}: Phantom "
          f"{ph * 1000:.0f} ms (a new world: the library and the program compiled, the "
          f"program started, the final snapshot), Lua {lua * 1000:.0f} ms, CPython "
          f"{py * 1000:.0f} ms.")
    print()
    print("Results:")
    print()
    for name, _, line in table:
        print(f"- {name}: `{line}`")


# MARK: - Main


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per program and implementation")
    parser.add_argument("--only", help="comma-separated program names (default: all)")
    parser.add_argument("--quick", action="store_true", help="smaller sizes, to check the setup")
    parser.add_argument("--timeout", type=float, default=900, help="seconds before a run is stopped")
    parser.add_argument("--phantom", default=os.path.join(ROOT, ".build", "release", "phantom"))
    parser.add_argument("--lua", default="lua5.4")
    parser.add_argument("--python", default="python3")
    parser.add_argument("--time", default="/usr/bin/time",
                        help="GNU time, for peak resident size (else wait4's rusage)")
    args = parser.parse_args()
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    names = [name for name, _ in PROGRAMS]
    if args.only:
        wanted = [name.strip() for name in args.only.split(",") if name.strip()]
        unknown = [name for name in wanted if name not in names]
        if unknown:
            parser.error(f"unknown program(s) {', '.join(unknown)}; known: {', '.join(names)}")
        args.programs = [p for p in PROGRAMS if p[0] in wanted]
    else:
        args.programs = PROGRAMS
    return args


class Tools:
    """Paths of the programs the benchmark runs."""

    def __init__(self, args):
        self.phantom = os.path.abspath(args.phantom)
        self.lua = shutil.which(args.lua) or args.lua
        self.python = shutil.which(args.python) or args.python
        self.time = args.time if os.access(args.time, os.X_OK) else None
        for label, path in (("phantom", self.phantom), ("lua", self.lua), ("python", self.python)):
            if not (os.path.isfile(path) and os.access(path, os.X_OK)):
                raise Failure(f"{label} not found: {path}")


def main():
    args = parse_args()
    try:
        tools = Tools(args)
        impls = [PHANTOM, PHANTOM_OFF, LUA, PYTHON]
        log(f"phantom {tools.phantom}, lua {tools.lua}, python {tools.python}, "
            f"rss from {tools.time or 'wait4'}")
        log(f"startup ({EMPTY})")
        startup, _ = measure(EMPTY, None, [PHANTOM, LUA, PYTHON], tools, args.runs, args.timeout)
        table = []
        for name, quick_size in args.programs:
            log(name)
            size = quick_size if args.quick else None
            results, line = measure(name, size, impls, tools, args.runs, args.timeout)
            table.append((name, results, line))
        report(tools, args, table, startup)
    except Failure as failure:
        log(f"run.py: FAILED: {failure}")
        sys.exit(1)
    except KeyboardInterrupt:
        log("run.py: interrupted")
        sys.exit(130)


if __name__ == "__main__":
    main()
