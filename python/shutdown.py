"""shutdown: on Ctrl-C, take no new work, let the work in flight finish (twin of examples-control shutdown).

A server loop that starts a job every 0.6 s; jobs take 1.2 s, every other one 4 s.
`loop.add_signal_handler(SIGINT, stop.set)` makes Ctrl-C set the `stop` event
instead of raising KeyboardInterrupt; when it is set, the server loop ends,
`asyncio.wait(jobs, timeout=1)` gives the jobs in flight 1 s to finish, and main
returns, which makes asyncio.run cancel the rest (their `finally` blocks run).
A second Ctrl-C during that wait exits at once, with status 130.

It runs unattended: a stand-in for Ctrl-C comes after 1 s (a real Ctrl-C still
works). The Rust lesson's `CancellationToken` is the event, its `TaskTracker` the
set of jobs in flight.

You will see two jobs start, the stop at 1 s, job 1 finish at 1.2 s, and at 2 s
job 2 given up on and cancelled; the program exits with status 0.
"""

import asyncio
import os
import signal

import lesson
from lesson import claim, duration, say, secs


async def job(id, seconds):
    try:
        say(f"job {id}: started, takes {duration(secs(seconds))}")
        await asyncio.sleep(secs(seconds))
        say(f"job {id}: done")
    finally:
        say(f"job {id}: cleanup")


async def serve(stop, jobs):
    """A new job every 0.6 s, until `stop` is set."""
    id = 1
    while not stop.is_set():
        task = asyncio.create_task(job(id, 1.2 if id % 2 == 1 else 4.0))
        jobs.add(task)
        task.add_done_callback(jobs.discard)
        id += 1
        try:
            await asyncio.wait_for(stop.wait(), secs(0.6))
        except TimeoutError:
            pass


def exit_at_once():
    say("main: a second Ctrl-C: exiting at once")
    os._exit(130)


async def main():
    claim(2.0, 2.0)
    loop = asyncio.get_running_loop()
    stop, jobs = asyncio.Event(), set()
    loop.add_signal_handler(signal.SIGINT, stop.set)
    server = asyncio.create_task(serve(stop, jobs))
    say(f"main: serving; unattended, a stand-in for Ctrl-C comes after {duration(secs(1.0))}")
    try:
        await asyncio.wait_for(stop.wait(), secs(1.0))
    except TimeoutError:
        stop.set()
    await server
    say(f"main: stopping with {len(jobs)} in flight; waiting up to {duration(secs(1.0))}")
    loop.add_signal_handler(signal.SIGINT, exit_at_once)
    _, pending = await asyncio.wait(jobs, timeout=secs(1.0))
    if pending:
        say(f"main: {len(pending)} still running at the deadline; dropped as main returns")
    else:
        say("main: every job finished")


if __name__ == "__main__":
    lesson.run(main)
