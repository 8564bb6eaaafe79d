"""event-loop: the loop made, driven and closed by hand (twin of examples-basic event-loop).

Older asyncio code does by hand what `asyncio.run` hides: it makes an event loop,
runs one coroutine on it until it completes (`run_until_complete`), then closes
the loop. The Rust lesson does the same with a tokio runtime: `Builder::build`,
`block_on`, `shutdown_timeout`.

You will see `Hello`, `World` one second later, then `runtime shut down`.
"""

import asyncio

import lesson
from lesson import claim, say, secs


async def hello():
    claim(1.0, 1.0)
    say("Hello")
    await asyncio.sleep(secs(1.0))
    say("World")


def main():
    loop = asyncio.new_event_loop()
    try:
        # Nothing runs before this call: `hello()` is only a coroutine object.
        loop.run_until_complete(hello())
    finally:
        # Tasks still pending would be destroyed with a warning; there are none.
        loop.close()
    say("runtime shut down")


if __name__ == "__main__":
    lesson.run(main)
