"""stuck-task: a task that waits for ever, and a watchdog that finds it (twin of examples-rust stuck-task).

A producer puts two jobs on a queue and ends, forgetting the `None` that would
tell the consumer to stop; the consumer waits on `queue.get()` for ever. Its own
`asyncio.timeout` of 0.75 s around that `get` says where it waits (Python 3.11's
`wait_for` would run the `get` in a task of its own, counted below). A watchdog in main
lists `asyncio.all_tasks()` once the producer is done, prints the consumer's
stack with `task.print_stack()` (on stderr; `get_stack()` gives the line, said
on stdout), gives it 1 s more, then cancels it. The Rust lesson's bug is a
Sender main keeps, so the channel never closes; tokio counts the alive tasks,
but says where one waits only in a task dump, behind `--cfg tokio_unstable`.

You will see two jobs consumed at 0.25 and 0.5 s, the producer end at 0.75 s
with one task still alive, the consumer say where it waits at 1.25 s, and the
watchdog stop it at 1.75 s, when no task is left.
"""

import asyncio
import sys

import lesson
from lesson import claim, difference, say, secs


async def consumer(jobs):
    say("consumer: waiting for jobs")
    while True:
        try:  # the suspect await, under a timeout that names it: it warns, and waits on
            async with asyncio.timeout(secs(0.75)):  # no task of its own, as wait_for makes
                job = await jobs.get()
        except TimeoutError:
            say("consumer: no job for 0.75s at jobs.get(); still waiting")
            continue
        if job is None:  # the end of the jobs, had the producer said so
            break
        say(f"consumer: got {job}")


async def producer(jobs):
    for n in (1, 2):
        await asyncio.sleep(secs(0.25))
        await jobs.put(f"job {n}")
    await asyncio.sleep(secs(0.25))
    say("producer: done")  # the bug: no `await jobs.put(None)`


def others():
    """The tasks alive, main's own left out (tokio's count holds no main task)."""
    return asyncio.all_tasks() - {asyncio.current_task()}


async def main():
    claim(1.75, 1.75)
    difference("consumer: no job for 0.75s at", "the await it names: a queue's get(), a "
               "channel's recv()")
    difference("watchdog: consumer waits at", "get_stack() shows where a task waits; tokio "
               "shows it only in a task dump (--cfg tokio_unstable)")
    jobs = asyncio.Queue(8)
    waiting = asyncio.create_task(consumer(jobs))
    await asyncio.create_task(producer(jobs))

    say(f"watchdog: producer ended; tasks alive: {len(others())}")
    for task in others():
        # The frame it waits in, its file and line. file= given: without it, 3.11 prints
        # the "Stack for" line on stdout and the frames on stderr.
        task.print_stack(file=sys.stderr)
        frame = task.get_stack()[-1]
        say(f"watchdog: consumer waits at line {frame.f_lineno}, in {frame.f_code.co_name}()")
    done, _ = await asyncio.wait({waiting}, timeout=secs(1.0))
    if not done:
        say("watchdog: consumer still running 1s after the producer: stopping it")
        waiting.cancel()
    await asyncio.gather(waiting, return_exceptions=True)  # its end, or its CancelledError
    say(f"watchdog: tasks alive: {len(others())}")


if __name__ == "__main__":
    lesson.run(main)
