"""cpu-bound: a CPU job x4, one by one, on threads, in processes, as tasks (twin of examples-parallel cpu-bound).

A loop of arithmetic calibrated to about 0.25 s, run 4 times: one by one, on 4
threads, on a `multiprocessing.Pool(4)` started beforehand, as 4 asyncio tasks, and
through `asyncio.to_thread`. Each way is timed; one by one and the processes best of
3, taking turns, as `timeit` advises on a busy machine.

Where Python really differs: the GIL lets one thread at a time run Python code, so
threads and `to_thread` take as long as one by one; only processes run the jobs on
every core. The Rust lesson's threads and `spawn_blocking` do, so this twin claims
the speed-up of its processes, and the Rust lesson that of its threads.

You will see each way's time and speed-up over one by one: about min(4, cores)x for
the processes, 1x for the rest.
"""

import asyncio
import math
import multiprocessing
import os
import time
from concurrent.futures import ThreadPoolExecutor

import lesson
from lesson import claim_speedup, difference, duration, say, secs, speedup

JOBS = 4


def job(steps):
    """The CPU job: `steps` rounds of arithmetic."""
    x = 0
    for i in range(steps):
        x = (x ^ i) * 31 & 0xFFFF_FFFF_FFFF_FFFF
    return x


def calibrate(target):
    """How many steps make one job take about `target` seconds on this machine."""
    steps, took = 1 << 10, 0.0
    while took < target / 4:
        steps *= 2
        start = time.perf_counter()
        job(steps)
        took = time.perf_counter() - start
    return int(steps * target / took)


def one_after_another(steps):
    return [job(steps) for _ in range(JOBS)]


def threads(steps):
    with ThreadPoolExecutor(JOBS) as pool:
        return list(pool.map(job, [steps] * JOBS))


def tasks(steps):
    async def run():
        return job(steps)

    async def all_of_them():
        return await asyncio.gather(*(asyncio.create_task(run()) for _ in range(JOBS)))

    return asyncio.run(all_of_them())


def blocking_pool(steps):
    async def all_of_them():
        return await asyncio.gather(*(asyncio.to_thread(job, steps) for _ in range(JOBS)))

    return asyncio.run(all_of_them())


def main():
    affinity = getattr(os, "sched_getaffinity", None)
    cores = len(affinity(0)) if affinity else os.cpu_count() or 1
    claim_speedup(1.3 if cores > 1 else 0.9)
    gil = "the GIL lets one thread at a time run Python code: no speed-up on CPU work"
    difference("threads:", f"{gil} (Rust's threads: about min(4, cores)x)")
    difference("blocking pool:", f"asyncio.to_thread runs on threads, and {gil} "
               "(Rust's spawn_blocking: about min(4, cores)x)")
    difference("one by one:", "measured: each side's own time, for jobs calibrated alike")
    difference("processes:", "measured: each side's own times, about min(4, cores)x in both; "
               "this twin claims this speed-up, the Rust lesson that of its threads")
    difference("tasks on one thread:", "measured: each side's own times; in both the tasks "
               "take turns, about 1x")
    lesson.different_work("its processes are a Pool started beforehand, timed best of 3, and its threads are timed once; the Rust lesson starts 4 fresh processes, timed once with their start-up, and times its threads best of 3")
    steps = calibrate(secs(0.25))
    gain = "" if cores > 1 else ": nothing to gain"
    each = duration(secs(0.25))
    say(f"{cores} core(s){gain}; {JOBS} jobs, each calibrated to about {each} here")

    def time_of(way):
        start = time.perf_counter()
        way(steps)
        return time.perf_counter() - start

    start = time.perf_counter()
    with multiprocessing.Pool(JOBS) as pool:
        pool.map(int, range(JOBS))  # a first round trip: the pool has started
        started = time.perf_counter() - start

        def processes(steps):
            return pool.map(job, [steps] * JOBS, chunksize=1)

        one_by_one = pooled = math.inf
        for _ in range(3):
            one_by_one = min(one_by_one, time_of(one_after_another))
            pooled = min(pooled, time_of(processes))

    def versus(took):
        return f"{JOBS} jobs in {took:.3f}s, {one_by_one / took:.2f}x one by one"

    say(f"one by one: {JOBS} jobs in {one_by_one:.3f}s, best of 3")
    say(f"threads: {versus(time_of(threads))}")
    say(f"processes: {versus(pooled)}, best of 3; the pool started in {started:.3f}s")
    speedup(one_by_one, pooled)
    say(f"tasks on one thread: {versus(time_of(tasks))}")
    say(f"blocking pool: {versus(time_of(blocking_pool))}")


if __name__ == "__main__":
    lesson.run(main)
