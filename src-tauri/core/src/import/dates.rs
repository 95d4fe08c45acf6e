//! Reading the dates articles print ("Tue, 11/26/2024 – 21:20", "November 26, 2024",
//! "2024-11-26T21:20:00Z", RFC 2822) into RFC 3339. A date with no time reads as `YYYY-MM-DD`;
//! a time with no zone is taken as UTC, which is what the article's own clock says.

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
struct Parts {
    year: Option<u32>,
    month: Option<u32>,
    day: Option<u32>,
    time: Option<(u32, u32, u32)>,
    /// Offset from UTC in minutes.
    zone: Option<i32>,
}

/// Parses a line that is nothing but a date (and time). Anything else in it makes it fail,
/// so an ordinary sentence is never taken for a timestamp.
pub fn parse_date_line(line: &str) -> Option<String> {
    let line = line.trim();
    if line.is_empty() || line.len() > 80 {
        return None;
    }
    if let Some(iso) = parse_iso(line) {
        return Some(iso);
    }
    let p = parse_words(line)?;
    format(&p)
}

/// Reads a date as found in metadata (ISO, RFC 2822, or words); falls back to `None`.
pub fn normalize(value: &str) -> Option<String> {
    parse_date_line(value)
}

fn format(p: &Parts) -> Option<String> {
    let (y, m, d) = (p.year?, p.month?, p.day?);
    if !(1..=12).contains(&m) || d == 0 || d > days_in_month(y, m) || !(1000..=9999).contains(&y) {
        return None;
    }
    let Some((h, mi, s)) = p.time else {
        return Some(format!("{y:04}-{m:02}-{d:02}"));
    };
    if h > 23 || mi > 59 || s > 60 {
        return None;
    }
    let zone = match p.zone {
        None | Some(0) => "Z".to_string(),
        Some(z) => {
            let sign = if z < 0 { '-' } else { '+' };
            format!("{sign}{:02}:{:02}", z.abs() / 60, z.abs() % 60)
        }
    };
    Some(format!("{y:04}-{m:02}-{d:02}T{h:02}:{mi:02}:{s:02}{zone}"))
}

