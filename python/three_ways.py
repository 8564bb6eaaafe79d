"""three-ways: many waits as tasks, as threads, as processes (twin of examples-parallel three-ways).

Three ways to wait for many things at once, timed and weighed: 1,000 asyncio tasks
that `await asyncio.sleep(0.5)`; 1,000 threads that `time.sleep(0.5)`; and a
`multiprocessing.Pool(4)` given 32 such sleeps, working in the background while the
tasks, then the threads, take their turn. A pool of 4 does 4 waits at a time.

The figures are each side's own: a Python task or thread weighs more than a Rust
one, and a pool forks this process (on Linux before Python 3.14, whose default
is forkserver), where the Rust lesson starts its own program again (Rust's std
has no fork), so the twin declares those rows as differences.

You will see a table, every figure measured: the tasks' 1,000 waits take 0.5 s, the
threads' 0.5 s plus their start-up, the pool's 32 eight rounds, 4.0 s. Memory is what
Linux counts as resident (elsewhere: not measured).
"""

import asyncio
import multiprocessing
import threading
import time

import lesson
from lesson import claim, difference, duration, say, secs

UNITS = 1000
POOL = 4
POOL_WAITS = 32


def resident_kib(pid="self"):
    """Resident memory of a process in KiB, where Linux tells it; None elsewhere."""
    try:
        with open(f"/proc/{pid}/status") as status:
            line = next(line for line in status if line.startswith("VmRSS:"))
    except (OSError, StopIteration):
        return None
    return float(line.split()[1])


def per_unit(before, units):
    after = resident_kib()
    return None if before is None or after is None else (after - before) / units


def duration_1(seconds):
    """A duration as Rust's `{:.1?}` writes it: `715.0ns`, `23.6µs`, `1.5ms`."""
    for unit, size in (("s", 1), ("ms", 1e-3), ("µs", 1e-6)):
        if seconds >= size:
            return f"{seconds / size:.1f}{unit}"
    return f"{seconds * 1e9:.1f}ns"


async def tasks(wait):
    before, start = resident_kib(), time.perf_counter()
    tasks = [asyncio.create_task(asyncio.sleep(wait)) for _ in range(UNITS)]
    start_up, memory = (time.perf_counter() - start) / UNITS, per_unit(before, UNITS)
    await asyncio.gather(*tasks)
    return time.perf_counter() - start, start_up, memory


def threads(wait):
    before, start = resident_kib(), time.perf_counter()
    threads = [threading.Thread(target=time.sleep, args=(wait,)) for _ in range(UNITS)]
    for thread in threads:
        thread.start()
    start_up, memory = (time.perf_counter() - start) / UNITS, per_unit(before, UNITS)
    for thread in threads:
        thread.join()
    return time.perf_counter() - start, start_up, memory


async def main():
    claim(4.0, 0.5 + 0.5 + 4.0)
    why = "measured: each side's own figures (a pool forks Python, before 3.14 on Linux; Rust starts its program again)"
    for way in ("tasks ", "threads ", "processes "):
        difference(way, why)
    wait = secs(0.5)
    start = time.perf_counter()
    with multiprocessing.Pool(POOL) as pool:
        pool.map(int, range(POOL), chunksize=1)  # a first round trip
        start_up = (time.perf_counter() - start) / POOL
        sizes = [resident_kib(child.pid) for child in multiprocessing.active_children()]
        memory = None if None in sizes or not sizes else sum(sizes) / len(sizes)
        # The pool works in the background while the other two take their turns.
        start = time.perf_counter()
        waits = pool.map_async(time.sleep, [wait] * POOL_WAITS, chunksize=1)
        rows = [await tasks(wait), await asyncio.to_thread(threads, wait)]
        await asyncio.to_thread(waits.get)
        rows.append((time.perf_counter() - start, start_up, memory))
    rounds, all_of_them = POOL_WAITS // POOL, wait * (UNITS // POOL)
    say(f"pool: {POOL_WAITS} waits, {POOL} at a time: {rounds} rounds; "
        f"{UNITS} would take {duration(all_of_them)}")
    say("way       waits units     wall start-up/unit  memory/unit")
    names = [("tasks", UNITS, UNITS), ("threads", UNITS, UNITS), ("processes", POOL_WAITS, POOL)]
    for (way, waits, units), (wall, start_up, memory) in zip(names, rows):
        memory = "not measured" if memory is None else f"{memory:.1f} KiB"
        start_up = duration_1(start_up)
        say(f"{way:<9} {waits:>5} {units:>5} {wall:>7.3f}s {start_up:>13} {memory:>12}")


if __name__ == "__main__":
    lesson.run(main)
