//! Reading paged operations to the end, against a real HTTP server on 127.0.0.1 (wiremock).
//!
//! The crate is built from the embedded spec, which has no paged operation, so these tests
//! drive the runtime's `Pages` and `Items` the way a generated `{method}_pages` does: state,
//! a fetch that builds the request through the runtime core (so every page has the retries,
//! options and errors of any call), and a reader of the page's fields. That the generated
//! methods are this call and nothing more is what the pagination fixture's snapshot shows, and
//! `generator/tests/compile.rs` builds it under clippy.

mod support;

use std::time::Duration;

use futures_util::StreamExt;
use junction::runtime::{
    Advance, Config, Core, Items, PageInfo, Pages, PagingError, PagingProblem, Parsed, Raw,
    WithResponse,
};
use junction::{Error, ErrorBody};
use serde::Deserialize;
use serde_json::json;
use wiremock::matchers::{method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

use support::seen;

/// A page of the cursor form: `GET /items?next_cursor=..`.
#[derive(Debug, Deserialize)]
struct CursorPage {
    data: Vec<u32>,
    next_cursor: Option<String>,
}

/// A page of the offset form: `GET /users?offset=..&limit=..`.
#[derive(Debug, Deserialize)]
struct OffsetPage {
    users: Vec<u32>,
    total: i64,
    offset: i64,
}

/// A page of the page-number form: `GET /markers?page=..&size=..`.
#[derive(Debug, Deserialize)]
struct NumberedPage {
    markers: Vec<u32>,
    total: Option<i64>,
    pages: Option<i64>,
    page: Option<i64>,
}

/// A page that says whether another follows (Fern's `has-next-page`).
#[derive(Debug, Deserialize)]
struct FlaggedPage {
    logs: Vec<u32>,
    has_more: bool,
}

/// The runtime core pointed at `server`, with retries `retries` times, 1 ms apart.
fn core_for(server: &MockServer, retries: u32) -> Core<ErrorBody> {
    let mut config = Config::default();
    config.max_retries(retries);
    config.retry_delay(Duration::from_millis(1));
    config.build(&Default::default(), &server.uri()).unwrap()
}

/// What a generated method does with a response: any 2xx decodes, anything else is an error.
async fn finish<T: serde::de::DeserializeOwned>(
    response: junction::runtime::Response<ErrorBody>,
) -> junction::Result<T> {
    match response.status() {
        200..=299 => response.json().await,
        _ => response.unexpected().await,
    }
}

/// The pages of `GET /items`, from `start`, as `{method}_pages` builds them.
fn cursor_pages(
    core: &Core<ErrorBody>,
    start: Option<String>,
) -> Pages<'static, Parsed, CursorPage, ErrorBody> {
    Pages::cursor(
        "GET /items",
        core.clone(),
        start,
        |core, next_cursor| async move {
            let request = core.request(reqwest::Method::GET, "/items", "items.list");
            finish(request.query("next_cursor", &next_cursor).send().await?).await
        },
        |page: &CursorPage| {
            PageInfo::new()
                .next_cursor(page.next_cursor.clone())
                .results(page.data.len())
        },
    )
}

/// The pages of `GET /users` (an offset of items, up to `total`), from `start`.
fn offset_pages(
    core: &Core<ErrorBody>,
    start: Option<i64>,
) -> Pages<'static, Parsed, OffsetPage, ErrorBody> {
    Pages::offset(
        "GET /users",
        core.clone(),
        start,
        0,
        Advance::Items,
        |core, offset| async move {
            let request = core.request(reqwest::Method::GET, "/users", "users.list");
            finish(request.query("offset", &offset).send().await?).await
        },
        |page: &OffsetPage| {
            PageInfo::new()
                .total(Some(page.total))
                .at(Some(page.offset))
                .results(page.users.len())
        },
    )
}

/// The pages of `GET /markers` (page numbers from 1, up to `pages` or `total`).
fn numbered_pages(core: &Core<ErrorBody>) -> Pages<'static, Parsed, NumberedPage, ErrorBody> {
    Pages::offset(
        "GET /markers",
        core.clone(),
        None::<i64>,
        1,
        Advance::Pages,
        |core, page| async move {
            let request = core.request(reqwest::Method::GET, "/markers", "markers.list");
            finish(request.query("page", &page).send().await?).await
        },
        |page: &NumberedPage| {
            PageInfo::new()
                .total(page.total)
                .pages(page.pages)
                .at(page.page)
                .results(page.markers.len())
        },
    )
}

