"""ensure-future: a task runs meanwhile, a bare coroutine waits to be awaited (twin of examples-futures ensure-future).

`asyncio.ensure_future(coro)` wraps a coroutine in a task, so it runs on its own
while the caller does other things, and can be awaited later; a bare coroutine,
by contrast, runs only when awaited. main starts a 1 s job, does 1 s of its own
waiting, then awaits the job:

- ensure_future: the job ran during main's wait, so the pair takes 1 s;
- bare coroutine: the job starts only at the await, so it takes 2 s, one by one.

You will see the spawned job start at 0 s and the pair finish at 1 s, then the
plain job start only at 2 s and finish at 3 s.
"""

import asyncio

import lesson
from lesson import claim, say, secs


async def job(label):
    say(f"{label}: job starts")
    await asyncio.sleep(secs(1.0))
    say(f"{label}: job done")


async def main():
    # 1 s for the spawned pair plus 2 s for the plain pair; both pairs one by one: 4 s.
    claim(3.0, 4.0)
    # ensure_future: the job is scheduled now and runs while main waits.
    task = asyncio.ensure_future(job("spawned"))
    await asyncio.sleep(secs(1.0))
    await task
    say("spawned: done; the job ran while main waited")
    # A bare coroutine: nothing runs yet...
    plain = job("plain")
    await asyncio.sleep(secs(1.0))
    # ...until it is awaited, after main's own second.
    await plain
    say("plain: done; the job ran only once awaited, after main waited")


if __name__ == "__main__":
    lesson.run(main)
