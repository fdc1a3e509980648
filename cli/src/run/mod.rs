//! What the generated commands (`cli.rs`) call, the same for every API: reading bodies
//! ([`Body`]), printing answers ([`Output`]), failures and exit codes ([`Failure`]), hidden
//! credentials ([`Secret`]), value parsers for clap, and the `webhooks` commands.
//!
//! Exit codes: 0 success; 1 the API answered with an error, or could not be reached; 2 a usage
//! error, found before any request (clap's own, a body that does not match its type, a file
//! that cannot be read, a client that cannot be built).

mod body;
mod output;
pub mod webhooks;

use std::fmt;
use std::future::Future;
use std::path::Path;
use std::process::ExitCode;
use std::str::FromStr;
use std::time::Duration;

use serde::de::DeserializeOwned;

use crate::client::runtime;

pub use body::Body;
pub use output::Output;

/// What a command returns.
pub type Result<T = ()> = std::result::Result<T, Failure>;

/// Why a command failed, with its message; its exit code says which kind.
#[derive(Debug)]
pub enum Failure {
    /// A usage error, found before any request: exit code 2.
    Usage(String),
    /// The API answered with an error or could not be reached, or a check failed (a webhook's
    /// signature): exit code 1.
    Failed(String),
    /// Standard output was closed by its reader (`junction user get-all --all | head -3`):
    /// the command stops, exit code 0, nothing said.
    Closed,
}

impl Failure {
    /// A usage error (exit code 2).
    pub fn usage(message: impl Into<String>) -> Failure {
        Failure::Usage(message.into())
    }

    /// The client could not be built from the options (a missing key, a bad URL): exit code 2.
    pub fn config<B: fmt::Debug>(e: runtime::Error<B>) -> Failure {
        Failure::Usage(e.to_string())
    }

    fn code(&self) -> u8 {
        match self {
            Failure::Usage(_) => 2,
            Failure::Failed(_) => 1,
            Failure::Closed => 0,
        }
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::Usage(message) | Failure::Failed(message) => write!(f, "error: {message}"),
            Failure::Closed => Ok(()),
        }
    }
}

/// A failed call: the status and the whole error body for an error answer.
impl<B: fmt::Debug> From<runtime::Error<B>> for Failure {
    fn from(e: runtime::Error<B>) -> Failure {
        match e {
            runtime::Error::Api(e) => {
                let mut message = format!("the server answered {}{}", e.status, e.attempts);
                let text = e.text.trim();
                if !text.is_empty() {
                    message.push('\n');
                    message.push_str(&output::pretty_text(text));
                }
                Failure::Failed(message)
            }
            runtime::Error::Request(message) => {
                Failure::Usage(format!("invalid request: {message}"))
            }
            runtime::Error::Config(message) => Failure::Usage(message),
            other => {
                // The causes, each once: a transport error's text already holds its first.
                let mut message = other.to_string();
                let mut source = std::error::Error::source(&other);
                while let Some(e) = source {
                    let text = e.to_string();
                    if !message.contains(&text) {
                        message.push_str(&format!(": {text}"));
                    }
                    source = e.source();
                }
                Failure::Failed(message)
            }
        }
    }
}

/// Runs a command to its end on a Tokio runtime, and prints its failure: the exit code.
pub fn block_on(command: impl Future<Output = Result>) -> ExitCode {
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(command) {
        Ok(()) | Err(Failure::Closed) => ExitCode::SUCCESS,
        Err(failure) => {
            eprintln!("{failure}");
            ExitCode::from(failure.code())
        }
    }
}

/// A credential: its `Debug` never shows it, and neither does the help (`hide_env_values`).
#[derive(Clone)]
pub struct Secret(String);

impl Secret {
    /// The credential, for the client's builder.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(<hidden>)")
    }
}

impl FromStr for Secret {
    type Err = std::convert::Infallible;

    fn from_str(text: &str) -> std::result::Result<Secret, Self::Err> {
        Ok(Secret(text.trim().to_owned()))
    }
}

/// clap's parser of a value of a generated type: its JSON (`{"a": 1}`, `[1, 2]`, `"x"`), or the
/// text as a JSON string (`--status active` for an enum).
pub fn value<T: DeserializeOwned>(text: &str) -> std::result::Result<T, String> {
    let as_json = serde_json::from_str::<T>(text);
    if let Ok(value) = as_json {
        return Ok(value);
    }
    let as_string = serde_json::from_value::<T>(serde_json::Value::String(text.to_owned()));
    match (as_json, as_string) {
        (_, Ok(value)) => Ok(value),
        (Err(e), Err(_)) if text.trim_start().starts_with(['{', '[']) => Err(e.to_string()),
        (_, Err(e)) => Err(e.to_string()),
    }
}

/// clap's parser of a duration in seconds (`30`, `0.5`).
pub fn seconds(text: &str) -> std::result::Result<Duration, String> {
    match text.parse::<f64>() {
        Ok(seconds) if seconds.is_finite() && seconds >= 0.0 => {
            Ok(Duration::from_secs_f64(seconds))
        }
        _ => Err("expected a number of seconds, such as 30 or 0.5".to_owned()),
    }
}

/// A file for a multipart body, read from `path`.
pub fn file(path: impl AsRef<Path>) -> Result<runtime::File> {
    let path = path.as_ref();
    runtime::File::read(path)
        .map_err(|e| Failure::usage(format!("cannot read `{}`: {e}", path.display())))
}
