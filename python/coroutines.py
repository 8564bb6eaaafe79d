"""coroutines: two ways to write one, and both are lazy (twin of examples-basic coroutines).

`async def my_func1()`, and the older way: a plain function that returns a
coroutine. (Python 3.4's `@asyncio.coroutine` generators were removed in 3.11;
what is left of that style is a plain `def` handing back a coroutine object.)
The Rust lesson has `async fn`, and a plain `fn` returning an `async` block.

Calling either runs none of the coroutine's body; it only builds a coroutine
object. The body runs when it is awaited. (To start one without awaiting it,
make it a task: create_task.py.)

You will see the "created" line first, then each coroutine's own line, in the
order they are awaited, all at 0 s.
"""

import lesson
from lesson import claim, say


async def my_func1():
    say("my_func1 runs")


def my_func2():
    # Code here, outside the inner coroutine, would run at call time;
    # the coroutine's body runs only when it is awaited.
    async def body():
        say("my_func2 runs")

    return body()


async def main():
    claim(0.0, 0.0)
    one = my_func1()
    two = my_func2()
    say("created both coroutines; neither has run")
    # Awaiting runs the coroutine: only now does its body run.
    await two
    await one


if __name__ == "__main__":
    lesson.run(main)
