//! Check-worthiness of one sentence: the facts in it, the kinds of claim it makes, and why.
//!
//! Explainable rules over the sentence's words: each signal adds to the score and leaves a
//! reason a checker can read ("number '28,000'", "record 'first time in history'").
//! Specific anchors (numbers, dates, names) and claim shapes (events, attributions,
//! comparisons, causes, rules) raise it; questions, hedges, opinion, the writer addressing the
//! reader, datelines and bylines lower it.
//!
//! Every sentence is scored, but only proposed claims are shown with their reasons and facts,
//! so [`score`] records where each reason comes from (byte ranges, no strings) and
//! [`explain`] writes the reasons out for the sentences that become claims.

use super::features::{self, f, Features, Shape};
use super::lexicon::{self, flag, id, FnvSet};
use crate::document::BlockKind;
use crate::model::{ClaimKind, FactKind};
use std::ops::Range;

/// What the rules found in one sentence, written out.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Assessment {
    pub score: f32,
    pub kinds: Kinds,
    pub reasons: Reasons,
    pub facts: Vec<(Range<usize>, FactKind)>,
}

/// The kinds of claim a sentence makes, as a set; listed in the order the rules look for them.
#[derive(Clone, Copy, Default, PartialEq, Eq)]
pub struct Kinds(u16);

impl Kinds {
    pub fn contains(self, kind: ClaimKind) -> bool {
        self.iter().any(|k| k == kind)
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    pub fn iter(self) -> impl Iterator<Item = ClaimKind> {
        KIND_ORDER
            .into_iter()
            .enumerate()
            .filter(move |(k, _)| self.0 & (1 << k) != 0)
            .map(|(_, kind)| kind)
    }

    pub fn to_vec(self) -> Vec<ClaimKind> {
        self.iter().collect()
    }
}

impl std::fmt::Debug for Kinds {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl serde::Serialize for Kinds {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

/// The most reasons a sentence can have: one per kind, three more that raise it (promise,
/// advice, negation), two for where it stands (headline or lead, and the subject it shares
/// with them), two hedges, six that lower it, and the wording the model weighed most.
const MAX_REASONS: usize = KIND_ORDER.len() + 3 + 2 + 2 + 6 + 1;

/// A claim's reasons, written one after another into one string: one allocation per claim
/// rather than one per reason (a 10 MB article has over a hundred thousand claims).
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Reasons {
    text: String,
    /// Where each reason ends in `text`; a reason starts where the one before it ends.
    ends: [u32; MAX_REASONS],
    len: u8,
}

impl Reasons {
    pub fn iter(&self) -> impl ExactSizeIterator<Item = &str> + '_ {
        let ends = &self.ends[..usize::from(self.len)];
        (0..ends.len()).map(move |k| {
            let start = if k == 0 { 0 } else { ends[k - 1] as usize };
            // Always in range (see `ReasonWriter::end`); `get` so that even a reason past
            // 4 GB could not panic.
            self.text.get(start..ends[k] as usize).unwrap_or_default()
        })
    }

    pub fn len(&self) -> usize {
        usize::from(self.len)
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    pub fn to_vec(&self) -> Vec<String> {
        self.iter().map(str::to_string).collect()
    }
}

impl std::fmt::Debug for Reasons {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl serde::Serialize for Reasons {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

/// Reasons being written into a buffer that is reused from claim to claim.
struct ReasonWriter<'b> {
    buf: &'b mut String,
    ends: [u32; MAX_REASONS],
    /// What each reason weighed in the score (positive raised it, negative lowered it).
    keys: [f32; MAX_REASONS],
    len: u8,
}

impl<'b> ReasonWriter<'b> {
    fn new(buf: &'b mut String) -> Self {
        buf.clear();
        ReasonWriter {
            buf,
            ends: [0; MAX_REASONS],
            keys: [0.0; MAX_REASONS],
            len: 0,
        }
    }

    /// Ends the reason written so far into `buf`. A text of 4 GB or more is beyond what any
    /// reader imports, so a reason's end always fits in 32 bits.
    fn end(&mut self) {
        if let Some(e) = self.ends.get_mut(usize::from(self.len)) {
            *e = u32::try_from(self.buf.len()).unwrap_or(u32::MAX);
            self.len += 1;
        }
    }

    fn plain(&mut self, reason: &str) {
        self.buf.push_str(reason);
        self.end();
    }

    /// `label 'body'`.
    fn quoted(&mut self, label: &str, body: &str) {
        self.buf.push_str(label);
        self.buf.push_str(" '");
        self.buf.push_str(body);
        self.buf.push('\'');
        self.end();
    }

    /// Sets what the reason just ended weighed.
    fn weigh(&mut self, key: f32) {
        if let Some(k) = usize::from(self.len)
            .checked_sub(1)
            .and_then(|i| self.keys.get_mut(i))
        {
            *k = key;
        }
    }

    /// The reasons that weighed, ordered: those that raised the score, most first, then those
    /// that lowered it, most first. `raised` marks the reasons meant to raise it: one that
    /// weighed the other way in the model is dropped rather than shown as a reason.
    fn finish_ranked(self, raised: &[bool; MAX_REASONS]) -> Reasons {
        let n = usize::from(self.len);
        let mut order = [0u8; MAX_REASONS];
        let mut kept = 0;
        for (k, (&up, &key)) in raised.iter().zip(&self.keys).enumerate().take(n) {
            if (up && key > 0.0) || (!up && key < 0.0) {
                order[kept] = k as u8;
                kept += 1;
            }
        }
        let order = &mut order[..kept];
        order.sort_by(|&a, &b| {
            let (a, b) = (usize::from(a), usize::from(b));
            raised[b]
                .cmp(&raised[a])
                .then(self.keys[b].abs().total_cmp(&self.keys[a].abs()))
        });
        let mut text = String::with_capacity(self.buf.len());
        let mut ends = [0u32; MAX_REASONS];
        for (j, &k) in order.iter().enumerate() {
            let k = usize::from(k);
            let start = if k == 0 { 0 } else { self.ends[k - 1] as usize };
            text.push_str(
                self.buf
                    .get(start..self.ends[k] as usize)
                    .unwrap_or_default(),
            );
            ends[j] = u32::try_from(text.len()).unwrap_or(u32::MAX);
        }
        Reasons {
            text,
            ends,
            len: kept as u8,
        }
    }

