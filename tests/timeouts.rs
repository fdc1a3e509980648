//! Time limits that mean what they say, against servers on 127.0.0.1: the timeout of an
//! attempt covers the response head only, so a download that keeps flowing is read to its end;
//! a body is bounded by its own limits (the longest pause between chunks, the whole read).
//! And `RequestOptions::header` replaces a header of the same name.

use std::time::Duration;

use junction::runtime::{Config, Core, RequestOptions};
use junction::{Error, ErrorBody};
use reqwest::Method;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// A server that answers every request at once with a chunked body of `chunks` chunks of 1 KiB,
/// `every` apart, then stalls for `stall` before the end.
async fn streaming_server(chunks: usize, every: Duration, stall: Duration) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        loop {
            let (mut stream, _) = listener.accept().await.unwrap();
            tokio::spawn(async move {
                let mut buf = [0u8; 4096];
                let mut head = Vec::new();
                while !head.ends_with(b"\r\n\r\n") {
                    let n = stream.read(&mut buf).await.unwrap();
                    if n == 0 {
                        return;
                    }
                    head.extend_from_slice(&buf[..n]);
                }
                let head = "HTTP/1.1 200 OK\r\ncontent-type: application/pdf\r\n\
                            transfer-encoding: chunked\r\n\r\n";
                if stream.write_all(head.as_bytes()).await.is_err() {
                    return;
                }
                let chunk = format!("400\r\n{}\r\n", "x".repeat(1024));
                for _ in 0..chunks {
                    if stream.write_all(chunk.as_bytes()).await.is_err() {
                        return;
                    }
                    tokio::time::sleep(every).await;
                }
                tokio::time::sleep(stall).await;
                let _ = stream.write_all(b"0\r\n\r\n").await;
            });
        }
    });
    base
}

/// The core for `base`, with `options`, no retries.
fn core(base: &str, options: RequestOptions) -> Core<ErrorBody> {
    let mut config = Config::default();
    config.max_retries(0);
    config
        .build(&Default::default(), base)
        .unwrap()
        .with_options(options)
}

/// Downloads `GET /file` chunk by chunk; the bytes read before the end or an error.
async fn download(core: &Core<ErrorBody>) -> (usize, Option<Error>) {
    let response = core
        .request(Method::GET, "/file", "file.get")
        .send()
        .await
        .unwrap();
    let mut download = response.download().unwrap();
    let mut read = 0;
    loop {
        match download.chunk().await {
            Ok(Some(chunk)) => read += chunk.len(),
            Ok(None) => return (read, None),
            Err(e) => return (read, Some(e)),
        }
    }
}

#[tokio::test]
async fn a_download_that_keeps_flowing_outlasts_the_head_timeout() {
    // 12 chunks 100 ms apart: the body takes more than twice the 500 ms timeout of the head.
    let base = streaming_server(12, Duration::from_millis(100), Duration::ZERO).await;
    let core = core(
        &base,
        RequestOptions::new().timeout(Duration::from_millis(500)),
    );
    let (read, error) = download(&core).await;
    assert!(error.is_none(), "{error:?}");
    assert_eq!(read, 12 * 1024);
}

#[tokio::test]
async fn a_body_that_stops_flowing_ends_at_the_read_timeout() {
    let base = streaming_server(2, Duration::ZERO, Duration::from_secs(30)).await;
    let core = core(
        &base,
        RequestOptions::new().read_timeout(Duration::from_millis(200)),
    );
    let (read, error) = download(&core).await;
    assert_eq!(read, 2 * 1024, "the chunks before the pause arrive");
    let error = error.expect("the pause ends the read");
    assert!(matches!(error, Error::Timeout(_)), "{error:?}");
    assert_eq!(
        error.to_string(),
        "no part of the response body came within 200ms"
    );
}

#[tokio::test]
async fn a_body_timeout_bounds_the_whole_read() {
    let base = streaming_server(1000, Duration::from_millis(20), Duration::ZERO).await;
    let core = core(
        &base,
        RequestOptions::new().body_timeout(Duration::from_millis(300)),
    );
    let (read, error) = download(&core).await;
    assert!(read < 1000 * 1024);
    let error = error.expect("the limit ends the read");
    assert!(matches!(error, Error::Timeout(_)), "{error:?}");
    assert_eq!(
        error.to_string(),
        "the response body took longer than 300ms"
    );
}

#[tokio::test]
async fn request_options_headers_replace_those_of_the_same_name() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let mut config = Config::default();
    config.header("x-team", "data");
    let core: Core<ErrorBody> = config.build(&Default::default(), &server.uri()).unwrap();
    let options = RequestOptions::new()
        .header("x-team", "ops")
        .header("x-mode", "first")
        .header("x-mode", "second");
    core.with_options(options)
        .request(Method::GET, "/things", "things.list")
        .header("x-mode", "from the operation")
        .send()
        .await
        .unwrap();
    let requests = server.received_requests().await.unwrap();
    let values = |name: &str| -> Vec<String> {
        requests[0]
            .headers
            .get_all(name)
            .iter()
            .map(|v| v.to_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(values("x-team"), ["ops"], "over the client's default");
    assert_eq!(
        values("x-mode"),
        ["second"],
        "over the operation's, the last one"
    );
}
