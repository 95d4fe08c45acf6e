//! Every exporter's output on the shared checked article (`export::fixture`), pinned by insta
//! snapshots in `tests/snapshots/`. A change to an exporter shows here as a diff to review
//! like code; accept it with `cargo insta review` or
//! `INSTA_UPDATE=always cargo test -p factdesk-core --test export_snapshots` (ARCHITECTURE.md).

use factdesk_core::export::fixture::{checked_article, checked_plain_article, CheckFixture};
use factdesk_core::export::{export, ExportFormat, ExportOptions};

fn out(f: &CheckFixture, format: ExportFormat, opts: ExportOptions) -> String {
    export(&f.check(), format, &opts).unwrap_or_else(|e| panic!("{format:?}: {e}"))
}

/// One test per format and options, on the Markdown article and on its plain-text reading.
macro_rules! snapshots {
    ($($name:ident: $format:expr, $opts:expr;)*) => {$(
        #[test]
        fn $name() {
            insta::assert_snapshot!(
                concat!(stringify!($name), "_markdown"),
                out(&checked_article(), $format, $opts)
            );
            insta::assert_snapshot!(
                concat!(stringify!($name), "_plain"),
                out(&checked_plain_article(), $format, $opts)
            );
        }
    )*};
}

snapshots! {
    annotated_md: ExportFormat::AnnotatedMd, ExportOptions::default();
    annotated_md_with_summary: ExportFormat::AnnotatedMd,
        ExportOptions { summary: true, ..Default::default() };
    critic: ExportFormat::Critic, ExportOptions::default();
    pandoc: ExportFormat::Pandoc, ExportOptions::default();
    w3c_json: ExportFormat::Json, ExportOptions::default();
    claimreview: ExportFormat::Claimreview, ExportOptions::default();
    claimreview_per_claim: ExportFormat::Claimreview,
        ExportOptions { per_claim: true, ..Default::default() };
    csv: ExportFormat::Csv, ExportOptions::default();
    report: ExportFormat::Report, ExportOptions::default();
    only_disputed_and_false: ExportFormat::AnnotatedMd,
        ExportOptions { statuses: vec!["disputed".into(), "false".into()], ..Default::default() };
}