    /// The reasons, in a string of their own size.
    #[allow(dead_code)]
    fn finish(self) -> Reasons {
        Reasons {
            text: self.buf.as_str().to_owned(),
            ends: self.ends,
            len: self.len,
        }
    }
}

#[derive(Debug, Clone, Copy, Default)]
struct Token {
    start: usize,
    end: usize,
    flags: u64,
    /// The word's number in [`id`], 0 for none.
    id: u8,
    /// First letter upper case.
    cap: bool,
    /// Two or more letters, none lower case ("NASA", "USI").
    acronym: bool,
    digit: bool,
    /// Inside a direct quotation.
    quoted: bool,
    /// An opening quote or bracket sits right before the word.
    opens: bool,
    /// A comma, colon, semicolon, dash or closing quote right after the word.
    breaks_after: bool,
    /// Part of a date fact already (so not counted as a plain number).
    date_part: bool,
}

/// Reusable buffers: scoring a sentence allocates nothing; explaining a claim allocates only
/// its own results. After [`score`], `facts` holds the sentence's facts (unsorted).
#[derive(Default)]
pub struct Scratch {
    tokens: Vec<Token>,
    dates: Vec<(Range<usize>, bool)>,
    numbers: Vec<Range<usize>>,
    quotes: Vec<Range<usize>>,
    entities: Vec<(Range<usize>, Option<FactKind>)>,
    facts: Vec<(Range<usize>, FactKind)>,
    reasons: String,
    /// Each token's [`Shape::hash`] and whether it is a plain word (its own shape, so the hash
    /// is also its word hash), for the reasons' look-ups of the lexical weights.
    hashes: Vec<(u32, bool)>,
    /// What the learned scorer saw of the last sentence scored.
    pub features: Features,
}

/// Weights of the signals; the score is their sum, lowered by the penalties, in [0, 1].
mod w {
    pub const NUMBER: f32 = 0.30;
    pub const DATE: f32 = 0.25;
    pub const REL_DATE: f32 = 0.12;
    pub const ENTITY: f32 = 0.20;
    pub const ENTITY_MORE: f32 = 0.07;
    pub const IN_QUOTE: f32 = 0.5;
    pub const SATURATION: f32 = 1.2;
    pub const ATTRIBUTION: f32 = 0.20;
    pub const QUOTE: f32 = 0.30;
    pub const EVENT: f32 = 0.20;
    pub const EVENT_WEAK: f32 = 0.10;
    pub const COMPARISON: f32 = 0.20;
    pub const RECORD: f32 = 0.25;
    pub const CAUSAL: f32 = 0.15;
    pub const POLICY: f32 = 0.15;
    pub const POLICY_MORE: f32 = 0.05;
    pub const HEDGE: f32 = 0.25;
    /// could / may / might: often ability or permission, so a lighter hedge.
    pub const MODAL_HEDGE: f32 = 0.12;
    /// A sentence with nothing specific (who, what, when, how many) stays below this.
    pub const UNANCHORED_CAP: f32 = 0.15;
    pub const OPINION: f32 = 0.15;
    pub const READER: f32 = 0.35;
    pub const GENERIC_MODAL: f32 = 0.20;
    pub const NEWSROOM: f32 = 0.30;
}

/// A sentence's score, the kinds of claim it makes and where each reason comes from.
#[derive(Debug, Clone, Default)]
pub struct Scored {
    pub score: f32,
    /// The chance that the sentence holds checkable facts.
    pub factual: f32,
    /// Bit `k` = `KIND_ORDER[k]` was found.
    kinds: u16,
    why: Why,
    /// A line that only frames the article (dateline, byline, timestamp): scored like any
    /// sentence, never proposed.
    pub frame: bool,
}

/// The kinds in the order the rules look for them (and list them).
const KIND_ORDER: [ClaimKind; 9] = [
    ClaimKind::Number,
    ClaimKind::Date,
    ClaimKind::Quote,
    ClaimKind::Entity,
    ClaimKind::Attribution,
    ClaimKind::Event,
    ClaimKind::Comparison,
    ClaimKind::Causal,
    ClaimKind::Policy,
];
const NUMBER: u16 = 1 << 0;
const DATE: u16 = 1 << 1;
const QUOTE: u16 = 1 << 2;
const ENTITY: u16 = 1 << 3;
const ATTRIBUTION: u16 = 1 << 4;
const EVENT: u16 = 1 << 5;
const COMPARISON: u16 = 1 << 6;
const CAUSAL: u16 = 1 << 7;
const POLICY: u16 = 1 << 8;

/// The sources of the reasons, as byte ranges of the text; the numbers are in the scratch.
#[derive(Debug, Clone, Default)]
struct Why {
    date: Range<usize>,
    /// Only part of a quotation, not quoted speech of its own.
    quote_part: bool,
    entity: (Option<FactKind>, Range<usize>, usize),
    /// `None` = "according to".
    attribution: Option<Range<usize>>,
    event: Range<usize>,
    comparison: (&'static str, Range<usize>),
    causal: Causal,
    policy: Range<usize>,
    hedges: [Option<Range<usize>>; 2],
    opinion: Option<Range<usize>>,
    reader: Option<Range<usize>>,
    newsroom: bool,
    can: bool,
    question: bool,
    /// A promise or prediction; `true` when a verb of pledging says it.
    future: Option<(Range<usize>, bool)>,
    negation: Option<Range<usize>>,
    recommendation: Option<Range<usize>>,
    /// A word that sets the sentence in the story's past.
    background: Option<Range<usize>>,
}

/// A causal phrase: a word (lower-cased when shown) and what follows it, or "as a result".
#[derive(Debug, Clone, Default)]
enum Causal {
    #[default]
    AsAResult,
    Word(Range<usize>, &'static str),
}

/// Scores `text[range]`, a sentence of a block of `kind`. `quote_open` says whether a
/// quotation opened in an earlier sentence of the block is still open; it is updated.
pub fn score(
    text: &str,
    range: Range<usize>,
    kind: BlockKind,
    quote_open: &mut bool,
    scratch: &mut Scratch,
    names: &FnvSet<&str>,
) -> Scored {
    let Scratch {
        tokens,
        dates,
        numbers,
        quotes,
        entities,
        facts,
        features: x,
        hashes,
        ..
    } = scratch;
    facts.clear();
    numbers.clear();
    x.clear();
    let sentence = &text[range.clone()];
    let started_in_quote = *quote_open;
    tokenize(text, range.clone(), quote_open, tokens);
    let mut s = Scored::default();
    if tokens.is_empty() {
        return s;
    }
    x.place(range.start, sentence);
    wording(text, tokens, x, hashes);
    let fx = &mut x.dense;
    // Lines that only frame the article: datelines, bylines, timestamps.
    block_features(kind, tokens.len(), fx);
    if is_frame_line(text, sentence, tokens, kind) {
        s.frame = true;
        fx[f::FRAME] = 1.0;
        fx[f::RULE] = 0.05;
        (s.score, s.factual) = super::scorer::score(x);
        return s;
    }
    let word = |t: &Token| &text[t.start..t.end];
    let mut raw = 0.0f32;

    // Dates (before numbers, so a year is not counted as a quantity).
    // What the sentence's words hold at all: a rule whose words are absent is skipped.
    let mut all = 0u64;
    let mut ids = 0u128;
    let mut any_digit = false;
    let mut any_cap = false;
    for t in tokens.iter() {
        all |= t.flags;
        ids |= 1u128 << t.id;
        any_digit |= t.digit;
        any_cap |= t.cap;
    }
    let has_id = |w: u8| ids & (1u128 << w) != 0;
    let date_openers = id::DATE_OPENER.fold(0u128, |m, w| m | 1u128 << w);
    if all & (flag::MONTH | flag::WEEKDAY | flag::REL_DATE) != 0
        || any_digit
        || ids & date_openers != 0
    {
        find_dates(text, tokens, dates);
    } else {
        dates.clear();
    }
    let toks = &tokens[..];
    // Facts inside a quotation weigh less: the checkable claim is mostly that it was said.
    let qw = |at: usize| -> f32 {
        let i = toks.partition_point(|t| t.end <= at);
        if toks.get(i).is_some_and(|t| t.quoted) {
            w::IN_QUOTE
        } else {
            1.0
        }
    };
    let mut specific_date = None;
    let mut relative_date = None;
    let mut date_weight = 0.0f32;
    for (r, specific) in dates.iter() {
        facts.push((r.clone(), FactKind::Date));
        let base = if *specific { w::DATE } else { w::REL_DATE };
        let slot = if qw(r.start) < 1.0 {
            f::DATE_QUOTED
        } else if *specific {
            f::DATE
        } else {
            f::DATE_RELATIVE
        };
        fx[slot] = 1.0;
        date_weight = date_weight.max(base * qw(r.start));
        if *specific {
            specific_date.get_or_insert_with(|| r.clone());
        } else {
            relative_date.get_or_insert_with(|| r.clone());
        }
    }

    // Numbers and quantities.
    if any_digit || all & flag::NUMBER_WORD != 0 {
        find_numbers(text, toks, numbers);
    }
    if !numbers.is_empty() {
        let weight = numbers
            .iter()
            .map(|r| w::NUMBER * qw(r.start))
            .fold(0.0, f32::max);
        raw += weight;
        s.kinds |= NUMBER;
        let outside = numbers.iter().any(|r| qw(r.start) == 1.0);
        fx[if outside { f::NUMBER } else { f::NUMBER_QUOTED }] = 1.0;
        if !any_digit {
            fx[f::QUANTITY_WORDS] = 1.0;
        }
    }
    for r in numbers.iter() {
        facts.push((r.clone(), FactKind::Number));
    }
    if let Some(d) = specific_date.or(relative_date) {
        raw += date_weight;
        s.kinds |= DATE;
        s.why.date = d;
    }

    // Direct quotation.
    find_quotes(text, range.clone(), quotes);
    let whole_quoted = started_in_quote || toks.iter().all(|t| t.quoted);
    let speech = |r: &Range<usize>| text[r.clone()].split_whitespace().nth(2).is_some();
    let speech_quote = quotes.iter().any(speech);
    if speech_quote || whole_quoted {
        raw += w::QUOTE;
        s.kinds |= QUOTE;
        s.why.quote_part = whole_quoted && !speech_quote;
        fx[if s.why.quote_part {
            f::QUOTE_CONTINUED
        } else {
            f::SPEECH_QUOTE
        }] = 1.0;
    }
    for r in quotes.iter() {
        if speech(r) {
            facts.push((r.clone(), FactKind::Quote));
        }
    }

    // Named people, organisations and places.
    let heading = matches!(kind, BlockKind::Title | BlockKind::Heading);
    if any_cap {
        find_entities(text, toks, heading, names, entities);
    } else {
        entities.clear();
    }
    let mut named = 0;
    let mut named_weight = 0.0f32;
    for (r, fk) in entities.iter() {
        if let Some(fk) = fk {
            facts.push((r.clone(), *fk));
            let slot = match fk {
                FactKind::Person => f::PERSON,
                FactKind::Organisation => f::ORGANISATION,
                _ => f::PLACE,
            };
            fx[slot] = 1.0;
        }
        let each = if named == 0 {
            w::ENTITY
        } else {
            w::ENTITY_MORE
        };
        if named <= 3 {
            named_weight += each * qw(r.start);
        }
        named += 1;
    }
    fx[f::NAMED] = f32::from(u8::from(named >= 1));
    fx[f::NAMED_TWO] = f32::from(u8::from(named >= 2));
    fx[f::NAMED_FOUR] = f32::from(u8::from(named >= 4));
    if named > 0 {
        raw += named_weight;
        s.kinds |= ENTITY;
        let (r, fk) = &entities[0];
        s.why.entity = (*fk, r.clone(), named);
    }

    // Attribution: who said or reported it.
    let mut attribution = None;
    let speakers = if all & flag::SPEECH != 0 { toks } else { &[] };
    for (i, t) in speakers.iter().enumerate() {
        if t.quoted || t.flags & flag::SPEECH == 0 || t.cap && i > 0 {
            continue;
        }
        if t.id == id::ACCORDING {
            if toks.get(i + 1).is_some_and(|n| n.id == id::TO) {
                attribution = Some(None);
                break;
            }
            continue;
        }
        if matches!(t.id, id::READ | id::CALLS | id::CALLED) {
            continue;
        }
        attribution.get_or_insert(Some(t.start..t.end));
    }
    if let Some(v) = attribution {
        if named > 0 || speech_quote || whole_quoted || has_pronoun_subject(text, toks) {
            raw += w::ATTRIBUTION;
            s.kinds |= ATTRIBUTION;
            fx[if v.is_none() {
                f::ACCORDING_TO
            } else {
                f::ATTRIBUTION
            }] = 1.0;
            s.why.attribution = v;
        }
    }

    // Events: something happened.
    let mut strong = None;
    let mut weak = None;
    for (i, t) in toks.iter().enumerate() {
        if t.cap && i > 0 || t.digit {
            continue;
        }
        let f = t.flags;
        if f & flag::EVENT_VERB != 0 && f & flag::SPEECH == 0 || t.id == id::ANNOUNCED {
            if strong.is_some_and(|s: usize| toks[s].quoted) && !t.quoted {
                strong = Some(i);
            }
            strong.get_or_insert(i);
        } else if weak.is_none()
            && (f & flag::EVENT_NOUN != 0
                || (f & flag::PAST != 0 && f & flag::SPEECH == 0 && !id::COPULA.contains(&t.id))
                || is_regular_past(text, t))
        {
            weak = Some(i);
        }
    }
    let event = match (strong, weak) {
        (Some(i), _) => Some((w::EVENT, i)),
        (None, Some(i)) => Some((w::EVENT_WEAK, i)),
        _ => None,
    };
    if let Some((weight, i)) = event {
        let t = &toks[i];
        raw += weight * qw(t.start);
        s.kinds |= EVENT;
        fx[if weight == w::EVENT {
            f::EVENT
        } else {
            f::EVENT_WEAK
        }] = qw(t.start);
        s.why.event = t.start..t.end;
    }

    // Comparisons, superlatives and records.
    let compares = all & (flag::SUPERLATIVE | flag::RECORD | flag::COMPARATIVE) != 0;
    let comparison = if compares {
        find_comparison(text, toks)
    } else {
        None
    };
    if let Some((weight, label, phrase, at)) = comparison {
        raw += weight * qw(at);
        s.kinds |= COMPARISON;
        fx[match label {
            "comparison" => f::COMPARISON,
            "record" => f::RECORD,
            _ => f::SUPERLATIVE,
        }] = qw(at);
        s.why.comparison = (label, phrase);
    }

    // Causes stated as fact.
    let causal = if all & flag::CAUSAL != 0 {
        find_causal(toks)
    } else {
        None
    };
    if let Some((phrase, at)) = causal {
        raw += w::CAUSAL * qw(at);
        s.kinds |= CAUSAL;
        fx[f::CAUSAL] = qw(at);
        s.why.causal = phrase;
    }

    // Laws, rules, official decisions.
    let rules = if all & flag::POLICY != 0 { toks } else { &[] };
    let mut policy = rules
        .iter()
        .filter(|t| t.flags & flag::POLICY != 0 && !(t.cap && t.flags & flag::ORG_WORD != 0));
    if let Some(t) = policy.next() {
        let more = policy.next().is_some();
        raw += (w::POLICY + if more { w::POLICY_MORE } else { 0.0 }) * qw(t.start);
        s.kinds |= POLICY;
        fx[f::POLICY] = qw(t.start);
        s.why.policy = t.start..t.end;
    }

    // Statistics, promises, advice and denials: what a checker asks for evidence of.
    if !numbers.is_empty()
        && (all & flag::STAT_UNIT != 0 || sentence.contains(['%', '$', '£', '€', '¥']))
    {
        fx[f::STATISTIC] = 1.0;
    }
    let contraction = sentence.contains("n't") || sentence.contains("n’t");
    let future = if all & (flag::PLEDGE | flag::MODAL_FUTURE) != 0 || contraction {
        toks.iter().find(|t| {
            t.flags & flag::PLEDGE != 0
                || t.flags & flag::MODAL_FUTURE != 0
                    && (word(t).eq_ignore_ascii_case("will")
                        || word(t).eq_ignore_ascii_case("shall"))
                || word(t).eq_ignore_ascii_case("won't")
                || word(t).eq_ignore_ascii_case("won’t")
        })
    } else {
        None
    };
    if let Some(t) = future {
        fx[f::FUTURE] = qw(t.start);
        s.why.future = Some((t.start..t.end, t.flags & flag::PLEDGE != 0));
    }
    let negation = if all & flag::NEGATION != 0 || contraction {
        toks.iter().find(|t| {
            t.flags & flag::NEGATION != 0 || word(t).ends_with("n't") || word(t).ends_with("n’t")
        })
    } else {
        None
    };
    if let Some(t) = negation {
        fx[f::NEGATION] = qw(t.start);
        s.why.negation = Some(t.start..t.end);
    }
    let advice = if all & flag::RECOMMEND != 0 {
        toks.iter().find(|t| t.flags & flag::RECOMMEND != 0)
    } else {
        None
    };
    if let Some(t) = advice {
        fx[f::RECOMMEND] = qw(t.start);
        s.why.recommendation = Some(t.start..t.end);
    }

    // What lowers it.
    let mut penalty = 0.0f32;
    // Outside quotations, among the words that hold any of `f` (all of them if `f` is 0).
    let outside_with = |f: u64| {
        let some = if f == 0 || all & f != 0 { toks } else { &[] };
        some.iter().filter(|t| !t.quoted)
    };
    let hedges = (if has_id(id::MAY) {
        outside_with(0)
    } else {
        outside_with(flag::HEDGE)
    })
    .filter(|t| {
        t.flags & flag::HEDGE != 0 || (t.id == id::MAY && word(t) == "may" && !t.date_part)
    });
    for (k, t) in hedges.take(2).enumerate() {
        let modal = id::MODAL.contains(&t.id) && matches!(word(t), "could" | "may" | "might");
        penalty += if modal { w::MODAL_HEDGE } else { w::HEDGE };
        fx[if modal { f::MODAL_HEDGE } else { f::HEDGE }] += 1.0;
        s.why.hedges[k] = Some(t.start..t.end);
    }
    let opinion = if all & flag::OPINION != 0 {
        toks.iter().find(|t| t.flags & flag::OPINION != 0)
    } else {
        None
    };
    if let Some(t) = opinion {
        penalty += if t.quoted {
            w::OPINION / 3.0
        } else {
            w::OPINION
        };
        fx[if t.quoted {
            f::OPINION_QUOTED
        } else {
            f::OPINION
        }] = 1.0;
        s.why.opinion = Some(t.start..t.end);
    }
    // "We", "Our", "You", "Your" even capitalised: all of them are first-person words.
    let reader = outside_with(flag::FIRST_PERSON).find(|t| {
        t.flags & flag::FIRST_PERSON != 0
            && (!t.cap || matches!(word(t), "We" | "Our" | "You" | "Your"))
    });
    if let Some(t) = reader {
        penalty += w::READER;
        fx[f::WRITER] = 1.0;
        s.why.reader = Some(t.start..t.end);
    }
    if let Some(t) = outside_with(flag::BACKGROUND).find(|t| t.flags & flag::BACKGROUND != 0) {
        fx[f::BACKGROUND] = 1.0;
        s.why.background = Some(t.start..t.end);
    }
    if outside_with(flag::NEWSROOM).any(|t| t.flags & flag::NEWSROOM != 0 && !t.cap) {
        penalty += w::NEWSROOM;
        fx[f::NEWSROOM] = 1.0;
        s.why.newsroom = true;
    }
    let anchored = !numbers.is_empty() || !dates.is_empty() || named > 0;
    if numbers.is_empty()
        && dates.is_empty()
        && (has_id(id::CAN) || has_id(id::CANNOT))
        && outside_with(0).any(|t| matches!(t.id, id::CAN | id::CANNOT))
    {
        penalty += w::GENERIC_MODAL;
        fx[f::GENERAL_CAN] = 1.0;
        s.why.can = true;
    }
    // A question quoted after its attribution ("asked: “Were you …?”") is reported speech.
    let reported_question = toks.last().is_some_and(|t| t.quoted) && !toks[0].quoted;
    let question = !reported_question
        && sentence
            .trim_end_matches(['"', '”', '’', '\'', ')', ' '])
            .ends_with('?');

    let mut score = raw - penalty;
    if !anchored && !whole_quoted && !speech_quote {
        // Nothing specific to check: who, what, when or how many.
        score = score.min(w::UNANCHORED_CAP);
        fx[f::UNANCHORED] = 1.0;
    }
    if question {
        score = score.min(0.15);
        s.why.question = true;
        fx[f::QUESTION] = 1.0;
    }
    // Saturate rather than clip, so sentences with many signals still rank among themselves.
    fx[f::RULE] = (1.0 - (-w::SATURATION * score.max(0.0)).exp()).clamp(0.0, 1.0);
    (s.score, s.factual) = super::scorer::score(x);
    s
}

/// The block's kind and the sentence's length, as features.
fn block_features(kind: BlockKind, words: usize, fx: &mut [f32; f::COUNT]) {
    let slot = match kind {
        BlockKind::Paragraph => None,
        BlockKind::Title => Some(f::TITLE),
        BlockKind::Heading => Some(f::HEADING),
        BlockKind::Quote => Some(f::QUOTE_BLOCK),
        BlockKind::ListItem => Some(f::LIST_ITEM),
        _ => Some(f::OTHER_BLOCK),
    };
    if let Some(i) = slot {
        fx[i] = 1.0;
    }
    fx[f::SHORT] = f32::from(u8::from(words < 6));
    fx[f::LONG] = f32::from(u8::from(words > 35));
    fx[f::LOG_LENGTH] = (1.0 + words as f32).ln() / 4.0;
}

/// The sentence's lexical buckets and its words' vector keys, one hash per word for both
/// where the word is its own shape.
fn wording(text: &str, toks: &[Token], x: &mut features::Features, hashes: &mut Vec<(u32, bool)>) {
    let mut lexical = features::Lexical::default();
    hashes.clear();
    for (i, t) in toks.iter().enumerate() {
        let shape = shape_of(text, t, i);
        let h = shape.hash();
        let plain = matches!(shape, Shape::Word(_));
        hashes.push((h, plain));
        if !t.digit {
            x.words.push(if plain {
                h
            } else {
                features::word_hash(&text[t.start..t.end])
            });
        }
        lexical.push(h, t.quoted, &mut x.lex);
    }
}

fn shape_of<'t>(text: &'t str, t: &Token, i: usize) -> Shape<'t> {
    if t.digit {
        Shape::Number
    } else if t.acronym {
        Shape::Acronym
    } else if t.cap && i > 0 {
        Shape::Capitalised
    } else {
        Shape::Word(&text[t.start..t.end])
    }
}

/// The kinds, the reasons (those that raised the score, then those that lowered it, each
/// group ordered by what it weighed in the learned score) and the facts of a sentence just
/// scored with `scratch`.
pub fn explain(text: &str, s: &Scored, scratch: &mut Scratch) -> Assessment {
    let y = &s.why;
    let t = |r: &Range<usize>| &text[r.clone()];
    let x = &scratch.features;
    let model = super::scorer::embedded();
    // What the dense features `idx` add to the score; without a model every reason counts.
    let weight = |idx: &[usize], sign: f32| -> f32 {
        match model {
            Some(m) => idx
                .iter()
                .map(|&i| m.dense_contribution(i, x.dense[i]))
                .sum(),
            None => sign,
        }
    };
    let mut raised = [false; MAX_REASONS];
    let mut w = ReasonWriter::new(&mut scratch.reasons);
    let mut up = |w: &mut ReasonWriter, key: f32| {
        raised[usize::from(w.len) - 1] = true;
        w.weigh(key);
    };
    if s.kinds & NUMBER != 0 {
        let n = &scratch.numbers;
        let words = x.dense[f::QUANTITY_WORDS] > 0.0;
        let statistic = x.dense[f::STATISTIC] > 0.0;
        w.buf.push_str(match (statistic, words, n.len() > 1) {
            (true, _, true) => "statistics ",
            (true, _, false) => "statistic ",
            (false, true, _) => "quantity ",
            (false, false, true) => "numbers ",
            (false, false, false) => "number ",
        });
        for (k, r) in n.iter().take(3).enumerate() {
            if k > 0 {
                w.buf.push_str(", ");
            }
            w.buf.push('\'');
            w.buf.push_str(t(r));
            w.buf.push('\'');
        }
        w.end();
        up(
            &mut w,
            weight(
                &[f::NUMBER, f::NUMBER_QUOTED, f::QUANTITY_WORDS, f::STATISTIC],
                1.0,
            ),
        );
    }
    if s.kinds & DATE != 0 {
        w.quoted("date", t(&y.date));
        up(
            &mut w,
            weight(&[f::DATE, f::DATE_RELATIVE, f::DATE_QUOTED], 1.0),
        );
    }
    if s.kinds & QUOTE != 0 {
        w.plain(if y.quote_part {
            "part of a direct quotation"
        } else {
            "direct quotation"
        });
        up(&mut w, weight(&[f::SPEECH_QUOTE, f::QUOTE_CONTINUED], 1.0));
    }
    if s.kinds & ENTITY != 0 {
        let (fk, r, named) = &y.entity;
        let what = match fk {
            Some(FactKind::Person) => "named person",
            Some(FactKind::Organisation) => "named organisation",
            Some(FactKind::Place) => "place",
            _ => "name",
        };
        w.buf.push_str(what);
        w.buf.push_str(" '");
        w.buf.push_str(t(r));
        w.buf.push('\'');
        if *named > 1 {
            w.buf.push_str(" and ");
            push_number(w.buf, named - 1);
            w.buf.push_str(" more");
        }
        w.end();
        let names = [
            f::NAMED,
            f::NAMED_TWO,
            f::NAMED_FOUR,
            f::PERSON,
            f::ORGANISATION,
            f::PLACE,
        ];
        // A name is why a sentence can be checked more than why it is central: it counts by
        // the more of what it adds to the two chances.
        let checkable: f32 = model.map_or(1.0, |m| {
            names
                .iter()
                .map(|&i| m.factual_contribution(i, x.dense[i]))
                .sum()
        });
        up(&mut w, weight(&names, 1.0).max(checkable));
    }
    if s.kinds & ATTRIBUTION != 0 {
        let v = y.attribution.as_ref().map_or("according to", t);
        w.quoted("attribution", v);
        up(&mut w, weight(&[f::ATTRIBUTION, f::ACCORDING_TO], 1.0));
    }
    if s.kinds & EVENT != 0 {
        w.quoted("event", t(&y.event));
        up(&mut w, weight(&[f::EVENT, f::EVENT_WEAK], 1.0));
    }
    if s.kinds & COMPARISON != 0 {
        w.quoted(y.comparison.0, t(&y.comparison.1));
        up(
            &mut w,
            weight(&[f::COMPARISON, f::SUPERLATIVE, f::RECORD], 1.0),
        );
    }
    if s.kinds & CAUSAL != 0 {
        w.buf.push_str("causal '");
        match &y.causal {
            Causal::AsAResult => w.buf.push_str("as a result"),
            Causal::Word(r, then) => {
                let at = w.buf.len();
                w.buf.push_str(t(r));
                w.buf[at..].make_ascii_lowercase();
                w.buf.push_str(then);
            }
        }
        w.buf.push('\'');
        w.end();
        up(&mut w, weight(&[f::CAUSAL], 1.0));
    }
    if s.kinds & POLICY != 0 {
        w.quoted("policy/legal", t(&y.policy));
        up(&mut w, weight(&[f::POLICY], 1.0));
    }
    if let Some((r, pledge)) = &y.future {
        w.quoted(
            if *pledge {
                "pledge"
            } else {
                "promise or forecast"
            },
            t(r),
        );
        up(&mut w, weight(&[f::FUTURE], 1.0));
    }
    if let Some(r) = &y.recommendation {
        w.quoted("recommendation", t(r));
        up(&mut w, weight(&[f::RECOMMEND], 1.0));
    }
    if let Some(r) = &y.negation {
        let denial = t(r).get(..3).is_some_and(|p| p.eq_ignore_ascii_case("den"));
        w.quoted(if denial { "denial" } else { "negation" }, t(r));
        up(&mut w, weight(&[f::NEGATION], 1.0));
    }
    // Where it stands: an article's headline and lead carry its main claims. The overlap
    // with them is named only when it weighed as much as a wording must.
    let notable = |key: f32| model.is_none_or(|m| key > WORDING_MIN * m.calib_a.abs().max(1e-3));
    if x.dense[f::TITLE] > 0.0 {
        w.plain("the headline");
        up(&mut w, weight(&[f::TITLE], 1.0));
    } else if x.dense[f::LEAD] > 0.0 {
        w.plain("the lead");
        up(&mut w, weight(&[f::LEAD], 1.0));
    }
    for (idx, reason) in [
        (f::TITLE_OVERLAP, "on the subject of the headline"),
        (f::LEAD_OVERLAP, "on the subject of the lead"),
    ] {
        let key = weight(&[idx], 1.0);
        if x.dense[idx] > 0.0 && notable(key) {
            w.plain(reason);
            up(&mut w, key);
            break;
        }
    }
    // The wording the model weighed most, when no rule above already names it; shown
    // whenever it raised the score if nothing else did, so no proposal comes without a why.
    if let (Some(_), Some((r, key))) = (model, strongest_wording(&scratch.tokens, &scratch.hashes))
    {
        let words = t(&r);
        // Every reason so far was one meant to raise the score.
        let some_raised = w.keys[..usize::from(w.len)].iter().any(|&k| k > 0.0);
        let shown = if some_raised { notable(key) } else { key > 0.0 };
        if shown && !w.buf.contains(words) {
            w.quoted("wording", words);
            up(&mut w, key);
        }
    }
    let hedges = y.hedges.iter().flatten().count() as f32;
    for r in y.hedges.iter().flatten() {
        w.quoted("lowered: hedged", t(r));
        w.weigh(weight(&[f::HEDGE, f::MODAL_HEDGE], -1.0) / hedges);
    }
    if let Some(r) = &y.opinion {
        w.quoted("lowered: opinion", t(r));
        w.weigh(weight(&[f::OPINION, f::OPINION_QUOTED], -1.0));
    }
    if let Some(r) = &y.reader {
        w.quoted("lowered: writer's voice", t(r));
        w.weigh(weight(&[f::WRITER], -1.0));
    }
    if let Some(r) = &y.background {
        w.quoted("lowered: background", t(r));
        w.weigh(weight(&[f::BACKGROUND], -1.0));
    }
    if y.newsroom {
        w.plain("lowered: about the reporting itself");
        w.weigh(weight(&[f::NEWSROOM], -1.0));
    }
    if y.can {
        w.plain("lowered: general statement 'can'");
        w.weigh(weight(&[f::GENERAL_CAN], -1.0));
    }
    if y.question {
        w.plain("lowered: a question");
        w.weigh(weight(&[f::QUESTION], -1.0));
    }
    let reasons = w.finish_ranked(&raised);
    let mut facts = scratch.facts.clone();
    facts.sort_by_key(|(r, _)| (r.start, r.end));
    facts.dedup_by(|x, y| x.0 == y.0);
    Assessment {
        score: s.score,
        kinds: Kinds(s.kinds),
        reasons,
        facts,
    }
}

/// The least a wording must add to the (uncalibrated) score to be shown as a reason.
const WORDING_MIN: f32 = 0.6;

/// The word or pair of words of the sentence whose lexical features add most to the score,
/// with what they add; words shown as shapes (numbers, names) are left to the rules' reasons.
fn strongest_wording(toks: &[Token], hashes: &[(u32, bool)]) -> Option<(Range<usize>, f32)> {
    let m = super::scorer::embedded()?;
    let words = toks.iter().filter(|t| !t.digit).count();
    let mut best: Option<(Range<usize>, f32)> = None;
    let mut prev: Option<(usize, bool)> = None;
    for (i, (tok, &(h, plain))) in toks.iter().zip(hashes).enumerate() {
        let mut consider = |r: Range<usize>, key: f32| {
            if best.as_ref().is_none_or(|(_, b)| key > *b) {
                best = Some((r, key));
            }
        };
        if plain && tok.end - tok.start > 2 {
            let vector = m.word_contribution(h, words);
            consider(
                tok.start..tok.end,
                m.lex_contribution(features::unigram_of(h)) + vector,
            );
        }
        if let Some((p, prev_plain)) = prev {
            if plain && prev_plain {
                let both = m.lex_contribution(features::bigram_of(hashes[p].0, h));
                consider(toks[p].start..tok.end, both);
            }
        }
        prev = Some((i, plain));
    }
    best
}

/// Appends `n` in decimal.
fn push_number(s: &mut String, n: usize) {
    if n >= 10 {
        push_number(s, n / 10);
    }
    s.push(char::from(b'0' + (n % 10) as u8));
}

/// [`score`] and [`explain`] in one, for the tests of the rules.
#[cfg(test)]
pub fn assess(
    text: &str,
    range: Range<usize>,
    kind: BlockKind,
    quote_open: &mut bool,
    scratch: &mut Scratch,
    names: &FnvSet<&str>,
) -> Assessment {
    let s = score(text, range, kind, quote_open, scratch, names);
    explain(text, &s, scratch)
}

/// A regular past tense or participle ("stepped", "donated"), not an adjective in `-ed`.
fn is_regular_past(text: &str, t: &Token) -> bool {
    let w = &text.as_bytes()[t.start..t.end];
    w.len() >= 5
        && w.ends_with(b"ed")
        && t.flags & (flag::NOT_PAST | flag::SPEECH) == 0
        && w.iter().all(u8::is_ascii_lowercase)
}

fn has_pronoun_subject(text: &str, toks: &[Token]) -> bool {
    toks.iter().take(3).any(|t| {
        id::PRONOUN.contains(&t.id)
            && matches!(
                &text[t.start..t.end],
                "He" | "She" | "They" | "It" | "he" | "she" | "they" | "officials" | "Officials"
            )
    })
}

/// Classes of bytes, looked up once per byte by the tokenizer.
mod class {
    /// ASCII white space (as `char::is_whitespace` sees it).
    pub const SPACE: u8 = 1;
    /// Where a word may start: letters, digits, `$`, `#`, `@`.
    pub const LEAD: u8 = 2;
    /// Where a word may end: letters, digits, `%`.
    pub const END: u8 = 4;
    pub const ALPHA: u8 = 8;
    pub const LOWER: u8 = 16;
    pub const DIGIT: u8 = 32;
    /// Bytes of characters outside ASCII.
    pub const HIGH: u8 = 128;

