//! `cargo xtask timeline LESSON [--scale F]`: the lesson and its asyncio twin, each
//! run with `--trace`, drawn on one time axis as an SVG: the tokio run above the
//! asyncio run, a row per task, each line a mark with its text on hover (`<title>`),
//! the events a twin declares different in another colour. SVG is text: no plotting
//! crate.

use std::ffi::OsString;
use std::fmt::Write as _;
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context as _, Result, bail};
use protocol::timeline::{Busy, Event, THREAD_ROW, rows, seconds, short, ticks};

use super::compare::{Declared, twin_command};
use crate::flags::{Parsed, usage};
use crate::lessons::{self, Lesson};
use crate::runner::{self, Echo, Limits};
use crate::{python, signals};

pub fn timeline(parsed: &Parsed) -> Result<ExitCode> {
    let scale = parsed.text("scale")?.unwrap_or_else(|| "1".to_owned());
    let name = parsed.word()?.ok_or_else(|| usage("timeline needs a LESSON".into()))?;
    let lesson = lessons::find(None, &[])?
        .into_iter()
        .find(|l| l.name == name)
        .ok_or_else(|| usage(format!("unknown lesson '{name}'; `cargo xtask list` shows them")))?;
    lesson.check(&["--scale".into(), scale.clone().into()])?;
    signals::catch()?;
    let svg = svg(&lesson, &scale)?;
    let folder = lessons::target()?.join("timeline");
    std::fs::create_dir_all(&folder).with_context(|| format!("creating {}", folder.display()))?;
    let path = folder.join(format!("{name}.svg"));
    std::fs::write(&path, svg).with_context(|| format!("writing {}", path.display()))?;
    protocol::out!("{}\n", path.display());
    Ok(ExitCode::SUCCESS)
}

/// Run `lesson` and its twin at `scale`, each writing its trace, and draw the two.
pub fn svg(lesson: &Lesson, scale: &str) -> Result<String> {
    // A folder of its own: the book draws several lessons at once.
    let folder =
        std::env::temp_dir().join(format!("xtask-timeline-{}-{}", std::process::id(), lesson.name));
    std::fs::create_dir_all(&folder).with_context(|| format!("creating {}", folder.display()))?;
    let traced = |side: &str| folder.join(format!("{}-{side}.json", lesson.name));
    let args = |side: &str| -> Vec<OsString> {
        vec!["--scale".into(), scale.into(), "--trace".into(), traced(side).into()]
    };
    let limits = Limits::default();
    let run = |command| runner::run(command, &limits, Echo::No, &signals::INTERRUPTED, |_| {});
    let rust = run(lesson.command(&args("tokio")))?;
    let tokio = read(&traced("tokio")).with_context(|| format!("{}: its trace", lesson.name))?;
    let twin = match super::compare::twin(&lesson.name)? {
        super::compare::Twin::Script(twin) => Some(twin),
        _ => None,
    };
    let (asyncio, declared) = if let Some(twin) = twin.filter(|_| python::python3().is_some()) {
        let python = run(twin_command(&twin, &args("asyncio"), &rust.stdout))?;
        if super::compare::not_run(&python.stdout).is_some() {
            (None, Declared::default())
        } else {
            let events = read(&traced("asyncio")).context("the twin's trace")?;
            (Some(events), Declared::parse(&python.stdout))
        }
    } else {
        (None, Declared::default())
    };
    let _ = std::fs::remove_dir_all(&folder);
    Ok(draw(&lesson.name, scale, &tokio, asyncio.as_ref(), &declared))
}

/// What a run's trace holds: its events and its thread's busy stretches.
#[derive(Debug, Default)]
struct Trace {
    events: Vec<Event>,
    busy: Vec<Busy>,
    /// When each task was created, where the run tells (asyncio's; tokio does not).
    spawned: Vec<(String, f64)>,
}

