"""What the HTTP twins share (the Python side of examples-http/src/http.rs): their
options, where the URLs come from, the local server, counting a page's characters,
and a failure said in one line. The fetching itself is aiohttp's, in each twin, as
the tutorial writes it: `async with aiohttp.ClientSession() as session:`, then
`async with session.get(url) as response:`.

- Import it before aiohttp: where aiohttp is missing, it says in one line that the
  twin is not run (`not run: ...`, which `cargo xtask compare` reads) and ends it.
- OPTIONS: --base, --timeout, --max-bytes, --requests, --concurrency, for
  `lesson.run(main, options=[...], urls=True, check=check)`.
- Targets(args, local): the URLs given on the command line, or `local(base)` on the
  lessons' own server: the one at --base, or else `target/debug/examples-http serve`
  started here and stopped at the end (`with Targets(...) as targets:`), on SIGTERM
  and Ctrl-C too.
- characters(response, args): the length of the page's text, `len(await
  response.text())` read chunk by chunk (memory stays flat whatever the size,
  --max-bytes caps it), or FetchError.
- failure(err, args): why a fetch failed, in a few words, as the Rust lessons say it:
  `HTTP 500 Internal Server Error`, `HTTP 302 Found, not followed`,
  `no answer within 10s`, `not finished within 10s`,
  `body larger than 67108864 bytes (--max-bytes)`,
  `could not connect: Connection refused (os error 111)`.
- shown(url): a URL as the lines show it: its password as `***`, `""` when empty.

Characters are counted as `len(text)` counts them, in the charset the server
declares, else UTF-8 (a byte that does not decode is one U+FFFD), as the Rust
lessons count them.
"""

import asyncio
import codecs
import http
import os
import re
import signal
import socket
import subprocess
import sys
import urllib.parse
from pathlib import Path

import lesson
from lesson import Failed, duration, rust_float, say, secs

try:
    import aiohttp
except ImportError:
    aiohttp = None
    lesson.not_run("aiohttp is not installed: `python3 -m venv target/venv && "
                   "target/venv/bin/pip install -r python/requirements.txt`")

# The tutorial's four pages, as examples-http/src/server.rs serves them: their length
# in characters, and their latency in lesson seconds. One by one 3.2 s; all at once
# 1.0 s; they finish in the order 3, 2, 1, 4.
PAGES = [(80_938, 0.87), (50_572, 0.73), (19_715, 0.60), (189_497, 1.00)]


def _base(text):
    ok = text.startswith(("http://", "https://")) and " " not in text
    return text.rstrip("/") if ok else None


# The HTTP options, as examples-http/src/http.rs takes them. --timeout from 1 ms
# (tokio's timers tick in whole milliseconds); --max-bytes caps each body.
lesson.OPTIONS.update({
    "base": ("a URL like http://127.0.0.1:PORT", _base, lambda url: True, None,
             "the local server already running there (`examples-http serve`; default: "
             "start target/debug/examples-http serve)"),
    "timeout": ("a number of seconds from 0.001 to 1000000", lesson._number,
                lambda s: 0.001 <= s <= 1e6, 10.0,
                "give up on a request (body included) after SECS, 0.001 to 1000000 (default 10)"),
    "max-bytes": ("a whole number from 1", lesson._whole, lambda n: n >= 1, 64 << 20,
                  "fail a URL whose body is over N bytes, N >= 1 (default 67108864, 64 MiB)"),
    "requests": ("a whole number from 1", lesson._whole, lambda n: n >= 1, 200,
                 "with no URLs: how many requests, N >= 1 (default 200)"),
    "concurrency": ("a whole number from 1", lesson._whole, lambda n: n >= 1, 20,
                    "at most C in flight, C >= 1 (default 20)"),
})


def check(args):
    """Bad input that argparse alone cannot see: said in one line, exit status 2."""
    if getattr(args, "base", None) and args.urls:
        return "--base is where the local pages are; give it or URLs, not both"
    return None


# The workspace: the parent of python/. The server is the one cargo built: xtask and
# the tests say where (LESSON_HTTP_SERVER), as cargo may build elsewhere than target/.
REPO = Path(__file__).resolve().parent.parent
SERVER = Path(os.environ.get("LESSON_HTTP_SERVER") or REPO / "target" / "debug" / "examples-http")


class FetchError(Exception):
    """Why a fetch failed, in a few words, without repeating the URL."""


def pages(base):
    """The URLs of the four pages, in the tutorial's order."""
    return [f"{base}/page/{i}" for i in range(1, len(PAGES) + 1)]


# -- fetching ---------------------------------------------------------------------


async def characters(response, args):
    """The characters of `response`'s text, counted chunk by chunk as they arrive,
    as `len(await response.text())` counts them; a status outside 2xx, a body over
    --max-bytes, or the --timeout passing before the body ends is a FetchError."""
    if not 200 <= response.status < 300:
        raise FetchError(_status(response.status))
    max_bytes = args.max_bytes
    length = response.headers.get("Content-Length")
    # A body declared too large fails before a byte of it is read.
    if length and length.strip().isdigit() and int(length) > max_bytes:
        raise FetchError(_too_large(max_bytes))
    try:
        decoder = codecs.getincrementaldecoder(response.charset or "utf-8")(errors="replace")
    except LookupError:
        decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
    count = size = 0
    try:
        # `while let Some(chunk) = response.chunk().await?` in the Rust lessons.
        async for chunk in response.content.iter_any():
            size += len(chunk)
            if size > max_bytes:
                raise FetchError(_too_large(max_bytes))
            count += len(decoder.decode(chunk))
    except (TimeoutError, asyncio.TimeoutError):
        raise FetchError(_timed_out(True, args.timeout)) from None
    # An unfinished character at the end is one U+FFFD.
    return count + len(decoder.decode(b"", final=True))


def failure(err, args):
    """Why a fetch failed, as the Rust lessons say it, for any error of
    `session.get(url)` or of `characters`."""
    if isinstance(err, FetchError):
        return str(err)
    if isinstance(err, aiohttp.TooManyRedirects):
        return "too many redirects"
    if isinstance(err, aiohttp.ClientResponseError):
        return _status(err.status)
    if isinstance(err, aiohttp.ClientConnectorError):
        return _reason(err.os_error, args.timeout, connecting=True)
    if isinstance(err, (TimeoutError, asyncio.TimeoutError)):
        # Before the answer began: a timeout while reading is `characters`' to say.
        return _timed_out(False, args.timeout)
    if isinstance(err, aiohttp.ServerDisconnectedError):  # as hyper says it
        return "connection closed before message completed"
    return " ".join(str(err).split()) or type(err).__name__


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
        # SIGTERM would end this process at once and leave the server running: stop
        # it first, then end at once as a process ended by SIGTERM does (143), as the
        # Rust lessons say it. Ctrl-C is KeyboardInterrupt, which leaves the `with`
        # (status 130), stopping it too.
        def stop(signum, frame):
            self.close()
            sys.stdout.flush()
            print(f"{os.path.basename(sys.argv[0])}: stopped by SIGTERM", file=sys.stderr)
            os._exit(128 + signum)

        signal.signal(signal.SIGTERM, stop)
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