    pub static OF: [u8; 256] = {
        let mut t = [0u8; 256];
        let mut i = 0;
        while i < 256 {
            let c = i as u8;
            let mut k = 0;
            if matches!(c, b'\t' | b'\n' | 0x0b | 0x0c | b'\r' | b' ') {
                k |= SPACE;
            }
            if c.is_ascii_alphanumeric() || matches!(c, b'$' | b'#' | b'@') {
                k |= LEAD;
            }
            if c.is_ascii_alphanumeric() || c == b'%' {
                k |= END;
            }
            if c.is_ascii_alphabetic() {
                k |= ALPHA;
            }
            if c.is_ascii_lowercase() {
                k |= LOWER;
            }
            if c.is_ascii_digit() {
                k |= DIGIT;
            }
            if c >= 0x80 {
                k |= HIGH;
            }
            t[i] = k;
            i += 1;
        }
        t
    };
}

/// White space outside ASCII (as `char::is_whitespace` sees it) at `text[i..]`: its length
/// in bytes, or 0.
#[inline]
fn wide_space_at(text: &str, i: usize) -> usize {
    // Lead bytes of U+0085, U+00A0, U+1680, U+2000–U+205F, U+3000.
    if !matches!(text.as_bytes()[i], 0xc2 | 0xe1 | 0xe2 | 0xe3) {
        return 0;
    }
    match text[i..].chars().next() {
        Some(c) if c.is_whitespace() => c.len_utf8(),
        _ => 0,
    }
}

const LO: u64 = 0x0101_0101_0101_0101;
const HI: u64 = 0x8080_8080_8080_8080;

/// Length of the UTF-8 sequence that starts with `lead`.
#[inline]
fn utf8_len(lead: u8) -> usize {
    match lead {
        0..=0x7f => 1,
        0xc0..=0xdf => 2,
        0xe0..=0xef => 3,
        _ => 4,
    }
}

/// The sentence's words, split at white space, with their surrounding punctuation noted.
fn tokenize(text: &str, range: Range<usize>, quote_open: &mut bool, out: &mut Vec<Token>) {
    out.clear();
    let b = text.as_bytes();
    let end = range.end;
    let mut i = range.start;
    while i < end {
        let k = class::OF[b[i] as usize];
        if k & class::SPACE != 0 {
            i += 1;
            continue;
        }
        if k & class::HIGH != 0 {
            let ws = wide_space_at(text, i);
            if ws > 0 {
                i += ws;
                continue;
            }
        }
        // A chunk between white space.
        let start = i;
        let mut high = false;
        while i < end {
            // Eight bytes at a time to the next byte below 0x21 or above 0x7F (exact for the
            // lowest such byte): white space and characters outside ASCII are among them.
            if let Some(w8) = b.get(i..i + 8).filter(|_| i + 8 <= end) {
                let mut w = [0u8; 8];
                w.copy_from_slice(w8);
                let w = u64::from_le_bytes(w);
                let m = (w.wrapping_sub(LO * 0x21) & !w | w) & HI;
                if m == 0 {
                    i += 8;
                    continue;
                }
                i += m.trailing_zeros() as usize / 8;
            }
            let c = b[i];
            if c < 0x80 {
                if class::OF[c as usize] & class::SPACE != 0 {
                    break;
                }
                i += 1;
            } else {
                if wide_space_at(text, i) > 0 {
                    break;
                }
                high = true;
                i += utf8_len(c);
            }
        }
        if high {
            word(text, start, i, quote_open, out);
        } else {
            ascii_word(text, start, i, quote_open, out);
        }
    }
}

/// A chunk of ASCII between white space: the same rules as [`word`], on bytes.
fn ascii_word(text: &str, start: usize, end: usize, quote_open: &mut bool, out: &mut Vec<Token>) {
    let b = &text.as_bytes()[start..end];
    let of = |c: &u8| class::OF[*c as usize];
    // Most chunks are a bare word: a letter or digit at each end, nothing around it to read.
    let bare = b.first().is_some_and(|c| of(c) & class::LEAD != 0)
        && b.last().is_some_and(|c| of(c) & class::END != 0);
    let (lead, core_end, opens, quoted, breaks_after) = if bare {
        (0, b.len(), false, *quote_open, false)
    } else {
        let Some(lead) = b.iter().position(|c| of(c) & class::LEAD != 0) else {
            // Pure punctuation: quotes may open or close, dashes break names.
            for &c in b {
                if c == b'"' {
                    *quote_open = !*quote_open;
                }
            }
            if let Some(last) = out.last_mut() {
                last.breaks_after = true;
            }
            return;
        };
        let core_end = b
            .iter()
            .rposition(|c| of(c) & class::END != 0)
            .map_or(b.len(), |i| i + 1);
        let mut opens = false;
        for &c in &b[..lead] {
            match c {
                b'"' => {
                    *quote_open = true;
                    opens = true;
                }
                b'(' | b'[' | b'\'' => opens = true,
                _ => {}
            }
        }
        let quoted = *quote_open;
        let mut breaks_after = false;
        for &c in &b[core_end..] {
            match c {
                b'"' => {
                    *quote_open = false;
                    breaks_after = true;
                }
                b',' | b';' | b':' | b')' | b']' | b'.' | b'?' | b'!' => breaks_after = true,
                _ => {}
            }
        }
        (lead, core_end, opens, quoted, breaks_after)
    };
    if core_end <= lead {
        // Only a symbol ("%.$"): no word.
        return;
    }
    let mut core = &b[lead..core_end];
    // Possessives look up their stem: "Warhol's" → "Warhol".
    if let Some(stem) = core.strip_suffix(b"'s") {
        core = stem;
    } else if let Some(stem) = core.strip_suffix(b"'") {
        core = stem;
    }
    if core.is_empty() {
        return;
    }
    let s = start + lead;
    let e = s + core.len();
    let mut letters = 0;
    let mut kinds = 0u8;
    for c in core {
        let k = of(c);
        letters += usize::from(k & class::ALPHA != 0);
        kinds |= k;
    }
    let digit = kinds & class::DIGIT != 0;
    // No listed word has a digit.
    let (flags, id) = if digit {
        (0, 0)
    } else {
        lexicon::flags_and_id_at(text.as_bytes(), s, e)
    };
    out.push(Token {
        start: s,
        end: e,
        flags,
        id,
        cap: core[0].is_ascii_uppercase(),
        acronym: letters >= 2 && kinds & class::LOWER == 0,
        digit,
        quoted,
        opens,
        breaks_after,
        date_part: false,
    });
}

/// A chunk between white space with characters outside ASCII.
fn word(text: &str, start: usize, end: usize, quote_open: &mut bool, out: &mut Vec<Token>) {
    let chunk = &text[start..end];
    let lead = chunk
        .char_indices()
        .find(|&(_, c)| c.is_alphanumeric() || matches!(c, '$' | '£' | '€' | '#' | '@'))
        .map(|(i, _)| i);
    let Some(lead) = lead else {
        // Pure punctuation: quotes may open or close, dashes break names.
        for c in chunk.chars() {
            match c {
                '“' => *quote_open = true,
                '”' => *quote_open = false,
                '"' => *quote_open = !*quote_open,
                _ => {}
            }
        }
        if let Some(last) = out.last_mut() {
            last.breaks_after = true;
        }
        return;
    };
    let core_end = chunk
        .char_indices()
        .rev()
        .find(|&(_, c)| c.is_alphanumeric() || c == '%')
        .map(|(i, c)| i + c.len_utf8())
        .unwrap_or(chunk.len());
    let mut opens = false;
    for c in chunk[..lead].chars() {
        match c {
            '“' | '"' => {
                *quote_open = true;
                opens = true;
            }
            '(' | '[' | '‘' | '\'' => opens = true,
            _ => {}
        }
    }
    let quoted = *quote_open;
    let mut breaks_after = false;
    for c in chunk[core_end..].chars() {
        match c {
            '”' | '"' => {
                *quote_open = false;
                breaks_after = true;
            }
            ',' | ';' | ':' | ')' | ']' | '—' | '–' | '.' | '?' | '!' => breaks_after = true,
            _ => {}
        }
    }
    if core_end <= lead {
        // Only a symbol ("%.€"): no word.
        return;
    }
    let mut core = &chunk[lead..core_end];
    // Possessives look up their stem: "Warhol's" → "Warhol".
    for suffix in ["'s", "’s", "'", "’"] {
        if let Some(stem) = core.strip_suffix(suffix) {
            core = stem;
            break;
        }
    }
    if core.is_empty() {
        return;
    }
    let s = start + lead;
    let first = core.chars().next().unwrap_or(' ');
    let letters = core.chars().filter(|c| c.is_alphabetic()).count();
    let (flags, id) = lexicon::flags_and_id(core);
    out.push(Token {
        start: s,
        end: s + core.len(),
        flags,
        id,
        cap: first.is_uppercase(),
        acronym: letters >= 2 && !core.chars().any(char::is_lowercase),
        digit: core.bytes().any(|b| b.is_ascii_digit()),
        quoted,
        opens,
        breaks_after,
        date_part: false,
    });
}

/// Datelines ("WASHINGTON —"), bylines ("By Jane Doe", "Tyler Durden"), timestamps and
/// date lines ("Tuesday, January 28, 2014"), a post's attribution ("— Name (@handle) date").
fn is_frame_line(text: &str, sentence: &str, toks: &[Token], kind: BlockKind) -> bool {
    if matches!(
        kind,
        BlockKind::Byline | BlockKind::Dateline | BlockKind::Timestamp
    ) {
        return true;
    }
    let trimmed = sentence.trim_end();
    if trimmed.ends_with(['—', '–', '-']) && toks.len() <= 8 {
        return true;
    }
    if trimmed.starts_with(['—', '–']) && toks.len() <= 10 {
        return true;
    }
    if toks
        .first()
        .is_some_and(|t| t.id == id::BY && &text[t.start..t.end] == "By")
        && toks.len() <= 8
        && toks[1..]
            .iter()
            .all(|t| t.cap || t.flags & (flag::NAME_JOINER | flag::STARTER) != 0)
    {
        return true;
    }
    let datey = toks.iter().all(|t| {
        t.digit
            || t.flags & (flag::MONTH | flag::WEEKDAY) != 0
            || matches!(t.id, id::AM | id::PM)
            || t.id == id::AT && &text[t.start..t.end] == "at"
    });
    if datey {
        return true;
    }
    // A bare name on its own line: two or three capitalised words, no verb, no stop.
    let name_only = (2..=3).contains(&toks.len())
        && toks
            .iter()
            .all(|t| t.cap && !t.acronym && t.flags == 0 && !t.digit)
        && !trimmed.ends_with(['.', '!', '?', '"', '”'])
        && !matches!(kind, BlockKind::Title | BlockKind::Heading);
    name_only
}

/// Dates and times; marks their tokens as date parts. `true` = a specific date.
fn find_dates(text: &str, toks: &mut [Token], out: &mut Vec<(Range<usize>, bool)>) {
    out.clear();
    let n = toks.len();
    let mut i = 0;
    while i < n {
        let t = toks[i];
        let f = t.flags;
        if f & (flag::MONTH | flag::WEEKDAY | flag::REL_DATE) == 0
            && !t.digit
            && !id::DATE_OPENER.contains(&t.id)
        {
            i += 1;
            continue;
        }
        let w = &text[t.start..t.end];
        let day_like = |k: usize| {
            toks.get(k).is_some_and(|x| {
                let s = text[x.start..x.end].trim_end_matches(|c: char| c.is_alphabetic());
                !s.is_empty() && s.len() <= 2 && s.bytes().all(|b| b.is_ascii_digit())
            })
        };
        let year_like = |k: usize| toks.get(k).is_some_and(|x| is_year(&text[x.start..x.end]));
        if f & flag::MONTH != 0 && t.cap {
            let weak = f & flag::WEAK_DATE != 0;
            let mut j = i;
            if day_like(i + 1) {
                j = i + 1;
                if year_like(i + 2) {
                    j = i + 2;
                }
            } else if year_like(i + 1) {
                j = i + 1;
            }
            // "12 April 2021": a day before the month.
            let mut s = i;
            if i > 0 && day_like(i - 1) && !toks[i - 1].date_part {
                s = i - 1;
                if j == i && year_like(i + 1) {
                    j = i + 1;
                }
            }
            if !weak || j > i || s < i {
                for tok in toks.iter_mut().take(j + 1).skip(s) {
                    tok.date_part = true;
                }
                out.push((toks[s].start..toks[j].end, true));
                i = j + 1;
                continue;
            }
        } else if f & flag::WEEKDAY != 0 && t.cap && w.len() > 3 {
            toks[i].date_part = true;
            let mut j = i;
            // "Thursday night"
            if toks
                .get(i + 1)
                .is_some_and(|x| x.flags & flag::PERIOD != 0 && !x.cap)
            {
                j = i + 1;
            }
            out.push((t.start..toks[j].end, true));
            i = j + 1;
            continue;
        } else if t.digit && (is_year(w) || is_numeric_date_or_time(w)) {
            toks[i].date_part = true;
            out.push((t.start..t.end, true));
        } else if f & flag::REL_DATE != 0 && (!t.cap || i == 0) {
            toks[i].date_part = true;
            out.push((t.start..t.end, false));
        } else if id::DATE_OPENER.contains(&t.id)
            && toks
                .get(i + 1)
                .is_some_and(|x| x.flags & flag::PERIOD != 0 && !x.cap)
        {
            let mut s = i;
            if i > 0 && toks[i - 1].id == id::THIS {
                s = i - 1;
            }
            out.push((toks[s].start..toks[i + 1].end, false));
            i += 2;
            continue;
        }
        i += 1;
    }
}

fn is_year(w: &str) -> bool {
    let d = w.strip_suffix('s').unwrap_or(w);
    d.len() == 4
        && d.bytes().all(|b| b.is_ascii_digit())
        && (d.starts_with("18") || d.starts_with("19") || d.starts_with("20"))
}

/// 11/26/2024, 2024-11-26, 21:20.
fn is_numeric_date_or_time(w: &str) -> bool {
    let seps = w.bytes().filter(|b| matches!(b, b'/' | b':')).count();
    seps >= 1
        && w.bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'/' | b':'))
        && w.bytes().filter(u8::is_ascii_digit).count() >= 3
}

/// Numbers and quantities ("28,000", "$3.5 billion", "95%", "seven astronauts").
fn find_numbers(text: &str, toks: &[Token], out: &mut Vec<Range<usize>>) {
    out.clear();
    let mut i = 0;
    while i < toks.len() {
        let t = &toks[i];
        let is_num = !t.date_part
            && (t.digit && !is_identifier(&text[t.start..t.end])
                || t.flags & flag::NUMBER_WORD != 0 && !t.cap);
        if !is_num {
            i += 1;
            continue;
        }
        let mut j = i;
        while toks.get(j + 1).is_some_and(|n| {
            n.flags & (flag::SCALE | flag::NUMBER_WORD) != 0 && !n.cap && !n.date_part
        }) && !toks[j].breaks_after
        {
            j += 1;
        }
        out.push(t.start..toks[j].end);
        i = j + 1;
    }
}

/// Codes such as "STS-135", "COVID-19", "@handle", "pic.twitter.com/x": not quantities.
fn is_identifier(w: &str) -> bool {
    w.starts_with(['@', '#'])
        || w.contains('/')
        || w.contains('.') && w.chars().any(char::is_alphabetic)
        || (w.chars().any(|c| c.is_ascii_uppercase()) && w.contains('-'))
}

/// Spans of direct quotations inside the sentence (between double quotes).
fn find_quotes(text: &str, range: Range<usize>, out: &mut Vec<Range<usize>>) {
    out.clear();
    let b = &text.as_bytes()[..range.end];
    let mut open: Option<usize> = None;
    let mut i = range.start;
    // Bytes: '"' is 0x22, '“' and '”' are E2 80 9C and E2 80 9D.
    while i < b.len() {
        // Eight bytes at a time to the next '"' or 0xE2 (exact for the lowest such byte).
        if let Some(w8) = b.get(i..i + 8) {
            let mut w = [0u8; 8];
            w.copy_from_slice(w8);
            let w = u64::from_le_bytes(w);
            let zero = |x: u64| x.wrapping_sub(LO) & !x & HI;
            let m = zero(w ^ (LO * 0x22)) | zero(w ^ (LO * 0xe2));
            if m == 0 {
                i += 8;
                continue;
            }
            i += m.trailing_zeros() as usize / 8;
        }
        match b[i] {
            b'"' => {
                match open.take() {
                    Some(o) => out.push(o..i),
                    None => open = Some(i + 1),
                }
                i += 1;
            }
            0xe2 if b.get(i + 1) == Some(&0x80) && matches!(b.get(i + 2), Some(0x9c | 0x9d)) => {
                if b[i + 2] == 0x9c {
                    open = Some(i + 3);
                } else if let Some(o) = open.take() {
                    out.push(o..i);
                }
                i += 3;
            }
            _ => i += 1,
        }
    }
    out.retain(|r| r.end > r.start);
}

/// Runs of capitalised words: people, organisations, places. `None` kind = a name of
/// unknown sort (still counts as a named thing).
fn find_entities(
    text: &str,
    toks: &[Token],
    heading: bool,
    names: &FnvSet<&str>,
    out: &mut Vec<(Range<usize>, Option<FactKind>)>,
) {
    out.clear();
    let word = |t: &Token| &text[t.start..t.end];
    let title_case = heading && {
        let long = toks.iter().filter(|t| t.end - t.start >= 4);
        let (n, caps) = long.fold((0, 0), |(n, c), t| (n + 1, c + usize::from(t.cap)));
        n > 0 && caps * 10 >= n * 6
    };
    let is_name_word = |i: usize| -> bool {
        let t = &toks[i];
        if !t.cap || t.date_part || t.digit {
            return false;
        }
        // "I" (capitalised, so numbered `I` is the pronoun).
        if t.id == id::I || t.flags & (flag::MONTH | flag::WEEKDAY) != 0 {
            return false;
        }
        let initial = i == 0 || t.opens && toks[i - 1].breaks_after;
        if (initial || t.opens)
            && t.flags & (flag::STARTER | flag::HEDGE | flag::OPINION | flag::FIRST_PERSON) != 0
        {
            return false;
        }
        // "Unlike Itokawa", "Thirteen Israeli", "Alleging Iran": an ordinary first word
        // before a name is not part of it.
        let ordinary = t.flags & (flag::OPENER | flag::NUMBER_WORD) != 0
            || word(t).ends_with("ing") && !names.contains(word(t));
        if initial && ordinary && t.flags & (flag::PLACE | flag::ORG) == 0 {
            return false;
        }
        if initial && t.breaks_after && t.flags & (flag::PLACE | flag::ORG) == 0 {
            // "Finally, …"
            return false;
        }
        // A capitalised first word is a name only if the article also writes it capitalised
        // mid-sentence ("Discovery has …" yes, "Exhibit goers …" no), or a name follows it.
        let next_cap = !t.breaks_after && toks.get(i + 1).is_some_and(|n| n.cap && !n.digit);
        if initial
            && !next_cap
            && !t.acronym
            && t.flags & (flag::PLACE | flag::ORG) == 0
            && !names.contains(word(t))
        {
            return false;
        }
        if title_case {
            return t.acronym || t.flags & (flag::PLACE | flag::ORG) != 0;
        }
        true
    };
    let mut i = 0;
    while i < toks.len() {
        if !is_name_word(i) {
            i += 1;
            continue;
        }
        let s = i;
        let mut e = i;
        while !toks[e].breaks_after {
            let n = e + 1;
            if n < toks.len() && is_name_word(n) {
                e = n;
            } else if n + 1 < toks.len()
                && (toks[n].flags & flag::NAME_JOINER != 0 && !toks[n].cap || word(&toks[n]) == "&")
                && is_name_word(n + 1)
            {
                e = n + 1;
            } else {
                break;
            }
        }
        // "NASA Administrator Charles Bolden": the organisation, then the titled person.
        if let Some(k) = (s + 1..=e).find(|&k| {
            toks[k].flags & flag::PERSON_TITLE != 0
                && toks[s..k]
                    .iter()
                    .all(|t| t.acronym || t.flags & (flag::ORG | flag::ORG_WORD) != 0)
        }) {
            out.push((toks[s].start..toks[k - 1].end, Some(FactKind::Organisation)));
            out.push((
                toks[k].start..toks[e].end,
                classify_entity(text, toks, k, e),
            ));
            i = e + 1;
            continue;
        }
        let kind = classify_entity(text, toks, s, e);
        if is_name_evidence(text, toks, s, e) {
            out.push((toks[s].start..toks[e].end, kind));
        }
        i = e + 1;
    }
}

/// Whether the capitalised run `toks[s..=e]` is evidence of a name rather than an ordinary
/// word that happens to be capitalised: a lone adjective of nationality ("Korean", "North
/// Korean" before a noun), a lone ordinal or comparison word ("First", "Last"), or a lone
/// honorific ("Mr" cut from its name) is not.
fn is_name_evidence(text: &str, toks: &[Token], s: usize, e: usize) -> bool {
    let word = |t: &Token| &text[t.start..t.end];
    let last = word(&toks[e]);
    let known = |t: &Token| t.flags & (flag::PLACE | flag::ORG) != 0;
    let compass = |t: &Token| {
        matches!(
            word(t),
            "North" | "South" | "East" | "West" | "Central" | "Northern" | "Southern"
        )
    };
    let demonym = !known(&toks[e])
        && ["an", "ese", "ish", "ian", "ean"]
            .iter()
            .any(|x| last.ends_with(x))
        && toks.get(e + 1).is_some_and(|n| !n.cap && !n.digit)
        && toks[s..e].iter().all(compass);
    if demonym {
        return false;
    }
    if s == e {
        let t = &toks[s];
        let lower = last.to_ascii_lowercase();
        if t.flags & (flag::TITLE | flag::PERSON_TITLE) != 0 && !known(t) {
            return false;
        }
        if matches!(
            lower.as_str(),
            "first"
                | "second"
                | "third"
                | "fourth"
                | "fifth"
                | "last"
                | "next"
                | "former"
                | "new"
                | "old"
                | "both"
                | "all"
                | "many"
                | "most"
                | "some"
        ) {
            return false;
        }
    }
    true
}

fn word_at<'t>(text: &'t str, t: &Token) -> &'t str {
    &text[t.start..t.end]
}

