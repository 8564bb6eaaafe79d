"""gather-random: ten random delays, gathered (twin of examples-tasks gather-random).

`my_task(id)` draws `process_length = random.randint(1, 5)`, sleeps that long and
prints its id and the wait; ten of them are gathered. The run ends "just above 5
seconds" although the waits add up to about 30.

The tasks finish in the order of their delays, not of their ids, and the whole
takes the longest delay. Python cannot draw the Rust lesson's numbers from the
same seed, so to replay a Rust run give its seed and delays:
`--seed 7 --delays 1,2,1,3,2,5,1,2,1,4`. Without --delays the ten are drawn from
random.Random(seed), the seed itself drawn when not given, and printed.

You will see the seed and the ten delays, then ten `task <id> waited <n>s` lines
in the order of the waits, over about 5 s.
"""

import asyncio
import random

import lesson
from lesson import claim, duration, say, secs


async def my_task(id, process_length):
    wait = secs(process_length)
    await asyncio.sleep(wait)
    say(f"task {id} waited {duration(wait)}")


async def main(args):
    # A new seed each run, printed, so that any run can be replayed with --seed.
    seed = args.seed if args.seed is not None else random.randrange(1_000_000)
    rng = random.Random(seed)
    delays = args.delays or [rng.randint(1, 5) for _ in range(10)]
    claim(max(delays), sum(delays))
    say(f"seed {seed}: delays {delays}")
    await asyncio.gather(*[my_task(id, delay) for id, delay in enumerate(delays)])


if __name__ == "__main__":
    lesson.run(main, options=["delays"])
