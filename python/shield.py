"""shield: stop waiting, without stopping the work (twin of examples-control shield).

`task = asyncio.create_task(save())`, a job of 2 s; `await asyncio.wait_for(
asyncio.shield(task), 1)`, which times out at 1 s and cancels only the shield,
not the task; later, `await task` for its result.

The Rust lesson needs no shield: it times out on the task's `JoinHandle`, and a
task runs on when the wait for it is given up.

You will see the job start, main stop waiting at 1 s while the job goes on, and
the job's result at 2 s.
"""

import asyncio

import lesson
from lesson import claim, duration, say, secs


async def save():
    say(f"job: started, takes {duration(secs(2.0))}")
    await asyncio.sleep(secs(2.0))
    say("job: done")
    return "saved"


async def main():
    claim(2.0, 2.0)
    job = asyncio.create_task(save())
    try:
        await asyncio.wait_for(asyncio.shield(job), secs(1.0))
    except TimeoutError:
        say(f"main: no result after {duration(secs(1.0))}; the job goes on")
    result = await job
    say(f"main: the job returned {result}")


if __name__ == "__main__":
    lesson.run(main)
