//! Check-worthiness of one sentence: the facts in it, the kinds of claim it makes, and why.
//!
//! Explainable rules over the sentence's words: each signal adds to the score and leaves a
//! reason a checker can read ("number '28,000'", "superlative 'first time in history'").
//! Specific anchors (numbers, dates, names) and claim shapes (events, attributions,
//! comparisons, causes, rules) raise it; questions, hedges, opinion, the writer addressing the
//! reader, datelines and bylines lower it.

use super::lexicon::{self, flag, FnvSet};
use crate::document::BlockKind;
use crate::model::{ClaimKind, FactKind};
use std::ops::Range;

/// What the rules found in one sentence.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Assessment {
    pub score: f32,
    pub kinds: Vec<ClaimKind>,
    pub reasons: Vec<String>,
    pub facts: Vec<(Range<usize>, FactKind)>,
}

#[derive(Debug, Clone, Copy, Default)]
struct Token {
    start: usize,
    end: usize,
    flags: u64,
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

/// Reusable buffers, so assessing a sentence allocates only its own results.
#[derive(Default)]
pub struct Scratch {
    tokens: Vec<Token>,
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

/// Assesses `text[range]`, a sentence of a block of `kind`. `quote_open` says whether a
/// quotation opened in an earlier sentence of the block is still open; it is updated.
pub fn assess(
    text: &str,
    range: Range<usize>,
    kind: BlockKind,
    quote_open: &mut bool,
    scratch: &mut Scratch,
    names: &FnvSet<&str>,
) -> Assessment {
    let sentence = &text[range.clone()];
    let started_in_quote = *quote_open;
    tokenize(text, range.clone(), quote_open, &mut scratch.tokens);
    let toks = &scratch.tokens;
    let mut a = Assessment::default();
    if toks.is_empty() {
        return a;
    }
    let mut raw = 0.0f32;
    let mut add = |a: &mut Assessment, k: ClaimKind, weight: f32, reason: String| {
        raw += weight;
        if !a.kinds.contains(&k) {
            a.kinds.push(k);
        }
        a.reasons.push(reason);
    };
    let word = |t: &Token| &text[t.start..t.end];
    let lower_is = |t: &Token, s: &str| text[t.start..t.end].eq_ignore_ascii_case(s);

    // Lines that only frame the article: datelines, bylines, timestamps.
    if is_frame_line(text, sentence, toks, kind) {
        a.score = 0.05;
        return a;
    }

    // Dates (before numbers, so a year is not counted as a quantity).
    let mut toks_mut = std::mem::take(&mut scratch.tokens);
    let dates = find_dates(text, &mut toks_mut);
    scratch.tokens = toks_mut;
    let toks = &scratch.tokens;
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
    for (r, specific) in &dates {
        a.facts.push((r.clone(), FactKind::Date));
        let base = if *specific { w::DATE } else { w::REL_DATE };
        date_weight = date_weight.max(base * qw(r.start));
        if *specific {
            specific_date.get_or_insert_with(|| text[r.clone()].to_string());
        } else {
            relative_date.get_or_insert_with(|| text[r.clone()].to_string());
        }
    }

    // Numbers and quantities.
    let numbers = find_numbers(text, toks);
    if !numbers.is_empty() {
        let mut reason = String::from(if numbers.len() > 1 {
            "numbers "
        } else {
            "number "
        });
        for (k, r) in numbers.iter().take(3).enumerate() {
            if k > 0 {
                reason.push_str(", ");
            }
            reason.push('\'');
            reason.push_str(&text[r.clone()]);
            reason.push('\'');
        }
        let weight = numbers
            .iter()
            .map(|r| w::NUMBER * qw(r.start))
            .fold(0.0, f32::max);
        add(&mut a, ClaimKind::Number, weight, reason);
    }
    for r in &numbers {
        a.facts.push((r.clone(), FactKind::Number));
    }
    if let Some(d) = specific_date.or(relative_date) {
        add(&mut a, ClaimKind::Date, date_weight, format!("date '{d}'"));
    }

    // Direct quotation.
    let quotes = find_quotes(text, range.clone());
    let whole_quoted = started_in_quote || toks.iter().all(|t| t.quoted);
    let speech_quote = quotes
        .iter()
        .any(|r| text[r.clone()].split_whitespace().count() >= 3);
    if speech_quote || whole_quoted {
        add(
            &mut a,
            ClaimKind::Quote,
            w::QUOTE,
            if whole_quoted && !speech_quote {
                "part of a direct quotation".to_string()
            } else {
                "direct quotation".to_string()
            },
        );
    }
    for r in quotes {
        if text[r.clone()].split_whitespace().count() >= 3 {
            a.facts.push((r, FactKind::Quote));
        }
    }

    // Named people, organisations and places.
    let heading = matches!(kind, BlockKind::Title | BlockKind::Heading);
    let entities = find_entities(text, toks, heading, names);
    let mut named = 0;
    let mut named_weight = 0.0f32;
    for (r, fk) in &entities {
        if let Some(fk) = fk {
            a.facts.push((r.clone(), *fk));
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
    if named > 0 {
        let (r, fk) = &entities[0];
        let what = match fk {
            Some(FactKind::Person) => "named person",
            Some(FactKind::Organisation) => "named organisation",
            Some(FactKind::Place) => "place",
            _ => "name",
        };
        let extra = if named > 1 {
            format!(" and {} more", named - 1)
        } else {
            String::new()
        };
        add(
            &mut a,
            ClaimKind::Entity,
            named_weight,
            format!("{what} '{}'{extra}", &text[r.clone()]),
        );
    }

    // Attribution: who said or reported it.
    let mut attribution = None;
    for (i, t) in toks.iter().enumerate() {
        if t.quoted || t.flags & flag::SPEECH == 0 || t.cap && i > 0 {
            continue;
        }
        if lower_is(t, "according") {
            if toks.get(i + 1).is_some_and(|n| lower_is(n, "to")) {
                attribution = Some("according to".to_string());
                break;
            }
            continue;
        }
        if lower_is(t, "read") || lower_is(t, "calls") || lower_is(t, "called") {
            continue;
        }
        attribution.get_or_insert_with(|| word(t).to_string());
    }
    if let Some(v) = attribution {
        if named > 0 || speech_quote || whole_quoted || has_pronoun_subject(text, toks) {
            add(
                &mut a,
                ClaimKind::Attribution,
                w::ATTRIBUTION,
                format!("attribution '{v}'"),
            );
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
        if f & flag::EVENT_VERB != 0 && f & flag::SPEECH == 0 || lower_is(t, "announced") {
            if strong.is_some_and(|s: usize| toks[s].quoted) && !t.quoted {
                strong = Some(i);
            }
            strong.get_or_insert(i);
        } else if f & flag::EVENT_NOUN != 0
            || (f & flag::PAST != 0 && f & flag::SPEECH == 0 && !is_copula(word(t)))
            || is_regular_past(word(t), f)
        {
            weak.get_or_insert(i);
        }
    }
    if let Some(i) = strong {
        add(
            &mut a,
            ClaimKind::Event,
            w::EVENT * qw(toks[i].start),
            format!("event '{}'", word(&toks[i])),
        );
    } else if let Some(i) = weak {
        add(
            &mut a,
            ClaimKind::Event,
            w::EVENT_WEAK * qw(toks[i].start),
            format!("event '{}'", word(&toks[i])),
        );
    }

    // Comparisons, superlatives and records.
    if let Some((weight, reason, at)) = find_comparison(text, toks) {
        add(&mut a, ClaimKind::Comparison, weight * qw(at), reason);
    }

    // Causes stated as fact.
    if let Some((reason, at)) = find_causal(text, toks) {
        add(&mut a, ClaimKind::Causal, w::CAUSAL * qw(at), reason);
    }

    // Laws, rules, official decisions.
    let mut policy = toks
        .iter()
        .filter(|t| t.flags & flag::POLICY != 0 && !(t.cap && t.flags & flag::ORG_WORD != 0));
    if let Some(t) = policy.next() {
        let more = policy.next().is_some();
        add(
            &mut a,
            ClaimKind::Policy,
            (w::POLICY + if more { w::POLICY_MORE } else { 0.0 }) * qw(t.start),
            format!("policy/legal '{}'", word(t)),
        );
    }

    // What lowers it.
    let mut penalty = 0.0f32;
    // Reasons that lowered the score, listed after the ones that raised it.
    let lowered = &mut a.reasons;
    let outside = || toks.iter().filter(|t| !t.quoted);
    let hedges =
        outside().filter(|t| t.flags & flag::HEDGE != 0 || (word(t) == "may" && !t.date_part));
    for t in hedges.take(2) {
        let modal = matches!(word(t), "could" | "may" | "might");
        penalty += if modal { w::MODAL_HEDGE } else { w::HEDGE };
        lowered.push(format!("lowered: hedged '{}'", word(t)));
    }
    let opinion = toks.iter().find(|t| t.flags & flag::OPINION != 0);
    if let Some(t) = opinion {
        penalty += if t.quoted {
            w::OPINION / 3.0
        } else {
            w::OPINION
        };
        lowered.push(format!("lowered: opinion '{}'", word(t)));
    }
    let reader = outside().find(|t| {
        t.flags & flag::FIRST_PERSON != 0 && !t.cap
            || (word(t) == "We" || word(t) == "Our" || word(t) == "You" || word(t) == "Your")
    });
    if let Some(t) = reader {
        penalty += w::READER;
        lowered.push(format!("lowered: writer's voice '{}'", word(t)));
    }
    if outside().any(|t| t.flags & flag::NEWSROOM != 0 && !t.cap) {
        penalty += w::NEWSROOM;
        lowered.push("lowered: about the reporting itself".to_string());
    }
    let anchored = !numbers.is_empty() || !dates.is_empty() || named > 0;
    if outside().any(|t| lower_is(t, "can") || lower_is(t, "cannot"))
        && numbers.is_empty()
        && dates.is_empty()
    {
        penalty += w::GENERIC_MODAL;
        lowered.push("lowered: general statement 'can'".to_string());
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
    }
    if question {
        score = score.min(0.15);
        lowered.push("lowered: a question".to_string());
    }
    // Saturate rather than clip, so sentences with many signals still rank among themselves.
    a.score = (1.0 - (-w::SATURATION * score.max(0.0)).exp()).clamp(0.0, 1.0);
    order_kinds(&mut a);
    a.facts.sort_by_key(|(r, _)| (r.start, r.end));
    a.facts.dedup_by(|x, y| x.0 == y.0);
    a
}

fn order_kinds(a: &mut Assessment) {
    // Keep the order of discovery, which follows the weights; nothing to do but dedup.
    a.kinds.dedup();
}

fn is_copula(w: &str) -> bool {
    ["was", "were", "had", "did", "thought", "meant"]
        .iter()
        .any(|c| w.eq_ignore_ascii_case(c))
}

/// A regular past tense or participle ("stepped", "donated"), not an adjective in `-ed`.
fn is_regular_past(w: &str, f: u64) -> bool {
    w.len() >= 5
        && w.ends_with("ed")
        && w.bytes().all(|b| b.is_ascii_lowercase())
        && f & (flag::NOT_PAST | flag::SPEECH) == 0
}

fn has_pronoun_subject(text: &str, toks: &[Token]) -> bool {
    toks.iter().take(3).any(|t| {
        matches!(
            &text[t.start..t.end],
            "He" | "She" | "They" | "It" | "he" | "she" | "they" | "officials" | "Officials"
        )
    })
}

fn tokenize(text: &str, range: Range<usize>, quote_open: &mut bool, out: &mut Vec<Token>) {
    out.clear();
    let s = &text[range.clone()];
    let base = range.start;
    let mut pos = 0;
    for chunk in s.split(|c: char| c.is_whitespace()) {
        let chunk_start = pos;
        pos += chunk.len() + 1;
        if chunk.is_empty() {
            continue;
        }
        // Most words are ASCII: look at bytes, not chars (same answers on ASCII).
        let ascii = chunk.is_ascii();
        let lead = if ascii {
            chunk
                .bytes()
                .position(|b| b.is_ascii_alphanumeric() || matches!(b, b'$' | b'#' | b'@'))
        } else {
            chunk
                .char_indices()
                .find(|&(_, c)| c.is_alphanumeric() || matches!(c, '$' | '£' | '€' | '#' | '@'))
                .map(|(i, _)| i)
        };
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
            continue;
        };
        let core_end = if ascii {
            chunk
                .bytes()
                .rposition(|b| b.is_ascii_alphanumeric() || b == b'%')
                .map_or(chunk.len(), |i| i + 1)
        } else {
            chunk
                .char_indices()
                .rev()
                .find(|&(_, c)| c.is_alphanumeric() || c == '%')
                .map(|(i, c)| i + c.len_utf8())
                .unwrap_or(chunk.len())
        };
        let head = &chunk[..lead];
        let tail = &chunk[core_end..];
        let mut opens = false;
        for c in head.chars() {
            match c {
                '“' | '"' => {
                    *quote_open = true;
                    opens = true;
                }
                '(' | '[' | '‘' | '\'' => opens = true,
                _ => {}
            }
        }
        let mut core = &chunk[lead..core_end];
        let quoted = *quote_open;
        let mut breaks_after = false;
        for c in tail.chars() {
            match c {
                '”' | '"' => {
                    *quote_open = false;
                    breaks_after = true;
                }
                ',' | ';' | ':' | ')' | ']' | '—' | '–' | '.' | '?' | '!' => {
                    breaks_after = true
                }
                _ => {}
            }
        }
        // Possessives look up their stem: "Warhol's" → "Warhol".
        let mut core_len = core.len();
        for suffix in ["'s", "’s", "'", "’"] {
            if let Some(stem) = core.strip_suffix(suffix) {
                core_len = stem.len();
                break;
            }
        }
        core = &core[..core_len];
        if core.is_empty() {
            continue;
        }
        let start = base + chunk_start + lead;
        let (cap, acronym) = if ascii {
            let b = core.as_bytes();
            let letters = b.iter().filter(|c| c.is_ascii_alphabetic()).count();
            (
                b[0].is_ascii_uppercase(),
                letters >= 2 && !b.iter().any(u8::is_ascii_lowercase),
            )
        } else {
            let first = core.chars().next().unwrap_or(' ');
            let letters = core.chars().filter(|c| c.is_alphabetic()).count();
            (
                first.is_uppercase(),
                letters >= 2 && !core.chars().any(char::is_lowercase),
            )
        };
        out.push(Token {
            start,
            end: start + core.len(),
            flags: lexicon::flags(core),
            cap,
            acronym,
            digit: core.bytes().any(|b| b.is_ascii_digit()),
            quoted,
            opens,
            breaks_after,
            date_part: false,
        });
    }
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
    if toks.first().is_some_and(|t| &text[t.start..t.end] == "By")
        && toks.len() <= 8
        && toks[1..].iter().all(|t| {
            t.cap
                || t.flags & flag::NAME_JOINER != 0
                || lexicon::has(&text[t.start..t.end], flag::STARTER)
        })
    {
        return true;
    }
    let datey = toks.iter().all(|t| {
        t.digit || t.flags & (flag::MONTH | flag::WEEKDAY) != 0 || {
            let w = &text[t.start..t.end];
            w.eq_ignore_ascii_case("am") || w.eq_ignore_ascii_case("pm") || w == "at"
        }
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
fn find_dates(text: &str, toks: &mut [Token]) -> Vec<(Range<usize>, bool)> {
    let mut out: Vec<(Range<usize>, bool)> = Vec::new();
    let n = toks.len();
    let mut i = 0;
    while i < n {
        let t = toks[i];
        let w = &text[t.start..t.end];
        let f = t.flags;
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
        } else if ["last", "next", "past", "this"]
            .iter()
            .any(|x| w.eq_ignore_ascii_case(x))
            && toks
                .get(i + 1)
                .is_some_and(|x| x.flags & flag::PERIOD != 0 && !x.cap)
        {
            let mut s = i;
            if i > 0 && text[toks[i - 1].start..toks[i - 1].end].eq_ignore_ascii_case("this") {
                s = i - 1;
            }
            out.push((toks[s].start..toks[i + 1].end, false));
            i += 2;
            continue;
        }
        i += 1;
    }
    out
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
fn find_numbers(text: &str, toks: &[Token]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        let t = &toks[i];
        let w = &text[t.start..t.end];
        let is_num = !t.date_part
            && (t.digit && !is_identifier(w) || t.flags & flag::NUMBER_WORD != 0 && !t.cap);
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
    out
}

/// Codes such as "STS-135", "COVID-19", "@handle", "pic.twitter.com/x": not quantities.
fn is_identifier(w: &str) -> bool {
    w.starts_with(['@', '#'])
        || w.contains('/')
        || w.contains('.') && w.chars().any(char::is_alphabetic)
        || (w.chars().any(|c| c.is_ascii_uppercase()) && w.contains('-'))
}

/// Spans of direct quotations inside the sentence (between double quotes).
fn find_quotes(text: &str, range: Range<usize>) -> Vec<Range<usize>> {
    let s = &text[range.clone()];
    let mut out = Vec::new();
    let mut open: Option<usize> = None;
    for (i, c) in s.char_indices() {
        match c {
            '“' => open = Some(i + c.len_utf8()),
            '”' => {
                if let Some(o) = open.take() {
                    out.push(range.start + o..range.start + i);
                }
            }
            '"' => match open.take() {
                Some(o) => out.push(range.start + o..range.start + i),
                None => open = Some(i + 1),
            },
            _ => {}
        }
    }
    out.retain(|r| r.end > r.start);
    out
}

/// Runs of capitalised words: people, organisations, places. `None` kind = a name of
/// unknown sort (still counts as a named thing).
fn find_entities(
    text: &str,
    toks: &[Token],
    heading: bool,
    names: &FnvSet<&str>,
) -> Vec<(Range<usize>, Option<FactKind>)> {
    let word = |t: &Token| &text[t.start..t.end];
    let title_case = heading && {
        let long: Vec<&Token> = toks.iter().filter(|t| t.end - t.start >= 4).collect();
        !long.is_empty() && long.iter().filter(|t| t.cap).count() * 10 >= long.len() * 6
    };
    let is_name_word = |i: usize| -> bool {
        let t = &toks[i];
        if !t.cap || t.date_part || t.digit {
            return false;
        }
        let w = word(t);
        if w == "I" || t.flags & (flag::MONTH | flag::WEEKDAY) != 0 {
            return false;
        }
        let initial = i == 0 || t.opens && toks[i - 1].breaks_after;
        if (initial || t.opens)
            && t.flags & (flag::STARTER | flag::HEDGE | flag::OPINION | flag::FIRST_PERSON) != 0
        {
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
            && !names.contains(w)
        {
            return false;
        }
        if title_case {
            return t.acronym || t.flags & (flag::PLACE | flag::ORG) != 0;
        }
        true
    };
    let mut out = Vec::new();
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
        let single = s == e;
        let w0 = word(&toks[s]);
        // A lone capitalised adjective of nationality ("Korean", "American") is not a name.
        let demonym = single
            && toks[s].flags & (flag::PLACE | flag::ORG) == 0
            && ["an", "ese", "ish", "ian"].iter().any(|x| w0.ends_with(x))
            && toks.get(s + 1).is_some_and(|n| !n.cap);
        if !demonym {
            out.push((toks[s].start..toks[e].end, kind));
        }
        i = e + 1;
    }
    out
}

fn classify_entity(text: &str, toks: &[Token], s: usize, e: usize) -> Option<FactKind> {
    let span = &toks[s..=e];
    if span
        .iter()
        .any(|t| t.flags & (flag::ORG_WORD | flag::ORG) != 0 || t.acronym)
    {
        return Some(FactKind::Organisation);
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

fn find_comparison(text: &str, toks: &[Token]) -> Option<(f32, String, usize)> {
    let word = |t: &Token| &text[t.start..t.end];
    let lw = |i: usize| {
        toks.get(i)
            .map(|t| word(t).to_ascii_lowercase())
            .unwrap_or_default()
    };
    for (i, t) in toks.iter().enumerate() {
        if t.cap && i > 0 {
            continue;
        }
        let f = t.flags;
        if f & (flag::SUPERLATIVE | flag::RECORD | flag::COMPARATIVE) == 0 {
            continue;
        }
        let w = lw(i);
        if f & flag::SUPERLATIVE != 0 {
            // "last month" is a date, not a superlative.
            if w == "last" && toks.get(i + 1).is_some_and(|n| n.flags & flag::PERIOD != 0) {
                continue;
            }
            let mut j = i;
            while j + 1 < toks.len()
                && matches!(
                    lw(j + 1).as_str(),
                    "time" | "ever" | "in" | "history" | "on" | "record"
                )
                && !toks[j].breaks_after
            {
                j += 1;
            }
            while j > i && matches!(lw(j).as_str(), "in" | "on") {
                j -= 1;
            }
            let phrase = &text[t.start..toks[j].end];
            let label = if f & flag::RECORD != 0 {
                "record"
            } else {
                "superlative"
            };
            return Some((w::RECORD, format!("{label} '{phrase}'"), t.start));
        }
        if f & flag::RECORD != 0 {
            let phrase = if w == "history" && i > 0 && lw(i - 1) == "in" {
                &text[toks[i - 1].start..t.end]
            } else {
                word(t)
            };
            if w != "history" || phrase.contains(' ') {
                return Some((w::RECORD, format!("record '{phrase}'"), t.start));
            }
        }
        if f & flag::COMPARATIVE != 0 {
            let direct = matches!(
                w.as_str(),
                "than"
                    | "compared"
                    | "versus"
                    | "twice"
                    | "double"
                    | "doubled"
                    | "tripled"
                    | "halved"
                    | "outnumbered"
                    | "surpassed"
                    | "exceeded"
                    | "exceeds"
                    | "coincided"
            );
            let then_than = (i + 1..(i + 5).min(toks.len()))
                .any(|k| text[toks[k].start..toks[k].end].eq_ignore_ascii_case("than"));
            let then_number = toks.get(i + 1).is_some_and(|n| n.digit)
                || (lw(i + 1) == "than" && toks.get(i + 2).is_some_and(|n| n.digit));
            if direct || then_than || then_number {
                let phrase = if then_than && !direct {
                    let k = (i + 1..toks.len()).find(|&k| lw(k) == "than").unwrap_or(i);
                    text[t.start..toks[k].end].to_string()
                } else {
                    word(t).to_string()
                };
                return Some((w::COMPARISON, format!("comparison '{phrase}'"), t.start));
            }
        }
    }
    None
}

fn find_causal(text: &str, toks: &[Token]) -> Option<(String, usize)> {
    let word = |t: &Token| &text[t.start..t.end];
    let lw = |i: usize| {
        toks.get(i)
            .map(|t| word(t).to_ascii_lowercase())
            .unwrap_or_default()
    };
    for (i, t) in toks.iter().enumerate() {
        if t.flags & flag::CAUSAL == 0 || t.cap && i > 0 {
            continue;
        }
        let w = lw(i);
        let phrase = match w.as_str() {
            "due" | "thanks" | "owing" | "attributed" if lw(i + 1) == "to" => format!("{w} to"),
            "led" | "leads" if lw(i + 1) == "to" => format!("{w} to"),
            "result" if i > 1 && lw(i - 1) == "a" && lw(i - 2) == "as" => "as a result".into(),
            "resulted" | "results" if lw(i + 1) == "in" => format!("{w} in"),
            "because" | "caused" | "causes" | "causing" | "blamed" | "blames" | "triggered"
            | "triggers" | "drove" | "drives" | "prompted" | "prompts" | "fueled" | "fuelled"
            | "consequently" | "therefore" => w.clone(),
            _ => continue,
        };
        return Some((format!("causal '{phrase}'"), t.start));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(s: &str) -> Assessment {
        let mut q = false;
        let names = super::super::mid_sentence_names(s);
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
        assert!(run(s).kinds.contains(&ClaimKind::Number));
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
        assert!(a.kinds.contains(&ClaimKind::Quote));
        assert!(a.kinds.contains(&ClaimKind::Attribution));
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
            assert!(a.kinds.contains(&k), "{k:?} missing in {:?}", a.kinds);
        }
        assert!(a.reasons.iter().any(|r| r == "causal 'because'"));
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
