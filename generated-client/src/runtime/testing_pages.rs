//! Pages for the stub of a paged operation (feature `testing`): each request is answered with
//! the page its cursor, offset or page number selects, as the real API would, so that a
//! `_pages` or `_items` loop can be tested end to end.

use serde_json::Value;

/// How the requests of a paged operation say which page they want; the generated stub gives
/// its operation's rule.
#[derive(Clone, Copy, Debug)]
pub enum PageRule {
    /// The query parameter `param` carries the cursor that the previous page gave in the field
    /// at `next` (wire names from the page inward); the first request has none.
    Cursor {
        /// The cursor's query parameter.
        param: &'static str,
        /// The field of a page with the next cursor.
        next: &'static [&'static str],
    },
    /// The query parameter `param` carries an offset or a page number, `origin` when absent.
    Offset {
        /// The position's query parameter.
        param: &'static str,
        /// The first page's position.
        origin: i64,
        /// How far each page moves the position.
        step: PageStep,
        /// The field of a page with its list of results.
        results: Option<&'static [&'static str]>,
    },
}

/// How far a page moves an offset.
#[derive(Clone, Copy, Debug)]
pub enum PageStep {
    /// A page number: by one.
    Pages,
    /// By the number of results on the page.
    Items,
    /// By the value of this query parameter (the page size), else the number of results.
    Param(&'static str),
}

/// The pages a stub serves, as JSON, and how requests select them.
#[derive(Clone, Debug)]
pub(super) struct Paged {
    pub(super) rule: PageRule,
    pub(super) pages: Vec<Value>,
}

impl Paged {
    /// The page `request` asks for, or why there is none.
    pub(super) fn select(&self, request: &wiremock::Request) -> Result<&Value, String> {
        let query = |name: &str| {
            request
                .url
                .query_pairs()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v.into_owned())
        };
        let found = match self.rule {
            PageRule::Cursor { param, next } => match query(param) {
                None => Some(0),
                Some(cursor) => self
                    .pages
                    .iter()
                    .position(|page| text(at(page, next)).as_deref() == Some(&cursor))
                    .map(|before| before + 1),
            },
            PageRule::Offset {
                param,
                origin,
                step,
                results,
            } => {
                let position = match query(param) {
                    None => Some(origin),
                    Some(text) => text.parse::<i64>().ok(),
                };
                let size = match step {
                    PageStep::Param(name) => query(name).and_then(|t| t.parse::<i64>().ok()),
                    _ => None,
                };
                position.and_then(|position| match (step, size) {
                    (PageStep::Pages, _) => usize::try_from(position - origin).ok(),
                    (PageStep::Param(_), Some(size)) if size > 0 => {
                        let moved = position - origin;
                        (moved % size == 0)
                            .then(|| usize::try_from(moved / size).ok())
                            .flatten()
                    }
                    // By the results of the pages before.
                    _ => {
                        let mut at_page = origin;
                        self.pages.iter().position(|page| {
                            let here = at_page == position;
                            at_page += results.map_or(0, |r| count(at(page, r)));
                            here
                        })
                    }
                })
            }
        };
        found.and_then(|i| self.pages.get(i)).ok_or_else(|| {
            let param = match self.rule {
                PageRule::Cursor { param, .. } | PageRule::Offset { param, .. } => param,
            };
            let asked = query(param).unwrap_or_else(|| "none".to_owned());
            format!(
                "no page of the {} given answers `{param}` = {asked}",
                self.pages.len()
            )
        })
    }
}

/// The value at `path` in `page`, if any.
fn at<'v>(page: &'v Value, path: &[&str]) -> Option<&'v Value> {
    path.iter().try_fold(page, |v, step| v.get(step))
}

/// A cursor's text: a string as it is, a number as JSON writes it.
fn text(value: Option<&Value>) -> Option<String> {
    match value? {
        Value::String(s) => Some(s.clone()),
        Value::Null => None,
        other => Some(other.to_string()),
    }
}

/// The number of items in a list of results.
fn count(value: Option<&Value>) -> i64 {
    value
        .and_then(Value::as_array)
        .map_or(0, |items| items.len() as i64)
}
