"""tracing: which task logged a line, and which one blocks (twin of examples-rust tracing).

Two jobs as tasks named `job{id=1}` and `job{id=2}` (as tracing writes a span),
whose `logging` lines carry the task's name: a filter adds it (Python 3.12 adds
`%(taskName)s` by itself). Job 2 has a slow step: 0.15 s of blocking work with
no `await`. Debug mode (`PYTHONASYNCIODEBUG=1`, `asyncio.run(..., debug=True)`,
or `loop.set_debug(True)` as here) makes the loop log a warning for each step
that holds it longer than `loop.slow_callback_duration` (0.1 s; scaled here with
the rest): "Executing <Task pending name='job{id=2}' coro=<job() running at
...> ...> took 0.150 seconds", shortened below to the task's name and the time.
The Rust lesson has no such warning: its spans report how long each was busy.

You will see both jobs start at 0 s, job 2's slow step at 0.25 s and the loop's
warning as it ends, job 1 done at 0.5 s, job 2 at 1.0 s.
"""

import asyncio
import logging
import re
import time

import lesson
from lesson import claim, difference, duration, say, secs


class TaskName(logging.Filter):
    """Adds the running task's name to each record: `%(task)s`."""

    def filter(self, record):
        try:
            task = asyncio.current_task()
        except RuntimeError:  # no running loop
            task = None
        record.task = task.get_name() if task else "-"  # "-": the loop's own code
        return True


class Say(logging.Handler):
    """Each record through `say`: stamped with the lesson's time."""

    def emit(self, record):
        if record.name == "asyncio":  # the slow-step warning: the task's name and the time
            name = re.search(r"name='([^']*)'", record.getMessage())
            say(f"asyncio: {name[1] if name else '?'} took {record.args[-1]:.3f} seconds")
        else:
            say(self.format(record))


log = logging.getLogger("jobs")


async def job(work, slow):
    end = asyncio.get_running_loop().time() + secs(work)
    log.info("started")
    if slow:
        await asyncio.sleep(secs(0.25))
        log.info(f"a slow step, {duration(secs(0.15))} without an .await")
        time.sleep(secs(0.15))  # blocking, on purpose: the loop is held
    await asyncio.sleep(end - asyncio.get_running_loop().time())
    log.info("done")


async def main():
    claim(1.0, 1.5)
    difference("asyncio: ", "asyncio's debug mode warns of a slow step; tokio has no such warning")
    difference("job{id=1}: close", "tracing's span reports its busy and idle time as it closes; logging has no spans")
    difference("job{id=2}: close", "tracing's span reports its busy and idle time as it closes; logging has no spans")
    handler = Say()
    handler.setFormatter(logging.Formatter("%(task)s: %(message)s"))
    handler.addFilter(TaskName())
    logging.basicConfig(level=logging.INFO, handlers=[handler])
    loop = asyncio.get_running_loop()
    loop.set_debug(True)
    loop.slow_callback_duration = secs(0.1)
    jobs = [asyncio.create_task(job(work, slow), name=f"job{{id={id}}}")
            for id, work, slow in [(1, 0.5, False), (2, 1.0, True)]]
    await asyncio.gather(*jobs)


if __name__ == "__main__":
    lesson.run(main)
