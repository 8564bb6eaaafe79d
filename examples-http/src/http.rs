//! What the HTTP lessons share: their options, the one way a client is made,
//! `fetch` (a page's text, read in chunks as it arrives), a failure said in one
//! line, and where the URLs come from.

use std::borrow::Cow;
use std::time::Duration;

use anyhow::{Context as _, Result, ensure};
use encoding_rs::{CoderResult, Decoder, Encoding, UTF_8};
use lesson::{Args, say, secs, value, warn};
use reqwest::{Client, Response, StatusCode, Url};

use crate::server::Server;

/// The options the HTTP lessons add to the shared ones.
#[derive(Debug, Clone)]
pub struct HttpArgs {
    /// URLs to fetch instead of the local server's.
    pub urls: Vec<String>,
    /// Give up on a request not finished after this long, its body included.
    pub timeout: Duration,
    /// Fail a URL whose body is larger than this many bytes.
    pub max_bytes: u64,
    /// fetch-bounded: how many requests.
    pub requests: usize,
    /// fetch-bounded: how many in flight at most.
    pub concurrency: usize,
}

impl Default for HttpArgs {
    fn default() -> Self {
        Self {
            urls: Vec::new(),
            timeout: Duration::from_secs(10),
            max_bytes: 64 << 20,
            requests: 200,
            concurrency: 20,
        }
    }
}

impl Args for HttpArgs {
    const POSITIONAL: &'static str = "[URL...]";
    const HELP: &'static str = "  \
        --timeout SECS     give up on a request (body included) after SECS, 0.001 to 1000000 (default 10)\n  \
        --max-bytes N      fail a URL whose body is over N bytes, N >= 1 (default 67108864, 64 MiB)\n  \
        --requests N       fetch-bounded, with no URLs: how many requests, 1 to 10^9 (default 200)\n  \
        --concurrency C    fetch-bounded: at most C in flight, C >= 1 (default 20)\n  \
        URL...             fetch these (http or https) instead of the local pages\n";

    fn flag(&mut self, name: &str, parser: &mut lesson::lexopt::Parser) -> Result<bool> {
        let at_least_1 = |n: &usize| *n >= 1;
        match name {
            "timeout" => {
                // From 1 ms: tokio's timers tick in whole milliseconds.
                let accepted = "a number of seconds from 0.001 to 1000000";
                let secs =
                    value(parser, "--timeout", accepted, |s: &f64| (1e-3..=1e6).contains(s))?;
                self.timeout = Duration::from_secs_f64(secs);
            }
            "max-bytes" => {
                self.max_bytes = value(parser, "--max-bytes", "a whole number from 1", |n| *n >= 1)?
            }
            "requests" => {
                // At most 10^9: the claim (N × 1 s × --scale) must fit in a `Duration`.
                let accepted = "a whole number from 1 to 1000000000";
                self.requests =
                    value(parser, "--requests", accepted, |n| (1..=1_000_000_000).contains(n))?
            }
            "concurrency" => {
                self.concurrency =
                    value(parser, "--concurrency", "a whole number from 1", at_least_1)?
            }
            _ => return Ok(false),
        }
        Ok(true)
    }

    fn positional(&mut self, url: String) -> Result<bool> {
        self.urls.push(url);
        Ok(true)
    }
}

/// The one way the lessons make a client.
pub fn client(args: &HttpArgs, urls: &[String]) -> Result<Client> {
    // rustls does its cryptography with `ring` here (see Cargo.toml). Installing
    // it a second time fails harmlessly, so every client can come through here.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let builder = || Client::builder().timeout(args.timeout).retry(retry_a_closed_connection());
    if urls.iter().all(|url| url.starts_with("http://127.0.0.1:")) {
        // Only our own server: no proxy, and no TLS roots. Loading the system's
        // CA store costs time and fails on a machine that has none.
        return builder().no_proxy().tls_certs_only([]).build().context("building the HTTP client");
    }
    builder().build().or_else(|err| {
        // No CA store here: plain http still works, and each https URL fails on its own line.
        warn!("warning: {}; https URLs cannot be verified", reason(&err, "no answer", args));
        builder().tls_certs_only([]).build().context("building the HTTP client")
    })
}

