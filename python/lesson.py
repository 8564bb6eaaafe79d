"""What the asyncio twins share: the Python side of the Rust crate `lesson`.

Each twin is one asyncio program, `python3 python/<lesson>.py [--scale F] [--seed N]`,
that does the same work as a Rust lesson and prints the same lines:

    claim: ideal 3.000s, one by one 6.000s
    [ 0.000s] coroutine 1 executing
    ...
    took 3.004s · ideal 3.000s · one by one 6.000s

Four names are all a twin uses, as the Rust lessons use `say!`, `secs` and `claim`:

- say(text): print(text) with the time since the run began: `[ 0.250s] 3 done`.
- secs(s): lesson seconds times --scale, for asyncio.sleep(secs(0.5)).
- claim(ideal, one_by_one): what the run will take, printed before it starts.
- run(main): the entry; asyncio.run(main()) with the command line, clock and `took` line.

and, in a few places, duration(s) (a duration written as Rust's `{:?}` writes it),
difference(prefix, why) (where asyncio really behaves unlike tokio) and
different_work(how) (where the twin does other work than its lesson).
In your own program: print, plain seconds, delete the claim, asyncio.run(main()).

`--trace FILE` writes the run's events, each with the task that said it, when each
task was created, and the stretches the loop's thread ran one callback for 30 ms or
more, as a Chrome trace, as the Rust lessons do (all but the creation, which tokio
does not tell): `cargo xtask timeline` draws the two.
"""

import argparse
import asyncio
import inspect
import json
import math
import os
import signal
import sys
import threading
import time
from fractions import Fraction

# The run in progress: when it began, its --scale, and what it claimed.
_start = time.perf_counter()
_scale = 1.0
_claimed = None  # (ideal, one_by_one), in real seconds
# For claim_speedup runs: whether it was called, its at-least (None: nothing claimed),
# the measured speed-up, and the cores counters at the claim.
_speed_up = [False, None, None, None]


# With --trace FILE: every event with who said it, and the names given so far.
_events = None
_names = {}
_main_task = None
# With --trace FILE: the stretches the loop's thread ran one callback (a task's step)
# for at least _BUSY_AT_LEAST s: a blocking call, a CPU loop (protocol::timeline::Busy).
_busy = []
_BUSY_AT_LEAST = 0.030  # protocol::timeline::BUSY_AT_LEAST
# With --trace FILE: when each task was created (by id), so that its row starts there.
_spawned = {}


def _watch_spawns(loop):
    """Note when each task is created (create_task, gather, a TaskGroup's)."""

    def factory(loop, coro, **kwargs):
        task = asyncio.Task(coro, loop=loop, **kwargs)
        _spawned.setdefault(id(task), time.perf_counter() - _start)
        return task

    loop.set_task_factory(factory)


def _watch_busy():
    """Time every callback the event loop runs (a task's step is one), keeping the
    long ones in _busy, as the Rust side reads its worker's busy time."""
    run = asyncio.events.Handle._run

    def timed(handle):
        began = time.perf_counter()
        try:
            return run(handle)
        finally:
            ended = time.perf_counter()
            if ended - began >= _BUSY_AT_LEAST:
                _busy.append((began - _start, ended - _start))

    asyncio.events.Handle._run = timed


def _who():
    """Who is saying a line: "main" (the task running main), "task N", "blocking N"
    (a to_thread job, on the default executor's threads), "thread N"; numbered in the
    order they first speak, as the Rust side names its tasks."""
    thread = threading.current_thread()
    if thread is not threading.main_thread():
        kind = "blocking" if thread.name.startswith("asyncio_") else "thread"
        key = (kind, thread.ident)
    else:
        try:
            task = asyncio.current_task()
        except RuntimeError:  # no loop running
            task = None
        if task is None or task is _main_task:
            return "main"
        kind, key = "task", ("task", id(task))
    if key not in _names:
        _names[key] = f"{kind} {1 + sum(1 for k in _names if k[0] == key[0])}"
    return _names[key]


