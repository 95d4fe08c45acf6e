//! W3C Web Annotation JSON-LD: one `AnnotationCollection` per article, one `Annotation` per
//! claim. The target carries a TextQuoteSelector and a TextPositionSelector (code points of
//! the document's text); the status is a `classifying` tag body, the note a `commenting`
//! TextualBody, each source a `linking` body. The full claim rides along under
//! `factdesk:claim` so Factdesk reads its own export without loss; annotations from other
//! tools are read from the standard parts.

use super::{json_err, source_line, ArticleMeta, Check};
use crate::error::{CoreError, Result};
use crate::model::{Anchor, ClaimRecord, Origin, Source, SourceKind};
use serde_json::{json, Value};

const CONTEXT: &str = "http://www.w3.org/ns/anno.jsonld";
const NS: &str = "https://factdesk.app/ns#";

fn article_iri(a: &ArticleMeta) -> String {
    a.url
        .clone()
        .or_else(|| a.id.as_ref().map(|id| format!("urn:factdesk:article:{id}")))
        .unwrap_or_else(|| "urn:factdesk:article".to_string())
}

pub fn write(check: &Check) -> Result<String> {
    let target = article_iri(check.article);
    let items: Vec<Value> = check
        .claims
        .iter()
        .map(|c| annotation(check, &target, c))
        .collect::<Result<_>>()?;
    let mut coll = json!({
        "@context": [CONTEXT, {"factdesk": NS}],
        "id": format!("{target}#factdesk-check"),
        "type": "AnnotationCollection",
        "total": items.len(),
        "first": {"type": "AnnotationPage", "startIndex": 0, "items": items},
    });
    if let Some(t) = &check.article.title {
        coll["label"] = json!(t);
    }
    if let Some(who) = check.checker {
        coll["creator"] = json!({"type": "Person", "name": who});
    }
    if !check.date.is_empty() {
        coll["generated"] = json!(check.date);
    }
    serde_json::to_string_pretty(&coll).map_err(json_err)
}

fn annotation(check: &Check, target: &str, c: &ClaimRecord) -> Result<Value> {
    let st = check.status(&c.status);
    let mut body = vec![json!({
        "type": "TextualBody", "purpose": "classifying", "value": st.key,
        "factdesk:label": st.label,
    })];
    if !c.note.trim().is_empty() {
        body.push(json!({
            "type": "TextualBody", "purpose": "commenting", "value": c.note,
            "format": "text/markdown",
        }));
    }
    for s in &c.sources {
        let (label, url) = source_line(s);
        let id = url
            .map(str::to_string)
            .unwrap_or_else(|| format!("urn:factdesk:source:{}", s.id));
        body.push(json!({
            "type": "SpecificResource", "purpose": "linking",
            "source": {"id": id, "name": s.title, "factdesk:kind": s.kind.as_str()},
            "factdesk:description": label,
        }));
    }
    let a = &c.anchor;
    let mut ann = json!({
        "id": format!("{target}#fd-{}", c.id),
        "type": "Annotation",
        "motivation": "assessing",
        "modified": c.updated,
        "body": body,
        "target": {
            "source": target,
            "selector": [
                {"type": "TextQuoteSelector", "exact": a.quote, "prefix": a.prefix, "suffix": a.suffix},
                {"type": "TextPositionSelector", "start": a.start, "end": a.end},
            ],
        },
        "factdesk:claim": serde_json::to_value(c).map_err(json_err)?,
    });
    if let Some(who) = check.checker {
        ann["creator"] = json!({"type": "Person", "name": who});
    }
    Ok(ann)
}

/// Reads a W3C annotation collection (or page, or a bare array/single annotation) back into
/// claims. Factdesk's own exports come back exactly; others from their selectors and bodies.
pub fn read(json: &str) -> Result<Vec<ClaimRecord>> {
    let bad = |m: String| CoreError::Invalid(format!("W3C annotations: {m}"));
    let v: Value = serde_json::from_str(json).map_err(|e| bad(format!("not JSON ({e})")))?;
    let items: Vec<&Value> = match &v {
        Value::Array(a) => a.iter().collect(),
        Value::Object(o) => {
            if let Some(items) = o
                .get("first")
                .and_then(|f| f.get("items"))
                .or_else(|| o.get("items"))
            {
                items
                    .as_array()
                    .map(|a| a.iter().collect())
                    .unwrap_or_default()
            } else if o.get("type").and_then(Value::as_str) == Some("Annotation") {
                vec![&v]
            } else {
                return Err(bad("no annotations found".into()));
            }
        }
        _ => return Err(bad("no annotations found".into())),
    };
    items
        .into_iter()
        .enumerate()
        .map(|(i, item)| read_one(item, i).map_err(|m| bad(format!("annotation {}: {m}", i + 1))))
        .collect()
}

