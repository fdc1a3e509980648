//! `webhooks verify` and `webhooks listen`: the client's Svix verifier
//! (`runtime::Webhook`) and the API's `Event`, on a developer's machine.
//!
//! Both print a verified delivery as one JSON object: the event's name, the message id, and
//! the fields that identify it (every `id` or `*_id` field of the payload and of its `data`,
//! and the field that names the event). A delivery that fails says which check failed: a
//! missing or invalid header, a timestamp too old or too new, a signature that does not
//! match, a body that is not a known event.
//!
//! `listen` serves HTTP/1 on 127.0.0.1 only (hyper), answers 204 to a verified delivery (or
//! what the forward target answered) and 400 to the others, and with `--forward-to` sends each
//! verified delivery on unchanged: the same body and headers, but those of the connection.

use std::convert::Infallible;
use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use serde_json::{json, Map, Value};

use super::{Body, Failure, Output, Result, Secret};
use crate::client::runtime::{Webhook, WebhookError};

/// The generated reader of the API's events: the name of the event a verified body holds, or
/// `None` for one this client does not know.
pub type EventName = fn(&[u8]) -> std::result::Result<Option<String>, WebhookError>;

/// A delivery to check: its body and headers, or a saved request.
#[derive(Debug, clap::Args)]
#[group(skip)] // flattened into the generated `Verify { secret, .. }`, whose group it would name
pub struct Verify {
    /// The delivery's body exactly as received: the text, `@FILE`, or `-` for standard input.
    #[arg(long, value_name = "JSON|@FILE|-", required_unless_present = "request")]
    body: Option<Body>,
    /// A header of the delivery, `NAME: VALUE` (repeatable): `svix-id`, `svix-timestamp`,
    /// `svix-signature`.
    #[arg(long = "header", short = 'H', value_name = "NAME: VALUE")]
    headers: Vec<String>,
    /// A saved request instead: its headers, a blank line, then the body (a request line such
    /// as `POST /hooks HTTP/1.1` first is skipped).
    #[arg(long, value_name = "FILE", conflicts_with_all = ["body", "headers"])]
    request: Option<PathBuf>,
}

impl Verify {
    /// Checks the delivery against `secret` and prints its event; a failed check is exit
    /// code 1, naming the check.
    pub fn run(self, secret: &Secret, event_name: EventName, out: &Output) -> Result {
        let webhook = verifier(secret)?;
        let (headers, body) = match self.request {
            Some(path) => {
                let text = std::fs::read(&path).map_err(|e| {
                    Failure::usage(format!("cannot read `{}`: {e}", path.display()))
                })?;
                saved_request(&text)?
            }
            None => (
                parse_headers(self.headers.iter().map(String::as_str))?,
                self.body.map(Body::bytes).transpose()?.unwrap_or_default(),
            ),
        };
        let event = check(&webhook, &headers, &body, event_name).map_err(Failure::Failed)?;
        out.value(&event)
    }
}

/// The local endpoint.
#[derive(Debug, clap::Args)]
#[group(skip)]
pub struct Listen {
    /// The port to listen on, on 127.0.0.1 (0: a free one, said on standard error).
    #[arg(long, default_value_t = 8787)]
    port: u16,
    /// Forward each verified delivery, unchanged, to this URL: your own handler.
    #[arg(long, value_name = "URL")]
    forward_to: Option<String>,
}

/// What each connection of `listen` needs.
struct Listener {
    webhook: Webhook,
    event_name: EventName,
    forward_to: Option<(reqwest::Client, String)>,
}

impl Listen {
    /// Serves until interrupted, printing one line per verified delivery on standard output.
    pub async fn run(self, secret: &Secret, event_name: EventName, _out: &Output) -> Result {
        let webhook = verifier(secret)?;
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", self.port))
            .await
            .map_err(|e| {
                Failure::usage(format!("cannot listen on 127.0.0.1:{}: {e}", self.port))
            })?;
        let address = listener
            .local_addr()
            .map_err(|e| Failure::Failed(format!("cannot read the address: {e}")))?;
        match &self.forward_to {
            Some(url) => eprintln!("listening on http://{address}/, forwarding to {url}"),
            None => eprintln!("listening on http://{address}/"),
        }
        let state = Arc::new(Listener {
            webhook,
            event_name,
            forward_to: self.forward_to.map(|url| (reqwest::Client::new(), url)),
        });
        loop {
            let (stream, _) = listener
                .accept()
                .await
                .map_err(|e| Failure::Failed(format!("cannot accept a connection: {e}")))?;
            let state = state.clone();
            tokio::spawn(async move {
                let service =
                    hyper::service::service_fn(move |request| receive(state.clone(), request));
                let io = hyper_util::rt::TokioIo::new(stream);
                if let Err(e) = hyper::server::conn::http1::Builder::new()
                    .serve_connection(io, service)
                    .await
                {
                    eprintln!("error: a connection failed: {e}");
                }
            });
        }
    }
}