/// A Chrome trace (`protocol::timeline::chrome_trace`, or the twin's
/// `_chrome_trace`): each instant with its row's name, and the `busy` spans.
fn read(path: &Path) -> Result<Trace> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let items: Vec<serde_json::Value> = serde_json::from_str(&text).context("not a trace")?;
    let rows: Vec<(u64, String)> = items
        .iter()
        .filter(|item| item["name"] == "thread_name")
        .filter_map(|item| Some((item["tid"].as_u64()?, item["args"]["name"].as_str()?.to_owned())))
        .collect();
    let mut trace = Trace::default();
    for item in items.iter().filter(|item| item["ph"] == "i" && item["cat"] == "spawn") {
        let (Some(tid), Some(ts)) = (item["tid"].as_u64(), item["ts"].as_f64()) else {
            bail!("a task's creation without tid or ts: {item}");
        };
        if let Some((_, task)) = rows.iter().find(|(row, _)| *row == tid) {
            trace.spawned.push((task.clone(), ts / 1e6));
        }
    }
    for item in items.iter().filter(|item| item["ph"] == "i" && item["cat"] != "spawn") {
        let (Some(tid), Some(ts), Some(text)) =
            (item["tid"].as_u64(), item["ts"].as_f64(), item["name"].as_str())
        else {
            bail!("an event without tid, ts or name: {item}");
        };
        let task = rows.iter().find(|(row, _)| *row == tid).map_or("?", |(_, name)| name);
        trace.events.push(Event { at: ts / 1e6, task: task.to_owned(), text: text.to_owned() });
    }
    for item in items.iter().filter(|item| item["ph"] == "X" && item["cat"] == "busy") {
        let (Some(ts), Some(dur)) = (item["ts"].as_f64(), item["dur"].as_f64()) else {
            bail!("a busy span without ts or dur: {item}");
        };
        trace.busy.push(Busy { from: ts / 1e6, to: (ts + dur) / 1e6 });
    }
    Ok(trace)
}

/// Pixels: the whole width, the labels' column, a row, a panel's title, the legend.
const WIDTH: f64 = 760.0;
const LABELS: f64 = 78.0;
const ROW: f64 = 20.0;
const TITLE: f64 = 18.0;
const LEGEND: f64 = 22.0;
/// About how wide a character of a mark's label is (9.5 px monospace).
const CHAR: f64 = 5.8;
/// Marks closer than this are one mark: their lines share its hover text.
const TOGETHER: f64 = 3.0;

const BLUE: &str = "#08519c";
const ORANGE: &str = "#e6550d";
const BAR: &str = "#c6dbef";
const BUSY: &str = "#756bb1";

