"""fetch-sequential: four pages, one after the other (twin of examples-http fetch-sequential).

The Python program: a loop over four URLs calls `requests.get(url)` and prints
the length of each page's text. Each call blocks until its page arrives, so the
run takes the sum of the four latencies. No asyncio here: that is the point.
(urllib stands in for requests, which is not in the standard library.)

With no URLs, the pages come from the lessons' local server: the one at --base, or
else `target/debug/examples-http serve`, started here.

You will see the four local pages arrive in list order, each after its own
latency, and `took 3.20xs · ideal 3.200s`.
"""

import lesson
from lesson import claim, say
from lesson_http import PAGES, FetchError, Targets, characters, pages, shown


def main(args):
    with Targets(args, pages) as targets:
        if targets.is_local:
            total = sum(latency for _, latency in PAGES)
            claim(total, total)
        failed = 0
        for url in targets.urls:
            # The next request is not sent until this one is done.
            try:
                length = characters(url, args)
                say(f"Fetched {shown(url)}, Length: {length} characters")
            except FetchError as err:
                failed += 1
                say(f"Failed {shown(url)}: {err}")
        targets.finish(failed, len(targets.urls))


if __name__ == "__main__":
    lesson.run(main, options=["base", "timeout", "max-bytes"], urls=True)