def _chrome_trace(events, busy, process):
    """The events as a Chrome trace, as the Rust side writes it (protocol::timeline)."""
    rows = []
    for _, task, _ in events:
        if task not in rows:
            rows.append(task)
    items = [{"name": "process_name", "ph": "M", "pid": 1, "tid": 0, "args": {"name": process}}]
    for tid, task in enumerate(rows):
        times = [at for at, who, _ in events if who == task]
        items.append({"name": "thread_name", "ph": "M", "pid": 1, "tid": tid, "args": {"name": task}})
        first, last = round(times[0] * 1e6), round(times[-1] * 1e6)
        items.append({"name": task, "ph": "X", "pid": 1, "tid": tid, "ts": first, "dur": last - first})
        key = next((k for k, name in _names.items() if name == task and k[0] == "task"), None)
        if key is not None and key[1] in _spawned:
            items.append({"name": "spawned", "cat": "spawn", "ph": "i", "s": "t", "pid": 1,
                          "tid": tid, "ts": round(_spawned[key[1]] * 1e6)})
    for at, task, text in events:
        items.append({"name": text, "ph": "i", "s": "t", "pid": 1, "tid": rows.index(task),
                      "ts": round(at * 1e6)})
    if busy:
        tid = len(rows)
        items.append({"name": "thread_name", "ph": "M", "pid": 1, "tid": tid, "args": {"name": "the thread"}})
        for began, ended in busy:
            first = round(began * 1e6)
            items.append({"name": "busy", "cat": "busy", "ph": "X", "pid": 1, "tid": tid, "ts": first,
                          "dur": max(round(ended * 1e6) - first, 0)})
    return json.dumps(items, ensure_ascii=False, indent=0) + "\n"


class Failed(Exception):
    """A run that fails: `run` prints `<prog>: <message>` on stderr and exits 1."""


class Interrupted(Failed):
    """A run Ctrl-C stopped, which says how far it got: `run` prints `<prog>: stopped by
    SIGINT: <message>` and exits 130, as the Rust lessons do."""


# -- the four names ------------------------------------------------------------------


def say(text):
    """Print one event, stamped with the time since the run began: `[ 0.250s] 3 done`."""
    at = time.perf_counter() - _start
    _emit(f"[{at:6.3f}s] {text}")
    if _events is not None:
        _events.append((at, _who(), str(text)))


def secs(seconds):
    """`seconds` of lesson time, multiplied by --scale: what to give asyncio.sleep."""
    return seconds * _scale


def claim(ideal, one_by_one):
    """State what the run will take, in lesson seconds, before the work starts: the
    ideal (the longest chain of waits) and one by one (their sum). Prints

        claim: ideal 3.000s, one by one 6.000s
        claim: ideal 3.000s, one by one 6.000s; at --scale 0.1: ideal 0.300s, one by one 0.600s
    """
    global _claimed
    # As a Rust `Duration` holds them: whole nanoseconds.
    real = (_nanos(secs(ideal)) / 1e9, _nanos(secs(one_by_one)) / 1e9)
    _claimed = real

    def both(ideal, one_by_one):
        if one_by_one > ideal:
            return f"ideal {ideal:.3f}s, one by one {one_by_one:.3f}s"
        return f"ideal {ideal:.3f}s"

    line = f"claim: {both(ideal, one_by_one)}"
    if _scale != 1.0:
        line += f"; at --scale {rust_float(_scale)}: {both(*real)}"
    _emit(line)


def claim_speedup(at_least):
    """For work whose time depends on the machine (CPU, disk), claim instead how much
    faster the concurrent pass is than the one-by-one pass, both measured in the run:

        claim: a speed-up of at least 1.30x, measured in the run

    claim_speedup(None) claims nothing, for a speed-up that neither this program nor
    the machine's cores decide (the disk's, say): it is measured and shown only.

        claim: no speed-up claimed; it is measured in the run
    """
    _speed_up[:] = [True, at_least, None, _Cores.sample()]
    if at_least is None:
        _emit("claim: no speed-up claimed; it is measured in the run")
    else:
        _emit(f"claim: a speed-up of at least {at_least:.2f}x, measured in the run")


