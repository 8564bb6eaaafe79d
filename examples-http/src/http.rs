//! What the fetch lessons share, in one file a copy of a lesson takes along:
//! the options (`Options`), a client built for them (`client`), a body's text
//! counted as it streams in (`Text`), why a fetch failed in a few words
//! (`Failed`), and a URL as the lines show it (`shown`). The request itself,
//! `client.get(url).send().await`, is in each lesson.
//!
//! In your own project: this file beside `main.rs`, and `mod http;` in it.

use std::borrow::Cow;
use std::time::Duration;

use encoding_rs::{CoderResult, Decoder, Encoding, UTF_8};
use reqwest::{Client, Response, StatusCode};

/// The options of the fetch lessons: `[--timeout SECS] [--max-bytes N]
/// [--requests N] [--concurrency C] [URL...]`.
#[derive(Debug, Clone)]
pub struct Options {
    pub urls: Vec<String>,
    /// Give up on a request not finished after this long, its body included.
    pub timeout: Duration,
    /// Fail a URL whose body is larger than this many bytes.
    pub max_bytes: u64,
    /// fetch-bounded: how many requests in all, the URLs taken in turn (default: one each).
    pub requests: Option<usize>,
    /// fetch-bounded: how many in flight at most.
    pub concurrency: usize,
}

impl Options {
    /// Read the options from the command line's words (`std::env::args().skip(1)`).
    pub fn parse(args: impl IntoIterator<Item = String>) -> Result<Self, String> {
        let mut options = Self {
            urls: Vec::new(),
            timeout: Duration::from_secs(10),
            max_bytes: 64 << 20,
            requests: None,
            concurrency: 20,
        };
        let mut args = args.into_iter();
        while let Some(arg) = args.next() {
            // A URL never starts with `-`: `-x` is a mistyped option, not a page.
            if !arg.starts_with('-') {
                options.urls.push(arg);
                continue;
            }
            // `--flag value` or `--flag=value`.
            let (flag, inline) = match arg.split_once('=') {
                Some((flag, value)) => (flag.to_owned(), Some(value.to_owned())),
                None => (arg, None),
            };
            let mut value = |accepted: &str| {
                let value = inline.clone().or_else(|| args.next());
                value.ok_or_else(|| format!("{flag} needs a value: {accepted}"))
            };
            match flag.as_str() {
                // From 1 ms: tokio's timers tick in whole milliseconds.
                "--timeout" => {
                    let secs = number(&flag, value(SECS)?, SECS, |s| (1e-3..=1e6).contains(s))?;
                    options.timeout = Duration::from_secs_f64(secs);
                }
                "--max-bytes" => options.max_bytes = number(&flag, value(N)?, N, |n| *n >= 1)?,
                // At most 10^9: the local claim (N x 1 s x --scale) must fit in a `Duration`.
                "--requests" => {
                    let most = "a whole number from 1 to 1000000000";
                    let n = number(&flag, value(most)?, most, |n| (1..=1_000_000_000).contains(n))?;
                    options.requests = Some(n);
                }
                "--concurrency" => options.concurrency = number(&flag, value(N)?, N, |n| *n >= 1)?,
                _ => return Err(format!("unknown option '{flag}'")),
            }
        }
        Ok(options)
    }
}

const SECS: &str = "seconds from 0.001 to 1000000";
const N: &str = "a whole number from 1";

fn number<T: std::str::FromStr>(
    flag: &str,
    text: String,
    accepted: &str,
    ok: impl Fn(&T) -> bool,
) -> Result<T, String> {
    text.parse().ok().filter(ok).ok_or_else(|| format!("{flag} takes {accepted}, got '{text}'"))
}

