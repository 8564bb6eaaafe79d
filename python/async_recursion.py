"""async-recursion: a coroutine that awaits itself, as any function calls itself (twin of examples-rust async-recursion).

`walk(path, depth)` reads a directory (0.25 s) and walks its two subdirectories,
to a depth of 2: once one after the other (`await walk(..)` in a loop), once at
once (`asyncio.gather`), each walk counting the leaves. It just works: each call
makes a coroutine object of its own, on the heap (down to the recursion limit: a
chain of 1,000 awaits raises RecursionError on Python 3.11, as plain calls do).
The Rust lesson's `async fn` is one state machine holding what it awaits, so a
call to itself needs a box between (`Box::pin`), or a `Vec` as `join_all` keeps.

You will see the first walk read the seven directories depth first, one every
0.25 s, 4 leaves at 1.75 s; the second read them level by level, all seven in
0.75 s, 4 leaves at 2.5 s.
"""

import asyncio

import lesson
from lesson import claim, say, secs

NAMES = ("a", "b")


async def walk(path, depth):
    say(f"reading {path}")
    await asyncio.sleep(secs(0.25))
    if depth == 0:
        return 1
    leaves = 0
    for name in NAMES:
        leaves += await walk(f"{path}{name}/", depth - 1)
    return leaves


async def walk_at_once(path, depth):
    say(f"reading {path}")
    await asyncio.sleep(secs(0.25))
    if depth == 0:
        return 1
    return sum(await asyncio.gather(*(walk_at_once(f"{path}{name}/", depth - 1) for name in NAMES)))


async def main():
    claim(7.0 * 0.25 + 3.0 * 0.25, 2.0 * 7.0 * 0.25)
    leaves = await walk("/", 2)
    say(f"one after the other: {leaves} leaves")
    leaves = await walk_at_once("/", 2)
    say(f"at once: {leaves} leaves")


if __name__ == "__main__":
    lesson.run(main)
