"""bench_http: GET requests from one client to the lessons' local server (twin of
bench/src/http.rs), with aiohttp, the asyncio HTTP client:

- bounded: N requests for 100 bytes with no latency, at most 100 in flight:
  requests per second, and the CPU time and memory that took;
- at-once: N requests at once to a page that answers after 50 ms: the wall
  time, against the ideal of 50 ms.

Without aiohttp it says `not run: no aiohttp` (the standard library has no asyncio
HTTP client; urllib in threads would measure threads, not asyncio).
"""

import asyncio
import time

import measure

try:
    import aiohttp
except ImportError:
    aiohttp = None

IN_FLIGHT = 100
LATENCY_MS = 50


async def fetch(session, url):
    async with session.get(url) as response:
        response.raise_for_status()
        return len(await response.read())


async def bounded(n, url):
    # As the Rust side's buffer_unordered(100): a request is made only when there is
    # room for it, so 100 workers take the next request in turn.
    left = iter(range(n))

    async def worker(session):
        for _ in left:
            await fetch(session, url)

    connector = aiohttp.TCPConnector(limit=IN_FLIGHT)
    async with aiohttp.ClientSession(connector=connector) as session:
        cpu_before = measure.cpu_seconds()
        started = time.perf_counter()
        await asyncio.gather(*(worker(session) for _ in range(IN_FLIGHT)))
        wall = time.perf_counter() - started
        cpu_after = measure.cpu_seconds()
    cpu = cpu_after - cpu_before if cpu_before is not None else None
    return [("requests_per_s", n / wall), ("cpu_s", cpu),
            ("peak_rss_bytes", measure.peak_rss_bytes()), ("wall_s", wall)]


async def at_once(n, url):
    # limit=0: as many connections as requests in flight, as reqwest allows.
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0)) as session:
        started = time.perf_counter()
        await asyncio.gather(*(fetch(session, url) for _ in range(n)))
        wall = time.perf_counter() - started
    return [("wall_ms", wall * 1000), ("ideal_ms", LATENCY_MS)]


def run(variant, n, base):
    if aiohttp is None:
        measure.not_run("no aiohttp")
    if variant == "bounded":
        return measure.run(bounded(n, f"{base}/bytes/100"))
    return measure.run(at_once(n, f"{base}/delay/{LATENCY_MS}"))


if __name__ == "__main__":
    measure.main(run, ["bounded", "at-once"], takes_base=True)
