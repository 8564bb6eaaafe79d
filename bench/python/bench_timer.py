"""bench_timer: N sleeps of 1 ms, one after the other, each timed on the real clock
(twin of bench/src/timer.rs): how long a 1 ms sleep really takes, and the mean
period of the loop.

asyncio sleeps until the exact deadline: its loop waits in select/epoll for the
time left, and runs a timer up to its clock's resolution early. asyncio has no
interval: the Rust interval's mean period is held to this sleep loop's.
"""

import asyncio
import time

import measure


async def sleeps(n):
    took = []
    for _ in range(n):
        started = time.perf_counter()
        await asyncio.sleep(0.001)
        took.append(time.perf_counter() - started)
    return took


def run(variant, n):
    took = measure.run(sleeps(n))
    mean_ms = sum(took) * 1000 / n
    took.sort()
    return [("median_ms", measure.percentile_ms(took, 50)),
            ("p99_ms", measure.percentile_ms(took, 99)),
            ("mean_period_ms", mean_ms)]


if __name__ == "__main__":
    measure.main(run, ["sleep"])
