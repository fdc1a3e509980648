//! Compressed answers (feature `gzip`, on by default; `zstd` and `brotli` add theirs): every
//! request says what it accepts, a gzip answer is decoded before its JSON is read and before a
//! download is streamed, and a large heart-rate page is measured on the wire both ways. With
//! the feature `testing`, the test kit's server answers compressed too.

#![cfg(feature = "gzip")]

use std::io::Write as _;

use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

use junction::Junction;

const USER: &str = "56bd81c9-6219-4000-a775-ae85526eb001";

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

fn client(server: &MockServer) -> Junction {
    Junction::builder()
        .api_key("sk_test")
        .base_url(server.uri())
        .build()
        .unwrap()
}

/// A page of heart-rate samples as `GET /v2/timeseries/{user_id}/heartrate/grouped` answers
/// it: one provider, `samples` readings a second apart, each a random step from the last.
fn heart_rate_page(samples: u32) -> serde_json::Value {
    let mut seed = 0x2545_f491_u64;
    let mut bpm = 62i64;
    let data: Vec<serde_json::Value> = (0..samples)
        .map(|i| {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            bpm = (bpm + (seed >> 61) as i64 - 3).clamp(48, 150);
            json!({
                "timezone_offset": 3600,
                "type": null,
                "unit": "bpm",
                "timestamp": format!("2026-12-01T{:02}:{:02}:{:02}+01:00", i / 3600, (i / 60) % 60, i % 60),
                "value": bpm as f64
            })
        })
        .collect();
    json!({
        "groups": {"oura": [{"source": {"provider": "oura", "type": "ring"}, "data": data}]},
        "next_cursor": null
    })
}

fn accepts(request: &Request, encoding: &str) -> bool {
    request
        .headers
        .get("accept-encoding")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|e| e.trim() == encoding))
}

#[tokio::test]
async fn every_request_says_which_encodings_it_accepts() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(heart_rate_page(1)))
        .mount(&server)
        .await;
    let user = USER.parse().unwrap();
    client(&server)
        .vitals()
        .heartrate_grouped(user, "2026-12-01", &Default::default())
        .await
        .unwrap();
    let requests = server.received_requests().await.unwrap();
    assert!(accepts(&requests[0], "gzip"), "{:?}", requests[0].headers);
    assert_eq!(accepts(&requests[0], "zstd"), cfg!(feature = "zstd"));
    assert_eq!(accepts(&requests[0], "br"), cfg!(feature = "brotli"));
}

/// The same large page answered plain and gzipped: both decode to the same value, and the
/// bytes on the wire are printed (`cargo test --test compression -- --nocapture`), the figure
/// docs/client.md quotes.
#[tokio::test]
async fn a_gzip_answer_is_decoded_and_is_smaller_on_the_wire() {
    let page = serde_json::to_vec(&heart_rate_page(3_600)).unwrap();
    let gzipped = gzip(&page);
    let server = MockServer::start().await;
    for (route, body, encoded) in [
        ("plain", page.clone(), false),
        ("gzip", gzipped.clone(), true),
    ] {
        let mut answer = ResponseTemplate::new(200).set_body_raw(body, "application/json");
        if encoded {
            answer = answer.insert_header("content-encoding", "gzip");
        }
        let user = if route == "plain" {
            USER
        } else {
            "56bd81c9-6219-4000-a775-ae85526eb002"
        };
        Mock::given(method("GET"))
            .and(path(format!("/v2/timeseries/{user}/heartrate/grouped")))
            .respond_with(answer)
            .expect(1)
            .mount(&server)
            .await;
    }
    let client = client(&server);
    let plain = client
        .vitals()
        .heartrate_grouped(USER.parse().unwrap(), "2026-12-01", &Default::default())
        .await
        .unwrap();
    let compressed = client
        .vitals()
        .heartrate_grouped(
            "56bd81c9-6219-4000-a775-ae85526eb002".parse().unwrap(),
            "2026-12-01",
            &Default::default(),
        )
        .await
        .unwrap();
    assert_eq!(plain, compressed);
    assert_eq!(compressed.groups["oura"][0].data.len(), 3_600);
    assert!(
        gzipped.len() * 5 < page.len(),
        "{} vs {}",
        gzipped.len(),
        page.len()
    );
    println!(
        "a heart-rate page of 3,600 samples: {} bytes as JSON, {} gzipped ({:.1}x smaller)",
        page.len(),
        gzipped.len(),
        page.len() as f64 / gzipped.len() as f64
    );
}

#[tokio::test]
async fn a_gzip_download_streams_the_decoded_bytes() {
    let pdf: Vec<u8> = b"%PDF-1.7\n"
        .iter()
        .copied()
        .chain((0..200_000u32).map(|i| (i % 7) as u8 + b'a'))
        .collect();
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!("/v3/order/{USER}/result/pdf")))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("content-encoding", "gzip")
                .set_body_raw(gzip(&pdf), "application/pdf"),
        )
        .mount(&server)
        .await;
    let mut download = client(&server)
        .lab_tests()
        .get_result_pdf(USER.parse().unwrap())
        .await
        .unwrap();
    assert_eq!(download.content_type(), Some("application/pdf"));
    let mut read = Vec::new();
    while let Some(chunk) = download.chunk().await.unwrap() {
        read.extend_from_slice(&chunk);
    }
    assert_eq!(read.len(), pdf.len());
    assert!(read == pdf, "the decoded bytes differ");
}

#[cfg(feature = "testing")]
#[tokio::test]
async fn the_test_kit_answers_compressed_when_asked() {
    use junction::testing::MockServer;
    use junction::types::GroupedHeartRateResponse;

    let server = MockServer::start().await;
    server.gzip(true);
    let page: GroupedHeartRateResponse = serde_json::from_value(heart_rate_page(600)).unwrap();
    server
        .vitals()
        .heartrate_grouped()
        .ok(&page)
        .expect(2)
        .mount()
        .await;
    let read = server
        .client()
        .vitals()
        .heartrate_grouped(USER.parse().unwrap(), "2026-12-01", &Default::default())
        .await
        .unwrap();
    assert_eq!(read, page);
    // The client decodes and drops `content-encoding`; a request that does not decode shows
    // what the server sent.
    let url = format!(
        "{}/v2/timeseries/{USER}/heartrate/grouped?start_date=2026-12-01",
        server.uri()
    );
    let on_the_wire = reqwest::Client::builder()
        .no_gzip()
        .build()
        .unwrap()
        .get(url)
        .header("accept-encoding", "gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(on_the_wire.headers()["content-encoding"], "gzip");
    let bytes = on_the_wire.bytes().await.unwrap();
    assert_eq!(&bytes[..2], [0x1f, 0x8b], "a gzip stream");
}
