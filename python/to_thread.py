"""to-thread: blocking work on a thread of its own, while the tasks go on (twin of examples-parallel to-thread).

A ticker task (four ticks, 0.25 s apart) beside `await asyncio.to_thread(blocking_io,
1)`, where `blocking_io` calls `time.sleep(1)`: the loop stays free, so the whole
takes 1 s, not 2. Then a second job goes to a thread and its task is cancelled 0.25 s
later: the thread cannot be stopped and sleeps on to its end, which `asyncio.run`
waits for (it shuts the default executor down) before it returns.

Where asyncio really differs: awaiting the cancelled task raises `CancelledError` at
once, as if the job had stopped. The Rust lesson's `abort()` cannot stop a
`spawn_blocking` job either, and there awaiting its handle says so: it waits for the
job's end and returns its result.

You will see the ticks go on while job 1 sleeps on its thread, job 1 done at 1.0 s;
job 2 cancelled at 1.25 s and done all the same at 2.0 s.
"""

import asyncio
import time

import lesson
from lesson import claim, difference, duration, say, secs


def blocking_io(name, seconds):
    """Blocking work, a plain function: it holds its thread for `seconds`."""
    time.sleep(seconds)
    say(f"{name}: slept {duration(seconds)} on its thread")


async def ticker():
    for n in range(1, 5):
        await asyncio.sleep(secs(0.25))
        say(f"tick {n}")


async def main():
    claim(1.0 + 1.0, 1.0 + 1.0 + 1.0)
    difference(
        "main: awaiting job 2",
        "awaiting a cancelled to_thread task raises CancelledError at once, though its "
        "thread runs on; a tokio JoinHandle of spawn_blocking waits for the end and "
        "returns the result",
    )
    ticks = asyncio.create_task(ticker())
    await asyncio.to_thread(blocking_io, "job 1", secs(1.0))
    await ticks

    job = asyncio.create_task(asyncio.to_thread(blocking_io, "job 2", secs(1.0)))
    await asyncio.sleep(secs(0.25))
    job.cancel()
    say("main: job 2 cancelled")
    try:
        await job
    except asyncio.CancelledError:
        say("main: awaiting job 2 raised CancelledError at once; its thread runs on")


if __name__ == "__main__":
    lesson.run(main)
