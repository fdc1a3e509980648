//! Reading a paged operation to the end: a `Stream` of its pages, or of the items on them.
//!
//! ```text
//! generated `{method}_pages(args)` -> Pages::cursor / Pages::offset(operation, state, start,
//!                                       fetch, read)
//!   fetch(state, position)            the plain method, one page: retries, options, errors
//!                                     and logs as for any call
//!   read(&page) -> PageInfo           where the next page starts, whether one follows
//! generated `{method}_items(args)` -> Items::new(pages, |page| page.results)
//! ```
//!
//! A page is requested when the stream is polled for it, never before, and only the page being
//! read is held (its items, for [`Items`]); dropping the stream sends no further request. The
//! first request carries the caller's own cursor or offset (none: the server's first page);
//! each next one the position the last page gave. An error (from the call, or one of the loop
//! checks below) is yielded, then the stream ends.
//!
//! What ends the stream, by form:
//!
//! - **cursor**: the page's next cursor is absent, `null` or `""` (as in Fern's SDKs).
//! - **offset / page number**: the page says so (`has-next-page` false), its position reaches
//!   the `total` of items or the number of `pages`, or, when it says neither, the page is empty.
//!
//! Instead of asking forever, the stream ends with [`Error::Paging`] when the server's answers
//! cannot make progress: a cursor it already sent, an empty page that says more follow, or a
//! position it reports (`offset`, `page`) that did not move from the last page.

use std::collections::HashSet;
use std::fmt;
use std::future::Future;
use std::hash::Hash;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures_core::Stream;

use super::error::Error;
use super::mode::Mode;

/// A cursor value: what a page gives to pass back for the next one.
pub trait Cursor: Clone + Eq + Hash + fmt::Display + Send + 'static {
    /// Whether the value means "no more pages".
    fn is_end(&self) -> bool {
        false
    }
}

impl Cursor for String {
    /// An empty string, as Fern's SDKs read it.
    fn is_end(&self) -> bool {
        self.is_empty()
    }
}

impl Cursor for i64 {}

impl Cursor for i32 {}

/// The type of an offset or page-number parameter.
pub trait Position: Copy + Into<i64> + TryFrom<i64> + Send + 'static {}

impl Position for i64 {}

impl Position for i32 {}

/// How far one page moves an offset.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Advance {
    /// A page number: by one.
    Pages,
    /// An offset of items: by the number of results on the page.
    Items,
    /// An offset of items: by this step, the page size the caller asked for (Fern's `step`).
    Step(i64),
}

impl Advance {
    /// By the step the caller asked for, else by the number of results (Fern's `step`).
    pub fn step<N: Into<i64>>(step: Option<N>) -> Advance {
        step.map_or(Advance::Items, |step| Advance::Step(step.into()))
    }
}

/// What the stream reads off a page: built by the generated code from the page's fields.
#[derive(Clone, Debug)]
pub struct PageInfo<C = ()> {
    next: Option<C>,
    results: Option<usize>,
    has_next: Option<bool>,
    total: Option<i64>,
    pages: Option<i64>,
    size: Option<i64>,
    at: Option<i64>,
}

impl<C> Default for PageInfo<C> {
    fn default() -> Self {
        PageInfo {
            next: None,
            results: None,
            has_next: None,
            total: None,
            pages: None,
            size: None,
            at: None,
        }
    }
}

impl<C> PageInfo<C> {
    /// Nothing known yet.
    pub fn new() -> Self {
        PageInfo::default()
    }

    /// The cursor of the next page; `None` when there is none.
    pub fn next_cursor(mut self, cursor: Option<C>) -> Self {
        self.next = cursor;
        self
    }

    /// The number of results on the page.
    pub fn results(mut self, count: usize) -> Self {
        self.results = Some(count);
        self
    }

    /// Whether another page follows, as the page says.
    pub fn has_next(mut self, more: Option<bool>) -> Self {
        self.has_next = more;
        self
    }

    /// The number of items in all pages.
    pub fn total<N: Into<i64>>(mut self, total: Option<N>) -> Self {
        self.total = total.map(Into::into);
        self
    }

