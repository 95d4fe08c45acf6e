//! What the claim scorer sees of a sentence: the rule signals as named dense features, and its
//! words as hashed lexical features (unigrams, bigrams and the first word).
//!
//! Words are generalised before hashing so the model learns how claims are said, not which
//! article they came from: a word with a digit is `<num>`, a capitalised word after the first
//! is `<cap>` (an all-capitals one `<acr>`). Hashing is FNV-1a over the lower-cased bytes, so
//! scoring a sentence allocates nothing.

/// Bits of the lexical hash space: 2^17 buckets.
pub const LEX_BITS: u32 = 17;
pub const LEX_SIZE: usize = 1 << LEX_BITS;

/// The dense features by index. Each has a name for the weights report and a reason.
pub mod f {
    pub const BIAS: usize = 0;
    /// The hand-weighted rule score of earlier versions, kept as one signal among many.
    pub const RULE: usize = 1;
    pub const NUMBER: usize = 2;
    pub const NUMBER_QUOTED: usize = 3;
    /// A quantity written in words only ("almost half", "dozens").
    pub const QUANTITY_WORDS: usize = 4;
    pub const DATE: usize = 5;
    pub const DATE_RELATIVE: usize = 6;
    pub const DATE_QUOTED: usize = 7;
    pub const SPEECH_QUOTE: usize = 8;
    pub const QUOTE_CONTINUED: usize = 9;
    pub const NAMED: usize = 10;
    pub const NAMED_TWO: usize = 11;
    pub const NAMED_FOUR: usize = 12;
    pub const PERSON: usize = 13;
    pub const ORGANISATION: usize = 14;
    pub const PLACE: usize = 15;
    pub const ATTRIBUTION: usize = 16;
    pub const ACCORDING_TO: usize = 17;
    pub const EVENT: usize = 18;
    pub const EVENT_WEAK: usize = 19;
    pub const COMPARISON: usize = 20;
    pub const SUPERLATIVE: usize = 21;
    pub const CAUSAL: usize = 22;
    pub const POLICY: usize = 23;
    pub const HEDGE: usize = 24;
    pub const MODAL_HEDGE: usize = 25;
    pub const OPINION: usize = 26;
    pub const OPINION_QUOTED: usize = 27;
    pub const WRITER: usize = 28;
    pub const NEWSROOM: usize = 29;
    pub const GENERAL_CAN: usize = 30;
    pub const QUESTION: usize = 31;
    pub const FRAME: usize = 32;
    pub const UNANCHORED: usize = 33;
    pub const TITLE: usize = 34;
    pub const HEADING: usize = 35;
    pub const QUOTE_BLOCK: usize = 36;
    pub const LIST_ITEM: usize = 37;
    pub const OTHER_BLOCK: usize = 38;
    pub const SHORT: usize = 39;
    pub const LONG: usize = 40;
    pub const LOG_LENGTH: usize = 41;
    /// Training only: the sentence comes from debate transcripts, not news prose.
    pub const DEBATE: usize = 42;
    /// In the first fifth of the article's text (news puts its main facts first).
    pub const EARLY: usize = 43;
    /// In the last fifth.
    pub const LATE: usize = 44;
    /// The article's lead: its first sentence of six words or more.
    pub const LEAD: usize = 45;
    /// The first sentence of its paragraph.
    pub const PARA_FIRST: usize = 46;
    /// Share of the sentence's content words found in the headline.
    pub const TITLE_OVERLAP: usize = 47;
    /// Share of its content words found in the lead.
    pub const LEAD_OVERLAP: usize = 48;
    /// A record: "first time", "highest on record", "in history".
    pub const RECORD: usize = 49;
    /// A number that is a share or a sum of money ("45 per cent", "£65,000").
    pub const STATISTIC: usize = 50;
    /// What will happen or is promised ("will", "pledged").
    pub const FUTURE: usize = 51;
    /// A negation or denial ("no indication", "denied").
    pub const NEGATION: usize = 52;
    /// Advice or a call ("recommends", "urged").
    pub const RECOMMEND: usize = 53;
    /// A word that sets the sentence in the story's past ("previously", "since", "ago").
    pub const BACKGROUND: usize = 54;
    pub const COUNT: usize = 55;
}

/// Names of the dense features, for the training report.
pub const DENSE_NAMES: [&str; f::COUNT] = [
    "bias",
    "rule score",
    "number",
    "number in a quotation",
    "quantity in words",
    "date",
    "relative date",
    "date in a quotation",
    "direct quotation",
    "quotation continued",
    "a name",
    "two names or more",
    "four names or more",
    "named person",
    "named organisation",
    "place",
    "attribution",
    "according to",
    "event",
    "weak event",
    "comparison",
    "superlative or record",
    "causal",
    "policy/legal",
    "hedge",
    "modal hedge",
    "opinion",
    "opinion in a quotation",
    "writer's voice",
    "about the reporting",
    "general 'can'",
    "question",
    "frame line",
    "nothing specific",
    "headline",
    "heading",
    "quotation block",
    "list item",
    "other block",
    "short",
    "long",
    "log length",
    "debate",
    "early in the article",
    "late in the article",
    "the article's lead",
    "first in its paragraph",
    "on the headline's subject",
    "on the lead's subject",
    "record",
    "statistic",
    "future or pledge",
    "negation",
    "recommendation",
    "background",
];

