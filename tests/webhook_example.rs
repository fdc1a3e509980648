//! `examples/receive-webhooks`, the axum server of the README, built as a user's project (the
//! crate by path: the committed client of the full spec, with the overlay), run on
//! 127.0.0.1, and sent requests signed as Svix signs them: a known event is read into its
//! variant, an event type the client does not know is kept, a bad signature is refused, a
//! body that does not match its type is reported. With the feature `testing`, the test kit's
//! `SignedWebhook` signs a `daily.data.sleep.created` event and POSTs it to the running
//! example, as a team would test its own handler.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use junction::runtime::webhook::Webhook;

const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The server, killed when the test ends (also on a panic).
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Builds the example (as a user's project: the crate by path, the committed client) and starts
/// it on a free port; its address, and its standard output line by line.
fn start() -> (Server, String, mpsc::Receiver<String>) {
    let example = root().join("examples/receive-webhooks");
    let target = root().join("target/generated-crates/target");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let build = Command::new(cargo)
        .args(["build", "--locked", "--quiet", "--manifest-path"])
        .arg(example.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", &target)
        .env_remove("JUNCTION_SPEC")
        .env_remove("RUSTFLAGS")
        .output()
        .expect("cargo runs");
    assert!(
        build.status.success(),
        "the example does not build:\n{}",
        String::from_utf8_lossy(&build.stderr)
    );
    let child = Command::new(target.join("debug/receive-webhooks"))
        .env("JUNCTION_WEBHOOK_SECRET", SECRET)
        .env("LISTEN", "127.0.0.1:0")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("the example starts");
    let mut server = Server(child);
    let stdout = server.0.stdout.take().expect("piped");
    let (send, lines) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if send.send(line).is_err() {
                break;
            }
        }
    });
    let first = lines
        .recv_timeout(Duration::from_secs(30))
        .expect("the example says where it listens");
    let address = first
        .strip_prefix("listening on ")
        .unwrap_or_else(|| panic!("{first}"))
        .to_owned();
    (server, address, lines)
}

/// POSTs `body` to the example with Svix's headers, `signature` or a real one; the status.
fn post(address: &str, body: &str, signature: Option<&str>) -> u16 {
    let webhook = Webhook::new(SECRET).unwrap();
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    let signed = webhook.sign("msg_2KWPBgLlAfxdpx2AI54pPJ85f4W", now, body.as_bytes());
    let signature = signature.unwrap_or(&signed);
    let request = format!(
        "POST /webhooks/junction HTTP/1.1\r\nhost: {address}\r\ncontent-type: application/json\r\n\
         svix-id: msg_2KWPBgLlAfxdpx2AI54pPJ85f4W\r\nsvix-timestamp: {now}\r\n\
         svix-signature: {signature}\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
        body.len()
    );
    let mut stream = TcpStream::connect(address).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    stream.write_all(request.as_bytes()).unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    let status = answer.split(' ').nth(1).unwrap_or_default();
    status.parse().unwrap_or_else(|_| panic!("{answer}"))
}

/// A `provider.connection.created` event shaped like Junction's documented bodies: the
/// customer's own `client_user_id`, not a UUID.
const CONNECTED: &str = r#"{"event_type":"provider.connection.created","user_id":"4ba9a5a3-1b3a-4f8c-9a29-6d2f4a1e0c11","client_user_id":"3Zru4O8cBEiwGTsXgUQGaQ==","team_id":"9c0d3ef4-5f1e-4b7a-8a4c-0e2b9d6f7a21","data":{"user_id":"4ba9a5a3-1b3a-4f8c-9a29-6d2f4a1e0c11","source":{"name":"Oura","slug":"oura","logo":"https://logo_url.com"},"provider":{"name":"Oura","slug":"oura","logo":"https://logo_url.com"},"external_user_id":null,"resource_availability":{}}}"#;

