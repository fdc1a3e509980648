//! The test kit's pages, for the crate generated from `fixtures/pagination.yaml` with the
//! feature `testing` (`tests/fixture_wire.rs` writes this file into it as `tests/wire.rs`):
//! a user's `_items` loop over stubbed pages, selected by cursor, offset or page number.

use std::panic::AssertUnwindSafe;

use fixture_wire_pagination::params::{
    EventsLogsParams, LabOrdersParams, SamplesResourcesParams, UsersListParams,
};
use fixture_wire_pagination::testing::MockServer;
use fixture_wire_pagination::types::{
    EventsLogsResponse, LabOrdersResponse, ResourcesPage, User, UsersListResponse,
};
use futures_util::TryStreamExt;

fn users(ids: &[&str]) -> Vec<User> {
    ids.iter()
        .map(|id| User::new(*id))
        .collect()
}

fn ids(users: &[User]) -> Vec<&str> {
    users.iter().map(|u| u.id.as_str()).collect()
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| (*s).to_owned()).collect()
}

#[tokio::test]
async fn pages_by_cursor() {
    let server = MockServer::start().await;
    let page =
        |data: &[&str], next: Option<&str>| ResourcesPage::new(users(data), next.map(str::to_owned));
    server
        .samples()
        .resources()
        .pages(&[
            page(&["a", "b"], Some("c2")),
            page(&["c"], Some("c3")),
            page(&["d"], None),
        ])
        .expect(3)
        .mount()
        .await;

    let all: Vec<User> = server
        .client()
        .samples()
        .resources_items(&SamplesResourcesParams::default())
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ids(&all), ["a", "b", "c", "d"]);
    let sent = server.samples().resources().sent().await;
    let cursors: Vec<Option<&str>> = sent
        .iter()
        .map(|s| {
            s.query
                .iter()
                .find(|(n, _)| n == "next_cursor")
                .map(|(_, v)| v.as_str())
        })
        .collect();
    assert_eq!(cursors, [None, Some("c2"), Some("c3")]);
}

#[tokio::test]
async fn pages_by_offset_of_items() {
    let server = MockServer::start().await;
    let page = |data: &[&str], offset: i64| UsersListResponse::new(users(data), 5, offset, 2);
    server
        .users()
        .list()
        .pages(&[page(&["a", "b"], 0), page(&["c", "d"], 2), page(&["e"], 4)])
        .mount()
        .await;

    let all: Vec<User> = server
        .client()
        .users()
        .list_items(&UsersListParams::default())
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ids(&all), ["a", "b", "c", "d", "e"]);
    assert_eq!(server.users().list().sent().await.len(), 3);
}

#[tokio::test]
async fn pages_by_offset_with_a_step() {
    let server = MockServer::start().await;
    let page = |logs: &[&str], has_more: bool| EventsLogsResponse::new(strings(logs), has_more);
    server
        .events()
        .logs()
        .pages(&[page(&["1", "2"], true), page(&["3", "4"], true), page(&["5"], false)])
        .mount()
        .await;

    let params = EventsLogsParams::default().count(2);
    let all: Vec<String> = server
        .client()
        .events()
        .logs_items(&params)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(all, ["1", "2", "3", "4", "5"]);
    let starts: Vec<String> = server
        .events()
        .logs()
        .sent()
        .await
        .iter()
        .map(|s| {
            s.query
                .iter()
                .find(|(n, _)| n == "start")
                .map_or("none".to_owned(), |(_, v)| v.clone())
        })
        .collect();
    assert_eq!(starts, ["none", "2", "4"]);
}

#[tokio::test]
async fn pages_by_page_number() {
    let server = MockServer::start().await;
    let page = |orders: &[&str]| LabOrdersResponse::new(strings(orders)).total(5);
    server
        .lab()
        .orders()
        .pages(&[page(&["o1", "o2"]), page(&["o3", "o4"]), page(&["o5"])])
        .mount()
        .await;

    let params = LabOrdersParams::default().size(2);
    let all: Vec<String> = server
        .client()
        .lab()
        .orders_items(&params)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(all, ["o1", "o2", "o3", "o4", "o5"]);
}

#[tokio::test]
async fn a_position_no_page_has_is_reported() {
    let server = MockServer::start().await;
    server
        .samples()
        .resources()
        .pages(&[ResourcesPage::new(users(&["a"]), None)])
        .mount()
        .await;

    let params = SamplesResourcesParams::default().next_cursor("stale");
    let err = server
        .client()
        .samples()
        .resources(&params)
        .await
        .unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(404));
    let unmatched = server.unmatched();
    assert!(
        unmatched[0].contains("`samples.resources`: no page of the 1 given answers `next_cursor` = stale"),
        "{unmatched:?}"
    );
    let dropped = std::panic::catch_unwind(AssertUnwindSafe(move || drop(server)));
    assert!(dropped.is_err(), "the server fails the test when dropped");
}

#[tokio::test]
async fn zz_report() {
    println!("WIRE: test kit pages ok");
}
