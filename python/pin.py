"""pin: one deadline across the turns of a loop, and a coroutine picked at run time (twin of examples-rust pin).

Messages every 0.4 s, taken from a queue in a loop until one deadline made before
the loop: an `asyncio.timeout` around it. Then each of two coroutines, picked at
run time by a plain `if`, awaited. Nothing is pinned or boxed: CPython never
moves an object once made, a coroutine included, and every coroutine object has
one type whatever function made it. The Rust lesson pins its deadline with
`pin!` to poll it by `&mut` across turns, and boxes its two plans (`Box::pin`) to
give two `async` blocks one type.

You will see messages 1 and 2 at 0.4 and 0.8 s and the deadline at 1.0 s; then
the quick plan at once and the slow one 0.5 s later, at 1.5 s.
"""

import asyncio

import lesson
from lesson import claim, say, secs


async def quick():
    return "the quick plan"


async def slow():
    await asyncio.sleep(secs(0.5))
    return "the slow plan"


def plan(urgent):
    return quick() if urgent else slow()  # two functions, one type: a coroutine


async def main():
    claim(1.0 + 0.5, 1.0 + 0.5)
    queue = asyncio.Queue(maxsize=1)

    async def sender():
        n = 1
        while True:
            await asyncio.sleep(secs(0.4))
            await queue.put(n)
            n += 1

    sending = asyncio.create_task(sender())
    try:
        async with asyncio.timeout(secs(1.0)):  # one deadline for the whole loop
            while True:
                say(f"message {await queue.get()}")
    except TimeoutError:
        say("deadline")
    say(await plan(True))
    say(await plan(False))
    sending.cancel()


if __name__ == "__main__":
    lesson.run(main)
