//! Query styles, cookies and JSON parameters on the wire, for the crate generated from
//! `fixtures/query_styles.yaml` (`tests/fixture_wire.rs` writes this file into it as
//! `tests/wire.rs`).

use fixture_wire_query_styles::params::ChargesListParams;
use fixture_wire_query_styles::types::{Card, CardExp, CardItemsItem, ChargesListXContext, Filter};
use fixture_wire_query_styles::Query;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn every_style_is_written_as_openapi_says() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/charges"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!(["ch_1"])))
        .mount(&server)
        .await;
    let client = Query::builder().base_url(server.uri()).build().unwrap();

    let card = Card::new("4242")
        .exp(CardExp::default().month(12).year(2030))
        .items([
            CardItemsItem::default().price("p_1").quantity(2),
            CardItemsItem::default().price("p 2"),
        ]);
    let params = ChargesListParams::default()
        .metadata([("order".to_owned(), "o-7".to_owned())])
        .ids([1, 2, 3])
        .states(["open".to_owned(), "paid".to_owned()])
        .tags(["a".to_owned(), "b".to_owned()])
        .filter(Filter::default().status("open"))
        .x_context(ChargesListXContext::default().tenant("t1"))
        .theme("dark; wide")
        .region("eu");
    let found = client
        .charges()
        .list(&card, "s3cr3t", &params)
        .await
        .unwrap();
    assert_eq!(found, ["ch_1"]);

    let sent = server.received_requests().await.unwrap();
    let url = &sent[0].url;
    let mut pairs: Vec<(String, String)> = url.query_pairs().into_owned().collect();
    pairs.sort();
    let expected: Vec<(&str, &str)> = vec![
        ("card[exp][month]", "12"),
        ("card[exp][year]", "2030"),
        ("card[items][0][price]", "p_1"),
        ("card[items][0][quantity]", "2"),
        ("card[items][1][price]", "p 2"),
        ("card[number]", "4242"),
        ("filter", r#"{"status":"open"}"#),
        ("ids", "1 2 3"),
        ("metadata[order]", "o-7"),
        ("region", "eu"),
        ("states", "open|paid"),
        ("tags", "a"),
        ("tags", "b"),
    ];
    let expected: Vec<(String, String)> = expected
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
    assert_eq!(pairs, expected, "query: {:?}", url.query());

    let header = |name: &str| {
        sent[0]
            .headers
            .get(name)
            .map(|v| v.to_str().unwrap().to_owned())
    };
    assert_eq!(header("x-context").as_deref(), Some(r#"{"tenant":"t1"}"#));
    assert_eq!(
        header("cookie").as_deref(),
        Some("session_id=s3cr3t; theme=dark%3B%20wide")
    );

    // Without the optional ones: only the required parameters go.
    client
        .charges()
        .list(&card, "s", &ChargesListParams::default())
        .await
        .unwrap();
    let sent = server.received_requests().await.unwrap();
    let keys: Vec<String> = sent[1]
        .url
        .query_pairs()
        .map(|(k, _)| k.into_owned())
        .collect();
    assert!(keys.iter().all(|k| k.starts_with("card[")), "{keys:?}");
    assert_eq!(
        sent[1].headers.get("cookie").unwrap().to_str().unwrap(),
        "session_id=s"
    );
    assert!(sent[1].headers.get("x-context").is_none());
    println!("WIRE: query styles ok");
}
