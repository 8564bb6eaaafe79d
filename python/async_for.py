"""async-for: `async for` over a stream (twin of examples-streams async-for).

An async iterator (a class with `__anext__`) that hands out a reading every 0.5 s,
read with `async for reading in readings:`; then a fresh one through an async
generator expression that keeps the even readings, times ten, and a `break`
after two. Nothing asks for reading 5, so it is never made.

You will see readings 1 to 4, one every 0.5 s, each taken by main at once; then
readings 1 to 4 again, main getting 20 at 3.0 s and 40 at 4.0 s, and no reading
5: 4.0 s in all.
"""

import asyncio

import lesson
from lesson import claim, say, secs


class Readings:
    """Readings 1 to `count`, one every 0.5 s: what `async for` walks through."""

    def __init__(self, count):
        self.n, self.count = 0, count

    def __aiter__(self):
        return self

    async def __anext__(self):  # run only when the loop asks for the next one
        if self.n == self.count:
            raise StopAsyncIteration
        await asyncio.sleep(secs(0.5))
        self.n += 1
        say(f"source: reading {self.n}")
        return self.n


async def main():
    claim(4.0, 4.0)
    async for n in Readings(4):
        say(f"main: got {n}")
    got = 0
    async for n in (n * 10 async for n in Readings(6) if n % 2 == 0):
        say(f"main: got {n}")
        got += 1
        if got == 2:
            break
    say("main: done; reading 5 was never made")


if __name__ == "__main__":
    lesson.run(main)
