"""barrier: tasks wait for each other, then all go on together (twin of examples-sync barrier).

`barrier = asyncio.Barrier(3)` (new in Python 3.11) and three tasks that sleep
1, 2 and 3 s, then `await barrier.wait()`.

Where asyncio really differs: which task leads. `wait()` returns each task's
index in order of arrival, 0 to 2, and picking index 0 for the work to do once
picks the first to arrive: task 1. tokio's `is_leader()` is the last to
arrive, task 3.

You will see the tasks arrive at 1, 2 and 3 s, all three pass at 3 s, and one
leader: task 1.
"""

import asyncio

import lesson
from lesson import claim, difference, say, secs


async def task(id, barrier):
    await asyncio.sleep(secs(id))
    say(f"task {id} arrives at the barrier")
    index = await barrier.wait()
    return index == 0


async def main():
    claim(3.0, 1.0 + 2.0 + 3.0)
    difference(
        "leader:",
        "asyncio's wait() returns the order of arrival and index 0 is the first to arrive; tokio's is_leader() is the last to arrive, whose wait() opens the barrier",
    )
    barrier = asyncio.Barrier(3)
    leaders = await asyncio.gather(*(task(id, barrier) for id in (1, 2, 3)))
    say(f"all {len(leaders)} tasks passed")
    for id, leader in enumerate(leaders, start=1):
        if leader:
            say(f"leader: task {id}")


if __name__ == "__main__":
    lesson.run(main)