def speedup(one_by_one, at_once):
    """Report the two passes of a claim_speedup run, in seconds, measured back to back,
    and the cores the machine gave the run since the claim (on Linux):

        speed-up 1.85x: one by one 1.000s, at once 0.540s; the machine gave this run 1.9 of its 2 cores
    """
    factor = one_by_one / max(at_once, 1e-9)
    _speed_up[2] = factor
    cores = _Cores.given(_speed_up[3], _Cores.sample())
    given = "" if cores is None else f"; the machine gave this run {cores[0]:.1f} of its {cores[1]} cores"
    _emit(f"speed-up {factor:.2f}x: one by one {one_by_one:.3f}s, at once {at_once:.3f}s{given}")


class _Cores:
    """How many cores the machine gave a run: the CPU it used (its waited-for children
    included) plus the CPU the machine left idle, over the same stretch: what it could
    have had, which its own CPU alone cannot tell from what it chose to use. Linux
    counts both in clock ticks, in /proc/self/stat and /proc/stat (lesson/src/cores.rs
    on the Rust side); elsewhere nothing is measured."""

    @staticmethod
    def sample():
        """(used, idle, total, cpus) now, or None where /proc does not tell."""
        try:
            with open("/proc/self/stat") as file:
                fields = file.read().rsplit(")", 1)[1].split()
            used = sum(int(f) for f in fields[11:15])  # utime, stime, cutime, cstime
            allowed = os.sched_getaffinity(0)
            idle = total = cpus = 0
            with open("/proc/stat") as file:
                for line in file:
                    words = line.split()
                    if not words[0].startswith("cpu") or words[0] == "cpu":
                        continue
                    if int(words[0][3:]) not in allowed:
                        continue
                    ticks = [int(w) for w in words[1:9]]
                    idle += ticks[3] + ticks[4]  # idle, iowait
                    total += sum(ticks)
                    cpus += 1
        except (OSError, AttributeError, ValueError, IndexError):
            return None
        return (used, idle, total, cpus) if cpus else None

    @staticmethod
    def given(since, now):
        """(cores given, of how many) between two samples, or None."""
        if since is None or now is None:
            return None
        used, idle, total = (b - a for a, b in zip(since[:3], now[:3]))
        cpus = since[3]
        if total < 20 * cpus:  # a few ticks (10 ms each, usually) say nothing
            return None
        return min((used + idle) / total * cpus, cpus), cpus


def difference(prefix, why):
    """Declare where asyncio really behaves unlike tokio, right after the claim line:
    `difference "<prefix>": <why>`. `cargo xtask compare` then shows every event whose
    text starts with <prefix> side by side, as expected, instead of failing on it."""
    assert '"' not in prefix, "no quote in the prefix"
    _declare(f'"{prefix}"', why)


def different_work(how):
    """Declare that this twin does other work than its Rust lesson, and how:
    `difference in the work: <how>`. `cargo xtask compare` says it with the verdict."""
    _declare("in the work", how)


def _declare(subject, why):
    # The one writer of both declarations; xtask/src/compare.rs `Declared` reads them.
    assert "\n" not in why, "one line"
    _emit(f"difference {subject}: {why}")


def duration(seconds):
    """A duration written as Rust's `{:?}` writes a `Duration`: `2s`, `1.5s`,
    `200ms`, `333.333333ms`, `1.5µs`, `7ns`."""
    nanos = _nanos(seconds)
    for unit, size in (("s", 10**9), ("ms", 10**6), ("µs", 10**3)):
        if nanos >= size:
            whole, fraction = divmod(nanos, size)
            digits = str(fraction).rjust(len(str(size)) - 1, "0").rstrip("0")
            return f"{whole}.{digits}{unit}" if digits else f"{whole}{unit}"
    return f"{nanos}ns"


