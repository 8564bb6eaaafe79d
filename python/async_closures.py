"""async-closures: a nested `async def` reads and changes what it sees (twin of examples-rust async-closures).

Helpers take a coroutine function and call it for three names, at once (`gather`)
or in turn, given `async def`s nested in main that read main's `suffix` and
append to main's `log`. Any closure may read and change what it sees, and be
called any way. The Rust lesson's helpers say in their bounds how a closure may
be called, and so what its futures may borrow: `Fn(String) -> Fut` (the future
owns all it uses), `AsyncFn` (calls at once, borrowing it shared), `AsyncFnMut`
(one call at a time, changing its captures), `AsyncFnOnce` (called once).

You will see the two at-once helpers greet all three names at 0.25 and 0.5 s,
the log grow at 0.75, 1.0 and 1.25 s, and be handed over at 1.5 s.
"""

import asyncio

import lesson
from lesson import claim, say, secs

NAMES = ("ann", "bob", "cy")


async def at_once(f):
    return await asyncio.gather(*(f(name) for name in NAMES))


async def in_turn(f):
    for name in NAMES:
        await f(name)


async def once(f):
    return await f()


async def main():
    claim(6.0 * 0.25, 10.0 * 0.25)
    suffix = "!"

    async def greet(name):
        await asyncio.sleep(secs(0.25))
        return f"{name}{suffix}"

    say(f"Fn -> Fut: {', '.join(await at_once(greet))}")
    say(f"AsyncFn: {', '.join(await at_once(greet))}")

    log = []

    async def record(name):
        await asyncio.sleep(secs(0.25))
        log.append(name)  # main's list, changed from the closure
        say(f"AsyncFnMut: {', '.join(log)}")

    await in_turn(record)

    async def report():
        await asyncio.sleep(secs(0.25))
        return ", ".join(log)

    say(f"AsyncFnOnce: {await once(report)}")


if __name__ == "__main__":
    lesson.run(main)
