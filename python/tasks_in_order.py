"""tasks-in-order: created together, awaited in order, finished out of order (twin of examples-tasks tasks-in-order).

A loop makes 4 tasks with `asyncio.create_task`, where task `i` sleeps `1/(i+1)`
seconds, then a second loop awaits them in creation order.

All four start at once, so the short sleeps finish first (3, 2, 1, 0), though main
awaits task 0 first: awaiting a task only waits for one that is already running.
The whole takes as long as the longest task (1 s), not the sum (2.08 s).

You will see four `started` lines at 0 s, then `3 done`, `2 done`, `1 done`,
`0 done` at 0.25, 0.33, 0.5 and 1 s. (Both sides say 0.334 s or a little more for
the 1/3 s: tokio rounds a deadline up to whole milliseconds, and asyncio's epoll
selector rounds its wait up to whole milliseconds too.)
"""

import asyncio

import lesson
from lesson import claim, say, secs


async def work(i):
    say(f"{i} started")
    await asyncio.sleep(secs(1 / (i + 1)))
    say(f"{i} done")


async def main():
    claim(1.0, 1 + 1 / 2 + 1 / 3 + 1 / 4)
    # Every task is scheduled as soon as it is created; they start at main's first await that suspends.
    tasks = [asyncio.create_task(work(i)) for i in range(4)]
    # Task 0 is the slowest: by the time it is done, the others long are.
    for task in tasks:
        await task


if __name__ == "__main__":
    lesson.run(main)
