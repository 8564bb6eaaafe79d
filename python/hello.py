"""hello: the smallest asyncio program (twin of examples-basic hello).

The classic first program: an `async def` that prints "Hello", awaits
`asyncio.sleep(1)` and prints "World", started with `asyncio.run`. asyncio.run
makes an event loop, runs the coroutine on it until it completes, and closes the
loop: what `#[tokio::main]` writes for the Rust lesson.

You will see `Hello` at 0 s and `World` one second later.
"""

import asyncio

import lesson
from lesson import claim, say, secs


async def hello():
    claim(1.0, 1.0)
    say("Hello")
    # `await asyncio.sleep` gives the loop back while it waits; `time.sleep` here
    # would stall every task on the loop.
    await asyncio.sleep(secs(1.0))
    say("World")


def main():
    asyncio.run(hello())


if __name__ == "__main__":
    lesson.run(main)
