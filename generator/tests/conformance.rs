//! Conformance against an independent reading of the spec: Prism (`@stoplight/prism-cli`, a
//! spec-driven mock server, installed by `.ci/run` into `target/prism`).
//!
//! The full client is generated as a standalone crate with a program (see
//! `conformance_harness`) that calls every operation once, with arguments built from the spec,
//! through a recording proxy. Against `prism mock` (the spec's examples) every call must get a
//! success status with no `sl-violations` header, and its body must decode into the generated
//! type (downloads stream to the end). Against `prism mock --dynamic` (random data that follows
//! the schemas) every call is made `CONFORMANCE_ROUNDS` times (3) and every response must decode.
//!
//! Settings: `CONFORMANCE_SERVE_SPEC` (the spec Prism serves) and `CONFORMANCE_CLIENT_SPEC` (the
//! spec the client is generated from), both defaulting to the pinned 0.4.483 in
//! `JUNCTION_SPEC_DIR`, so an older client can be run against a newer spec; `PRISM_BIN` (default
//! `target/prism/node_modules/.bin/prism`). Without Prism the test prints SKIPPED, unless
//! `PRISM_REQUIRED=1` or `CI=true`.

mod common;
mod conformance_harness;

use common::workspace;

use std::collections::BTreeMap;
use std::io::Write as _;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

const CRATE: &str = "junction_conformance";

