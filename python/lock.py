"""lock: held across an await, tasks take turns; released, updates are lost (twin of examples-sync lock).

10 tasks share a counter; inside `async with lock:` each reads it, sleeps 0.1 s
and writes back what it read plus one. Then the same with the lock taken once
for the read and once for the write, and not held over the sleep.

A plain global counter is fine in asyncio (the Rust lesson cannot share one
without a lock or an atomic: it does not compile). The race is the logical one:
read, await, write, with the lock released in between, loses updates.

You will see counter 10 after 1 s, then counter 1 after 0.1 s more.
"""

import asyncio

import lesson
from lesson import claim, duration, say, secs

TASKS = 10
counter = 0


async def increment_holding(lock):
    global counter
    async with lock:
        value = counter
        await asyncio.sleep(secs(0.1))  # the others wait in `async with lock` meanwhile
        counter = value + 1


async def increment_releasing(lock):
    global counter
    async with lock:
        value = counter
    await asyncio.sleep(secs(0.1))  # unlocked: every other task reads the same old value
    async with lock:
        counter = value + 1


async def main():
    global counter
    claim(1.0 + 0.1, 2.0)
    say(f"{TASKS} tasks: read the counter, sleep {duration(secs(0.1))}, write it back plus one")

    lock = asyncio.Lock()
    await asyncio.gather(*(increment_holding(lock) for _ in range(TASKS)))
    say(f"lock held across the sleep: counter = {counter}")

    counter = 0
    await asyncio.gather(*(increment_releasing(lock) for _ in range(TASKS)))
    say(f"lock released over the sleep: counter = {counter}, {TASKS - counter} updates lost")


if __name__ == "__main__":
    lesson.run(main)