/// Serves `body` for `GET route` with the query parameter `name` equal to `value` (absent for
/// `None`), `times` times at most (forever for `None`).
async fn serve(
    server: &MockServer,
    route: &str,
    (name, value): (&str, Option<&str>),
    body: serde_json::Value,
    times: Option<u64>,
) {
    let mock = Mock::given(method("GET")).and(path(route));
    let mock = match value {
        Some(v) => mock.and(query_param(name, v)),
        None => mock.and(query_param_is_missing(name)),
    };
    let mock = mock.respond_with(ResponseTemplate::new(200).set_body_json(body));
    match times {
        Some(n) => mock.up_to_n_times(n).with_priority(1).mount(server).await,
        None => mock.with_priority(2).mount(server).await,
    }
}

/// The query parameter `name` of each request `server` saw, in order.
async fn positions(server: &MockServer, name: &str) -> Vec<Option<String>> {
    let requests = server.received_requests().await.expect("recording is on");
    requests
        .iter()
        .map(|r| {
            r.url
                .query_pairs()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.into_owned())
        })
        .collect()
}

/// Every item of `items`, or the error that ended it.
async fn all_items<I>(mut items: Items<'_, I, ErrorBody>) -> (Vec<I>, Option<junction::Error>) {
    let mut out = Vec::new();
    loop {
        match items.try_next().await {
            Ok(Some(item)) => out.push(item),
            Ok(None) => return (out, None),
            Err(e) => {
                // An error ends the stream.
                assert!(items.next().await.is_none(), "nothing after an error");
                return (out, Some(e));
            }
        }
    }
}

/// The paging problem of `error`.
fn problem(error: Option<junction::Error>) -> (PagingProblem, usize, String) {
    match error {
        Some(Error::Paging(e)) => {
            let text = e.to_string();
            let PagingError { problem, pages, .. } = e;
            (problem, pages, text)
        }
        other => panic!("expected a paging error, got {other:?}"),
    }
}

/// Three pages of `GET /items`: a, b (cursor "b"), c (cursor "c"); c ends.
async fn three_cursor_pages(server: &MockServer) {
    let next = ("next_cursor", None);
    serve(
        server,
        "/items",
        next,
        json!({"data": [1, 2], "next_cursor": "b"}),
        None,
    )
    .await;
    let b = ("next_cursor", Some("b"));
    serve(
        server,
        "/items",
        b,
        json!({"data": [3, 4], "next_cursor": "c"}),
        None,
    )
    .await;
    let c = ("next_cursor", Some("c"));
    serve(
        server,
        "/items",
        c,
        json!({"data": [5], "next_cursor": null}),
        None,
    )
    .await;
}

#[tokio::test]
async fn cursor_pages_then_the_end() {
    let server = MockServer::start().await;
    three_cursor_pages(&server).await;
    let core = core_for(&server, 0);
    let items = Items::new(cursor_pages(&core, None), |page| page.data);
    let (items, error) = all_items(items).await;
    assert_eq!(items, [1, 2, 3, 4, 5]);
    assert!(error.is_none());
    assert_eq!(
        positions(&server, "next_cursor").await,
        [None, Some("b".to_owned()), Some("c".to_owned())],
        "the first page without a cursor, then each page's next_cursor"
    );

    // From the caller's own cursor.
    let server = MockServer::start().await;
    three_cursor_pages(&server).await;
    let pages: Vec<_> = cursor_pages(&core_for(&server, 0), Some("b".to_owned()))
        .collect()
        .await;
    let data: Vec<Vec<u32>> = pages.into_iter().map(|p| p.unwrap().data).collect();
    assert_eq!(data, [vec![3, 4], vec![5]]);
    assert_eq!(seen(&server).await, 2);
}

#[tokio::test]
async fn cursor_end_on_the_first_page() {
    for end in [json!(null), json!("")] {
        let server = MockServer::start().await;
        let first = ("next_cursor", None);
        serve(
            &server,
            "/items",
            first,
            json!({"data": [7], "next_cursor": end}),
            None,
        )
        .await;
        let mut pages = cursor_pages(&core_for(&server, 0), None);
        assert_eq!(pages.try_next().await.unwrap().unwrap().data, [7]);
        assert!(pages.try_next().await.unwrap().is_none(), "{end}");
        assert_eq!(seen(&server).await, 1, "{end} ends the stream");
    }
}

