"""interval: a period kept, where a sleep loop drifts (twin of examples-streams interval).

`while True: await asyncio.sleep(0.5); work()` with 0.125 s of work drifts by the
work's time each turn. asyncio has no interval: `ticks()` below is one by hand,
an async generator that keeps each deadline one period after the last one, and
makes up a missed tick as tokio's `MissedTickBehavior` says (`burst`, `delay`,
`skip`; a tick up to 5 ms late counts as on time, as in tokio).

You will see the interval's turns at 0.5, 1.0, 1.5, 2.0 s and the sleep loop's at
0.5, 1.125, 1.75, 2.375 s; then three intervals of 0.5 s whose first turn takes
1.2 s: `burst` ticks twice at 3.7 s, then at 4.0 s; `delay` at 3.7, 4.2, 4.7 s;
`skip` at 3.7, 4.0, 4.5 s.
"""

import asyncio

import lesson
from lesson import claim, say, secs


async def ticks(period, missed="burst", first=0.0):
    """tokio's interval by hand: a tick now + `first`, then one every `period`."""
    loop = asyncio.get_running_loop()
    due = loop.time() + first
    while True:
        if due > loop.time():
            await asyncio.sleep(due - loop.time())
        now = loop.time()
        if now <= due + 0.005 or missed == "burst":
            next_due = due + period
        elif missed == "delay":
            next_due = now + period
        else:  # skip: the next tick of the old grid
            next_due = now + period - (now - due) % period
        yield
        due = next_due


async def sleep_loop():
    for turn in range(1, 5):
        await asyncio.sleep(secs(0.5))
        say(f"sleep loop: turn {turn}")
        await asyncio.sleep(secs(0.125))  # the work


async def steady():
    turn = 0
    async for _ in ticks(secs(0.5), first=secs(0.5)):
        turn += 1
        say(f"interval: turn {turn}")
        await asyncio.sleep(secs(0.125))  # the same work
        if turn == 4:
            break


async def after_a_stall(missed):
    turn = 0
    async for _ in ticks(secs(0.5), missed):
        say(f"{missed}: turn {turn}")
        if turn == 0:
            await asyncio.sleep(secs(1.2))  # misses the ticks due at 0.5 and 1.0 s
        if turn == 3:
            break
        turn += 1


async def main():
    claim(2.5 + 2.2, 2.5 + 2.2)
    await asyncio.gather(steady(), sleep_loop())
    await asyncio.gather(*(after_a_stall(missed) for missed in ["burst", "delay", "skip"]))


if __name__ == "__main__":
    lesson.run(main)
