"""set-result: a future that another task completes (twin of examples-futures set-result).

`fut = loop.create_future()`, a task that sleeps 2 s and calls
`fut.set_result("Future is done!")`, and `print(await fut)` in main.

Where asyncio really differs: a second slot whose setter goes away without
setting it. The Rust lesson's setter is an owned `oneshot::Sender`: dropping it
wakes the awaiter with an error at once. Nothing tells an asyncio future that
nobody will set it; a plain `await fut` would wait for ever. So the twin awaits it
with `asyncio.wait_for(fut, 1 s)` and reports the timeout, and claims the 2 s
plus that 1 s.

You will see `Future is done!` at 2 s, then the second slot give up at 3 s.
"""

import asyncio

import lesson
from lesson import claim, difference, duration, say, secs


async def set_after(fut):
    await asyncio.sleep(secs(2.0))
    fut.set_result("Future is done!")


async def give_up(fut):
    return  # goes away without calling fut.set_result: nothing tells the awaiter


async def main():
    claim(2.0 + 1.0, 2.0 + 1.0)
    difference(
        "second slot",
        "a Rust oneshot whose sender is dropped wakes its awaiter with an error at once; "
        "nothing tells an asyncio future that nobody will set it",
    )
    loop = asyncio.get_running_loop()
    fut = loop.create_future()
    setter = asyncio.create_task(set_after(fut))
    say(await fut)

    fut = loop.create_future()
    setter = asyncio.create_task(give_up(fut))
    timeout = secs(1.0)
    try:
        say(await asyncio.wait_for(fut, timeout))
    except TimeoutError:
        say(f"second slot: no result within {duration(timeout)}; the setter went away "
            "without setting one, and a plain await would wait for ever")


if __name__ == "__main__":
    lesson.run(main)
