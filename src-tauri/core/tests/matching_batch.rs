//! Matching many texts at once (`Matcher::find_all`: an article's claims, `match --batch`)
//! gives, for each text, exactly what matching it alone gives: the same earlier checks, in
//! the same order, with the same scores, levels and details.

use factdesk_core::app::{ClaimMatches, Desk, SHOWN_PER_CLAIM};
use factdesk_core::matching::{find_matches, MatchLevel, MatchQuery, Matcher};
use factdesk_core::store::{parse_article_id, Library};
use std::path::{Path, PathBuf};

const WORDS: &[&str] = &[
    "vaccine",
    "vaccines",
    "microchips",
    "governor",
    "Ohio",
    "unemployment",
    "fell",
    "rose",
    "percent",
    "bridge",
    "painted",
    "blue",
    "wind",
    "turbines",
    "cancer",
    "election",
    "ballots",
    "counted",
    "twice",
    "mayor",
    "banned",
    "cars",
    "downtown",
    "café",
    "naïve",
    "Zürich",
    "inflation",
    "doubled",
    "prices",
    "bread",
    "farmers",
    "protest",
    "tractors",
    "highway",
    "senator",
    "voted",
    "against",
    "veterans",
    "hospital",
    "closed",
    "school",
    "lunches",
    "sugar",
    "tax",
    "refugees",
    "arrived",
    "island",
    "flood",
    "dam",
    "broke",
    // One word to Rust, several tokens to FTS5 (a vowel sign, a circled letter): a query
    // with such a word is left to FTS5 (indexes 50 and 51).
    "हिन्दी",
    "kⒶt",
];

struct Gen(u64);

impl Gen {
    fn next(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }

    /// A sentence of `least` to `least + more - 1` words.
    fn some(&mut self, least: usize, more: usize) -> String {
        let n = least + self.next(more);
        self.sentence(n)
    }

    /// Words of the list, common ones (the first) more often.
    fn sentence(&mut self, n: usize) -> String {
        let mut s: Vec<String> = (0..n)
            .map(|_| {
                let a = self.next(WORDS.len());
                WORDS[self.next(a + 1)].to_string()
            })
            .collect();
        if self.next(3) == 0 {
            let year = format!("{}", 2015 + self.next(10));
            s.insert(s.len().min(2), year);
        }
        if self.next(4) == 0 {
            s.push(format!("{}", 10 + self.next(90)));
        }
        s.join(" ")
    }
}

fn write_archive(dir: &Path, g: &mut Gen) -> PathBuf {
    let mut body = String::new();
    for i in 0..300 {
        let claim = if i % 50 == 7 {
            // Duplicates: equal scores, the order must still be the same.
            "The governor banned cars downtown in 2019.".to_string()
        } else if i % 50 == 13 {
            format!(
                "{} {} governor banned {}",
                WORDS[50],
                WORDS[51],
                g.sentence(4)
            )
        } else {
            g.some(6, 12)
        };
        let description = if i % 40 == 0 {
            g.sentence(140)
        } else {
            g.some(0, 8)
        };
        let date = format!("20{:02}-0{}-1{}", 15 + g.next(9), 1 + g.next(9), g.next(9));
        let title = g.some(3, 6);
        let r = serde_json::json!({"@type": "ClaimReview", "identifier": format!("r{i}"),
            "claimReviewed": claim, "name": title, "description": description,
            "datePublished": date,
            "reviewRating": {"alternateName": "False"}, "author": {"name": "Checks"}});
        body.push_str(&r.to_string());
        body.push('\n');
    }
    let p = dir.join("archive.jsonl");
    std::fs::write(&p, body).unwrap();
    p
}

/// An article of `n` sentences, each a claim; all checked but the last two (one of those
/// checked and then dismissed).
fn checked_article(desk: &mut Desk, dir: &Path, name: &str, g: &mut Gen, n: usize) -> String {
    let sentences: Vec<String> = (0..n).map(|_| format!("{}.", g.sentence(8))).collect();
    let p = dir.join(name);
    std::fs::write(&p, sentences.join(" ")).unwrap();
    let a = desk.open_article(&p).unwrap().article.id;
    let text = desk.article_view(&a).unwrap().text;
    for c in desk.claims(&a).unwrap() {
        desk.dismiss(&a, &c.id).unwrap();
    }
    let mut at = 0;
    for (i, s) in sentences.iter().enumerate() {
        let b = at + text[at..].find(s.as_str()).unwrap();
        at = b + s.len();
        let start = text[..b].chars().count() as u32;
        let end = start + s.chars().count() as u32;
        let c = desk.add_manual_claim(&a, start, end).unwrap().id;
        if i + 2 < n {
            let status = ["verified", "false", "disputed"][i % 3];
            desk.set_status(&a, &c, status).unwrap();
        } else if i + 1 == n {
            desk.set_status(&a, &c, "false").unwrap();
            desk.dismiss(&a, &c).unwrap();
        }
    }
    a
}

