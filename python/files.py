"""files: 100 files written and read back at once, with asyncio.to_thread (twin of examples-io files).

asyncio has no async files. `aiofiles` runs each call in a thread; the standard
library way is `asyncio.to_thread`. 100 files of 4 KiB, each written, synced to
the disk (`os.fsync`) and read back: first one by one with plain blocking calls,
then all at once, `to_thread` for each, gathered.

Where the Rust lesson's work is cut up differently: `to_thread` sends a file's
whole work to a thread in one hop, to the loop's default executor, which has
min(32, os.cpu_count() + 4) threads (6 on 2 cores; Python 3.13 counts the CPUs
this process may use), so at most 6 files are worked on at once. `tokio::fs` makes
a hop of each call (create, write, sync, read), as aiofiles does, to a pool that
grows up to 512 threads: all 100 files at once.

Files gain from concurrency only where they wait: the fsync, the wait for the
disk, overlaps across threads. Without it the writes stop in the page cache, and
the threaded pass is slower than the plain one. How much the waits overlap is the
disk's to say, and the machine's: from 0.7x to 5x on one 2-core VM, run after
run. So the twin, like the lesson, claims no speed-up: it measures it and shows
it. The files live in a fresh temporary folder, removed at the end.

You will see both passes find 100 of 100 files intact, and the speed-up.
"""

import asyncio
import os
import sys
import tempfile
import time

import lesson
from lesson import claim_speedup, say, speedup

FILES = 100
CONTENT = b"x" * 4096


def write_and_read(path):
    """One file: written, synced to the disk, read back. It blocks its thread."""
    with open(path, "wb") as file:
        file.write(CONTENT)
        file.flush()
        os.fsync(file.fileno())  # waits for the disk
    with open(path, "rb") as file:
        return file.read() == CONTENT


async def both_passes(folder):
    started = time.perf_counter()
    # Blocking calls in a coroutine stall the loop: fine here, as nothing else runs.
    intact = sum(write_and_read(os.path.join(folder, f"one-{i}")) for i in range(FILES))
    one_by_one = time.perf_counter() - started
    say(f"one by one: {intact} of {FILES} files written, synced and read back intact")

    started = time.perf_counter()
    every = (asyncio.to_thread(write_and_read, os.path.join(folder, f"at-once-{i}"))
             for i in range(FILES))
    intact = sum(await asyncio.gather(*every))
    at_once = time.perf_counter() - started
    say(f"at once: {intact} of {FILES} files written, synced and read back intact")
    print(f"one by one {one_by_one * 1000:.3f}ms, at once {at_once * 1000:.3f}ms", file=sys.stderr)
    speedup(one_by_one, at_once)


async def main():
    claim_speedup(None)  # measured and shown: the disk decides it
    lesson.different_work(f"each file's write, fsync and read back are one to_thread call, on the loop's default executor of min(32, cores + 4) = {min(32, (os.cpu_count() or 1) + 4)} threads; tokio::fs sends each call (create, write, sync, read) to the blocking pool on its own, up to 512 threads")
    # A fresh folder of our own, removed at the end whatever happened in it.
    with tempfile.TemporaryDirectory(prefix="examples-io-files-") as folder:
        say(f"{FILES} files of 4 KiB, in a fresh folder")
        await both_passes(folder)
    say("the folder removed")


if __name__ == "__main__":
    lesson.run(main)
