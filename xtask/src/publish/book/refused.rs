//! The programs a lesson shows the compiler refusing (`<crate>/tests/wont_compile/`,
//! each named in the lesson's header), compiled when the book is built, with rustc's
//! own error text for the page. Each is compiled as the crate's `wont_compile` test
//! compiles it (`protocol::refused`), against the tokio the lessons were built with,
//! and must still fail with what its header says rustc says.

use std::path::Path;

use anyhow::{Context as _, Result};

/// One refused program: its file, its text, and rustc's errors for it.
pub struct Refused {
    pub file: String,
    pub source: String,
    pub errors: String,
}

/// The refused programs `header` names (by file name) in `krate`'s
/// `tests/wont_compile/`, each compiled; an error when one compiles, or fails
/// otherwise than its header says.
pub fn refused(root: &Path, krate: &str, header: &str, deps: &Path) -> Result<Vec<Refused>> {
    let folder = root.join(krate).join("tests/wont_compile");
    let Ok(entries) = std::fs::read_dir(&folder) else { return Ok(Vec::new()) };
    let mut files: Vec<String> = entries
        .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
        .filter(|name| name.ends_with(".rs") && header.contains(&format!("`{name}`")))
        .collect();
    // In the order the header names them.
    files.sort_by_key(|name| header.find(&format!("`{name}`")));
    let mut programs = Vec::new();
    for file in files {
        let path = format!("{krate}/tests/wont_compile/{file}");
        let source =
            std::fs::read_to_string(root.join(&path)).with_context(|| format!("reading {path}"))?;
        // From the root, so that rustc names it by its path in the repository.
        let errors =
            protocol::refused::errors(Path::new(&path), root, deps).map_err(anyhow::Error::msg)?;
        programs.push(Refused { file, source, errors: without_registry(&errors) });
    }
    Ok(programs)
}

/// A dependency's source named from its crate's folder (`tokio-1.54.1/src/..`), not
/// from this machine's cargo registry.
fn without_registry(errors: &str) -> String {
    let mut out = String::new();
    for line in errors.split_inclusive('\n') {
        match line.find("/registry/src/") {
            Some(at) => {
                let start = line[..at].rfind(' ').map_or(0, |space| space + 1);
                let rest = &line[at + "/registry/src/".len()..];
                // The index's folder (`index.crates.io-<hash>/`), then the crate's.
                let rest = rest.split_once('/').map_or(rest, |(_, crate_path)| crate_path);
                out += &line[..start];
                out += rest;
            }
            None => out += line,
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_programs_the_header_names_in_its_order() {
        let root = std::env::temp_dir().join(format!("xtask-refused-test-{}", std::process::id()));
        let folder = root.join("k/tests/wont_compile");
        std::fs::create_dir_all(&folder).expect("a folder");
        // No tokio in an empty deps: the named program cannot even be tried.
        std::fs::write(folder.join("b.rs"), "//! x\n").expect("a file");
        let deps = root.join("deps");
        std::fs::create_dir_all(&deps).expect("deps");
        assert!(refused(&root, "k", "none named", &deps).expect("nothing named").is_empty());
        assert!(refused(&root, "k", "- `b.rs`: refused", &deps).is_err());
        assert!(refused(&root, "other", "- `b.rs`", &deps).expect("no folder").is_empty());
        let _ = std::fs::remove_dir_all(&root);
        assert_eq!(
            without_registry(
                "  --> /root/.cargo/registry/src/index.crates.io-1949/tokio-1.54.1/src/a.rs:1:2\nx\n"
            ),
            "  --> tokio-1.54.1/src/a.rs:1:2\nx\n"
        );
    }
}
