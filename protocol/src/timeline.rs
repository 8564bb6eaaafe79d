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

/// A stretch in which the runtime's thread ran one piece of work without a break (a
/// poll of one task, a callback) long enough to see: a blocking call, a CPU loop.
/// Nothing else ran on that thread meanwhile.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Busy {
    pub from: f64,
    pub to: f64,
}

/// The shortest stretch a run records as busy: shorter ones are ordinary polls, or
/// a busy machine taking the thread away for a moment.
pub const BUSY_AT_LEAST: f64 = 0.030;

/// The name of the row the busy stretches are drawn on.
pub const THREAD_ROW: &str = "the thread";

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

/// The picture, `width` columns wide: a row per task, `*` where it printed, each
/// mark followed by its line cut short where there is room before the next, `-`
/// between a task's first and last line; first, where the run held its thread, a
/// row with `#` for each busy stretch; under it all a time axis with round ticks.
pub fn picture(events: &[Event], busy: &[Busy], width: usize) -> String {
    let rows = rows(events);
    let thread = if busy.is_empty() { 0 } else { THREAD_ROW.len() };
    let widest = rows.iter().map(|(task, _)| task.len()).max().unwrap_or(4).max(thread);
    let label = widest.clamp(4, 16);
    let plot = width.saturating_sub(label + 1).max(10);
    let end = events.iter().map(|e| e.at).chain(busy.iter().map(|b| b.to)).fold(0.0, f64::max);
    // A tick every `step`, as many as fit with a space between their times.
    let ticks = ticks(end, (plot / 6).max(1));
    let axis_end = ticks.last().copied().unwrap_or(0.0).max(end);
    let column = |at: f64| {
        if axis_end > 0.0 { (at / axis_end * (plot - 1) as f64).round() as usize } else { 0 }
    };
    let mut out = String::new();
    if !busy.is_empty() {
        let mut cells = vec![' '; plot];
        for stretch in busy {
            cells[column(stretch.from)..=column(stretch.to)].fill('#');
        }
        let cells: String = cells.into_iter().collect();
        let _ = writeln!(
            out,
            "{:<label$} {}",
            &THREAD_ROW[..THREAD_ROW.len().min(label)],
            cells.trim_end()
        );
    }
    for (task, times) in &rows {
        let mut cells = vec![' '; plot];
        let (first, last) = (column(times[0]), column(*times.last().unwrap_or(&times[0])));
        cells[first..=last].fill('-');
        let texts: Vec<&str> =
            events.iter().filter(|e| e.task == *task).map(|e| e.text.as_str()).collect();
        let marks: Vec<usize> = times.iter().map(|at| column(*at)).collect();
        for (i, (&col, text)) in marks.iter().zip(&texts).enumerate() {
            cells[col] = '*';
            // The room up to the next mark further on (a space before it), or the edge.
            let next = marks[i + 1..].iter().find(|&&c| c > col).map_or(plot + 1, |&c| c);
            // Marks in one column: the first one's line.
            let first_here = i == 0 || marks[i - 1] != col;
            if let (true, Some(short)) = (first_here, short(text, next - col - 2)) {
                for (j, c) in short.chars().enumerate() {
                    cells[col + 1 + j] = c;
                }
            }
        }
        let task: String = task.chars().take(label).collect();
        let cells: String = cells.into_iter().collect();
        let _ = writeln!(out, "{task:<label$} {}", cells.trim_end());
    }
    let mut axis = vec![' '; plot];
    let mut times = vec![' '; plot];
    // Each tick's time under it where there is room, a space at least between two;
    // the last always, in place of the one before if need be.
    let mut labels: Vec<(usize, String)> = Vec::new();
    for (i, at) in ticks.iter().enumerate() {
        let col = column(*at).min(plot - 1);
        axis[col] = '|';
        let text = seconds(*at);
        let start = col.min(plot - text.len());
        let last = i + 1 == ticks.len();
        while last && labels.last().is_some_and(|(s, t)| s + t.len() >= start) {
            labels.pop();
        }
        if labels.last().is_none_or(|(s, t)| s + t.len() < start) {
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

/// Round times for an axis that reaches `end`: 0 and every step of 1, 2 or 5 times a
/// power of ten, the smallest step that needs at most `most` steps; the last tick is
/// after `end`, or before it by less than a quarter of a step (a run of 0.302 s ends
/// its axis at 0.3 s, not 0.35 s): the axis ends at the later of the two.
pub fn ticks(end: f64, most: usize) -> Vec<f64> {
    if end.is_nan() || end <= 0.0 || end.is_infinite() {
        return vec![0.0];
    }
    let most = most.max(1) as f64;
    let mut power = 10f64.powf((end / most).log10().floor());
    let step = loop {
        match [1.0, 2.0, 5.0].iter().map(|m| m * power).find(|step| (end / step).ceil() <= most) {
            Some(step) => break step,
            None => power *= 10.0,
        }
    };
    let count = (end / step - 0.25).ceil().max(1.0) as u32;
    // Multiplied, not added up: 0.1 + 0.1 + 0.1 is not 0.3.
    (0..=count).map(|n| (f64::from(n) * step * 1e9).round() / 1e9).collect()
}

/// `text` in at most `room` characters: whole, or cut with `…`; nothing when fewer
/// than four characters would show.
pub fn short(text: &str, room: usize) -> Option<String> {
    let count = text.chars().count();
    if count <= room {
        return Some(text.to_owned());
    }
    if room < 4 {
        return None;
    }
    let mut cut: String = text.chars().take(room - 1).collect();
    cut.push('…');
    Some(cut)
}

/// `1.5s`, `0.25s`, `0s`: a time for the axis, as short as it goes.
pub fn seconds(at: f64) -> String {
    let text = format!("{at:.3}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    format!("{text}s")
}

/// The events as a Chrome trace: a row (`tid`) per task, named; each task's life
/// from its first to its last line as a span (`X`), each line an instant (`i`); the
/// thread's busy stretches as spans (`X`, category `busy`) on a row of their own.
pub fn chrome_trace(events: &[Event], busy: &[Busy], process: &str) -> String {
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
    if !busy.is_empty() {
        let tid = rows.len();
        items.push(format!(
            r#"{{"name":"thread_name","ph":"M","pid":1,"tid":{tid},"args":{{"name":{}}}}}"#,
            json(THREAD_ROW)
        ));
        for stretch in busy {
            items.push(format!(
                r#"{{"name":"busy","cat":"busy","ph":"X","pid":1,"tid":{tid},"ts":{},"dur":{}}}"#,
                micros(stretch.from),
                micros(stretch.to).saturating_sub(micros(stretch.from))
            ));
        }
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
        let picture = picture(&events, &[], 30);
        assert_eq!(
            picture,
            "main   *start----------------*\n\
             task 1 *a---------*b\n       \
             |          |          |\n       \
             0s         1s        2s\n"
        );
        // A line cut short where the next mark comes; none where two share a column.
        let events = [
            event(0.0, "main", "coroutine 1 executing"),
            event(0.0, "main", "coroutine 2 executing"),
            event(1.0, "main", "coroutine 2 done"),
            event(3.0, "main", "Received Results"),
        ];
        assert_eq!(
            super::picture(&events, &[], 40),
            "main *coroutin…-*coroutine 2 done------*\n     \
             |          |           |          |\n     \
             0s         1s          2s        3s\n"
        );
        assert!(picture.lines().all(|line| line.chars().count() <= 30), "{picture}");
    }

    #[test]
    fn a_held_thread_and_crowded_ticks() {
        let events = [event(0.0, "task 1", "blocks"), event(0.18, "task 1", "awake")];
        let picture = picture(&events, &[Busy { from: 0.0, to: 0.1 }], 80);
        let lines: Vec<&str> = picture.lines().collect();
        assert!(lines[0].starts_with("the thread #####"), "{picture}");
        // The times under the ticks never run together; the last is there.
        let times = lines.last().expect("the times");
        assert!(times.ends_with("0.18s") && !times.contains("s0"), "{picture}");
    }

    #[test]
    fn ticks_are_round() {
        assert_eq!(ticks(3.0, 8), [0.0, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0]);
        assert_eq!(ticks(0.439, 5), [0.0, 0.1, 0.2, 0.3, 0.4, 0.5]);
        assert_eq!(ticks(2.251, 4), [0.0, 1.0, 2.0, 3.0]);
        assert_eq!(ticks(0.3, 8), [0.0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3]);
        assert_eq!(ticks(0.0, 8), [0.0]);
        assert_eq!(ticks(0.302, 8), [0.0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3]);
        assert_eq!(short("coroutine 1", 11).as_deref(), Some("coroutine 1"));
        assert_eq!(short("coroutine 1", 5).as_deref(), Some("coro…"));
        assert_eq!(short("coroutine 1", 3), None);
    }

    #[test]
    fn a_chrome_trace_names_its_rows_and_escapes_text() {
        let busy = [Busy { from: 0.5, to: 1.5 }];
        let trace = chrome_trace(&[event(0.25, "main", "say \"hi\"")], &busy, "tokio: x");
        assert!(
            trace.contains(
                r#"{"name":"busy","cat":"busy","ph":"X","pid":1,"tid":1,"ts":500000,"dur":1000000}"#
            ),
            "{trace}"
        );
        assert!(trace.contains(r#""tid":1,"args":{"name":"the thread"}"#), "{trace}");
        assert!(trace.contains(r#""args":{"name":"tokio: x"}"#), "{trace}");
        assert!(
            trace.contains(r#"{"name":"say \"hi\"","ph":"i","s":"t","pid":1,"tid":0,"ts":250000}"#),
            "{trace}"
        );
    }
}