/// GET `url` and count the characters of its text: the tutorial's
/// `async def fetch(session, url)`, which returns `len(await response.text())`.
/// Any status outside 2xx is a failure.
///
/// The body is read in chunks as they arrive and each is decoded and counted at
/// once, so memory stays flat whatever the page's size (`response.text()` would
/// hold all of it, then a decoded copy). The client's timeout covers the whole
/// transfer, and `--max-bytes` caps it.
pub async fn fetch(client: &Client, url: &str, args: &HttpArgs) -> Result<usize, FetchError> {
    let mut response =
        client.get(url).send().await.map_err(|err| failed(&err, "no answer", args))?;
    let status = response.status();
    if !status.is_success() {
        return Err(status_failure(status));
    }
    let mut text = Text::new(&response, args.max_bytes)?;
    // `async for chunk in response.content.iter_any():` in aiohttp.
    while let Some(chunk) = response.chunk().await.map_err(|e| failed(&e, "not finished", args))? {
        text.push(&chunk)?;
    }
    Ok(text.characters())
}

/// A kept-alive connection that the server closed without saying so (no
/// `Connection: close`: its keep-alive ran out just as the pool handed the
/// connection out again) fails the next request before any answer: "connection
/// closed before message completed", or "Connection reset by peer". A GET changes
/// nothing on the server, so it is sent again, once, on a new connection. The
/// other way, no reuse at all, would cost every request a new connection. reqwest
/// retries inside its redirect handling, so every hop of a redirect is covered.
fn retry_a_closed_connection() -> reqwest::retry::Builder {
    reqwest::retry::for_host(AnyHost).max_retries_per_request(1).classify_fn(|attempt| {
        let closed = attempt.error().is_some_and(closed_before_any_answer);
        if attempt.method() == reqwest::Method::GET && closed {
            attempt.retryable()
        } else {
            attempt.success()
        }
    })
}

/// reqwest scopes a retry policy to a host; ours is safe for a GET to any host.
struct AnyHost;

impl PartialEq<&str> for AnyHost {
    fn eq(&self, _host: &&str) -> bool {
        true
    }
}