    /// The number of pages.
    pub fn pages<N: Into<i64>>(mut self, pages: Option<N>) -> Self {
        self.pages = pages.map(Into::into);
        self
    }

    /// The page size the server used.
    pub fn size<N: Into<i64>>(mut self, size: Option<N>) -> Self {
        self.size = size.map(Into::into);
        self
    }

    /// The offset or page number the server says this page is at.
    pub fn at<N: Into<i64>>(mut self, at: Option<N>) -> Self {
        self.at = at.map(Into::into);
        self
    }
}

/// Why reading the pages stopped before their end.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum PagingProblem {
    /// The page gave a cursor that an earlier page gave (or that the stream started from).
    RepeatedCursor(String),
    /// The page has no results but says more pages follow.
    EmptyPage,
    /// The page reports the same offset or page number as the page before it.
    Stalled(i64),
    /// The next offset does not fit the parameter's type.
    OutOfRange(i64),
}

impl fmt::Display for PagingProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PagingProblem::RepeatedCursor(cursor) => {
                const SHOWN: usize = 60;
                let cut = cursor
                    .char_indices()
                    .nth(SHOWN)
                    .map_or(cursor.len(), |(i, _)| i);
                let more = if cut < cursor.len() { "..." } else { "" };
                write!(
                    f,
                    "the server sent the cursor `{}{more}` a second time, so the next pages would \
                     repeat pages already read",
                    &cursor[..cut]
                )
            }
            PagingProblem::EmptyPage => f.write_str(
                "the page has no results but says more follow, so asking on would not move",
            ),
            PagingProblem::Stalled(at) => write!(
                f,
                "the server reported position {at} again for the next page: it does not move \
                 through the results"
            ),
            PagingProblem::OutOfRange(at) => {
                write!(
                    f,
                    "the next position, {at}, does not fit the parameter's type"
                )
            }
        }
    }
}

/// Reading the pages of an operation stopped because the server's answers would loop.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("stopped reading the pages of `{operation}` after page {pages}: {problem}")]
pub struct PagingError {
    /// The operation, e.g. `GET /v2/user`.
    pub operation: &'static str,
    /// The pages read (and yielded) before stopping.
    pub pages: usize,
    /// What was wrong.
    pub problem: PagingProblem,
}

/// A boxed stream that can be sent to another thread.
type BoxStream<'a, T> = Pin<Box<dyn Stream<Item = T> + Send + 'a>>;

/// Where a stream of pages is, and how a page moves it on.
trait Walk: Send {
    /// The request parameter's value.
    type Position: Send;
    /// The cursor a page gives, `()` for offsets.
    type Cursor;
    /// What to send for the next page.
    fn position(&self) -> Option<Self::Position>;
    /// Moves on after a page: `Ok(true)` when another page follows.
    fn after(&mut self, info: PageInfo<Self::Cursor>) -> Result<bool, PagingProblem>;
}

/// Cursor pagination: every cursor seen is kept, so a cycle of any length is caught.
struct CursorWalk<C> {
    next: Option<C>,
    seen: HashSet<C>,
}

impl<C: Cursor> Walk for CursorWalk<C> {
    type Position = C;
    type Cursor = C;

    fn position(&self) -> Option<C> {
        self.next.clone()
    }

    fn after(&mut self, info: PageInfo<C>) -> Result<bool, PagingProblem> {
        let Some(next) = info.next.filter(|c| !c.is_end()) else {
            return Ok(false);
        };
        if !self.seen.insert(next.clone()) {
            return Err(PagingProblem::RepeatedCursor(next.to_string()));
        }
        if info.results == Some(0) {
            return Err(PagingProblem::EmptyPage);
        }
        self.next = Some(next);
        Ok(true)
    }
}

/// Offset or page-number pagination.
struct OffsetWalk<N> {
    /// What the next request sends: the caller's value, then the computed ones.
    send: Option<N>,
    /// The position of the page requested (`origin` when the caller gave none).
    current: i64,
    /// The first position.
    origin: i64,
    advance: Advance,
    /// The position the last page reported.
    last_at: Option<i64>,
    /// The page size: what the server says, else the most results a page had.
    size: Option<i64>,
}

