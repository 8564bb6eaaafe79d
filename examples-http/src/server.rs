//! The lessons' own HTTP server, so that they run offline: hyper on 127.0.0.1,
//! an ephemeral port, its own thread and runtime (like a real server elsewhere,
//! its work never competes with the lesson's event loop), stopped on drop.
//!
//! - `/page/1` … `/page/4`: the tutorial's four pages, each after its latency;
//! - `/delay/MS`: a short body after MS milliseconds;
//! - `/bytes/N`: N bytes;
//! - `/status/CODE`: an empty response with that status;
//! - `/never`: accepts the request and never answers;
//! - `/max-in-flight`: the most requests it has had in flight at once.
//!
//! `cargo run -p examples-http -- serve [--scale F]` runs it alone until Ctrl-C,
//! for curl, your own code, or the lessons' asyncio twins.

use std::convert::Infallible;
use std::io::Write as _;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use anyhow::{Context as _, Result};
use http_body_util::Full;
use hyper::body::{Bytes, Incoming};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use lesson::BadInput;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinSet;

/// The tutorial's four pages: their length in characters, and the latency we
/// give each (lesson seconds). One by one: 3.2 s; all at once: 1.0 s; and they
/// finish in the order 3, 2, 1, 4, not in the order asked.
pub const PAGES: [(usize, f64); 4] =
    [(80_938, 0.87), (50_572, 0.73), (19_715, 0.60), (189_497, 1.00)];

/// Page text, cycled to length. Not all ASCII: a character is not a byte.
const TEXT: &str = "<p>Async Rust for the asyncio crowd: naïve café ☕ await…</p>\n";

/// A running server. Dropping it stops the server and closes its connections.
#[derive(Debug)]
pub struct Server {
    addr: SocketAddr,
    state: Arc<State>,
    stop: Option<oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

#[derive(Debug)]
struct State {
    pages: Vec<(Bytes, Duration)>,
    in_flight: AtomicUsize,
    max_in_flight: AtomicUsize,
}

impl Server {
    /// Start serving on 127.0.0.1, with page latencies multiplied by `scale`.
    pub fn start(scale: f64) -> Result<Self> {
        let pages = PAGES
            .iter()
            .map(|&(chars, latency)| {
                // TEXT repeated, cut to `chars` characters.
                let whole = chars / TEXT.chars().count();
                let rest =
                    TEXT.char_indices().nth(chars % TEXT.chars().count()).map_or(0, |(at, _)| at);
                let text = TEXT.repeat(whole) + &TEXT[..rest];
                (Bytes::from(text), Duration::from_secs_f64(latency * scale))
            })
            .collect();
        let state = Arc::new(State {
            pages,
            in_flight: AtomicUsize::new(0),
            max_in_flight: AtomicUsize::new(0),
        });
        // Loopback only, port 0: the OS picks a free port, and nothing outside this machine can connect.
        let listener = std::net::TcpListener::bind("127.0.0.1:0").context("binding 127.0.0.1")?;
        listener.set_nonblocking(true)?;
        let addr = listener.local_addr()?;
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .context("building the server's runtime")?;
        let (stop, stopped) = oneshot::channel();
        let serving = Arc::clone(&state);
        let thread = std::thread::Builder::new()
            .name("lesson-server".into())
            .spawn(move || runtime.block_on(serve(listener, serving, stopped)))
            .context("starting the server thread")?;
        Ok(Self { addr, state, stop: Some(stop), thread: Some(thread) })
    }

    /// `http://127.0.0.1:PORT` + `path`.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// The URLs of the four pages, in the tutorial's order.
    pub fn pages(&self) -> Vec<String> {
        (1..=PAGES.len()).map(|i| self.url(&format!("/page/{i}"))).collect()
    }