fn closed_before_any_answer(err: &(dyn std::error::Error + 'static)) -> bool {
    use std::io::ErrorKind::{BrokenPipe, ConnectionAborted, ConnectionReset};
    let mut cause = Some(err);
    while let Some(error) = cause {
        if error.downcast_ref::<hyper::Error>().is_some_and(hyper::Error::is_incomplete_message)
            || error.downcast_ref::<std::io::Error>().is_some_and(|io| {
                matches!(io.kind(), ConnectionReset | ConnectionAborted | BrokenPipe)
            })
        {
            return true;
        }
        cause = error.source();
    }
    false
}

/// Why a fetch failed, in a few words, without the URL: `HTTP 404 Not Found`,
/// `no answer within 10s`, `could not connect: Connection refused (os error 111)`.
#[derive(Debug)]
pub struct FetchError(String);

impl std::fmt::Display for FetchError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for FetchError {}

fn failed(err: &reqwest::Error, timed_out: &str, args: &HttpArgs) -> FetchError {
    FetchError(reason(err, timed_out, args))
}

/// `HTTP 404 Not Found`; a redirect still there after reqwest followed what it
/// could (to another scheme, without a `Location`, a 304) adds `, not followed`.
fn status_failure(status: StatusCode) -> FetchError {
    let not_followed = if status.is_redirection() { ", not followed" } else { "" };
    FetchError(format!("HTTP {status}{not_followed}"))
}

/// The characters of a body, counted chunk by chunk as Python's `len(text)` counts
/// them: decoded with the charset the server declares (`Content-Type: text/html;
/// charset=iso-8859-1`), else as UTF-8, bytes that do not decode counting as one
/// U+FFFD each. A character split between two chunks is held by the decoder until
/// its last byte arrives.
struct Text {
    decoder: Decoder,
    /// Each chunk is decoded into this, counted, and cleared: it never grows.
    decoded: String,
    characters: usize,
    bytes: u64,
    max_bytes: u64,
}

impl Text {
    fn new(response: &Response, max_bytes: u64) -> Result<Self, FetchError> {
        // A body declared too large fails before a byte of it is read.
        if response.content_length().is_some_and(|length| length > max_bytes) {
            return Err(too_large(max_bytes));
        }
        let content_type = response.headers().get(reqwest::header::CONTENT_TYPE);
        Ok(Self::in_charset(
            content_type.and_then(|value| charset(value.to_str().ok()?)),
            max_bytes,
        ))
    }

    fn in_charset(charset: Option<String>, max_bytes: u64) -> Self {
        let decoder = match charset.as_deref().and_then(|l| Encoding::for_label(l.as_bytes())) {
            // Python's "utf-16" reads a byte-order mark, and picks the byte order by it.
            Some(encoding) if charset.as_deref() == Some("utf-16") => encoding.new_decoder(),
            // Python keeps any other mark as a character (U+FEFF): so do we.
            Some(encoding) => encoding.new_decoder_without_bom_handling(),
            None => UTF_8.new_decoder_without_bom_handling(),
        };
        let decoded = String::with_capacity(16 * 1024);
        Self { decoder, decoded, characters: 0, bytes: 0, max_bytes }
    }

    fn push(&mut self, chunk: &[u8]) -> Result<(), FetchError> {
        self.bytes += chunk.len() as u64;
        if self.bytes > self.max_bytes {
            return Err(too_large(self.max_bytes));
        }
        self.decode(chunk, false);
        Ok(())
    }

    /// The count, once the body has ended: an unfinished character at its end is one U+FFFD.
    fn characters(mut self) -> usize {
        self.decode(&[], true);
        self.characters
    }

    fn decode(&mut self, mut bytes: &[u8], last: bool) {
        loop {
            let (result, read, _) = self.decoder.decode_to_string(bytes, &mut self.decoded, last);
            self.characters += self.decoded.chars().count();
            self.decoded.clear();
            bytes = &bytes[read..];
            if result == CoderResult::InputEmpty {
                return;
            }
        }
    }
}

fn too_large(max_bytes: u64) -> FetchError {
    FetchError(format!("body larger than {max_bytes} bytes (--max-bytes)"))
}

/// The `charset` parameter of a `Content-Type` value, lowercased, unquoted.
fn charset(content_type: &str) -> Option<String> {
    content_type.split(';').skip(1).find_map(|parameter| {
        let (name, value) = parameter.split_once('=')?;
        let value = value.trim().trim_matches('"').trim();
        name.trim().eq_ignore_ascii_case("charset").then(|| value.to_ascii_lowercase())
    })
}

/// One line about a fetch: `Fetched <url>, Length: <n> characters` or `Failed <url>: <why>`.
/// Characters, as Python's `len(text)` counts: a page with `é` or `☕` has more bytes.
pub fn report(url: &str, result: &Result<usize, FetchError>) {
    match result {
        Ok(characters) => say!("Fetched {}, Length: {characters} characters", shown(url)),
        Err(why) => {
            // If stdout closes before the run ends (`| head -1`), it still exits 1.
            lesson::mark_failed();
            say!("Failed {}: {why}", shown(url));
        }
    }
}

/// Why a request failed, in a few words, without repeating the URL. A timeout is
/// `<timed_out> within 10s`: "no answer" before the response began, "not finished"
/// after.
fn reason(err: &reqwest::Error, timed_out: &str, args: &HttpArgs) -> String {
    if err.is_timeout() {
        return format!("{timed_out} within {:?}", args.timeout);
    }
    // The deepest cause says what happened: "Connection refused (os error 111)", a DNS failure...
    let mut cause: &dyn std::error::Error = err;
    while let Some(next) = cause.source() {
        cause = next;
    }
    if err.is_connect() { format!("could not connect: {cause}") } else { cause.to_string() }
}

/// A URL as the lines show it: its password as `***`, and quoted (`""`) when it is
/// empty or holds a space or a control character, so that a line stays one line.
pub fn shown(url: &str) -> Cow<'_, str> {
    let url = without_password(url);
    if !url.is_empty() && !url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return url;
    }
    let mut quoted = String::from('"');
    for c in url.chars() {
        match c {
            '"' | '\\' => quoted.extend(['\\', c]),
            '\n' => quoted.push_str("\\n"),
            '\r' => quoted.push_str("\\r"),
            '\t' => quoted.push_str("\\t"),
            c if c.is_control() => quoted.push_str(&format!("\\u{{{:x}}}", u32::from(c))),
            c => quoted.push(c),
        }
    }
    quoted.push('"');
    Cow::Owned(quoted)
}

