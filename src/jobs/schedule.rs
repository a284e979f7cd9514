//! Scheduled jobs: the description `scheduleJob` records and the run times it implies.

use crate::value::temporal::civil_from_days;
use crate::value::Function;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// Milliseconds in a day.
pub const DAY_MS: i64 = 86_400_000;

/// One scheduled job, as `scheduleJob` created it. Dates are days since 1970.01.01, times
/// minutes since midnight, instants local milliseconds since 1970.01.01.
#[derive(Clone, Serialize, Deserialize)]
pub struct ScheduledJob {
    pub id: String,
    pub desc: String,
    /// The user who created the job; runs execute as this user.
    pub user: String,
    #[serde(default)]
    pub admin: bool,
    pub start_date: i64,
    pub end_date: i64,
    /// `'D'`, `'W'` or `'M'`.
    pub frequency: char,
    /// Sorted minutes of the day.
    pub times: Vec<i64>,
    /// Weekdays (0 = Sunday) for `'W'`, days of the month for `'M'`, empty for `'D'`.
    pub days: Vec<i64>,
    /// When the job was created (session clock), the lower bound for missed runs.
    pub created_ms: i64,
    /// The job function as script text (see `script::function_script`); not in the JSON
    /// header of the job file, which stores it as the file body.
    #[serde(skip)]
    pub script: String,
    /// The function, once evaluated (in memory, or loaded from the script).
    #[serde(skip)]
    pub func: Option<Arc<Function>>,
}

impl ScheduledJob {
    /// Whether the job runs at all on `day`.
    pub fn runs_on(&self, day: i64) -> bool {
        if day < self.start_date || day > self.end_date {
            return false;
        }
        match self.frequency {
            'W' => self.days.contains(&(day + 4).rem_euclid(7)),
            'M' => {
                let (_, _, d) = civil_from_days(day);
                self.days.contains(&i64::from(d))
            }
            _ => true,
        }
    }

    /// The run instants in `[from, until)`, in order.
    pub fn occurrences(&self, from: i64, until: i64) -> Vec<i64> {
        let mut res = Vec::new();
        if until <= from {
            return res;
        }
        let first = from.div_euclid(DAY_MS).max(self.start_date);
        let last = (until - 1).div_euclid(DAY_MS).min(self.end_date);
        let mut day = first;
        while day <= last {
            if self.runs_on(day) {
                for &m in &self.times {
                    let t = day * DAY_MS + m * 60_000;
                    if t >= from && t < until {
                        res.push(t);
                    }
                }
            }
            day += 1;
        }
        res
    }

    /// The first run instant at or after `from`, if any before the end date.
    pub fn next_after(&self, from: i64) -> Option<i64> {
        let mut day = from.div_euclid(DAY_MS).max(self.start_date);
        while day <= self.end_date {
            if self.runs_on(day) {
                for &m in &self.times {
                    let t = day * DAY_MS + m * 60_000;
                    if t >= from {
                        return Some(t);
                    }
                }
            }
            day += 1;
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::temporal::days_from_civil;

    fn job(freq: char, times: &[i64], days: &[i64]) -> ScheduledJob {
        ScheduledJob {
            id: "j".into(),
            desc: String::new(),
            user: "guest".into(),
            admin: false,
            start_date: days_from_civil(2020, 1, 1),
            end_date: days_from_civil(2020, 12, 31),
            frequency: freq,
            times: times.to_vec(),
            days: days.to_vec(),
            created_ms: 0,
            script: String::new(),
            func: None,
        }
    }

    fn at(y: i64, m: u32, d: u32) -> i64 {
        days_from_civil(y, m, d) * DAY_MS
    }

    #[test]
    fn daily_weekly_monthly() {
        let d = job('D', &[5], &[]);
        assert_eq!(d.occurrences(at(2020, 1, 1), at(2020, 2, 1)).len(), 31);
        // 2020.01.06 was a Monday.
        let w = job('W', &[60], &[1]);
        let runs = w.occurrences(at(2020, 1, 1), at(2020, 2, 1));
        assert_eq!(runs.len(), 4);
        assert_eq!(runs[0], at(2020, 1, 6) + 3_600_000);
        let m = job('M', &[0, 720], &[1, 15]);
        assert_eq!(m.occurrences(at(2020, 1, 1), at(2020, 3, 1)).len(), 8);
        assert_eq!(
            m.next_after(at(2020, 1, 1) + 1),
            Some(at(2020, 1, 1) + 720 * 60_000)
        );
        assert_eq!(d.next_after(at(2021, 1, 1)), None);
    }
}
