//! One scheduler for everything that runs many lessons (run-all, the book): those
//! that measure a speed-up one at a time, with the machine to themselves, then the
//! rest, which mostly wait, side by side, each started a moment after the last.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use crate::signals;

/// The least time between two starts: a lesson's first milliseconds (the process,
/// the runtime, its first lines) are its busiest, and a lesson that claims 0 s has
/// only the grace to spare.
pub const STAGGER: Duration = Duration::from_millis(30);

/// Run `job(i)` for each `i` in `0..count`: first each `i` that is `alone`, one
/// at a time, then the others `at_once` at a time. Nothing new starts once a
/// signal has stopped the run. What each job returns comes back at its index;
/// `None` for a job not started.
pub fn each<T: Send>(
    count: usize,
    alone: impl Fn(usize) -> bool,
    at_once: usize,
    job: impl Fn(usize) -> T + Sync,
) -> Vec<Option<T>> {
    let results: Vec<Mutex<Option<T>>> = (0..count).map(|_| Mutex::new(None)).collect();
    let run = |i: usize| {
        if !signals::interrupted() {
            let result = job(i);
            *results[i].lock().unwrap_or_else(PoisonError::into_inner) = Some(result);
        }
    };
    let (alone, side_by_side): (Vec<usize>, Vec<usize>) = (0..count).partition(|&i| alone(i));
    alone.into_iter().for_each(run);
    let next = AtomicUsize::new(0);
    let last_start = Mutex::new(Instant::now());
    let start_in_turn = || {
        let mut last = last_start.lock().unwrap_or_else(PoisonError::into_inner);
        std::thread::sleep(STAGGER.saturating_sub(last.elapsed()));
        *last = Instant::now();
    };
    std::thread::scope(|scope| {
        for _ in 0..at_once.clamp(1, side_by_side.len().max(1)) {
            scope.spawn(|| {
                while let Some(&i) = side_by_side.get(next.fetch_add(1, Ordering::SeqCst)) {
                    start_in_turn();
                    run(i);
                }
            });
        }
    });
    results.into_iter().map(|r| r.into_inner().unwrap_or_else(PoisonError::into_inner)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_job_runs_once_alone_ones_first_and_results_keep_their_place() {
        let order = Mutex::new(Vec::new());
        let results = each(
            6,
            |i| i % 3 == 0,
            4,
            |i| {
                order.lock().unwrap().push(i);
                i * 10
            },
        );
        assert_eq!(results, (0..6).map(|i| Some(i * 10)).collect::<Vec<_>>());
        let order = order.into_inner().unwrap();
        assert_eq!(&order[..2], [0, 3], "the alone ones first, in order");
        let mut rest = order[2..].to_vec();
        rest.sort_unstable();
        assert_eq!(rest, [1, 2, 4, 5]);
    }
}
