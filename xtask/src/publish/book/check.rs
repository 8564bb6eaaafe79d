//! `cargo xtask book --check`: the built book, opened page by page in a real
//! browser (headless Chromium), as a reader would see it.
//!
//! A small server on 127.0.0.1 serves `target/book/book` and one page of its own,
//! the check: it loads every page of the book in a frame, after its scripts have
//! run, and tells the server what it found. It proves that
//! - every lesson has a page, listed in the table of contents in the course's order;
//! - each lesson page, in a frame of 1280×800, opens with its summary and then its
//!   timeline, inline (an `<svg>` with its legend and marks whose lines show on
//!   hover, `<title>`), whole within that first screen; then the two programs side
//!   by side (a `rust` block with `fn main`, and for a lesson with a twin a `python`
//!   block, the twin made plain by rote and using nothing of `lesson`), neither holding the header's prose (`//!` lines, a
//!   docstring, or the summary's words, which the page says once); then the two
//!   runs' output side by side (a table whose first row is each side's claim line);
//!   and each program it shows the compiler refusing, with rustc's error;
//! - the front page says where to start, lists the course's parts, and explains
//!   each word of run-all's table (ideal, one by one, each verdict), leaving the
//!   harness (exit codes, `/dev/full`) to the appendix, which has it;
//! - every link of every page that stays in the book leads to a page the server
//!   has, and to an element with the link's `#id` there (the sidebar's links
//!   too: mdBook draws it with a script);
//! - the search box, opened as `index.html?search=TERM`, lists the lesson for
//!   `gather` and for `wait_for` (`timeout`): lessons found by their asyncio name;
//! - nothing the browser asked for was missing (the server answered 404).

use protocol::warn;
use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::claims::Verdict;
use anyhow::{Context as _, Result, bail};

/// The browsers tried, in this order: Debian's package, then the others' names.
const BROWSERS: [&str; 4] =
    ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"];

/// The searches, and the lesson page each must find: a lesson by its asyncio name.
const SEARCHES: [(&str, &str); 2] = [("gather", "gather"), ("wait_for", "timeout")];

/// The words the front page must explain: a run-all table's columns, and then
/// every verdict it may print.
fn words() -> Vec<&'static str> {
    let columns = ["ideal", "one by one"];
    columns.into_iter().chain(Verdict::ALL.map(Verdict::as_str)).collect()
}

/// How long the whole check may take in the browser.
const PATIENCE: Duration = Duration::from_secs(180);

/// The first browser that answers `--version`.
pub fn chromium() -> Result<String> {
    match BROWSERS.iter().find(|b| super::answers(Command::new(b).arg("--version"))) {
        Some(browser) => Ok((*browser).to_owned()),
        None => bail!(
            "the check needs Chromium, and found none of {} on the PATH (Debian: `apt-get \
             install chromium`)",
            BROWSERS.join(", ")
        ),
    }
}

/// A lesson page, as the check knows it.
pub struct LessonPage {
    pub name: String,
    /// It has an asyncio twin, so both columns must be there.
    pub twin: bool,
    /// The twin ran (it may not, where aiohttp is missing), so its output is beside.
    pub twin_ran: bool,
    /// The twin is plain by rote, so its column must name nothing of `lesson`.
    pub plain: bool,
    /// The programs it shows the compiler refusing: each with rustc's error.
    pub refused: Vec<String>,
    /// The start of its summary, as the page shows it: said once, outside code.
    pub summary: String,
}

