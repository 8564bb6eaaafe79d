"""what-a-task-costs: a task is its coroutine plus a Task (twin of examples-tasks what-a-task-costs).

`create_task` of 1,000 coroutines that sleep 1 s, then `gather`; `gather` of
1,000 bare coroutines; and `sys.getsizeof` of a coroutine and of a task.

Python has no `size_of_val`: `sys.getsizeof` is the closest, and it counts one
object. A coroutine is always its own object on the heap, with its frame; its
locals are references to other objects, so it does not grow with them, nor does
it hold the coroutine it awaits. A task is one more object around it. And asyncio
runs coroutines at once only as tasks: `gather` wraps each bare coroutine in one.
So the sizes and the gather line differ from the Rust lesson, and are declared.
`cargo xtask bench tasks` measures the whole: about 1,700 bytes an asyncio task.

You will see the sizes, 1,000 tasks done at 1 s, and 1,000 bare coroutines,
gathered, done at 2 s.
"""

import asyncio
import sys

import lesson
from lesson import claim, difference, say, secs

N = 1_000


async def nap():
    await asyncio.sleep(secs(1.0))


async def with_buffer():
    buffer = bytearray(1024)  # the frame holds a reference; the 1 KiB is elsewhere
    await asyncio.sleep(secs(1.0))
    return len(buffer)


async def awaiting_it():
    return await with_buffer()


def size_of(coroutine):
    size = sys.getsizeof(coroutine)
    coroutine.close()  # never run: no "never awaited" warning
    return size


async def main():
    claim(2.0, 2.0 * N)
    difference("size of", "sys.getsizeof counts one object: a coroutine with its frame, "
               "always on the heap; its locals and what it awaits are objects of their own")
    difference(f"{N} futures joined", "asyncio runs coroutines at once only as tasks: "
               "gather wraps each bare coroutine in a task")
    say(f"size of a future that sleeps: {size_of(nap())} bytes, a coroutine and its frame")
    say(f"size of a future with 1 KiB across an await: {size_of(with_buffer())} bytes; "
        "the 1 KiB is an object of its own")
    say(f"size of a future awaiting that one: {size_of(awaiting_it())} bytes; "
        "it will make that one when it runs")

    tasks = [asyncio.create_task(nap()) for _ in range(N)]
    say(f"size of a task: {sys.getsizeof(tasks[0])} bytes, its coroutine not counted")
    say(f"{N} tasks spawned")
    await asyncio.gather(*tasks)
    say(f"{N} tasks done")

    say(f"{N} futures joined, as bare coroutines: gather makes each a task")
    await asyncio.gather(*(nap() for _ in range(N)))
    say(f"{N} futures done")


if __name__ == "__main__":
    lesson.run(main)
