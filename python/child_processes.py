"""child-processes: three programs at once, their output read as they run (twin of examples-io child-processes).

Three `asyncio.create_subprocess_exec(..., stdout=PIPE)` children that sleep 1, 2
and 3 s and print a line, each awaited with `proc.communicate()`, which reads the
child's stdout as it comes and waits for its exit; gathered. A fourth, of 10 s,
is killed with `proc.kill()` once the three are done. (The Rust lesson sets
`kill_on_drop(true)` and just drops it.)

The children are small Python programs (`python3 -S -c ...`, -S to skip the site
imports and start sooner); the Rust lesson runs itself as its children.

You will see the children end at 1, 2 and 3 s, each with its line, and the
fourth killed at 3 s with nothing printed: 3 s, not the 6 s of one by one.
"""

import asyncio
import sys
from asyncio.subprocess import PIPE

import lesson
from lesson import claim, duration, say, secs

# A child: sleep SECONDS, say so, exit.
CHILD = "import sys, time; time.sleep(float(sys.argv[2])); print(f'child {sys.argv[1]} done')"


async def start(id, seconds):
    return await asyncio.create_subprocess_exec(
        sys.executable, "-S", "-c", CHILD, str(id), str(secs(seconds)), stdout=PIPE)


async def run(id, seconds):
    proc = await start(id, seconds)
    try:
        printed, _ = await proc.communicate()
    finally:
        if proc.returncode is None:  # cancelled (Ctrl-C, say): the child goes too,
            proc.kill()  # as the Rust lesson's kill_on_drop(true) does
    if proc.returncode != 0:
        raise lesson.Failed(f"child {id} failed: exit status: {proc.returncode}")
    say(f'child {id} exited (exit status: {proc.returncode}), printed "{printed.decode().strip()}"')


async def main():
    claim(3.0, 1.0 + 2.0 + 3.0)
    one, two, three, ten = (duration(secs(s)) for s in (1.0, 2.0, 3.0, 10.0))
    say(f"starting children 1, 2, 3 of {one}, {two}, {three}, and child 4 of {ten}")
    slow = await start(4, 10.0)
    try:
        # The three at once: `gather` of their `communicate()`s.
        await asyncio.gather(*(run(id, s) for id, s in [(1, 1.0), (2, 2.0), (3, 3.0)]))
    finally:
        slow.kill()
    # The pipe closes as the child dies: at once, not in 7 s.
    printed = await slow.stdout.read()
    await slow.wait()
    say(f'child 4 killed while still running; it printed "{printed.decode().strip()}"')


if __name__ == "__main__":
    lesson.run(main)
