"""bounded-queue: a fast producer waits for a slow consumer (twin of examples-sync bounded-queue).

`queue = asyncio.Queue(maxsize=2)`, a producer task that puts 5 items as fast
as it can, and main taking them one a second. `await queue.put(item)` waits
while the queue is full.

A queue cannot be closed before Python 3.13 (which added `Queue.shutdown`), so the
producer puts a `None` at the end, and the consumer stops at it. (The Rust
lesson's producer drops its `Sender`, which closes the channel.)

You will see `put 0` and `put 1` at once, then each other `put` only when the
consumer takes an item, once a second; the whole takes the consumer's 5 s.
"""

import asyncio

import lesson
from lesson import claim, say, secs


async def produce(queue):
    for item in range(5):
        await queue.put(item)  # waits while 2 items are still waiting to be taken
        say(f"producer: put {item}")
    say("producer: done")
    await queue.put(None)  # the end: before 3.13 a queue cannot be closed


async def main():
    claim(5.0, 5.0)
    queue = asyncio.Queue(maxsize=2)
    producer = asyncio.create_task(produce(queue))
    while (item := await queue.get()) is not None:
        say(f"consumer: got {item}")
        await asyncio.sleep(secs(1.0))
    say("consumer: the queue is closed and empty")
    await producer


if __name__ == "__main__":
    lesson.run(main)