fn library() -> (tempfile::TempDir, PathBuf, Vec<String>, Gen) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("lib.sqlite3");
    let mut g = Gen(0x9E37_79B9_7F4A_7C15);
    let mut desk = Desk::open(&db).unwrap();
    let archive = write_archive(dir.path(), &mut g);
    desk.import_archive(&archive, &mut |_| {}).unwrap();
    let articles = (0..2)
        .map(|i| checked_article(&mut desk, dir.path(), &format!("a{i}.txt"), &mut g, 24))
        .collect();
    (dir, db, articles, g)
}

#[test]
fn matching_texts_together_gives_each_what_it_gets_alone() {
    let (_dir, db, articles, mut g) = library();
    let lib = Library::open_reader(&db).unwrap();
    let mut texts: Vec<String> = (0..40).map(|_| g.some(5, 15)).collect();
    texts.extend([
        "The governor banned cars downtown in 2019 https://t.co/x #BanTheCars".to_string(),
        "Inflation doubled bread prices — Ann Lee (@ann) March 3, 2021".to_string(),
        "Zürich café naïve don't won’t".to_string(),
        format!("{} {} governor banned cars", WORDS[50], WORDS[51]),
        "the and of".to_string(),
        String::new(),
        "zebra quantum saxophone".to_string(),
    ]);
    let excluded = parse_article_id(&articles[1]).unwrap();
    for first_stage_only in [false, true] {
        let queries: Vec<MatchQuery> = texts
            .iter()
            .enumerate()
            .map(|(i, t)| MatchQuery {
                text: t,
                said_on: (i % 3 == 0).then_some(737_000 + i as i32 * 40),
                exclude_article: (i % 2 == 0).then_some(excluded),
                top: 10,
                first_stage_only,
            })
            .collect();
        let together = Matcher::new(&lib).find_all(&queries).unwrap();
        assert_eq!(together.len(), queries.len());
        let mut found = 0;
        for (q, t) in queries.iter().zip(&together) {
            assert_eq!(t, &find_matches(&lib, q).unwrap(), "{:?}", q.text);
            found += t.len();
        }
        assert!(found > 200, "too few matches to compare: {found}");
        // A session goes on: a second run of the same texts reads from what it kept.
        let mut m = Matcher::new(&lib);
        m.find_all(&queries[..10]).unwrap();
        assert_eq!(m.find_all(&queries).unwrap(), together);
        assert_eq!(m.find(&queries[3]).unwrap(), together[3]);
    }
}

#[test]
fn an_articles_matches_are_each_claims_own() {
    let (_dir, db, articles, _g) = library();
    let desk = Desk::open_reader(&db).unwrap();
    let lib = Library::open_reader(&db).unwrap();
    for a in &articles {
        let id = parse_article_id(a).unwrap();
        let mut want = Vec::new();
        for c in desk.claims(a).unwrap().into_iter().filter(|c| !c.dismissed) {
            let mut matches = find_matches(
                &lib,
                &MatchQuery {
                    text: &c.anchor.quote,
                    exclude_article: Some(id),
                    top: SHOWN_PER_CLAIM * 2,
                    ..MatchQuery::default()
                },
            )
            .unwrap();
            matches.retain(|m| m.level != MatchLevel::Weak);
            matches.truncate(SHOWN_PER_CLAIM);
            if !matches.is_empty() {
                want.push(ClaimMatches {
                    claim_id: c.id,
                    matches,
                });
            }
        }
        let got = desk.article_matches(a).unwrap();
        assert_eq!(got, want);
        // As the window asks: on the reading connection, inside one read transaction.
        let mut reader = Desk::open_reader(&db).unwrap();
        assert_eq!(reader.in_snapshot(|d| d.article_matches(a)).unwrap(), want);
        assert!(!got.is_empty());
        // Other articles' claims are found, never the article's own.
        assert!(got
            .iter()
            .flat_map(|c| &c.matches)
            .all(|m| !m.id.starts_with(&format!("{a}/"))));
    }
}
