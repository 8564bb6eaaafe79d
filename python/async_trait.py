"""async-trait: any object with an `async def get` will do (twin of examples-rust async-trait).

Two stores, a dict in memory and a remote one that answers in 0.5 s, each with
`async def get(key)`. Nothing declares what a store is: `ask` calls `get` on
whatever it is given (duck typing; a `typing.Protocol` would let a type checker
say so, and changes nothing at run time). A list of both is asked at once, a task
for each. In Rust, the trait is declared, a generic `ask` is compiled for each
store type, and a list of stores of different types needs the future boxed.

You will see the memory store answer at once and the remote one at 0.5 s, then
both asked at once in tasks: memory at 0.5 s, remote at 1.0 s.
"""

import asyncio

import lesson
from lesson import claim, say, secs


class Memory:
    name = "memory"

    def __init__(self, values):
        self.values = values

    async def get(self, key):
        return self.values.get(key)


class Remote:
    name = "remote"

    async def get(self, key):
        await asyncio.sleep(secs(0.5))  # the round trip
        return f"{key} from afar"


async def ask(store, key):
    value = await store.get(key) or "nothing"
    say(f"{store.name}: {key} = {value}")


async def main():
    claim(0.5 + 0.5, 0.5 + 0.5 + 0.5)
    memory = Memory({"user": "ada"})
    await ask(memory, "user")
    await ask(Remote(), "user")

    async def in_a_task(store):
        value = await store.get("user") or "nothing"
        say(f"{store.name} in a task: user = {value}")

    await asyncio.gather(*(in_a_task(store) for store in [memory, Remote()]))


if __name__ == "__main__":
    lesson.run(main)
