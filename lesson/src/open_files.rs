//! Enough open files for a lesson that holds many sockets at once.

use anyhow::Result;

/// What [`open_files`] found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpenFiles {
    /// As many may be open at once as were wanted (the soft limit raised if need be).
    Enough,
    /// Not so many: the hard limit (`ulimit -Hn`) allows at most this.
    AtMost(u64),
}

/// Make sure `wanted` files (sockets count) can be open at once: raise the soft
/// limit (`ulimit -n`) toward the hard one when that is enough, as Go's runtime does
/// at start. What to say when it is not is the caller's: it knows what to lower.
pub fn open_files(wanted: u64) -> Result<OpenFiles> {
    #[cfg(unix)]
    {
        use anyhow::Context as _;
        use rlimit::Resource;
        let (soft, hard) = rlimit::getrlimit(Resource::NOFILE).context("reading `ulimit -n`")?;
        if soft >= wanted {
            return Ok(OpenFiles::Enough);
        }
        if hard < wanted {
            return Ok(OpenFiles::AtMost(hard));
        }
        rlimit::setrlimit(Resource::NOFILE, wanted, hard).context("raising `ulimit -n`")?;
    }
    #[cfg(not(unix))]
    let _ = wanted;
    Ok(OpenFiles::Enough)
}
