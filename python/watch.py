"""watch: the latest value, for readers that want only the newest (twin of examples-streams watch).

A setting kept in a shared variable with a version number, and an
`asyncio.Condition`: main sets versions 1 to 4 and calls `notify_all()`; a fast
reader and a slow one (1 s of work before each look) `wait_for` a version they
have not seen. A reader that looks late sees only the newest version. A flag says
main is done (tokio's `watch` ends when its sender is dropped).

You will see the fast reader see versions 1 to 4 as they are set, at 0.4, 0.8,
1.2 and 1.6 s; the slow one look at 1.0 s and see 2, at 2.0 s and see 4, never
1 or 3; the fast one end at 2.4 s when main is done, the slow one at its next
look, 3.0 s.
"""

import asyncio

import lesson
from lesson import claim, say, secs


class Setting:
    def __init__(self, value):
        self.value, self.version, self.done = value, 0, False
        self.changed = asyncio.Condition()

    async def send(self, value):
        async with self.changed:
            self.value, self.version = value, self.version + 1
            self.changed.notify_all()

    async def close(self):
        async with self.changed:
            self.done = True
            self.changed.notify_all()


async def reader(name, setting, work):
    seen = setting.version
    while True:
        if work > 0:
            await asyncio.sleep(secs(work))  # busy: what is set meanwhile waits, the newest only
        async with setting.changed:
            # A version this reader has not seen; or the end, once it has seen the last.
            await setting.changed.wait_for(lambda: setting.version != seen or setting.done)
            if setting.version == seen:
                break
            seen, version = setting.version, setting.value
        say(f"{name}: sees version {version}")
    say(f"{name}: the sender is gone; the last version was {setting.value}")


async def main():
    claim(3.0, 3.0)
    setting = Setting(0)
    readers = [asyncio.create_task(reader("fast", setting, 0.0)),
               asyncio.create_task(reader("slow", setting, 1.0))]
    start = asyncio.get_running_loop().time()
    for version, at in [(1, 0.4), (2, 0.8), (3, 1.2), (4, 1.6)]:
        await asyncio.sleep(start + secs(at) - asyncio.get_running_loop().time())
        say(f"main: sets version {version}")
        await setting.send(version)
    await asyncio.sleep(start + secs(2.4) - asyncio.get_running_loop().time())
    await setting.close()
    await asyncio.gather(*readers)


if __name__ == "__main__":
    lesson.run(main)