#[tokio::test]
async fn a_failing_page_is_retried_then_the_stream_goes_on() {
    let server = MockServer::start().await;
    // Page b fails once with 503, then answers.
    Mock::given(method("GET"))
        .and(query_param("next_cursor", "b"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    three_cursor_pages(&server).await;
    let items = Items::new(cursor_pages(&core_for(&server, 2), None), |page| page.data);
    let (items, error) = all_items(items).await;
    assert_eq!(items, [1, 2, 3, 4, 5]);
    assert!(error.is_none(), "{error:?}");
    assert_eq!(
        positions(&server, "next_cursor").await,
        [None, Some("b".into()), Some("b".into()), Some("c".into())]
    );
}

#[tokio::test]
async fn a_page_that_fails_for_good_is_yielded_as_the_last_item() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(query_param("next_cursor", "b"))
        .respond_with(ResponseTemplate::new(500).set_body_string("down"))
        .with_priority(1)
        .mount(&server)
        .await;
    three_cursor_pages(&server).await;
    let items = Items::new(cursor_pages(&core_for(&server, 1), None), |page| page.data);
    let (items, error) = all_items(items).await;
    assert_eq!(items, [1, 2], "the first page's items, then the error");
    match error {
        Some(Error::Api(e)) => assert_eq!((e.status.as_u16(), e.text.as_str()), (500, "down")),
        other => panic!("{other:?}"),
    }
    assert_eq!(seen(&server).await, 3, "page a, page b and its one retry");
}

#[tokio::test]
async fn a_repeated_cursor_ends_the_stream_with_an_error() {
    let server = MockServer::start().await;
    let first = ("next_cursor", None);
    serve(
        &server,
        "/items",
        first,
        json!({"data": [1], "next_cursor": "b"}),
        None,
    )
    .await;
    let b = ("next_cursor", Some("b"));
    serve(
        &server,
        "/items",
        b,
        json!({"data": [2], "next_cursor": "c"}),
        None,
    )
    .await;
    // c leads back to b: a cycle of two pages.
    let c = ("next_cursor", Some("c"));
    serve(
        &server,
        "/items",
        c,
        json!({"data": [3], "next_cursor": "b"}),
        None,
    )
    .await;
    let items = Items::new(cursor_pages(&core_for(&server, 0), None), |page| page.data);
    let (items, error) = all_items(items).await;
    assert_eq!(items, [1, 2, 3], "every page read once");
    let (problem, pages, text) = problem(error);
    assert_eq!(problem, PagingProblem::RepeatedCursor("b".to_owned()));
    assert_eq!(pages, 3);
    assert_eq!(
        text,
        "stopped reading the pages of `GET /items` after page 3: the server sent the cursor `b` \
         a second time, so the next pages would repeat pages already read"
    );
    assert_eq!(seen(&server).await, 3, "no request for the repeated cursor");
}

#[tokio::test]
async fn an_empty_page_that_says_more_follow_ends_the_stream_with_an_error() {
    // Cursor form: an empty page with a next cursor.
    let server = MockServer::start().await;
    let first = ("next_cursor", None);
    serve(
        &server,
        "/items",
        first,
        json!({"data": [], "next_cursor": "b"}),
        None,
    )
    .await;
    let items = Items::new(cursor_pages(&core_for(&server, 0), None), |page| page.data);
    let (items, error) = all_items(items).await;
    assert!(items.is_empty());
    assert_eq!(problem(error).0, PagingProblem::EmptyPage);
    assert_eq!(seen(&server).await, 1);

    // Offset form: an empty page before the total.
    let server = MockServer::start().await;
    let page = json!({"users": [1, 2], "total": 10, "offset": 0});
    serve(&server, "/users", ("offset", None), page, None).await;
    let page = json!({"users": [], "total": 10, "offset": 2});
    serve(&server, "/users", ("offset", Some("2")), page, None).await;
    let items = Items::new(offset_pages(&core_for(&server, 0), None), |page| page.users);
    let (items, error) = all_items(items).await;
    assert_eq!(items, [1, 2]);
    let (problem, pages, text) = problem(error);
    assert_eq!((problem, pages), (PagingProblem::EmptyPage, 2));
    assert!(
        text.contains("has no results but says more follow"),
        "{text}"
    );
    assert_eq!(seen(&server).await, 2);
}

#[tokio::test]
async fn offset_pages_then_the_end() {
    let server = MockServer::start().await;
    for (offset, users) in [(None, [1, 2]), (Some("2"), [3, 4])] {
        let at = offset.map_or(0, |o: &str| o.parse().unwrap());
        let page = json!({"users": users, "total": 5, "offset": at});
        serve(&server, "/users", ("offset", offset), page, None).await;
    }
    let page = json!({"users": [5], "total": 5, "offset": 4});
    serve(&server, "/users", ("offset", Some("4")), page, None).await;
    let items = Items::new(offset_pages(&core_for(&server, 0), None), |page| page.users);
    let (items, error) = all_items(items).await;
    assert_eq!(items, [1, 2, 3, 4, 5]);
    assert!(error.is_none());
    assert_eq!(
        positions(&server, "offset").await,
        [None, Some("2".into()), Some("4".into())],
        "the offset moves by the users read, and stops at the total"
    );

    // The end on the first page, from the caller's offset.
    let server = MockServer::start().await;
    let page = json!({"users": [5], "total": 5, "offset": 4});
    serve(&server, "/users", ("offset", Some("4")), page, None).await;
    let pages: Vec<_> = offset_pages(&core_for(&server, 0), Some(4)).collect().await;
    assert_eq!(pages.len(), 1);
    assert_eq!(pages[0].as_ref().unwrap().users, [5]);
    assert_eq!(seen(&server).await, 1);
}

#[tokio::test]
async fn a_position_that_does_not_move_ends_the_stream_with_an_error() {
    // The server ignores `offset`: every answer is the first page, with the same total.
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"users": [1, 2], "total": 10, "offset": 0})),
        )
        .mount(&server)
        .await;
    let items = Items::new(offset_pages(&core_for(&server, 0), None), |page| page.users);
    let (items, error) = all_items(items).await;
    assert_eq!(items, [1, 2, 1, 2], "two pages, the second the first again");
    let (problem, pages, text) = problem(error);
    assert_eq!((problem, pages), (PagingProblem::Stalled(0), 2));
    assert!(text.contains("reported position 0 again"), "{text}");
    assert_eq!(seen(&server).await, 2);
}