/// Check the book in `book` (mdBook's output), with its lesson pages. Each failure
/// is one line of the answer.
pub fn check(browser: &str, book: &Path, lessons: &[LessonPage]) -> Result<Vec<String>> {
    let mut pages = Vec::new();
    collect_pages(book, book, &mut pages)?;
    pages.sort();
    let lessons_json: Vec<serde_json::Value> = lessons
        .iter()
        .map(|l| {
            serde_json::json!({
                "name": l.name, "twin": l.twin, "twin_ran": l.twin_ran, "plain": l.plain,
                "refused": l.refused,
                "summary": l.summary,
            })
        })
        .collect();
    let harness = HARNESS
        .replace("/*PAGES*/", &serde_json::to_string(&pages)?)
        .replace("/*LESSONS*/", &serde_json::to_string(&lessons_json)?)
        .replace("/*SEARCHES*/", &serde_json::to_string(&SEARCHES)?)
        .replace("/*WORDS*/", &serde_json::to_string(&words())?);
    let (port, reports, missing) = serve(book.to_owned(), harness)?;

    let profile = book.with_file_name("chromium-profile");
    let _ = std::fs::remove_dir_all(&profile);
    // Headless, and without the sandbox: it refuses to start as root with it (as
    // in CI), and it only ever opens this book, from this machine.
    let mut chromium = Command::new(browser);
    chromium
        .args([
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("http://127.0.0.1:{port}/__check.html"))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    // A group of its own: its renderers and helpers end with it.
    #[cfg(unix)]
    std::os::unix::process::CommandExt::process_group(&mut chromium, 0);
    let mut chromium = chromium.spawn().with_context(|| format!("starting {browser}"))?;
    let started = Instant::now();
    let report = loop {
        if let Ok(report) = reports.recv_timeout(Duration::from_millis(100)) {
            break Some(report);
        }
        if let Some(status) = chromium.try_wait().context("waiting for chromium")? {
            warn!("{browser} ended before the check did: {status}");
            break None;
        }
        if started.elapsed() > PATIENCE {
            break None;
        }
    };
    crate::runner::group::kill(&mut chromium);
    let _ = std::fs::remove_dir_all(&profile);
    let Some(report) = report else {
        bail!("the check did not report back from {browser} within {} s", PATIENCE.as_secs());
    };
    let mut failures: Vec<String> =
        report.lines().filter_map(|l| l.strip_prefix("FAIL ")).map(str::to_owned).collect();
    let mut missing = missing.lock().unwrap_or_else(std::sync::PoisonError::into_inner).clone();
    missing.sort();
    missing.dedup();
    failures.extend(missing.iter().map(|path| format!("the browser asked for {path}: not found")));
    let summary = report.lines().find(|l| l.starts_with("checked ")).unwrap_or("checked nothing");
    warn!("book check: {summary} in {:.0} s", started.elapsed().as_secs_f64());
    Ok(failures)
}

/// Every `.html` file under `folder`, as a path from `book`.
fn collect_pages(book: &Path, folder: &Path, pages: &mut Vec<String>) -> Result<()> {
    for entry in
        std::fs::read_dir(folder).with_context(|| format!("reading {}", folder.display()))?
    {
        let path = entry?.path();
        if path.is_dir() {
            collect_pages(book, &path, pages)?;
        } else if path.extension().is_some_and(|e| e == "html") {
            let page = path.strip_prefix(book).context("a page outside the book")?;
            pages.push(page.to_string_lossy().replace('\\', "/"));
        }
    }
    Ok(())
}

/// Serve `root` and the check's own page on a free port of 127.0.0.1, each
/// connection on a thread of its own, for as long as xtask runs. The check's
/// report (POST /__report) arrives on the channel; the paths answered 404 gather
/// in the list.
#[expect(clippy::type_complexity, reason = "three handles, said once, used once")]
fn serve(
    root: PathBuf,
    harness: String,
) -> Result<(u16, mpsc::Receiver<String>, Arc<Mutex<Vec<String>>>)> {
    let listener = TcpListener::bind("127.0.0.1:0").context("serving the book on 127.0.0.1")?;
    let port = listener.local_addr()?.port();
    let (report, reports) = mpsc::channel();
    let missing = Arc::new(Mutex::new(Vec::new()));
    let answered = Arc::clone(&missing);
    let (root, harness) = (Arc::new(root), Arc::new(harness));
    std::thread::spawn(move || {
        for stream in listener.incoming().map_while(Result::ok) {
            let (root, harness) = (Arc::clone(&root), Arc::clone(&harness));
            let (report, missing) = (report.clone(), Arc::clone(&answered));
            std::thread::spawn(move || {
                let _ = answer(stream, &root, &harness, &report, &missing);
            });
        }
    });
    Ok((port, reports, missing))
}

/// One request, one answer, then the connection closes.
fn answer(
    stream: TcpStream,
    root: &Path,
    harness: &str,
    report: &mpsc::Sender<String>,
    missing: &Mutex<Vec<String>>,
) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(30)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request = String::new();
    reader.read_line(&mut request)?;
    let mut length = 0;
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header)? == 0 || header.trim().is_empty() {
            break;
        }
        if let Some((name, value)) = header.split_once(':') {
            if name.eq_ignore_ascii_case("content-length") {
                length = value.trim().parse().unwrap_or(0);
            }
        }
    }
    let mut words = request.split_whitespace();
    let (method, target) = (words.next().unwrap_or(""), words.next().unwrap_or("/"));
    // The book's file names are plain ASCII: no percent-decoding needed.
    let path = target.split(['?', '#']).next().unwrap_or("/");
    let (status, kind, body) = if method == "POST" && path == "/__report" {
        let mut body = vec![0; length];
        reader.read_exact(&mut body)?;
        let _ = report.send(String::from_utf8_lossy(&body).into_owned());
        ("200 OK", "text/plain", Vec::new())
    } else if path == "/__check.html" {
        ("200 OK", "text/html; charset=utf-8", harness.as_bytes().to_vec())
    } else {
        let relative = path.trim_start_matches('/');
        let mut file = root.join(relative);
        if relative.is_empty() || relative.ends_with('/') {
            file = file.join("index.html");
        }
        match std::fs::read(&file) {
            Ok(body) if !relative.split('/').any(|part| part == "..") => {
                ("200 OK", content_type(&file), body)
            }
            _ => {
                // Chromium asks for it by itself; the book's pages name their icons.
                if path != "/favicon.ico" {
                    missing
                        .lock()
                        .unwrap_or_else(std::sync::PoisonError::into_inner)
                        .push(path.to_owned());
                }
                ("404 Not Found", "text/plain", b"not found".to_vec())
            }
        }
    };
    let mut stream = stream;
    write!(
        stream,
        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    )?;
    stream.write_all(&body)?;
    stream.flush()
}

