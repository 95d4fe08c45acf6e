//! One schema.org `ClaimReview` as JSON → [`ReviewRecord`], with a clear error for a value of
//! the wrong type or size. Unknown keys are ignored; only `claimReviewed` is required.

use serde_json::{Map, Value};
use std::fmt::Write as _;

/// The longest `claimReviewed` kept (code points). A claim is a sentence or two; anything
/// longer is not one, and a 10 MB string must not reach the index.
pub const MAX_CLAIM_CHARS: usize = 10_000;
/// The longest of any other text field (title, subtitle, review body, url, …).
pub const MAX_FIELD_CHARS: usize = 100_000;

/// An archived fact-check, as kept in the library.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ReviewRecord {
    pub identifier: Option<String>,
    pub claim: String,
    /// The fact-check's headline (`name`, else `headline`).
    pub title: String,
    /// Its subtitle (`description`).
    pub description: String,
    pub rating_name: Option<String>,
    pub rating_value: Option<String>,
    pub url: Option<String>,
    pub author: Option<String>,
    pub date: Option<String>,
    /// `itemReviewed` as compact JSON.
    pub item_reviewed: Option<String>,
    pub body: String,
}

impl ReviewRecord {
    /// The re-import key: `identifier`, else `url` + `claimReviewed`.
    pub fn key(&self) -> String {
        match &self.identifier {
            Some(id) => format!("id:{id}"),
            None => format!("url:{}\n{}", self.url.as_deref().unwrap_or(""), self.claim),
        }
    }
}

/// Whether a JSON-LD node says it is a ClaimReview (`"@type": "ClaimReview"` or a list holding
/// it). `None` when it has no `@type` at all.
pub fn is_claim_review(v: &Value) -> Option<bool> {
    match v.get("@type")? {
        Value::String(t) => Some(type_is(t)),
        Value::Array(ts) => Some(ts.iter().any(|t| t.as_str().is_some_and(type_is))),
        _ => Some(false),
    }
}

