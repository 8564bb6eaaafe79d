"""event: tasks wait until a flag is set; once set, it stays set (twin of examples-sync event).

An `asyncio.Event`, three tasks that `await event.wait()`, main calling
`event.set()` after 1 s, then a fourth waiter that comes after the `set()` and
returns at once. (The Rust lesson's `tokio::sync::SetOnce` is modelled on it.)

You will see three waiters waiting at 0 s, all three woken at 1 s right after
the set, and the late waiter through at once, still at 1 s.
"""

import asyncio

import lesson
from lesson import claim, say, secs


async def waiter(id, event):
    say(f"waiter {id} waiting")
    await event.wait()
    say(f"waiter {id} woke")


async def main():
    claim(1.0, 1.0)
    event = asyncio.Event()
    waiters = [asyncio.create_task(waiter(id, event)) for id in (1, 2, 3)]
    await asyncio.sleep(secs(1.0))
    say("main: setting the event")
    event.set()
    for task in waiters:
        await task
    await waiter(4, event)  # already set: returns at once


if __name__ == "__main__":
    lesson.run(main)
