"""echo: one line there and back over TCP (twin of examples-io echo).

The TCP echo pair from asyncio's streams docs, in one program:
`asyncio.start_server(handle_echo, '127.0.0.1', 0)`, whose handler reads a line,
waits 0.5 s and writes it back; a client that calls `open_connection`, sends
`Hello World!`, reads the echo and closes its side with `write_eof()`. The handler
then reads end-of-file, and closes too.

The docs' client closes the whole connection (`writer.close()`) and does not wait
for the server; this one half-closes, as the Rust lesson's dropped write half
does, and main waits for the handler to finish (it sets an Event), so the last
line is always the server's.

You will see the client send, the server receive at once and echo after 0.5 s,
then the client receive, close, and the server see it go.
"""

import asyncio

import lesson
from lesson import claim, say, secs


async def handle_echo(reader, writer, done):
    try:
        # `readline()` returns b"" once the client has closed its side.
        while line := await reader.readline():
            message = line.decode().rstrip("\n")
            say(f'server: Received "{message}"')
            await asyncio.sleep(secs(0.5))
            say(f'server: Send "{message}"')
            writer.write(line)
            await writer.drain()
        say("server: the client closed; Close the connection")
        writer.close()
        await writer.wait_closed()
    finally:
        done.set()


async def main():
    claim(0.5, 0.5)
    done = asyncio.Event()
    # Port 0: the OS picks a free port; only this machine can reach 127.0.0.1.
    server = await asyncio.start_server(
        lambda r, w: handle_echo(r, w, done), "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    say("server: listening on 127.0.0.1, on a port the OS picked")
    async with server:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        message = "Hello World!"
        say(f'Send: "{message}"')
        writer.write(f"{message}\n".encode())
        await writer.drain()
        echo = await reader.readline()
        if not echo:
            raise lesson.Failed("the server closed without an answer")
        say(f'Received: "{echo.decode().rstrip()}"')
        say("Close the connection")
        writer.write_eof()
        await done.wait()
        writer.close()
        await writer.wait_closed()


if __name__ == "__main__":
    lesson.run(main)
