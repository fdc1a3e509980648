//! Printing answers: JSON on standard output, indented on a terminal and one line otherwise;
//! with `--raw`, `{"status", "headers", "body"}`; with `--all`, one line per item or page;
//! downloads streamed to a file or standard output.

use std::io::{IsTerminal, Write};
use std::path::Path;

use futures_util::{Stream, StreamExt};
use serde::Serialize;
use serde_json::{json, Value};

use super::{Failure, Result};
use crate::client::runtime::{self, Download, WithResponse};

/// How answers are printed.
#[derive(Debug)]
pub struct Output {
    raw: bool,
    pretty: bool,
}

impl Output {
    /// Answers with their status and headers when `raw`; indented when standard output is a
    /// terminal.
    pub fn new(raw: bool) -> Output {
        Output {
            raw,
            pretty: std::io::stdout().is_terminal(),
        }
    }

    /// A JSON answer.
    pub fn json<T: Serialize>(&self, answer: WithResponse<T>) -> Result {
        let body = to_value(&answer.value)?;
        self.print(&answer, body)
    }

    /// A value of the command's own (a verified webhook's event).
    pub fn value(&self, value: &Value) -> Result {
        let text = match self.pretty {
            true => serde_json::to_string_pretty(value),
            false => serde_json::to_string(value),
        };
        write_out(format!("{}\n", text.map_err(json_error)?).as_bytes())
    }

    /// An answer without a body: nothing, or with `--raw` its status and headers.
    pub fn empty(&self, answer: WithResponse<()>) -> Result {
        match self.raw {
            true => self.print(&answer, Value::Null),
            false => Ok(()),
        }
    }

    /// A text answer, as it is.
    pub fn text(&self, answer: WithResponse<String>) -> Result {
        match self.raw {
            true => self.print(&answer, Value::String(answer.value.clone())),
            false => write_out(format!("{}\n", answer.value).as_bytes()),
        }
    }

    /// A download, streamed into `file` or standard output; with `--raw` its status and
    /// headers go to standard error.
    pub async fn download<B>(
        &self,
        answer: WithResponse<Download<B>>,
        file: Option<&Path>,
    ) -> Result
    where
        B: std::fmt::Debug,
    {
        if self.raw {
            let head =
                json!({"status": answer.status.as_u16(), "headers": headers(&answer.headers)});
            eprintln!("{head}");
        }
        let mut download = answer.value;
        let mut sink: Box<dyn Write> =
            match file {
                Some(path) => Box::new(std::fs::File::create(path).map_err(|e| {
                    Failure::usage(format!("cannot write `{}`: {e}", path.display()))
                })?),
                None => Box::new(std::io::stdout().lock()),
            };
        while let Some(chunk) = download.chunk().await? {
            sink.write_all(&chunk).map_err(io)?;
        }
        sink.flush().map_err(io)
    }

    /// Every item of a paged operation, one JSON line each, as the pages come.
    pub async fn items<T, B>(
        &self,
        items: impl Stream<Item = std::result::Result<T, runtime::Error<B>>>,
    ) -> Result
    where
        T: Serialize,
        B: std::fmt::Debug,
    {
        let mut items = std::pin::pin!(items);
        while let Some(item) = items.next().await {
            line(&to_value(&item?)?)?;
        }
        Ok(())
    }

    /// Every page of a paged operation whose page has no list of items, one JSON line each.
    pub async fn pages<P, B>(
        &self,
        pages: impl Stream<Item = std::result::Result<WithResponse<P>, runtime::Error<B>>>,
    ) -> Result
    where
        P: Serialize,
        B: std::fmt::Debug,
    {
        let mut pages = std::pin::pin!(pages);
        while let Some(page) = pages.next().await {
            line(&to_value(&page?.value)?)?;
        }
        Ok(())
    }

    /// `body`, or with `--raw` the answer's status and headers around it.
    fn print<T>(&self, answer: &WithResponse<T>, body: Value) -> Result {
        let value = match self.raw {
            true => json!({
                "status": answer.status.as_u16(),
                "headers": headers(&answer.headers),
                "body": body,
            }),
            false => body,
        };
        self.value(&value)
    }
}

/// One compact JSON line on standard output.
fn line(value: &Value) -> Result {
    write_out(format!("{value}\n").as_bytes())
}

fn write_out(bytes: &[u8]) -> Result {
    let mut out = std::io::stdout().lock();
    out.write_all(bytes).and_then(|()| out.flush()).map_err(io)
}

fn to_value<T: Serialize>(value: &T) -> Result<Value> {
    serde_json::to_value(value).map_err(json_error)
}

fn json_error(e: serde_json::Error) -> Failure {
    Failure::Failed(format!("cannot write the answer as JSON: {e}"))
}

fn io(e: std::io::Error) -> Failure {
    match e.kind() {
        std::io::ErrorKind::BrokenPipe => Failure::Closed,
        _ => Failure::Failed(format!("cannot write the answer: {e}")),
    }
}

/// The headers as a JSON object, several values of one name joined by `, `.
fn headers(headers: &http::HeaderMap) -> Value {
    let mut map = serde_json::Map::new();
    for name in headers.keys() {
        let values: Vec<String> = headers
            .get_all(name)
            .iter()
            .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
            .collect();
        map.insert(name.as_str().to_owned(), Value::String(values.join(", ")));
    }
    Value::Object(map)
}

/// An error body for standard error: indented when it is JSON, else as it is.
pub(super) fn pretty_text(text: &str) -> String {
    serde_json::from_str::<Value>(text)
        .ok()
        .and_then(|v| serde_json::to_string_pretty(&v).ok())
        .unwrap_or_else(|| text.to_owned())
}
