//! Resync at once after the machine wakes or the network comes back, instead of
//! waiting out a poll interval or an error backoff of up to five minutes; replies
//! waiting in the outbox go at the same moment.

use crate::desk::{lock, Connection, Desk};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

const TICK: Duration = Duration::from_secs(10);
/// Wall time running this far ahead of monotonic time means we were suspended
/// (the monotonic clock stops during suspend on Linux, the wall clock does not).
const SUSPEND_GAP: Duration = Duration::from_secs(20);

pub fn watch(desk: Arc<Desk>) {
    let runs = desk.clone();
    runs.spawn(async move {
        let mut mono = Instant::now();
        let mut wall = SystemTime::now();
        loop {
            tokio::time::sleep(TICK).await;
            let (mono_now, wall_now) = (Instant::now(), SystemTime::now());
            let mono_gap = mono_now.duration_since(mono);
            let wall_gap = wall_now.duration_since(wall).unwrap_or_default();
            (mono, wall) = (mono_now, wall_now);
            if woke_up(mono_gap, wall_gap) {
                log::info!("the machine woke up: resyncing every account");
                desk.resync(None);
                for id in desk.account_ids() {
                    desk.reachable_again(&id);
                    desk.resume_outbox(&id);
                }
                continue;
            }
            for (id, name, host) in offline_hosts(&desk) {
                if reachable(&host).await {
                    log::info!("\"{name}\" is reachable again: resyncing");
                    desk.reachable_again(&id);
                    desk.resync(Some(&id));
                    desk.resume_outbox(&id);
                }
            }
        }
    });
}

fn woke_up(mono_gap: Duration, wall_gap: Duration) -> bool {
    wall_gap > mono_gap + SUSPEND_GAP
}

/// Accounts that failed to connect (id, name), with the `host:port` of their API.
fn offline_hosts(desk: &Desk) -> Vec<(String, String, String)> {
    lock(&desk.accounts)
        .values()
        .filter(|r| r.status == Connection::Offline)
        .filter_map(|r| {
            host_port(r.account.api_url())
                .map(|h| (r.account.id.clone(), r.account.name.clone(), h))
        })
        .collect()
}

fn host_port(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    let authority = rest.split(['/', '?', '#']).next()?.rsplit('@').next()?;
    if authority.is_empty() {
        return None;
    }
    let has_port = authority
        .rsplit_once(':')
        .is_some_and(|(_, p)| p.chars().all(|c| c.is_ascii_digit()))
        && !authority.ends_with(']');
    Some(if has_port {
        authority.to_string()
    } else {
        format!("{authority}:{}", if scheme == "https" { 443 } else { 80 })
    })
}

/// A TCP connect: costs the server nothing and counts against no rate limit.
async fn reachable(host: &str) -> bool {
    matches!(
        tokio::time::timeout(Duration::from_secs(3), tokio::net::TcpStream::connect(host)).await,
        Ok(Ok(_))
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wall_clock_jump_is_a_wake_up() {
        assert!(!woke_up(Duration::from_secs(10), Duration::from_secs(10)));
        assert!(!woke_up(Duration::from_secs(10), Duration::from_secs(25)));
        assert!(woke_up(Duration::from_secs(10), Duration::from_secs(600)));
    }

    #[test]
    fn api_urls_become_host_and_port() {
        assert_eq!(
            host_port("https://app.blinger.io/api").as_deref(),
            Some("app.blinger.io:443")
        );
        assert_eq!(
            host_port("http://127.0.0.1:8765/api").as_deref(),
            Some("127.0.0.1:8765")
        );
        assert_eq!(host_port("http://[::1]/x").as_deref(), Some("[::1]:80"));
        assert_eq!(
            host_port("https://u@x.io:8443/").as_deref(),
            Some("x.io:8443")
        );
        assert_eq!(host_port("nonsense"), None);
    }
}
