//! "Checked before": fact-check archives and matching claims against earlier checks, for the
//! window and the command line alike.

use super::Desk;
use crate::archive::{ArchiveSummary, ImportProgress, ImportReport};
use crate::error::{CoreError, Result};
use crate::matching::{find_matches, CandidateOrigin, Match, MatchLevel, MatchQuery, Matcher};
use crate::model::{ClaimRecord, Source, SourceKind};
use crate::store::{parse_article_id, ClaimPatch};
use serde::Serialize;
use std::path::Path;
use ts_rs::TS;

/// The earlier checks of one claim of an article (only those at least "similar").
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct ClaimMatches {
    pub claim_id: String,
    pub matches: Vec<Match>,
}

/// How many earlier checks are shown per claim.
pub const SHOWN_PER_CLAIM: usize = 3;

impl Desk {
    /// Imports a fact-check archive file (see `crate::archive`).
    pub fn import_archive(
        &mut self,
        path: &Path,
        progress: &mut dyn FnMut(ImportProgress),
    ) -> Result<ImportReport> {
        self.lib.import_archive(path, progress)
    }

    pub fn archives(&self) -> Result<Vec<ArchiveSummary>> {
        self.lib.archives()
    }

    /// Removes an archive by id (`k2`) or name, with its records.
    pub fn remove_archive(&mut self, which: &str) -> Result<ArchiveSummary> {
        self.lib.remove_archive(which)
    }

    /// The `top` best earlier checks of a text, whatever their level.
    pub fn match_text(&self, text: &str, top: usize) -> Result<Vec<Match>> {
        self.match_text_with(text, top, false)
    }

    /// [`Desk::match_text`]; with `first_stage_only`, in the first stage's BM25 order (for
    /// measuring what the re-ranker adds).
    pub fn match_text_with(
        &self,
        text: &str,
        top: usize,
        first_stage_only: bool,
    ) -> Result<Vec<Match>> {
        find_matches(
            &self.lib,
            &MatchQuery {
                text,
                top,
                first_stage_only,
                ..MatchQuery::default()
            },
        )
    }

    /// For every claim of the article (not dismissed), its earlier checks that are at least
    /// "similar", best first. Claims with none are left out.
    pub fn article_matches(&self, article: &str) -> Result<Vec<ClaimMatches>> {
        let id = parse_article_id(article)?;
        let row = self.lib.article(id)?;
        let said_on = row
            .published
            .as_deref()
            .and_then(crate::matching::text::iso_day);
        let claims: Vec<ClaimRecord> = self
            .lib
            .claims(id)?
            .into_iter()
            .filter(|c| !c.dismissed)
            .collect();
        let queries: Vec<MatchQuery> = claims
            .iter()
            .map(|c| MatchQuery {
                text: &c.anchor.quote,
                said_on,
                exclude_article: Some(id),
                top: SHOWN_PER_CLAIM * 2,
                first_stage_only: false,
            })
            .collect();
        // One session for the whole article: rows, word counts and the archive's vectors are
        // read once, not once per claim (see `matching::Matcher`).
        let found = Matcher::new(&self.lib).find_all(&queries)?;
        let mut out = Vec::new();
        for (c, mut matches) in claims.iter().zip(found) {
            matches.retain(|m| m.level != MatchLevel::Weak);
            matches.truncate(SHOWN_PER_CLAIM);
            if !matches.is_empty() {
                out.push(ClaimMatches {
                    claim_id: c.id.clone(),
                    matches,
                });
            }
        }
        Ok(out)
    }