/// A call known to fail: `(call, fragment, reason)`. The failure report of the call must contain
/// `fragment` (the field path or message of the known failure), so that another failure of the
/// same call is not hidden; and the call must still fail, so that a fix shows up here.
type Known = (&'static str, &'static str, &'static str);

/// Known failures against Prism's examples (`prism mock`). None is a generator bug: the
/// spec's example for the response breaks the spec's own schema (Prism's `sl-violations` say
/// where, and the client's decode fails at the same field or accepts the value, such as a
/// `date-time` without an offset), or Prism cannot do what the spec asks.
#[rustfmt::skip]
const STATIC_KNOWN: &[Known] = &[
    ("link.connect_password_provider", "Response body must have required property 'provider'", "the example breaks its schema: body must have required property 'provider' (and 2 more); the client reads it, those fields being deprecated and so read as optional"),
    ("link.complete_password_provider_mfa", "Response body must have required property 'provider'", "the example breaks its schema: body must have required property 'provider' (and 2 more); the client reads it, those fields being deprecated and so read as optional"),
    ("electrocardiogram.get", "Response body property electrocardiogram.0.session_start must match format \"date-time\"", "the example breaks its schema: electrocardiogram.0.session_start must match format \"date-time\" (and 1 more)"),
    ("sleep_cycle.get", "Response body property sleep_cycle.0.session_start must match format \"date-time\"", "the example breaks its schema: sleep_cycle.0.session_start must match format \"date-time\" (and 1 more)"),
    ("profile.get", "at `source`", "the example breaks its schema: source must have required property 'provider'"),
    ("profile.get_raw", "at `profile`", "the example breaks its schema: profile must be object"),
    ("devices.get_raw", "at `devices[0]`", "the example breaks its schema: devices.0 must have required property 'id' (and 1 more)"),
    ("activity.get", "at `activity[0].source`", "the example breaks its schema: activity.0.source must have required property 'provider'"),
    ("activity.get_raw", "at `activity[0]`", "the example breaks its schema: activity.0 must have required property 'id' (and 1 more)"),
    ("workouts.get", "at `workouts[0].sport`", "the example breaks its schema: workouts.0 must have required property 'provider_id' (and 1 more)"),
    ("workouts.get_raw", "at `workouts[0]`", "the example breaks its schema: workouts.0 must have required property 'id' (and 2 more)"),
    ("sleep.get", "at `sleep[0]`", "the example breaks its schema: sleep.0 must have required property 'type'"),
    ("sleep.get_raw", "at `sleep[0]`", "the example breaks its schema: sleep.0 must have required property 'id' (and 1 more)"),
    ("body.get", "at `body[0].source`", "the example breaks its schema: body.0.source must have required property 'provider'"),
    ("body.get_raw", "at `body[0]`", "the example breaks its schema: body.0 must have required property 'id' (and 1 more)"),
    ("meal.get", "Response body property meals.0 must have required property 'energy'", "the example breaks its schema: meals.0 must have required property 'energy' (and 2 more)"),
    ("sleep.get_stream_by_sleep_id", "at `hypnogram[0]`", "the example breaks its schema: hypnogram.0 must have required property 'start' (and 11 more)"),
    ("vitals.stand_hour_grouped", "at `groups.oura[0].data[0]`", "the example breaks its schema: groups.oura.0.data.0 must have required property 'type'"),
    ("vitals.heart_rate_alert_grouped", "at `groups.oura[0].data[0]`", "the example breaks its schema: groups.oura.0.data.0 must have required property 'timestamp'"),
    ("vitals.afib_burden_grouped", "at `groups.oura[0].data[0]`", "the example breaks its schema: groups.oura.0.data.0 must have required property 'timestamp'"),
    ("vitals.workout_duration_grouped", "at `groups.oura[0].data[0]`", "the example breaks its schema: groups.oura.0.data.0 must have required property 'timestamp'"),
    ("vitals.vo2_max_grouped", "at `groups.oura[0].data[0]`", "the example breaks its schema: groups.oura.0.data.0 must have required property 'timestamp'"),
    ("vitals.mindfulness_minutes_grouped", "at `groups.oura[0].data[0]`", "the example breaks its schema: groups.oura.0.data.0 must have required property 'timestamp'"),
    ("vitals.caffeine_grouped", "at `groups.oura[0].data[0]`", "the example breaks its schema: groups.oura.0.data.0 must have required property 'timestamp'"),
    ("vitals.water_grouped", "at `groups.oura[0].data[0]`", "the example breaks its schema: groups.oura.0.data.0 must have required property 'timestamp'"),
    ("vitals.steps_grouped", "at `groups.oura[0].data[0]`", "the example breaks its schema: groups.oura.0.data.0 must have required property 'timestamp'"),
    ("vitals.floors_climbed_grouped", "at `groups.oura[0].data[0]`", "the example breaks its schema: groups.oura.0.data.0 must have required property 'timestamp'"),
    ("vitals.distance_grouped", "at `groups.oura[0].data[0]`", "the example breaks its schema: groups.oura.0.data.0 must have required property 'timestamp'"),
    ("vitals.calories_basal_grouped", "at `groups.oura[0].data[0]`", "the example breaks its schema: groups.oura.0.data.0 must have required property 'timestamp'"),
    ("vitals.calories_active_grouped", "at `groups.oura[0].data[0]`", "the example breaks its schema: groups.oura.0.data.0 must have required property 'timestamp'"),
    ("vitals.note_grouped", "at `groups.oura[0].data[0]`", "the example breaks its schema: groups.oura.0.data.0 must have required property 'timestamp'"),
    ("vitals.insulin_injection_grouped", "at `groups.oura[0].data[0]`", "the example breaks its schema: groups.oura.0.data.0 must have required property 'timestamp'"),
    ("vitals.hypnogram_grouped", "at `groups.oura[0].data[0]`", "the example breaks its schema: groups.oura.0.data.0 must have required property 'timestamp'"),
    ("vitals.carbohydrates_grouped", "at `groups.oura[0].data[0]`", "the example breaks its schema: groups.oura.0.data.0 must have required property 'timestamp'"),
    ("vitals.body_temperature_delta_grouped", "at `groups.oura[0].data[0]`", "the example breaks its schema: groups.oura.0.data.0 must have required property 'timestamp'"),
    ("vitals.body_temperature_grouped", "at `groups.oura[0].data[0]`", "the example breaks its schema: groups.oura.0.data.0 must have required property 'timestamp'"),
    ("vitals.vo2_max", "at `[0]`", "the example breaks its schema: 0 must have required property 'timestamp'"),
    ("vitals.mindfulness_minutes", "at `[0]`", "the example breaks its schema: 0 must have required property 'timestamp'"),
    ("vitals.caffeine", "at `[0]`", "the example breaks its schema: 0 must have required property 'timestamp'"),
    ("vitals.water", "at `[0]`", "the example breaks its schema: 0 must have required property 'timestamp'"),
    ("vitals.steps", "at `[0]`", "the example breaks its schema: 0 must have required property 'timestamp'"),
    ("vitals.floors_climbed", "at `[0]`", "the example breaks its schema: 0 must have required property 'timestamp'"),
    ("vitals.distance", "at `[0]`", "the example breaks its schema: 0 must have required property 'timestamp'"),
    ("vitals.calories_basal", "at `[0]`", "the example breaks its schema: 0 must have required property 'timestamp'"),
    ("vitals.calories_active", "at `[0]`", "the example breaks its schema: 0 must have required property 'timestamp'"),
    ("vitals.hypnogram", "at `[0]`", "the example breaks its schema: 0 must have required property 'timestamp'"),
    ("user.get_all", "at `users[0].connected_sources[0]`", "the example breaks its schema: users.0.connected_sources.0 must have required property 'provider'"),
    ("user.create", "at `connected_sources[0]`", "the example breaks its schema: connected_sources.0 must have required property 'provider'"),
    ("user.get_by_client_user_id", "at `connected_sources[0]`", "the example breaks its schema: connected_sources.0 must have required property 'provider'"),
    ("user.get", "at `connected_sources[0]`", "the example breaks its schema: connected_sources.0 must have required property 'provider'"),
    ("team.get_user_by_id", "at `[0].connected_sources[0]`", "the example breaks its schema: 0.connected_sources.0 must have required property 'provider'"),
    ("providers.get_all", "at `[0]`", "the example of ClientFacingProviderDetailed omits the required `description`; Prism does not flag this response, the client's decode does"),
    ("introspect.get_user_resources", "at `data[0].user_id`", "the example of UserResourcesResponse has `user_id: \"\"`, but the schema says format uuid (full_spec.rs lists it too); Prism does not flag it"),
    ("introspect.get_user_historical_pulls", "at `data[0].user_id`", "the example of UserHistoricalPullsResponse has `user_id: \"\"`, but the schema says format uuid (full_spec.rs lists it too); Prism does not flag it"),
    ("lab_tests.get", "at `[0]`", "the example breaks its schema: 0 must have required property 'id' (and 9 more)"),
    ("lab_tests.create", "at `.`", "the example breaks its schema: body must have required property 'id' (and 9 more)"),
    ("lab_tests.get_by_id", "at `.`", "the example breaks its schema: body must have required property 'id' (and 9 more)"),
    ("lab_tests.update_lab_test", "at `.`", "the example breaks its schema: body must have required property 'id' (and 9 more)"),
    ("lab_tests.get_markers", "at `markers[0].expected_results[0]`", "the example breaks its schema: markers.0.expected_results.0 must have required property 'required'"),
    ("lab_tests.get_markers_for_order_set", "at `markers[0].expected_results[0]`", "the example breaks its schema: markers.0.expected_results.0 must have required property 'required'"),
    ("lab_tests.get_markers_for_lab_test", "at `markers[0].expected_results[0]`", "the example breaks its schema: markers.0.expected_results.0 must have required property 'required'"),
    ("lab_tests.get_markers_by_lab_and_provider_id", "at `aoe.questions[0]`", "the example breaks its schema: aoe.questions.0 must have required property 'required' (and 4 more)"),
    ("lab_account.get_team_lab_accounts", "allowed_billing property name must be valid", "Prism: with no example, it makes `allowed_billing` keys `property1`, `property2` although `propertyNames` is the Billing enum, then its own validator rejects them; the client decodes the response"),
    ("lab_tests.get_paginated", "at `data[0]`", "the example breaks its schema: data.0 must have required property 'id' (and 9 more)"),
    ("order_transaction.get_transaction_result", "at `metadata.age`", "the example breaks its schema: metadata.age must be string"),
    ("lab_tests.get_orders", "at `orders[0].lab_test`", "the example breaks its schema: orders.0 must have required property 'health_insurance_id' (and 15 more)"),
    ("testkit.register", "at `order.lab_test`", "the example breaks its schema: order must have required property 'health_insurance_id' (and 15 more)"),
    ("testkit.create_order", "at `order.lab_test`", "the example breaks its schema: order must have required property 'health_insurance_id' (and 15 more)"),
    ("lab_tests.get_phlebotomy_appointment_availability", "Response body property slots.0.location.address.zip_code must match pattern \"^\\d{5}(-\\d{4})?$\"", "the example breaks its schema: slots.0.location.address.zip_code must match pattern \"^\\d{5}(-\\d{4})?$\" (and 8 more)"),
    ("lab_tests.book_phlebotomy_appointment", "Response body property start_at must match format \"date-time\"", "the example breaks its schema: start_at must match format \"date-time\" (and 5 more)"),
    ("lab_tests.request_phlebotomy_appointment", "Response body must have required property 'start_at'", "the example breaks its schema: body must have required property 'start_at' (and 1 more)"),
    ("lab_tests.reschedule_phlebotomy_appointment", "Response body property start_at must match format \"date-time\"", "the example breaks its schema: start_at must match format \"date-time\" (and 5 more)"),
    ("lab_tests.cancel_phlebotomy_appointment", "Response body property start_at must match format \"date-time\"", "the example breaks its schema: start_at must match format \"date-time\" (and 5 more)"),
    ("lab_tests.get_phlebotomy_appointment", "Response body property start_at must match format \"date-time\"", "the example breaks its schema: start_at must match format \"date-time\" (and 5 more)"),
    ("lab_tests.get_area_info", "Response body property zip_code must match pattern \"^\\d{5}(-\\d{4})?$\"", "the example breaks its schema: zip_code must match pattern \"^\\d{5}(-\\d{4})?$\" (and 4 more)"),
    ("lab_tests.get_result_metadata", "at `age`", "the example breaks its schema: age must be string"),
    ("lab_tests.get_result_raw", "at `metadata.age`", "the example breaks its schema: metadata.age must be string"),
    ("lab_tests.get_psc_appointment_availability", "Response body property slots.0.location.address.zip_code must match pattern \"^\\d{5}(-\\d{4})?$\"", "the example breaks its schema: slots.0.location.address.zip_code must match pattern \"^\\d{5}(-\\d{4})?$\" (and 8 more)"),
    ("lab_tests.book_psc_appointment", "Response body property start_at must match format \"date-time\"", "the example breaks its schema: start_at must match format \"date-time\" (and 5 more)"),
    ("lab_tests.reschedule_psc_appointment", "Response body property start_at must match format \"date-time\"", "the example breaks its schema: start_at must match format \"date-time\" (and 5 more)"),
    ("lab_tests.cancel_psc_appointment", "Response body property start_at must match format \"date-time\"", "the example breaks its schema: start_at must match format \"date-time\" (and 5 more)"),
    ("lab_tests.get_psc_appointment", "Response body property start_at must match format \"date-time\"", "the example breaks its schema: start_at must match format \"date-time\" (and 5 more)"),
    ("lab_tests.get_order", "at `lab_test`", "the example breaks its schema: body must have required property 'health_insurance_id' (and 15 more)"),
    ("lab_tests.create_order", "at `order.lab_test`", "the example breaks its schema: order must have required property 'health_insurance_id' (and 15 more)"),
    ("lab_tests.import_order", "at `order.lab_test`", "the example breaks its schema: order must have required property 'health_insurance_id' (and 15 more)"),
    ("lab_tests.cancel_order", "at `order.lab_test`", "the example breaks its schema: order must have required property 'health_insurance_id' (and 15 more)"),
    ("lab_tests.update_on_site_collection_order_draw_completed", "at `order.lab_test`", "the example breaks its schema: order must have required property 'health_insurance_id' (and 15 more)"),
    ("lab_report.parser_create_job", "Request body property file must be array", "Prism: it reads the repeated `file` parts of a multipart body (two are sent) as one value, not as the array the schema says"),
    ("aggregate.query_one_download", "Cannot find serializer for application/vnd.vital.tar+gzip+parquet", "Prism: it cannot produce a body for a vendor media type without a schema; the JSON method of the same operation passes"),
    ("aggregate.get_result_table_for_continuous_query_download", "Cannot find serializer for application/vnd.apache.parquet", "Prism: it cannot produce a body for a vendor media type without a schema; the JSON method of the same operation passes"),
];

/// Known failures against Prism's random data (`prism mock --dynamic`). None is a generator
/// bug.
#[rustfmt::skip]
const DYNAMIC_KNOWN: &[Known] = &[
    ("lab_tests.book_phlebotomy_appointment", "UUID parsing failed", UUID4),
    ("lab_tests.request_phlebotomy_appointment", "UUID parsing failed", UUID4),
    ("lab_tests.reschedule_phlebotomy_appointment", "UUID parsing failed", UUID4),
    ("lab_tests.cancel_phlebotomy_appointment", "UUID parsing failed", UUID4),
    ("lab_tests.get_phlebotomy_appointment", "UUID parsing failed", UUID4),
    ("lab_tests.get_phlebotomy_appointment_cancellation_reason", "UUID parsing failed", UUID4),
    ("lab_tests.book_psc_appointment", "UUID parsing failed", UUID4),
    ("lab_tests.reschedule_psc_appointment", "UUID parsing failed", UUID4),
    ("lab_tests.cancel_psc_appointment", "UUID parsing failed", UUID4),
    ("lab_tests.get_psc_appointment", "UUID parsing failed", UUID4),
    ("lab_tests.get_psc_appointment_cancellation_reason", "UUID parsing failed", UUID4),
    ("vitals.blood_pressure", "missing items for", "Prism: its random data cannot fill a tuple (`prefixItems` without `items`, BloodPressure's value)"),
    ("vitals.blood_pressure_grouped", "missing items for", "Prism: its random data cannot fill a tuple (`prefixItems` without `items`, BloodPressure's value)"),
    ("aggregate.query_one_download", "Tried to force a dynamic response for: application/vnd.vital.tar+gzip+parquet", "Prism: no random data for a vendor media type without a schema"),
    ("aggregate.get_result_table_for_continuous_query_download", "Tried to force a dynamic response for: application/vnd.apache.parquet", "Prism: no random data for a vendor media type without a schema"),
    ("lab_report.parser_create_job", "Request body property file must be array", "Prism: it reads the repeated `file` parts of a multipart body as one value, not as an array"),
];

/// `format: uuid4` is not a JSON Schema format, so Prism's random data puts any string there;
/// the generator reads it as a UUID (`uuid::Uuid`), which is what the service (FastAPI's UUID4)
/// sends. A disagreement between the spec's letter and its intent, kept on purpose.
const UUID4: &str = "Prism: `id` is `format: uuid4`, not a JSON Schema format, so its random data \
                     is any string; the client reads uuid4 as a UUID, as the service sends";

/// Hang detectors, far above what a run takes.
const PRISM_START: Duration = Duration::from_secs(120);
const PROGRAM_RUN: Duration = Duration::from_secs(900);

/// A child process that is killed when this goes out of scope, also when the test panics.
struct KillOnDrop(Child);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port on 127.0.0.1")
        .port()
}

