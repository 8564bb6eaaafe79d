"""set-result: a future that another task completes (twin of examples-futures set-result).

`fut = loop.create_future()`, a task that sleeps 2 s and calls
`fut.set_result("Future is done!")`, and `print(await fut)` in main.

Where asyncio really differs: a second slot whose setter goes away without
setting it. The Rust lesson's setter is an owned `oneshot::Sender`: dropping it
wakes the awaiter with an error at once. Nothing tells an asyncio future that
nobody will set it; a plain `await fut` would wait for ever. So the twin does by
hand what the `Sender` does by itself: a done-callback on the setter's task fails
the future if the task ended without setting it. The same work, and the same 2 s.

You will see `Future is done!` at 2 s, then the second slot's error at once.
"""

import asyncio

import lesson
from lesson import claim, difference, say, secs


async def set_after(fut):
    await asyncio.sleep(secs(2.0))
    fut.set_result("Future is done!")


async def give_up(fut):
    return  # goes away without calling fut.set_result


def fail_if_unset(fut):
    """What dropping a Rust `oneshot::Sender` does: when the setter's task ends
    without setting `fut`, fail it, so its awaiter hears at once."""

    def on_done(task):
        if not fut.done():
            fut.set_exception(RuntimeError("the setter went away without setting a result"))

    return on_done


async def main():
    claim(2.0, 2.0)
    difference(
        "second slot",
        "a Rust oneshot whose sender is dropped wakes its awaiter with an error by itself; "
        "an asyncio future must be failed by hand (here, a done-callback on the setter's task)",
    )
    loop = asyncio.get_running_loop()
    fut = loop.create_future()
    setter = asyncio.create_task(set_after(fut))
    say(await fut)

    fut = loop.create_future()
    setter = asyncio.create_task(give_up(fut))
    setter.add_done_callback(fail_if_unset(fut))
    try:
        say(await fut)
    except RuntimeError as err:
        say(f"second slot: {err} (a done-callback on its task says so; "
            "without one, await fut would wait for ever)")


if __name__ == "__main__":
    lesson.run(main)