#[tokio::test]
async fn page_numbers_up_to_the_pages_or_the_total() {
    // Three pages by `pages`.
    let server = MockServer::start().await;
    for (page, markers) in [
        (None, vec![1, 2]),
        (Some("2"), vec![3, 4]),
        (Some("3"), vec![5]),
    ] {
        let at = page.map_or(1, |p: &str| p.parse().unwrap());
        let body = json!({"markers": markers, "total": 5, "pages": 3, "page": at});
        serve(&server, "/markers", ("page", page), body, None).await;
    }
    let items = Items::new(numbered_pages(&core_for(&server, 0)), |page| page.markers);
    let (items, error) = all_items(items).await;
    assert_eq!((items, error.is_none()), (vec![1, 2, 3, 4, 5], true));
    assert_eq!(
        positions(&server, "page").await,
        [None, Some("2".into()), Some("3".into())]
    );

    // Without `pages`: two items a page up to a total of 3.
    let server = MockServer::start().await;
    let body = json!({"markers": [1, 2], "total": 3, "pages": null, "page": 1});
    serve(&server, "/markers", ("page", None), body, None).await;
    let body = json!({"markers": [3], "total": 3, "pages": null, "page": 2});
    serve(&server, "/markers", ("page", Some("2")), body, None).await;
    let items = Items::new(numbered_pages(&core_for(&server, 0)), |page| page.markers);
    assert_eq!(all_items(items).await.0, [1, 2, 3]);
    assert_eq!(seen(&server).await, 2);

    // Saying neither, an empty page ends (as Fern's SDKs read it); here the first.
    let server = MockServer::start().await;
    let body = json!({"markers": [], "total": null, "pages": null, "page": null});
    serve(&server, "/markers", ("page", None), body, None).await;
    let pages: Vec<_> = numbered_pages(&core_for(&server, 0)).collect().await;
    assert_eq!(pages.len(), 1);
    assert!(pages[0].is_ok());
    assert_eq!(seen(&server).await, 1);
}

