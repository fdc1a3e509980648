//! Receives Junction webhooks with axum: each request's Svix signature is verified, then its
//! body is read into a typed [`junction::webhooks::Event`].
//!
//! ```sh
//! JUNCTION_WEBHOOK_SECRET=whsec_... LISTEN=127.0.0.1:3000 cargo run
//! ```
//!
//! It answers 204 to every event it could verify and read, 400 to a request whose signature
//! does not verify, and 422 to a signed body that does not match its event's type (a spec
//! defect to report, or to correct with an overlay). Junction's endpoint settings decide what
//! is sent and retried.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use axum::Router;
use junction::webhooks::{Event, Webhook, WebhookError};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    // The endpoint's signing secret, from Junction's dashboard: `whsec_` and base64.
    let secret = std::env::var("JUNCTION_WEBHOOK_SECRET")
        .map_err(|_| "set JUNCTION_WEBHOOK_SECRET to the endpoint's signing secret")?;
    let webhook = Arc::new(Webhook::new(&secret)?);
    let app = Router::new()
        .route("/webhooks/junction", post(receive))
        .with_state(webhook);
    let listen = std::env::var("LISTEN").unwrap_or_else(|_| "127.0.0.1:3000".to_owned());
    let listener = tokio::net::TcpListener::bind(&listen).await?;
    println!("listening on {}", listener.local_addr()?);
    axum::serve(listener, app).await?;
    Ok(())
}

/// Verifies the request against the raw body, reads the event, and handles it.
async fn receive(
    State(webhook): State<Arc<Webhook>>,
    headers: HeaderMap,
    body: Bytes,
) -> StatusCode {
    match webhook.receive::<Event>(&headers, &body) {
        Ok(event) => {
            handle(event);
            StatusCode::NO_CONTENT
        }
        Err(e @ WebhookError::Decode { .. }) => {
            eprintln!("unreadable event: {e}");
            StatusCode::UNPROCESSABLE_ENTITY
        }
        Err(e) => {
            eprintln!("rejected: {e}");
            StatusCode::BAD_REQUEST
        }
    }
}

fn handle(event: Event) {
    match event {
        Event::DailyDataSleep(sleep) => println!(
            "sleep {} of user {} (yours: {}): {} s asleep",
            sleep.event_type, sleep.user_id, sleep.client_user_id, sleep.data.total
        ),
        Event::LabtestOrder(order) => println!(
            "lab order {} ({}): {}",
            order.data.id, order.data.lab_test.name, order.event_type
        ),
        Event::ProviderConnectionCreated(connection) => println!(
            "user {} connected {}",
            connection.client_user_id, connection.data.provider.slug
        ),
        Event::Unknown(event) => {
            println!("an event this client does not know: {}", event.event_type)
        }
        other => println!("{}", other.name()),
    }
}
