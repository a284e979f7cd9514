//! Cancelling a running evaluation. Each session owns an interrupt flag (shared with the
//! workers `peach` forks from it); the REPL points SIGINT (Ctrl-C) at it. The interpreter
//! polls it at every statement and user-function call and unwinds with an `Interrupted`
//! error, which `try`/`catch` does not swallow. Polling is one relaxed atomic load, cheap
//! enough for the innermost loop.

use super::Interp;
use crate::error::{Error, ErrorKind, Result};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

impl Interp {
    /// The flag that, once set (by a signal handler or another thread), stops this
    /// session's running evaluation at its next check.
    pub fn interrupt_flag(&self) -> Arc<AtomicBool> {
        Arc::clone(&self.interrupt)
    }

    /// Forgets a pending interrupt (before running the next statement).
    pub fn clear_interrupt(&self) {
        self.interrupt.store(false, Ordering::Relaxed);
    }

    /// Fails with an `Interrupted` error if cancellation was requested.
    #[inline]
    pub(crate) fn check_interrupt(&self) -> Result<()> {
        if self.interrupt.load(Ordering::Relaxed) {
            return Err(Error::new(
                ErrorKind::Interrupted,
                "The execution was interrupted by the user.",
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_request_interrupts_a_loop_and_try_does_not_catch_it() {
        let mut it = Interp::with_output(Box::new(std::io::sink()));
        let flag = it.interrupt_flag();
        // A second thread plays the signal handler.
        let t = std::thread::spawn(move || {
            std::thread::sleep(std::time::Duration::from_millis(50));
            flag.store(true, Ordering::Relaxed);
        });
        let res = it.run_source(
            "<test>",
            "def spin() { do { x = 1 } while (true) }\ntry { spin() } catch(e) { 0 }",
        );
        let _ = t.join();
        let err = res.expect_err("the infinite loop must be interrupted");
        assert_eq!(err.kind, ErrorKind::Interrupted);
        it.clear_interrupt();
        assert!(it.run_source("<test>", "1 + 1").is_ok());
    }
}