/// The one client of a run: a timeout over each whole request, TLS with rustls on
/// `ring` (see Cargo.toml), and one retry of a GET whose kept-alive connection the
/// server had closed. Only 127.0.0.1: no proxy, and no CA roots to load (a
/// machine without a CA store runs the local lessons).
pub fn client(options: &Options) -> Result<Client, Failed> {
    // Installing the provider a second time fails harmlessly.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let builder = || Client::builder().timeout(options.timeout).retry(retry_a_closed_connection());
    let local = options.urls.iter().all(|url| url.starts_with("http://127.0.0.1:"));
    let built = if local {
        builder().no_proxy().tls_certs_only([]).build()
    } else {
        // No CA store here: plain http still works, and each https URL fails on its own.
        builder().build().or_else(|_| builder().tls_certs_only([]).build())
    };
    built.map_err(|err| Failed::new(&err, "no answer", options.timeout))
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
pub struct Failed(String);

impl std::fmt::Display for Failed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Failed {}

impl Failed {
    /// From reqwest's error. A timeout is `<timed_out> within 10s`: "no answer"
    /// before the response began, "not finished" after.
    pub fn new(err: &reqwest::Error, timed_out: &str, timeout: Duration) -> Self {
        if err.is_timeout() {
            return Self(format!("{timed_out} within {timeout:?}"));
        }
        // The deepest cause says what happened: "Connection refused (os error 111)", a DNS failure...
        let mut cause: &dyn std::error::Error = err;
        while let Some(next) = cause.source() {
            cause = next;
        }
        Self(if err.is_connect() {
            format!("could not connect: {cause}")
        } else {
            cause.to_string()
        })
    }

    /// `HTTP 404 Not Found`; a redirect still there after reqwest followed what it
    /// could (to another scheme, without a `Location`, a 304) adds `, not followed`.
    pub fn status(status: StatusCode) -> Self {
        let not_followed = if status.is_redirection() { ", not followed" } else { "" };
        Self(format!("HTTP {status}{not_followed}"))
    }

    /// A URL that is not one, or not http(s): failed before any request is sent.
    pub fn unless_http(url: &str) -> Result<(), Self> {
        match reqwest::Url::parse(url) {
            Ok(url) if matches!(url.scheme(), "http" | "https") => Ok(()),
            Ok(url) => Err(Self(format!("{}: is not http or https", url.scheme()))),
            Err(err) => Err(Self(format!("not a URL: {err}"))),
        }
    }
}

/// The characters of a body, counted chunk by chunk as Python's `len(text)` counts
/// them: decoded with the charset the server declares (`Content-Type: text/html;
/// charset=iso-8859-1`), else as UTF-8, bytes that do not decode counting as one
/// U+FFFD each. A character split between two chunks is held by the decoder until
/// its last byte arrives.
pub struct Text {
    decoder: Decoder,
    /// Each chunk is decoded into this, counted, and cleared: it never grows.
    decoded: String,
    characters: usize,
    bytes: u64,
    max_bytes: u64,
}

impl Text {
    pub fn new(response: &Response, max_bytes: u64) -> Result<Self, Failed> {
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

    pub fn push(&mut self, chunk: &[u8]) -> Result<(), Failed> {
        self.bytes += chunk.len() as u64;
        if self.bytes > self.max_bytes {
            return Err(too_large(self.max_bytes));
        }
        self.decode(chunk, false);
        Ok(())
    }

    /// The count, once the body has ended: an unfinished character at its end is one U+FFFD.
    pub fn characters(mut self) -> usize {
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

fn too_large(max_bytes: u64) -> Failed {
    Failed(format!("body larger than {max_bytes} bytes (--max-bytes)"))
}

/// The `charset` parameter of a `Content-Type` value, lowercased, unquoted.
fn charset(content_type: &str) -> Option<String> {
    content_type.split(';').skip(1).find_map(|parameter| {
        let (name, value) = parameter.split_once('=')?;
        let value = value.trim().trim_matches('"').trim();
        name.trim().eq_ignore_ascii_case("charset").then(|| value.to_ascii_lowercase())
    })
}

/// A URL as the lines show it: its password as `***`, and quoted (`""`) when it is
/// empty or holds a space or a control character, so that a line stays one line.
pub fn shown(url: &str) -> Cow<'_, str> {
    let url = without_password_as_parsed(url);
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

/// [`without_password`] on the text the URL parser reads: it drops leading and
/// trailing spaces and control characters, and every tab and newline, so
/// `" http://u:pw@host/"` and `"http://u:p\tw@host/"` hold a password too. The
/// ends stay as given, for the line to show them.
fn without_password_as_parsed(url: &str) -> Cow<'_, str> {
    let dropped = |c: char| c <= ' ';
    let inner = url.trim_matches(dropped);
    let read: String = inner.chars().filter(|c| !matches!(c, '\t' | '\n' | '\r')).collect();
    match without_password(&read) {
        Cow::Borrowed(_) => Cow::Borrowed(url),
        Cow::Owned(masked) => {
            let lead = &url[..url.len() - url.trim_start_matches(dropped).len()];
            let trail = &url[url.trim_end_matches(dropped).len()..];
            Cow::Owned(format!("{lead}{masked}{trail}"))
        }
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn non_ascii_host_names_are_accepted() {
        // The pinned idna_adapter 1.1 (see the workspace Cargo.toml) still maps them.
        let url = reqwest::Url::parse("http://café.example/").expect("a valid URL");
        assert_eq!(url.host_str(), Some("xn--caf-dma.example"));
    }

    #[test]
    fn options_as_given_and_bad_ones_in_one_line() {
        let parse = |line: &str| Options::parse(line.split_whitespace().map(str::to_owned));
        let options = parse("--timeout 0.5 http://a/ --concurrency=3 --max-bytes 9 http://b/");
        let options = options.unwrap();
        assert_eq!(options.urls, ["http://a/", "http://b/"]);
        assert_eq!((options.timeout, options.max_bytes), (Duration::from_millis(500), 9));
        assert_eq!((options.concurrency, options.requests), (3, None));
        for (line, error) in [
            ("--timeout 0", "--timeout takes seconds from 0.001 to 1000000, got '0'"),
            ("--timeout", "--timeout needs a value: seconds from 0.001 to 1000000"),
            (
                "--requests 18446744073709551615",
                "--requests takes a whole number from 1 to 1000000000, got '18446744073709551615'",
            ),
            ("--concurrency 0", "--concurrency takes a whole number from 1, got '0'"),
            ("--fast", "unknown option '--fast'"),
        ] {
            assert_eq!(parse(line).unwrap_err().to_string(), error, "{line}");
        }
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
            // The parser trims these ends and drops tabs and newlines: the mask does too.
            (" http://u:pw@h/", "\" http://u:***@h/\""),
            ("\thttp://u:pw@h/", "\"\\thttp://u:***@h/\""),
            ("\nhttp://u:pw@h/ ", "\"\\nhttp://u:***@h/ \""),
            ("http://u:p\tw@h/", "http://u:***@h/"),
        ] {
            assert_eq!(shown(url), shown_as, "{url:?}");
        }
    }
}
