//! Progress of the long jobs (opening a large article, exporting one): each reports its
//! stages and how far along each is through a [`Reporter`], so the window can show a
//! determinate bar, and the command line can ignore it. Reports are thinned out (stage
//! changes, then at most every 1 % and 30 ms), so a callback that crosses a process
//! boundary costs nothing noticeable.

use serde::Serialize;
use std::time::{Duration, Instant};
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(export)]
pub enum Stage {
    /// Reading the file's bytes.
    Reading,
    /// Decoding and parsing them into the article's text and blocks.
    Parsing,
    /// Finding sentences and proposing claims.
    Analysing,
    /// Saving the article, its text index and claims in the library.
    Saving,
    /// Building the export from the library.
    Preparing,
    /// Writing the export file.
    Writing,
}

/// One report: the stage, how far it is, and how far the whole job is (never goes back).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct Progress {
    pub stage: Stage,
    /// 0–1 of this stage.
    pub stage_done: f32,
    /// 0–1 of the whole job.
    pub done: f32,
}

/// The stages of a job with the share of its time each takes (measured with
/// `cargo bench -p factdesk-core --bench progress`; they add up to 1).
pub type Plan = &'static [(Stage, f32)];

/// Opening an article file.
/// (20 MB of news text: reading 0 %, parsing 3 %, analysing 18 %, saving 78 %.)
pub const OPEN_PLAN: Plan = &[
    (Stage::Reading, 0.02),
    (Stage::Parsing, 0.04),
    (Stage::Analysing, 0.18),
    (Stage::Saving, 0.76),
];

/// Exporting an article's check (the same article as annotated Markdown: preparing 96 %,
/// writing 4 %).
pub const EXPORT_PLAN: Plan = &[(Stage::Preparing, 0.95), (Stage::Writing, 0.05)];

const MIN_STEP: f32 = 0.01;
const MIN_GAP: Duration = Duration::from_millis(30);

pub struct Reporter<'a> {
    sink: Option<&'a mut dyn FnMut(Progress)>,
    plan: Plan,
    last: Option<(Stage, f32, Instant)>,
    min_gap: Duration,
}

impl<'a> Reporter<'a> {
    pub fn new(plan: Plan, sink: &'a mut dyn FnMut(Progress)) -> Self {
        Reporter {
            sink: Some(sink),
            plan,
            last: None,
            min_gap: MIN_GAP,
        }
    }

    /// Reports every 1 % step however fast the work goes, so tests do not depend on the
    /// machine's speed.
    #[cfg(test)]
    pub(crate) fn every_step(plan: Plan, sink: &'a mut dyn FnMut(Progress)) -> Self {
        Reporter {
            min_gap: Duration::ZERO,
            ..Reporter::new(plan, sink)
        }
    }

    /// A reporter that reports to no one (the command line, tests).
    pub fn silent() -> Reporter<'static> {
        Reporter {
            sink: None,
            plan: &[],
            last: None,
            min_gap: MIN_GAP,
        }
    }

    /// `stage` is `fraction` (0–1) done. A stage not in the plan is ignored.
    pub fn report(&mut self, stage: Stage, fraction: f32) {
        let Some(sink) = self.sink.as_mut() else {
            return;
        };
        let Some(at) = self.plan.iter().position(|(s, _)| *s == stage) else {
            return;
        };
        let fraction = if fraction.is_finite() {
            fraction.clamp(0.0, 1.0)
        } else {
            0.0
        };
        let before: f32 = self.plan[..at].iter().map(|(_, w)| w).sum();
        let done = (before + self.plan[at].1 * fraction).min(1.0);
        let now = Instant::now();
        if let Some((last_stage, last_done, last_at)) = self.last {
            if done < last_done {
                return;
            }
            let same_stage = last_stage == stage;
            let small = done - last_done < MIN_STEP || now - last_at < self.min_gap;
            if same_stage && small && fraction < 1.0 {
                return;
            }
        }
        self.last = Some((stage, done, now));
        sink(Progress {
            stage,
            stage_done: fraction,
            done,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plans_add_up_to_the_whole_job() {
        for plan in [OPEN_PLAN, EXPORT_PLAN] {
            let sum: f32 = plan.iter().map(|(_, w)| w).sum();
            assert!((sum - 1.0).abs() < 1e-4, "{plan:?}");
        }
    }

    #[test]
    fn reports_rise_through_the_stages_and_are_thinned_out() {
        let mut seen = Vec::new();
        {
            let mut sink = |p: Progress| seen.push(p);
            let mut r = Reporter::new(OPEN_PLAN, &mut sink);
            for (stage, _) in OPEN_PLAN {
                for i in 0..=10_000 {
                    r.report(*stage, i as f32 / 10_000.0);
                }
            }
        }
        // Every stage starts and ends, and far fewer than 40,000 reports go out.
        for (stage, _) in OPEN_PLAN {
            assert!(seen
                .iter()
                .any(|p| p.stage == *stage && p.stage_done == 0.0));
            assert!(seen
                .iter()
                .any(|p| p.stage == *stage && p.stage_done == 1.0));
        }
        assert!(seen.len() < 500, "{} reports", seen.len());
        assert!(seen.windows(2).all(|w| w[0].done <= w[1].done));
        let last = seen.last().unwrap();
        assert_eq!((last.stage, last.done), (Stage::Saving, 1.0));
        assert_eq!(seen[0].done, 0.0);
        // Analysing starts where reading and parsing end.
        let analysing = seen.iter().find(|p| p.stage == Stage::Analysing).unwrap();
        assert!((analysing.done - 0.06).abs() < 1e-4);
    }

    #[test]
    fn nonsense_fractions_and_stages_outside_the_plan_are_ignored() {
        let mut seen = Vec::new();
        {
            let mut sink = |p: Progress| seen.push(p);
            let mut r = Reporter::new(EXPORT_PLAN, &mut sink);
            r.report(Stage::Saving, 0.5);
            r.report(Stage::Preparing, f32::NAN);
            r.report(Stage::Writing, 7.0);
            r.report(Stage::Preparing, 0.5); // would go back
        }
        assert_eq!(seen.len(), 2);
        assert_eq!(seen[0].done, 0.0);
        assert_eq!(seen[1].done, 1.0);
        Reporter::silent().report(Stage::Reading, 0.5);
    }
}
