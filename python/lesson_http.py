"""What the HTTP twins share (the Python side of examples-http/src/http.rs): where
the URLs come from, the local server, one way to fetch a page's text, and a failure
said in one line.

- Targets(args, local): the URLs given on the command line, or `local(base)` on the
  lessons' own server: the one at --base, or else `target/debug/examples-http serve`
  started here and stopped at the end (`with Targets(...) as targets:`).
- Session(timeout, most_at_once): the tutorial's `aiohttp.ClientSession`, shared by
  every fetch: aiohttp itself when it is installed, else urllib in threads.
  `await session.text(url)` is the page's text, or FetchError.
- get_text(url, timeout): the same, blocking, for the synchronous twin (`requests.get`).
- FetchError: why a fetch failed, in a few words: `HTTP 500 Internal Server Error`,
  `no answer within 10s`, `could not connect: Connection refused (os error 111)`.
"""

import asyncio
import http
import os
import signal
import socket
import subprocess
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from lesson import Failed, duration, rust_float, say, secs

try:
    import aiohttp
except ImportError:
    aiohttp = None

# The tutorial's four pages, as examples-http/src/server.rs serves them: their length
# in characters, and their latency in lesson seconds. One by one 3.2 s; all at once
# 1.0 s; they finish in the order 3, 2, 1, 4.
PAGES = [(80_938, 0.87), (50_572, 0.73), (19_715, 0.60), (189_497, 1.00)]

# The workspace: the parent of python/.
REPO = Path(__file__).resolve().parent.parent
SERVER = REPO / "target" / "debug" / "examples-http"


class FetchError(Exception):
    """Why a fetch failed, in a few words, without repeating the URL."""


def pages(base):
    """The URLs of the four pages, in the tutorial's order."""
    return [f"{base}/page/{i}" for i in range(1, len(PAGES) + 1)]


# -- fetching ---------------------------------------------------------------------


def get_text(url, timeout):
    """GET `url` and decode its body as text; a status outside 2xx is an error.
    Blocking: the stand-in for `requests.get(url).text`."""
    # Our own server is reached directly, never through a proxy from the environment.
    opener = _direct if urllib.parse.urlsplit(url).hostname == "127.0.0.1" else _default
    try:
        with opener.open(url, timeout=timeout) as response:
            body = response.read()
            return _decode(body, response.headers.get_content_charset())
    except urllib.error.HTTPError as err:
        err.close()
        raise FetchError(_status(err.code)) from None
    except urllib.error.URLError as err:  # raised while connecting
        raise FetchError(_reason(err.reason, timeout, connecting=True)) from None
    except OSError as err:  # raised while waiting for or reading the answer
        raise FetchError(_reason(err, timeout, connecting=False)) from None
    except Exception as err:  # http.client's RemoteDisconnected, IncompleteRead...
        raise FetchError(str(err) or type(err).__name__) from None


_direct = urllib.request.build_opener(urllib.request.ProxyHandler({}))
_default = urllib.request.build_opener()


class Session:
    """One client shared by every fetch, as the tutorial shares one
    `aiohttp.ClientSession`: `async with Session(timeout, n) as session:`, then
    `await session.text(url)`. aiohttp when it is installed; else urllib, which
    blocks, run in threads."""

    def __init__(self, timeout, most_at_once):
        self.timeout = timeout
        self.most_at_once = max(1, most_at_once)

    async def __aenter__(self):
        if aiohttp:
            # limit=0: as many connections as there are requests in flight, as reqwest
            # allows; aiohttp's own default is at most 100 at once.
            self._session = aiohttp.ClientSession(
                timeout=aiohttp.ClientTimeout(total=self.timeout),
                connector=aiohttp.TCPConnector(limit=0),
            )
        else:
            # urllib blocks, so each request in flight holds a thread. asyncio.to_thread
            # uses the loop's default executor, which has only min(32, cores + 4)
            # threads (6 on a 2-core machine): that would quietly cap the requests in
            # flight. So the loop gets an executor with a thread per request in flight:
            # a real cost of the stdlib route, in memory and in thread switches.
            threads = ThreadPoolExecutor(max_workers=self.most_at_once + 1)
            asyncio.get_running_loop().set_default_executor(threads)
        return self

    async def __aexit__(self, *exc):
        if aiohttp:
            await self._session.close()

    async def text(self, url):
        """The page's text, or FetchError: the tutorial's `async def fetch(session, url)`."""
        if not aiohttp:
            # The thread cannot be stopped, but its socket gives up after `timeout` too.
            work = asyncio.to_thread(get_text, url, self.timeout)
            try:
                return await asyncio.wait_for(work, self.timeout)
            except TimeoutError:
                raise FetchError(f"no answer within {duration(self.timeout)}") from None
        try:
            async with self._session.get(url) as response:
                response.raise_for_status()
                body = await response.read()
                return _decode(body, response.charset)
        except aiohttp.ClientResponseError as err:
            raise FetchError(_status(err.status)) from None
        except aiohttp.ClientConnectorError as err:
            raise FetchError(_reason(err.os_error, self.timeout, connecting=True)) from None
        except (TimeoutError, asyncio.TimeoutError):
            raise FetchError(f"no answer within {duration(self.timeout)}") from None
        except aiohttp.ClientError as err:
            raise FetchError(str(err) or type(err).__name__) from None