fn days_in_month(y: u32, m: u32) -> u32 {
    match m {
        2 if (y.is_multiple_of(4) && !y.is_multiple_of(100)) || y.is_multiple_of(400) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

fn num(s: &str) -> Option<u32> {
    if s.is_empty() || s.len() > 4 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// `YYYY-MM-DD`, optionally `T` or space, `HH:MM[:SS[.fff]]`, optionally `Z` or `±HH:MM`.
fn parse_iso(s: &str) -> Option<String> {
    let b = s.as_bytes();
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    // `get`, not indexing: the bytes checked above are ASCII, but the digits between them may
    // not be (fuzzing found "2024-11-2”6…", which split a character).
    let mut p = Parts {
        year: Some(num(s.get(0..4)?)?),
        month: Some(num(s.get(5..7)?)?),
        day: Some(num(s.get(8..10)?)?),
        ..Parts::default()
    };
    let rest = s.get(10..)?;
    if rest.is_empty() {
        return format(&p);
    }
    let rest = rest.strip_prefix(['T', 't', ' '])?;
    let zone_at = rest.find(['Z', 'z', '+', '-']).unwrap_or(rest.len());
    let (clock, zone) = rest.split_at(zone_at);
    p.time = Some(parse_clock(clock)?);
    p.zone = match zone {
        "" | "Z" | "z" => None,
        z => Some(parse_offset(z)?),
    };
    format(&p)
}

fn parse_clock(s: &str) -> Option<(u32, u32, u32)> {
    let s = s.split('.').next()?;
    let mut it = s.split(':');
    let h = num(it.next()?)?;
    let m = num(it.next()?)?;
    let sec = match it.next() {
        Some(x) => num(x)?,
        None => 0,
    };
    if it.next().is_some() {
        return None;
    }
    Some((h, m, sec))
}

/// `+01:00`, `+0100`, `-05`.
fn parse_offset(z: &str) -> Option<i32> {
    let sign = match z.as_bytes().first()? {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let digits: String = z[1..].chars().filter(|c| *c != ':').collect();
    let (h, m) = match digits.len() {
        2 => (num(&digits)?, 0),
        4 => (num(digits.get(..2)?)?, num(digits.get(2..)?)?),
        _ => return None,
    };
    if h > 14 || m > 59 {
        return None;
    }
    Some(sign * (h as i32 * 60 + m as i32))
}

fn month_of(w: &str) -> Option<u32> {
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    const FULL: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let w = w.trim_end_matches('.');
    if let Some(i) = FULL.iter().position(|m| *m == w) {
        return Some(i as u32 + 1);
    }
    if w == "sept" {
        return Some(9);
    }
    MONTHS.iter().position(|m| *m == w).map(|i| i as u32 + 1)
}

fn is_weekday(w: &str) -> bool {
    const DAYS: [&str; 7] = [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ];
    let w = w.trim_end_matches('.');
    DAYS.iter()
        .any(|d| *d == w || (w.len() >= 3 && d.starts_with(w)))
}

fn zone_of(w: &str) -> Option<Option<i32>> {
    Some(match w {
        "utc" | "gmt" | "z" => Some(0),
        "est" => Some(-300),
        "edt" => Some(-240),
        "cst" => Some(-360),
        "cdt" => Some(-300),
        "mst" => Some(-420),
        "mdt" => Some(-360),
        "pst" => Some(-480),
        "pdt" => Some(-420),
        "cet" => Some(60),
        "cest" => Some(120),
        "bst" => Some(60),
        _ if w.starts_with(['+', '-']) && w.len() > 2 => Some(parse_offset(w)?),
        _ => return None,
    })
}

/// Word dates: weekday and filler words are skipped; every other token must be part of the
/// date, the time or the zone.
fn parse_words(line: &str) -> Option<Parts> {
    let lower = line.to_lowercase();
    let cleaned: String = lower
        .chars()
        .map(|c| match c {
            ',' | '–' | '—' | '|' | '·' | '•' | '(' | ')' => ' ',
            c => c,
        })
        .collect();
    let mut p = Parts::default();
    let mut loose: Vec<u32> = Vec::new();
    let mut toks = cleaned.split_whitespace().peekable();
    let mut seen_any = false;
    while let Some(t) = toks.next() {
        let t = t.trim_end_matches(['.', ':']).trim_start_matches(':');
        if t.is_empty() || t == "-" || is_filler(t) {
            continue;
        }
        if let Some(m) = month_of(t) {
            if p.month.is_some() {
                return None;
            }
            p.month = Some(m);
            seen_any = true;
        } else if t.contains('/') {
            slashed_date(t, &mut p)?;
            seen_any = true;
        } else if t.contains(':') && t.as_bytes()[0].is_ascii_digit() {
            p.time = Some(clock_time(t, &mut toks)?);
        } else if let Some(z) = zone_of(t) {
            p.time?;
            p.zone = z;
        } else {
            number(t, &mut p, &mut loose)?;
            seen_any = true;
        }
    }
    if !seen_any {
        return None;
    }
    match loose.as_slice() {
        [] => {}
        [d] if p.day.is_none() => p.day = Some(*d),
        _ => return None,
    }
    (p.year.is_some() && p.month.is_some() && p.day.is_some()).then_some(p)
}

/// Words a date line may hold around the date: "Updated on Monday, …".
fn is_filler(t: &str) -> bool {
    matches!(
        t,
        "updated" | "published" | "posted" | "on" | "at" | "last" | "modified" | "of" | "the"
    ) || is_weekday(t)
}

/// `m/d/y` (or `d/m/y` when the first number cannot be a month; two-digit years are 20xx).
fn slashed_date(t: &str, p: &mut Parts) -> Option<()> {
    let parts: Vec<&str> = t.split('/').collect();
    if parts.len() != 3 || p.year.is_some() {
        return None;
    }
    let (a, b, c) = (num(parts[0])?, num(parts[1])?, num(parts[2])?);
    let year = if parts[2].len() == 2 { 2000 + c } else { c };
    // US order unless the first number cannot be a month.
    let (m, d) = if a > 12 { (b, a) } else { (a, b) };
    p.year = Some(year);
    p.month = Some(m);
    p.day = Some(d);
    Some(())
}

/// `h:mm[:ss]`, with `am`/`pm` joined to it or as the next token (then taken from `toks`).
fn clock_time(
    t: &str,
    toks: &mut std::iter::Peekable<std::str::SplitWhitespace>,
) -> Option<(u32, u32, u32)> {
    let digits_end = t
        .find(|c: char| !(c.is_ascii_digit() || c == ':'))
        .unwrap_or(t.len());
    let (clock, suffix) = t.split_at(digits_end);
    let (mut h, m, s) = parse_clock(clock)?;
    let mut meridiem = suffix.trim_start_matches('.').to_string();
    if meridiem.is_empty() {
        if let Some(next) = toks.peek() {
            let n = next.replace('.', "");
            if n == "am" || n == "pm" {
                meridiem = n;
                toks.next();
            }
        }
    }
    match meridiem.replace('.', "").as_str() {
        "" => {}
        "am" if h <= 12 => h %= 12,
        "pm" if h <= 12 => h = h % 12 + 12,
        _ => return None,
    }
    Some((h, m, s))
}

/// A number, maybe ordinal (`3rd`): the year if it has four digits and none is known yet, else
/// kept in `loose` (the day, if it is the only one).
fn number(t: &str, p: &mut Parts, loose: &mut Vec<u32>) -> Option<()> {
    let digits = t.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let ordinal = &t[digits.len()..];
    if !matches!(ordinal, "" | "st" | "nd" | "rd" | "th") {
        return None;
    }
    let n = num(digits)?;
    if digits.len() == 4 && p.year.is_none() {
        p.year = Some(n);
    } else {
        loose.push(n);
    }
    Some(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sample_timestamp() {
        assert_eq!(
            parse_date_line("Tue, 11/26/2024 – 21:20").as_deref(),
            Some("2024-11-26T21:20:00Z")
        );
    }

    #[test]
    fn common_forms() {
        let cases = [
            ("November 26, 2024", "2024-11-26"),
            ("Nov. 26, 2024 9:20 p.m. EST", "2024-11-26T21:20:00-05:00"),
            ("26 November 2024", "2024-11-26"),
            ("2024-11-26", "2024-11-26"),
            ("2024-11-26T21:20:00Z", "2024-11-26T21:20:00Z"),
            ("2024-11-26T21:20:00.123+01:00", "2024-11-26T21:20:00+01:00"),
            ("Tue, 26 Nov 2024 21:20:00 +0000", "2024-11-26T21:20:00Z"),
            (
                "Updated: July 21st, 2024 at 9:05 AM",
                "2024-07-21T09:05:00Z",
            ),
            ("26/11/2024", "2024-11-26"),
        ];
        for (input, want) in cases {
            assert_eq!(parse_date_line(input).as_deref(), Some(want), "{input}");
        }
    }

    #[test]
    fn sentences_and_impossible_dates_are_not_dates() {
        for s in [
            "Trump met Kim on July 21, 2024 in Hanoi.",
            "February 30, 2024",
            "Tyler Durden",
            "10,000 troops",
            "2024",
            "",
        ] {
            assert_eq!(parse_date_line(s), None, "{s}");
        }
    }

    #[test]
    fn a_date_with_a_multibyte_character_inside_is_no_date_and_no_panic() {
        // Found by the Markdown fuzz target in front matter.
        assert_eq!(parse_date_line("2024-11-2\u{201d}6T21:20:00Z"), None);
        assert_eq!(parse_date_line("20\u{e9}4-11-26"), None);
        assert_eq!(parse_date_line("2024-11-26\u{201d}T21:20"), None);
        // An offset of four bytes that are not four characters (found by the HTML target).
        assert_eq!(parse_date_line("2024-11-26T21:20+\u{e9}00"), None);
        assert_eq!(parse_date_line("2024-11-26T21:20-0\u{e9}"), None);
    }
}