fn classify_entity(text: &str, toks: &[Token], s: usize, e: usize) -> Option<FactKind> {
    let span = &toks[s..=e];
    // A short known organisation counts only in capitals: "Kim Jong Un" is not the UN, nor
    // "Who" the WHO.
    let org = |t: &Token| {
        t.flags & flag::ORG_WORD != 0
            || t.acronym
            || t.flags & flag::ORG != 0 && t.end - t.start > 3
    };
    // The countries written as capitals.
    if s == e && matches!(word_at(text, &toks[s]), "US" | "U.S" | "UK" | "USA" | "UAE") {
        return Some(FactKind::Place);
    }
    if span.iter().any(org) {
        return Some(FactKind::Organisation);
    }
    // "Secretary of State Condoleezza Rice": a title first makes a person, whatever place
    // the title names.
    if e > s && span[0].flags & flag::PERSON_TITLE != 0 {
        return Some(FactKind::Person);
    }
    let compass = matches!(
        word_at(text, &span[0]),
        "North" | "South" | "East" | "West" | "Northern" | "Southern" | "Eastern" | "Western"
    );
    if e > s && compass {
        return Some(FactKind::Place);
    }
    if span
        .iter()
        .any(|t| t.flags & (flag::PLACE | flag::PLACE_WORD) != 0)
    {
        return Some(FactKind::Place);
    }
    let titled = span.iter().any(|t| t.flags & flag::PERSON_TITLE != 0)
        || s > 0 && toks[s - 1].flags & flag::PERSON_TITLE != 0;
    let speaks = toks
        .get(e + 1)
        .is_some_and(|t| t.flags & flag::SPEECH != 0 && !t.cap)
        || s > 0 && toks[s - 1].flags & flag::SPEECH != 0 && !toks[s - 1].cap;
    let role_after = toks[e].breaks_after
        && text[toks[e].end..]
            .trim_start_matches([',', ' '])
            .starts_with(|c: char| c.is_lowercase())
        && text[toks[e].end..].starts_with(',');
    if titled || speaks || role_after || (2..=3).contains(&(e - s + 1)) {
        return Some(FactKind::Person);
    }
    None
}

