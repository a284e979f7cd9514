//! The session clock: real local time, or a simulated time that `porpoise scheduler --from`
//! and `--now` install so `today()`, `now()` and friends return the simulated moment.
//!
//! The clock belongs to a session (`Interp::clock`), never to the process: a simulated
//! scheduler runs each job in its own session with its own clock, while other sessions of
//! the same process keep real time.

use crate::eval::Interp;
use std::time::Instant;

/// A simulated clock: it starts at `base_ms` (local time, milliseconds since 1970.01.01)
/// and advances with real elapsed time, so durations measured inside a job stay sensible.
#[derive(Clone, Copy, Debug)]
pub struct SimClock {
    base_ms: i64,
    started: Instant,
}

impl SimClock {
    /// A clock that reads `base_ms` now.
    pub fn at(base_ms: i64) -> SimClock {
        SimClock {
            base_ms,
            started: Instant::now(),
        }
    }

    /// The simulated local time in milliseconds since 1970.01.01.
    pub fn now_ms(&self) -> i64 {
        let elapsed = i64::try_from(self.started.elapsed().as_millis()).unwrap_or(i64::MAX);
        self.base_ms.saturating_add(elapsed)
    }

    /// The simulated local time in nanoseconds since 1970.01.01.
    pub fn now_ns(&self) -> i64 {
        let elapsed = i64::try_from(self.started.elapsed().as_nanos()).unwrap_or(i64::MAX);
        self.base_ms
            .saturating_mul(1_000_000)
            .saturating_add(elapsed)
    }
}

/// The real local time in milliseconds since 1970.01.01 (DolphinDB's clock is local time).
pub fn real_now_ms() -> i64 {
    chrono::Local::now()
        .naive_local()
        .and_utc()
        .timestamp_millis()
}

/// The session's local time in milliseconds: simulated when a clock is installed.
pub fn now_ms(interp: &Interp) -> i64 {
    match &interp.clock {
        Some(c) => c.now_ms(),
        None => real_now_ms(),
    }
}

/// The session's local time in nanoseconds.
pub fn now_ns(interp: &Interp) -> i64 {
    match &interp.clock {
        Some(c) => c.now_ns(),
        None => chrono::Local::now()
            .naive_local()
            .and_utc()
            .timestamp_nanos_opt()
            .unwrap_or(i64::MIN),
    }
}

/// The session's current date as days since 1970.01.01.
pub fn today_days(interp: &Interp) -> i64 {
    now_ms(interp).div_euclid(86_400_000)
}
