"""borrow-locals: every coroutine and task reads main's local (twin of examples-rust borrow-locals).

main holds a sentence in a local and counts three words in it, each count a
coroutine that waits 0.75, 0.25 or 0.5 s first: two at once with `gather`, all
three with `gather`, all three with `as_completed`, and all three as tasks from
`create_task`. Every one reads main's `text` as it is: a coroutine holds a
reference to the string, which lives as long as anything refers to it. The Rust
lesson may lend `&text` to join!, join_all and FuturesUnordered, which run in
main's task; its spawned tasks must own an `Arc` of it.

You will see both counts of the first gather at 0.75 s, the three of the second
in argument order at 1.5 s, as_completed's as they finish (at, on, the), and the
tasks' at 3 s.
"""

import asyncio

import lesson
from lesson import claim, say, secs


async def count(text, word, seconds):
    await asyncio.sleep(secs(seconds))
    return f"{word} {text.count(word)}"


async def main():
    claim(4.0 * 0.75, 0.75 + 0.25 + 3.0 * 1.5)
    text = "the cat sat on the mat with the hat"
    words = [("the", 0.75), ("at", 0.25), ("on", 0.5)]

    the, at = await asyncio.gather(count(text, "the", 0.75), count(text, "at", 0.25))
    say(f"join!: {the}, {at}")

    counts = await asyncio.gather(*(count(text, word, seconds) for word, seconds in words))
    say(f"join_all: {', '.join(counts)}")

    seen = []
    for counted in asyncio.as_completed([count(text, word, seconds) for word, seconds in words]):
        seen.append(await counted)
        say(f"FuturesUnordered: {', '.join(seen)}")

    tasks = [asyncio.create_task(count(text, word, seconds)) for word, seconds in words]
    counts = [await task for task in tasks]
    say(f"spawn: {', '.join(counts)}")


if __name__ == "__main__":
    lesson.run(main)
