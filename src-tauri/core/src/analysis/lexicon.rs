//! Word lists behind the splitter and the claim rules, looked up by lower-cased ASCII word.
//!
//! One table maps a word to a set of flags, so a sentence costs one lookup per word.

use std::collections::HashSet;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::LazyLock;

/// FNV-1a: the keys are short ASCII words; SipHash would dominate the analysis time.
#[derive(Default)]
pub struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for &b in bytes {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

pub type FnvSet<K> = HashSet<K, BuildHasherDefault<Fnv>>;

pub mod flag {
    /// Words that commonly open a sentence (pronouns, determiners, conjunctions, …).
    pub const STARTER: u64 = 1 << 0;
    /// Titles written before a name: never the end of a sentence (`Mr.`, `Sen.`).
    pub const TITLE: u64 = 1 << 1;
    /// Other abbreviations that may end a sentence (`Inc.`, `Jan.`, `etc.`).
    pub const ABBREV: u64 = 1 << 2;
    pub const MONTH: u64 = 1 << 3;
    pub const WEEKDAY: u64 = 1 << 4;
    /// today, yesterday, …
    pub const REL_DATE: u64 = 1 << 5;
    /// week, month, year, … (after last/next/this)
    pub const PERIOD: u64 = 1 << 6;
    pub const NUMBER_WORD: u64 = 1 << 7;
    pub const SCALE: u64 = 1 << 8;
    pub const UNIT: u64 = 1 << 9;
    pub const SPEECH: u64 = 1 << 10;
    pub const EVENT_VERB: u64 = 1 << 11;
    pub const EVENT_NOUN: u64 = 1 << 12;
    pub const SUPERLATIVE: u64 = 1 << 13;
    pub const COMPARATIVE: u64 = 1 << 14;
    pub const CAUSAL: u64 = 1 << 15;
    pub const POLICY: u64 = 1 << 16;
    pub const HEDGE: u64 = 1 << 17;
    pub const OPINION: u64 = 1 << 18;
    /// we, our, you, …: the writer addressing the reader, outside quotes.
    pub const FIRST_PERSON: u64 = 1 << 19;
    pub const PERSON_TITLE: u64 = 1 << 20;
    pub const ORG_WORD: u64 = 1 << 21;
    pub const PLACE_WORD: u64 = 1 << 22;
    pub const PLACE: u64 = 1 << 23;
    /// Past-tense forms that are not regular `-ed` words.
    pub const PAST: u64 = 1 << 24;
    /// `-ed` words that are adjectives more often than events.
    pub const NOT_PAST: u64 = 1 << 25;
    /// Words that connect parts of a name (`of`, `de`, `and` in "Texas A&M and …" is not).
    pub const NAME_JOINER: u64 = 1 << 26;
    pub const MODAL_FUTURE: u64 = 1 << 27;
    pub const ORG: u64 = 1 << 28;
    /// Words about the newsroom's own process (`reporters`, `readers`, `subscribe`).
    pub const NEWSROOM: u64 = 1 << 29;
    pub const RECORD: u64 = 1 << 30;
    /// Days/months that are also ordinary words: a date only next to a number.
    pub const WEAK_DATE: u64 = 1 << 31;
    /// Units that make a number a statistic: a share or a sum of money.
    pub const STAT_UNIT: u64 = 1 << 32;
    /// Verbs of commitment: a pledge is a claim the checker can hold someone to.
    pub const PLEDGE: u64 = 1 << 33;
    /// Negations and denials.
    pub const NEGATION: u64 = 1 << 34;
    /// Advice of institutions: a recommendation is a checkable position.
    pub const RECOMMEND: u64 = 1 << 35;
    /// Words that set a sentence in the story's past: background, not the news.
    pub const BACKGROUND: u64 = 1 << 36;
    /// Ordinary words that may open a sentence right before a name ("Unlike Itokawa, …"):
    /// never the name's first word.
    pub const OPENER: u64 = 1 << 37;
}

use flag::*;

const TABLE: &[(u64, &str)] = &[
    (
        STARTER,
        "the a an this that these those it its he she they we i you his her their our my your \
         there here then now but and so yet or nor however in on at as if when while after before \
         since although though because how what why where who whom whose which did does do is are \
         was were will would can could should may might must has have had not no only even both \
         each every all some many most much more few several one two three for from to with by of \
         during despite according also still meanwhile instead indeed further furthermore \
         moreover thus therefore hence later earlier today yesterday tomorrow last next such \
         once until unless whether let please just another other any none neither either nothing \
         everyone everybody someone something nobody officials police",
    ),
    (
        TITLE,
        "mr mrs ms messrs dr prof sen sens rep reps gov gen lt col maj capt cmdr adm sgt cpl pvt \
         rev fr st mt hon pres supt insp det atty amb sec treas ft brig gens",
    ),
    (
        ABBREV,
        "inc co corp ltd llc plc jr sr bros etc vs v no nos jan feb mar apr jun jul aug sep sept \
         oct nov dec est approx dept univ assn ave blvd rd hwy p pp vol vols fig figs ch chap art \
         sec ed eds al cf ca op intl natl govt mins hrs yrs",
    ),
    (
        MONTH,
        "january february march april june july august september october november december jan \
         feb mar apr jun jul aug sep sept oct nov dec",
    ),
    (WEAK_DATE, "may march"),
    (
        WEEKDAY,
        "monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs \
         fri sat sun",
    ),
    (
        REL_DATE,
        "today yesterday tomorrow tonight overnight weekend",
    ),
    (
        PERIOD,
        "week weeks month months year years summer winter spring autumn fall decade decades \
         century quarter season night morning afternoon evening",
    ),
    (
        NUMBER_WORD,
        "two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen \
         sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety \
         hundred hundreds thousand thousands dozen dozens million billion trillion",
    ),
    (
        SCALE,
        "hundred thousand million millions billion billions trillion trillions percent \
         per cent percentage",
    ),
    (
        UNIT,
        "people persons dollars euros pounds yen yuan rupees km kilometres kilometers miles mph \
         kg tonnes tons pounds acres hectares degrees votes seats troops soldiers deaths \
         casualties victims cases residents students workers jobs homes barrels visitors \
         migrants refugees pages questions years days hours minutes seconds months weeks",
    ),
    (
        SPEECH,
        "said says say told tells tell stated states added adds announced announces claimed \
         claims explained explains noted notes wrote writes tweeted posted reported reports \
         confirmed confirms denied denies insisted insists argued argues warned warns cited \
         cites quoted quotes reads read according testified acknowledged admitted admits \
         alleged alleges asserted disclosed revealed reveals estimated estimates predicted \
         observed observes recalled declared declares pointed stressed emphasized emphasised \
         urged replied responded commented described describes called calls accused accuses \
         defended",
    ),
    (
        EVENT_VERB,
        "announced launched held killed died dies won lost signed approved arrested charged \
         elected met visited opened closed released filed voted passed retired exploded \
         crashed attacked invaded resigned fired hired appointed sentenced convicted acquitted \
         ruled banned blocked raised cut increased decreased rose fell grew dropped doubled \
         tripled declined jumped surged plunged sold bought acquired merged founded established \
         created built destroyed damaged injured wounded rescued evacuated struck hit seized \
         captured freed deported detained sued settled agreed rejected vetoed enacted \
         introduced published completed began started ended finished donated received \
         awarded celebrated commemorated relocated disintegrated sent deployed withdrew \
         invested spent paid earned lifted landed collapsed erupted flooded burned \
         discovered found leaked recorded broke beat defeated shot stabbed murdered \
         kidnapped escaped imposed lifted overturned upheld dismissed suspended scrapped \
         cancelled canceled postponed delayed confirmed marked seeded hosted issued",
    ),
    (
        EVENT_NOUN,
        "meeting meetings summit talks election elections vote referendum attack attacks strike \
         strikes war invasion crash explosion blast fire earthquake flood storm hurricane \
         protest protests ceremony visit launch trial verdict conference agreement treaty \
         deal ceasefire shooting bombing arrest resignation merger acquisition announcement \
         exhibit exhibition opening donation donations anniversary mission flight landing \
         retirement decision ruling sanctions negotiations statement",
    ),
    (
        SUPERLATIVE,
        "first last largest biggest smallest highest lowest most least best worst oldest \
         youngest longest shortest fastest slowest greatest deadliest costliest richest \
         poorest unprecedented record",
    ),
    (
        COMPARATIVE,
        "more less fewer larger bigger smaller higher lower greater better worse older younger \
         longer shorter faster slower than compared versus twice double doubled tripled \
         halved outnumber outnumbered surpassed exceeded exceeds coincided",
    ),
    (RECORD, "record unprecedented history ever"),
    (
        CAUSAL,
        "because caused causes causing due result resulted results led leads blamed blames \
         triggered triggers drove drives prompted prompts fueled fuelled therefore consequently \
         thanks owing attributed",
    ),
    (
        POLICY,
        "law laws bill bills act legislation rule rules regulation regulations policy policies \
         ban banned banning sanctions court courts judge judges ruled illegal illegally legal \
         lawful unlawful required requires require requirement mandatory mandate tax taxes \
         tariff tariffs fine fines fined government ministry office treaty constitution \
         constitutional statute amendment decree order ordered executive parliament congress \
         senate budget scheme program programme process interview questionnaire asylum visa \
         license licence permit prohibited allowed permitted eligible stipulation deadline \
         guidelines directive legislature regulator agency plan plans proposal proposed \
         offering offer relocated relocate display must",
    ),
    (
        HEDGE,
        "perhaps maybe might possibly probably likely unlikely seemingly apparently seems seem \
         seemed appears appear presumably supposedly allegedly could rumored rumoured \
         speculated speculation hopefully possible",
    ),
    (
        OPINION,
        "think thinks believe believes feel feels opinion should ought hope hopes wish \
         beautiful wonderful amazing terrible awful great greatest brilliant disgraceful \
         shameful ridiculous absurd outrageous favorite favourite love loved \
         hate hated",
    ),
    (
        FIRST_PERSON,
        "we our ours us you your yours ourselves yourself i me my",
    ),
    (
        PERSON_TITLE,
        "president senator sen governor gov mayor minister secretary chancellor premier king \
         queen prince princess pope ambassador general gen judge justice chairman chairwoman \
         chair ceo director professor prof dr mr mrs ms rep representative congressman \
         congresswoman councillor councilman spokesman spokeswoman spokesperson administrator \
         commissioner chief officer sheriff detective lieutenant captain colonel sergeant \
         admiral leader curator author singer actor actress musician photographer designer \
         campaigner barrister lawyer attorney founder instructor coach player treasurer \
         president-elect",
    ),
    (
        ORG_WORD,
        "university college school museum gallery office department agency council company \
         corporation corp inc ltd llc plc party foundation center centre ministry commission \
         committee court bank institute institution association union group program programme \
         network hospital service bureau board authority federation organization organisation \
         administration government house cross army navy force police club league team times \
         news post journal herald tribune gazette press magazine television radio channel \
         planetarium complex facility laboratory lab fund trust society church airlines \
         airport station nations assembly parliament senate congress international daily \
         mail guardian",
    ),
    (
        PLACE_WORD,
        "city county province state street avenue road island islands river lake mountain \
         mountains valley bay coast border region district square park peninsula sea ocean \
         gulf strait airport harbour harbor port states kingdom arabia emirates mount east",
    ),
    (
        ORG,
        "nasa fbi cia nsa un nato eu who imf opec bbc cnn nbc abc cbs fox reuters ap afp \
         pentagon kremlin congress senate parliament microsoft google apple amazon meta \
         facebook twitter tesla usi jsc ksc unhcr unicef wto sky labour conservatives \
         republicans democrats gop xinhua yonhap kyodo interfax bloomberg amnesty",
    ),
    (
        OPENER,
        "unlike like per sometimes previously currently recently initially originally \
         eventually finally additionally alternatively consequently similarly likewise \
         nevertheless nonetheless otherwise besides beyond within without among amid amongst \
         against toward towards upon via regarding concerning following including near except \
         throughout under over above below behind beside between beneath across along around \
         inside outside whereas although though",
    ),
    (
        PLACE,
        "afghanistan albania algeria angola argentina armenia australia austria azerbaijan \
         bahrain bangladesh belarus belgium bolivia bosnia brazil bulgaria cambodia cameroon \
         canada chad chile china colombia congo croatia cuba cyprus czechia denmark ecuador \
         egypt eritrea estonia ethiopia finland france gabon georgia germany ghana greece \
         guatemala haiti honduras hungary iceland india indonesia iran iraq ireland israel \
         italy jamaica japan jordan kazakhstan kenya korea kosovo kuwait laos latvia lebanon \
         libya lithuania luxembourg madagascar malawi malaysia mali malta mexico moldova \
         mongolia montenegro morocco mozambique myanmar namibia nepal netherlands nicaragua \
         niger nigeria norway oman pakistan palestine panama paraguay peru philippines poland \
         portugal qatar romania russia rwanda senegal serbia singapore slovakia slovenia \
         somalia spain sudan sweden switzerland syria taiwan tajikistan tanzania thailand \
         tunisia turkey turkmenistan uganda ukraine uruguay uzbekistan venezuela vietnam yemen \
         zambia zimbabwe britain england scotland wales uk usa america europe asia africa \
         antarctica oceania alabama alaska arizona arkansas california colorado connecticut \
         delaware florida hawaii idaho illinois indiana iowa kansas kentucky louisiana maine \
         maryland massachusetts michigan minnesota mississippi missouri montana nebraska \
         nevada ohio oklahoma oregon pennsylvania tennessee texas utah vermont virginia \
         washington wisconsin wyoming london paris berlin moscow beijing tokyo delhi mumbai \
         seoul pyongyang hanoi kiev kyiv washington chicago houston seattle boston \
         philadelphia atlanta miami dallas denver detroit toronto montreal vancouver sydney \
         melbourne dubai cairo istanbul jerusalem gaza tehran baghdad damascus kabul \
         islamabad karachi lagos nairobi johannesburg madrid rome milan brussels amsterdam \
         vienna warsaw prague budapest athens lisbon dublin edinburgh manchester geneva \
         zurich stockholm oslo copenhagen helsinki shanghai hong kong singapore bangkok \
         jakarta manila taipei osaka beirut riyadh doha ankara caracas bogota lima santiago \
         havana evansville durham greensboro fayetteville evanston huntsville mcminnville \
         kursk crimea donbas westminster brooklyn manhattan",
    ),
    (
        PAST,
        "was were had did made took gave went came saw became began left held met won lost \
         told said sent spent paid built broke brought bought caught chose drew drove fell \
         fought flew forgot froze got grew hid hit hurt kept knew laid led lent let lit meant \
         put quit ran rang rose sang sank sat shot shut slept sold sought spoke stood stole \
         struck swore swept swam taught thought threw understood woke wore wove wrote \
         withdrew overtook undertook",
    ),
    (
        NOT_PAST,
        "based used need needed interested concerned related supposed united limited advanced \
         detailed red bed shed wed fed speed seed feed breed creed hundred indeed bred sled \
         talented skilled named called so-called armed beloved aged wicked naked sacred \
         crooked rugged ragged dogged learned blessed unprecedented renowned noted \
         embed proceed exceed succeed",
    ),
    (NAME_JOINER, "of de da del der van von la le du bin al"),
    (MODAL_FUTURE, "will would shall going"),
    (
        STAT_UNIT,
        "percent percentage percentages cent cents dollars dollar euros euro pounds yen yuan \
         rupees rupee pesos francs",
    ),
    (
        PLEDGE,
        "pledge pledged pledges pledging promise promised promises vow vowed vows vowing \
         guarantee guaranteed guarantees",
    ),
    (
        RECOMMEND,
        "recommend recommends recommended recommending recommendation recommendations advise \
         advises advised advising urge urges urged urging",
    ),
    (BACKGROUND, "previously formerly since ago originally"),
    (
        NEGATION,
        "not no never nor none neither denied denies deny denying nothing nobody",
    ),
    (
        NEWSROOM,
        "reporters reporter correspondent readers subscribe subscribers newsletter \
         click comment",
    ),
];

/// Words the rules name one by one, numbered, so that comparing a token's word with one of
/// them (ignoring ASCII case) is comparing two numbers. Groups are numbered in a row.
pub mod id {
    use std::ops::RangeInclusive;

    pub const THAN: u8 = 1;
    pub const COINCIDED: u8 = 13;
    /// Comparisons stated outright.
    pub const DIRECT_COMPARISON: RangeInclusive<u8> = THAN..=COINCIDED;
    pub const BECAUSE: u8 = 14;
    pub const THEREFORE: u8 = 29;
    /// Causes named by one word.
    pub const CAUSE_WORD: RangeInclusive<u8> = BECAUSE..=THEREFORE;
    pub const DUE: u8 = 30;
    pub const LEADS: u8 = 35;
    /// Causes followed by "to".
    pub const CAUSE_TO: RangeInclusive<u8> = DUE..=LEADS;
    pub const RESULTED: u8 = 36;
    pub const RESULTS: u8 = 37;
    /// Causes followed by "in".
    pub const CAUSE_IN: RangeInclusive<u8> = RESULTED..=RESULTS;
    pub const TIME: u8 = 38;
    pub const IN: u8 = 40;
    pub const HISTORY: u8 = 41;
    pub const ON: u8 = 42;
    pub const RECORD: u8 = 43;
    /// What may follow a superlative ("first time in history").
    pub const SUPERLATIVE_TAIL: RangeInclusive<u8> = TIME..=RECORD;
    pub const WAS: u8 = 44;
    pub const MEANT: u8 = 49;
    /// Past forms that say little happened.
    pub const COPULA: RangeInclusive<u8> = WAS..=MEANT;
    pub const LAST: u8 = 50;
    pub const THIS: u8 = 53;
    /// Words that open a relative date ("last week").
    pub const DATE_OPENER: RangeInclusive<u8> = LAST..=THIS;
    pub const COULD: u8 = 54;
    pub const MAY: u8 = 55;
    pub const MIGHT: u8 = 56;
    /// Modal hedges.
    pub const MODAL: RangeInclusive<u8> = COULD..=MIGHT;
    pub const HE: u8 = 57;
    pub const OFFICIALS: u8 = 61;
    /// Subjects that make a speech verb an attribution.
    pub const PRONOUN: RangeInclusive<u8> = HE..=OFFICIALS;
    pub const RESULT: u8 = 62;
    pub const A: u8 = 63;
    pub const AS: u8 = 64;
    pub const CAN: u8 = 65;
    pub const CANNOT: u8 = 66;
    pub const ACCORDING: u8 = 67;
    pub const TO: u8 = 68;
    pub const READ: u8 = 69;
    pub const CALLS: u8 = 70;
    pub const CALLED: u8 = 71;
    pub const ANNOUNCED: u8 = 72;
    pub const AM: u8 = 73;
    pub const PM: u8 = 74;
    pub const AT: u8 = 75;
    pub const BY: u8 = 76;
    pub const I: u8 = 77;
}

/// The numbered words, in the order of their numbers (from 1).
const IDS: &str = "than compared versus twice double doubled tripled halved outnumbered surpassed \
     exceeded exceeds coincided because caused causes causing blamed blames triggered \
     triggers drove drives prompted prompts fueled fuelled consequently therefore due \
     thanks owing attributed led leads resulted results time ever in history on record was \
     were had did thought meant last next past this could may might he she they it \
     officials result a as can cannot according to read calls called announced am pm at by \
     i";

/// Every listed word with its flags, in an open-addressing table keyed by the word's
/// lower-cased bytes packed into two integers: a lookup is one multiply and, for most words,
/// one slot compared (a general-purpose hash map costs several times that per word).
struct Table {
    slots: Box<[Slot]>,
    mask: usize,
}

#[derive(Clone, Copy, Default)]
struct Slot {
    key: [u64; 2],
    /// 0 = empty.
    len: u64,
    flags: u64,
}

/// No listed word is longer: longer words skip the lookup.
const MAX_WORD: usize = 16;

static WORDS: LazyLock<Table> = LazyLock::new(|| {
    let mut words: Vec<(&str, u64)> = Vec::new();
    let ids = IDS.split_ascii_whitespace().zip(1u64..);
    let lists = TABLE
        .iter()
        .flat_map(|(f, list)| list.split_ascii_whitespace().map(move |w| (w, *f)));
    for (w, f) in lists.chain(ids.map(|(w, n)| (w, n << ID_SHIFT))) {
        match words.iter_mut().find(|(x, _)| *x == w) {
            Some((_, flags)) => *flags |= f,
            None => words.push((w, f)),
        }
    }
    // At most a quarter full: probes stay short.
    let size = (words.len() * 4).next_power_of_two();
    let mut slots = vec![Slot::default(); size].into_boxed_slice();
    let mask = size - 1;
    for (w, flags) in words {
        let b = w.as_bytes();
        // Longer words could never be looked up; the test below keeps the lists honest.
        if b.len() > MAX_WORD {
            continue;
        }
        let key = pack(b);
        let mut h = hash(key, b.len()) & mask;
        while slots[h].len != 0 {
            h = (h + 1) & mask;
        }
        slots[h] = Slot {
            key,
            len: b.len() as u64,
            flags,
        };
    }
    Table { slots, mask }
});

/// ASCII upper case to lower case in each byte of `x`; other bytes unchanged.
fn lower8(x: u64) -> u64 {
    const LO: u64 = 0x0101_0101_0101_0101;
    const HI: u64 = 0x8080_8080_8080_8080;
    let seven = x & !HI;
    let ge_a = seven + LO * (0x80 - b'A' as u64);
    let gt_z = seven + LO * (0x80 - b'Z' as u64 - 1);
    let upper = (ge_a ^ gt_z) & !x & HI;
    x | (upper >> 2)
}

/// A word of at most 16 bytes, lower-cased, as two little-endian integers (zero padded).
fn pack(b: &[u8]) -> [u64; 2] {
    let mut buf = [0u8; MAX_WORD];
    buf[..b.len()].copy_from_slice(b);
    let mut lo = [0u8; 8];
    let mut hi = [0u8; 8];
    lo.copy_from_slice(&buf[..8]);
    hi.copy_from_slice(&buf[8..]);
    [
        lower8(u64::from_le_bytes(lo)),
        lower8(u64::from_le_bytes(hi)),
    ]
}

fn hash(key: [u64; 2], len: usize) -> usize {
    let h = (key[0] ^ key[1].rotate_left(29) ^ len as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    (h >> 40) as usize
}

/// For a word of `n` bytes read as two integers: the masks that keep its bytes.
const KEEP: [(u64, u64); MAX_WORD + 1] = {
    let mut t = [(0u64, 0u64); MAX_WORD + 1];
    let mut n = 1;
    while n <= MAX_WORD {
        let lo = if n >= 8 {
            u64::MAX
        } else {
            (1u64 << (8 * n)) - 1
        };
        let hi = if n >= 16 {
            u64::MAX
        } else if n > 8 {
            (1u64 << (8 * (n - 8))) - 1
        } else {
            0
        };
        t[n] = (lo, hi);
        n += 1;
    }
    t
};

/// The number of a word in [`id`] sits in the top byte of what the table holds.
const ID_SHIFT: u32 = 56;

/// Flags and number ([`id`], 0 for none) of `bytes[start..end]`, compared case-insensitively
/// (ASCII). Reads the word straight out of `bytes` when 16 bytes are there to read.
#[inline]
pub fn flags_and_id_at(bytes: &[u8], start: usize, end: usize) -> (u64, u8) {
    let len = end - start;
    if len == 0 || len > MAX_WORD {
        return (0, 0);
    }
    let key = match bytes.get(start..start + MAX_WORD) {
        Some(w16) => {
            let mut lo = [0u8; 8];
            let mut hi = [0u8; 8];
            lo.copy_from_slice(&w16[..8]);
            hi.copy_from_slice(&w16[8..]);
            // Keep the word's bytes only.
            let (keep_lo, keep_hi) = KEEP[len];
            [
                lower8(u64::from_le_bytes(lo) & keep_lo),
                lower8(u64::from_le_bytes(hi) & keep_hi),
            ]
        }
        None => pack(&bytes[start..end]),
    };
    split(lookup(key, len))
}

fn split(v: u64) -> (u64, u8) {
    (v & ((1 << ID_SHIFT) - 1), (v >> ID_SHIFT) as u8)
}

/// [`flags`] and the word's number in [`id`] (0 for none).
pub fn flags_and_id(word: &str) -> (u64, u8) {
    let b = word.as_bytes();
    if b.is_empty() || b.len() > MAX_WORD {
        return (0, 0);
    }
    split(lookup(pack(b), b.len()))
}

#[inline]
fn lookup(key: [u64; 2], len: usize) -> u64 {
    let t = &*WORDS;
    let mut h = hash(key, len) & t.mask;
    loop {
        let s = &t.slots[h];
        if s.len == len as u64 && s.key == key {
            return s.flags;
        }
        if s.len == 0 {
            return 0;
        }
        h = (h + 1) & t.mask;
    }
}

/// Flags of a word, compared case-insensitively (ASCII); 0 for words not in any list.
pub fn flags(word: &str) -> u64 {
    flags_and_id(word).0
}

pub fn has(word: &str, f: u64) -> bool {
    flags(word) & f != 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookups_ignore_case() {
        assert!(has("The", flag::STARTER));
        assert!(has("SEN", flag::TITLE));
        assert!(has("january", flag::MONTH));
        assert!(!has("Smith", flag::STARTER));
        assert_eq!(flags(""), 0);
        assert_eq!(flags("é"), 0);
        assert!(has("President-Elect", flag::PERSON_TITLE));
        assert_eq!(flags("Tuesday's"), 0);
        // Every listed word fits the lookup and is found with every list it is in, whichever
        // way it is read (a few bytes of the following text in view or none).
        for (f, list) in TABLE {
            for w in list.split_ascii_whitespace() {
                assert!(w.len() <= MAX_WORD, "{w}");
                assert!(has(w, *f), "{w}");
                let upper = w.to_ascii_uppercase();
                assert!(has(&upper, *f), "{upper}");
                let text = format!("{upper} and more text after it");
                assert_eq!(
                    flags_and_id_at(text.as_bytes(), 0, w.len()),
                    flags_and_id(w),
                    "{w}"
                );
                // The rules skip the look-up for words with digits.
                assert!(!w.bytes().any(|b| b.is_ascii_digit()), "{w}");
            }
        }
        // Each numbered word has its number, whatever its case, and its flags too.
        for (w, n) in IDS.split_ascii_whitespace().zip(1u8..) {
            assert_eq!(flags_and_id(w).1, n, "{w}");
            assert_eq!(flags_and_id(&w.to_ascii_uppercase()).1, n, "{w}");
            assert!(!w.bytes().any(|b| b.is_ascii_digit()), "{w}");
        }
        assert_eq!(flags_and_id("Than").1, id::THAN);
        assert!(id::CAUSE_TO.contains(&flags_and_id("LEADS").1));
        assert_eq!(flags_and_id("said"), (flag::SPEECH | flag::PAST, 0));
        assert_eq!(flags_and_id("was").0, flags("was"));
        assert!(has("was", flag::STARTER | flag::PAST));
        // Words that share a prefix with a listed word, or hold bytes outside ASCII, are not
        // found.
        for w in ["sai", "saidx", "sa\u{ef}d", "\u{c9}T\u{c9}", "tuesday\u{0}"] {
            assert_eq!(flags(w), 0, "{w}");
        }
    }
}
