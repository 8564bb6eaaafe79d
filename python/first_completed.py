"""first-completed: the first of several wins (twin of examples-control first-completed).

Three tasks of 1, 2 and 3 s, and `asyncio.wait(tasks, return_when=FIRST_COMPLETED)`;
then a loop that takes messages from a queue until a deadline, one `asyncio.wait`
on a `get` and the deadline per turn.

Where asyncio really differs: `asyncio.wait` returns the losers as `pending`, still
running. Job 2 finishes at 2 s, after the race was won; job 3 is still pending when
main returns, and asyncio.run cancels it then. tokio's `select!` drops the losers
the moment one wins: their cleanup runs at 1 s. The twin declares both.

The loop is the same in both: the deadline is made once, outside it, and only the
`get` of the turn is cancelled when the deadline wins, so no message is lost.

You will see job 1 win at 1 s, messages at 1.4, 1.8 and 2.2 s (and job 2 finish
at 2 s), and the deadline at 2.5 s.
"""

import asyncio

import lesson
from lesson import claim, difference, duration, say, secs


async def job(id, seconds):
    try:
        say(f"job {id}: started, takes {duration(secs(seconds))}")
        await asyncio.sleep(secs(seconds))
        say(f"job {id}: done")
        return id
    finally:
        say(f"job {id}: cleanup")


async def producer(queue):
    n = 1
    while True:
        await asyncio.sleep(secs(0.4))
        await queue.put(n)
        n += 1


async def main():
    claim(2.5, 2.5)
    difference("job 2: ", "asyncio.wait leaves the losers pending: job 2 runs on and finishes after the race; tokio's select! drops it the moment job 1 wins")
    difference("job 3: ", "job 3 is still pending when main returns, and asyncio.run cancels it then; tokio's select! drops it the moment job 1 wins")
    jobs = [asyncio.create_task(job(id, s)) for id, s in ((1, 1.0), (2, 2.0), (3, 3.0))]
    done, pending = await asyncio.wait(jobs, return_when=asyncio.FIRST_COMPLETED)
    say(f"main: job {done.pop().result()} came first")

    queue = asyncio.Queue(1)
    feeding = asyncio.create_task(producer(queue))  # keep a reference: the loop holds tasks weakly
    # One timer for the whole loop.
    deadline = asyncio.create_task(asyncio.sleep(secs(1.5)))
    while True:
        get = asyncio.create_task(queue.get())
        done, _ = await asyncio.wait({get, deadline}, return_when=asyncio.FIRST_COMPLETED)
        if get in done:
            say(f"main: got message {get.result()}")
        if deadline in done:
            get.cancel()
            break
    say("main: deadline")


if __name__ == "__main__":
    lesson.run(main)