#[test]
fn the_axum_example_verifies_and_reads_junction_webhooks() {
    let (_server, address, lines) = start();
    let next = || {
        lines
            .recv_timeout(Duration::from_secs(30))
            .expect("the example prints what it read")
    };

    assert_eq!(post(&address, CONNECTED, None), 204);
    assert_eq!(next(), "user 3Zru4O8cBEiwGTsXgUQGaQ== connected oura");

    let unknown = r#"{"event_type":"daily.data.brand_new.created","data":{"x":1}}"#;
    assert_eq!(post(&address, unknown, None), 204);
    assert_eq!(
        next(),
        "an event this client does not know: daily.data.brand_new.created"
    );

    let forged = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";
    assert_eq!(post(&address, CONNECTED, Some(forged)), 400);

    let wrong = CONNECTED.replace(r#""slug":"oura","logo""#, r#""slug":7,"logo""#);
    assert_eq!(post(&address, &wrong, None), 422);

    #[cfg(feature = "testing")]
    {
        let sleep = sleep_event();
        let url = format!("http://{address}/webhooks/junction");
        let runtime = tokio::runtime::Runtime::new().unwrap();
        let signed = junction::runtime::SignedWebhook::event(SECRET, &sleep).unwrap();
        let answer = runtime.block_on(signed.post(&url)).unwrap();
        assert_eq!(answer.status().as_u16(), 204);
        assert_eq!(
            next(),
            "sleep daily.data.sleep.created of user 1449752e-0d8a-40e0-9206-91ab099b2537 \
             (yours: 3Zru4O8cBEiwGTsXgUQGaQ==): 28800 s asleep"
        );
        // Signed with another secret, the same event is refused.
        let other = "whsec_dGhpcyBpcyBub3QgdGhlIGVuZHBvaW50J3Mgc2VjcmV0";
        let forged = junction::runtime::SignedWebhook::event(other, &sleep).unwrap();
        let answer = runtime.block_on(forged.post(&url)).unwrap();
        assert_eq!(answer.status().as_u16(), 400);
    }

    // Nothing was read from the refused requests.
    assert!(lines.recv_timeout(Duration::from_millis(200)).is_err());
}

/// A `daily.data.sleep.created` event around the pinned spec's example of a sleep session
/// (`ClientFacingSleep`), with the sleep `type` the example leaves out although its schema
/// requires it.
#[cfg(feature = "testing")]
fn sleep_event() -> serde_json::Value {
    let data = serde_json::json!({
        "average_hrv": 78, "awake": 2400, "bedtime_start": "2023-02-27T12:31:24+00:00",
        "bedtime_stop": "2023-02-27T12:31:24+00:00", "calendar_date": "2023-02-27",
        "created_at": "2023-02-27T20:31:24+00:00", "date": "2023-02-27T12:31:24+00:00",
        "deep": 2400, "duration": 28800, "efficiency": 0.97, "hr_average": 50, "hr_lowest": 43,
        "id": "e2e0eb04-6641-4858-9de5-649efb41b346", "latency": 1000, "light": 2400,
        "recovery_readiness_score": 82, "rem": 2400, "respiratory_rate": 14,
        "skin_temperature": 36.5,
        "source": {"device_id": "550e8400-e29b-41d4-a716-446655440000", "provider": "oura", "type": "unknown"},
        "temperature_delta": -0.2, "timezone_offset": 2400, "total": 28800,
        "updated_at": "2023-02-28T01:22:38+00:00", "user_id": "1449752e-0d8a-40e0-9206-91ab099b2537",
        "type": "long_sleep"
    });
    serde_json::json!({
        "event_type": "daily.data.sleep.created",
        "user_id": data["user_id"],
        "client_user_id": "3Zru4O8cBEiwGTsXgUQGaQ==",
        "team_id": "9c0d3ef4-5f1e-4b7a-8a4c-0e2b9d6f7a21",
        "data": data,
    })
}
