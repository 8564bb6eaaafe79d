"""What the HTTP twins share (the Python side of examples-http/src/http.rs): where
the URLs come from, the local server, one way to fetch a page's text, and a failure
said in one line.

- Targets(args, local): the URLs given on the command line, or `local(base)` on the
  lessons' own server: the one at --base, or else `target/debug/examples-http serve`
  started here and stopped at the end (`with Targets(...) as targets:`).
- Session(args, most_at_once): the tutorial's `aiohttp.ClientSession`, shared by
  every fetch: aiohttp itself when it is installed, else urllib in threads.
  `await session.characters(url)` is the length of the page's text, or FetchError;
  `await session.text(url)`, the text of a small page.
- characters(url, args): the same, blocking, for the synchronous twin (`requests.get`).
- FetchError: why a fetch failed, in a few words: `HTTP 500 Internal Server Error`,
  `HTTP 302 Found, not followed`, `no answer within 10s`, `not finished within 10s`,
  `body larger than 67108864 bytes (--max-bytes)`,
  `could not connect: Connection refused (os error 111)`.
- shown(url): a URL as the lines show it: its password as `***`, `""` when empty.

Bodies are read in chunks as they arrive and counted as they come, as the Rust
lessons read them: memory stays flat whatever the size, --timeout covers the whole
transfer, and --max-bytes caps it. Characters are counted as `len(text)` counts
them, in the charset the server declares, else UTF-8 (a byte that does not decode
is one U+FFFD), as the Rust lessons count them.
"""

import asyncio
import base64
import codecs
import http
import http.client
import os
import re
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import lesson
from lesson import Failed, duration, rust_float, say, secs

try:
    import aiohttp
except ImportError:
    aiohttp = None

# The tutorial's four pages, as examples-http/src/server.rs serves them: their length
# in characters, and their latency in lesson seconds. One by one 3.2 s; all at once
# 1.0 s; they finish in the order 3, 2, 1, 4.
PAGES = [(80_938, 0.87), (50_572, 0.73), (19_715, 0.60), (189_497, 1.00)]

# The HTTP options, as examples-http/src/http.rs takes them. --timeout from 1 ms
# (tokio's timers tick in whole milliseconds); --max-bytes caps each body.
lesson.OPTIONS["timeout"] = (
    "a number of seconds from 0.001 to 1000000", lesson._number, lambda s: 0.001 <= s <= 1e6,
    10.0,
    "give up on a request (body included) after SECS, 0.001 to 1000000 (default 10)")
lesson.OPTIONS["max-bytes"] = (
    "a whole number from 1", lesson._whole, lambda n: n >= 1, 64 << 20,
    "fail a URL whose body is over N bytes, N >= 1 (default 67108864, 64 MiB)")

# The workspace: the parent of python/.
REPO = Path(__file__).resolve().parent.parent
SERVER = REPO / "target" / "debug" / "examples-http"


class FetchError(Exception):
    """Why a fetch failed, in a few words, without repeating the URL."""


def pages(base):
    """The URLs of the four pages, in the tutorial's order."""
    return [f"{base}/page/{i}" for i in range(1, len(PAGES) + 1)]


# -- fetching ---------------------------------------------------------------------


def characters(url, args, answered=None):
    """GET `url` and count the characters of its text, chunk by chunk as they arrive;
    any status outside 2xx is a FetchError. Blocking: the stand-in for
    `len(requests.get(url).text)`. `answered`, a list, gets True once the answer
    begins (for a caller that gives up on its own: "no answer" or "not finished")."""
    return _get(url, args, _Text(args), answered)


def _get(url, args, text, answered=None):
    # Our own server is reached directly, never through a proxy from the environment.
    opener = _direct if urllib.parse.urlsplit(url).hostname == "127.0.0.1" else _default
    deadline = time.monotonic() + args.timeout
    answered = [] if answered is None else answered
    try:
        with opener.open(_request(url), timeout=args.timeout) as response:
            answered.append(True)
            text.begin(response.headers.get("Content-Length"),
                       response.headers.get_content_charset())
            sock = getattr(getattr(response.fp, "raw", None), "_sock", None)
            while True:
                # The timeout covers the whole transfer, not each read alone.
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError
                if sock is not None:
                    sock.settimeout(left)
                chunk = response.read1(64 * 1024)
                if not chunk:
                    return text.end()
                text.push(chunk)
    except urllib.error.HTTPError as err:
        err.close()
        if err.msg.startswith(urllib.request.HTTPRedirectHandler.inf_msg):
            raise FetchError("too many redirects") from None
        raise FetchError(_status(err.code)) from None
    except urllib.error.URLError as err:  # raised while connecting
        raise FetchError(_reason(err.reason, args.timeout, connecting=True)) from None
    except TimeoutError:
        raise FetchError(_timed_out(bool(answered), args.timeout)) from None
    except http.client.RemoteDisconnected:  # as hyper says it
        raise FetchError("connection closed before message completed") from None
    except OSError as err:  # raised while waiting for or reading the answer
        raise FetchError(_reason(err, args.timeout, connecting=False)) from None
    except FetchError:
        raise
    except Exception as err:  # http.client's IncompleteRead, a bad status line...
        # One line, whatever the server sent: a bad status line is quoted in the error.
        raise FetchError(" ".join(str(err).split()) or type(err).__name__) from None


