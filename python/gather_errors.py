"""gather-errors: the first error, or every outcome (twin of examples-control gather-errors).

Children of 1, 2 and 3 s, the 2 s one raising. First `await asyncio.gather(...)`,
which raises the first error at 2 s; then `await asyncio.gather(...,
return_exceptions=True)` over three fresh children, which returns every outcome,
the error among them, at the end.

Where asyncio really differs: plain `gather` raises the first error and leaves the
other children running. Child 3 finishes at 3 s, after main has had the error.
The Rust lesson's `try_join_all` drops them with the error: its child 3 is
cleaned up at 2 s. The twin declares it.

`return_exceptions=True` behaves as the Rust `join_all` over `Result`s: it waits
for all and gives each outcome, value or exception, in argument order.

You will see main get the first error at 2 s while child 3 runs on to 3 s, then
all three outcomes of the second gather at 5 s.
"""

import asyncio

import lesson
from lesson import claim, difference, duration, say, secs


async def child(id, seconds, fails):
    try:
        say(f"child {id}: started, takes {duration(secs(seconds))}")
        await asyncio.sleep(secs(seconds))
        if fails:
            raise ValueError(f"child {id} failed")
        say(f"child {id}: done")
        return f"child {id} ok"
    finally:
        say(f"child {id}: cleanup")


async def main():
    claim(5.0, 5.0)
    difference(
        "child 3: ",
        "gather raises the first error and leaves child 3 running to its end; try_join_all drops it with the error",
    )
    try:
        await asyncio.gather(child(1, 1.0, False), child(2, 2.0, True), child(3, 3.0, False))
    except ValueError as err:
        say(f"main: first error: {err}")

    outcomes = await asyncio.gather(
        child(4, 1.0, False), child(5, 2.0, True), child(6, 3.0, False), return_exceptions=True
    )
    texts = [o if isinstance(o, str) else f"error: {o}" for o in outcomes]
    say(f"main: all outcomes: {', '.join(texts)}")


if __name__ == "__main__":
    lesson.run(main)
