"""testing: your own async code and its tests (twin of examples-rust testing).

`ask(peer, patience)`, your own code, gives up on a peer that does not answer in
time. main asks a peer that answers in 0.5 s and one that never does, with 1 s
of patience. Below it, its tests: an `IsolatedAsyncioTestCase`, which runs each
test on a new event loop (in debug mode), on the real clock. Run them with
`cd python && python3 -m unittest testing -v`. A test of an hour's patience would
take an hour: asyncio has no public fake clock (CPython's own tests use
`test.test_asyncio.utils.TestLoop`, not a public API), so these make the patience
a parameter and pass a short one. The Rust lesson's tests pass an hour, on
tokio's paused clock, and take microseconds.

You will see the quick peer answer at 0.5 s, and main give up on the silent one
at 1.5 s, after 1 s of patience.
"""

import asyncio
import time
import unittest

import lesson
from lesson import claim, duration, say, secs


async def ask(peer, patience):
    """Your own code: the peer's answer; TimeoutError after `patience` seconds."""
    async with asyncio.timeout(patience):
        return await peer


async def peer(answers_after):
    await asyncio.sleep(answers_after)
    return "pong"


async def silent():
    await asyncio.Future()  # never answers


async def main():
    claim(0.5 + 1.0, 0.5 + 1.0)
    say(f"quick peer: {await ask(peer(secs(0.5)), secs(1.0))}")
    try:
        await ask(silent(), secs(1.0))
    except TimeoutError:
        say(f"silent peer: no answer in {duration(secs(1.0))}")


class AskTest(unittest.IsolatedAsyncioTestCase):
    async def test_gives_up_after_its_patience(self):
        start = time.monotonic()
        with self.assertRaises(TimeoutError):
            await ask(silent(), 0.05)  # not an hour: the clock here is the real one
        self.assertGreaterEqual(time.monotonic() - start, 0.05)

    async def test_an_answer_in_time(self):
        self.assertEqual(await ask(peer(0.01), 0.05), "pong")


if __name__ == "__main__":
    lesson.run(main)
