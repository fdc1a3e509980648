//! The API key comes from `JUNCTION_API_KEY` when the builder is given none (a test binary of
//! its own, since it sets the process environment). Junction has a few operations that need no
//! key, so a client without one builds, and a call that needs it fails before it is sent,
//! saying how to give it.

use junction::Junction;
use wiremock::matchers::header;
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn the_key_is_read_from_the_environment() {
    let server = MockServer::start().await;
    Mock::given(header("x-vital-api-key", "sk_from_env"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    std::env::set_var("JUNCTION_API_KEY", "sk_from_env");
    let client = Junction::builder().base_url(server.uri()).build().unwrap();
    std::env::remove_var("JUNCTION_API_KEY");
    let id = "0b7d5d52-33f4-4cbb-a1ab-3b8b3c7f1a10".parse().unwrap();
    client.user().patch(id, &Default::default()).await.unwrap();

    let keyless = Junction::builder().base_url(server.uri()).build().unwrap();
    let err = keyless
        .user()
        .patch(id, &Default::default())
        .await
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("no credentials for this operation")
            && err.to_string().contains("JUNCTION_API_KEY"),
        "{err}"
    );
}
