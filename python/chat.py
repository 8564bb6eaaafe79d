"""chat: a chat server for every client connected, and a client that falls behind (twin of examples-io chat).

A chat server on `asyncio.start_server` that gives each connection an
`asyncio.Queue` as it connects, and puts each line a client sends in every
queue; each connection's forwarder task empties its own queue into its socket.
Three scripted clients join at 0, 0.5 and 1 s; carol takes a second to type her
name, and her forwarder starts only once she has.

Where asyncio really differs: the Rust lesson's set of queues is one tokio
`broadcast` channel, bounded and shared, keeping the last 2 messages. carol, 4
messages behind when she names herself, loses the oldest 2 there and is told so
(`Err(Lagged(2))`). These queues are unbounded: she gets all 4, and a client that
never reads would make its queue grow without end.

You will see each line reach the clients connected when it was sent, and carol
get the 4 lines sent while she typed.
"""

import asyncio

import lesson
from lesson import claim, difference, say, secs

# Each client: its name, when it connects, when it sends its name, what it says when.
CLIENTS = [
    ("alice", 0.0, 0.0, [(0.25, "anyone here?"), (1.2, "who's that?"), (1.5, "hello?")]),
    ("bob", 0.5, 0.5, [(0.75, "hi alice"), (1.3, "no idea"), (1.6, "still typing")]),
    ("carol", 1.0, 2.0, [(2.25, "sorry, slow typist")]),
]
LEAVE = 2.5


def serve():
    queues = []  # in the order the clients joined

    async def member(reader, writer):
        """One connection: its first line is a name, every later line a message for all."""
        mine = asyncio.Queue()  # unbounded: it grows while nobody empties it
        queues.append(mine)  # registered now: owed every message from here on, read or not
        forwarding = None

        async def forward(name):
            while True:
                sender, text = await mine.get()
                if sender != name:
                    writer.write(f"{sender}: {text}\n".encode())
                    await writer.drain()

        try:
            name = (await reader.readline()).decode().rstrip("\n")
            if not name:
                return
            forwarding = asyncio.create_task(forward(name))
            while line := await reader.readline():  # b"" once the client has left
                for queue in queues:
                    queue.put_nowait((name, line.decode().rstrip("\n")))
        finally:
            queues.remove(mine)
            if forwarding:
                forwarding.cancel()
            writer.close()

    return member


async def client(script, port, start):
    name, enter, named, says = script
    loop = asyncio.get_running_loop()

    async def at(t):
        # Due at start + t exactly, as the Rust lesson's sleep_until: clients due at the
        # same instant come due together (a sleep(delay) would be off by microseconds).
        woken = loop.create_future()
        loop.call_at(start + secs(t), woken.set_result, None)
        await woken

    await at(enter)
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    say(f"{name}: connected")

    async def listen():
        # Print what arrives, in a task of its own, while the script goes on.
        while line := await reader.readline():
            say(f"{name} got {line.decode().rstrip()}")

    listening = asyncio.create_task(listen())
    await at(named)
    say(f"{name}: sends the name {name}")
    writer.write(f"{name}\n".encode())
    for t, text in says:
        await at(t)
        say(f"{name} says {text}")
        writer.write(f"{text}\n".encode())
    await at(LEAVE)
    writer.write_eof()  # end-of-file: the server forgets this client and closes its side
    await listening
    writer.close()
    say(f"{name}: left")


async def main():
    claim(LEAVE, LEAVE)
    why = ("tokio's broadcast channel keeps the last 2 messages for every receiver: "
           "carol, 4 behind, loses the 2 oldest and gets Err(Lagged(2)); "
           "an asyncio.Queue per client is unbounded: nothing is lost, it grows instead")
    difference("server: carol fell behind", why)
    difference("carol got (missed", why)
    difference("carol got alice: who's that?", "one of the 2 oldest lines carol is owed: lost to her in tokio, kept in her asyncio queue")
    difference("carol got bob: no idea", "one of the 2 oldest lines carol is owed: lost to her in tokio, kept in her asyncio queue")
    difference("bob got carol", "tokio's broadcast wakes its receivers in the order they began waiting, bob's server task first (his line was the last before carol's); this server puts each line in the queues in the order the clients joined, alice's first")
    difference("bob: left", "all three leave at 2.5 s: tokio's timer wheel fires the timers of one tick in the order they were set, alice's first; asyncio's timer heap orders timers by their time alone, and fires these three bob's first")
    server = await asyncio.start_server(serve(), "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    async with server:
        start = asyncio.get_running_loop().time()
        await asyncio.gather(*(client(script, port, start) for script in CLIENTS))


if __name__ == "__main__":
    lesson.run(main)
