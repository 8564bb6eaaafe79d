"""retry: exponential backoff, jitter and one deadline (twin of examples-streams retry).

A loop of attempts at three paths of a service (each attempt a 0.1 s round trip),
`await asyncio.sleep(backoff)` between them, inside `async with
asyncio.timeout(1.5)`. `/flaky` refuses twice, then answers; `/missing` is a 404,
not retried; `/down` refuses every time, until the deadline.

The waits are 0.2 s doubled, plus up to a quarter more at random, drawn once
from random.Random(seed) (the seed drawn when not given, and printed). Python
cannot draw the Rust lesson's numbers from the same seed, so to replay a Rust
run give its seed and its waits in ms: `--seed 7 --delays 201,431,828,1817`
(`cargo xtask compare retry` does).

You will see the seed and the waits in ms; `/flaky` answered at its third
attempt, `/missing` not retried, `/down` given up 1.5 s after its first attempt,
in the middle of its third wait.
"""

import asyncio
import os
import random
import sys

import lesson
from lesson import claim, duration, say, secs


class NotFound(Exception):
    pass


async def get(path, attempt):
    """One attempt at the service: a round trip of 0.1 s."""
    await asyncio.sleep(secs(0.1))
    if path == "/flaky" and attempt == 3:
        return "200 OK"
    if path in ("/flaky", "/down"):
        raise ConnectionRefusedError
    raise NotFound


async def get_with_retry(path, waits):
    attempt = 1
    while True:
        say(f"{path}: attempt {attempt}")
        try:
            return await get(path, attempt)
        except ConnectionRefusedError:  # another try may help: a 404 would not
            if attempt > len(waits):
                raise
            wait = waits[attempt - 1]
            say(f"{path}: ConnectionRefused, retry in {duration(wait)}")
            await asyncio.sleep(wait)
            attempt += 1


async def main(args):
    seed = args.seed if args.seed is not None else random.randrange(1_000_000)
    rng = random.Random(seed)
    waits_ms = args.delays or [ms + rng.randint(0, ms // 4) for ms in [200, 400, 800, 1600]]
    if len(waits_ms) != 4:
        print(f"{os.path.basename(sys.argv[0])}: --delays takes the 4 waits of a Rust run, "
              f"in ms, got {len(waits_ms)} (see --help)", file=sys.stderr)
        sys.exit(2)
    ideal = 0.3 + (waits_ms[0] + waits_ms[1]) / 1000 + 0.1 + 1.5
    claim(ideal, ideal)
    say(f"seed {seed}: delays {waits_ms}")
    waits = [secs(ms / 1000) for ms in waits_ms]
    for path in ["/flaky", "/missing", "/down"]:
        try:
            async with asyncio.timeout(secs(1.5)):  # one deadline over every attempt and wait
                say(f"{path}: {await get_with_retry(path, waits)}")
        except NotFound:
            say(f"{path}: NotFound, not retried")
        except TimeoutError:
            say(f"{path}: gave up at the deadline")


if __name__ == "__main__":
    lesson.run(main, options=["delays"])
