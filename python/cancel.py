"""cancel: stop a task, and what letting go does and does not stop (twin of examples-control cancel).

A task that would work 10 s, with a `finally` that cleans up; main sleeps 1 s,
calls `task.cancel()` and `await task`, which raises CancelledError. Then a second
task whose reference main lets go of, and a plain coroutine awaited under
`asyncio.timeout(1)`.

Where asyncio really differs: `task.cancel()` raises CancelledError inside the
task, at its await, so its `except CancelledError` block runs. tokio's `abort`
raises nothing: the task is dropped where it waits and only its `Drop` guards
run. The twin's `except` lines have no Rust counterpart, and it declares them.

A task main lets go of runs on in both, with one caveat here: the loop holds a
task only weakly, so a task that nothing else holds can be garbage-collected
mid-way ("Task was destroyed but it is pending!"; one waiting on a sleep is held
by the loop's timer, one waiting on a future nobody else holds is not). The
asyncio docs say to keep a reference: main keeps it in a set until it is done.
tokio's runtime owns a task whose handle is dropped. A coroutine awaited in
main's own task stops at its await when the timeout cancels main's task.

You will see task 1 cleaned up and cancelled at 1 s; task 2 finish at 2.5 s
though main let go of it at 1 s; future 3 stopped at 2 s.
"""

import asyncio

import lesson
from lesson import claim, difference, duration, say, secs


async def work(name, seconds):
    try:
        say(f"{name}: started, would take {duration(secs(seconds))}")
        await asyncio.sleep(secs(seconds))
        say(f"{name}: finished")
    except asyncio.CancelledError:
        say(f"{name}: CancelledError raised at its await")
        raise
    finally:
        say(f"{name}: cleanup")


running = set()  # the tasks main has let go of, held until they are done


async def main():
    claim(3.0, 3.0)
    for name in ("task 1", "future 3"):
        difference(
            f"{name}: CancelledError",
            "asyncio raises CancelledError inside the cancelled code, so its except runs; tokio drops it where it waits and only its Drop guards run",
        )
    task = asyncio.create_task(work("task 1", 10.0))
    await asyncio.sleep(secs(1.0))
    task.cancel()
    try:
        await task
    except asyncio.CancelledError:
        say("main: task 1 was cancelled")

    task = asyncio.create_task(work("task 2", 1.5))
    # The loop holds tasks only weakly: keep a reference until it is done, as the
    # asyncio docs say, or nothing may hold it (tokio's runtime owns its tasks).
    running.add(task)
    task.add_done_callback(running.discard)
    del task  # main lets go of its own name for it
    say("main: dropped the handle of task 2")
    try:
        # A plain coroutine runs inside main's own task; the timeout cancels it there.
        async with asyncio.timeout(secs(1.0)):
            await work("future 3", 10.0)
    except TimeoutError:
        say("main: future 3 was dropped")
    await asyncio.sleep(secs(1.0))
    say("main: returning")


if __name__ == "__main__":
    lesson.run(main)
