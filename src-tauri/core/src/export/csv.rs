//! CSV, one row per claim, RFC 4180: fields quoted when they hold a comma, quote or line
//! break, quotes doubled, CRLF between records. LibreOffice and Excel open it as it is.

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{DocumentBuilder, Format, Metadata};
    use crate::export::testutil::claim;
    use crate::export::ArticleMeta;
    use crate::model::StatusDef;

    #[test]
    fn quotes_fields_and_starts_with_a_bom_when_asked() {
        let mut b = DocumentBuilder::new(Format::Text);
        b.push_text("He said \"yes, 3,000\" today. Plain one.");
        let doc = b.finish(Metadata::default(), String::new(), b"x");
        let mut c1 = claim(&doc, "c1", "He said \"yes, 3,000\" today.", "verified");
        c1.note = "line one\nline two".into();
        let claims = vec![c1, claim(&doc, "c2", "Plain one.", "unchecked")];
        let statuses = StatusDef::defaults();
        let article = ArticleMeta::default();
        let check = Check {
            doc: &doc,
            claims: &claims,
            statuses: &statuses,
            article: &article,
            checker: None,
            date: "",
        };
        let out = write(&check, true);
        assert!(out.starts_with("\u{feff}id,text,status,note,sources,position,updated\r\n"));
        assert!(out.contains(
            "c1,\"He said \"\"yes, 3,000\"\" today.\",Verified,\"line one\r\nline two\",,0-27,"
        ));
        assert!(out.contains("\r\nc2,Plain one.,Unchecked,,,28-38,2024-11-27T10:00:00Z\r\n"));
        assert!(!write(&check, false).starts_with('\u{feff}'));
    }
}
