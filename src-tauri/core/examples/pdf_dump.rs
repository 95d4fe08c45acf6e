//! Prints how Factdesk reads a file: blocks with kind, level and page.
//! cargo run -p factdesk-core --example pdf_dump -- FILE
use factdesk_core::import::{import_path, ImportOptions};

fn main() {
    if std::env::args().nth(1).as_deref() == Some("--long") {
        let b = factdesk_core::import::pdf::write::long_report(100).to_bytes();
        let _ = std::fs::write("/tmp/long.pdf", b);
        return;
    }
    for arg in std::env::args().skip(1) {
        match import_path(std::path::Path::new(&arg), &ImportOptions::default()) {
            Ok(d) => {
                println!(
                    "== {arg}: title {:?} byline {:?} published {:?}",
                    d.title, d.byline, d.published
                );
                for w in &d.warnings {
                    println!("warning: {w}");
                }
                for (i, b) in d.blocks.iter().enumerate() {
                    println!(
                        "[{:?}{} p{:?}] {}",
                        b.kind,
                        b.level,
                        d.page_of(i),
                        d.block_text(b)
                    );
                }
            }
            Err(e) => println!("== {arg}: {} ({})", e, e.code()),
        }
    }
}