fn read_one(item: &Value, n: usize) -> std::result::Result<ClaimRecord, String> {
    if let Some(c) = item.get("factdesk:claim") {
        return serde_json::from_value(c.clone()).map_err(|e| e.to_string());
    }
    let selectors: Vec<&Value> = match item.get("target").and_then(|t| t.get("selector")) {
        Some(Value::Array(a)) => a.iter().collect(),
        Some(s) => vec![s],
        None => vec![],
    };
    let of = |ty: &str| {
        selectors
            .iter()
            .find(|s| s.get("type").and_then(Value::as_str) == Some(ty))
    };
    let text = |v: &Value, k: &str| v.get(k).and_then(Value::as_str).unwrap_or("").to_string();
    let quote = of("TextQuoteSelector").ok_or("it has no TextQuoteSelector")?;
    let pos = of("TextPositionSelector");
    let num = |k: &str| {
        pos.and_then(|p| p.get(k))
            .and_then(Value::as_u64)
            .and_then(|x| u32::try_from(x).ok())
    };
    let exact = text(quote, "exact");
    let start = num("start").unwrap_or(0);
    let end = num("end").unwrap_or(start + exact.chars().count() as u32);
    let bodies: Vec<&Value> = match item.get("body") {
        Some(Value::Array(a)) => a.iter().collect(),
        Some(b) => vec![b],
        None => vec![],
    };
    let mut status = "unchecked".to_string();
    let mut notes = Vec::new();
    let mut sources = Vec::new();
    for b in bodies {
        match b.get("purpose").and_then(Value::as_str).unwrap_or("") {
            "classifying" | "tagging" => status = text(b, "value"),
            "commenting" | "describing" => notes.push(text(b, "value")),
            "linking" => {
                let src = b.get("source").unwrap_or(b);
                let (id, title) = match src {
                    Value::String(s) => (s.clone(), String::new()),
                    _ => (text(src, "id"), text(src, "name")),
                };
                let kind = src
                    .get("factdesk:kind")
                    .and_then(Value::as_str)
                    .and_then(SourceKind::parse)
                    .unwrap_or(SourceKind::Web);
                sources.push(Source {
                    id: format!("s{}", sources.len() + 1),
                    kind,
                    title,
                    location: id,
                    accessed: None,
                    excerpt: String::new(),
                    file_path: None,
                    file_sha256: None,
                });
            }
            _ => {}
        }
    }
    let id = item
        .get("id")
        .and_then(Value::as_str)
        .and_then(|s| s.rsplit_once("#fd-").map(|(_, id)| id.to_string()))
        .unwrap_or_else(|| format!("c{}", n + 1));
    Ok(ClaimRecord {
        id,
        anchor: Anchor {
            start,
            end,
            quote: exact,
            prefix: text(quote, "prefix"),
            suffix: text(quote, "suffix"),
        },
        origin: Origin::Manual,
        kinds: vec![],
        score: 0.0,
        reasons: vec![],
        facts: vec![],
        status,
        note: notes.join("\n\n"),
        sources,
        dismissed: false,
        needs_recheck: false,
        orphaned: false,
        updated: text(item, "modified"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::fixture::{claim, text_document, CheckFixture};

    #[test]
    fn factdesk_json_round_trips_and_foreign_annotations_read() {
        let doc = text_document("Kim met Trump in Hanoi. 🤣 Then left.");
        let mut c = claim(&doc, "c1", "Then left.", "false");
        c.note = "Not so --> <b>".into();
        let f = CheckFixture {
            claims: vec![c],
            article: ArticleMeta {
                url: Some("https://news.example/a".into()),
                ..Default::default()
            },
            checker: Some("Ann".into()),
            date: "2024-11-27T10:00:00Z".into(),
            ..CheckFixture::new(doc)
        };
        let claims = &f.claims;
        let out = write(&f.check()).unwrap();
        let v: Value = serde_json::from_str(&out).unwrap();
        let ann = &v["first"]["items"][0];
        assert_eq!(ann["target"]["selector"][1]["start"], 26);
        assert_eq!(ann["body"][0]["purpose"], "classifying");
        assert_eq!(ann["body"][0]["value"], "false");
        assert_eq!(&read(&out).unwrap(), claims);

        let mut foreign = ann.clone();
        foreign.as_object_mut().unwrap().remove("factdesk:claim");
        let back = read(&foreign.to_string()).unwrap();
        assert_eq!(back[0].anchor, claims[0].anchor);
        assert_eq!(back[0].status, "false");
        assert_eq!(back[0].note, claims[0].note);
        assert!(read("[1, 2]").is_err());
        assert!(read("{").is_err());
    }
}
