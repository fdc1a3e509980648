//! Diagnostics that point into the spec.
//!
//! Every problem the generator finds in its input is a [`Diagnostic`]: the file, an RFC 6901
//! JSON pointer to the offending node, the line when the loader knows it, and a sentence saying
//! what is wrong. Stages collect them instead of stopping at the first, and [`Diagnostics`]
//! renders them the way rustc renders its errors:
//!
//! ```text
//! error: `$ref` points to `#/components/schemas/Missing`, which does not exist
//!   --> specs/junction.yaml#/paths/~1v2~1user/patch/requestBody/content/application~1json/schema
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
        write!(f, "#{}", self.pointer)
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
        let token = token.to_string().replace('~', "~0").replace('/', "~1");
        Pointer(format!("{}/{}", self.0, token))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointer_escapes_tokens() {
        let p = Pointer::root()
            .push("paths")
            .push("/v2/user/{id}")
            .push("a~b");
        assert_eq!(p.as_str(), "/paths/~1v2~1user~1{id}/a~0b");
    }
}
