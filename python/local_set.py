"""local-set: tasks that share plain state, on one thread (twin of examples-rust local-set).

Three workers append to one list as they finish (0.25, 0.5, 0.75 s), with no
lock: every asyncio task runs on the loop's thread, which is what tokio's
`LocalSet` gives tasks that hold an `Rc<RefCell<..>>`. Then a ticker ticks every
0.25 s while main waits 0.6 s, then 0.5 s more. The loop runs every task whenever
main waits; a `LocalSet` runs its tasks only while it is driven, so in the Rust
lesson the ticks due while main waits outside it, at 1.5 and 1.75 s, come late,
at 1.85 and 2.1 s.

You will see the workers' list grow at 0.25, 0.5, 0.75 s, ticks at 1.0, 1.25,
1.5 and 1.75 s, and main wait from 1.35 s to 1.85 s.
"""

import asyncio

import lesson
from lesson import claim, difference, duration, say, secs


async def worker(id, log):
    await asyncio.sleep(secs(0.25 * id))
    log.append(id)
    say(f"worker {id}: log {log}")


async def ticker():
    for n in range(1, 5):
        await asyncio.sleep(secs(0.25))
        say(f"tick {n}")


async def main():
    claim(0.75 + 1.1, 1.5 + 1.1 + 1.0)
    why = "a LocalSet runs its tasks only while it is driven: tokio's tick waits for main to come back"
    difference("tick 3", why)
    difference("tick 4", why)
    log = []
    await asyncio.gather(*(worker(id, log) for id in range(1, 4)))

    ticks = asyncio.create_task(ticker())
    await asyncio.sleep(secs(0.6))
    say(f"main: waits {duration(secs(0.5))}")
    await asyncio.sleep(secs(0.5))  # the ticker goes on meanwhile: the loop runs every task
    say("main: back")
    await ticks


if __name__ == "__main__":
    lesson.run(main)
