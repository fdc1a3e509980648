//! `--body`: the text itself, `@FILE`, or `-` for standard input; decoded through the
//! operation's generated type before anything is sent.
//!
//! Standard input is read only when asked for (`-`): a command run from a script whose input
//! is not a terminal does not wait for it.

use std::io::Read;
use std::path::PathBuf;
use std::str::FromStr;

use serde::de::DeserializeOwned;

use super::{Failure, Result};

/// Where a body comes from.
#[derive(Clone, Debug)]
pub enum Body {
    /// The text given on the command line.
    Text(String),
    /// `@FILE`.
    File(PathBuf),
    /// `-`.
    Stdin,
}

impl FromStr for Body {
    type Err = std::convert::Infallible;

    fn from_str(text: &str) -> std::result::Result<Body, Self::Err> {
        Ok(match text {
            "-" => Body::Stdin,
            _ => match text.strip_prefix('@') {
                Some(path) => Body::File(PathBuf::from(path)),
                None => Body::Text(text.to_owned()),
            },
        })
    }
}

impl Body {
    /// Its bytes, as they are.
    pub fn bytes(self) -> Result<Vec<u8>> {
        match self {
            Body::Text(text) => Ok(text.into_bytes()),
            Body::File(path) => std::fs::read(&path).map_err(|e| {
                Failure::usage(format!(
                    "cannot read the body from `{}`: {e}",
                    path.display()
                ))
            }),
            Body::Stdin => {
                let mut bytes = Vec::new();
                std::io::stdin().read_to_end(&mut bytes).map_err(|e| {
                    Failure::usage(format!("cannot read the body from standard input: {e}"))
                })?;
                Ok(bytes)
            }
        }
    }

    /// The body decoded as a `T`; a body that does not match is a usage error naming the path of
    /// the field that fails (`patient_details.dob`).
    pub fn json<T: DeserializeOwned>(self) -> Result<T> {
        let bytes = self.bytes()?;
        let mut de = serde_json::Deserializer::from_slice(&bytes);
        serde_path_to_error::deserialize(&mut de).map_err(|e| {
            let name = std::any::type_name::<T>();
            let name = name.rsplit("::").next().unwrap_or(name);
            Failure::usage(format!(
                "the body is not a valid `{name}`: at `{}`: {}\nnothing was sent",
                e.path(),
                e.inner()
            ))
        })
    }
}
