"""What the bench's asyncio twins share: the Python side of bench/src/measure.rs.

Each twin is `python3 bench/python/bench_<scenario>.py [--uvloop] VARIANT SIZE [BASE_URL]`
and prints one line of `key=value` results with the keys its Rust scenario prints,
which `cargo xtask bench` reads; or `not run: <why>` when it cannot run here (aiohttp
or uvloop missing). `--uvloop` runs the same twin on uvloop's event loop (libuv's),
through `measure.run`, which each twin calls where plain asyncio calls asyncio.run. Memory and CPU time come from Linux's /proc, as on the Rust side; a
result that cannot be measured here is left out. Standard library only.

The twins are named bench_<scenario>.py: a twin named http.py would hide the
standard library's `http` package, which aiohttp imports, from every twin here.
"""

import asyncio
import os
import sys

# The event loop measure.run runs on: asyncio's own, or uvloop's after `--uvloop`.
_uvloop = None


def choose_loop(args):
    """Take a leading `--uvloop` off args and use uvloop's loop from then on;
    without uvloop installed, say `not run: no uvloop` and end. The rest of args."""
    global _uvloop
    if args[:1] != ["--uvloop"]:
        return args
    try:
        import uvloop
    except ImportError:
        not_run("no uvloop")
    _uvloop = uvloop
    return args[1:]


def run(main):
    """asyncio.run(main), on uvloop's loop after --uvloop. uvloop.run, not
    asyncio.run(loop_factory=...): Python 3.11's asyncio.run has no loop_factory
    (3.12 added it), and uvloop.run picks the right way on each version."""
    if _uvloop is not None:
        return _uvloop.run(main)
    return asyncio.run(main)


def rss_bytes():
    """The memory this process holds now (VmRSS), in bytes, or None."""
    return _status_kb("VmRSS:")


def peak_rss_bytes():
    """The most it has held at once so far (VmHWM, the high-water mark), or None."""
    return _status_kb("VmHWM:")


def _status_kb(field):
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith(field):
                    return float(line[len(field):].split()[0]) * 1024
    except OSError:
        pass
    return None


def cpu_seconds():
    """CPU time used so far, all threads, in seconds: as bench/src/measure.rs, the
    nanoseconds each thread has run (/proc/self/task/*/schedstat), else the clock
    ticks of /proc/self/stat (fields 14, 15), or None."""
    try:
        nanos = 0
        for task in os.listdir("/proc/self/task"):
            with open(f"/proc/self/task/{task}/schedstat") as schedstat:
                nanos += int(schedstat.read().split()[0])
        return nanos / 1e9
    except (OSError, ValueError, IndexError):
        pass
    try:
        with open("/proc/self/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[14 - 3]) + int(fields[15 - 3])) / os.sysconf("SC_CLK_TCK")


def percentile_ms(ordered, p):
    """The p-th percentile (0 to 100) of sorted seconds, nearest rank, in milliseconds."""
    rank = max(1, -(-p * len(ordered) // 100))
    return ordered[min(rank, len(ordered)) - 1] * 1000


def report(results):
    """Print the one line xtask reads: `wall_s=1.305 peak_rss_bytes=...`;
    results is a list of (key, value), value None when not measured."""
    print(" ".join(f"{key}={value!r}" for key, value in results if value is not None),
          flush=True)


def not_run(why):
    """Say why this twin cannot run here, in a few words, and end (status 0)."""
    print(f"not run: {why}", flush=True)
    sys.exit(0)


def main(twin, variants, takes_base=False):
    """The whole of a twin's `if __name__ == "__main__":`: parse VARIANT SIZE
    [BASE_URL], call twin(variant, size[, base]) and report what it returns.
    Bad input: one line on stderr, status 2; a failed run: one line, status 1."""
    prog = os.path.basename(sys.argv[0])
    args = choose_loop(sys.argv[1:])
    usage = f"usage: {prog} [--uvloop] VARIANT SIZE" + (" BASE_URL" if takes_base else "")
    if len(args) != (3 if takes_base else 2) or args[0] not in variants \
            or not args[1].isdigit() or int(args[1]) < 1:
        print(f"{prog}: expected VARIANT ({', '.join(variants)}) and SIZE (from 1); {usage}",
              file=sys.stderr)
        sys.exit(2)
    try:
        report(twin(args[0], int(args[1]), *args[2:]))
    except Exception as err:  # said in one line, as the Rust side does
        print(f"{prog}: {' '.join(args)}: {type(err).__name__}: {err}", file=sys.stderr)
        sys.exit(1)
