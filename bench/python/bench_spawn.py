"""bench_spawn: N empty tasks, created and gathered: how many a second (twin of
bench/src/spawn.rs). The cost of a task alone, with nothing in it.
"""

import asyncio
import time

import measure


async def empty():
    pass


async def spawn(n):
    started = time.perf_counter()
    tasks = [asyncio.create_task(empty()) for _ in range(n)]
    await asyncio.gather(*tasks)
    return time.perf_counter() - started


def run(variant, n):
    wall = measure.run(spawn(n))
    return [("tasks_per_s", n / wall), ("wall_s", wall)]


if __name__ == "__main__":
    measure.main(run, ["gather"])
