//! A token bucket for conversation reads: a steady rate per minute and a small
//! burst, so fifty new conversations arriving at once are read over minutes at
//! the rate the server tolerates, not in one volley.

use std::time::{Duration, Instant};

#[derive(Debug, Clone)]
pub struct Budget {
    per_min: f64,
    burst: f64,
    tokens: f64,
    last: Instant,
}

impl Budget {
    /// `per_min` reads a minute on average, at most `burst` back to back.
    pub fn new(per_min: u32, burst: u32) -> Self {
        let burst = f64::from(burst.max(1));
        Budget {
            per_min: f64::from(per_min.max(1)),
            burst,
            tokens: burst,
            last: Instant::now(),
        }
    }

    pub fn per_min(&self) -> u32 {
        self.per_min as u32
    }

    /// Changes the rate (settings changed, or the poll's share moved); tokens kept.
    pub fn set_per_min(&mut self, per_min: u32) {
        self.refill(Instant::now());
        self.per_min = f64::from(per_min.max(1));
    }

    fn refill(&mut self, now: Instant) {
        let elapsed = now.saturating_duration_since(self.last).as_secs_f64();
        self.tokens = (self.tokens + elapsed * self.per_min / 60.0).min(self.burst);
        self.last = now;
    }

    /// Takes one read, or says how long to wait for it.
    pub fn take(&mut self, now: Instant) -> Result<(), Duration> {
        self.refill(now);
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            Ok(())
        } else {
            let missing = 1.0 - self.tokens;
            Err(Duration::from_secs_f64(missing * 60.0 / self.per_min))
        }
    }

    /// Takes one read now even if none is left (a notification waiting for its
    /// text): the debt delays the background reads that follow, so the average
    /// rate holds.
    pub fn force(&mut self, now: Instant) {
        self.refill(now);
        self.tokens -= 1.0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_burst_then_the_steady_rate() {
        let start = Instant::now();
        let mut b = Budget::new(6, 2);
        b.last = start;
        assert!(b.take(start).is_ok());
        assert!(b.take(start).is_ok());
        let wait = b.take(start).unwrap_err();
        assert_eq!(wait, Duration::from_secs(10), "6 a minute: one each 10 s");
        assert!(b.take(start + Duration::from_secs(10)).is_ok());
        assert!(b.take(start + Duration::from_secs(11)).is_err());
    }

    #[test]
    fn fifty_reads_take_minutes_not_a_volley() {
        let start = Instant::now();
        let mut b = Budget::new(8, 3);
        b.last = start;
        let mut now = start;
        for _ in 0..50 {
            loop {
                match b.take(now) {
                    Ok(()) => break,
                    Err(wait) => now += wait,
                }
            }
        }
        let minutes = (now - start).as_secs_f64() / 60.0;
        assert!((5.5..6.5).contains(&minutes), "{minutes} min");
    }

    #[test]
    fn forced_reads_are_paid_back() {
        let start = Instant::now();
        let mut b = Budget::new(6, 1);
        b.last = start;
        b.force(start);
        b.force(start);
        // One token of burst, two spent: one in debt, then 10 s for the next.
        assert_eq!(b.take(start).unwrap_err(), Duration::from_secs(20));
    }
}
