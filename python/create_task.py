"""create-task: a task runs while its creator does something else (twin of examples-tasks create-task).

`task = asyncio.create_task(hello())`, half a second of main's own work, then
`await task`. The Rust twin of `create_task` is `tokio::spawn`.

The task does not run inside `create_task`: it starts at main's next `await`
that suspends (awaiting a coroutine that never waits gives nothing up), and from
then on takes turns with main.

You will see main create the task and go on, the task say `Hello` only once main
waits, main await the task at 0.5 s, and the task finish at 1 s.
"""

import asyncio

import lesson
from lesson import claim, say, secs


async def hello():
    say("task: Hello")
    await asyncio.sleep(secs(1.0))
    say("task: World")
    return "done"


async def main():
    claim(1.0, 1.0)
    say("main: creating the task")
    # From here on the loop drives the task by itself.
    task = asyncio.create_task(hello())
    # Nothing of it has run yet: it starts at main's next await that suspends.
    say("main: task created; it starts when main next waits")
    # Half a second of main's own work; the task runs meanwhile.
    await asyncio.sleep(secs(0.5))
    say("main: awaiting the task")
    outcome = await task
    say(f'main: the task returned "{outcome}"')


if __name__ == "__main__":
    lesson.run(main)
