//! Enough open files for a lesson: not a lesson, the crate's plumbing around one.

use anyhow::Result;

/// Make sure `wanted` files (sockets count) can be open at once, for `why`. Raises
/// the soft limit (`ulimit -n`) toward the hard one when that is enough, as Go's
/// runtime does at start; otherwise says in one line what to raise (exit status 2).
pub fn enough(wanted: u64, why: &str) -> Result<()> {
    #[cfg(unix)]
    {
        use anyhow::Context as _;
        use rlimit::Resource;
        let (soft, hard) = rlimit::getrlimit(Resource::NOFILE).context("reading `ulimit -n`")?;
        if soft >= wanted {
            return Ok(());
        }
        if hard >= wanted {
            return rlimit::setrlimit(Resource::NOFILE, wanted, hard)
                .context("raising `ulimit -n`");
        }
        Err(lesson::BadInput(format!(
            "{why}: about {wanted} open files, and `ulimit -n` allows at most {hard} here; \
             raise the hard limit to {wanted} (`ulimit -Hn {wanted}`, as root)"
        ))
        .into())
    }
    #[cfg(not(unix))]
    {
        let _ = (wanted, why);
        Ok(())
    }
}