impl<N: Position> Walk for OffsetWalk<N> {
    type Position = N;
    type Cursor = ();

    fn position(&self) -> Option<N> {
        self.send
    }

    fn after(&mut self, info: PageInfo) -> Result<bool, PagingProblem> {
        if let Some(at) = info.at {
            if self.last_at == Some(at) {
                return Err(PagingProblem::Stalled(at));
            }
            self.last_at = Some(at);
        }
        let results = info.results.map(|n| i64::try_from(n).unwrap_or(i64::MAX));
        self.size = info.size.or(self.size.max(results));
        let next = match self.advance {
            Advance::Pages => self.current.saturating_add(1),
            Advance::Step(step) if step > 0 => self.current.saturating_add(step),
            Advance::Items | Advance::Step(_) => self.current.saturating_add(results.unwrap_or(0)),
        };
        // Pages read from the origin, this one included.
        let read = self.current.saturating_sub(self.origin).saturating_add(1);
        let more = match (info.has_next, info.pages, info.total) {
            (Some(more), _, _) => more,
            (None, Some(pages), _) if self.advance == Advance::Pages => read < pages,
            (None, _, Some(total)) if self.advance == Advance::Pages => {
                match self.size.filter(|s| *s > 0) {
                    Some(size) => read.saturating_mul(size) < total,
                    None => false,
                }
            }
            (None, _, Some(total)) => next < total,
            // Saying nothing, a page ends the stream by being empty (as in Fern's SDKs).
            (None, _, None) => results != Some(0),
        };
        if !more {
            return Ok(false);
        }
        if results == Some(0) {
            return Err(PagingProblem::EmptyPage);
        }
        let send = N::try_from(next).map_err(|_| PagingProblem::OutOfRange(next))?;
        self.current = next;
        self.send = Some(send);
        Ok(true)
    }
}

/// The loop's state between two pages.
struct Loop<S, F, W: Walk> {
    state: S,
    fetch: F,
    walk: W,
    pages: usize,
    /// An error found after a page, yielded after it.
    pending: Option<PagingError>,
}

/// The pages of a paged operation, fetched one at a time as the stream is polled: each item is
/// what the plain method returns for one page (`M::Output<P>`: the page, or with
/// `with_raw_response()` the page with its status and headers).
///
/// A `Stream`; without a stream library, read it with [`Pages::try_next`].
pub struct Pages<'a, M: Mode, P, B> {
    inner: BoxStream<'a, Result<M::Output<P>, Error<B>>>,
}

impl<M: Mode, P, B> fmt::Debug for Pages<'_, M, P, B> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pages").finish_non_exhaustive()
    }
}

impl<'a, M: Mode, P: Send + 'a, B: Send + 'a> Pages<'a, M, P, B> {
    /// Cursor pagination from `start` (`None`: the first page). `fetch(state, cursor)` gets one
    /// page; `read` says what the page gives for the next.
    pub fn cursor<C, S, F, Fut>(
        operation: &'static str,
        state: S,
        start: Option<C>,
        fetch: F,
        read: fn(&P) -> PageInfo<C>,
    ) -> Self
    where
        C: Cursor,
        S: Clone + Send + 'a,
        F: FnMut(S, Option<C>) -> Fut + Send + 'a,
        Fut: Future<Output = Result<M::Output<P>, Error<B>>> + Send + 'a,
    {
        let walk = CursorWalk {
            seen: start.iter().cloned().collect(),
            next: start,
        };
        Pages::walk(operation, state, walk, fetch, read)
    }

    /// Offset or page-number pagination from `start` (`None`: the server's first page, at
    /// `origin`), moving by `advance` each page.
    pub fn offset<N, S, F, Fut>(
        operation: &'static str,
        state: S,
        start: Option<N>,
        origin: i64,
        advance: Advance,
        fetch: F,
        read: fn(&P) -> PageInfo,
    ) -> Self
    where
        N: Position,
        S: Clone + Send + 'a,
        F: FnMut(S, Option<N>) -> Fut + Send + 'a,
        Fut: Future<Output = Result<M::Output<P>, Error<B>>> + Send + 'a,
    {
        let walk = OffsetWalk {
            send: start,
            current: start.map_or(origin, Into::into),
            origin,
            advance,
            last_at: None,
            size: None,
        };
        Pages::walk(operation, state, walk, fetch, read)
    }