/// Starts Prism on 127.0.0.1 and waits until it accepts connections.
fn start_prism(prism: &Path, spec: &Path, dynamic: bool, log: &Path) -> (KillOnDrop, SocketAddr) {
    let port = free_port();
    let mut command = Command::new(prism);
    command
        .args(["mock", "--host", "127.0.0.1", "--port", &port.to_string()])
        .args(["--verboseLevel", "warn"])
        .arg(spec)
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(log).unwrap())
        .stderr(std::fs::File::create(log.with_extension("err")).unwrap());
    if dynamic {
        command.args(["--dynamic", "--seed", "conformance"]);
    }
    let mut child = KillOnDrop(command.spawn().expect("prism starts"));
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    let started = Instant::now();
    loop {
        if let Ok(Some(status)) = child.0.try_wait() {
            panic!(
                "prism exited with {status} before listening:\n{}",
                std::fs::read_to_string(log.with_extension("err")).unwrap_or_default()
            );
        }
        if TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_ok() {
            return (child, addr);
        }
        assert!(
            started.elapsed() < PRISM_START,
            "prism did not listen on {addr} within {PRISM_START:?}"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
}

/// Runs the program against `upstream`; its `RESULT` lines, parsed.
fn run_program(program: &Path, upstream: SocketAddr, rounds: usize, out: &Path) -> Vec<Value> {
    let mut child = KillOnDrop(
        Command::new(program)
            .args([upstream.to_string(), rounds.to_string()])
            .stdin(Stdio::null())
            .stdout(std::fs::File::create(out).unwrap())
            .stderr(std::fs::File::create(out.with_extension("err")).unwrap())
            .spawn()
            .expect("the conformance program starts"),
    );
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.0.try_wait().unwrap() {
            break status;
        }
        assert!(
            started.elapsed() < PROGRAM_RUN,
            "the conformance program ran longer than {PROGRAM_RUN:?}"
        );
        std::thread::sleep(Duration::from_millis(100));
    };
    assert!(
        status.success(),
        "the conformance program failed ({status}):\n{}",
        std::fs::read_to_string(out.with_extension("err")).unwrap_or_default()
    );
    std::fs::read_to_string(out)
        .unwrap()
        .lines()
        .filter_map(|l| l.strip_prefix("RESULT "))
        .map(|l| serde_json::from_str(l).expect("a RESULT line is JSON"))
        .collect()
}

