//! The client runtime against a real HTTP server on 127.0.0.1 (wiremock): retries, per-request
//! options, configuration, raw responses and decode errors. What it logs: tests/logs.rs; which
//! requests are retried: tests/retries.rs.

mod support;

use support::{client, patch_user, seen, user_id, KEY};

use std::time::Duration;

use junction::runtime::{AuthSchemes, Config, Core, KeyLocation, RequestOptions, Scheme};
use junction::types::UserPatchBody;
use junction::{Error, ErrorBody, Junction};
use wiremock::matchers::{header, method, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// A server that answers every `verb` request with 204.
async fn no_content(verb: &str) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method(verb))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    server
}

/// The runtime's core with `config`, pointed at `server`.
fn core(config: Config, server: &MockServer) -> Core<ErrorBody> {
    config.build(&Default::default(), &server.uri()).unwrap()
}

/// Answers `statuses` in order, then 204 forever.
async fn answer_in_turn(server: &MockServer, statuses: &[u16]) {
    for (i, status) in statuses.iter().enumerate() {
        Mock::given(method("PATCH"))
            .respond_with(ResponseTemplate::new(*status).set_body_string(format!("try {i}")))
            .up_to_n_times(1)
            .with_priority(1)
            .mount(server)
            .await;
    }
    Mock::given(method("PATCH"))
        .respond_with(ResponseTemplate::new(204))
        .with_priority(2)
        .mount(server)
        .await;
}

#[tokio::test]
async fn retries_429_and_503_then_succeeds() {
    let server = MockServer::start().await;
    answer_in_turn(&server, &[503, 429]).await;
    let result = patch_user(&client(&server)).await;
    assert!(result.is_ok(), "{result:?}");
    assert_eq!(seen(&server).await, 3, "two retries, then the 204");
}

#[tokio::test]
async fn gives_up_after_max_retries_with_the_last_answer() {
    let server = MockServer::start().await;
    answer_in_turn(&server, &[503, 429, 503, 503]).await;
    let err = patch_user(&client(&server)).await.unwrap_err();
    assert_eq!(
        seen(&server).await,
        3,
        "the first attempt and 2 retries (the default)"
    );
    assert_eq!(err.status().map(|s| s.as_u16()), Some(503));
    assert!(err.to_string().contains("try 2"), "{err}");
}

#[tokio::test]
async fn does_not_retry_other_errors() {
    let server = MockServer::start().await;
    answer_in_turn(&server, &[400, 422]).await;
    let err = patch_user(&client(&server)).await.unwrap_err();
    assert_eq!(seen(&server).await, 1);
    assert_eq!(err.status().map(|s| s.as_u16()), Some(400));
}

#[tokio::test]
async fn max_retries_is_configurable_per_client_and_per_request() {
    let server = MockServer::start().await;
    answer_in_turn(&server, &[503, 503, 503, 503, 503, 503]).await;
    let client = Junction::builder()
        .api_key(KEY)
        .base_url(server.uri())
        .retry_delay(Duration::from_millis(1))
        .max_retries(4)
        .build()
        .unwrap();
    let _ = patch_user(&client).await;
    assert_eq!(seen(&server).await, 5);
    let once = client.with_options(RequestOptions::new().max_retries(0));
    let _ = patch_user(&once).await;
    assert_eq!(seen(&server).await, 6);
}

#[tokio::test]
async fn per_request_headers_query_and_timeout() {
    let server = MockServer::start().await;
    Mock::given(method("PATCH"))
        .and(header("x-request-id", "abc-123"))
        .and(query_param("debug", "1"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("PATCH"))
        .and(header("x-slow", "yes"))
        .respond_with(ResponseTemplate::new(204).set_delay(Duration::from_secs(5)))
        .mount(&server)
        .await;
    let client = client(&server);
    let options = RequestOptions::new()
        .header("x-request-id", "abc-123")
        .query("debug", "1");
    client
        .with_options(options)
        .user()
        .patch(user_id(), &Default::default())
        .await
        .unwrap();

    let slow = RequestOptions::new()
        .header("x-slow", "yes")
        .timeout(Duration::from_millis(100))
        .max_retries(0);
    let err = client
        .with_options(slow)
        .user()
        .patch(user_id(), &Default::default())
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Timeout(_)), "{err:?}");
    assert_eq!(
        err.to_string(),
        "no response head within 100ms (1 attempt; not retried: the server may have applied \
         this PATCH, and it has no idempotency key)"
    );
}