/// What a file is, by its name: an SVG must say it is one for an `<img>` to show it.
fn content_type(file: &Path) -> &'static str {
    match file.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css",
        "js" => "text/javascript",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "ttf" => "font/ttf",
        _ => "application/octet-stream",
    }
}

/// The check's page. It reports with one `FAIL <what>` line a failure, then
/// `checked ...`.
const HARNESS: &str = r##"<!doctype html>
<meta charset="utf-8">
<title>book check</title>
<body>
<script>
const PAGES = /*PAGES*/;
const LESSONS = /*LESSONS*/;
const SEARCHES = /*SEARCHES*/;
const WORDS = /*WORDS*/;
const failures = [];
const fail = (what) => failures.push(what);
const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

// A page in a frame of the first screen a reader has (1280×800), once it has
// loaded: its images and scripts with it.
function load(url) {
  return new Promise((done) => {
    const frame = document.createElement("iframe");
    frame.width = 1280;
    frame.height = 800;
    frame.onload = () => done(frame);
    frame.src = url;
    document.body.append(frame);
  });
}

const squeeze = (text) => text.replace(/\s+/g, " ").trim();

function lessonPage(page, lesson, doc) {
  const { twin, twin_ran, plain, refused, summary } = lesson;
  for (const file of refused) {
    const heading = [...doc.querySelectorAll("h3")].find((h) => h.textContent.trim() === file);
    let next = heading?.nextElementSibling;
    while (next && !(next.tagName === "PRE" && next.querySelector("code.language-text"))) next = next.nextElementSibling;
    if (!heading || !/^error/m.test(next?.textContent ?? "")) fail(`${page}: the refused ${file} without rustc's error`);
  }
  const text = (selector) => [...doc.querySelectorAll(selector)].map((e) => e.textContent).join("\n");
  const rust = text(".twins .rust code.language-rust");
  const python = text(".twins .asyncio code.language-python");
  if (!/fn main\(/.test(rust)) fail(`${page}: no program (a rust block with fn main, in the left column)`);
  if (twin && !/^(import|from) /m.test(python)) fail(`${page}: no asyncio program (a python block, in the right column)`);
  if (twin && !plain) fail(`${page}: the asyncio program is the twin as it is: the table cannot make it plain`);
  if (plain && /^(import lesson|from lesson\b)|\blesson\./m.test(python)) fail(`${page}: the asyncio program is not plain: it uses lesson`);
  if (/^\s*\/\/!/m.test(rust)) fail(`${page}: the header's //! prose inside the rust block`);
  if (/^\s*"""/.test(python)) fail(`${page}: the twin's docstring inside the python block`);
  const code = squeeze(text("pre"));
  const main = squeeze(doc.querySelector("main")?.textContent ?? "");
  if (summary && code.includes(summary)) fail(`${page}: the summary ("${summary}") inside a code block`);
  if (summary && main.split(summary).length !== 2) {
    fail(`${page}: the summary ("${summary}") said ${main.split(summary).length - 1} times, not once`);
  }
  const first = doc.querySelector("table.run tbody tr, table.run tr:nth-child(2)");
  const cells = first ? [...first.querySelectorAll("td")].map((td) => td.textContent) : [];
  if (!/^claim: /.test(cells[0] ?? "")) fail(`${page}: no tokio output (a table.run whose first row is its claim line)`);
  if (twin_ran && !/^claim: /.test(cells[2] ?? "")) fail(`${page}: no asyncio output beside the tokio one`);
  const svg = doc.querySelector("figure.timeline svg");
  if (!svg) return fail(`${page}: no timeline inline (figure.timeline svg)`);
  if (!svg.querySelector(".legend")) fail(`${page}: its timeline has no legend`);
  if (!svg.querySelector("circle > title")) fail(`${page}: its timeline has no mark with its line on hover`);
  const box = svg.getBoundingClientRect();
  if (!(box.width > 0 && box.height > 0)) fail(`${page}: its timeline has no size on the page`);
  if (box.bottom > 800) fail(`${page}: its timeline ends ${Math.round(box.bottom)} px down, below the first screen (800)`);
  // Nothing before it but the title and the summary.
  const before = [...doc.querySelector("main").children].filter(
    (e) => e.compareDocumentPosition(svg.closest("figure")) & Node.DOCUMENT_POSITION_FOLLOWING);
  if (before.some((e) => /^(H2|PRE|TABLE|DIV)$/.test(e.tagName))) fail(`${page}: more than the summary before its timeline`);
}

// The front page: where to start, the course's parts (a link to each part's page),
// what the table's words mean; the harness details are the appendix's.
function frontPage(doc) {
  const main = doc.querySelector("main");
  const headings = [...main.querySelectorAll("h2")].map((h) => h.textContent.trim());
  for (const heading of ["Where to start", "The parts of the course", "What the words mean"]) {
    if (!headings.includes(heading)) fail(`index.html: no "${heading}" section`);
  }
  const parts = [...main.querySelectorAll('a[href^="part-"]')].length;
  if (parts < 2) fail(`index.html: the course's parts are not listed (${parts} links to a part)`);
  const text = main.textContent;
  for (const word of WORDS) {
    if (!main.querySelector("strong") || ![...main.querySelectorAll("strong")].some((b) => b.textContent === word)) {
      fail(`index.html: "${word}" is not explained (a bold term)`);
    }
  }
  if (/\/dev\/full|exit status 2|130|143/.test(text)) fail("index.html: harness details belong in the appendix");
}

async function main() {
  const links = new Map(); // a page of the book -> [{from, href, hash}]
  let count = 0;
  for (const { name } of LESSONS) {
    if (!PAGES.includes(`${name}.html`)) fail(`${name}: no page`);
  }
  for (const page of PAGES) {
    const frame = await load(page);
    const doc = frame.contentDocument;
    if (page === "index.html") {
      // The table of contents (drawn by a script): the lessons in the course's order.
      const contents = [...doc.querySelectorAll("#mdbook-sidebar a[href]")]
        .map((a) => new URL(a.getAttribute("href"), frame.contentWindow.location.href).pathname)
        .map((path) => path.slice(1).replace(/\.html$/, ""))
        .filter((name, i, all) => LESSONS.some((lesson) => lesson.name === name) && all.indexOf(name) === i);
      const course = LESSONS.map((lesson) => lesson.name);
      if (contents.join() !== course.join()) {
        fail(`the contents list the lessons as ${contents.join(", ")}, not in the course's order`);
      }
    }
    if (page === "index.html") frontPage(doc);
    if (page === "appendix.html" && !/\/dev\/full/.test(doc.querySelector("main")?.textContent ?? "")) {
      fail("appendix.html: no harness details (how a lesson fails on /dev/full)");
    }
    const lesson = LESSONS.find(({ name }) => page === `${name}.html`);
    if (lesson) lessonPage(page, lesson, doc);
    for (const a of doc.querySelectorAll("a[href]")) {
      const href = a.getAttribute("href");
      const url = new URL(href, frame.contentWindow.location.href);
      if (url.origin !== location.origin) continue; // the web is not the book's to check
      const key = url.origin + url.pathname;
      if (!links.has(key)) links.set(key, []);
      links.get(key).push({ from: page, href, hash: url.hash });
      count += 1;
    }
    frame.remove();
  }
  for (const [target, uses] of links) {
    const response = await fetch(target);
    if (!response.ok) {
      for (const { from, href } of uses) fail(`${from}: broken link ${href} (${response.status})`);
      continue;
    }
    const doc = new DOMParser().parseFromString(await response.text(), "text/html");
    for (const { from, href, hash } of uses) {
      if (hash && !doc.getElementById(decodeURIComponent(hash.slice(1)))) {
        fail(`${from}: broken link ${href} (no ${hash} there)`);
      }
    }
  }
  for (const [term, name] of SEARCHES) {
    const frame = await load(`index.html?search=${encodeURIComponent(term)}`);
    let found = [];
    for (let waited = 0; waited < 10000; waited += 100) {
      await sleep(100);
      const results = frame.contentDocument.querySelectorAll("#mdbook-searchresults a[href]");
      found = [...results].map((a) => new URL(a.getAttribute("href"), frame.contentWindow.location.href).pathname);
      if (found.some((path) => path.endsWith(`/${name}.html`))) break;
    }
    if (!found.some((path) => path.endsWith(`/${name}.html`))) {
      fail(`the search for ${term} does not list ${name}.html (${found.length} results)`);
    }
    frame.remove();
  }
  return `checked ${PAGES.length} pages, ${LESSONS.length} of them lessons, ${count} links, ${SEARCHES.length} searches`;
}

main()
  .catch((error) => { fail(`the check itself: ${error}`); return "checked nothing"; })
  .then((summary) => fetch("/__report", {
    method: "POST",
    body: failures.map((f) => `FAIL ${f}\n`).join("") + summary + "\n",
  }));
</script>
"##;
