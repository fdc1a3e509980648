//! Diagnostics that point into the spec.
//!
//! Every problem the generator finds in its input is a [`Diagnostic`]: the file, an RFC 6901
//! JSON pointer to the offending node, the line when the loader knows it, and a sentence saying
//! what is wrong. Stages collect them instead of stopping at the first, and [`Diagnostics`]
//! renders them the way rustc renders its errors:
//!
//! ```text
//! error: `$ref` points to `#/components/schemas/Missing`, which does not exist
//!   --> specs/junction.yaml:31
//!    = at #/paths/~1v2~1user~1{user_id}/patch/requestBody/content/application~1json/schema/$ref
//! ```

use std::fmt;

/// One problem in the input, with its location.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// The spec file as the user named it.
    pub file: String,
    /// RFC 6901 pointer to the node; empty for the whole document.
    pub pointer: String,
    /// 1-based line, where the loader knows it.
    pub line: Option<usize>,
    /// 1-based column, where the loader knows it.
    pub column: Option<usize>,
    /// What is wrong, as one sentence.
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "error: {}", self.message)?;
        write!(f, "  --> {}", self.file)?;
        match (self.line, self.column) {
            (Some(line), Some(column)) => write!(f, ":{line}:{column}")?,
            (Some(line), None) => write!(f, ":{line}")?,
            _ => {}
        }
        if !self.pointer.is_empty() {
            write!(f, "\n   = at #{}", self.pointer)?;
        }
        Ok(())
    }
}

/// All problems found in one run; never empty when returned as an error.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    /// True when nothing was reported.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Number of problems.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// The problems, in the order the walk met them.
    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter()
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            writeln!(f, "{d}")?;
        }
        match self.0.len() {
            0 => Ok(()),
            1 => write!(f, "1 error in the spec"),
            n => write!(f, "{n} errors in the spec"),
        }
    }
}

impl std::error::Error for Diagnostics {}

/// Collects diagnostics for one file while a stage walks it.
#[derive(Debug)]
pub struct Sink {
    file: String,
    found: Vec<Diagnostic>,
}

impl Sink {
    /// A sink for problems in `file`.
    pub fn new(file: impl Into<String>) -> Self {
        Sink {
            file: file.into(),
            found: Vec::new(),
        }
    }

    /// Records a problem at `pointer`.
    pub fn error(&mut self, pointer: &Pointer, message: impl Into<String>) {
        self.found.push(Diagnostic {
            file: self.file.clone(),
            pointer: pointer.to_string(),
            line: None,
            column: None,
            message: message.into(),
        });
    }

    /// True when at least one problem was recorded.
    pub fn has_errors(&self) -> bool {
        !self.found.is_empty()
    }

    /// `Ok(value)` when nothing was recorded, otherwise all the problems.
    pub fn finish<T>(self, value: T) -> Result<T, Diagnostics> {
        if self.found.is_empty() {
            Ok(value)
        } else {
            Err(Diagnostics(self.found))
        }
    }
}

/// An RFC 6901 JSON pointer, built up token by token during a walk.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Pointer(String);

impl Pointer {
    /// The pointer to the whole document.
    pub fn root() -> Self {
        Pointer(String::new())
    }

    /// Parses a pointer that is already escaped, such as the fragment of a `$ref`.
    pub fn from_escaped(s: &str) -> Self {
        Pointer(s.to_owned())
    }

    /// This pointer extended by one unescaped token.
    pub fn push(&self, token: impl fmt::Display) -> Self {
        use fmt::Write;
        // One allocation: pointers are made for every node that normalize, check and lower
        // visit, and most tokens need no escaping.
        let mut text = String::with_capacity(self.0.len() + 24);
        text.push_str(&self.0);
        text.push('/');
        let start = text.len();
        let _ = write!(text, "{token}");
        if text[start..].contains(['~', '/']) {
            let escaped = text[start..].replace('~', "~0").replace('/', "~1");
            text.truncate(start);
            text.push_str(&escaped);
        }
        Pointer(text)
    }

    /// The pointer to where `serde_path_to_error` says deserializing failed.
    pub fn from_serde_path(path: &serde_path_to_error::Path) -> Self {
        use serde_path_to_error::Segment;
        path.iter()
            .fold(Pointer::root(), |pointer, segment| match segment {
                Segment::Seq { index } => pointer.push(index),
                Segment::Map { key } => pointer.push(key),
                Segment::Enum { variant } => pointer.push(variant),
                Segment::Unknown => pointer,
            })
    }