/// Whether token `i` is the numbered word `w` (ignoring case); false past the end.
fn tok_is(toks: &[Token], i: usize, w: u8) -> bool {
    toks.get(i).is_some_and(|t| t.id == w)
}

/// Weight, label and phrase of the first comparison, superlative or record, and where it is.
fn find_comparison(text: &str, toks: &[Token]) -> Option<(f32, &'static str, Range<usize>, usize)> {
    let is = |i: usize, w: u8| tok_is(toks, i, w);
    for (i, t) in toks.iter().enumerate() {
        if t.cap && i > 0 {
            continue;
        }
        let f = t.flags;
        if f & (flag::SUPERLATIVE | flag::RECORD | flag::COMPARATIVE) == 0 {
            continue;
        }
        if f & flag::SUPERLATIVE != 0 {
            // "last month" is a date, not a superlative.
            if t.id == id::LAST && toks.get(i + 1).is_some_and(|n| n.flags & flag::PERIOD != 0) {
                continue;
            }
            let mut j = i;
            while j + 1 < toks.len()
                && id::SUPERLATIVE_TAIL.contains(&toks[j + 1].id)
                && !toks[j].breaks_after
            {
                j += 1;
            }
            while j > i && matches!(toks[j].id, id::IN | id::ON) {
                j -= 1;
            }
            // "First time", "highest on record", "biggest ever in history": a record.
            let label = if f & flag::RECORD != 0 || j > i {
                "record"
            } else {
                "superlative"
            };
            return Some((w::RECORD, label, t.start..toks[j].end, t.start));
        }
        if f & flag::RECORD != 0 {
            let history = t.id == id::HISTORY;
            // "in history" on one line; "history" alone is no record.
            if history
                && i > 0
                && toks[i - 1].id == id::IN
                && text[toks[i - 1].end..t.start].contains(' ')
            {
                return Some((w::RECORD, "record", toks[i - 1].start..t.end, t.start));
            }
            if !history {
                return Some((w::RECORD, "record", t.start..t.end, t.start));
            }
        }
        if f & flag::COMPARATIVE != 0 {
            let direct = id::DIRECT_COMPARISON.contains(&t.id);
            let then_than = (i + 1..(i + 5).min(toks.len())).any(|k| is(k, id::THAN));
            let then_number = toks.get(i + 1).is_some_and(|n| n.digit)
                || (is(i + 1, id::THAN) && toks.get(i + 2).is_some_and(|n| n.digit));
            if direct || then_than || then_number {
                let phrase = if then_than && !direct {
                    let k = (i + 1..toks.len()).find(|&k| is(k, id::THAN)).unwrap_or(i);
                    t.start..toks[k].end
                } else {
                    t.start..t.end
                };
                return Some((w::COMPARISON, "comparison", phrase, t.start));
            }
        }
    }
    None
}

