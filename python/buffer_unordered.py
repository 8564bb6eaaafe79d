"""buffer-unordered: 10 jobs, 3 at a time (twin of examples-streams buffer-unordered).

10 jobs (job 0 takes 1 s, the others 0.2 to 0.5 s), each inside `async with
Semaphore(3)`, read with `as_completed`; then the same 10 in order, by hand: a
window of 3 tasks, a new one started as the oldest is taken. That is what Rust's
`buffered(3)` does; `gather` under the semaphore would give the results in order
too, but start a job as soon as any ends (1.5 s, not 2.0 s).

Here every job is a task (`create_task` makes them); the Rust
lesson spawns none: its stream polls the jobs itself, in main's task.

You will see at most 3 jobs at once: jobs 3 to 7 started while job 0 runs (job
8 as it ends, 1.0 s in), results in the order they come (1, 2, 3, 5, 4, 0, ...);
then, in order, jobs 3 to 5 started only when job 0 is done, 1.0 s in: 1.5 s +
2.0 s.
"""

import asyncio
from collections import deque

import lesson
from lesson import claim, say, secs

TAKES = [1.0, 0.2, 0.4, 0.3, 0.5, 0.2, 0.4, 0.3, 0.5, 0.2]  # seconds; job 0 is the slow one
running = {"now": 0, "most": 0}  # how many jobs run now, and the most at once


async def job(id):
    say(f"job {id} starts")
    running["now"] += 1
    running["most"] = max(running["most"], running["now"])
    await asyncio.sleep(secs(TAKES[id]))
    running["now"] -= 1
    return id


async def bounded(sem, id):
    async with sem:
        return await job(id)


async def main():
    claim(1.5 + 2.0, 2.0 * 4.0)
    lesson.difference("main: got job ", "a job that ends releases the semaphore, and the next "
                      "job starts before main takes its result; buffer_unordered starts the next "
                      "job only when main asks the stream for its next output")
    say("buffer_unordered(3): as they come")
    sem = asyncio.Semaphore(3)
    # Tasks made here, in order: as_completed would make them from a set, in any order.
    jobs = [asyncio.create_task(bounded(sem, id)) for id in range(10)]
    for done in asyncio.as_completed(jobs):
        say(f"main: got job {await done}")
    say(f"main: at most {running['most']} jobs ran at once")

    say("buffered(3): in order")
    running["most"] = 0
    window = deque()
    for id in range(10):
        window.append(asyncio.create_task(job(id)))
        if len(window) == 3:  # full: take the oldest before starting another
            say(f"main: got job {await window.popleft()}")
    while window:
        say(f"main: got job {await window.popleft()}")
    say(f"main: at most {running['most']} jobs ran at once")


if __name__ == "__main__":
    lesson.run(main)
