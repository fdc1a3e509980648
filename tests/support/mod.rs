//! What the client tests share: a key, a user id, a client for a local server, and the
//! requests that server saw. (Each test binary uses part of it.)
#![allow(dead_code)]

use std::time::Duration;

use junction::Junction;
use wiremock::MockServer;

/// The API key the tests configure, and look for where it must not appear.
pub const KEY: &str = "sk_test_0123456789";

/// A user id, as the seed page's PATCH /v2/user/{user_id} takes.
pub const USER: &str = "0b7d5d52-33f4-4cbb-a1ab-3b8b3c7f1a10";

/// [`USER`] as a `Uuid`.
pub fn user_id() -> uuid::Uuid {
    USER.parse().expect("a uuid")
}

/// A client for `server`, with a retry delay short enough that tests take milliseconds.
pub fn client(server: &MockServer) -> Junction {
    Junction::builder()
        .api_key(KEY)
        .base_url(server.uri())
        .retry_delay(Duration::from_millis(5))
        .build()
        .expect("client builds")
}

/// The address of a local port that nothing listens on: bound, then freed.
pub fn nowhere() -> String {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .expect("a free port")
        .local_addr()
        .expect("its address")
        .port();
    format!("http://127.0.0.1:{port}")
}

/// The call most tests make: `PATCH /v2/user/{user_id}` with an empty body.
pub async fn patch_user(client: &Junction) -> junction::Result<()> {
    client.user().patch(user_id(), &Default::default()).await
}

/// How many requests `server` saw.
pub async fn seen(server: &MockServer) -> usize {
    server
        .received_requests()
        .await
        .expect("recording is on")
        .len()
}
