"""async-generator: `async def` with `yield`, three ways (twin of examples-streams async-generator).

`countdown()` works 0.5 s on each of 3, 2, 1 and hands it out; main makes it,
waits 0.75 s, then reads it with `async for`. Three ways, as the Rust lesson has:
- yield: an async generator, `async def` with `yield` (Rust: `stream::iter(..).then(body)`);
- step: a class with `__anext__`, its state in `self` (Rust: `stream::unfold`);
- task: a task putting into an `asyncio.Queue(maxsize=1)`, read until a `None`
  (Rust: a task feeding an `mpsc` channel of 1, read as a `ReceiverStream`).

The first two are lazy: nothing of their body runs until the first `__anext__`.
The task runs from `create_task` on and works ahead until the queue is full.

You will see `yield` and `step` start working only when main asks, 0.75 s after
they were made, and each take 2.25 s; `task` starts at once, has 3 ready when
main asks, and takes 1.5 s: 6.0 s in all.
"""

import asyncio

import lesson
from lesson import claim, say, secs


async def with_yield():
    for n in [3, 2, 1]:
        say(f"yield: working on {n}")
        await asyncio.sleep(secs(0.5))
        yield n


class WithStep:
    def __init__(self):
        self.n = 3  # the number to give next; 0 ends it

    def __aiter__(self):
        return self

    async def __anext__(self):
        if self.n == 0:
            raise StopAsyncIteration
        n = self.n
        say(f"step: working on {n}")
        await asyncio.sleep(secs(0.5))
        self.n -= 1
        return n


def with_task():
    # A plain def: in an async generator, the task would be made only at the first
    # __anext__, and it would be lazy too.
    items = asyncio.Queue(maxsize=1)  # room for 1: the task works ahead by one

    async def produce():
        for n in [3, 2, 1]:
            say(f"task: working on {n}")
            await asyncio.sleep(secs(0.5))
            await items.put(n)
        await items.put(None)  # the end: before 3.13 a queue cannot be closed

    producer = asyncio.create_task(produce())  # runs from here on

    async def received():
        while (n := await items.get()) is not None:
            yield n
        await producer

    return received()


async def read(way, countdown):
    say(f"{way}: made")
    await asyncio.sleep(secs(0.75))
    async for n in countdown:
        say(f"{way}: main got {n}")


async def main():
    claim(6.0, 6.75)
    await read("yield", with_yield())
    await read("step", WithStep())
    await read("task", with_task())


if __name__ == "__main__":
    lesson.run(main)
