"""many-clients: 1,000 connections at once, on one thread (twin of examples-io many-clients).

`asyncio.start_server` with a handler that reads a question and answers it 0.5 s
later; 1,000 clients that `open_connection` (one `gather`), then all ask at once
(another `gather`), all on the one thread of the event loop.

Two things bite asyncio and tokio alike. The listen backlog: start_server's
default of 100 drops connections made faster than the server accepts them, to be
retried 1 s later, so it asks for 1,024. And file descriptors: both ends of each
connection live in this process, about 2,000, more than the usual soft limit
(`ulimit -n`) of 1,024; the twin raises the soft limit toward the hard one with
the `resource` module, or says in one line what to raise (exit status 2).

Setting up 1,000 connections is CPU work, more of it in CPython than in Rust,
so the claim is a speed-up over answering them one by one (1,000 x 0.5 s), at
least 50x.

You will see 1,000 clients connect, all answered about 0.5 s later, and the
server count 1,000 connections open at once.
"""

import asyncio
import os
import resource
import sys
import time

import lesson
from lesson import claim_speedup, say, secs, speedup

CLIENTS = 1000


def enough_open_files(wanted):
    """Raise the soft limit on open files toward the hard one; exit 2 if that is not enough."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft == resource.RLIM_INFINITY or soft >= wanted:
        return
    if hard == resource.RLIM_INFINITY or hard >= wanted:
        resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))
        return
    print(f"{os.path.basename(sys.argv[0])}: {CLIENTS} connections with both ends in this "
          f"process: about {wanted} open files, and `ulimit -n` allows at most {hard} here; "
          f"raise the hard limit to {wanted} (`ulimit -Hn {wanted}`, as root)", file=sys.stderr)
    sys.exit(2)


async def main():
    enough_open_files(2 * CLIENTS + 64)
    claim_speedup(50.0)
    open_now = most = 0

    async def handle(reader, writer):
        nonlocal open_now, most
        open_now += 1
        most = max(most, open_now)
        await reader.readline()
        await asyncio.sleep(secs(0.5))  # this handler waits; the loop serves the others
        writer.write(b"answer\n")
        await writer.drain()
        writer.close()
        open_now -= 1

    async def ask(reader, writer):
        writer.write(b"question\n")
        await writer.drain()
        answer = await reader.readline()
        writer.close()
        return answer

    # Port 0: the OS picks one. backlog: room for every connection not yet accepted.
    server = await asyncio.start_server(handle, "127.0.0.1", 0, backlog=1024)
    port = server.sockets[0].getsockname()[1]
    async with server:
        started = time.perf_counter()
        streams = await asyncio.gather(
            *(asyncio.open_connection("127.0.0.1", port) for _ in range(CLIENTS)))
        say(f"{CLIENTS} clients connected")
        answers = await asyncio.gather(*(ask(reader, writer) for reader, writer in streams))
        at_once = time.perf_counter() - started
    answered = sum(answer == b"answer\n" for answer in answers)
    say(f"{answered} of {CLIENTS} answered")
    say(f"server: at most {most} connections open at once")
    # One by one, each answer's 0.5 s would follow the last: the sum of the waits.
    speedup(secs(0.5) * CLIENTS, at_once)


if __name__ == "__main__":
    lesson.run(main)
