"""send-static: the same program, where asyncio asks nothing (twin of examples-rust send-static).

main names a report and a task writes it while main goes on with the name; then
three tasks count their visits in a shared counter and append to a shared log
under an `asyncio.Lock` held across a sleep. Nothing here is copied, cloned or
wrapped: every task runs on the loop's one thread, so nothing is ever sent to
another, and a task keeps what it uses alive by holding a reference to it (CPython
frees a value when its last reference goes). The Rust lesson needs a clone and
`move` for the name, `Arc` for the shared values and a guard dropped before its
`.await`; without them it does not compile.

You will see main still use the name at 0 s, the report written at 0.5 s, the
visits counted 1, 2, 3 at once, and the log grow one entry every 0.25 s: at
0.75, 1.0 and 1.25 s, as each task waits for the lock the one before holds.
"""

import asyncio

import lesson
from lesson import claim, say, secs


async def main():
    claim(0.5 + 0.75, 0.5 + 0.75)
    report = "report.txt"

    async def write():
        await asyncio.sleep(secs(0.5))
        say(f"writer: wrote {report}")  # main's own variable: the closure refers to it

    writer = asyncio.create_task(write())
    say(f"main: still has {report}")
    await writer

    visits = 0
    log, lock = [], asyncio.Lock()

    async def task(id):
        nonlocal visits
        visits += 1  # no lock needed: no other task runs until this one awaits
        say(f"task {id}: visit {visits}")
        async with lock:  # held across the sleep: the others wait their turn
            await asyncio.sleep(secs(0.25))
            log.append(id)
            say(f"task {id}: log {log}")

    await asyncio.gather(*(task(id) for id in range(1, 4)))


if __name__ == "__main__":
    lesson.run(main)