/// One delivery to `listen`: verified, printed, forwarded.
async fn receive(
    state: Arc<Listener>,
    request: http::Request<hyper::body::Incoming>,
) -> std::result::Result<http::Response<Full<Bytes>>, Infallible> {
    let (parts, body) = request.into_parts();
    let body = match body.collect().await {
        Ok(body) => body.to_bytes(),
        Err(e) => return Ok(answer(400, format!("cannot read the body: {e}"))),
    };
    let event = match check(&state.webhook, &parts.headers, &body, state.event_name) {
        Ok(event) => event,
        Err(message) => {
            eprintln!("refused {} {}: {message}", parts.method, parts.uri);
            return Ok(answer(400, message));
        }
    };
    // One line per delivery; a reader that went away stops nothing.
    {
        let mut stdout = std::io::stdout().lock();
        let _ = writeln!(stdout, "{event}").and_then(|()| stdout.flush());
    }
    let Some((client, url)) = &state.forward_to else {
        return Ok(answer(204, String::new()));
    };
    let mut forwarded = http::HeaderMap::new();
    for (name, value) in &parts.headers {
        if !HOP_BY_HOP.contains(&name.as_str()) {
            forwarded.append(name, value.clone());
        }
    }
    let sent = client.post(url).headers(forwarded).body(body).send().await;
    Ok(match sent {
        Ok(response) => {
            let status = response.status().as_u16();
            let text = response.text().await.unwrap_or_default();
            if status >= 400 {
                eprintln!("{url} answered {status}: {text}");
            }
            answer(status, text)
        }
        Err(e) => {
            eprintln!("error: cannot forward to {url}: {e}");
            answer(502, format!("cannot forward to {url}: {e}"))
        }
    })
}

/// Headers of a connection, not of the delivery: not forwarded.
const HOP_BY_HOP: &[&str] = &[
    "host",
    "content-length",
    "connection",
    "keep-alive",
    "transfer-encoding",
    "upgrade",
    "te",
    "trailer",
    "proxy-connection",
];

fn answer(status: u16, text: String) -> http::Response<Full<Bytes>> {
    let mut response = http::Response::new(Full::new(Bytes::from(text)));
    *response.status_mut() =
        http::StatusCode::from_u16(status).unwrap_or(http::StatusCode::BAD_GATEWAY);
    response
}

fn verifier(secret: &Secret) -> Result<Webhook> {
    Webhook::new(secret.expose()).map_err(|e| Failure::usage(e.to_string()))
}

/// Verifies a delivery and reads its event: the event's summary, or which check failed.
fn check(
    webhook: &Webhook,
    headers: &http::HeaderMap,
    body: &[u8],
    event_name: EventName,
) -> std::result::Result<Value, String> {
    webhook
        .verify(headers, body)
        .map_err(|e| format!("{}: {e}", check_of(&e)))?;
    let name = event_name(body).map_err(|e| format!("{}: {e}", check_of(&e)))?;
    let Some(name) = name else {
        return Err(
            "not a known event: the signature is good, but this client does not know \
                    the event the body names"
                .to_owned(),
        );
    };
    Ok(summary(&name, headers, body))
}

/// The check a verification error failed.
fn check_of(e: &WebhookError) -> &'static str {
    match e {
        WebhookError::MissingHeader { .. } => "missing header",
        WebhookError::InvalidHeader { .. } => "invalid header",
        WebhookError::InvalidSecret => "invalid secret",
        WebhookError::InvalidSignature => "signature mismatch",
        WebhookError::TooOld { .. } => "timestamp too old",
        WebhookError::TooNew { .. } => "timestamp too new",
        _ => "not a known event",
    }
}

/// `{"event": name, "id": svix-id, ..}` with the fields that identify the payload.
fn summary(name: &str, headers: &http::HeaderMap, body: &[u8]) -> Value {
    let mut out = Map::new();
    out.insert("event".to_owned(), json!(name));
    let id = ["svix-id", "webhook-id"]
        .iter()
        .find_map(|h| headers.get(*h).and_then(|v| v.to_str().ok()));
    if let Some(id) = id {
        out.insert("message_id".to_owned(), json!(id));
    }
    if let Ok(Value::Object(payload)) = serde_json::from_slice::<Value>(body) {
        identifying(&payload, "", &mut out);
        if let Some(Value::Object(data)) = payload.get("data") {
            identifying(data, "data.", &mut out);
        }
    }
    Value::Object(out)
}

/// The scalar `id`, `*_id` and `*_type` fields of `object`, into `out` under `prefix`.
fn identifying(object: &Map<String, Value>, prefix: &str, out: &mut Map<String, Value>) {
    for (key, value) in object {
        let names = key == "id" || key.ends_with("_id") || key.ends_with("_type");
        if names && (value.is_string() || value.is_number()) {
            out.insert(format!("{prefix}{key}"), value.clone());
        }
    }
}

/// `NAME: VALUE` lines as headers.
fn parse_headers<'a>(lines: impl Iterator<Item = &'a str>) -> Result<http::HeaderMap> {
    let mut headers = http::HeaderMap::new();
    for line in lines {
        let (name, value) = line
            .split_once(':')
            .ok_or_else(|| Failure::usage(format!("`{line}` is not a header `NAME: VALUE`")))?;
        let name = http::HeaderName::from_bytes(name.trim().as_bytes())
            .map_err(|e| Failure::usage(format!("`{name}` is not a header name: {e}")))?;
        let value = http::HeaderValue::from_str(value.trim())
            .map_err(|e| Failure::usage(format!("the value of `{name}` is not valid: {e}")))?;
        headers.append(name, value);
    }
    Ok(headers)
}

/// A saved request: an optional request line, headers, a blank line, the body as it is.
fn saved_request(text: &[u8]) -> Result<(http::HeaderMap, Vec<u8>)> {
    let split = [&b"\r\n\r\n"[..], b"\n\n"]
        .iter()
        .filter_map(|sep| {
            text.windows(sep.len())
                .position(|w| w == *sep)
                .map(|at| (at, at + sep.len()))
        })
        .min();
    let (head, body) = match split {
        Some((end, start)) => (&text[..end], text[start..].to_vec()),
        None => (text, Vec::new()),
    };
    let head = String::from_utf8_lossy(head);
    let lines = head
        .lines()
        .enumerate()
        .filter(|(at, line)| {
            let request_line = *at == 0 && line.contains(" HTTP/");
            !request_line && !line.trim().is_empty()
        })
        .map(|(_, line)| line);
    Ok((parse_headers(lines)?, body))
}
