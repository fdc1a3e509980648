//! `junction webhooks verify` on a correctly signed and on tampered deliveries (each failure
//! naming its check), and `junction webhooks listen` receiving a signed delivery, printing its
//! event and forwarding it unchanged to a second local server.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Stdio};
use std::time::{SystemTime, UNIX_EPOCH};

use common::{junction, run};
use junction::runtime::webhook::Webhook;
use serde_json::Value;
use wiremock::matchers::{body_bytes, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const CONNECTED: &str = r#"{"event_type":"provider.connection.created","user_id":"4ba9a5a3-1b3a-4f8c-9a29-6d2f4a1e0c11","client_user_id":"3Zru4O8cBEiwGTsXgUQGaQ==","team_id":"9c0d3ef4-5f1e-4b7a-8a4c-0e2b9d6f7a21","data":{"user_id":"4ba9a5a3-1b3a-4f8c-9a29-6d2f4a1e0c11","source":{"name":"Oura","slug":"oura","logo":"https://logo_url.com"},"provider":{"name":"Oura","slug":"oura","logo":"https://logo_url.com"},"external_user_id":null,"resource_availability":{}}}"#;

fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

/// The three Svix headers of `body` sent at `timestamp`.
fn signed(body: &str, timestamp: i64) -> [(String, String); 3] {
    let webhook = Webhook::new(SECRET).unwrap();
    [
        ("svix-id".to_owned(), "msg_2mR9".to_owned()),
        ("svix-timestamp".to_owned(), timestamp.to_string()),
        (
            "svix-signature".to_owned(),
            webhook.sign("msg_2mR9", timestamp, body.as_bytes()),
        ),
    ]
}

/// `webhooks verify` of `body` with `headers`, the secret in the environment.
fn verify(body: &str, headers: &[(String, String)]) -> (i32, String, String) {
    let mut args = vec![
        "webhooks".to_owned(),
        "verify".to_owned(),
        "--body".to_owned(),
        body.to_owned(),
    ];
    for (name, value) in headers {
        args.push("-H".to_owned());
        args.push(format!("{name}: {value}"));
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let mut command = junction(&args);
    command.env("JUNCTION_WEBHOOK_SECRET", SECRET);
    run(command)
}

#[test]
fn verify_reads_a_correctly_signed_delivery() {
    let (code, stdout, stderr) = verify(CONNECTED, &signed(CONNECTED, now()));
    assert_eq!(code, 0, "{stderr}");
    let event: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(event["event"], "provider.connection.created");
    assert_eq!(event["message_id"], "msg_2mR9");
    assert_eq!(event["user_id"], "4ba9a5a3-1b3a-4f8c-9a29-6d2f4a1e0c11");
    assert_eq!(
        event["data.user_id"],
        "4ba9a5a3-1b3a-4f8c-9a29-6d2f4a1e0c11"
    );
}

#[test]
fn verify_names_the_check_a_tampered_delivery_fails() {
    // The body changed after signing.
    let tampered = CONNECTED.replace("Oura", "Evil");
    let (code, stdout, stderr) = verify(&tampered, &signed(CONNECTED, now()));
    assert_eq!(code, 1, "{stderr}");
    assert!(stdout.is_empty());
    assert!(stderr.contains("signature mismatch"), "{stderr}");

    // A header left out.
    let headers = signed(CONNECTED, now());
    let (code, _, stderr) = verify(CONNECTED, &headers[..2]);
    assert_eq!(code, 1);
    assert!(
        stderr.contains("missing header") && stderr.contains("svix-signature"),
        "{stderr}"
    );

    // Signed an hour ago: a replay.
    let (code, _, stderr) = verify(CONNECTED, &signed(CONNECTED, now() - 3600));
    assert_eq!(code, 1);
    assert!(stderr.contains("timestamp too old"), "{stderr}");

    // Signed, but not an event this client knows.
    let unknown = r#"{"event_type":"daily.data.brand_new.created","data":{}}"#;
    let (code, _, stderr) = verify(unknown, &signed(unknown, now()));
    assert_eq!(code, 1);
    assert!(stderr.contains("not a known event"), "{stderr}");
}

#[test]
fn verify_reads_a_saved_request() {
    let dir = std::env::temp_dir().join(format!("junction-cli-hook-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("delivery.http");
    let mut saved = String::from("POST /webhooks HTTP/1.1\r\ncontent-type: application/json\r\n");
    for (name, value) in signed(CONNECTED, now()) {
        saved.push_str(&format!("{name}: {value}\r\n"));
    }
    saved.push_str("\r\n");
    saved.push_str(CONNECTED);
    std::fs::write(&file, saved).unwrap();
    let mut command = junction(&["webhooks", "verify", "--request", file.to_str().unwrap()]);
    command.env("JUNCTION_WEBHOOK_SECRET", SECRET);
    let (code, stdout, stderr) = run(command);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("provider.connection.created"), "{stdout}");
}

/// The listener, killed when the test ends (also on a panic).
struct Listening(Child);

impl Drop for Listening {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A POST of `body` with `headers` to `address`: the status.
fn post(address: &str, body: &str, headers: &[(String, String)]) -> u16 {
    let mut stream = TcpStream::connect(address).unwrap();
    let mut request = format!(
        "POST /webhooks HTTP/1.1\r\nhost: {address}\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n",
        body.len()
    );
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    request.push_str("\r\n");
    request.push_str(body);
    stream.write_all(request.as_bytes()).unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    answer
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no status in {answer:?}"))
}

#[tokio::test]
async fn listen_verifies_prints_and_forwards_a_delivery_unchanged() {
    let handler = MockServer::start().await;
    let headers = signed(CONNECTED, now());
    // Every header byte for byte (wiremock's `header` matcher would split the signature's
    // `v1,..` at its comma).
    let unchanged = {
        let headers = headers.clone();
        move |request: &wiremock::Request| {
            headers.iter().all(|(name, value)| {
                request.headers.get(name.as_str()).map(|v| v.as_bytes()) == Some(value.as_bytes())
            })
        }
    };
    Mock::given(method("POST"))
        .and(path("/hooks"))
        .and(body_bytes(CONNECTED.as_bytes().to_vec()))
        .and(header("content-type", "application/json"))
        .and(unchanged)
        .respond_with(ResponseTemplate::new(200).set_body_string("handled"))
        .expect(1)
        .mount(&handler)
        .await;

    let forward_to = format!("{}/hooks", handler.uri());
    let mut command = junction(&[
        "webhooks",
        "listen",
        "--port",
        "0",
        "--forward-to",
        &forward_to,
    ]);
    command
        .env("JUNCTION_WEBHOOK_SECRET", SECRET)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = Listening(command.spawn().unwrap());
    let mut stderr = BufReader::new(child.0.stderr.take().unwrap());
    let mut first = String::new();
    stderr.read_line(&mut first).unwrap();
    let address = first
        .split("http://")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .unwrap_or_else(|| panic!("no address in {first:?}"))
        .to_owned();

    // A signed delivery: verified, printed, forwarded; the handler's answer comes back.
    let status = tokio::task::spawn_blocking({
        let (address, headers) = (address.clone(), headers.clone());
        move || post(&address, CONNECTED, &headers)
    })
    .await
    .unwrap();
    assert_eq!(status, 200);
    // A tampered one is refused, and not forwarded.
    let tampered = CONNECTED.replace("Oura", "Evil");
    let status = tokio::task::spawn_blocking(move || post(&address, &tampered, &headers))
        .await
        .unwrap();
    assert_eq!(status, 400);

    let mut stdout = BufReader::new(child.0.stdout.take().unwrap());
    let mut line = String::new();
    stdout.read_line(&mut line).unwrap();
    let event: Value = serde_json::from_str(&line).unwrap();
    assert_eq!(event["event"], "provider.connection.created");
    assert_eq!(event["message_id"], "msg_2mR9");
    let mut refused = String::new();
    stderr.read_line(&mut refused).unwrap();
    assert!(refused.contains("signature mismatch"), "{refused}");
    drop(child);
    handler.verify().await;
}
