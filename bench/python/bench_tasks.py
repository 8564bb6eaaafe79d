"""bench_tasks: N tasks that each sleep 100 ms, all waited for (twin of bench/src/tasks.rs).

How long the lot takes (ideal: 100 ms), and what each costs in memory: the peak
RSS minus the RSS before any task existed, over N. The one way asyncio does it:
create_task N times, then gather.
"""

import asyncio
import time

import measure

NAP = 0.1


async def nap():
    await asyncio.sleep(NAP)


async def gather(n):
    started = time.perf_counter()
    tasks = [asyncio.create_task(nap()) for _ in range(n)]
    await asyncio.gather(*tasks)
    return time.perf_counter() - started


def run(variant, n):
    baseline = measure.rss_bytes()
    wall = measure.run(gather(n))
    peak = measure.peak_rss_bytes()
    per_task = (peak - baseline) / n if peak is not None and baseline is not None else None
    return [("wall_s", wall), ("peak_rss_bytes", peak), ("per_task_bytes", per_task)]


if __name__ == "__main__":
    measure.main(run, ["gather"])