/// `http://user:secret@host/` as `http://user:***@host/`. On the text, not the parsed
/// URL, so that a URL too broken to parse keeps its secret too.
fn without_password(url: &str) -> Cow<'_, str> {
    // The host part starts after `scheme:` and its slashes; with no scheme, after
    // any slashes (`//user:secret@host/`, scheme-relative).
    let is_scheme = |s: &str| {
        s.starts_with(|c: char| c.is_ascii_alphabetic())
            && s.chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
    };
    let start = match url.split_once(':') {
        Some((scheme, rest)) if is_scheme(scheme) && rest.starts_with(['/', '\\']) => {
            url.len() - rest.trim_start_matches(['/', '\\']).len()
        }
        _ => url.len() - url.trim_start_matches(['/', '\\']).len(),
    };
    let host_part = &url[start..];
    let host_part = &host_part[..host_part.find(['/', '\\', '?', '#']).unwrap_or(host_part.len())];
    let Some((user_info, _)) = host_part.rsplit_once('@') else { return Cow::Borrowed(url) };
    match user_info.split_once(':') {
        Some((user, password)) if !password.is_empty() => {
            let rest = &url[start + user_info.len()..];
            Cow::Owned(format!("{}{user}:***{rest}", &url[..start]))
        }
        _ => Cow::Borrowed(url),
    }
}

/// Make sure `at_once` requests can be open at once: each holds a socket, and
/// with the local server, the server's end too. Raises the soft limit on open
/// files toward the hard one when that is enough (as Go's runtime does at start);
/// otherwise says in one line what to do (exit status 2), instead of letting
/// requests fail one by one. `asked` names what set `at_once` (`--concurrency 200`,
/// `200 URLs at once`) and `lower` says how to ask for fewer.
pub fn enough_open_files(
    at_once: usize,
    local: bool,
    asked: &str,
    lower: impl Fn(u64) -> String,
) -> Result<()> {
    let per_request = if local { 2 } else { 1 };
    let wanted = (at_once as u64).saturating_mul(per_request).saturating_add(32);
    let lesson::OpenFiles::AtMost(hard) = lesson::open_files(wanted)? else { return Ok(()) };
    let most = hard.saturating_sub(32) / per_request;
    let advice = if most >= 1 {
        format!("{}, or raise the hard limit", lower(most))
    } else {
        "raise the hard limit (`ulimit -Hn`)".to_owned()
    };
    Err(lesson::BadInput(format!(
        "{asked} needs about {wanted} open files and `ulimit -n` allows at most {hard} here: \
         {advice}"
    ))
    .into())
}

/// The URLs a lesson fetches, and the server that serves them when it is ours.
#[derive(Debug)]
pub struct Targets {
    pub urls: Vec<String>,
    /// Ours, when the user gave no URLs; it stops when this is dropped.
    pub server: Option<Server>,
    rejected: usize,
}

impl Targets {
    /// The user's URLs, or else `local(server)` on a server started here.
    pub fn new(args: &HttpArgs, local: impl FnOnce(&Server) -> Vec<String>) -> Result<Self> {
        if args.urls.is_empty() {
            let server = Server::start(secs(1.0).as_secs_f64())?;
            return Ok(Self { urls: local(&server), server: Some(server), rejected: 0 });
        }
        // Every URL is checked before any request is sent: a typo costs no traffic.
        let mut targets = Self { urls: Vec::new(), server: None, rejected: 0 };
        for raw in &args.urls {
            match Url::parse(raw) {
                Ok(url) if matches!(url.scheme(), "http" | "https") => {
                    targets.urls.push(raw.clone())
                }
                Ok(url) => {
                    lesson::mark_failed();
                    say!("Failed {}: {}: is not http or https", shown(raw), url.scheme());
                }
                Err(err) => {
                    lesson::mark_failed();
                    say!("Failed {}: not a URL: {err}", shown(raw));
                }
            }
        }
        targets.rejected = args.urls.len() - targets.urls.len();
        Ok(targets)
    }

