"""fetch-concurrent: the same pages, all at once (twin of examples-http fetch-concurrent).

The tutorial's aiohttp program: one `aiohttp.ClientSession()` and `asyncio.gather`
over one `fetch` per URL; each prints `Fetched <url>, Length: <n> characters` as it
finishes. The four pages take about as long as the slowest one, and they come back
in a different order from the list. Each fetch counts its page's characters chunk
by chunk as they arrive (lesson_http.characters), so a huge or endless page costs
no more memory than a small one: --timeout and --max-bytes end it.

With no URLs, the pages come from the lessons' local server: the one at --base, or
else `target/debug/examples-http serve`, started here.

You will see the pages arrive in the order 3, 2, 1, 4, by latency, then the total
against the fetches' own times added up: about 3.2x faster. Those times are
measured, so that last line is declared a difference.
"""

import asyncio
import time

import lesson
from lesson import claim, difference, say
from lesson_http import PAGES, FetchError, Targets, characters, check, failure, pages, shown

import aiohttp  # after lesson_http: where it is missing, the run has said so and ended


async def fetch(session, url, args):
    """Fetch one page and say so as it finishes; return (ok, the seconds it took)."""
    began = time.perf_counter()
    try:
        async with session.get(url) as response:
            length = await characters(response, args)
    except (aiohttp.ClientError, TimeoutError, FetchError) as err:
        say(f"Failed {shown(url)}: {failure(err, args)}")
        return False, time.perf_counter() - began
    say(f"Fetched {shown(url)}, Length: {length} characters")
    return True, time.perf_counter() - began


async def main(args):
    with Targets(args, pages) as targets:
        if targets.is_local:
            claim(max(latency for _, latency in PAGES), sum(latency for _, latency in PAGES))
        difference(f"all {len(targets.urls)} in",
                   "its times are measured, so they differ from run to run")
        # limit=0: as many connections as requests in flight, as reqwest allows
        # (aiohttp's own default is 100 at once).
        timeout = aiohttp.ClientTimeout(total=args.timeout)
        connector = aiohttp.TCPConnector(limit=0)
        async with aiohttp.ClientSession(timeout=timeout, connector=connector) as session:
            started = time.perf_counter()
            outcomes = await asyncio.gather(*[fetch(session, url, args) for url in targets.urls])
        all_at_once = time.perf_counter() - started
        # The fetches' own times, added up, are what one by one would have cost.
        one_by_one = sum(took for _, took in outcomes)
        if any(ok for ok, _ in outcomes):
            say(
                f"all {len(outcomes)} in {all_at_once:.3f}s; one by one they add up to "
                f"{one_by_one:.3f}s: {one_by_one / max(all_at_once, 1e-9):.2f}x faster"
            )
        targets.finish(sum(not ok for ok, _ in outcomes), len(outcomes))


if __name__ == "__main__":
    lesson.run(main, options=["base", "timeout", "max-bytes"], urls=True, check=check)
