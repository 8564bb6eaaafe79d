//! A twin as the plain asyncio program a Python programmer writes, made by rote as
//! `copies` makes the plain tokio one (python/lesson.py says what twins use):
//!
//! | in a twin                          | in the plain program          |
//! |------------------------------------|-------------------------------|
//! | `say(..)`                          | `print(..)`                   |
//! | `secs(x)`                          | `x`                           |
//! | `duration(x)`                      | `f"{x}s"` (`{x}s` in an f-string) |
//! | `claim(..)`, `claim_speedup(..)`, `speedup(..)` | (deleted)        |
//! | `difference(..)`, `different_work(..)` | (deleted)                 |
//! | `Failed`, `lesson.Failed`          | `RuntimeError`                |
//! | `Interrupted`                      | `KeyboardInterrupt`           |
//! | `import lesson`, `from lesson import ..` | (deleted)               |
//! | `lesson.run(main)`                 | `asyncio.run(main())`         |
//! | `lesson.run(main, options=[..])`   | argparse, then `asyncio.run(main(args))` |
//!
//! and the module's docstring left out: its prose is the page's. An `if` or `for`
//! that held only deleted lines goes with them. The HTTP twins keep their helpers,
//! `lesson_http` (python/lesson_http.py), as the plain tokio ones keep `http.rs`.

use anyhow::{Result, bail};

/// The statements deleted whole, each a call that may span lines.
const DELETED: [&str; 7] = [
    "claim(",
    "claim_speedup(",
    "speedup(",
    "difference(",
    "lesson.difference(",
    "different_work(",
    "lesson.different_work(",
];