/// The SVG: a legend, a panel per run, a row per task (main first), each mark
/// labelled with its line where there is room, the whole line on hover, and the time
/// axis at the foot with round ticks.
fn draw(
    lesson: &str,
    scale: &str,
    tokio: &Trace,
    asyncio: Option<&Trace>,
    declared: &Declared,
) -> String {
    let both = || std::iter::once(tokio).chain(asyncio);
    let end = both()
        .flat_map(|t| t.events.iter().map(|e| e.at).chain(t.busy.iter().map(|b| b.to)))
        .fold(0.0, f64::max);
    // The thread's row, in both panels, when either held its thread.
    let thread_row = both().any(|t| !t.busy.is_empty());
    let ticks = ticks(end, 8);
    let axis_end = ticks.last().copied().unwrap_or(0.0).max(end);
    let plot = WIDTH - LABELS - 16.0;
    let x = |at: f64| LABELS + if axis_end > 0.0 { at / axis_end * plot } else { 0.0 };
    let mut panels = vec![("tokio", tokio)];
    panels.extend(asyncio.map(|events| ("asyncio", events)));
    let count: usize =
        panels.iter().map(|(_, trace)| rows(&trace.events).len() + usize::from(thread_row)).sum();
    let foot = if asyncio.is_none() { 46.0 } else { 30.0 };
    let spawns = both().any(|t| !t.spawned.is_empty());
    let legend_height = if thread_row || spawns { 2.0 * LEGEND } else { LEGEND };
    let height = legend_height + panels.len() as f64 * TITLE + count as f64 * ROW + foot;
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"timeline\" width=\"{WIDTH}\" \
         height=\"{height}\" viewBox=\"0 0 {WIDTH} {height}\" font-family=\"monospace\" \
         font-size=\"11\">\n\
         <title>{} at --scale {}: tokio above, asyncio below</title>\n\
         <rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n",
        escape(lesson),
        escape(scale)
    );
    svg += &legend(thread_row, spawns);
    let mut y = legend_height;
    let top = y;
    // The ticks' lines first, under everything.
    let bottom = height - foot + 4.0;
    for at in &ticks {
        let _ = writeln!(
            svg,
            "<line x1=\"{0:.1}\" y1=\"{top:.1}\" x2=\"{0:.1}\" y2=\"{bottom:.1}\" \
             stroke=\"#eeeeee\"/>",
            x(*at)
        );
    }
    for (runtime, trace) in panels {
        let events = &trace.events;
        let _ = writeln!(
            svg,
            "<text x=\"4\" y=\"{:.1}\" font-weight=\"bold\">{runtime}</text>",
            y + 13.0
        );
        y += TITLE;
        if thread_row {
            let middle = y + ROW / 2.0 + 3.0;
            let _ = write!(
                svg,
                "<g class=\"thread\"><text x=\"4\" y=\"{:.1}\">{THREAD_ROW}</text>\n\
                 <rect x=\"{LABELS}\" y=\"{:.1}\" width=\"{plot:.1}\" height=\"2\" fill=\"{BAR}\"/>\n",
                middle + 4.0,
                middle - 1.0
            );
            for busy in &trace.busy {
                let _ = writeln!(
                    svg,
                    "<rect class=\"busy\" x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"10\" \
                     fill=\"{BUSY}\"><title>[{:.3}s to {:.3}s] the thread held by one task for \
                     {:.0} ms: nothing else ran</title></rect>",
                    x(busy.from),
                    middle - 5.0,
                    (x(busy.to) - x(busy.from)).max(1.0),
                    busy.from,
                    busy.to,
                    (busy.to - busy.from) * 1000.0
                );
            }
            svg.push_str("</g>\n");
            y += ROW;
        }
        for (task, _) in rows(events) {
            let mine: Vec<&Event> = events.iter().filter(|e| e.task == task).collect();
            let spawned = trace.spawned.iter().find(|(t, _)| t == task).map(|(_, at)| *at);
            // From its creation where the run tells it, else from its first line.
            let first = spawned.unwrap_or(mine[0].at).min(mine[0].at);
            let last = mine[mine.len() - 1].at;
            let middle = y + ROW / 2.0 + 3.0;
            let _ = writeln!(
                svg,
                "<g class=\"row\"><text x=\"4\" y=\"{:.1}\">{}</text>\n\
                 <rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"4\" fill=\"{BAR}\"/>",
                middle + 4.0,
                escape(task),
                x(first),
                middle - 2.0,
                (x(last) - x(first)).max(1.0)
            );
            if let Some(at) = spawned {
                let _ = writeln!(
                    svg,
                    "<circle class=\"spawned\" cx=\"{:.1}\" cy=\"{middle:.1}\" r=\"3\" \
                     fill=\"white\" stroke=\"{BLUE}\"><title>[{at:.3}s] created</title></circle>",
                    x(at)
                );
            }
            // Marks that fall together are one, with all their lines on hover.
            let mut groups: Vec<Vec<&Event>> = Vec::new();
            for event in mine {
                match groups.last_mut() {
                    Some(group) if x(event.at) - x(group[0].at) < TOGETHER => group.push(event),
                    _ => groups.push(vec![event]),
                }
            }
            // Where the last label drawn on this row ends.
            let mut used = LABELS;
            for (i, group) in groups.iter().enumerate() {
                let at = x(group[0].at);
                let colour =
                    if group.iter().any(|e| declared.expected(&e.text)) { ORANGE } else { BLUE };
                let hover: Vec<String> =
                    group.iter().map(|e| format!("[{:.3}s] {}", e.at, e.text)).collect();
                let _ = writeln!(
                    svg,
                    "<circle cx=\"{at:.1}\" cy=\"{middle:.1}\" r=\"3.5\" fill=\"{colour}\">\
                     <title>{}</title></circle>",
                    escape(&hover.join("\n"))
                );
                // Right of its mark up to the next; or, where that is short (at the
                // end of the axis), left of it back to the label before.
                let right = groups.get(i + 1).map_or(WIDTH - 2.0, |next| x(next[0].at)) - at - 8.0;
                let left = at - used - 8.0;
                let text = group.iter().map(|e| local(&e.text)).collect::<Vec<_>>().join(" · ");
                let fits = text.chars().count() as f64 * CHAR <= right;
                let (room, anchor, from) = if fits || right >= left {
                    (right, "start", at + 4.0)
                } else {
                    (left, "end", at - 5.0)
                };
                if let Some(label) = short(&text, (room / CHAR) as usize) {
                    let _ = writeln!(
                        svg,
                        "<text class=\"label\" x=\"{from:.1}\" y=\"{:.1}\" font-size=\"9.5\" \
                         text-anchor=\"{anchor}\" fill=\"#333333\">{}<title>{}</title></text>",
                        middle - 4.0,
                        escape(&label),
                        escape(&hover.join("\n"))
                    );
                    used = if anchor == "end" {
                        at
                    } else {
                        from + label.chars().count() as f64 * CHAR
                    };
                }
            }
            svg.push_str("</g>\n");
            y += ROW;
        }
    }
    let axis = y + 6.0;
    let _ = writeln!(
        svg,
        "<line x1=\"{LABELS}\" y1=\"{axis:.1}\" x2=\"{:.1}\" y2=\"{axis:.1}\" stroke=\"black\"/>",
        LABELS + plot
    );
    for (i, at) in ticks.iter().enumerate() {
        let anchor = if i + 1 == ticks.len() && ticks.len() > 1 { "end" } else { "middle" };
        let anchor = if i == 0 { "start" } else { anchor };
        let _ = writeln!(
            svg,
            "<line class=\"tick\" x1=\"{0:.1}\" y1=\"{1:.1}\" x2=\"{0:.1}\" y2=\"{2:.1}\" \
             stroke=\"black\"/><text x=\"{0:.1}\" y=\"{3:.1}\" text-anchor=\"{anchor}\">{4}</text>",
            x(*at),
            axis - 3.0,
            axis + 3.0,
            axis + 17.0,
            seconds(*at)
        );
    }
    if asyncio.is_none() {
        let _ = writeln!(
            svg,
            "<text x=\"4\" y=\"{:.1}\">no asyncio run (no twin, no python3, or the twin \
             could not run here)</text>",
            axis + 34.0
        );
    }
    svg.push_str("</svg>\n");
    svg
}

