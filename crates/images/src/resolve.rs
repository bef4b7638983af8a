//! Name resolution that only hands out public addresses: the check is made on
//! the addresses the connection will actually use, so a name that resolves to
//! the LAN (or flips to it between two lookups) cannot be fetched.

use crate::target::is_public;
use crate::Origins;
use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use std::net::SocketAddr;
use std::sync::{Arc, RwLock};

pub(crate) struct PublicOnly {
    /// The account servers' names resolve unfiltered (their ports are checked
    /// before the request, in [`crate::target::check`]).
    pub own: Arc<RwLock<Origins>>,
}

impl Resolve for PublicOnly {
    fn resolve(&self, name: Name) -> Resolving {
        let host = name.as_str().to_owned();
        let trusted = self
            .own
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .has_host(&host);
        Box::pin(async move {
            let all: Vec<SocketAddr> = tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            let kept: Vec<SocketAddr> = all
                .iter()
                .copied()
                .filter(|a| trusted || is_public(a.ip()))
                .collect();
            if kept.is_empty() {
                let err: Box<dyn std::error::Error + Send + Sync> = if all.is_empty() {
                    format!("{host} has no address").into()
                } else {
                    NotPublicName(host).into()
                };
                return Err(err);
            }
            let addrs: Addrs = Box::new(kept.into_iter());
            Ok(addrs)
        })
    }
}

/// The resolver's refusal, recognised again in the error chain of the request.
#[derive(Debug)]
pub(crate) struct NotPublicName(pub String);

impl std::fmt::Display for NotPublicName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} resolves only to non-public addresses", self.0)
    }
}

impl std::error::Error for NotPublicName {}
