//! Two things at once, for the stages that split a document into independent parts.
//!
//! The machines this runs on have a few cores; a spec's `components` are most of it and
//! independent of its `paths`, so normalize and check take them on a second thread. Results
//! never depend on which thread ran what: each part is handled alone and joined in document
//! order.

/// Stack of the threads the stages start: at least a main thread's (8 MiB), where the CLI and
/// `build.rs` run, since each stage recurses as deep as the document nests. Only what is used
/// of it is ever touched.
pub(crate) const STACK: usize = 64 << 20;

/// A builder for a worker thread, with [`STACK`].
pub(crate) fn worker() -> std::thread::Builder {
    std::thread::Builder::new().stack_size(STACK)
}

/// Runs `a` on a thread of its own while `b` runs on this one. `a`'s result is `None` when
/// no thread could be started: then `a` did not run, and the caller runs that part itself. A
/// panic in `a` goes on here, as if `a` had run here.
pub(crate) fn beside<A: Send, B>(
    a: impl FnOnce() -> A + Send,
    b: impl FnOnce() -> B,
) -> (Option<A>, B) {
    std::thread::scope(|scope| {
        let spawned = worker().spawn_scoped(scope, a);
        let b = b();
        let a = spawned.ok().map(|handle| {
            handle
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
        });
        (a, b)
    })
}

/// Frees `garbage` on a thread of its own in `scope`, or here if none can be started.
pub(crate) fn free_beside<'scope, T: Send + 'scope>(
    scope: &'scope std::thread::Scope<'scope, '_>,
    garbage: T,
) {
    // When the thread cannot start, the closure, and `garbage` with it, is dropped here.
    let _ = worker().spawn_scoped(scope, move || drop(garbage));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_run_and_keep_their_results() {
        let mut left = vec![1];
        let mut right = vec![2];
        let (a, b) = beside(
            || {
                left.push(3);
                left.len()
            },
            || {
                right.push(4);
                right.len()
            },
        );
        assert_eq!((a, b), (Some(2), 2));
        assert_eq!((left, right), (vec![1, 3], vec![2, 4]));
    }
}