/// The options twins take (python/lesson.py's and python/lesson_http.py's), as a
/// plain program declares them; the run checks that it prints the twin's lines.
const ARGUMENTS: [(&str, &str); 7] = [
    ("seed", r#"parser.add_argument("--seed", type=int)"#),
    (
        "delays",
        r#"parser.add_argument("--delays", type=lambda text: [int(d) for d in text.split(",")])"#,
    ),
    ("base", r#"parser.add_argument("--base")"#),
    ("timeout", r#"parser.add_argument("--timeout", type=float, default=10.0)"#),
    ("max-bytes", r#"parser.add_argument("--max-bytes", type=int, default=64 << 20)"#),
    ("requests", r#"parser.add_argument("--requests", type=int, default=200)"#),
    ("concurrency", r#"parser.add_argument("--concurrency", type=int, default=20)"#),
];

/// `twin` (a python/ file's text) as a plain asyncio program, or why the table
/// cannot make it one (it names more of `lesson`, or options the table lacks).
pub fn plain(twin: &str) -> Result<String> {
    let body = without_docstring(twin);
    let is_async = body.contains("\nasync def main(");
    let mut out = Vec::new();
    let mut parses_options = false;
    let mut lines = body.lines();
    while let Some(line) = lines.next() {
        let code = line.trim_start();
        if code == "import lesson" || code.starts_with("from lesson import ") {
            continue;
        }
        if DELETED.iter().any(|call| code.starts_with(call)) {
            // The rest of the call, up to its closing parenthesis.
            let mut depth = depth(code);
            while depth > 0 {
                let Some(more) = lines.next() else { bail!("a call that never closes: {code}") };
                depth += self::depth(more);
            }
            continue;
        }
        if code == "lesson.run(main)" {
            // A plain `def main` drives its own loop (or none): it is called as it is.
            let entry = if is_async { "asyncio.run(main())" } else { "main()" };
            out.push(line.replace("lesson.run(main)", entry));
            continue;
        }
        if code.starts_with("lesson.run(") {
            let mut call = code.to_owned();
            let mut depth = depth(code);
            while depth > 0 {
                let Some(more) = lines.next() else { bail!("a call that never closes: {code}") };
                depth += self::depth(more);
                call += more.trim();
            }
            let indent = &line[..line.len() - code.len()];
            out.extend(arguments(&call, body)?.into_iter().map(|l| format!("{indent}{l}")));
            parses_options = true;
            continue;
        }
        let line = line.replace("lesson.Failed", "Failed");
        let line = replace_word(&line, "Interrupted", "KeyboardInterrupt");
        out.push(replace_word(&line, "Failed", "RuntimeError"));
    }
    // `asyncio.run` needs asyncio, which a twin may have left to `lesson` to import,
    // and options need argparse: both come first, in that order.
    let imports =
        |out: &[String], module: &str| out.iter().any(|l| l == &format!("import {module}"));
    for (needed, module) in [(is_async, "asyncio"), (parses_options, "argparse")] {
        if needed && !imports(&out, module) {
            let at = out
                .iter()
                .position(|l| l.starts_with("import ") || l.starts_with("from "))
                .unwrap_or(0);
            out.insert(at, format!("import {module}"));
        }
    }
    // A loop or an `if` that held only deleted lines (a claim, the differences)
    // goes with them, and its comments with it.
    let indent = |line: &str| line.len() - line.trim_start().len();
    let mut i = 0;
    while i < out.len() {
        let line = out[i].trim_start();
        let block = out[i + 1..]
            .iter()
            .take_while(|l| l.trim().is_empty() || indent(l) > indent(&out[i]))
            .count();
        let empty = out[i + 1..=i + block].iter().all(|l| {
            let l = l.trim_start();
            l.is_empty() || l.starts_with('#')
        });
        if (line.starts_with("for ") || line.starts_with("if ")) && line.ends_with(':') && empty {
            // Its blank lines after it stay: they part what comes next.
            let trailing = out[i + 1..=i + block].iter().rev().take_while(|l| l.trim().is_empty());
            let keep = trailing.count();
            out.drain(i..=i + block - keep);
        } else {
            i += 1;
        }
    }
    // The calls, over the whole text: a call may span lines.
    let text = out.join("\n");
    let text = calls(&text, "say(", |args| format!("print({args})"));
    let text = calls(&text, "secs(", str::to_owned);
    // `{1.0}s` is `1.0s`: a number needs no braces.
    let text = in_braces(&text, "duration(", |args| {
        if args.parse::<f64>().is_ok() { format!("{args}s") } else { format!("{{{args}}}s") }
    });
    let mut text = calls(&text, "duration(", |args| format!("f\"{{{args}}}s\""));
    // Blank lines left where the docstring or the deleted lines were: at most two.
    while text.contains("\n\n\n\n") {
        text = text.replace("\n\n\n\n", "\n\n\n");
    }
    let text = text.trim_start_matches('\n').to_owned() + "\n";
    let left: Vec<&str> = ["lesson.", "say(", "secs(", "claim(", "duration(", "speedup("]
        .into_iter()
        .filter(|name| {
            text.match_indices(name).any(|(at, _)| {
                !text[..at].ends_with(|c: char| c.is_alphanumeric() || c == '_' || c == '.')
            })
        })
        .collect();
    if !left.is_empty() {
        bail!("it names {} beyond the table", left.join(", "));
    }
    Ok(text)
}

/// `lesson.run(main, options=[..], urls=True, check=..)` (the whole call, on one line)
/// as a plain program's argparse and `asyncio.run`. `--seed` is there when `main`
/// reads it (every twin may take it); `--scale` never is: the plain program's
/// seconds are seconds; `check` is left out: it refuses bad input, as the twin does.
fn arguments(call: &str, body: &str) -> Result<Vec<String>> {
    let Some(list) = call.split_once("options=[").and_then(|(_, rest)| rest.split_once(']')) else {
        bail!("options not given as a list: {call}");
    };
    let mut names: Vec<&str> = list.0.split(',').map(|n| n.trim().trim_matches('"')).collect();
    names.retain(|n| !n.is_empty());
    if body.contains("args.seed") {
        names.insert(0, "seed");
    }
    let mut lines = vec!["parser = argparse.ArgumentParser()".to_owned()];
    for name in names {
        let Some((_, line)) = ARGUMENTS.iter().find(|(option, _)| *option == name) else {
            bail!("it takes --{name}, which the table does not declare");
        };
        lines.push((*line).to_owned());
    }
    if call.contains("urls=True") {
        lines.push(r#"parser.add_argument("urls", nargs="*")"#.to_owned());
    }
    lines.push("asyncio.run(main(parser.parse_args()))".to_owned());
    Ok(lines)
}

/// The twin without its module docstring (the first statement, a `"""` string).
pub fn without_docstring(twin: &str) -> &str {
    let trimmed = twin.trim_start();
    let Some(rest) = trimmed.strip_prefix("\"\"\"") else { return twin };
    rest.find("\"\"\"").map_or(twin, |end| &rest[end + 3..])
}

/// How many more parentheses `text` opens than it closes (strings aside).
fn depth(text: &str) -> i32 {
    let mut depth = 0;
    let mut quote = None;
    let mut escaped = false;
    for c in text.chars() {
        match quote {
            Some(q) => {
                if escaped {
                    escaped = false;
                } else if c == '\\' {
                    escaped = true;
                } else if c == q {
                    quote = None;
                }
            }
            None => match c {
                '"' | '\'' => quote = Some(c),
                '(' => depth += 1,
                ')' => depth -= 1,
                '#' => break,
                _ => {}
            },
        }
    }
    depth
}

/// Every call `name..)` on the line (not part of a longer name) as `to(arguments)`.
fn calls(line: &str, name: &str, to: impl Fn(&str) -> String) -> String {
    let mut out = String::new();
    let mut rest = line;
    while let Some(at) = rest.find(name) {
        let before = rest[..at].chars().last();
        let args_from = at + name.len();
        let close = closing(&rest[args_from..]);
        match close {
            Some(close) if !before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '.') => {
                out += &rest[..at];
                out += &to(&rest[args_from..args_from + close]);
                rest = &rest[args_from + close + 1..];
            }
            _ => {
                out += &rest[..args_from];
                rest = &rest[args_from..];
            }
        }
    }
    out + rest
}

/// `{name..)}` inside an f-string as `to(arguments)`.
fn in_braces(line: &str, name: &str, to: impl Fn(&str) -> String) -> String {
    let mut out = String::new();
    let mut rest = line;
    let open = format!("{{{name}");
    while let Some(at) = rest.find(&open) {
        let args_from = at + open.len();
        match closing(&rest[args_from..]) {
            Some(close) if rest[args_from + close + 1..].starts_with('}') => {
                out += &rest[..at];
                out += &to(&rest[args_from..args_from + close]);
                rest = &rest[args_from + close + 2..];
            }
            _ => {
                out += &rest[..args_from];
                rest = &rest[args_from..];
            }
        }
    }
    out + rest
}

/// Where the parenthesis that closes an already open one is in `text`, the
/// parentheses inside strings aside.
fn closing(text: &str) -> Option<usize> {
    let mut depth = 1;
    let (mut quote, mut escaped) = (None, false);
    for (i, c) in text.char_indices() {
        if let Some(q) = quote {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == q {
                quote = None;
            }
            continue;
        }
        match c {
            '"' | '\'' => quote = Some(c),
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
    }
    None
}

/// `word` (a whole name, outside strings) as `by`.
fn replace_word(line: &str, word: &str, by: &str) -> String {
    let mut out = String::new();
    let mut rest = line;
    while let Some(at) = rest.find(word) {
        let before = rest[..at].chars().last();
        let after = rest[at + word.len()..].chars().next();
        let part = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
        let in_string = in_string_or_comment(&out, &rest[..at]);
        out += &rest[..at];
        out += if part(before) || part(after) || in_string { word } else { by };
        rest = &rest[at + word.len()..];
    }
    out + rest
}

/// Whether the end of `done` + `more` (one line) is inside a string or a comment.
fn in_string_or_comment(done: &str, more: &str) -> bool {
    let mut quote = None;
    let mut escaped = false;
    for c in done.chars().chain(more.chars()) {
        match quote {
            Some(_) if escaped => escaped = false,
            Some(_) if c == '\\' => escaped = true,
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == '"' || c == '\'' => quote = Some(c),
            None if c == '#' => return true,
            None => {}
        }
    }
    quote.is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_applied() {
        let twin = "\"\"\"gather: prose.\n\nMore prose.\n\"\"\"\n\nimport asyncio\n\nimport lesson\n\
                    from lesson import claim, duration, say, secs\n\n\n\
                    async def main():\n    claim(3.0,\n          6.0)\n    \
                    lesson.difference(\"x\", \"why (a) b\")\n    \
                    for name in (1, 2):\n        difference(name,\n            \"why\")\n    \
                    await asyncio.sleep(secs(0.5 * (1 + 1)))\n    \
                    say(f\"slept {duration(secs(1.0))}\")\n    raise Failed(\"Failed: no\")\n\n\n\
                    if __name__ == \"__main__\":\n    lesson.run(main)\n";
        assert_eq!(
            plain(twin).expect("plain"),
            "import asyncio\n\n\nasync def main():\n    \
             await asyncio.sleep(0.5 * (1 + 1))\n    print(f\"slept 1.0s\")\n    \
             raise RuntimeError(\"Failed: no\")\n\n\nif __name__ == \"__main__\":\n    \
             asyncio.run(main())\n"
        );
    }

    #[test]
    fn a_twin_beyond_the_table_is_an_error() {
        // Options given some other way than a list are not guessed at.
        let twin = "import lesson\n\nasync def main(args):\n    pass\n\nlesson.run(main, options=(\"x\",))\n";
        assert!(plain(twin).is_err());
        // A name that only ends in a table's name stays as it is.
        let say = |args: &str| format!("print({args})");
        assert_eq!(
            calls("resay(1); x.say(2); say(f(3))", "say(", say),
            "resay(1); x.say(2); print(f(3))"
        );
    }

    #[test]
    fn options_are_argparse_and_an_if_that_only_claimed_goes() {
        let twin = "import lesson\nfrom lesson import claim, say\n\n\n\
                    async def main(args):\n    if args.urls:\n        # the ideal\n        \
                    claim(1.0, 2.0)\n\n    say(args.seed, args.delays, args.urls)\n\n\n\
                    if __name__ == \"__main__\":\n    lesson.run(main, options=[\"delays\"],\n\
                    \x20              urls=True)\n";
        assert_eq!(
            plain(twin).expect("plain"),
            "import argparse\nimport asyncio\n\n\nasync def main(args):\n\n    \
             print(args.seed, args.delays, args.urls)\n\n\nif __name__ == \"__main__\":\n    \
             parser = argparse.ArgumentParser()\n    \
             parser.add_argument(\"--seed\", type=int)\n    \
             parser.add_argument(\"--delays\", type=lambda text: [int(d) for d in text.split(\",\")])\n    \
             parser.add_argument(\"urls\", nargs=\"*\")\n    \
             asyncio.run(main(parser.parse_args()))\n"
        );
        let unknown = "import lesson\n\nasync def main(args):\n    pass\n\nlesson.run(main, options=[\"x\"])\n";
        assert!(plain(unknown).is_err());
    }

    #[test]
    fn every_twin_is_plain_by_rote() {
        let python = crate::lessons::root().join("python");
        let mut not_plain = Vec::new();
        for entry in std::fs::read_dir(&python).expect("python/") {
            let path = entry.expect("an entry").path();
            let name = path.file_name().expect("a name").to_string_lossy().into_owned();
            if !name.ends_with(".py") || name.starts_with("lesson") {
                continue;
            }
            let twin = std::fs::read_to_string(&path).expect("a twin");
            match plain(&twin) {
                Ok(program) => {
                    if let Some(dump) = std::env::var_os("PLAIN_DUMP") {
                        std::fs::write(std::path::Path::new(&dump).join(&name), program)
                            .expect("dump");
                    }
                }
                Err(err) => not_plain.push(format!("{name}: {err:#}")),
            }
        }
        assert_eq!(not_plain, Vec::<String>::new());
    }
}
