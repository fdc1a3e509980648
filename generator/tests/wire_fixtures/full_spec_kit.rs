//! The test kit on the full Junction client (`tests/full_spec.rs` writes this file into the
//! crate it generates from the pinned spec, as `tests/kit.rs`, and runs it with the feature
//! `testing`), used as a team would: a user read by id, every user over three pages, a lab
//! order the API refuses with 422.

use futures_util::TryStreamExt;
use junction_full::testing::MockServer;
use junction_full::types::{
    ClientFacingUser, CreateOrderRequestCompatible, HTTPValidationError, PaginatedUsersResponse,
};
use junction_full::{Error, ErrorBody};
use serde_json::json;

/// A user as the spec's example shows one, with its own ids; a connected source names its
/// `provider` (the spec's example still shows the deprecated `source`, which the client reads
/// as optional).
fn user(n: u32) -> ClientFacingUser {
    let id = format!("56bd81c9-6219-4000-a775-ae85526eb{n:03}");
    serde_json::from_value(json!({
        "user_id": id,
        "team_id": "56bd81c9-6219-4000-a775-ae85526eba18",
        "client_user_id": format!("customer-{n}"),
        "created_on": "2026-05-15T20:25:39+00:00",
        "connected_sources": [{
            "created_on": "2026-05-15T20:25:39+00:00",
            "provider": {"logo": "logo_url", "name": "Oura", "slug": "oura"}
        }],
        "fallback_time_zone": {
            "id": "Europe/London",
            "source_slug": "manual",
            "updated_at": "2026-05-15T20:25:39+00:00"
        }
    }))
    .expect("a user the client reads")
}

#[tokio::test]
async fn a_user_read_by_id() {
    let server = MockServer::start().await;
    let alice = user(1);
    server
        .user()
        .get()
        .with_user_id(alice.user_id)
        .ok(&alice)
        .expect(1)
        .mount()
        .await;

    let read = server.client().user().get(alice.user_id).await.unwrap();
    assert_eq!(read, alice);
    assert_eq!(read.client_user_id, "customer-1");
}

#[tokio::test]
async fn every_user_over_three_pages() {
    let server = MockServer::start().await;
    let page = |offset: i64, users: Vec<ClientFacingUser>| {
        PaginatedUsersResponse::new(users, 5, offset, 2)
    };
    server
        .user()
        .get_all()
        .pages(&[
            page(0, vec![user(1), user(2)]),
            page(2, vec![user(3), user(4)]),
            page(4, vec![user(5)]),
        ])
        .expect(3)
        .mount()
        .await;

    let params = junction_full::params::UserGetAllParams::default().limit(2);
    let all: Vec<ClientFacingUser> = server
        .client()
        .user()
        .get_all_items(&params)
        .try_collect()
        .await
        .unwrap();
    let customers: Vec<&str> = all.iter().map(|u| u.client_user_id.as_str()).collect();
    assert_eq!(
        customers,
        [
            "customer-1",
            "customer-2",
            "customer-3",
            "customer-4",
            "customer-5"
        ]
    );
    let offsets: Vec<Option<String>> = server
        .user()
        .get_all()
        .sent()
        .await
        .iter()
        .map(|sent| {
            sent.query
                .iter()
                .find(|(name, _)| name == "offset")
                .map(|(_, value)| value.clone())
        })
        .collect();
    assert_eq!(offsets, [None, Some("2".to_owned()), Some("4".to_owned())]);
}

#[tokio::test]
async fn a_lab_order_refused_with_422_is_sent_once() {
    let server = MockServer::start().await;
    let refused: HTTPValidationError = serde_json::from_value(json!({
        "detail": [{"loc": ["body", "patient_details", "dob"], "msg": "date in the future", "type": "value_error"}]
    }))
    .unwrap();
    server
        .lab_tests()
        .create_order()
        .error_422(&refused)
        .expect(1)
        .mount()
        .await;

    let order: CreateOrderRequestCompatible = serde_json::from_value(json!({
        "user_id": "56bd81c9-6219-4000-a775-ae85526eb001",
        "patient_details": {
            "first_name": "Ada", "last_name": "Lovelace", "dob": "2090-12-10",
            "gender": "female", "phone_number": "+44 20 7946 0000", "email": "ada@example.com"
        },
        "patient_address": {
            "first_line": "12 St James's Square", "city": "London", "state": "London",
            "zip": "SW1Y 4LB", "country": "GB"
        }
    }))
    .unwrap();
    let err = server
        .client()
        .lab_tests()
        .create_order(&order, &Default::default())
        .await
        .unwrap_err();
    match &err {
        Error::Api(api) => {
            assert_eq!(api.status.as_u16(), 422);
            assert_eq!(
                api.body,
                Some(ErrorBody::HTTPValidationError(refused.clone()))
            );
        }
        other => panic!("{other}"),
    }
    // The order went once, with the idempotency key the client made up for it.
    let sent = server.lab_tests().create_order().sent().await;
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].body.patient_details.first_name, "Ada");
    assert!(sent[0].headers.contains_key("x-idempotency-key"));
    println!("KIT: full spec ok");
}
