"""as-completed: results in the order they finish (twin of examples-control as-completed).

Jobs of 3, 1 and 2 s, and `for next in asyncio.as_completed(jobs): print(await next)`.

as_completed yields, in finishing order, futures that give each job's result. The
jobs are made tasks first, so that they start in the order given (as_completed puts
what it gets in a set, and would start bare coroutines in the set's order). The
Rust lesson's `FuturesUnordered` is the same loop, spawning nothing.

You will see the three jobs start at 0 s and main get their results at 1, 2 and 3
s: jobs 2, 3, 1, the order they finish in, not the order given.
"""

import asyncio

import lesson
from lesson import claim, duration, say, secs


async def job(id, seconds):
    say(f"job {id}: started, takes {duration(secs(seconds))}")
    await asyncio.sleep(secs(seconds))
    return f"job {id} after {duration(secs(seconds))}"


async def main():
    claim(3.0, 3.0 + 1.0 + 2.0)
    jobs = [asyncio.create_task(job(id, s)) for id, s in ((1, 3.0), (2, 1.0), (3, 2.0))]
    for next_done in asyncio.as_completed(jobs):
        say(f"main: got {await next_done}")


if __name__ == "__main__":
    lesson.run(main)