/// What a bar, a mark and orange mean, in a line across the top; and a busy
/// stretch, when the picture has some.
fn legend(busy: bool, spawned: bool) -> String {
    let y = 12.0;
    let mut legend = format!(
        "<g class=\"legend\" font-size=\"10\">\
         <rect x=\"4\" y=\"{0:.1}\" width=\"18\" height=\"4\" fill=\"{BAR}\"/>\
         <text x=\"26\" y=\"{1:.1}\">a task, from its first line to its last</text>\
         <circle cx=\"282\" cy=\"{y:.1}\" r=\"3.5\" fill=\"{BLUE}\"/>\
         <text x=\"290\" y=\"{1:.1}\">a line it printed (hover: the whole line)</text>\
         <circle cx=\"548\" cy=\"{y:.1}\" r=\"3.5\" fill=\"{ORANGE}\"/>\
         <text x=\"556\" y=\"{1:.1}\">a difference the twin declares</text></g>\n",
        y - 2.0,
        y + 3.5
    );
    // The second line: the held thread and a task's creation, where the picture has them.
    let (y, mut x) = (y + LEGEND, 4.0);
    if busy {
        let _ = writeln!(
            legend,
            "<g class=\"legend\" font-size=\"10\"><rect x=\"{x}\" y=\"{:.1}\" width=\"18\" \
             height=\"10\" fill=\"{BUSY}\"/><text x=\"{:.1}\" y=\"{:.1}\">the thread held by one \
             task ({} ms or more): nothing else runs</text></g>",
            y - 5.0,
            x + 22.0,
            y + 3.5,
            (protocol::timeline::BUSY_AT_LEAST * 1000.0).round()
        );
        x += 410.0;
    }
    if spawned {
        let _ = writeln!(
            legend,
            "<g class=\"legend\" font-size=\"10\"><circle cx=\"{:.1}\" cy=\"{y:.1}\" r=\"3\" \
             fill=\"white\" stroke=\"{BLUE}\"/><text x=\"{:.1}\" y=\"{:.1}\">a task created \
             (asyncio says when; tokio does not)</text></g>",
            x + 5.0,
            x + 22.0,
            y + 3.5
        );
    }
    legend
}

