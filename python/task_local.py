"""task-local: a request id in a ContextVar (twin of examples-rust task-local).

A request id in a `contextvars.ContextVar`, set by main and read deep in the
calls (by `log`) with no parameter passed. `create_task` copies the current
context into the new task, so both tasks main creates see the value: the first
is where tokio differs, as `tokio::spawn` does not carry a task-local, and the
lesson's task sees none until it is scoped again (the second). Then main sets 8
for one call with `set`, and `reset` brings 7 back.

You will see request 7 in main and in both tasks, 8 in the nested call, and 7 in
main again, at 0.25 s steps.
"""

import asyncio
from contextvars import ContextVar

import lesson
from lesson import claim, difference, say, secs

REQUEST = ContextVar("request")


def log(what):
    """Deep in the calls: reads the request id without being handed it."""
    id = REQUEST.get(None)
    say(f"{what}: request {id}" if id is not None else f"{what}: no request id")


async def child(what):
    await asyncio.sleep(secs(0.25))
    log(what)


async def main():
    claim(1.0, 1.0)
    difference("spawned: ", "create_task copies the context into the task; tokio::spawn carries no task-local")
    REQUEST.set(7)
    log("main")
    await asyncio.create_task(child("spawned"))  # a copy of main's context: request 7
    await asyncio.create_task(child("spawned, scoped"))
    token = REQUEST.set(8)  # for this call only
    try:
        await child("nested scope")
    finally:
        REQUEST.reset(token)
    await child("main again")


if __name__ == "__main__":
    lesson.run(main)
