//! `multipart/form-data` bodies: [`File`] for the file fields, [`Form`] for the parts.

use std::fmt;

use bytes::Bytes;
use serde::Serialize;

/// A file to upload: its name, content type and bytes. Cheap to clone, so a request that
/// carries it can be sent again.
#[derive(Clone)]
pub struct File {
    name: String,
    content_type: Option<String>,
    bytes: Bytes,
}

impl File {
    /// A file named `name` with these bytes.
    ///
    /// ```
    /// let report = junction::runtime::File::new("report.pdf", b"%PDF-1.7".to_vec())
    ///     .with_content_type("application/pdf");
    /// assert_eq!(report.len(), 8);
    /// ```
    pub fn new(name: impl Into<String>, bytes: impl Into<Bytes>) -> Self {
        File {
            name: name.into(),
            content_type: None,
            bytes: bytes.into(),
        }
    }

    /// Reads the file at `path`, named by its file name.
    pub fn read(path: impl AsRef<std::path::Path>) -> std::io::Result<Self> {
        let path = path.as_ref();
        let bytes = std::fs::read(path)?;
        let name = path
            .file_name()
            .map_or_else(|| "file".to_owned(), |n| n.to_string_lossy().into_owned());
        Ok(File::new(name, bytes))
    }

    /// Sets the content type sent with the part (default: guessed by the server).
    pub fn with_content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }

    /// The number of bytes.
    pub fn len(&self) -> usize {
        self.bytes.len()
    }

    /// True for an empty file.
    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }

    /// Its bytes and content type.
    pub(super) fn into_parts(self) -> (Bytes, Option<String>) {
        (self.bytes, self.content_type)
    }
}

impl fmt::Debug for File {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("File")
            .field("name", &self.name)
            .field("content_type", &self.content_type)
            .field("len", &self.bytes.len())
            .finish()
    }
}

/// Values that give zero or more files: a file, an optional one, a list.
pub trait Files {
    /// The files, in order.
    fn files(&self) -> Vec<&File>;
}

impl Files for File {
    fn files(&self) -> Vec<&File> {
        vec![self]
    }
}

impl<T: Files> Files for Option<T> {
    fn files(&self) -> Vec<&File> {
        self.as_ref().map_or_else(Vec::new, Files::files)
    }
}

impl<T: Files> Files for Vec<T> {
    fn files(&self) -> Vec<&File> {
        self.iter().flat_map(Files::files).collect()
    }
}

#[derive(Clone, Debug)]
enum Part {
    Text(String),
    File(File),
}

/// The parts of a multipart body, built by the generated code from a body struct.
#[derive(Clone, Debug, Default)]
pub struct Form {
    parts: Vec<(&'static str, Part)>,
    problem: Option<String>,
}

impl Form {
    /// An empty form.
    pub fn new() -> Self {
        Form::default()
    }

    /// Adds a text field; `None` adds nothing, a list adds one part per item.
    pub fn text<T: Serialize + ?Sized>(mut self, name: &'static str, value: &T) -> Self {
        match super::core::param_texts(value) {
            Ok(texts) => self
                .parts
                .extend(texts.into_iter().map(|t| (name, Part::Text(t)))),
            Err(e) => self.problem = Some(format!("form field `{name}`: {e}")),
        }
        self
    }

    /// Adds the files of a file field.
    pub fn file<F: Files + ?Sized>(mut self, name: &'static str, files: &F) -> Self {
        self.parts.extend(
            files
                .files()
                .into_iter()
                .map(|f| (name, Part::File(f.clone()))),
        );
        self
    }

    /// The form as reqwest sends it; fails for a value that cannot be a field.
    pub(crate) fn to_reqwest(&self) -> Result<reqwest::multipart::Form, String> {
        if let Some(problem) = &self.problem {
            return Err(problem.clone());
        }
        let mut form = reqwest::multipart::Form::new();
        for (name, part) in &self.parts {
            let part = match part {
                Part::Text(text) => reqwest::multipart::Part::text(text.clone()),
                Part::File(file) => {
                    let part = reqwest::multipart::Part::stream(file.bytes.clone())
                        .file_name(file.name.clone());
                    match &file.content_type {
                        Some(ct) => part
                            .mime_str(ct)
                            .map_err(|e| format!("content type of `{}`: {e}", file.name))?,
                        None => part,
                    }
                }
            };
            form = form.part(*name, part);
        }
        Ok(form)
    }
}