def open_files(wanted):
    """Make sure `wanted` files (sockets count) can be open at once: raise the soft
    limit toward the hard one when that is enough. Returns None when it is, else the
    hard limit, for the caller to say what to do (the Rust lessons' `lesson::open_files`)."""
    try:
        import resource
    except ImportError:  # not a Unix
        return None
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft == resource.RLIM_INFINITY or soft >= wanted:
        return None
    if hard == resource.RLIM_INFINITY or hard >= wanted:
        resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))
        return None
    return hard


# -- helpers --------------------------------------------------------------------------


def _nanos(seconds):
    """Whole nanoseconds, rounded to the nearest as Rust's `Duration::from_secs_f64` does."""
    return round(Fraction(seconds) * 10**9)


def rust_float(value):
    """A float as Rust's `{}` writes an f64: `0.1`, `0.05`, `2` (never `2.0`)."""
    text = repr(float(value))
    return text[:-2] if text.endswith(".0") else text


def _emit(line):
    # One write a line: print() writes the line and its end apart, so a line said on
    # a thread (to_thread's) could be cut by one said on the loop's.
    if sys.stdout is None:  # started with stdout closed (`>&-`): nothing to print to
        return
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def _warn(line):
    """One line on stderr, if there is a stderr (`2>&-` leaves none)."""
    if sys.stderr is not None:
        print(line, file=sys.stderr)


class _Stopped(BaseException):
    """SIGTERM, raised where the program is, so that asyncio.run cancels every task
    (their `finally` blocks run: children killed) before the program ends, as it does
    for Ctrl-C."""


def _stop(number, _frame):
    raise _Stopped(number)


def _finish():
    took = time.perf_counter() - _start
    if _speed_up[0]:
        _, at_least, factor, _ = _speed_up
        measured = "not measured" if factor is None else f"{factor:.2f}x"
        claimed = "not claimed" if at_least is None else f"claimed at least {at_least:.2f}x"
        _emit(f"took {took:.3f}s · speed-up {measured}, {claimed}")
    elif _claimed is None:
        _emit(f"took {took:.3f}s")
    elif _claimed[1] > _claimed[0]:
        _emit(f"took {took:.3f}s · ideal {_claimed[0]:.3f}s · one by one {_claimed[1]:.3f}s")
    else:
        _emit(f"took {took:.3f}s · ideal {_claimed[0]:.3f}s")


# -- the command line -----------------------------------------------------------------


def _number(text):
    """A finite float, or None."""
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _whole(text):
    return int(text) if text.isdigit() and int(text) < 2**64 else None


def _delays(text):
    # `1,2,1,3` or, pasted from a Rust run, `[1, 2, 1, 3]`.
    parts = text.strip().removeprefix("[").removesuffix("]").split(",")
    numbers = [_whole(part.strip()) for part in parts]
    return numbers if None not in numbers else None


# name: (accepted, parse, check, default, help). parse returns None for bad text.
# A module of twins adds its own (lesson_http.py: the HTTP options).
OPTIONS = {
    "seed": ("a whole number from 0 to 2^64-1", _whole, lambda n: True, None,
             "seed for the random delays (default: drawn, and printed)"),
    "scale": ("a number from 0.01 to 100", _number, lambda f: 0.01 <= f <= 100, 1.0,
              "multiply every delay by F, from 0.01 to 100 (default 1)"),
    "delays": ("whole numbers of seconds separated by commas, like 1,2,1,3", _delays,
               lambda ds: len(ds) >= 1, None,
               "replay a Rust run: its delays (with its --seed)"),
}
COMMON = ("seed", "scale")


class _Parser(argparse.ArgumentParser):
    """argparse, with bad input said in one line (and exit status 2), as the Rust
    lessons say it."""

    def error(self, message):
        _warn(f"{self.prog}: {message} (see --help)")
        sys.exit(2)


def _checked(name):
    accepted, parse, check, _, _ = OPTIONS[name]

    def value(text):
        parsed = parse(text)
        if parsed is None or not check(parsed):
            raise argparse.ArgumentTypeError(f"takes {accepted}, got '{text}'")
        return parsed

    value.__name__ = name  # what argparse calls the type in its messages
    return value