    /// A matching session on this library, for matching many texts: each one's matches are
    /// [`Desk::match_text_with`]'s, and what one reads is kept for the next.
    pub fn matcher(&self) -> Matcher<'_> {
        Matcher::new(&self.lib)
    }

    /// Gives the claim the verdict of an earlier check (`match_id` as [`Match::id`]) and adds
    /// that check as a source: one change, one history step, undone by one undo.
    pub fn adopt_match(
        &mut self,
        article: &str,
        claim: &str,
        match_id: &str,
    ) -> Result<ClaimRecord> {
        let current = self.claim(article, claim)?;
        let id = parse_article_id(article)?;
        let found = find_matches(
            &self.lib,
            &MatchQuery {
                text: &current.anchor.quote,
                exclude_article: Some(id),
                top: 20,
                ..MatchQuery::default()
            },
        )?
        .into_iter()
        .find(|m| m.id == match_id && m.level != MatchLevel::Weak)
        .ok_or_else(|| {
            CoreError::NotFound(format!(
                "'{match_id}' is not an earlier check of claim {claim} (not similar enough)"
            ))
        })?;
        let status = self.status_of_match(&found)?;
        let mut sources = current.sources.clone();
        let title = match found.origin {
            CandidateOrigin::Archive => format!("Checked before: {}", found.claim),
            CandidateOrigin::Library => format!("Checked before in the library ({})", found.id),
        };
        let location = found.url.clone().unwrap_or_else(|| found.id.clone());
        if !sources
            .iter()
            .any(|s| s.location == location && s.title == title)
        {
            sources.push(Source {
                id: String::new(),
                kind: SourceKind::Web,
                title,
                location,
                accessed: Some(chrono::Utc::now().format("%Y-%m-%d").to_string()),
                excerpt: found
                    .rating
                    .as_ref()
                    .map(|r| format!("Verdict: {r}"))
                    .unwrap_or_default(),
                file_path: None,
                file_sha256: None,
            });
        }
        let patch = ClaimPatch {
            status: Some(status),
            needs_recheck: current.needs_recheck.then_some(false),
            sources: Some(sources),
            ..ClaimPatch::default()
        };
        self.lib.change_claim(
            id,
            crate::store::parse_claim_id(claim)?,
            "adopt_match",
            patch,
        )
    }

    /// The library status an earlier verdict stands for: a library claim's own status; for an
    /// archived rating, the status whose key or label is its name, else the one with its
    /// rating value (1–5).
    fn status_of_match(&self, m: &Match) -> Result<String> {
        let statuses = self.lib.statuses()?;
        if m.origin == CandidateOrigin::Library {
            let label = m.rating.as_deref().unwrap_or("");
            if let Some(s) = statuses.iter().find(|s| s.label == label) {
                return Ok(s.key.clone());
            }
        }
        let (name, value) = self.lib.archived_rating(m.row)?;
        if let Some(n) = name.as_deref().map(str::trim) {
            if let Some(s) = statuses
                .iter()
                .find(|s| s.key.eq_ignore_ascii_case(n) || s.label.eq_ignore_ascii_case(n))
                .filter(|s| s.key != "unchecked")
            {
                return Ok(s.key.clone());
            }
        }
        if let Some(v) = value.as_deref().and_then(|v| v.trim().parse::<f64>().ok()) {
            let v = v.round() as i64;
            if let Some(s) = statuses.iter().find(|s| s.rating.map(i64::from) == Some(v)) {
                return Ok(s.key.clone());
            }
        }
        Err(CoreError::Invalid(format!(
            "the earlier verdict '{}' is not one of the library's statuses; set the status by hand",
            name.or(value).unwrap_or_default()
        )))
    }
}

/// One appearance of a recurring claim.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct ClaimOccurrence {
    pub article_id: String,
    pub article_title: Option<String>,
    pub claim_id: String,
    pub quote: String,
    pub status: String,
}

/// A claim that appears in several articles, with each article's verdict.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct RecurringClaim {
    pub quote: String,
    pub articles: u32,
    pub occurrences: Vec<ClaimOccurrence>,
}

/// A claim needs this many content words to be grouped (shorter texts recur by chance).
const RECURRING_MIN_WORDS: usize = 4;

impl Desk {
    /// Claims whose words (content words, in order, ignoring case and punctuation) appear in
    /// two or more articles, most widespread first, at most `limit`.
    pub fn recurring_claims(&self, limit: usize) -> Result<Vec<RecurringClaim>> {
        use std::collections::HashMap;
        let mut groups: HashMap<String, Vec<crate::store::ClaimOccurrenceRow>> = HashMap::new();
        for row in self.lib.all_live_claims()? {
            let words = crate::matching::text::prepare(&row.quote).words;
            if words.len() < RECURRING_MIN_WORDS {
                continue;
            }
            groups.entry(words.join(" ")).or_default().push(row);
        }
        let mut out: Vec<RecurringClaim> = groups
            .into_values()
            .filter_map(|rows| {
                let mut articles: Vec<i64> = rows.iter().map(|r| r.article).collect();
                articles.dedup();
                (articles.len() >= 2).then(|| RecurringClaim {
                    quote: rows[0].quote.clone(),
                    articles: articles.len() as u32,
                    occurrences: rows
                        .into_iter()
                        .map(|r| ClaimOccurrence {
                            article_id: crate::store::article_id(r.article),
                            article_title: r.article_title,
                            claim_id: crate::store::claim_id(r.num),
                            quote: r.quote,
                            status: r.status,
                        })
                        .collect(),
                })
            })
            .collect();
        out.sort_by(|a, b| b.articles.cmp(&a.articles).then(a.quote.cmp(&b.quote)));
        out.truncate(limit);
        Ok(out)
    }
}