    /// The most requests it has had in flight at once.
    pub fn max_in_flight(&self) -> usize {
        self.state.max_in_flight.load(Ordering::SeqCst)
    }
}

/// `serve [--scale F]`: start the server, print its page URLs, serve until Ctrl-C.
const SERVE_HELP: &str = "\
Usage: cargo run -p examples-http -- serve [--scale F]

Runs the lessons' local server alone on 127.0.0.1, on a port the OS picks, until
Ctrl-C. Prints the four pages' URLs on stdout, one a line, and what else it
serves on stderr.

Options:
  --scale F    multiply every latency by F, from 0.01 to 100 (default 1)
  -h, --help   print this help";

pub fn serve_until_ctrl_c(args: impl Iterator<Item = std::ffi::OsString>) -> Result<()> {
    let mut scale = 1.0;
    let mut args = args.map(|arg| arg.to_string_lossy().into_owned());
    while let Some(arg) = args.next() {
        let value = match arg.split_once('=') {
            Some(("--scale", value)) => Some(value.to_owned()),
            _ if arg == "--scale" => Some(args.next().unwrap_or_default()),
            _ => None,
        };
        match (arg.as_str(), value) {
            (_, Some(value)) => {
                let accepted = |f: &f64| (0.01..=100.0).contains(f);
                scale = value.parse().ok().filter(accepted).ok_or_else(|| {
                    BadInput(format!("--scale takes a number from 0.01 to 100, got '{value}'"))
                })?;
            }
            ("--help" | "-h", None) => {
                return writeln!(std::io::stdout(), "{SERVE_HELP}").context("writing the help");
            }
            (other, None) => {
                return Err(BadInput(format!("unexpected argument '{other}' (see --help)")).into());
            }
        }
    }
    let server = Server::start(scale)?;
    // Whoever started us reads these; if they cannot be written, say so (exit 1), never panic.
    let mut stdout = std::io::stdout().lock();
    for url in server.pages() {
        writeln!(stdout, "{url}").context("writing the page URLs to stdout")?;
    }
    stdout.flush().context("writing the page URLs to stdout")?;
    drop(stdout);
    lesson::warn!(
        "serving on {} until Ctrl-C (also /delay/MS, /bytes/N, /status/CODE, /never, /max-in-flight)",
        server.url("")
    );
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("building a runtime to wait for Ctrl-C")?
        .block_on(tokio::signal::ctrl_c())
        .context("waiting for Ctrl-C")
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

async fn serve(
    listener: std::net::TcpListener,
    state: Arc<State>,
    mut stop: oneshot::Receiver<()>,
) {
    let Ok(listener) = TcpListener::from_std(listener) else {
        return;
    };
    // Connections live in a JoinSet: when `serve` returns, dropping it aborts them all.
    let mut connections = JoinSet::new();
    loop {
        tokio::select! {
            _ = &mut stop => return,
            accepted = listener.accept() => {
                let Ok((stream, _)) = accepted else {
                    // Out of file descriptors, say: let some connections close, then go on.
                    tokio::time::sleep(Duration::from_millis(10)).await;
                    continue;
                };
                let state = Arc::clone(&state);
                let service = service_fn(move |request| respond(Arc::clone(&state), request));
                connections.spawn(async move {
                    // An error here is a client that went away mid-request: nothing to do.
                    let _ = http1::Builder::new().serve_connection(TokioIo::new(stream), service).await;
                });
            }
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
        }
    }
}

async fn respond(
    state: Arc<State>,
    request: Request<Incoming>,
) -> Result<Response<Full<Bytes>>, Infallible> {
    let _counted = InFlight::enter(&state);
    let path = request.uri().path().trim_start_matches('/');
    let (route, arg) = path.split_once('/').unwrap_or((path, ""));
    let number = arg.parse::<u64>().ok();
    let (status, body) = match (route, number) {
        ("page", Some(n @ 1..=4)) => {
            let (text, latency) = &state.pages[n as usize - 1];
            tokio::time::sleep(*latency).await;
            (StatusCode::OK, text.clone())
        }
        ("delay", Some(ms)) => {
            tokio::time::sleep(Duration::from_millis(ms)).await;
            (StatusCode::OK, Bytes::from(format!("waited {ms} ms\n")))
        }
        ("bytes", Some(n)) if n <= 64 << 20 => {
            (StatusCode::OK, Bytes::from(vec![b'x'; n as usize]))
        }
        ("status", Some(code)) => {
            match u16::try_from(code).ok().and_then(|c| StatusCode::from_u16(c).ok()) {
                Some(status) if status.as_u16() >= 200 => (status, Bytes::new()),
                _ => (StatusCode::BAD_REQUEST, Bytes::from_static(b"status must be 200-999\n")),
            }
        }
        ("never", _) => std::future::pending().await,
        ("max-in-flight", _) => {
            let most = state.max_in_flight.load(Ordering::SeqCst);
            (StatusCode::OK, Bytes::from(format!("{most}\n")))
        }
        _ => (StatusCode::NOT_FOUND, Bytes::from_static(b"not found\n")),
    };
    let mut response = Response::new(Full::new(body));
    *response.status_mut() = status;
    Ok(response)
}

/// Counts a request in flight for as long as it lives, even if the client
/// goes away and hyper drops the response future half way.
struct InFlight<'a>(&'a State);

impl<'a> InFlight<'a> {
    fn enter(state: &'a State) -> Self {
        let now = state.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
        state.max_in_flight.fetch_max(now, Ordering::SeqCst);
        Self(state)
    }
}

impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        self.0.in_flight.fetch_sub(1, Ordering::SeqCst);
    }
}
