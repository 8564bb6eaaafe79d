//! # hand-made-future: what a future is underneath
//!
//! Run it: `cargo run -p examples-futures -- hand-made-future`
//! Its asyncio twin: `python/hand_made_future.py`, run beside it by
//! `cargo xtask compare hand-made-future`.
//!
//! `asyncio.Future` is a slot with a list of callbacks: `await` parks the
//! coroutine, `set_result` stores the value and schedules the callbacks. This
//! lesson builds the same slot by hand, implementing `std::future::Future`:
//!
//! - `poll` is the runtime asking "ready yet?". If not, the future stores the
//!   `Waker` it was given and returns `Pending`; the task then sleeps.
//! - `set_result` stores the value and calls `wake()`: the runtime polls again.
//!
//! A correct future is polled about twice: once to park, once to finish. A
//! future that returns `Pending` without arranging a wake-up hangs; one that
//! wakes itself at once turns into a busy loop. The printed poll count shows
//! neither happens. (`tokio::sync::oneshot`, in `set-result`, is this, done well.)
//!
//! You will see `Future is done!` at 2 s and `polled 2 times`.

use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::task::{Context, Poll, Waker};

use anyhow::Result;
use lesson::{claim, say, secs};
use tokio::time::sleep;

#[derive(Debug, Default)]
struct Slot {
    value: Option<String>,
    waker: Option<Waker>,
    polls: u32,
}

/// The awaiting half.
#[derive(Debug, Default)]
pub struct HandMadeFuture(Arc<Mutex<Slot>>);

/// The `set_result` half.
#[derive(Debug)]
pub struct Setter(Arc<Mutex<Slot>>);

impl HandMadeFuture {
    pub fn setter(&self) -> Setter {
        Setter(Arc::clone(&self.0))
    }

    pub fn polls(&self) -> u32 {
        lock(&self.0).polls
    }
}

impl Future for HandMadeFuture {
    type Output = String;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<String> {
        let mut slot = lock(&self.0);
        slot.polls += 1;
        match slot.value.take() {
            Some(value) => Poll::Ready(value),
            None => {
                // Keep the latest waker: the future may have moved to another task.
                slot.waker = Some(cx.waker().clone());
                Poll::Pending
            }
        }
    }
}

impl Setter {
    pub fn set_result(self, value: String) {
        let waker = {
            let mut slot = lock(&self.0);
            slot.value = Some(value);
            slot.waker.take()
        };
        // Wake outside the lock: the woken task may poll (and lock) right away.
        if let Some(waker) = waker {
            waker.wake();
        }
    }
}

fn lock(slot: &Mutex<Slot>) -> MutexGuard<'_, Slot> {
    slot.lock().unwrap_or_else(PoisonError::into_inner)
}

pub async fn main() -> Result<()> {
    claim(2.0, 2.0);
    let mut fut = HandMadeFuture::default();
    let setter = fut.setter();
    tokio::spawn(async move {
        sleep(secs(2.0)).await;
        setter.set_result("Future is done!".to_owned());
    });
    // `&mut fut` is itself a future (ours is `Unpin`), so we keep `fut` to ask its poll count.
    let value = (&mut fut).await;
    say!("{value}");
    say!("polled {} times", fut.polls());
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn the_value_arrives_after_two_polls() {
        let run = lesson::test();
        main().await.unwrap();
        assert_eq!(
            run.lines(),
            ["claim: ideal 2.000s", "[ 2.000s] Future is done!", "[ 2.000s] polled 2 times"]
        );
        assert_eq!(run.elapsed(), run.claim().ideal);
    }
}
