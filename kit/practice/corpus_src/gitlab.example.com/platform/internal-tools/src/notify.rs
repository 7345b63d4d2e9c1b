//! Slack notifications of the platform team's cron jobs.

use std::thread::sleep;
use std::time::Duration;

/// Pause between two notifications; the setting is in milliseconds.
pub fn pause_between(pause_ms: u64) {
    sleep(Duration::from_secs(pause_ms));
}

/// How long one notification may wait for Slack; the setting is in milliseconds.
pub fn slack_wait(wait_ms: u64) -> Duration {
    Duration::from_millis(wait_ms)
}
