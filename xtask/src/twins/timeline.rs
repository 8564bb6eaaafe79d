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
use protocol::timeline::{Event, rows};

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
    let folder = lessons::target_debug()?.parent().context("no target folder")?.join("timeline");
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
    let twin = lessons::root().join("python").join(format!("{}.py", lesson.name.replace('-', "_")));
    let (asyncio, declared) = if twin.exists() && python::python3().is_some() {
        let python = run(twin_command(&twin, &args("asyncio"), &rust.stdout))?;
        let events = read(&traced("asyncio")).context("the twin's trace")?;
        (Some(events), Declared::parse(&python.stdout))
    } else {
        (None, Declared::default())
    };
    let _ = std::fs::remove_dir_all(&folder);
    Ok(draw(&lesson.name, scale, &tokio, asyncio.as_deref(), &declared))
}

/// The events of a Chrome trace (`protocol::timeline::chrome_trace`, or the twin's
/// `_chrome_trace`): each instant with its row's name.
fn read(path: &Path) -> Result<Vec<Event>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let items: Vec<serde_json::Value> = serde_json::from_str(&text).context("not a trace")?;
    let rows: Vec<(u64, String)> = items
        .iter()
        .filter(|item| item["name"] == "thread_name")
        .filter_map(|item| Some((item["tid"].as_u64()?, item["args"]["name"].as_str()?.to_owned())))
        .collect();
    let mut events = Vec::new();
    for item in items.iter().filter(|item| item["ph"] == "i") {
        let (Some(tid), Some(ts), Some(text)) =
            (item["tid"].as_u64(), item["ts"].as_f64(), item["name"].as_str())
        else {
            bail!("an event without tid, ts or name: {item}");
        };
        let task = rows.iter().find(|(row, _)| *row == tid).map_or("?", |(_, name)| name);
        events.push(Event { at: ts / 1e6, task: task.to_owned(), text: text.to_owned() });
    }
    Ok(events)
}

/// Pixels: the whole width, the labels' column, a row, a panel's title.
const WIDTH: f64 = 960.0;
const LABELS: f64 = 120.0;
const ROW: f64 = 22.0;
const TITLE: f64 = 28.0;

/// The SVG: a panel per run, a row per task (main first), the time axis at the foot.
fn draw(
    lesson: &str,
    scale: &str,
    tokio: &[Event],
    asyncio: Option<&[Event]>,
    declared: &Declared,
) -> String {
    let end = tokio.iter().chain(asyncio.unwrap_or(&[])).map(|e| e.at).fold(0.0, f64::max);
    let plot = WIDTH - LABELS - 20.0;
    let x = |at: f64| LABELS + if end > 0.0 { at / end * plot } else { 0.0 };
    let mut panels = vec![("tokio", tokio)];
    panels.extend(asyncio.map(|events| ("asyncio", events)));
    let count: usize = panels.iter().map(|(_, events)| rows(events).len()).sum();
    let height = panels.len() as f64 * TITLE + count as f64 * ROW + 50.0;
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{WIDTH}\" height=\"{height}\" \
         viewBox=\"0 0 {WIDTH} {height}\" font-family=\"monospace\" font-size=\"12\">\n\
         <title>{} at --scale {}: tokio above, asyncio below</title>\n\
         <rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n",
        escape(lesson),
        escape(scale)
    );
    let mut y = 0.0;
    for (runtime, events) in panels {
        let _ = writeln!(
            svg,
            "<text x=\"4\" y=\"{:.1}\" font-weight=\"bold\">{runtime}</text>",
            y + 18.0
        );
        y += TITLE;
        for (task, _) in rows(events) {
            let times: Vec<&Event> = events.iter().filter(|e| e.task == task).collect();
            let task = task.to_owned();
            let (first, last) = (times[0].at, times[times.len() - 1].at);
            let middle = y + ROW / 2.0;
            let _ = writeln!(
                svg,
                "<g class=\"row\"><text x=\"4\" y=\"{:.1}\">{}</text>\n\
                 <rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"6\" fill=\"#9ecae1\"/>",
                middle + 4.0,
                escape(&task),
                x(first),
                middle - 3.0,
                (x(last) - x(first)).max(1.0)
            );
            for event in times {
                let colour = if declared.expected(&event.text) { "#e6550d" } else { "#08519c" };
                let _ = writeln!(
                    svg,
                    "<circle cx=\"{:.1}\" cy=\"{middle:.1}\" r=\"4\" fill=\"{colour}\">\
                     <title>[{:.3}s] {}</title></circle>",
                    x(event.at),
                    event.at,
                    escape(&event.text)
                );
            }
            svg.push_str("</g>\n");
            y += ROW;
        }
    }
    // The axis: a tick and its time at each quarter.
    let _ = writeln!(
        svg,
        "<line x1=\"{LABELS}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\" stroke=\"black\"/>",
        y + 6.0,
        LABELS + plot,
        y + 6.0
    );
    for quarter in 0..=4 {
        let at = end * f64::from(quarter) / 4.0;
        let anchor = match quarter {
            0 => "start",
            4 => "end",
            _ => "middle",
        };
        let _ = writeln!(
            svg,
            "<line x1=\"{0:.1}\" y1=\"{1:.1}\" x2=\"{0:.1}\" y2=\"{2:.1}\" stroke=\"black\"/>\
             <text x=\"{0:.1}\" y=\"{3:.1}\" text-anchor=\"{anchor}\">{at:.3}s</text>",
            x(at),
            y + 2.0,
            y + 10.0,
            y + 24.0
        );
    }
    if asyncio.is_none() {
        let _ = writeln!(
            svg,
            "<text x=\"4\" y=\"{:.1}\">no asyncio run (no twin, or no python3)</text>",
            y + 42.0
        );
    }
    svg.push_str("</svg>\n");
    svg
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

    #[test]
    fn one_row_for_tokio_three_for_asyncio_and_the_text_on_hover() {
        let tokio = [event(0.0, "main", "coroutine 1 executing"), event(3.0, "main", "done")];
        let asyncio = [
            event(0.0, "task 1", "coroutine 1 executing"),
            event(0.0, "task 2", "coroutine 2 <executing>"),
            event(0.0, "task 3", "x"),
            event(3.0, "main", "done"),
        ];
        let svg = draw("gather", "1", &tokio, Some(&asyncio), &Declared::default());
        assert_eq!(svg.matches("<g class=\"row\">").count(), 5, "{svg}");
        assert!(svg.contains("<title>[0.000s] coroutine 2 &lt;executing&gt;</title>"), "{svg}");
        // main comes first in each panel.
        let asyncio_panel = &svg[svg.find(">asyncio<").unwrap()..];
        assert!(asyncio_panel.find(">main<").unwrap() < asyncio_panel.find(">task 1<").unwrap());
    }
}
