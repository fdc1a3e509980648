//! Webhooks: the tag that tells payloads apart is worked out from the schemas (or found
//! missing), and GitHub's webhooks spec, a second real `webhooks` section of 261 events with
//! no tag, is typed in full and its crate passes `cargo clippy -D warnings`, its examples
//! read through `Event::from_named`.
//!
//! GitHub's spec is third-party: `.ci/run` installs the npm package `@octokit/openapi-webhooks`
//! (pinned) into `target/corpus`; without it the GitHub test prints SKIPPED and passes, unless
//! `CI=true` or `CORPUS_REQUIRED=1`.

mod common;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use generator::ir::{Api, Type};
use generator::Settings;
use serde_json::Value;

fn fixture(name: &str) -> Api {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    generator::generate_file(&path, &Settings::default())
        .unwrap_or_else(|e| panic!("{e}"))
        .api
}

fn tags(api: &Api) -> Vec<(&str, &str, Vec<&str>)> {
    api.webhooks
        .iter()
        .map(|w| {
            (
                w.name.as_str(),
                w.variant.as_str(),
                w.tags.iter().map(String::as_str).collect(),
            )
        })
        .collect()
}

#[test]
fn a_required_enum_property_with_distinct_values_is_the_tag() {
    let api = fixture("webhooks.yaml");
    // `kind` is required in every payload too, but `account` names two webhooks.
    assert_eq!(api.webhook_tag.as_deref(), Some("event_type"));
    assert_eq!(
        tags(&api),
        [
            ("order.*", "Order", vec!["order.created", "order.updated"]),
            ("user.deleted", "UserDeleted", vec!["user.deleted"]),
            ("report.ready", "ReportReady", vec!["report.ready"]),
            // Not JSON: kept as a `serde_json::Value`, read by name only, and no obstacle to
            // the tag of the others.
            ("legacy.form", "LegacyForm", vec![]),
        ]
    );
    assert_eq!(api.webhooks[3].payload, Type::Json);
    assert!(api.webhooks[2].deprecated);
}

#[test]
fn shared_values_mean_no_tag_and_the_caller_names_the_event() {
    let api = fixture("webhooks_untagged.yaml");
    assert_eq!(
        api.webhook_tag, None,
        "`created` is the action of two webhooks"
    );
    assert_eq!(
        tags(&api),
        [
            ("issues-opened", "IssuesOpened", vec![]),
            ("issues-created", "IssuesCreated", vec![]),
            ("label-created", "LabelCreated", vec![]),
            ("ping", "Ping", vec![]),
        ]
    );
    assert!(api.operations.is_empty(), "a webhooks-only API");
}

#[test]
fn a_webhook_that_is_not_a_path_item_is_located() {
    let spec = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\nwebhooks:\n  a.b:\n    post:\n      requestBody: {content: {application/json: {schema: {type: object}}}}\n      responses: 7\n  c:\n    $ref: '#/components/pathItems/c'\n";
    let e = generator::generate("t.yaml", spec, &Settings::default()).unwrap_err();
    let found: Vec<(&str, Option<usize>)> =
        e.iter().map(|d| (d.pointer.as_str(), d.line)).collect();
    assert!(
        found.contains(&("/webhooks/a.b/post/responses", Some(7))),
        "{e}"
    );
    assert!(found.contains(&("/webhooks/c", Some(8))), "{e}");
}

/// The folder of `@octokit/openapi-webhooks`, or `None` (skipped) when it is not installed.
fn github_package() -> Option<PathBuf> {
    let dir = common::workspace().join("target/corpus/node_modules/@octokit/openapi-webhooks");
    if dir.join("generated/api.github.com.json").is_file() {
        return Some(dir);
    }
    let missing = format!(
        "no GitHub webhooks spec at {} (npm install --prefix target/corpus @octokit/openapi-webhooks, as .ci/run does)",
        dir.display()
    );
    common::skip_unless_required("github_webhooks", &missing, &["CORPUS_REQUIRED", "CI"]);
    None
}