/// One sentence's features: dense values and the buckets of its lexical features (a bucket
/// may repeat; each occurrence counts once).
#[derive(Debug, Clone)]
pub struct Features {
    pub dense: [f32; f::COUNT],
    pub lex: Vec<u32>,
    /// [`word_hash`] of each word that is not a number, in order: the static word vectors'
    /// keys (see `scorer::Weights::words`).
    pub words: Vec<u32>,
    /// Where the sentence's block starts, as a share of the article's text (set by the caller
    /// before scoring; kept across [`Features::clear`]).
    pub position: f32,
    /// Byte offset of the sentence's block (set by the caller, kept across clear).
    pub block_start: usize,
    /// The article's headline and lead (set by the caller, kept across clear).
    pub context: std::sync::Arc<super::context::DocContext>,
}

impl Default for Features {
    fn default() -> Self {
        Features {
            dense: [0.0; f::COUNT],
            lex: Vec::new(),
            words: Vec::new(),
            position: 0.5,
            block_start: 0,
            context: std::sync::Arc::default(),
        }
    }
}

impl Features {
    pub fn clear(&mut self) {
        self.dense = [0.0; f::COUNT];
        self.dense[f::BIAS] = 1.0;
        self.dense[f::EARLY] = f32::from(u8::from(self.position < 0.2));
        self.dense[f::LATE] = f32::from(u8::from(self.position > 0.8));
        self.lex.clear();
        self.words.clear();
    }

    /// Places the sentences that follow in the block starting at byte `start` of an article
    /// `text_len` bytes long.
    pub fn enter_block(&mut self, start: usize, text_len: usize) {
        self.position = start as f32 / text_len.max(1) as f32;
        self.block_start = start;
    }

    /// Sets the features that place `sentence`, starting at byte `start`, in its article.
    pub fn place(&mut self, start: usize, sentence: &str) {
        let ctx = &self.context;
        // The headline itself has its own feature: counting its overlap with itself too
        // would weigh it twice.
        let (mut title, lead) = ctx.overlaps(sentence);
        if start == ctx.title_start {
            title = 0.0;
        }
        self.dense[f::LEAD] = f32::from(u8::from(start == ctx.lead_start));
        self.dense[f::PARA_FIRST] = f32::from(u8::from(start == self.block_start));
        self.dense[f::TITLE_OVERLAP] = title;
        self.dense[f::LEAD_OVERLAP] = lead;
    }
}

/// The key of a word in the static word vectors: FNV-1a of its lower-cased bytes.
pub fn word_hash(word: &str) -> u32 {
    fnv(FNV_OFFSET, word.as_bytes())
}

const FNV_OFFSET: u32 = 0x811c_9dc5;
const FNV_PRIME: u32 = 0x0100_0193;

fn fnv(mut h: u32, bytes: &[u8]) -> u32 {
    for &b in bytes {
        h ^= u32::from(b.to_ascii_lowercase());
        h = h.wrapping_mul(FNV_PRIME);
    }
    h
}

/// A word as the lexical features see it.
#[derive(Clone, Copy)]
pub enum Shape<'t> {
    Word(&'t str),
    Number,
    Capitalised,
    Acronym,
}

impl Shape<'_> {
    pub fn hash(self) -> u32 {
        match self {
            Shape::Word(w) => fnv(FNV_OFFSET, w.as_bytes()),
            Shape::Number => fnv(FNV_OFFSET, b"<num>"),
            Shape::Capitalised => fnv(FNV_OFFSET, b"<cap>"),
            Shape::Acronym => fnv(FNV_OFFSET, b"<acr>"),
        }
    }

    /// How a reason shows the word.
    pub fn text(self) -> Option<&'static str> {
        match self {
            Shape::Word(_) => None,
            Shape::Number => Some("a number"),
            Shape::Capitalised => Some("a name"),
            Shape::Acronym => Some("an acronym"),
        }
    }
}

fn bucket(h: u32) -> u32 {
    // Mix the high bits in: FNV's low bits alone cluster on short words.
    (h ^ (h >> LEX_BITS)) & (LEX_SIZE as u32 - 1)
}

/// Bucket of a unigram, from the word's [`Shape::hash`] (so each word is hashed once).
pub fn unigram_of(h: u32) -> u32 {
    bucket(h)
}

/// Bucket of a bigram.
pub fn bigram_of(a: u32, b: u32) -> u32 {
    bucket(a.wrapping_mul(0x9e37_79b1) ^ b.rotate_left(7) ^ 0x5bd1_e995)
}

/// Bucket of the sentence's first word (how it opens: "But", "Perhaps", "Police").
fn opener_of(h: u32) -> u32 {
    bucket(h ^ 0x27d4_eb2f)
}

/// Bucket of a word inside a direct quotation: what a speaker says ("we will", "I think")
/// weighs differently from the writer's own words.
fn quoted_of(h: u32) -> u32 {
    bucket(h ^ 0x85eb_ca6b)
}

/// Writes the lexical buckets of a sentence's words, given in order by their
/// [`Shape::hash`]es: the opener, each bigram, each unigram and each word inside a quotation.
#[derive(Default)]
pub struct Lexical {
    prev: Option<u32>,
}

impl Lexical {
    pub fn push(&mut self, h: u32, in_quote: bool, out: &mut Vec<u32>) {
        match self.prev {
            None => out.push(opener_of(h)),
            Some(p) => out.push(bigram_of(p, h)),
        }
        out.push(unigram_of(h));
        if in_quote {
            out.push(quoted_of(h));
        }
        self.prev = Some(h);
    }
}