    fn walk<W, S, F, Fut>(
        operation: &'static str,
        state: S,
        walk: W,
        fetch: F,
        read: fn(&P) -> PageInfo<W::Cursor>,
    ) -> Self
    where
        W: Walk + 'a,
        S: Clone + Send + 'a,
        F: FnMut(S, Option<W::Position>) -> Fut + Send + 'a,
        Fut: Future<Output = Result<M::Output<P>, Error<B>>> + Send + 'a,
    {
        let start = Loop {
            state,
            fetch,
            walk,
            pages: 0,
            pending: None,
        };
        let stream = futures_util::stream::unfold(Some(start), move |at| async move {
            let mut at = at?;
            if let Some(problem) = at.pending.take() {
                return Some((Err(Error::Paging(problem)), None));
            }
            let position = at.walk.position();
            let page = match (at.fetch)(at.state.clone(), position).await {
                Ok(page) => page,
                Err(e) => return Some((Err(e), None)),
            };
            at.pages += 1;
            match at.walk.after(read(M::value(&page))) {
                Ok(true) => Some((Ok(page), Some(at))),
                Ok(false) => Some((Ok(page), None)),
                Err(problem) => {
                    at.pending = Some(PagingError {
                        operation,
                        pages: at.pages,
                        problem,
                    });
                    Some((Ok(page), Some(at)))
                }
            }
        });
        Pages {
            inner: Box::pin(stream),
        }
    }
}

impl<M: Mode, P, B> Pages<'_, M, P, B> {
    /// The next page; `Ok(None)` at the end.
    pub async fn try_next(&mut self) -> Result<Option<M::Output<P>>, Error<B>> {
        std::future::poll_fn(|cx| self.inner.as_mut().poll_next(cx))
            .await
            .transpose()
    }
}

impl<M: Mode, P, B> Stream for Pages<'_, M, P, B> {
    type Item = Result<M::Output<P>, Error<B>>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.inner.as_mut().poll_next(cx)
    }
}

/// The items of a paged operation, page after page: the pages are fetched as for [`Pages`],
/// and only the items of the page being read are held.
///
/// A `Stream`; without a stream library, read it with [`Items::try_next`].
pub struct Items<'a, I, B> {
    pages: BoxStream<'a, Result<std::vec::IntoIter<I>, Error<B>>>,
    current: std::vec::IntoIter<I>,
}

// No field is pinned structurally: the pages are boxed, the items are moved out.
impl<I, B> Unpin for Items<'_, I, B> {}

impl<I, B> fmt::Debug for Items<'_, I, B> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Items")
            .field("left_on_page", &self.current.len())
            .finish_non_exhaustive()
    }
}

impl<'a, I: Send + 'a, B: Send + 'a> Items<'a, I, B> {
    /// The items that `results` takes out of each page of `pages`.
    pub fn new<M: Mode, P: Send + 'a>(pages: Pages<'a, M, P, B>, results: fn(P) -> Vec<I>) -> Self {
        let pages = futures_util::StreamExt::map(pages, move |page| {
            page.map(|page| results(M::into_value(page)).into_iter())
        });
        Items {
            pages: Box::pin(pages),
            current: Vec::new().into_iter(),
        }
    }
}

impl<I, B> Items<'_, I, B> {
    /// The next item; `Ok(None)` at the end.
    pub async fn try_next(&mut self) -> Result<Option<I>, Error<B>> {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next(cx))
            .await
            .transpose()
    }
}

impl<I, B> Stream for Items<'_, I, B> {
    type Item = Result<I, Error<B>>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        loop {
            if let Some(item) = this.current.next() {
                return Poll::Ready(Some(Ok(item)));
            }
            match this.pages.as_mut().poll_next(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(Some(Ok(items))) => this.current = items,
                Poll::Ready(Some(Err(e))) => return Poll::Ready(Some(Err(e))),
                Poll::Ready(None) => return Poll::Ready(None),
            }
        }
    }
}
