"""async-cleanup: `finally: await conn.close()` (twin of examples-rust async-cleanup).

Connections whose `close()` is a 0.25 s goodbye to the peer. Conn 1's work
fails, and `finally: await conn.close()` closes it before the error goes on;
conn 2 is let go, and its `__del__`, which cannot await either (it is a plain
method, like Rust's `Drop`), hands the close to a task; conn 3 is served by a
task until an `Event` tells it to stop, then closed, and main awaits the task;
task 4 is cancelled mid-way: `CancelledError` is raised at its `await`, and its
`finally` runs and awaits the close. That is where Rust differs: an aborted
tokio task is dropped at its `.await`, its `Drop` runs, and nothing awaits: conn
4 is never closed, and the lesson ends at 1.75 s, not 2.0 s.

You will see conn 1 closed at 0.5 s, before main hears of its error; conn 2 let
go at 0.75 s and closed by a task at 1.0 s; conn 3 stopped at 1.25 s and joined
at 1.5 s, closed; task 4 cancelled at 1.75 s, its conn closed by its `finally`
at 2.0 s, and only then main told the task is cancelled.
"""

import asyncio

import lesson
from lesson import claim, difference, say, secs

background = set()  # the loop holds tasks weakly: keep them until they end


class PeerError(Exception):
    pass


class Conn:
    def __init__(self, id):
        self.id = id
        say(f"conn {id}: open")

    async def close(self):
        await asyncio.sleep(secs(0.25))  # the goodbye's round trip
        say(f"conn {self.id}: closed")


class ClosedByATask:
    """A Conn whose `__del__` hands the close to a task."""

    def __init__(self, conn):
        self.conn = conn

    def __del__(self):
        say(f"conn {self.conn.id}: let go; its close goes to a task")
        task = asyncio.get_running_loop().create_task(self.conn.close())
        background.add(task)
        task.add_done_callback(background.discard)


async def work(conn):
    await asyncio.sleep(secs(0.25))
    raise PeerError(f"conn {conn.id}: the peer said no")


async def main():
    claim(2.0, 2.25)
    difference("conn 4: closed", "asyncio's cancel raises CancelledError at the await; the finally awaits the close")
    difference("conn 4: dropped", "tokio's abort drops the task at its .await: only Drop runs, which cannot await")
    conn = Conn(1)
    try:
        try:
            await work(conn)
        finally:
            await conn.close()
    except PeerError as err:
        say(f"main: {err}")

    conn = ClosedByATask(Conn(2))
    await asyncio.sleep(secs(0.25))
    del conn  # the last reference: CPython calls __del__ now

    stop = asyncio.Event()

    async def serve():
        conn = Conn(3)
        await stop.wait()  # serves until told to stop
        say("conn 3: told to stop")
        await conn.close()

    worker = asyncio.create_task(serve())
    await asyncio.sleep(secs(0.5))
    stop.set()
    await worker
    say("main: worker 3 joined")

    async def served():
        conn = Conn(4)
        try:
            await asyncio.sleep(secs(10.0))  # cancelled here: CancelledError is raised
        finally:
            await conn.close()  # runs, and may await

    task = asyncio.create_task(served())
    await asyncio.sleep(secs(0.25))
    task.cancel()
    try:
        await task
    except asyncio.CancelledError:
        say("main: task 4 cancelled")


if __name__ == "__main__":
    lesson.run(main)