def _request(url):
    """`url`, or with `user:password@` in it, a request with that Basic authorization
    and the URL without it, as reqwest sends it (urllib would take `user:password@host`
    for the host's name)."""
    parts = urllib.parse.urlsplit(url)
    if parts.username is None:
        return url
    bare = urllib.parse.urlunsplit(parts._replace(netloc=parts.netloc.rpartition("@")[2]))
    user = urllib.parse.unquote(parts.username)
    password = urllib.parse.unquote(parts.password or "")
    credentials = base64.b64encode(f"{user}:{password}".encode()).decode()
    return urllib.request.Request(bare, headers={"Authorization": f"Basic {credentials}"})


_direct = urllib.request.build_opener(urllib.request.ProxyHandler({}))
_default = urllib.request.build_opener()


class _Text:
    """The characters of a body, counted chunk by chunk as Python's `len(text)` counts
    them (examples-http's `Text`): decoded with the charset the server declares, else
    UTF-8, a byte that does not decode one U+FFFD. The incremental decoder holds a
    character split between two chunks until its last byte arrives. With keep, the
    text is kept too, for the local server's own small answers (at most 1 MiB,
    whatever --max-bytes says)."""

    def __init__(self, args, keep=False):
        self.max_bytes = 1 << 20 if keep else getattr(args, "max-bytes")
        self.keep = [] if keep else None
        self.characters = self.bytes = 0
        self.decoder = None

    def begin(self, content_length, charset):
        # A body declared too large fails before a byte of it is read.
        if content_length and content_length.strip().isdigit():
            if int(content_length) > self.max_bytes:
                raise FetchError(_too_large(self.max_bytes))
        try:
            decoder = codecs.getincrementaldecoder(charset or "utf-8")
        except LookupError:
            decoder = codecs.getincrementaldecoder("utf-8")
        self.decoder = decoder(errors="replace")

    def push(self, chunk):
        self.bytes += len(chunk)
        if self.bytes > self.max_bytes:
            raise FetchError(_too_large(self.max_bytes))
        self._count(self.decoder.decode(chunk))

    def end(self):
        """The count (or the text), once the body has ended: an unfinished character
        at its end is one U+FFFD."""
        self._count(self.decoder.decode(b"", final=True))
        return self.characters if self.keep is None else "".join(self.keep)

    def _count(self, decoded):
        self.characters += len(decoded)
        if self.keep is not None:
            self.keep.append(decoded)


