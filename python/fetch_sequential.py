"""fetch-sequential: four pages, one after the other (twin of examples-http fetch-sequential).

The tutorial's first program: a loop over four URLs that gets each page and prints
the length of its text, here with aiohttp: `async with session.get(url)` awaited
in the loop. Each request is sent only when the one before has finished, so the
run takes the sum of the four latencies, async or not.

With no URLs, the pages come from the lessons' local server: the one at --base, or
else `target/debug/examples-http serve`, started here.

You will see the four local pages arrive in list order, each after its own
latency, and `took 3.20xs · ideal 3.200s`.
"""

import lesson
from lesson import claim, say
from lesson_http import PAGES, FetchError, Targets, characters, check, failure, pages, shown

import aiohttp  # after lesson_http: where it is missing, the run has said so and ended


async def main(args):
    with Targets(args, pages) as targets:
        if targets.is_local:
            total = sum(latency for _, latency in PAGES)
            claim(total, total)
        failed = 0
        timeout = aiohttp.ClientTimeout(total=args.timeout)
        async with aiohttp.ClientSession(timeout=timeout) as session:
            for url in targets.urls:
                # The next request is not sent until this one is done.
                try:
                    async with session.get(url) as response:
                        length = await characters(response, args)
                    say(f"Fetched {shown(url)}, Length: {length} characters")
                except (aiohttp.ClientError, TimeoutError, FetchError) as err:
                    failed += 1
                    say(f"Failed {shown(url)}: {failure(err, args)}")
        targets.finish(failed, len(targets.urls))


if __name__ == "__main__":
    lesson.run(main, options=["base", "timeout", "max-bytes"], urls=True, check=check)
