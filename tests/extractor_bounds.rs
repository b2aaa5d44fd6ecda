//! Regression (#13): a command extractor printing one endless line
//! exhausted memory before the timeout fired. The answer line is now read
//! with a cap, and the run ends with an error naming the document.

mod common;

#[cfg(unix)]
#[test]
fn an_endless_answer_line_is_an_error_not_an_out_of_memory() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let over = hudna::extract::MAX_ANSWER_LINE + 1024;
    let cmd = format!("command:head -c {over} /dev/zero | tr '\\\\0' x; sleep 30");
    let (code, _, err) = common::hudna_in(
        root,
        &[
            "score",
            "--extractor",
            &cmd,
            "--timeout",
            "60",
            "--resamples",
            "0",
        ],
    );
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("longer than"), "{err}");
}