    /// The escaped pointer text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Pointer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The 1-based line of the node at `pointer` in `text`, for block-style YAML and for JSON
/// written one key per line; `None` where the layout does not tell (flow style, one-line JSON).
///
/// It follows the pointer token by token: a key is the first line below the parent, indented
/// deeper than it, that starts with `key:` or `"key":`; a list index counts the `- ` items
/// (YAML) below the parent. The search for a token stops at the end of the parent's block.
/// Where a token is not found (flow style such as `{$ref: ...}`), the line of the deepest node
/// found is the answer.
pub fn locate(text: &str, pointer: &str) -> Option<usize> {
    if pointer.is_empty() {
        return None;
    }
    let lines: Vec<&str> = text.lines().collect();
    // The node found so far: its line, the indentation that encloses its block, and whether
    // its first key sits on its own line after a `- ` (a list item).
    let mut at: Option<(usize, usize, bool)> = None;
    for token in pointer.split('/').skip(1) {
        let token = token.replace("~1", "/").replace("~0", "~");
        let index = token.parse::<usize>().ok();
        let (start, parent_indent) = match at {
            None => (0, None),
            Some((line, indent, true)) => (line, Some(indent)),
            Some((line, indent, false)) => (line + 1, Some(indent)),
        };
        let mut found = None;
        let mut items = 0usize;
        for (i, line) in lines.iter().enumerate().skip(start) {
            let mut content = line.trim_start();
            let mut indent = line.len() - content.len();
            if i == start && matches!(at, Some((_, _, true))) {
                // The rest of a `- key: ...` line is the item's first key.
                let rest = content.trim_start_matches('-').trim_start();
                indent += content.len() - rest.len();
                content = rest;
            } else {
                if content.is_empty() || content.starts_with('#') {
                    continue;
                }
                let sibling_item = parent_indent == Some(indent) && content.starts_with('-');
                if parent_indent.is_some_and(|p| indent <= p) && !(index.is_some() && sibling_item)
                {
                    break;
                }
            }
            if let Some(index) = index {
                if content.starts_with("- ") || content == "-" {
                    if items == index {
                        found = Some((i, indent, true));
                        break;
                    }
                    items += 1;
                    continue;
                }
                // A number may also be a key (a response's status, `'200':`).
            }
            let matches = [
                format!("{token}:"),
                format!("\"{token}\":"),
                format!("'{token}':"),
            ]
            .iter()
            .any(|k| content.starts_with(k.as_str()));
            if matches {
                found = Some((i, indent, false));
                break;
            }
        }
        match found {
            Some(node) => at = Some(node),
            // Written in flow style or not found: the line of the closest enclosing node.
            None => break,
        }
    }
    at.map(|(line, _, _)| line + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locates_yaml_and_json_nodes() {
        let yaml = "paths:\n  /a/{id}:\n    get:\n      parameters:\n      - name: x\n        in: path\n      - name: id\n        in: query\ncomponents:\n  schemas:\n    A:\n      type: object\n";
        assert_eq!(locate(yaml, "/paths/~1a~1{id}/get"), Some(3));
        assert_eq!(locate(yaml, "/paths/~1a~1{id}/get/parameters/1"), Some(7));
        assert_eq!(
            locate(yaml, "/paths/~1a~1{id}/get/parameters/1/in"),
            Some(8)
        );
        assert_eq!(locate(yaml, "/components/schemas/A/type"), Some(12));
        assert_eq!(locate(yaml, "/components/schemas/B"), Some(10));
        assert_eq!(locate(yaml, "/nothing"), None);
        let statuses = "responses:\n  '200':\n    description: ok\n  '404':\n    description: no\n";
        assert_eq!(locate(statuses, "/responses/404/description"), Some(5));
        let json = "{\n  \"paths\": {\n    \"/a\": {\n      \"get\": {}\n    }\n  }\n}\n";
        assert_eq!(locate(json, "/paths/~1a/get"), Some(4));
    }

    #[test]
    fn pointer_escapes_tokens() {
        let p = Pointer::root()
            .push("paths")
            .push("/v2/user/{id}")
            .push("a~b");
        assert_eq!(p.as_str(), "/paths/~1v2~1user~1{id}/a~0b");
    }
}