#[test]
fn github_webhooks_are_typed_and_compile() {
    let Some(package) = github_package() else {
        return;
    };
    let spec = package.join("generated/api.github.com.json");
    let settings = Settings {
        crate_name: "github_webhooks".to_owned(),
        ..Settings::default()
    };
    let output = generator::generate_file(&spec, &settings).unwrap_or_else(|e| panic!("{e}"));
    let api = &output.api;
    let text = std::fs::read_to_string(&spec).unwrap();
    let doc: Value = serde_json::from_str(&text).unwrap();
    let in_spec = doc["webhooks"].as_object().map_or(0, |w| w.len());
    assert_eq!(api.webhooks.len(), in_spec, "every webhook has its variant");
    assert!(in_spec > 250, "{in_spec} webhooks");
    assert_eq!(api.webhook_tag, None, "GitHub names the event in a header");
    let untyped: Vec<&str> = api
        .webhooks
        .iter()
        .filter(|w| w.payload == Type::Json)
        .map(|w| w.name.as_str())
        .collect();
    assert!(untyped.is_empty(), "untyped payloads: {untyped:?}");

    // The examples the spec gives for a webhook's body, read by the webhook's name.
    let mut test =
        String::from("use github_webhooks::webhooks::Event;\n\n#[test]\nfn examples() {\n");
    let mut examples = 0;
    for (name, item) in doc["webhooks"].as_object().unwrap() {
        let Some(content) = item.pointer("/post/requestBody/content/application~1json") else {
            continue;
        };
        // An entry of `examples` is an Example object or a `$ref` to one under
        // `components/examples`; its `value` is the body.
        let resolve = |e: &'_ Value| -> Option<Value> {
            let e = match e.get("$ref").and_then(Value::as_str) {
                Some(r) => doc.pointer(r.strip_prefix('#')?)?,
                None => e,
            };
            e.get("value").cloned()
        };
        let found: Vec<Value> = content
            .get("example")
            .cloned()
            .into_iter()
            .chain(
                content
                    .get("examples")
                    .and_then(Value::as_object)
                    .into_iter()
                    .flat_map(|e| e.values().filter_map(resolve)),
            )
            .collect();
        for example in found {
            let json = serde_json::to_string(&example).unwrap();
            let _ = writeln!(
                test,
                "    let event = Event::from_named({name:?}, {json:?}.as_bytes()).unwrap_or_else(|e| panic!(\"{{e}}\"));\n    assert_eq!(event.name(), {name:?});\n    assert!(!matches!(event, Event::Unknown(_)));"
            );
            examples += 1;
        }
    }
    let _ = writeln!(
        test,
        "    let other = Event::from_named(\"not-an-event\", b\"{{}}\").unwrap();\n    assert!(matches!(other, Event::Unknown(ref u) if u.event_type == \"not-an-event\"));\n    println!(\"EXAMPLES: {examples}\");\n}}"
    );
    assert!(examples > 0, "the spec carries body examples");

    let dir = common::workspace().join("target/generated-crates/github_webhooks");
    let mut files = generator::crate_files(&output, "github_webhooks");
    files.push(generator::CrateFile {
        path: "tests/examples.rs".to_owned(),
        text: test,
    });
    common::write_crate(&dir, &files).unwrap();
    // The library alone: 190,000 lines of types take rustc minutes and gigabytes.
    let clippy = common::cargo(
        &dir,
        &[
            "clippy",
            "--offline",
            "--quiet",
            "--lib",
            "--",
            "-D",
            "warnings",
        ],
    );
    common::succeed(clippy).unwrap_or_else(|e| panic!("clippy on GitHub's webhooks:\n{e}"));
    // Reading the examples builds the crate a second time, with code: a long local run
    // (`GITHUB_WEBHOOK_EXAMPLES=1`), not CI's.
    if common::env_flag("GITHUB_WEBHOOK_EXAMPLES") {
        let run = common::cargo(
            &dir,
            &["test", "--offline", "--quiet", "--test", "examples"],
        )
        .env("RUST_MIN_STACK", (64 << 20).to_string())
        .output()
        .unwrap();
        assert!(
            run.status.success(),
            "GitHub's webhook examples:\n{}{}",
            common::text(&run.stdout),
            common::text(&run.stderr)
        );
    }
    println!(
        "GitHub webhooks: {} events typed, {} types, {examples} body examples written (read with GITHUB_WEBHOOK_EXAMPLES=1)",
        api.webhooks.len(),
        api.types.len()
    );
}

