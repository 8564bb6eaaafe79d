"""rate-limit: 10 calls, a burst of 3 then 4 a second (twin of examples-streams rate-limit).

Two ways by hand. A token bucket: a `BoundedSemaphore(3)` of tokens, each call
taking one for good, and a task putting one back every 0.25 s (the bounded
semaphore refuses a fourth: the bucket is full). Then a throttle: each call at
least 0.25 s after the last one, as tokio-stream's `throttle` does, which also
waits that long before it finds there is no next call.

You will see calls 1 to 3 at 0 s, then one every 0.25 s to call 10 at 1.75 s;
then throttled, call 1 at once and the rest 0.25 s apart, to call 10 at 4.0 s,
and the end of the calls at 4.25 s.
"""

import asyncio

import lesson
from lesson import claim, say, secs


async def refill(bucket, period):
    loop = asyncio.get_running_loop()
    due = loop.time()
    while True:
        due += period  # on a grid, as tokio's interval keeps it
        await asyncio.sleep(due - loop.time())
        try:
            bucket.release()  # one token back
        except ValueError:
            pass  # the bucket is full


async def throttle(items, period):
    """Each item at least `period` after the last; the first at once."""
    loop = asyncio.get_running_loop()
    next_at = loop.time()
    for item in items:
        await asyncio.sleep(max(0.0, next_at - loop.time()))
        next_at = loop.time() + period
        yield item
    await asyncio.sleep(max(0.0, next_at - loop.time()))  # as tokio-stream's does


async def main():
    claim(1.75 + 2.5, 1.75 + 2.5)
    bucket = asyncio.BoundedSemaphore(3)
    refiller = asyncio.create_task(refill(bucket, secs(0.25)))
    for call in range(1, 11):
        await bucket.acquire()  # waits while the bucket is empty; never released here
        say(f"bucket: call {call}")
    refiller.cancel()

    async for call in throttle(range(1, 11), secs(0.25)):
        say(f"throttle: call {call}")
    say("throttle: no more calls")


if __name__ == "__main__":
    lesson.run(main)
