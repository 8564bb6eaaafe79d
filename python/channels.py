"""channels: a queue, a future, a broadcast and a latest value (twin of examples-streams channels).

An `asyncio.Queue` two producers put into; a `Future` a task sets; a broadcast by
hand (a queue for each listener); a variable with an `Event` for its latest
value. The Rust lesson's names (mpsc, oneshot, broadcast, watch) label the lines.

asyncio has no side to drop, and before 3.13 (`Queue.shutdown()`) no queue to close:
the twin ends each by hand, with a `None` put last or a flag, where tokio's channels
end when their senders are dropped. A Future nobody sets is awaited for ever;
tokio's oneshot receiver gets an error as soon as its sender is dropped.

You will see each in turn: the queue's two messages at once; the future's value
0.5 s in (a pause, then a task that sets it 0.25 s later); 0.25 s later both
listeners get both messages; at 1.0 s the latest value only, of two set at once,
and its end 0.25 s later: 1.25 s.
"""

import asyncio

import lesson
from lesson import claim, difference, say, secs


async def main():
    claim(1.25, 1.25)
    difference("end of ", "asyncio has nothing to close: the twin ends each by hand "
               "(a None, a flag); tokio's channels end when their senders are dropped")
    queue = asyncio.Queue(8)
    producers = asyncio.gather(*(queue.put(f"hello from {id}") for id in [1, 2]))
    producers.add_done_callback(lambda _: queue.put_nowait(None))  # the end, by hand
    while (message := await queue.get()) is not None:
        say(f"mpsc: got {message}")
    say("end of mpsc: the producers are done, and a callback put the None")

    await asyncio.sleep(secs(0.25))
    loop = asyncio.get_running_loop()
    result = loop.create_future()

    async def setter():
        await asyncio.sleep(secs(0.25))
        result.set_result(42)

    task = asyncio.create_task(setter())
    say(f"oneshot: got {await result}")
    await task
    unset = loop.create_future()  # its setter gone, it will never be set
    say(f"end of oneshot: a Future nobody sets: done {unset.done()}, awaited for ever")

    await asyncio.sleep(secs(0.25))
    listeners = {"first": asyncio.Queue(4), "second": asyncio.Queue(4)}
    for message in ["v1", "v2", None]:  # None: the end, by hand
        for listener in listeners.values():
            listener.put_nowait(message)
    for name, listener in listeners.items():
        while (message := await listener.get()) is not None:
            say(f"broadcast: {name} got {message}")
        say(f"end of broadcast: {name}: the None put in each queue by hand")

    await asyncio.sleep(secs(0.25))
    setting = {"value": 0, "done": False}
    changed = asyncio.Event()
    for value in [1, 2]:  # 2 replaces 1, which nobody saw
        setting["value"] = value
        changed.set()
    await changed.wait()
    changed.clear()
    say(f"watch: saw {setting['value']}")
    await asyncio.sleep(secs(0.25))
    setting["done"] = True  # the end, by hand
    changed.set()
    await changed.wait()
    say(f"end of watch: a done flag set by hand; kept {setting['value']}")


if __name__ == "__main__":
    lesson.run(main)