/// What the generated `Event` of `fixtures/webhooks.yaml` does with real bodies: dispatch on
/// `event_type`, an unknown type kept whole, a body that does not match its type located, no
/// tag, not JSON, and `Webhook::receive` verifying and reading in one call.
const FIXTURE_EVENTS: &str = r##"
use hooks::webhooks::{Event, Webhook, WebhookError};

const ORDER: &str = r#"{"event_type":"order.updated","kind":"order","data":{"id":"0b7d5d52-33f4-4cbb-a1ab-3b8b3c7f1a10","status":"shipped"}}"#;

#[test]
fn dispatches_on_the_tag() {
    let Event::Order(order) = Event::from_body(ORDER.as_bytes()).unwrap() else { panic!() };
    assert_eq!(order.event_type.as_str(), "order.updated");
    assert_eq!(order.data.status.as_str(), "shipped");
    let created = ORDER.replace("order.updated", "order.created");
    let event = Event::from_body(created.as_bytes()).unwrap();
    assert_eq!(event.name(), "order.*");
    let deleted = br#"{"event_type":"user.deleted","kind":"account","user_id":"u1","reason":null}"#;
    let Event::UserDeleted(user) = Event::from_body(deleted).unwrap() else { panic!() };
    assert_eq!((user.user_id.as_str(), user.reason), ("u1", None));
    assert_eq!(Event::TAG, "event_type");
}

#[test]
fn an_unknown_event_is_kept_whole() {
    let body = br#"{"event_type":"team.created","team":{"id":7}}"#;
    let Event::Unknown(event) = Event::from_body(body).unwrap() else { panic!() };
    assert_eq!(event.event_type, "team.created");
    assert_eq!(event.body["team"]["id"], 7);
    let named = Event::from_named("team.created", body).unwrap();
    assert_eq!(named.name(), "team.created");
}

#[test]
fn a_known_event_that_does_not_match_its_type_is_located() {
    let body = ORDER.replace("\"shipped\"", "5");
    match Event::from_body(body.as_bytes()) {
        Err(WebhookError::Decode { event, path, body: text, .. }) => {
            assert_eq!((event.as_str(), path.as_str()), ("order.updated", "data.status"));
            assert_eq!(text, body);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn no_tag_or_no_json_is_an_error() {
    assert!(matches!(
        Event::from_body(br#"{"kind":"order"}"#),
        Err(WebhookError::MissingTag { tag: "event_type", .. })
    ));
    assert!(matches!(Event::from_body(b"<xml/>"), Err(WebhookError::NotJson { .. })));
    // A body that is not JSON can still be read by name when its payload is untyped.
    assert!(matches!(
        Event::from_named("legacy.form", br#"{"payload":"a=1"}"#),
        Ok(Event::LegacyForm(_))
    ));
}

#[test]
fn receive_verifies_then_reads() {
    let webhook = Webhook::new("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").unwrap();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    let mut headers = http::HeaderMap::new();
    headers.insert("svix-id", "msg_1".parse().unwrap());
    headers.insert("svix-timestamp", now.to_string().parse().unwrap());
    let signature = webhook.sign("msg_1", now, ORDER.as_bytes());
    headers.insert("svix-signature", signature.parse().unwrap());
    let event: Event = webhook.receive(&headers, ORDER.as_bytes()).unwrap();
    assert!(matches!(event, Event::Order(_)));
    let tampered = ORDER.replace("shipped", "pending");
    assert!(matches!(
        webhook.receive::<Event>(&headers, tampered.as_bytes()),
        Err(WebhookError::InvalidSignature)
    ));
}
"##;

#[test]
fn fixture_events_read_real_bodies() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/webhooks.yaml");
    let settings = Settings {
        crate_name: "hooks".to_owned(),
        ..Settings::default()
    };
    let output = generator::generate_file(&path, &settings).unwrap_or_else(|e| panic!("{e}"));
    let dir = common::workspace().join("target/generated-crates/webhook_events");
    let mut files = generator::crate_files(&output, "hooks");
    files.push(generator::CrateFile {
        path: "tests/events.rs".to_owned(),
        text: FIXTURE_EVENTS.to_owned(),
    });
    common::write_crate(&dir, &files).unwrap();
    let run = common::cargo(&dir, &["test", "--offline", "--quiet", "--test", "events"]);
    common::succeed(run).unwrap_or_else(|e| panic!("{e}"));
}