def _parser(prog, about, options, urls):
    parser = _Parser(prog=prog, description=about)
    for name in options:
        accepted, _, _, default, help_text = OPTIONS[name]
        parser.add_argument(f"--{name}", dest=name.replace("-", "_"), type=_checked(name), default=default,
                            metavar=name.split("-")[0].upper(), help=help_text)
    parser.add_argument("--trace", metavar="FILE",
                        help="write the run's events to FILE as a Chrome trace (Perfetto)")
    if urls:
        parser.add_argument("urls", nargs="*", metavar="URL",
                            help="fetch these (http or https) instead of the local pages")
    return parser


def _parse(argv, options, urls, prog="twin", about="", check=None):
    args = _parser(prog, about, options, urls).parse_args(argv)
    if not urls:
        args.urls = []
    if getattr(args, "delays", None) and args.seed is None:
        _Parser(prog=prog).error("--delays needs --seed too: the seed of the run whose delays they are")
    why = check(args) if check else None
    if why:
        _Parser(prog=prog).error(why)
    return args


# -- the entry ------------------------------------------------------------------------


def not_run(why):
    """End a twin that cannot run here (a module it needs is missing), saying so in
    one line, `not run: <why>`, which `cargo xtask compare` reads: not a failure."""
    _emit(f"not run: {why}")
    sys.exit(0)


def run(main, options=(), urls=False, check=None):
    """The whole of a twin's `if __name__ == "__main__":`. Parses the command line
    (--seed and --scale, plus `options`, names from OPTIONS; URL arguments if `urls`;
    `check(args)`, when given, says what else is bad input, or None), then runs
    `main` and prints the `took` line.

    An `async def main` is run with asyncio.run(main()); a plain `def main` is called
    as it is (it drives its own loop, or none). `main` gets the parsed options when it
    takes a parameter: args.seed, args.scale and its options. Exit status: 0, 1 when
    the run fails (one line on stderr), 2 for bad input (one line on stderr)."""
    global _start, _scale, _events
    prog = os.path.basename(sys.argv[0])
    doc = inspect.getmodule(main).__doc__ or ""
    about = doc.strip().splitlines()[0] if doc.strip() else prog
    args = _parse(sys.argv[1:], COMMON + tuple(options), urls, prog, about, check)
    if args.trace is not None:
        _events = []
        _watch_busy()
    signal.signal(signal.SIGTERM, _stop)
    # Started with SIGINT ignored (a script's background job), Python would never raise
    # KeyboardInterrupt; the Rust lessons hear it all the same (tokio replaces the
    # ignore), and so does a twin.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        _scale = args.scale
        _start = time.perf_counter()
        params = (args,) if inspect.signature(main).parameters else ()
        if inspect.iscoroutinefunction(main):

            async def main_task():
                global _main_task
                _main_task = asyncio.current_task()  # its lines are "main"'s
                if _events is not None:
                    _watch_spawns(asyncio.get_running_loop())
                await main(*params)

            asyncio.run(main_task())
        else:
            main(*params)
        _finish()
        if args.trace is not None:
            with open(args.trace, "w", encoding="utf-8") as trace:
                trace.write(_chrome_trace(_events, _busy, f"asyncio: {prog.removesuffix('.py')}"))
    except BrokenPipeError:
        # The reader went away (`| head`): end quietly, as the Rust lessons do.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(0)
    except KeyboardInterrupt:
        _warn(f"{prog}: interrupted")
        sys.exit(130)
    except _Stopped:
        _warn(f"{prog}: stopped by SIGTERM")
        sys.exit(128 + signal.SIGTERM)
    except Interrupted as err:
        _warn(f"{prog}: stopped by SIGINT: {err}")
        sys.exit(128 + signal.SIGINT)
    except Failed as err:
        _warn(f"{prog}: {err}")
        sys.exit(1)
    except Exception as err:  # a bug, said in one line all the same
        _warn(f"{prog}: {type(err).__name__}: {err}")
        sys.exit(1)
