"""blocking: a blocking call in a task stops every task on its thread (twin of examples-parallel blocking).

One task prints a tick every 0.25 s, another calls `time.sleep(1)` where it should
`await asyncio.sleep(1)`, and main awaits a 10 s sleep under a 0.5 s
`asyncio.timeout`. The loop runs one task at a time and gets the thread back only at
an `await`: for that second nothing else runs, no tick, and the timeout, due at
0.5 s, cannot fire. (The Rust lesson's `std::thread::sleep` in a task stalls a
current-thread tokio runtime the same way.)

You will see the blocking sleep start at 0 s; at 1.0 s it ends, and the first tick
(due at 0.25 s) and the timeout (due at 0.5 s) come at once; then a tick every
0.25 s, the last at 1.75 s.
"""

import asyncio
import time

import lesson
from lesson import claim, duration, say, secs


async def ticker():
    for n in range(1, 5):
        await asyncio.sleep(secs(0.25))
        say(f"tick {n}")


async def blocker():
    say(f"blocker: a blocking sleep of {duration(secs(1.0))}; no other task runs meanwhile")
    time.sleep(secs(1.0))  # wrong in a coroutine, on purpose: no await, the loop stops
    say("blocker: awake")


async def main():
    claim(1.0 + 0.75, 1.0 + 0.75)
    lesson.difference("main: the timeout", "both come due during the stall: tokio polls main, the future block_on runs, before the tasks woken with it; asyncio's main is a task like the others, run in the order the timers came due: tick 1 (due at 0.25 s) first")
    ticks = asyncio.create_task(ticker())
    blocking = asyncio.create_task(blocker())
    try:
        async with asyncio.timeout(secs(0.5)):
            await asyncio.sleep(secs(10.0))
    except TimeoutError:
        say(f"main: the timeout of {duration(secs(0.5))} fired")
    await blocking
    await ticks


if __name__ == "__main__":
    lesson.run(main)
