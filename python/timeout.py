"""timeout: give up on a future after a while (twin of examples-control timeout).

`await asyncio.wait_for(forever(), 1)`, where `forever` waits on a future nobody
sets and has a `finally` that cleans up; then `async with asyncio.timeout(1):`
around three steps of 0.4 s each.

wait_for (in 3.11 it wraps `forever()` in a task; since 3.12 it runs it under
`asyncio.timeout`, in main's own task) cancels it at 1 s, waits for its
`finally`, and only then raises TimeoutError in main: the same order as tokio's
`timeout`, whose future is dropped (its `Drop` guard runs) before main sees
`Err(Elapsed)`.
`asyncio.timeout` puts one deadline over every await inside its block, as
`timeout_at` with one deadline does.

You will see `forever` start, its cleanup and main's give-up at 1 s, then two
steps done at 1.4 and 1.8 s and the third cut off by the deadline at 2 s.
"""

import asyncio

import lesson
from lesson import claim, duration, say, secs


async def forever():
    try:
        say("forever: started")
        # A future nobody sets: waits for ever.
        await asyncio.get_running_loop().create_future()
    finally:
        say("forever: cleanup")


async def main():
    claim(2.0, 2.0)
    try:
        await asyncio.wait_for(forever(), secs(1.0))
    except TimeoutError:
        say(f"main: gave up after {duration(secs(1.0))}")

    step = 0
    try:
        async with asyncio.timeout(secs(1.0)):
            for step in range(1, 4):
                await asyncio.sleep(secs(0.4))
                say(f"steps: step {step} done")
    except TimeoutError:
        say(f"steps: deadline passed during step {step}")


if __name__ == "__main__":
    lesson.run(main)
