"""task-panic: a task that raises ends alone; awaiting it raises again (twin of examples-control task-panic).

Three tasks; job 1 raises at 0.5 s, job 3 at 0.25 s, job 2 returns at 1 s. main
awaits job 2, then job 1: the task has kept its exception since 0.5 s, and `await`
raises it in main. Nobody awaits job 3: asyncio logs "Task exception was never
retrieved" on stderr when the task is garbage-collected, which in CPython is at
once, at 0.25 s: the loop holds tasks only weakly. (The Rust lesson's job 3 panics
on stderr at 0.25 s too; its JoinError is dropped unseen.)

You will see the three jobs start, job 2 return at 1 s, then main get job 1's
error at 1 s, kept since 0.5 s. Of job 3, nothing on stdout.
"""

import asyncio

import lesson
from lesson import claim, say, secs


async def job(id, seconds, fails):
    say(f"job {id}: started")
    await asyncio.sleep(secs(seconds))
    if fails:
        raise RuntimeError(f"job {id} went wrong")  # kept in the task until awaited
    say(f"job {id}: done")
    return id


async def main():
    claim(1.0, 1.75)
    failing = asyncio.create_task(job(1, 0.5, True))
    healthy = asyncio.create_task(job(2, 1.0, False))
    asyncio.create_task(job(3, 0.25, True))  # kept by no one: logged when collected
    say(f"main: job 2 returned {await healthy}")
    try:
        await failing
    except RuntimeError as err:
        say(f"main: job 1 failed: {err}")


if __name__ == "__main__":
    lesson.run(main)