fn type_is(t: &str) -> bool {
    t == "ClaimReview" || t.ends_with("/ClaimReview") || t.ends_with(":ClaimReview")
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// A text field: a string (or a number, for ids and ratings), at most `max` code points.
fn text(
    o: &Map<String, Value>,
    key: &str,
    max: usize,
    numbers: bool,
) -> Result<Option<String>, String> {
    let Some(v) = o.get(key) else {
        return Ok(None);
    };
    let s = match v {
        Value::Null => return Ok(None),
        Value::String(s) => s.trim().to_string(),
        Value::Number(n) if numbers => n.to_string(),
        other => return Err(format!("`{key}` must be a string, not {}", kind(other))),
    };
    check_len(key, &s, max)?;
    Ok(Some(s).filter(|s| !s.is_empty()))
}

fn check_len(key: &str, s: &str, max: usize) -> Result<(), String> {
    // Counting code points is linear; bytes bound them from above, so most strings skip it.
    if s.len() > max {
        let n = s.chars().count();
        if n > max {
            return Err(format!(
                "`{key}` is {} characters long; at most {} are accepted",
                group(n),
                group(max)
            ));
        }
    }
    Ok(())
}

/// 10485760 → "10,485,760".
fn group(n: usize) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A name: a string, an object with `name`, or a list of those (joined with ", ").
fn names(o: &Map<String, Value>, key: &str) -> Result<Option<String>, String> {
    fn one(v: &Value, key: &str) -> Result<Option<String>, String> {
        match v {
            Value::Null => Ok(None),
            Value::String(s) => Ok(Some(s.trim().to_string())),
            Value::Object(p) => match p.get("name") {
                None | Some(Value::Null) => Ok(None),
                Some(Value::String(s)) => Ok(Some(s.trim().to_string())),
                Some(other) => Err(format!(
                    "`{key}.name` must be a string, not {}",
                    kind(other)
                )),
            },
            other => Err(format!(
                "`{key}` must be a name or an object with a name, not {}",
                kind(other)
            )),
        }
    }
    let found = match o.get(key) {
        None => return Ok(None),
        Some(Value::Array(items)) => {
            let mut all = Vec::new();
            for v in items {
                all.extend(one(v, key)?);
            }
            all.retain(|s| !s.is_empty());
            Some(all.join(", "))
        }
        Some(v) => one(v, key)?,
    };
    if let Some(s) = &found {
        check_len(key, s, MAX_FIELD_CHARS)?;
    }
    Ok(found.filter(|s| !s.is_empty()))
}

/// `identifier`: a string, a number, or a PropertyValue `{"value": …}`.
fn identifier(o: &Map<String, Value>) -> Result<Option<String>, String> {
    match o.get("identifier") {
        Some(Value::Object(p)) => text(p, "value", MAX_FIELD_CHARS, true)
            .map_err(|e| e.replace("`value`", "`identifier.value`")),
        Some(Value::Array(items)) => match items.first() {
            Some(Value::String(s)) => Ok(Some(s.trim().to_string()).filter(|s| !s.is_empty())),
            Some(other) => Err(format!(
                "`identifier` must be a string, not a list of {}",
                kind(other)
            )),
            None => Ok(None),
        },
        _ => text(o, "identifier", MAX_FIELD_CHARS, true),
    }
}

/// Reads one ClaimReview. The error says which field is wrong and how.
pub fn review_from_json(v: &Value) -> Result<ReviewRecord, String> {
    let Value::Object(o) = v else {
        return Err(format!("expected a ClaimReview object, found {}", kind(v)));
    };
    if is_claim_review(v) == Some(false) {
        let t = o.get("@type").map(|t| t.to_string()).unwrap_or_default();
        return Err(format!("not a ClaimReview (`@type` is {t})"));
    }
    let claim = match text(o, "claimReviewed", MAX_CLAIM_CHARS, false)? {
        Some(c) => c,
        None => return Err("`claimReviewed` is missing or empty".into()),
    };
    let mut rec = ReviewRecord {
        identifier: identifier(o)?,
        claim,
        title: match text(o, "name", MAX_FIELD_CHARS, false)? {
            Some(t) => t,
            None => text(o, "headline", MAX_FIELD_CHARS, false)?.unwrap_or_default(),
        },
        description: text(o, "description", MAX_FIELD_CHARS, false)?.unwrap_or_default(),
        url: text(o, "url", MAX_FIELD_CHARS, false)?,
        author: names(o, "author")?,
        date: text(o, "datePublished", 100, false)?,
        body: text(o, "reviewBody", MAX_FIELD_CHARS, false)?.unwrap_or_default(),
        ..ReviewRecord::default()
    };
    match o.get("reviewRating") {
        None | Some(Value::Null) => {}
        Some(Value::Object(r)) => {
            rec.rating_name = text(r, "alternateName", MAX_FIELD_CHARS, false)
                .map_err(|e| e.replacen('`', "`reviewRating.", 1))?;
            rec.rating_value = text(r, "ratingValue", 100, true)
                .map_err(|e| e.replacen('`', "`reviewRating.", 1))?;
        }
        Some(other) => {
            return Err(format!(
                "`reviewRating` must be an object, not {}",
                kind(other)
            ));
        }
    }
    if let Some(item) = o.get("itemReviewed").filter(|v| !v.is_null()) {
        let s = item.to_string();
        if s.len() > MAX_FIELD_CHARS {
            let mut m = String::new();
            let _ = write!(
                m,
                "`itemReviewed` is {} bytes of JSON; at most {} are accepted",
                group(s.len()),
                group(MAX_FIELD_CHARS)
            );
            return Err(m);
        }
        rec.item_reviewed = Some(s);
    }
    Ok(rec)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn keeps_the_fields_a_checker_needs() {
        let r = review_from_json(&json!({
            "@type": "ClaimReview", "identifier": "x-1", "claimReviewed": " Pigs fly. ",
            "name": "Do pigs fly?", "description": "No.", "url": "https://fc.example/pigs",
            "author": {"@type": "Organization", "name": "FC"}, "datePublished": "2021-03-04",
            "reviewRating": {"alternateName": "False", "ratingValue": 1},
            "itemReviewed": {"@type": "Claim"}
        }))
        .unwrap();
        assert_eq!(r.claim, "Pigs fly.");
        assert_eq!(r.identifier.as_deref(), Some("x-1"));
        assert_eq!(r.rating_name.as_deref(), Some("False"));
        assert_eq!(r.rating_value.as_deref(), Some("1"));
        assert_eq!(r.author.as_deref(), Some("FC"));
        assert_eq!(r.item_reviewed.as_deref(), Some("{\"@type\":\"Claim\"}"));
        assert_eq!(r.key(), "id:x-1");
    }

    #[test]
    fn wrong_types_and_sizes_are_named() {
        let e = review_from_json(&json!({"claimReviewed": 12})).unwrap_err();
        assert_eq!(e, "`claimReviewed` must be a string, not a number");
        let e =
            review_from_json(&json!({"claimReviewed": "x", "reviewRating": {"alternateName": []}}))
                .unwrap_err();
        assert_eq!(
            e,
            "`reviewRating.alternateName` must be a string, not a list"
        );
        let e = review_from_json(&json!({"claimReviewed": "x", "author": 3})).unwrap_err();
        assert!(e.starts_with("`author` must be a name"), "{e}");
        let e = review_from_json(&json!({"@type": "Person", "claimReviewed": "x"})).unwrap_err();
        assert!(e.starts_with("not a ClaimReview"), "{e}");
        let e = review_from_json(&json!({"claimReviewed": "a".repeat(MAX_CLAIM_CHARS + 1)}))
            .unwrap_err();
        assert_eq!(
            e,
            "`claimReviewed` is 10,001 characters long; at most 10,000 are accepted"
        );
        assert_eq!(
            review_from_json(&json!({"name": "x"})).unwrap_err(),
            "`claimReviewed` is missing or empty"
        );
        assert_eq!(
            review_from_json(&json!("x")).unwrap_err(),
            "expected a ClaimReview object, found a string"
        );
    }

    #[test]
    fn key_falls_back_to_url_and_claim() {
        let r = review_from_json(&json!({"claimReviewed": "C", "url": "u"})).unwrap();
        assert_eq!(r.key(), "url:u\nC");
    }
}