#[tokio::test]
async fn default_headers_and_user_agent() {
    let server = MockServer::start().await;
    Mock::given(method("PATCH"))
        .and(header("x-team", "data-platform"))
        .and(header(
            "user-agent",
            concat!("junction-health/", env!("CARGO_PKG_VERSION")),
        ))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let client = Junction::builder()
        .api_key(KEY)
        .base_url(server.uri())
        .header("x-team", "data-platform")
        .build()
        .unwrap();
    patch_user(&client).await.unwrap();

    let custom = MockServer::start().await;
    Mock::given(header("user-agent", "my-app/2.0"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&custom)
        .await;
    let client = Junction::builder()
        .api_key(KEY)
        .base_url(custom.uri())
        .user_agent("my-app/2.0")
        .build()
        .unwrap();
    patch_user(&client).await.unwrap();
}

#[tokio::test]
async fn a_caller_supplied_reqwest_client_is_used() {
    let server = MockServer::start().await;
    Mock::given(header("x-from-reqwest", "1"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert("x-from-reqwest", "1".parse().unwrap());
    let http = reqwest::Client::builder()
        .default_headers(headers)
        .build()
        .unwrap();
    let client = Junction::builder()
        .api_key(KEY)
        .base_url(server.uri())
        .http_client(http)
        .build()
        .unwrap();
    patch_user(&client).await.unwrap();
}

#[tokio::test]
async fn raw_responses_carry_status_and_headers() {
    let server = MockServer::start().await;
    Mock::given(method("PATCH"))
        .respond_with(ResponseTemplate::new(204).insert_header("x-ratelimit-remaining", "99"))
        .mount(&server)
        .await;
    let raw = client(&server)
        .user()
        .with_raw_response()
        .patch(user_id(), &Default::default())
        .await
        .unwrap();
    assert_eq!(raw.status.as_u16(), 204);
    assert_eq!(raw.headers["x-ratelimit-remaining"], "99");
    raw.into_value();

    // The same from the client: every group, and the client's own operations.
    let raw = client(&server)
        .with_raw_response()
        .user()
        .patch(user_id(), &Default::default())
        .await
        .unwrap();
    assert_eq!(raw.headers["x-ratelimit-remaining"], "99");
}

#[tokio::test]
async fn api_errors_carry_headers_body_and_text() {
    let server = MockServer::start().await;
    Mock::given(method("PATCH"))
        .respond_with(
            ResponseTemplate::new(422)
                .insert_header("x-request-id", "req-7")
                .set_body_string(r#"{"detail": [{"msg": "bad"}]}"#),
        )
        .mount(&server)
        .await;
    let err = patch_user(&client(&server)).await.unwrap_err();
    let Error::Api(api) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(api.headers["x-request-id"], "req-7");
    assert!(matches!(api.body, Some(ErrorBody::HTTPValidationError(_))));
    assert!(api.text.contains("bad"));
    assert!(err
        .to_string()
        .starts_with("the server answered 422 Unprocessable Entity: "));
}

#[tokio::test]
async fn decode_errors_name_the_failing_field() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200).set_body_string(r#"{"fallback_birth_date": "13/03/1980"}"#),
        )
        .mount(&server)
        .await;
    let mut config = Config::default();
    config.max_retries(0);
    let core = core(config, &server);
    let err = core
        .request(reqwest::Method::GET, "/anything", "test")
        .send()
        .await
        .unwrap()
        .json::<UserPatchBody>()
        .await
        .unwrap_err();
    let Error::Decode { path, body, .. } = &err else {
        panic!("{err:?}")
    };
    assert_eq!(path, "fallback_birth_date");
    assert!(body.contains("13/03/1980"));
    assert!(
        err.to_string().contains("at `fallback_birth_date`"),
        "{err}"
    );
    assert!(std::error::Error::source(&err).is_some());
}

#[tokio::test]
async fn parameters_are_encoded_as_the_spec_says() {
    let server = no_content("GET").await;
    let core = core(Config::default(), &server);
    core.request(reqwest::Method::GET, "/things/{id}/{kind}", "test")
        .path("id", "a/b c")
        .path("kind", &7)
        .query("provider", &["oura", "fitbit"])
        .query_joined("fields", &["x", "y"])
        .query("missing", &None::<String>)
        .header("x-flag", &true)
        .send()
        .await
        .unwrap();
    let request = &server.received_requests().await.unwrap()[0];
    assert_eq!(request.url.path(), "/things/a%2Fb%20c/7");
    assert_eq!(
        request.url.query(),
        Some("provider=oura&provider=fitbit&fields=x%2Cy")
    );
    assert_eq!(request.headers["x-flag"], "true");
}

#[tokio::test]
async fn bearer_and_basic_credentials() {
    let server = MockServer::start().await;
    Mock::given(header("authorization", "Bearer tok_123"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(header("authorization", "Basic dXNlcjpwYXNz"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let bearer = AuthSchemes {
        schemes: &[Scheme::Bearer {
            setter: "bearer_token",
        }],
        security: None,
        required: true,
    };
    let mut config = Config::default();
    config.secret(0, "tok_123".into());
    let core: Core<ErrorBody> = config.build(&bearer, &server.uri()).unwrap();
    core.request(reqwest::Method::GET, "/a", "test")
        .send()
        .await
        .unwrap();
    assert!(!format!("{core:?}").contains("tok_123"));

    let basic = AuthSchemes {
        schemes: &[Scheme::Basic {
            setter: "basic_auth",
        }],
        security: None,
        required: true,
    };
    let mut config = Config::default();
    config.basic(0, "user".into(), "pass".into());
    let core: Core<ErrorBody> = config.build(&basic, &server.uri()).unwrap();
    core.request(reqwest::Method::GET, "/b", "test")
        .send()
        .await
        .unwrap();

    let err = Config::default()
        .build::<ErrorBody>(&bearer, &server.uri())
        .unwrap_err();
    assert!(err.to_string().contains("`.bearer_token(..)`"), "{err}");
}

#[tokio::test]
async fn form_and_multipart_bodies() {
    let server = no_content("POST").await;
    let core = core(Config::default(), &server);
    #[derive(serde::Serialize)]
    struct Grant {
        grant_type: &'static str,
        scope: Option<&'static str>,
    }
    let grant = Grant {
        grant_type: "client_credentials",
        scope: Some("read write"),
    };
    core.request(reqwest::Method::POST, "/token", "test")
        .urlencoded(&grant)
        .send()
        .await
        .unwrap();
    let file = junction::runtime::File::new("report.pdf", b"%PDF-1.7".to_vec())
        .with_content_type("application/pdf");
    let form = junction::runtime::Form::new()
        .file("file", &vec![file.clone(), file])
        .text("owner", "0b7d5d52-33f4-4cbb-a1ab-3b8b3c7f1a10");
    core.request(reqwest::Method::POST, "/documents", "test")
        .multipart(form)
        .send()
        .await
        .unwrap();
    let requests = server.received_requests().await.unwrap();
    assert_eq!(
        requests[0].headers["content-type"],
        "application/x-www-form-urlencoded"
    );
    assert_eq!(
        String::from_utf8_lossy(&requests[0].body),
        "grant_type=client_credentials&scope=read+write"
    );
    let body = String::from_utf8_lossy(&requests[1].body);
    assert!(requests[1].headers["content-type"]
        .to_str()
        .unwrap()
        .starts_with("multipart/form-data; boundary="));
    assert_eq!(body.matches("filename=\"report.pdf\"").count(), 2, "{body}");
    assert!(body.contains("name=\"owner\""), "{body}");
}

#[tokio::test]
async fn downloads_stream_in_chunks() {
    use futures_util::StreamExt;
    let server = MockServer::start().await;
    let pdf: Vec<u8> = (0..2_000_000u32).map(|i| (i % 251) as u8).collect();
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(pdf.clone(), "application/pdf"))
        .mount(&server)
        .await;
    let core = core(Config::default(), &server);
    let get = || {
        core.request(reqwest::Method::GET, "/requisition.pdf", "test")
            .send()
    };

    let mut download = get().await.unwrap().download().unwrap();
    assert_eq!(download.content_type(), Some("application/pdf"));
    let (mut chunks, mut received) = (0, Vec::new());
    while let Some(chunk) = download.chunk().await.unwrap() {
        chunks += 1;
        received.extend_from_slice(&chunk);
    }
    assert_eq!(received, pdf);
    assert!(chunks > 1, "the body came in {chunks} chunk");

    let stream = get().await.unwrap().download().unwrap().into_stream();
    let total: usize = stream
        .map(|chunk| chunk.unwrap().len())
        .fold(0, |a, n| async move { a + n })
        .await;
    assert_eq!(total, pdf.len());
}

/// The schemes of a spec with a header key, a query key, a cookie key and a bearer token.
const SCHEMES: &[Scheme] = &[
    Scheme::ApiKey {
        location: KeyLocation::Header,
        name: "x-key",
        setter: "api_key",
        env: None,
    },
    Scheme::ApiKey {
        location: KeyLocation::Query,
        name: "app_key",
        setter: "app_key",
        env: None,
    },
    Scheme::ApiKey {
        location: KeyLocation::Cookie,
        name: "session",
        setter: "session",
        env: None,
    },
    Scheme::Bearer {
        setter: "bearer_token",
    },
];

#[tokio::test]
async fn each_request_carries_the_first_requirement_it_was_given() {
    let server = no_content("GET").await;
    let auth = AuthSchemes {
        schemes: SCHEMES,
        security: Some(&[&[0, 1]]),
        required: false,
    };
    let mut config = Config::default();
    config.secret(0, "hk".into());
    config.secret(1, "qk".into());
    config.secret(2, "ck".into());
    let core: Core<ErrorBody> = config.build(&auth, &server.uri()).unwrap();
    // The default: both keys together.
    core.request(reqwest::Method::GET, "/default", "test")
        .send()
        .await
        .unwrap();
    // None.
    core.request(reqwest::Method::GET, "/none", "test")
        .security(&[])
        .send()
        .await
        .unwrap();
    // Alternatives: the bearer token was not given, so the cookie, next to a cookie param.
    core.request(reqwest::Method::GET, "/cookie", "test")
        .security(&[&[3], &[2]])
        .header("cookie", "theme=dark")
        .send()
        .await
        .unwrap();
    // Not given at all: a configuration error that says what to give.
    let err = core
        .request(reqwest::Method::GET, "/bearer", "test")
        .security(&[&[3]])
        .send()
        .await
        .err()
        .unwrap();
    assert!(matches!(err, Error::Config(_)), "{err:?}");
    assert!(err.to_string().contains("`.bearer_token(..)`"), "{err}");
    let seen = server.received_requests().await.unwrap();
    assert_eq!(seen.len(), 3);
    assert_eq!(seen[0].headers["x-key"], "hk");
    assert_eq!(seen[0].url.query(), Some("app_key=qk"));
    assert!(seen[0].headers.get("cookie").is_none());
    assert!(seen[1].headers.get("x-key").is_none() && seen[1].url.query().is_none());
    assert!(seen[1].headers.get("cookie").is_none());
    assert_eq!(seen[2].headers["cookie"], "theme=dark; session=ck");
    assert!(seen[2].headers.get("x-key").is_none() && seen[2].url.query().is_none());
    assert!(!format!("{core:?}").contains("hk"));
}

#[tokio::test]
async fn a_query_key_stays_out_of_error_messages() {
    let auth = AuthSchemes {
        schemes: SCHEMES,
        security: Some(&[&[1]]),
        required: true,
    };
    let mut config = Config::default();
    config.secret(1, "sk_query_secret".into());
    config.max_retries(0);
    // Nothing listens on port 9 (discard) of this machine: the connection is refused.
    let core: Core<ErrorBody> = config.build(&auth, "http://127.0.0.1:9").unwrap();
    let err = core
        .request(reqwest::Method::GET, "/a", "test")
        .send()
        .await
        .err()
        .unwrap();
    assert!(matches!(err, Error::Transport(_)), "{err:?}");
    let text = format!("{err} {err:?}");
    assert!(!text.contains("sk_query_secret"), "{text}");
    assert!(text.contains("app_key=%3Credacted%3E"), "{text}");
}