/// The first cause stated as fact, and where it is.
fn find_causal(toks: &[Token]) -> Option<(Causal, usize)> {
    let is = |i: usize, w: u8| tok_is(toks, i, w);
    for (i, t) in toks.iter().enumerate() {
        if t.flags & flag::CAUSAL == 0 || t.cap && i > 0 {
            continue;
        }
        let r = t.start..t.end;
        let phrase = if id::CAUSE_TO.contains(&t.id) && is(i + 1, id::TO) {
            Causal::Word(r, " to")
        } else if t.id == id::RESULT && i > 1 && is(i - 1, id::A) && is(i - 2, id::AS) {
            Causal::AsAResult
        } else if id::CAUSE_IN.contains(&t.id) && is(i + 1, id::IN) {
            Causal::Word(r, " in")
        } else if id::CAUSE_WORD.contains(&t.id) {
            Causal::Word(r, "")
        } else {
            continue;
        };
        return Some((phrase, t.start));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(s: &str) -> Assessment {
        let mut q = false;
        let names = super::super::article_names(s, &[&[]]);
        assess(
            s,
            0..s.len(),
            BlockKind::Paragraph,
            &mut q,
            &mut Scratch::default(),
            &names,
        )
    }

    fn facts(s: &str, kind: FactKind) -> Vec<&str> {
        run(s)
            .facts
            .into_iter()
            .filter(|(_, k)| *k == kind)
            .map(|(r, _)| &s[r])
            .collect()
    }

    #[test]
    fn numbers_and_quantities() {
        let s = "The deal is worth $3.5 billion, up 12% from 2019, and seven firms joined.";
        assert_eq!(facts(s, FactKind::Number), ["$3.5 billion", "12%", "seven"]);
        assert!(run(s).kinds.contains(ClaimKind::Number));
    }

    #[test]
    fn dates_in_their_usual_forms() {
        let s = "On April 12, 1981, Columbia lifted off; on Tuesday the 12 April 2021 event and \
                 last month's review followed, as did 11/26/2024.";
        assert_eq!(
            facts(s, FactKind::Date),
            [
                "April 12, 1981",
                "Tuesday",
                "12 April 2021",
                "last month",
                "11/26/2024"
            ]
        );
    }

    #[test]
    fn people_organisations_and_places() {
        let s = "NASA Administrator Charles Bolden said the Kennedy Space Center in Florida won.";
        assert_eq!(
            facts(s, FactKind::Organisation),
            ["NASA", "Kennedy Space Center"]
        );
        assert_eq!(facts(s, FactKind::Person), ["Administrator Charles Bolden"]);
        assert_eq!(facts(s, FactKind::Place), ["Florida"]);
        let s = "Kristen Wilkins, assistant professor of photography, said it was so.";
        assert_eq!(facts(s, FactKind::Person), ["Kristen Wilkins"]);
    }

    #[test]
    fn quoted_speech_is_a_fact_and_a_kind() {
        let s = "“We have already explored every avenue,” Kim said.";
        assert_eq!(
            facts(s, FactKind::Quote),
            ["We have already explored every avenue,"]
        );
        let a = run(s);
        assert!(a.kinds.contains(ClaimKind::Quote));
        assert!(a.kinds.contains(ClaimKind::Attribution));
    }

    #[test]
    fn kinds_event_comparison_causal_policy() {
        let a = run("The ban was imposed because crossings rose to a record 45,756 last year.");
        for k in [
            ClaimKind::Causal,
            ClaimKind::Comparison,
            ClaimKind::Policy,
            ClaimKind::Event,
        ] {
            assert!(a.kinds.contains(k), "{k:?} missing in {:?}", a.kinds);
        }
        assert!(a.kinds.contains(ClaimKind::Causal), "{:?}", a.kinds);
    }

    #[test]
    fn words_after_wide_spaces_and_lone_symbols_keep_their_places() {
        // A thin space (U+2009) and an ideographic space (U+3000) separate words like a space;
        // "%.$" is punctuation around a symbol, not a word. Both once made analysis panic.
        let s = "Officials moved 5,000\u{2009}troops to Paris\u{3000}on Monday %.$ at 9 a.m.";
        assert_eq!(facts(s, FactKind::Number), ["5,000", "9"]);
        assert_eq!(facts(s, FactKind::Place), ["Paris"]);
        assert_eq!(facts(s, FactKind::Date), ["Monday"]);
        let a = run(s);
        assert!(
            a.reasons.iter().any(|r| r == "event 'moved'"),
            "{:?}",
            a.reasons
        );
    }

    #[test]
    fn the_entity_reason_counts_the_other_names() {
        let s = "Alice Smith met NASA, Paris, Oslo, Lima, Rome, Kyiv, Cairo, Delhi, Tokyo, Seoul, \
                 Hanoi and Berlin officials.";
        let a = run(s);
        assert!(
            a.reasons
                .iter()
                .any(|r| r == "named person 'Alice Smith' and 12 more"),
            "{:?}",
            a.reasons
        );
        let mut n = String::new();
        for k in [0, 9, 10, 123] {
            push_number(&mut n, k);
            n.push(' ');
        }
        assert_eq!(n, "0 9 10 123 ");
    }

    #[test]
    fn reasons_name_the_words_as_written_strongest_first() {
        let s = "Sales rose in 2019, the first time in history, as a result of the ban.";
        let a = run(s);
        let reasons = a.reasons.to_vec();
        assert!(!reasons.is_empty());
        // Every quoted word is the sentence's own, as written.
        for r in &reasons {
            if let Some(q) = r.split('\'').nth(1) {
                assert!(s.contains(q), "{r}");
            }
        }
        assert!(reasons.contains(&"date '2019'".to_string()), "{reasons:?}");
        assert!(a.kinds.contains(ClaimKind::Causal) && a.kinds.contains(ClaimKind::Policy));
        // The reasons that raised the score come first, strongest first.
        let w = super::super::scorer::embedded().expect("weights");
        let mut scratch = Scratch::default();
        let names = FnvSet::default();
        let scored = score(
            s,
            0..s.len(),
            BlockKind::Paragraph,
            &mut false,
            &mut scratch,
            &names,
        );
        let x = &scratch.features;
        let date = w.dense_contribution(f::DATE, x.dense[f::DATE]);
        assert!(date > 0.0 && scored.score > 0.5, "{date} {}", scored.score);
        let a = run("Due to a drought, prices rose to more than ever before.");
        assert!(a.kinds.contains(ClaimKind::Causal), "{:?}", a.kinds);
        assert!(a.kinds.contains(ClaimKind::Comparison), "{:?}", a.kinds);
    }

    #[test]
    fn a_person_whose_name_spells_a_short_acronym_is_a_person() {
        let s = "North Korean leader Kim Jong Un met UN envoys and the WHO chief in Pyongyang.";
        assert_eq!(facts(s, FactKind::Person), ["Kim Jong Un"]);
        assert_eq!(facts(s, FactKind::Organisation), ["UN", "WHO"]);
    }

    #[test]
    fn names_are_sorted_as_a_reader_would() {
        for (s, kind, name) in [
            (
                "The talks moved to the United States on Monday.",
                FactKind::Place,
                "United States",
            ),
            (
                "Oil from Saudi Arabia rose 4% on Monday.",
                FactKind::Place,
                "Saudi Arabia",
            ),
            (
                "Floods hit West Sussex on Monday.",
                FactKind::Place,
                "West Sussex",
            ),
            (
                "They climbed Mount Kilimanjaro in 2009.",
                FactKind::Place,
                "Mount Kilimanjaro",
            ),
            ("Troops left the US in 2009.", FactKind::Place, "US"),
            (
                "The report came from Amnesty International on Monday.",
                FactKind::Organisation,
                "Amnesty International",
            ),
            (
                "The news agency Xinhua said 12 died.",
                FactKind::Organisation,
                "Xinhua",
            ),
            (
                "He met Secretary of State Condoleezza Rice in 2005.",
                FactKind::Person,
                "Secretary of State Condoleezza Rice",
            ),
        ] {
            assert_eq!(facts(s, kind), [name], "{s}");
        }
        // An ordinary word opening the sentence is not the first word of the name after it.
        for (s, name) in [
            ("Unlike Itokawa, the asteroid is dense.", "Itokawa"),
            ("Previously Canada had sought 12 seats.", "Canada"),
            ("Alleging Iran armed them, he left.", "Iran"),
        ] {
            let a = run(s);
            let named: Vec<&str> = a.facts.iter().map(|(r, _)| &s[r.clone()]).collect();
            assert!(named.contains(&name), "{s}: {named:?}");
            let first = s.split(' ').next().unwrap_or_default();
            assert!(
                !named.iter().any(|n| n.starts_with(first)),
                "{s}: {named:?}"
            );
        }
    }

    #[test]
    fn statistics_promises_advice_and_denials_are_named_as_a_checker_would() {
        for (s, reason) in [
            (
                "Unemployment fell to 4.5 per cent in May, the ministry said.",
                "statistic '4.5 per cent'",
            ),
            (
                "The council spent £65,000 on the new signs.",
                "statistic '£65,000'",
            ),
            (
                "From day one, the president pledged to cut taxes for every family.",
                "pledge 'pledged'",
            ),
            (
                "The new line will carry 40,000 passengers a day.",
                "promise or forecast 'will'",
            ),
            (
                "The WHO recommends that children under two avoid screens entirely.",
                "recommendation 'recommends'",
            ),
            (
                "The ministry denied that soldiers had crossed the border.",
                "denial 'denied'",
            ),
            (
                "Radar data showed no indication of the flight.",
                "negation 'no'",
            ),
            (
                "He had previously worked as a teacher in Leeds.",
                "lowered: background 'previously'",
            ),
        ] {
            let reasons = run(s).reasons.to_vec();
            assert!(reasons.iter().any(|r| r == reason), "{s}: {reasons:?}");
        }
        // Inside a quotation "previously" is the speaker's, not the article's background.
        let quoted = run("\"We had previously warned them,\" she said.")
            .reasons
            .to_vec();
        assert!(
            !quoted.iter().any(|r| r.contains("background")),
            "{quoted:?}"
        );
        // A number of things is not a statistic.
        let count = run("Police arrested 12 people in Paris on Monday.")
            .reasons
            .to_vec();
        assert!(count.iter().any(|r| r == "number '12'"), "{count:?}");
    }

    #[test]
    fn questions_hedges_and_the_writers_voice_score_low() {
        let central = run("Police arrested 12 people in Paris on Monday.").score;
        assert!(central >= 0.6, "{central}");
        for s in [
            "Why did she so badly want to attend?",
            "Perhaps they had learned an important lesson from the exhibit.",
            "We might even call these snap shots the self selfie.",
            "Tuesday, January 28, 2014",
            "By Jane Doe",
        ] {
            let a = run(s);
            assert!(a.score < 0.25, "{s}: {}", a.score);
        }
    }
}
