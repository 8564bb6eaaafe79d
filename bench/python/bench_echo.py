"""bench_echo: a TCP echo server with asyncio streams (twin of `bench echo serve`,
bench/src/echo.rs), as uvloop's own benchmark has it (examples/bench/echoserver.py
--streams in MagicStack/uvloop), with the drain a server should have.

`python3 bench_echo.py [--uvloop] serve`: binds 127.0.0.1 on a free port, prints
`listening=127.0.0.1:PORT`, and serves until its stdin closes. The load is not here:
one Rust load generator (`bench echo load`) drives this and the tokio server alike.
"""

import asyncio
import os
import socket
import sys
import threading

import measure

# As uvloop's server: one read takes whatever has arrived, up to this.
READ_BUFFER = 1_000_000


async def echo(reader, writer):
    writer.get_extra_info("socket").setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    try:
        while data := await reader.read(READ_BUFFER):
            writer.write(data)
            await writer.drain()
    except ConnectionError:
        pass
    finally:
        writer.close()


async def serve():
    server = await asyncio.start_server(echo, "127.0.0.1", 0)
    host, port = server.sockets[0].getsockname()[:2]
    print(f"listening={host}:{port}", flush=True)
    async with server:
        await server.serve_forever()


def stdin_closed():
    """xtask holds our stdin: when it closes (xtask done, or gone), so do we."""
    sys.stdin.buffer.read()
    os._exit(0)


if __name__ == "__main__":
    args = measure.choose_loop(sys.argv[1:])
    if args != ["serve"]:
        print("bench_echo.py: expected serve; usage: bench_echo.py [--uvloop] serve",
              file=sys.stderr)
        sys.exit(2)
    threading.Thread(target=stdin_closed, daemon=True).start()
    measure.run(serve())
