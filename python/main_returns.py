"""main-returns: a task still running when main returns (twin of examples-tasks main-returns).

main creates a task that would sleep 10 s, sleeps 1 s itself, and returns.
`asyncio.run` then cancels the task: `CancelledError` is raised inside it at its
`await`, so its `except` and `finally` blocks run, and may even await: asyncio.run
runs the loop until every cancelled task has finished.

Here asyncio really differs from tokio, which does less: its runtime drops the
task, no error is raised in it and no more of its code runs; only its `Drop`
guards clean up. So the last line differs, and the twin declares it.

You will see the task start, main return at 1 s, and the task cancelled right
after, without its `finished` line.
"""

import asyncio

import lesson
from lesson import claim, difference, say, secs


async def background():
    say("background: started")
    try:
        await asyncio.sleep(secs(10.0))
        say("background: finished")
    except asyncio.CancelledError:
        say("background: cancelled; CancelledError raised at its await, "
            "so its except and finally run")
        raise
    finally:
        # Cleanup may still await: asyncio.run goes on until the cancelled task is done.
        await asyncio.sleep(0)
        say("background: cancelled; its finally awaited once more, then the task ended")


async def main():
    claim(1.0, 1.0)
    difference(
        "background: cancelled",
        "asyncio.run cancels a task still running when main returns: CancelledError "
        "at its await, its except and finally run and may await",
    )
    difference(
        "background: dropped",
        "tokio drops a task still running when main returns: no error in it, "
        "no more of its code runs, only its Drop guards",
    )
    # Keep a reference (the loop holds tasks only weakly), but never await it.
    task = asyncio.create_task(background())
    await asyncio.sleep(secs(1.0))
    say("main: returning")


if __name__ == "__main__":
    lesson.run(main)
