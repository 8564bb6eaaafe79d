"""job-queue: 3 workers share one queue of 12 jobs (twin of examples-sync job-queue).

An `asyncio.Queue` holding 12 jobs of 0.5 s and three workers that loop on
`await queue.get()`, do the job and call `queue.task_done()`; main awaits
`queue.join()`, then cancels the workers.

Where asyncio really differs: how "all jobs are done" is written. Before Python
3.13 (which added `Queue.shutdown()`) an asyncio queue cannot be closed, so
`join()` counts `task_done()` calls, and the workers, still waiting in `get()`,
are cancelled. The Rust lesson closes its channel instead: each worker's loop
ends when it is empty, and main awaits the workers.

You will see three jobs done every 0.5 s, all 12 by 2 s, and each worker
cancelled after main's last line.
"""

import asyncio

import lesson
from lesson import claim, difference, say, secs


async def worker(id, queue):
    say(f"worker {id} starts")
    try:
        while True:
            job = await queue.get()
            await asyncio.sleep(secs(0.5))
            say(f"worker {id}: job {job} done")
            queue.task_done()
    except asyncio.CancelledError:
        say(f"end of worker {id}: cancelled in queue.get(), which never ends by itself")
        raise


async def main():
    claim(2.0, 12 * 0.5)
    difference(
        "end of worker",
        "an asyncio queue cannot be closed before Python 3.13: join() counts task_done() calls and the idle workers are cancelled; a tokio channel closes when its senders are dropped, and each worker returns on its own",
    )
    queue = asyncio.Queue()
    for job in range(12):
        queue.put_nowait(job)
    say("main: 12 jobs queued for 3 workers")
    workers = [asyncio.create_task(worker(id, queue)) for id in (1, 2, 3)]
    await queue.join()
    say("main: all 12 jobs done")
    for task in workers:
        task.cancel()
    await asyncio.gather(*workers, return_exceptions=True)


if __name__ == "__main__":
    lesson.run(main)