/// What is wrong with one call, if anything: its error, a non-success status, violations.
fn problems(result: &Value, violations_fail: bool) -> Vec<String> {
    let mut out = Vec::new();
    let exchanges = result["exchanges"].as_array().cloned().unwrap_or_default();
    if exchanges.is_empty() {
        out.push("no request reached Prism".to_owned());
    }
    for x in &exchanges {
        let status = x["status"].as_u64().unwrap_or(0);
        if !(200..300).contains(&status) {
            out.push(format!(
                "{}: status {status}",
                x["request"].as_str().unwrap_or("")
            ));
        }
        let failed = !result["error"].is_null() || !(200..300).contains(&status);
        if let (true, Some(v)) = (violations_fail || failed, x["violations"].as_str()) {
            // Prism's violations, one per line: where, and what.
            let list: Vec<String> = match serde_json::from_str::<Value>(v) {
                Ok(Value::Array(items)) => items
                    .iter()
                    .map(|i| {
                        format!(
                            "{} {}",
                            i["severity"].as_str().unwrap_or(""),
                            i["message"].as_str().unwrap_or("")
                        )
                    })
                    .collect(),
                _ => vec![v.to_owned()],
            };
            out.push(format!(
                "{}: sl-violations:\n        {}",
                x["request"].as_str().unwrap_or(""),
                list.join("\n        ")
            ));
        }
    }
    if let Some(e) = result["error"].as_str() {
        out.push(format!("error: {e}"));
    }
    out
}