/// A line for a label: the local server's address left out (`Fetched /page/3, ..`),
/// as it is the same on every line; the whole line stays on hover.
fn local(text: &str) -> String {
    let Some(at) = text.find("http://127.0.0.1:") else { return text.to_owned() };
    let port = &text[at + 17..];
    let digits = port.len() - port.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    format!("{}{}", &text[..at], local(&port[digits..]))
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(at: f64, task: &str, text: &str) -> Event {
        Event { at, task: task.into(), text: text.into() }
    }

    fn trace(events: Vec<Event>, busy: Vec<Busy>) -> Trace {
        Trace { events, busy, spawned: Vec::new() }
    }

    #[test]
    fn a_task_created_before_it_prints_starts_its_row_there() {
        let tokio = trace(vec![event(1.0, "task 1", "tick 1")], vec![]);
        let mut asyncio = trace(vec![event(1.0, "task 1", "tick 1")], vec![]);
        asyncio.spawned.push(("task 1".to_owned(), 0.0));
        let svg = draw("blocking", "1", &tokio, Some(&asyncio), &Declared::default());
        assert_eq!(svg.matches("<circle class=\"spawned\"").count(), 1, "{svg}");
        assert!(svg.contains("a task created (asyncio says when; tokio does not)"), "{svg}");
        // The asyncio row's bar starts at 0 (x = LABELS); tokio's at its line.
        assert!(svg.contains(&format!("<rect x=\"{LABELS:.1}\" y=")), "{svg}");
    }

    #[test]
    fn one_row_for_tokio_three_for_asyncio_and_the_text_on_hover() {
        let tokio = vec![event(0.0, "main", "coroutine 1 executing"), event(3.0, "main", "done")];
        let asyncio = vec![
            event(0.0, "task 1", "coroutine 1 executing"),
            event(0.0, "task 2", "coroutine 2 <executing>"),
            event(0.0, "task 3", "x"),
            event(3.0, "main", "done"),
        ];
        let (tokio, asyncio) = (trace(tokio, vec![]), trace(asyncio, vec![]));
        let svg = draw("gather", "1", &tokio, Some(&asyncio), &Declared::default());
        assert_eq!(svg.matches("<g class=\"row\">").count(), 5, "{svg}");
        assert!(svg.contains("<title>[0.000s] coroutine 2 &lt;executing&gt;</title>"), "{svg}");
        // main comes first in each panel.
        let asyncio_panel = &svg[svg.find(">asyncio<").expect("a panel")..];
        let main = asyncio_panel.find(">main<").expect("main");
        assert!(main < asyncio_panel.find(">task 1<").expect("task 1"));
        // A legend, labels where there is room, round ticks, no thread row.
        assert!(svg.contains("<g class=\"legend\""), "{svg}");
        assert!(svg.contains(">coroutine 1 executing<title>"), "{svg}");
        let ticks: Vec<&str> = svg
            .split("<line class=\"tick\"")
            .skip(1)
            .filter_map(|t| t.split("text-anchor=").nth(1)?.split('>').nth(1)?.split('<').next())
            .collect();
        assert_eq!(ticks, ["0s", "0.5s", "1s", "1.5s", "2s", "2.5s", "3s"]);
        assert!(!svg.contains("the thread"), "{svg}");
    }

    #[test]
    fn a_held_thread_has_a_row_of_its_own_in_both_panels() {
        let tokio = trace(
            vec![event(0.0, "task 1", "blocking"), event(1.0, "task 1", "awake")],
            vec![Busy { from: 0.0, to: 1.0 }],
        );
        let asyncio = trace(vec![event(0.0, "task 1", "blocking")], vec![]);
        let svg = draw("blocking", "1", &tokio, Some(&asyncio), &Declared::default());
        assert_eq!(svg.matches("<g class=\"thread\">").count(), 2, "{svg}");
        assert_eq!(svg.matches("<rect class=\"busy\"").count(), 1, "{svg}");
        assert!(svg.contains("held by one task for 1000 ms"), "{svg}");
        assert!(svg.contains("nothing else runs"), "{svg}");
        assert_eq!(local("Fetched http://127.0.0.1:4123/page/3, x"), "Fetched /page/3, x");
    }
}
