//! cpu-bound's worker process (the lesson's program started again with a hidden
//! first argument): the part of the lesson a learner did not come to read. Its copy
//! takes it along.

use std::io::{Read as _, Write as _};

use anyhow::{Context as _, Result};

/// `cpu-bound-worker STEPS`: one job, its result on stdout.
pub fn one_job(job: fn(u64) -> u64) -> Result<()> {
    // Nothing comes on stdin: it ends when the lesson does, and so does this job.
    std::thread::spawn(|| {
        let _ = std::io::stdin().read(&mut [0]);
        std::process::exit(1);
    });
    let steps = std::env::args().nth(2).context("usage: cpu-bound-worker STEPS")?;
    let result = job(steps.parse()?);
    // If nobody reads it, the lesson has gone: there is nobody to tell either.
    let _ = writeln!(std::io::stdout(), "{result}");
    Ok(())
}
