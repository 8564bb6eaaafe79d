"""fetch-bounded: many requests, at most C in flight (twin of examples-http fetch-bounded).

How to fetch 10,000 URLs without opening 10,000 sockets at once: an
`asyncio.Semaphore(C)` held around each fetch. Every fetch is a task from the
start, waiting its turn at the semaphore, so memory grows with N (the Rust lesson
makes each request only when there is room for it, so its memory grows with C).
Ctrl-C stops the run and says how far it got.

With no URLs: N requests of 1 s each to the lessons' local server (the one at
--base, or else `target/debug/examples-http serve`, started here), so the ideal is
ceil(N / C) x 1 s: 10 s by default, not 200.

You will see progress on stderr, then the rate (measured, so declared a
difference) and the most requests the server had in flight at once.
"""

import asyncio
import sys
import time

import lesson
from lesson import Interrupted, claim, difference, say, secs
from lesson_http import FetchError, Targets, characters, check, enough_open_files, failure, shown

import aiohttp  # after lesson_http: where it is missing, the run has said so and ended

LATENCY = 1.0  # how long the local server takes over each request, in lesson seconds


async def fetch(session, semaphore, url, args):
    async with semaphore:  # at most C hold it; the others wait here, in order
        try:
            async with session.get(url) as response:
                await characters(response, args)
            return url, None
        except (aiohttp.ClientError, TimeoutError, FetchError) as err:
            return url, failure(err, args)


async def main(args):
    delay = f"/delay/{round(secs(LATENCY) * 1000)}"
    with Targets(args, lambda base: [base + delay]) as targets:
        # The local server's one URL, --requests times; or each URL given, once.
        total = args.requests if targets.is_local else len(targets.urls)
        concurrency = args.concurrency
        enough_open_files(concurrency, targets.is_local)
        if targets.is_local:
            # ceil(total / concurrency) rounds of one latency each, ideally.
            claim(-(-total // concurrency) * LATENCY, total * LATENCY)
        difference(f"{total} requests, at most {concurrency} at a time:",
                   "the rate is measured, so it differs from run to run")
        semaphore = asyncio.Semaphore(concurrency)
        done = failed = 0
        # limit=0: the semaphore is the limit, as in the Rust lesson (aiohttp's own
        # default would cap it at 100 connections).
        timeout = aiohttp.ClientTimeout(total=args.timeout)
        connector = aiohttp.TCPConnector(limit=0)
        async with aiohttp.ClientSession(timeout=timeout, connector=connector) as session:
            started = time.perf_counter()
            urls = [targets.urls[i % len(targets.urls)] for i in range(total)]
            tasks = [asyncio.create_task(fetch(session, semaphore, url, args)) for url in urls]
            try:
                # Each result as it finishes, whichever it is.
                for next_done in asyncio.as_completed(tasks):
                    url, err = await next_done
                    done += 1
                    if err:
                        failed += 1
                        say(f"Failed {shown(url)}: {err}")
                    if done % -(-total // 10) == 0 or done == total:
                        print(f"{done}/{total} done", file=sys.stderr)
            except asyncio.CancelledError:  # Ctrl-C: asyncio.run cancels main
                raise Interrupted(f"interrupted after {done} of {total} requests") from None
            rate = total / (time.perf_counter() - started)
            say(f"{total} requests, at most {concurrency} at a time: "
                f"{rate:.0f} requests per second")
            if targets.is_local:
                async with session.get(f"{targets.base}/max-in-flight") as response:
                    most = int(await response.text())
                say(f"the server counted at most {most} requests in flight at once")
        targets.finish(failed, total)


if __name__ == "__main__":
    lesson.run(main, options=["base", "timeout", "max-bytes", "requests", "concurrency"],
               urls=True, check=check)
