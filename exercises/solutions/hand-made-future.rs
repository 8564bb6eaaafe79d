//! # hand-made-future: `Pending` is a promise to wake
//!
//! The asyncio program it mirrors, at the level of the event loop:
//!
//! ```python
//! class ThirdTime:                      # done on its third poll
//!     def __await__(self):
//!         yield                         # give the loop a turn; it resumes us
//!         yield
//!         return 3
//! ```
//!
//! asyncio resumes a bare `yield` on the next turn by itself. A Rust executor polls a
//! future again only after its `Waker` is woken: `poll` below returns `Pending`
//! without waking, so nothing polls it again (the test gives up after 60 s). Wake it
//! (`cx.waker().wake_by_ref()`) before returning `Pending`. Done: 3 polls, 0 s.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

#[derive(Debug, Default)]
pub struct ThirdTime {
    polls: u32,
}

impl Future for ThirdTime {
    type Output = u32;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<u32> {
        self.polls += 1;
        if self.polls < 3 {
            cx.waker().wake_by_ref();
            return Poll::Pending;
        }
        Poll::Ready(self.polls)
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use tokio::time::Instant;

    #[tokio::test(start_paused = true)]
    async fn ready_on_the_third_poll() {
        let start = Instant::now();
        let polls =
            tokio::time::timeout(Duration::from_secs(60), super::ThirdTime::default()).await;
        let took = start.elapsed().as_secs_f64();
        assert!(
            took == 0.0,
            "took {took:.3} ideal 0.000: poll returned Pending and nothing woke it"
        );
        assert_eq!(polls.ok(), Some(3), "polls");
    }
}
