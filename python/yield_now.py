"""yield-now: `asyncio.sleep(0)`, and a busy task that never yields (twin of examples-rust yield-now).

Tasks `a` and `b` take three steps each, with `await asyncio.sleep(0)` between
them: a task that yields goes to the back of the loop's ready queue, so they
alternate, `a1 b1 a2 b2 a3 b3`. tokio's `yield_now` defers the wake-up until its
scheduler next polls its driver (here, when no task is ready), and wakes the last
deferred first: there, `a1 b1 b2 a2 a3 b3`.

Then a consumer takes 300 messages that are all in its queue already, while
another task waits for its turn. `await queue.get()` on a queue that has an item
returns without suspending, so the consumer never gives the loop up: the other
task runs after all 300. tokio's budget (128 operations a turn) makes its
consumer yield after 128.

You will see, at 0 s: the order `a1 b1 a2 b2 a3 b3`, the other task's turn after
300 of 300 messages, then all 300 taken.
"""

import asyncio

import lesson
from lesson import claim, difference, say


async def steps(name, order):
    for step in range(1, 4):
        order.append(f"{name}{step}")
        if step < 3:
            await asyncio.sleep(0)  # to the back of the ready queue


async def main():
    claim(0.0, 0.0)
    difference("order: ", "asyncio.sleep(0) requeues at the back; tokio defers the wake-up, and wakes the last first")
    difference("other task: ", "a ready queue.get() never suspends in asyncio; tokio's budget makes recv() yield after 128")
    order = []
    await asyncio.gather(*(steps(name, order) for name in ["a", "b"]))
    say(f"order: {' '.join(order)}")

    queue = asyncio.Queue()
    for n in range(300):
        queue.put_nowait(n)
    queue.put_nowait(None)  # the end of the messages
    taken = 0

    async def consumer():
        nonlocal taken
        while await queue.get() is not None:  # an item is ready: no suspension
            taken += 1

    async def other():
        say(f"other task: its turn came after {taken} of 300 messages")

    await asyncio.gather(consumer(), other())
    say(f"consumer: took {taken}")


if __name__ == "__main__":
    lesson.run(main)