fn report(result: &Value, problems: &[String]) -> String {
    let mut text = format!(
        "FAILED {} ({} {})",
        result["id"].as_str().unwrap_or(""),
        result["method"].as_str().unwrap_or(""),
        result["path"].as_str().unwrap_or("")
    );
    for p in problems {
        text.push_str("\n    ");
        text.push_str(p);
    }
    text
}

fn violation_count(results: &[Value]) -> usize {
    results
        .iter()
        .flat_map(|r| r["exchanges"].as_array().cloned().unwrap_or_default())
        .filter_map(|x| {
            let v: Value = serde_json::from_str(x["violations"].as_str()?).ok()?;
            Some(v.as_array().map_or(1, Vec::len))
        })
        .sum()
}

#[test]
fn every_operation_conforms_to_prism() {
    let Some(dir) = common::spec_dir("every_operation_conforms_to_prism") else {
        return;
    };
    let setting = |name: &str| {
        std::env::var_os(name)
            .map(PathBuf::from)
            .unwrap_or_else(|| dir.join("junction-0.4.483.yaml"))
    };
    let serve_spec = setting("CONFORMANCE_SERVE_SPEC");
    let client_spec = setting("CONFORMANCE_CLIENT_SPEC");
    // The known failures are those of the pinned spec; with another spec they are only printed.
    let pinned = serve_spec == dir.join("junction-0.4.483.yaml") && client_spec == serve_spec;
    let prism = std::env::var_os("PRISM_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace().join("target/prism/node_modules/.bin/prism"));
    if !prism.is_file() {
        let missing = format!(
            "no Prism at {} (npm install --prefix target/prism @stoplight/prism-cli@5.14.2, \
             as .ci/run does)",
            prism.display()
        );
        common::skip_unless_required(
            "every_operation_conforms_to_prism",
            &missing,
            &["PRISM_REQUIRED", "CI"],
        );
        return;
    }
    let rounds: usize = std::env::var("CONFORMANCE_ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(3);

    // The client and the program that drives it.
    let settings = generator::Settings {
        crate_name: CRATE.to_owned(),
        ..Default::default()
    };
    let output =
        generator::generate_file(&client_spec, &settings).unwrap_or_else(|e| panic!("{e}"));
    let text = std::fs::read_to_string(&client_spec).unwrap();
    let mut doc = generator::load::parse("spec", &text).unwrap();
    generator::normalize::normalize(&mut doc);
    let (program, calls) = conformance_harness::program(&output.api, &doc, CRATE);
    let crate_dir = workspace().join("target/generated-crates").join(CRATE);
    let mut files = generator::crate_files(&output, CRATE);
    for f in &mut files {
        if f.path == "Cargo.toml" {
            f.text.push_str(
                "\n[dev-dependencies]\ntokio = { version = \"1\", features = [\"rt\", \"time\"] }\n",
            );
        }
    }
    files.push(generator::CrateFile {
        path: "examples/conformance.rs".to_owned(),
        text: program,
    });
    common::write_crate(&crate_dir, &files).unwrap();
    let build = common::cargo(
        &crate_dir,
        &["build", "--quiet", "--example", "conformance"],
    );
    common::succeed(build).unwrap_or_else(|e| panic!("cargo build failed:\n{e}"));
    let program = common::crates_target().join("debug/examples/conformance");
    let logs = workspace().join("target/conformance");
    std::fs::create_dir_all(&logs).unwrap();
    let operations = output.api.operations.len();
    println!(
        "client from {}, Prism serving {} ({} operations, {} calls)",
        client_spec.display(),
        serve_spec.display(),
        operations,
        calls.len()
    );

    // Static: the spec's examples. Each operation passes when every one of its calls does.
    let (prism_static, addr) =
        start_prism(&prism, &serve_spec, false, &logs.join("prism-static.log"));
    let results = run_program(&program, addr, 1, &logs.join("static.out"));
    drop(prism_static);
    assert_eq!(results.len(), calls.len(), "one result per call");
    let mut failed_ops: BTreeMap<usize, Vec<String>> = BTreeMap::new();
    let mut failed_calls: Vec<(String, String)> = Vec::new();
    for r in &results {
        let p = problems(r, true);
        if !p.is_empty() {
            let op = r["op"].as_u64().unwrap() as usize;
            let text = report(r, &p);
            failed_ops.entry(op).or_default().push(text.clone());
            failed_calls.push((r["id"].as_str().unwrap_or("").to_owned(), text));
        }
    }
    let violations = violation_count(&results);
    let unexpected = check_known("static", &failed_calls, STATIC_KNOWN, pinned);

    // Dynamic: random data that follows the schemas; every response must decode.
    let (prism_dynamic, addr) =
        start_prism(&prism, &serve_spec, true, &logs.join("prism-dynamic.log"));
    let dynamic = run_program(&program, addr, rounds, &logs.join("dynamic.out"));
    drop(prism_dynamic);
    assert_eq!(dynamic.len(), calls.len() * rounds, "one result per call");
    let mut undecoded = Vec::new();
    for r in &dynamic {
        let p = problems(r, false);
        if !p.is_empty() {
            let text = format!("round {}: {}", r["round"], report(r, &p));
            undecoded.push((r["id"].as_str().unwrap_or("").to_owned(), text));
        }
    }
    let unexpected_dynamic = check_known("dynamic", &undecoded, DYNAMIC_KNOWN, pinned);
    let passing = operations - failed_ops.len();
    println!(
        "CONFORMANCE static: {passing} / {operations} operations pass, {violations} violations; \
         dynamic: {} / {} responses decoded ({rounds} rounds, {} violations)",
        dynamic.len() - undecoded.len(),
        dynamic.len(),
        violation_count(&dynamic)
    );
    std::io::stdout().flush().unwrap();

    assert!(
        unexpected.is_empty() && unexpected_dynamic.is_empty(),
        "{} calls failed against Prism's examples and {} against its random data, unexpectedly:\n{}",
        unexpected.len(),
        unexpected_dynamic.len(),
        unexpected
            .iter()
            .chain(&unexpected_dynamic)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}

/// Prints every failure and returns the ones not in `known` (or not the known failure of
/// their call); when `pinned`, panics if a known failure no longer happens.
fn check_known(
    mode: &str,
    failed: &[(String, String)],
    known: &[Known],
    pinned: bool,
) -> Vec<String> {
    let mut unexpected = Vec::new();
    for (id, text) in failed {
        match known
            .iter()
            .find(|(k, fragment, _)| k == id && text.contains(fragment))
        {
            Some((_, _, why)) => println!("KNOWN ({mode}) {id}: {why}\n{text}"),
            None => {
                println!("{mode} {text}");
                unexpected.push(text.clone());
            }
        }
    }
    for (id, fragment, _) in known.iter().filter(|_| pinned) {
        assert!(
            failed
                .iter()
                .any(|(f, text)| f == id && text.contains(fragment)),
            "{id} no longer fails with `{fragment}` ({mode}): drop it from the known failures"
        );
    }
    unexpected
}
