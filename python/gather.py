"""gather: results in argument order, whatever the finishing order (twin of examples-tasks gather).

`await asyncio.gather(func(1, 2), func(2, 3), func(3, 1))`, where
`func(id, secs)` sleeps `secs` and returns `"result of <id>"`.

gather wraps each coroutine in a task and returns their results in the order
given, so the finishing order (3, 1, 2) never shows in the results. (The Rust
lesson's `join_all` spawns nothing: its futures take turns inside the one task
that awaits it. On one thread it looks the same.)

You will see three coroutines executing at 0 s, done in the order 3, 1, 2 at 1, 2
and 3 s, then the results in the order 1, 2, 3.
"""

import asyncio

import lesson
from lesson import claim, say, secs


async def func(id, seconds):
    say(f"coroutine {id} executing")
    await asyncio.sleep(secs(seconds))
    say(f"coroutine {id} done")
    return f"result of {id}"


async def main():
    claim(3.0, 2.0 + 3.0 + 1.0)
    results = await asyncio.gather(func(1, 2.0), func(2, 3.0), func(3, 1.0))
    say(f"Received Results : {', '.join(results)}")


if __name__ == "__main__":
    lesson.run(main)
