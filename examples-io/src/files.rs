//! # files: 100 files written and read back at once, with tokio::fs
//!
//! Run it: `cargo run -p examples-io -- files`
//! Its asyncio twin: `python/files.py`, run beside it by
//! `cargo xtask compare files`.
//!
//! The asyncio program: asyncio has no async files. `aiofiles` runs each call in
//! a thread; the standard library way is `asyncio.to_thread`. 100 files of 4 KiB,
//! each written, synced to the disk (`os.fsync`) and read back: first one by one
//! with plain blocking calls, then all at once, `to_thread` for each, gathered.
//!
//! `tokio::fs` is the same trick: operating systems offer no portable async file
//! API, so each `tokio::fs` call runs the blocking `std::fs` call on tokio's
//! blocking pool and awaits the result. The two differ in how the work is cut up:
//! `to_thread` sends a file's whole work to a thread in one hop, to asyncio's
//! default executor of `min(32, cores + 4)` threads (6 on 2 cores), so at most 6
//! files are worked on at once; here each call (create, write, sync, read) is a
//! hop of its own, as in `aiofiles`, to a pool that starts threads as needed, up
//! to 512: all 100 files at once.
//!
//! Files gain from concurrency only where they wait: here `sync_all`, the wait
//! for the disk, overlaps across threads. Without it the writes stop in the page
//! cache, and the hops cost more than they save (take the two `sync_all` lines out
//! and see). How much the waits overlap is the disk's to say, and the machine's:
//! from 0.7x to 5x on one 2-core VM, run after run. So this lesson claims no
//! speed-up: it measures it and shows it. The files live in a fresh folder under
//! the temp folder, removed at the end.
//!
//! You will see both passes find 100 of 100 files intact, and the speed-up.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context as _, Result};
use futures::future::try_join_all;
use lesson::{claim_speedup, say, speedup};
use tokio::io::AsyncWriteExt as _;

const FILES: usize = 100;
const CONTENT: [u8; 4096] = [b'x'; 4096];

/// One file with `std::fs`: written, synced to the disk, read back. It blocks the thread.
fn write_and_read_blocking(path: &Path) -> Result<bool> {
    let mut file = std::fs::File::create(path).with_context(|| format!("creating {path:?}"))?;
    file.write_all(&CONTENT).with_context(|| format!("writing {path:?}"))?;
    file.sync_all().with_context(|| format!("syncing {path:?}"))?; // waits for the disk
    Ok(std::fs::read(path).with_context(|| format!("reading {path:?}"))? == CONTENT)
}

/// The same with `tokio::fs`: each call runs on the blocking pool, awaited here.
async fn write_and_read(path: PathBuf) -> Result<bool> {
    let mut file =
        tokio::fs::File::create(&path).await.with_context(|| format!("creating {path:?}"))?;
    file.write_all(&CONTENT).await.with_context(|| format!("writing {path:?}"))?;
    file.sync_all().await.with_context(|| format!("syncing {path:?}"))?;
    Ok(tokio::fs::read(&path).await.with_context(|| format!("reading {path:?}"))? == CONTENT)
}

async fn both_passes(folder: &Path) -> Result<()> {
    let started = Instant::now();
    // Blocking calls in async code stall the thread: fine here, as nothing else runs.
    let mut intact = 0;
    for i in 0..FILES {
        intact += usize::from(write_and_read_blocking(&folder.join(format!("one-{i}")))?);
    }
    let one_by_one = started.elapsed();
    say!("one by one: {intact} of {FILES} files written, synced and read back intact");

    let started = Instant::now();
    // `gather`: all 100 at once, each call of each file a task on the blocking pool.
    let all = (0..FILES).map(|i| write_and_read(folder.join(format!("at-once-{i}"))));
    let intact = try_join_all(all).await?.into_iter().filter(|ok| *ok).count();
    let at_once = started.elapsed();
    say!("at once: {intact} of {FILES} files written, synced and read back intact");
    // On stderr; `writeln!`, as `eprintln!` panics if stderr is gone.
    let _ = writeln!(std::io::stderr(), "one by one {one_by_one:?}, at once {at_once:?}");
    speedup(one_by_one, at_once);
    Ok(())
}

pub async fn main() -> Result<()> {
    claim_speedup(None); // measured and shown: the disk decides it
    let name = format!("examples-io-files-{}", std::process::id());
    let folder = std::env::temp_dir().join(name);
    tokio::fs::create_dir(&folder).await.with_context(|| format!("creating {folder:?}"))?;
    say!("{FILES} files of 4 KiB, in a fresh folder");
    // Removed whatever happened in it; then its outcome.
    let outcome = both_passes(&folder).await;
    tokio::fs::remove_dir_all(&folder).await.with_context(|| format!("removing {folder:?}"))?;
    say!("the folder removed");
    outcome
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn every_file_comes_back_intact_and_the_folder_goes() {
        let run = lesson::test();
        main().await.unwrap();
        let lines = run.lines();
        let events: Vec<&str> = lines.iter().filter_map(|l| Some(l.split_once("] ")?.1)).collect();
        assert_eq!(
            events,
            [
                "100 files of 4 KiB, in a fresh folder",
                "one by one: 100 of 100 files written, synced and read back intact",
                "at once: 100 of 100 files written, synced and read back intact",
                "the folder removed",
            ]
        );
        // Measured, and claimed by no one: the disk decides it.
        assert_eq!(run.speed_up().0, None, "{lines:?}");
        assert!(run.speed_up().1.is_some(), "{lines:?}");
        let folder = std::env::temp_dir().join(format!("examples-io-files-{}", std::process::id()));
        assert!(!folder.exists());
    }
}