    pub fn is_local(&self) -> bool {
        self.server.is_some()
    }

    /// The lesson's outcome after `sent` requests: an error (and so exit status 1)
    /// if any failed.
    pub fn finish(&self, failed: usize, sent: usize) -> Result<()> {
        let (failed, all) = (failed + self.rejected, sent + self.rejected);
        let what = if self.is_local() { "requests" } else { "URLs" };
        ensure!(failed == 0, "{failed} of {all} {what} failed");
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn non_ascii_host_names_are_accepted() {
        // The pinned idna_adapter 1.1 (see the workspace Cargo.toml) still maps them.
        let url = Url::parse("http://café.example/").expect("a non-ASCII host is a valid URL");
        assert_eq!(url.host_str(), Some("xn--caf-dma.example"));
    }

    fn count(charset: Option<&str>, chunks: &[&[u8]]) -> usize {
        let mut text = Text::in_charset(charset.map(str::to_owned), u64::MAX);
        for chunk in chunks {
            text.push(chunk).unwrap();
        }
        text.characters()
    }

    #[test]
    fn characters_are_counted_as_python_counts_them() {
        // A character split between chunks, byte by byte, counts once.
        let cup = "a ☕ b".as_bytes();
        let one_by_one: Vec<&[u8]> = cup.chunks(1).collect();
        assert_eq!(count(None, &one_by_one), 5);
        // Bad bytes: one U+FFFD each (as `bytes.decode("utf-8", "replace")`); an
        // unfinished character at the end, one more.
        assert_eq!(count(None, &[b"caf\xe9", b"\xe2\x98"]), 5);
        // Latin-1: a byte a character, whatever it is.
        assert_eq!(count(Some("iso-8859-1"), &[b"d\xe9j\xe0 \xc3", b"\xa9"]), 7);
        // Python's utf-16 reads the mark; utf-8 keeps it as a character.
        assert_eq!(count(Some("utf-16"), &[b"\xfe\xff\x00h\x00", b"i"]), 2);
        assert_eq!(count(Some("utf-8"), &[b"\xef\xbb\xbfhi"]), 3);
        // A charset nobody knows: UTF-8, as Python's twin falls back.
        assert_eq!(count(Some("no-such-charset"), &["é".as_bytes()]), 1);
    }

    #[test]
    fn a_body_past_max_bytes_fails_the_chunk_that_passes_it() {
        let mut text = Text::in_charset(None, 10);
        assert!(text.push(b"0123456789").is_ok());
        let error = text.push(b"!").unwrap_err();
        assert_eq!(error.to_string(), "body larger than 10 bytes (--max-bytes)");
    }

    #[test]
    fn the_charset_parameter_of_a_content_type() {
        assert_eq!(charset("text/html; charset=ISO-8859-1").as_deref(), Some("iso-8859-1"));
        assert_eq!(charset("text/html;Charset=\"utf-16\" ; q=1").as_deref(), Some("utf-16"));
        assert_eq!(charset("text/html"), None);
    }

    #[test]
    fn urls_are_shown_without_passwords_and_on_one_line() {
        for (url, shown_as) in [
            ("http://user:secret@host/", "http://user:***@host/"),
            ("http://user:secret@host:port/", "http://user:***@host:port/"),
            ("https://user:p@ss:w@rd@host/a@b", "https://user:***@host/a@b"),
            ("user:secret@host", "user:***@host"),
            ("//u:pw@127.0.0.1:1/", "//u:***@127.0.0.1:1/"),
            ("\\\\u:pw@host", "\\\\u:***@host"),
            ("http://user@host/", "http://user@host/"),
            ("http://user:@host/", "http://user:@host/"),
            ("http://host/?q=a:b@c", "http://host/?q=a:b@c"),
            ("", "\"\""),
            ("http://a b/\n", "\"http://a b/\\n\""),
        ] {
            assert_eq!(shown(url), shown_as, "{url:?}");
        }
    }
}
