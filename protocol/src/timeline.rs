//! A run as a picture: one row per task, time across. The events are what a lesson
//! (or its asyncio twin) printed, each with the task that printed it. Written here
//! once, as plain text for a terminal and as a Chrome trace (the JSON that Perfetto
//! and `chrome://tracing` open, and that `tracing-chrome` writes).

use std::fmt::Write as _;

/// One printed line: when (seconds since the run began), by which task, what.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    pub at: f64,
    pub task: String,
    pub text: String,
}

/// The rows of a picture: each task with the times it printed, "main" first, the
/// others in the order they first printed.
pub fn rows(events: &[Event]) -> Vec<(&str, Vec<f64>)> {
    let mut rows: Vec<(&str, Vec<f64>)> = Vec::new();
    for event in events {
        match rows.iter_mut().find(|(task, _)| *task == event.task) {
            Some((_, times)) => times.push(event.at),
            None => rows.push((&event.task, vec![event.at])),
        }
    }
    rows.sort_by_key(|(task, _)| *task != "main");
    rows
}

/// The picture, `width` columns wide: a row per task, `*` where it printed and `-`
/// between its first and last line, under a time axis.
pub fn picture(events: &[Event], width: usize) -> String {
    let rows = rows(events);
    let label = rows.iter().map(|(task, _)| task.len()).max().unwrap_or(4).clamp(4, 16);
    let plot = width.saturating_sub(label + 1).max(10);
    let end = events.iter().map(|e| e.at).fold(0.0, f64::max);
    let column =
        |at: f64| if end > 0.0 { (at / end * (plot - 1) as f64).round() as usize } else { 0 };
    let mut out = String::new();
    for (task, times) in &rows {
        let mut cells = vec![' '; plot];
        let (first, last) = (column(times[0]), column(*times.last().unwrap_or(&times[0])));
        cells[first..=last].fill('-');
        for at in times {
            cells[column(*at)] = '*';
        }
        let task: String = task.chars().take(label).collect();
        let cells: String = cells.into_iter().collect();
        let _ = writeln!(out, "{task:<label$} {}", cells.trim_end());
    }
    // The axis: a mark at each quarter, its time under it where there is room (the
    // first and the last always; one space at least between two).
    let mut axis = vec![' '; plot];
    let mut times = vec![' '; plot];
    let mut labels: Vec<(usize, String)> = Vec::new();
    for quarter in [0, 4, 1, 2, 3] {
        let at = end * f64::from(quarter) / 4.0;
        let col = column(at).min(plot - 1);
        axis[col] = '|';
        let text = seconds(at);
        let start = if quarter == 4 { (plot - text.len()).min(col) } else { col };
        let (from, to) = (start, start + text.len());
        let free = labels.iter().all(|(at, other)| to < *at || from > at + other.len());
        if free && to <= plot {
            labels.push((start, text));
        }
    }
    for (start, text) in labels {
        for (i, c) in text.chars().enumerate() {
            times[start + i] = c;
        }
    }
    let axis: String = axis.into_iter().collect();
    let times: String = times.into_iter().collect();
    let _ = writeln!(out, "{:label$} {}", "", axis.trim_end());
    let _ = writeln!(out, "{:label$} {}", "", times.trim_end());
    out
}

/// `1.5s`, `0.25s`, `0s`: a time for the axis, as short as it goes.
fn seconds(at: f64) -> String {
    let text = format!("{at:.3}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    format!("{text}s")
}

/// The events as a Chrome trace: a row (`tid`) per task, named; each task's life
/// from its first to its last line as a span (`X`), each line an instant (`i`).
pub fn chrome_trace(events: &[Event], process: &str) -> String {
    let micros = |at: f64| (at * 1e6).round() as u64;
    let mut items = vec![format!(
        r#"{{"name":"process_name","ph":"M","pid":1,"tid":0,"args":{{"name":{}}}}}"#,
        json(process)
    )];
    let rows = rows(events);
    for (tid, (task, times)) in rows.iter().enumerate() {
        let (first, last) = (times[0], *times.last().unwrap_or(&times[0]));
        items.push(format!(
            r#"{{"name":"thread_name","ph":"M","pid":1,"tid":{tid},"args":{{"name":{}}}}}"#,
            json(task)
        ));
        items.push(format!(
            r#"{{"name":{},"ph":"X","pid":1,"tid":{tid},"ts":{},"dur":{}}}"#,
            json(task),
            micros(first),
            micros(last) - micros(first)
        ));
    }
    for event in events {
        let tid = rows.iter().position(|(task, _)| *task == event.task).unwrap_or(0);
        items.push(format!(
            r#"{{"name":{},"ph":"i","s":"t","pid":1,"tid":{tid},"ts":{}}}"#,
            json(&event.text),
            micros(event.at)
        ));
    }
    format!("[\n{}\n]\n", items.join(",\n"))
}

/// A JSON string.
fn json(text: &str) -> String {
    let mut out = String::from('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if u32::from(c) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(at: f64, task: &str, text: &str) -> Event {
        Event { at, task: task.into(), text: text.into() }
    }

    #[test]
    fn a_row_per_task_marks_where_it_printed() {
        let events = [
            event(0.0, "main", "start"),
            event(0.0, "task 1", "a"),
            event(1.0, "task 1", "b"),
            event(2.0, "main", "end"),
        ];
        let picture = picture(&events, 30);
        assert_eq!(
            picture,
            "main   *---------------------*\n\
             task 1 *----------*\n       \
             |     |    |     |    |\n       \
             0s    0.5s 1s        2s\n"
        );
        assert!(picture.lines().all(|line| line.chars().count() <= 30), "{picture}");
    }

    #[test]
    fn a_chrome_trace_names_its_rows_and_escapes_text() {
        let trace = chrome_trace(&[event(0.25, "main", "say \"hi\"")], "tokio: x");
        assert!(trace.contains(r#""args":{"name":"tokio: x"}"#), "{trace}");
        assert!(
            trace.contains(r#"{"name":"say \"hi\"","ph":"i","s":"t","pid":1,"tid":0,"ts":250000}"#),
            "{trace}"
        );
    }
}
