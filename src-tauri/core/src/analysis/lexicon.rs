//! Word lists behind the splitter and the claim rules, looked up by lower-cased ASCII word.
//!
//! One table maps a word to a set of flags, so a sentence costs one hash lookup per word.

use std::collections::{HashMap, HashSet};
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

pub type FnvMap<K, V> = HashMap<K, V, BuildHasherDefault<Fnv>>;
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
         airport station nations assembly parliament senate congress",
    ),
    (
        PLACE_WORD,
        "city county province state street avenue road island islands river lake mountain \
         mountains valley bay coast border region district square park peninsula sea ocean \
         gulf strait airport harbour harbor port",
    ),
    (
        ORG,
        "nasa fbi cia nsa un nato eu who imf opec bbc cnn nbc abc cbs fox reuters ap afp \
         pentagon kremlin congress senate parliament microsoft google apple amazon meta \
         facebook twitter tesla usi jsc ksc unhcr unicef wto sky labour conservatives \
         republicans democrats gop",
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
        NEWSROOM,
        "reporters reporter correspondent readers subscribe subscribers newsletter \
         click comment",
    ),
];

/// Keyed by the lower-case bytes, so a lookup needs no UTF-8 check and no allocation.
pub static WORDS: LazyLock<FnvMap<&'static [u8], u64>> = LazyLock::new(|| {
    let mut m: FnvMap<&'static [u8], u64> = FnvMap::default();
    for (f, words) in TABLE {
        for w in words.split_ascii_whitespace() {
            *m.entry(w.as_bytes()).or_insert(0) |= f;
        }
    }
    m
});

/// No listed word is longer: longer words skip the hash.
const MAX_WORD: usize = 16;

/// Flags of a word, compared case-insensitively (ASCII); 0 for words not in any list.
pub fn flags(word: &str) -> u64 {
    let b = word.as_bytes();
    if b.is_empty() || b.len() > MAX_WORD {
        return 0;
    }
    let mut buf = [0u8; MAX_WORD];
    for (d, &c) in buf.iter_mut().zip(b) {
        *d = c.to_ascii_lowercase();
    }
    WORDS.get(&buf[..b.len()]).copied().unwrap_or(0)
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
        // Every listed word fits the lookup buffer.
        assert!(WORDS.keys().all(|w| w.len() <= MAX_WORD));
    }
}