class Session:
    """One client shared by every fetch, as the tutorial shares one
    `aiohttp.ClientSession`: `async with Session(args, n) as session:`, then
    `await session.characters(url)`. aiohttp when it is installed; else urllib,
    which blocks, run in threads."""

    def __init__(self, args, most_at_once):
        self.args = args
        self.timeout = args.timeout
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
            lesson.different_work(
                f"urllib in {self.most_at_once + 1} threads, as aiohttp is not installed: each "
                "request in flight blocks a thread of its own; in the Rust lesson every request "
                "is a future on the runtime's one thread")
        return self

    async def __aexit__(self, *exc):
        if aiohttp:
            await self._session.close()

    async def characters(self, url):
        """The length of the page's text, or FetchError: the tutorial's
        `async def fetch(session, url)`, which returns `len(await response.text())`."""
        return await self._fetch(url, _Text(self.args))

    async def text(self, url):
        """The text of one of the local server's small answers, or FetchError."""
        return await self._fetch(url, _Text(self.args, keep=True))

    async def _fetch(self, url, text):
        answered = []
        if not aiohttp:
            # The thread cannot be stopped, but its socket gives up at the deadline too.
            work = asyncio.to_thread(_get, url, self.args, text, answered)
            try:
                return await asyncio.wait_for(work, self.timeout)
            except TimeoutError:
                raise FetchError(_timed_out(bool(answered), self.timeout)) from None
        try:
            async with self._session.get(url) as response:
                answered.append(True)
                if not 200 <= response.status < 300:
                    raise FetchError(_status(response.status))
                length = response.headers.get("Content-Length")
                text.begin(length, response.charset)
                # `while let Some(chunk) = response.chunk().await?` in the Rust lessons.
                async for chunk in response.content.iter_any():
                    text.push(chunk)
                return text.end()
        except aiohttp.TooManyRedirects:
            raise FetchError("too many redirects") from None
        except aiohttp.ClientResponseError as err:
            raise FetchError(_status(err.status)) from None
        except aiohttp.ClientConnectorError as err:
            raise FetchError(_reason(err.os_error, self.timeout, connecting=True)) from None
        except (TimeoutError, asyncio.TimeoutError):
            raise FetchError(_timed_out(bool(answered), self.timeout)) from None
        except aiohttp.ServerDisconnectedError:  # as hyper says it
            raise FetchError("connection closed before message completed") from None
        except aiohttp.ClientError as err:
            raise FetchError(str(err) or type(err).__name__) from None


def _status(code):
    # As Rust's `StatusCode` writes itself: `500 Internal Server Error`; a redirect
    # still there after the client followed what it could, `, not followed`.
    try:
        phrase = http.HTTPStatus(code).phrase
    except ValueError:
        phrase = "<unknown status code>"
    not_followed = ", not followed" if 300 <= code < 400 else ""
    return f"HTTP {code} {phrase}{not_followed}"


def _too_large(max_bytes):
    return f"body larger than {max_bytes} bytes (--max-bytes)"


def _timed_out(answered, timeout):
    # "no answer" before the answer began, "not finished" after.
    return f"{'not finished' if answered else 'no answer'} within {duration(timeout)}"


def _reason(err, timeout, connecting):
    # The words the Rust lessons use (the deepest cause, as Rust's io::Error writes it).
    if isinstance(err, TimeoutError):
        return _timed_out(not connecting, timeout)
    if isinstance(err, socket.gaierror):
        return f"could not connect: failed to lookup address information: {err.strerror}"
    errno = getattr(err, "errno", None)
    text = f"{os.strerror(errno)} (os error {errno})" if errno else str(err)
    return f"could not connect: {text}" if connecting else text


def shown(url):
    """A URL as the lines show it: its password as `***`, and quoted (`""`) when it is
    empty or holds a space or a control character, so that a line stays one line.
    As examples-http's `shown`."""
    url = _without_password(url)
    if url and not any(c.isspace() or _is_control(c) for c in url):
        return url
    escapes = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t"}
    quoted = "".join(
        escapes.get(c) or (f"\\u{{{ord(c):x}}}" if _is_control(c) else c) for c in url
    )
    return f'"{quoted}"'


def _is_control(c):
    return ord(c) < 0x20 or 0x7F <= ord(c) < 0xA0


def _without_password(url):
    """`http://user:secret@host/` as `http://user:***@host/`, on the text, so that a
    URL too broken to parse keeps its secret too."""
    # The host part starts after `scheme:` and its slashes; with no slash, at the start.
    scheme, colon, rest = url.partition(":")
    start = 0
    if colon and re.fullmatch(r"[A-Za-z][A-Za-z0-9+.-]*", scheme) and rest[:1] in ("/", "\\"):
        start = len(url) - len(rest.lstrip("/\\"))
    host_part = re.split(r"[/\\?#]", url[start:], maxsplit=1)[0]
    user_info, at, _ = host_part.rpartition("@")
    user, colon, password = user_info.partition(":")
    if not at or not colon or not password:
        return url
    return f"{url[:start]}{user}:***{url[start + len(user_info):]}"


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
                say(f"Failed {shown(raw)}: {why}")
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
    per_request = 2 if local else 1
    wanted = concurrency * per_request + 32
    hard = lesson.open_files(wanted)
    if hard is None:
        return
    most = (hard - 32) // per_request
    advice = (f"lower --concurrency to {most} or less, or raise the hard limit" if most >= 1
              else "raise the hard limit (`ulimit -Hn`)")
    raise Failed(f"--concurrency {concurrency} needs about {wanted} open files and "
                 f"`ulimit -n` allows at most {hard} here: {advice}")
