//! The review screen's data ([`ArticleView`]): an article's text cut into runs under the same
//! claims, its claims and the statuses. Read from the library ([`Desk::article_view`], for a
//! reload), or built by the call that opens the article from what that call already holds
//! (see `opening.rs` and [`Desk::open_from_library`]), so opening is one call.

use super::api::ClaimCard;
use super::{summary_of, ArticleSummary, Desk};
use crate::document::BlockKind;
use crate::error::Result;
use crate::model::{ClaimRecord, StatusDef};
use crate::store::{parse_article_id, ArticleCounts, ArticleRow, RevisionRow, StoredBlock};
use crate::textpos::CharIndex;
use serde::Serialize;
use ts_rs::TS;

/// A piece of a block's text under the same set of claims. Positions in code points.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct Run {
    pub text: String,
    pub start: u32,
    pub end: u32,
    /// Every claim (not orphaned; dismissed ones included) covering this run.
    pub claim_ids: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct BlockView {
    pub kind: BlockKind,
    pub level: u8,
    pub start: u32,
    pub end: u32,
    pub runs: Vec<Run>,
    /// The page the block starts on, for a paged source (PDF).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub page: Option<u32>,
}

/// Everything the review screen shows for one article.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct ArticleView {
    pub article: ArticleSummary,
    /// Number of the current revision (1 for the first import).
    pub revision: u32,
    /// The whole text, for Rust callers. Not sent to the window: its blocks' runs hold the same
    /// text, and another megabyte through IPC made opening a long article slower.
    #[serde(skip)]
    #[ts(skip)]
    pub text: String,
    pub blocks: Vec<BlockView>,
    /// In text order; orphaned ones included (flagged) so they can be listed.
    pub claims: Vec<ClaimCard>,
    pub statuses: Vec<StatusDef>,
}

/// An article's current revision as the view needs it.
pub(super) struct ViewText {
    /// The revision's number (1 for the first import).
    pub number: i64,
    pub text: String,
    pub blocks: Vec<StoredBlock>,
}

impl Desk {
    /// The review screen's data, read from the library: text cut into runs per claim, claims,
    /// statuses. (Opening an article answers with it already; this is for showing it again.)
    pub fn article_view(&self, article: &str) -> Result<ArticleView> {
        let row = self.lib.article(parse_article_id(article)?)?;
        let rev = self.lib.revision(row.current_revision)?;
        self.stored_view(row, rev)
    }

    /// The view of article `row` at its stored revision `rev`, with its claims read back.
    pub(super) fn stored_view(&self, row: ArticleRow, rev: RevisionRow) -> Result<ArticleView> {
        let claims = self.lib.claims(row.id)?;
        let text = ViewText {
            number: rev.number,
            text: rev.text,
            blocks: rev.blocks,
        };
        self.view_of(row, text, claims)
    }

    /// The view of article `row`, whose current revision is `current` and whose claims (in
    /// text order) are `claims`: only the statuses are read. Its counts are of `claims`.
    pub(super) fn view_of(
        &self,
        row: ArticleRow,
        current: ViewText,
        claims: Vec<ClaimRecord>,
    ) -> Result<ArticleView> {
        Ok(ArticleView {
            revision: current.number as u32,
            blocks: blocks_view(&current.text, &current.blocks, &claims),
            text: current.text,
            statuses: self.lib.statuses()?,
            article: summary_of(row, ArticleCounts::of(&claims)),
            claims: claims.into_iter().map(ClaimCard::from).collect(),
        })
    }
}

/// The blocks of `text` cut into runs where a claim (not orphaned) starts or ends.
fn blocks_view(text: &str, blocks: &[StoredBlock], claims: &[ClaimRecord]) -> Vec<BlockView> {
    let idx = CharIndex::new(text);
    let mut spans: Vec<(u32, u32, &str)> = claims
        .iter()
        .filter(|c| !c.orphaned && c.anchor.end > c.anchor.start)
        .map(|c| (c.anchor.start, c.anchor.end, c.id.as_str()))
        .collect();
    spans.sort_unstable();
    let mut next = 0;
    let mut active: Vec<(u32, u32, &str)> = Vec::new();
    let mut out = Vec::with_capacity(blocks.len());
    for b in blocks {
        let (bs, be) = (b.2, b.3);
        while next < spans.len() && spans[next].0 < be {
            active.push(spans[next]);
            next += 1;
        }
        active.retain(|c| c.1 > bs);
        let mut cuts = vec![bs, be];
        for c in &active {
            cuts.extend([c.0, c.1].into_iter().filter(|&p| p > bs && p < be));
        }
        cuts.sort_unstable();
        cuts.dedup();
        let runs = cuts
            .windows(2)
            .map(|w| Run {
                text: text[idx.to_byte(text, w[0] as usize)..idx.to_byte(text, w[1] as usize)]
                    .to_string(),
                start: w[0],
                end: w[1],
                claim_ids: active
                    .iter()
                    .filter(|c| c.0 <= w[0] && c.1 >= w[1])
                    .map(|c| c.2.to_string())
                    .collect(),
            })
            .collect();
        out.push(BlockView {
            kind: b.0,
            level: b.1,
            start: bs,
            end: be,
            runs,
            page: b.4,
        });
    }
    out
}
