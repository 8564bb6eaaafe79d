"""semaphore: 10 jobs, never more than 3 at once (twin of examples-sync semaphore).

`sem = asyncio.Semaphore(3)` and 10 tasks that each run a 1 s job inside
`async with sem:`, counting the jobs running as they start. (The Rust lesson
waits for a permit before it spawns each job and moves the permit into the
task; here all 10 tasks exist from the start and 7 wait in `async with`.)

You will see jobs start three at a time at 0, 1 and 2 s, job 9 alone at 3 s,
never more than 3 running, and the last done at 4 s.
"""

import asyncio

import lesson
from lesson import claim, say, secs

running = 0


async def job(id, sem):
    global running
    async with sem:
        running += 1
        say(f"job {id} starts, {running} running")
        await asyncio.sleep(secs(1.0))
        running -= 1
        say(f"job {id} done")


async def main():
    claim(4.0, 10.0)
    sem = asyncio.Semaphore(3)
    await asyncio.gather(*(job(id, sem) for id in range(10)))


if __name__ == "__main__":
    lesson.run(main)
