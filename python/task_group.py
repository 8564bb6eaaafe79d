"""task-group: one child fails, the others are cancelled (twin of examples-control task-group).

`async with asyncio.TaskGroup() as tg:` with three children of 1, 2 and 3 s, the
first of which raises. The group cancels the other two, waits for their `finally`
blocks, and raises the error to main in an ExceptionGroup.

The Rust lesson does the same with a `JoinSet`: on the first error, `abort_all()`,
then it collects the aborted children before main goes on.

You will see the three children start, child 1 fail at 1 s, children 2 and 3
cleaned up at 1 s, and main report the failure at 1 s, not 3.
"""

import asyncio

import lesson
from lesson import claim, duration, say, secs


async def child(id, seconds, fails):
    try:
        say(f"child {id}: started, takes {duration(secs(seconds))}")
        await asyncio.sleep(secs(seconds))
        if fails:
            raise ValueError(f"child {id} failed")
        say(f"child {id}: done")
        return id
    finally:
        say(f"child {id}: cleanup")


async def main():
    claim(1.0, 1.0)
    lesson.difference("child 2: cleanup", "TaskGroup keeps its tasks in a set and cancels them "
                      "in the set's order, which follows the tasks' hashes: children 2 and 3 "
                      "clean up in either order; tokio's JoinSet aborts them in its own order")
    lesson.difference("child 3: cleanup", "(as for child 2)")
    try:
        async with asyncio.TaskGroup() as group:
            for id, seconds, fails in ((1, 1.0, True), (2, 2.0, False), (3, 3.0, False)):
                group.create_task(child(id, seconds, fails))
        say("main: every child succeeded")
    except* ValueError as failed:
        say(f"main: the group failed: {failed.exceptions[0]}")


if __name__ == "__main__":
    lesson.run(main)
