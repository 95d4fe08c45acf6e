//! schema.org ClaimReview JSON-LD, as fact-checkers publish it for search engines. Claims
//! whose status has no rating (unchecked) are not reviews and are left out.

use super::{json_err, Check};
use crate::error::Result;
use crate::model::ClaimRecord;
use serde_json::{json, Value};

/// `per_claim`: a JSON array with one self-contained ClaimReview per claim; otherwise one
/// JSON-LD document for the article with every review in its `@graph`.
pub fn write(check: &Check, per_claim: bool) -> Result<String> {
    let reviews: Vec<Value> = check
        .claims
        .iter()
        .filter_map(|c| review(check, c))
        .collect();
    let out = if per_claim {
        Value::Array(
            reviews
                .into_iter()
                .map(|mut r| {
                    if let Value::Object(o) = &mut r {
                        o.insert("@context".into(), json!("https://schema.org"));
                    }
                    r
                })
                .collect(),
        )
    } else {
        json!({"@context": "https://schema.org", "@graph": reviews})
    };
    serde_json::to_string_pretty(&out).map_err(json_err)
}

fn review(check: &Check, c: &ClaimRecord) -> Option<Value> {
    let st = check.status(&c.status);
    let rating = st.rating?.clamp(1, 5);
    let mut item = json!({"@type": "Claim"});
    if let Some(url) = &check.article.url {
        let mut appearance = json!({"@type": "CreativeWork", "url": url});
        if let Some(t) = &check.article.title {
            appearance["headline"] = json!(t);
        }
        if let Some(p) = &check.article.published {
            appearance["datePublished"] = json!(p);
        }
        if let Some(b) = &check.article.byline {
            appearance["author"] = json!({"@type": "Person", "name": b});
        }
        item["appearance"] = appearance;
    }
    if let Some(p) = &check.article.published {
        item["datePublished"] = json!(p);
    }
    let date = if c.updated.len() >= 10 {
        &c.updated
    } else {
        check.date
    };
    let mut r = json!({
        "@type": "ClaimReview",
        "claimReviewed": c.anchor.quote,
        "itemReviewed": item,
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": rating,
            "bestRating": 5,
            "worstRating": 1,
            "alternateName": st.label,
        },
        "datePublished": date.get(..10).unwrap_or(date),
    });
    if let Some(url) = &check.article.url {
        r["url"] = json!(format!("{url}#fd-{}", c.id));
    }
    if let Some(who) = check.checker.filter(|w| !w.trim().is_empty()) {
        r["author"] = json!({"@type": "Person", "name": who});
    }
    if !c.note.trim().is_empty() {
        r["reviewBody"] = json!(c.note);
    }
    Some(r)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::fixture::{claim, text_document, CheckFixture};
    use crate::export::ArticleMeta;

    #[test]
    fn reviews_rated_claims_with_label_rating_and_appearance() {
        let doc = text_document("Kim met Trump in Hanoi. It rained.");
        let f = CheckFixture {
            claims: vec![
                claim(&doc, "c1", "Kim met Trump in Hanoi.", "disputed"),
                claim(&doc, "c2", "It rained.", "unchecked"),
            ],
            article: ArticleMeta {
                url: Some("https://news.example/a".into()),
                title: Some("Summit".into()),
                ..Default::default()
            },
            checker: Some("Ann Checker".into()),
            date: "2024-11-28T09:00:00Z".into(),
            ..CheckFixture::new(doc)
        };
        let check = f.check();
        let v: Value = serde_json::from_str(&write(&check, false).unwrap()).unwrap();
        let graph = v["@graph"].as_array().unwrap();
        assert_eq!(graph.len(), 1, "unchecked claims are not reviews");
        let r = &graph[0];
        assert_eq!(r["claimReviewed"], "Kim met Trump in Hanoi.");
        assert_eq!(r["reviewRating"]["alternateName"], "Disputed");
        assert_eq!(r["reviewRating"]["ratingValue"], 2);
        assert_eq!(r["reviewRating"]["bestRating"], 5);
        assert_eq!(
            r["itemReviewed"]["appearance"]["url"],
            "https://news.example/a"
        );
        assert_eq!(r["author"]["name"], "Ann Checker");
        assert_eq!(r["datePublished"], "2024-11-27");
        assert_eq!(r["url"], "https://news.example/a#fd-c1");
        let per: Value = serde_json::from_str(&write(&check, true).unwrap()).unwrap();
        assert_eq!(per[0]["@context"], "https://schema.org");
    }
}