#[tokio::test]
async fn has_next_page_and_a_step_as_fern_defines_them() {
    let server = MockServer::start().await;
    let body = json!({"logs": [1, 2, 3], "has_more": true});
    serve(&server, "/logs", ("start", None), body, None).await;
    let body = json!({"logs": [4], "has_more": false});
    serve(&server, "/logs", ("start", Some("3")), body, None).await;
    let pages = Pages::<Parsed, FlaggedPage, ErrorBody>::offset(
        "GET /logs",
        core_for(&server, 0),
        None::<i32>,
        0,
        Advance::step(Some(3_i32)),
        |core, start| async move {
            let request = core.request(reqwest::Method::GET, "/logs", "logs.list");
            finish(request.query("start", &start).send().await?).await
        },
        |page: &FlaggedPage| {
            PageInfo::new()
                .has_next(Some(page.has_more))
                .results(page.logs.len())
        },
    );
    let (items, error) = all_items(Items::new(pages, |page| page.logs)).await;
    assert_eq!((items, error.is_none()), (vec![1, 2, 3, 4], true));
    assert_eq!(seen(&server).await, 2, "has_more: false ends");
}

#[tokio::test]
async fn dropping_the_stream_halfway_sends_no_further_request() {
    let server = MockServer::start().await;
    three_cursor_pages(&server).await;
    let core = core_for(&server, 0);
    let pages = cursor_pages(&core, None);
    assert_eq!(
        seen(&server).await,
        0,
        "nothing is asked before the stream is polled"
    );
    let mut items = Items::new(pages, |page| page.data);
    assert_eq!(items.try_next().await.unwrap(), Some(1));
    assert_eq!(items.try_next().await.unwrap(), Some(2));
    assert_eq!(seen(&server).await, 1, "one page read");
    drop(items);
    // The same core still works, and the server saw nothing in between.
    let mut again = cursor_pages(&core, Some("c".to_owned()));
    assert_eq!(again.try_next().await.unwrap().unwrap().data, [5]);
    assert_eq!(
        positions(&server, "next_cursor").await,
        [None, Some("c".into())],
        "no request for page b after the drop"
    );
}

#[tokio::test]
async fn raw_pages_carry_each_page_s_status_and_headers() {
    let server = MockServer::start().await;
    for (cursor, body, id) in [
        (None, json!({"data": [1], "next_cursor": "b"}), "r1"),
        (Some("b"), json!({"data": [2], "next_cursor": null}), "r2"),
    ] {
        let mock = Mock::given(method("GET"));
        let mock = match cursor {
            Some(c) => mock.and(query_param("next_cursor", c)),
            None => mock.and(query_param_is_missing("next_cursor")),
        };
        mock.respond_with(
            ResponseTemplate::new(200)
                .insert_header("x-request-id", id)
                .set_body_json(body),
        )
        .mount(&server)
        .await;
    }
    let raw = |core: &Core<ErrorBody>| {
        Pages::<Raw, CursorPage, ErrorBody>::cursor(
            "GET /items",
            core.clone(),
            None::<String>,
            |core, next_cursor| async move {
                let request = core.request(reqwest::Method::GET, "/items", "items.list");
                let response = request.query("next_cursor", &next_cursor).send().await?;
                let head = response.head::<Raw>();
                let value = finish(response).await?;
                Ok(<Raw as junction::runtime::Mode>::output(head, value))
            },
            |page: &CursorPage| PageInfo::new().next_cursor(page.next_cursor.clone()),
        )
    };
    let core = core_for(&server, 0);
    let pages: Vec<WithResponse<CursorPage>> = raw(&core).map(|page| page.unwrap()).collect().await;
    let ids: Vec<&str> = pages
        .iter()
        .map(|p| p.headers["x-request-id"].to_str().unwrap())
        .collect();
    assert_eq!(ids, ["r1", "r2"]);
    assert!(pages.iter().all(|p| p.status == 200));
    // The items of raw pages are the items themselves.
    let (items, _) = all_items(Items::new(raw(&core), |page| page.data)).await;
    assert_eq!(items, [1, 2]);
}

#[test]
fn streams_can_move_to_another_thread() {
    fn send<T: Send>(_: &T) {}
    let core = Config::default()
        .build::<ErrorBody>(&Default::default(), "http://127.0.0.1:9")
        .unwrap();
    let pages = cursor_pages(&core, None);
    send(&pages);
    send(&Items::new(pages, |page| page.data));
}
