//! Compile-time contract of the generated `leadconnector` crate, as a consumer sees it.
//!
//! `ui/pass/`: the README example and the rest of the public surface compile (and their `main`s run
//! without touching the network). `ui/fail/`: misuse does not compile, with the compiler's message
//! pinned in the `.stderr` next to each case. Regenerate the pins with
//! `TRYBUILD=overwrite cargo test -p leadconnector-tests --test ui`, then read the diff.
//!
//! Paths are globs resolved against the current directory, which cargo sets to this package's root.

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.pass("ui/pass/*.rs");
    t.compile_fail("ui/fail/*.rs");
}
