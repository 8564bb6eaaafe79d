"""hand-made-future: what a future is underneath (twin of examples-futures hand-made-future).

`asyncio.Future` is a slot with a list of callbacks: `await` parks the coroutine,
`set_result` stores the value and schedules the callbacks. This twin builds the
same slot by hand, with the protocol asyncio's Task understands (the Rust lesson
implements `std::future::Future`: `poll`, `Waker`, `wake`):

- `__await__` is a generator. When the slot is empty it sets
  `_asyncio_future_blocking` and yields itself: the Task sees a future, calls its
  `add_done_callback` with its own wake-up, and sleeps. That is Rust's `Pending`
  with the `Waker` stored.
- `set_result` stores the value and schedules the callbacks (`call_soon`): the
  Task wakes and resumes the generator, which finds the value and returns it.

A correct future is resumed about twice: once to park, once to finish. The count
shows it neither hangs nor spins.

You will see `Future is done!` at 2 s and `polled 2 times`.
"""

import asyncio

import lesson
from lesson import claim, say, secs


class HandMadeFuture:
    # What asyncio's Task looks for in what a coroutine yields: "I am a future".
    _asyncio_future_blocking = False

    def __init__(self):
        self._loop = asyncio.get_running_loop()
        self._done = False
        self._value = None
        self._callbacks = []
        self.polls = 0

    def __await__(self):
        self.polls += 1
        while not self._done:
            self._asyncio_future_blocking = True
            yield self  # Pending: the Task adds its wake-up with add_done_callback
            self.polls += 1
        return self._value

    def set_result(self, value):
        self._value = value
        self._done = True
        # Wake whoever waits: schedule, don't call, as asyncio.Future does.
        for callback, context in self._callbacks:
            self._loop.call_soon(callback, self, context=context)
        self._callbacks.clear()

    # The rest of what the Task calls on a future it waits for.
    def get_loop(self):
        return self._loop

    def add_done_callback(self, callback, *, context=None):
        if self._done:
            self._loop.call_soon(callback, self, context=context)
        else:
            self._callbacks.append((callback, context))

    def result(self):
        return self._value

    def cancel(self, msg=None):
        return False  # this slot cannot be cancelled


async def set_after(fut):
    await asyncio.sleep(secs(2.0))
    fut.set_result("Future is done!")


async def main():
    claim(2.0, 2.0)
    fut = HandMadeFuture()
    setter = asyncio.create_task(set_after(fut))
    value = await fut
    say(value)
    say(f"polled {fut.polls} times")


if __name__ == "__main__":
    lesson.run(main)
