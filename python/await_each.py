"""await-each: awaiting one task after another still runs them together (twin of examples-tasks await-each).

Three tasks made with `create_task`, sleeping 1 s, 3 s and 2 s, then
`await task1`, `await task2`, `await task3` on three lines.

The awaits are sequential, but the tasks are not: all three were running from the
moment main first waited. So the whole takes 3 s (the longest), not 6 s, and by
the time task 2 (3 s) is done, task 3 (2 s) already is.

You will see all three coroutines executing at 0 s; coroutine 1 done at 1 s, 3 at
2 s, 2 at 3 s; and main collecting tasks 2 and 3 together at 3 s.
"""

import asyncio

import lesson
from lesson import claim, say, secs


async def coroutine(id, seconds):
    say(f"coroutine {id} executing")
    await asyncio.sleep(secs(seconds))
    say(f"coroutine {id} done")
    return id


async def main():
    claim(3.0, 1.0 + 3.0 + 2.0)
    task1 = asyncio.create_task(coroutine(1, 1.0))
    task2 = asyncio.create_task(coroutine(2, 3.0))
    task3 = asyncio.create_task(coroutine(3, 2.0))
    # Each await waits only for that task; the others keep running meanwhile.
    id = await task1
    say(f"main: awaited task {id}")
    id = await task2
    say(f"main: awaited task {id}")
    id = await task3
    say(f"main: awaited task {id}")


if __name__ == "__main__":
    lesson.run(main)