def _decode(body, charset):
    # As reqwest's `text()`: the charset the server names, else UTF-8; bad bytes become U+FFFD.
    try:
        return body.decode(charset or "utf-8", errors="replace")
    except LookupError:
        return body.decode("utf-8", errors="replace")


def _status(code):
    # As Rust's `StatusCode` writes itself: `500 Internal Server Error`.
    try:
        phrase = http.HTTPStatus(code).phrase
    except ValueError:
        phrase = "<unknown status code>"
    return f"HTTP {code} {phrase}"


def _reason(err, timeout, connecting):
    # The words the Rust lessons use (the deepest cause, as Rust's io::Error writes it).
    if isinstance(err, TimeoutError):
        return f"no answer within {duration(timeout)}"
    if isinstance(err, socket.gaierror):
        return f"could not connect: failed to lookup address information: {err.strerror}"
    errno = getattr(err, "errno", None)
    text = f"{os.strerror(errno)} (os error {errno})" if errno else str(err)
    return f"could not connect: {text}" if connecting else text


# -- where the URLs come from -----------------------------------------------------


class Targets:
    """The URLs a twin fetches: the ones given, checked before any request is sent,
    or `local(base)` on the lessons' own server. Use it in a `with`: a server started
    here is stopped at the end."""

    def __init__(self, args, local):
        self.urls = []
        self.base = None  # the local server, when the URLs are its own
        self._server = None
        self._rejected = 0
        if not args.urls:
            self.base = args.base or self._start_server()
            self.urls = local(self.base)
            return
        for raw in args.urls:
            why = _not_fetchable(raw)
            if why:
                say(f"Failed {raw}: {why}")
                self._rejected += 1
            else:
                self.urls.append(raw)

    @property
    def is_local(self):
        return self.base is not None

    def finish(self, failed, sent):
        """The run's outcome after `sent` requests: Failed (exit status 1) if any failed."""
        failed, all = failed + self._rejected, sent + self._rejected
        if failed:
            raise Failed(f"{failed} of {all} {'requests' if self.is_local else 'URLs'} failed")

    def _start_server(self):
        if not SERVER.exists():
            raise Failed("no local server here: run `cargo build -p examples-http` first, "
                         "or give --base URL")
        command = [SERVER, "serve", "--scale", rust_float(secs(1.0))]
        self._server = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        # It prints its four page URLs, one a line, then serves until stopped.
        first = self._server.stdout.readline().strip()
        if not first.endswith("/page/1"):
            self.close()
            why = self._server.stderr.read().strip().splitlines() or ["no URL printed"]
            raise Failed(f"the local server did not start: {why[0]}")
        return first.removesuffix("/page/1")

    def close(self):
        """Stop the server started here, if any, as Ctrl-C would."""
        if self._server is None:
            return
        if self._server.poll() is None:
            self._server.send_signal(signal.SIGINT)
            try:
                self._server.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self._server.kill()
                self._server.wait()
        self._server.stdout.close()
        self._server.stderr.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def _not_fetchable(raw):
    """Why `raw` cannot be fetched (the url crate's words, as the Rust lessons say
    it), or None."""
    parts = urllib.parse.urlsplit(raw)
    if not parts.scheme:
        return "not a URL: relative URL without a base"
    if parts.scheme not in ("http", "https"):
        return f"{parts.scheme}: is not http or https"
    if not parts.hostname:
        return "not a URL: empty host"
    try:
        parts.port
    except ValueError:
        return "not a URL: invalid port number"
    return None


def enough_open_files(concurrency, local):
    """Make sure `concurrency` requests can be open at once: each holds a socket, and
    with the local server (which inherits this limit) the server's end too. Raises the
    soft limit toward the hard one when that is enough; otherwise Failed, saying what
    to do, rather than requests that time out."""
    try:
        import resource
    except ImportError:  # not a Unix
        return
    per_request = 2 if local else 1
    wanted = concurrency * per_request + 32
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft == resource.RLIM_INFINITY or soft >= wanted:
        return
    if hard == resource.RLIM_INFINITY or hard >= wanted:
        resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))
        return
    most = (hard - 32) // per_request
    advice = (f"lower --concurrency to {most} or less, or raise the hard limit" if most >= 1
              else "raise the hard limit (`ulimit -Hn`)")
    raise Failed(f"--concurrency {concurrency} needs about {wanted} open files and "
                 f"`ulimit -n` allows at most {hard} here: {advice}")
