//! Where an image may be fetched from: http(s) URLs on the public internet, plus
//! the operator's own account servers wherever they are.

use crate::ImageError;
use reqwest::Url;
use std::collections::BTreeSet;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// Longer URLs are refused (the page caps links at the same length).
pub const MAX_URL_LEN: usize = 8192;

/// The origins (host and port) of the operator's own servers: their images load
/// even from a private address, because the operator chose those servers.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Origins(BTreeSet<(String, u16)>);

impl Origins {
    /// From account URLs (API and widget bases); what does not parse is skipped.
    pub fn from_urls<'a>(urls: impl IntoIterator<Item = &'a str>) -> Origins {
        Origins(
            urls.into_iter()
                .filter_map(|u| Url::parse(u).ok())
                .filter_map(|u| Some((host_key(&u)?, u.port_or_known_default()?)))
                .collect(),
        )
    }

    pub fn contains(&self, url: &Url) -> bool {
        match (host_key(url), url.port_or_known_default()) {
            (Some(host), Some(port)) => self.0.contains(&(host, port)),
            _ => false,
        }
    }

    /// Whether `name` is the host of one of the origins (any port).
    pub fn has_host(&self, name: &str) -> bool {
        let name = name.trim_end_matches('.').to_ascii_lowercase();
        self.0.iter().any(|(h, _)| *h == name)
    }
}

/// The host as compared: lower case, no trailing dot, IPv6 without brackets.
fn host_key(url: &Url) -> Option<String> {
    match url.host()? {
        url::Host::Domain(d) => Some(d.trim_end_matches('.').to_ascii_lowercase()),
        url::Host::Ipv4(ip) => Some(ip.to_string()),
        url::Host::Ipv6(ip) => Some(ip.to_string()),
    }
}

/// Parses and checks the URL the page asked for.
pub fn parse(raw: &str) -> Result<Url, ImageError> {
    if raw.len() > MAX_URL_LEN {
        return Err(ImageError::BadUrl("too long".into()));
    }
    let url = Url::parse(raw.trim()).map_err(|e| ImageError::BadUrl(e.to_string()))?;
    Ok(url)
}

/// Checks one hop (the first URL or a redirect's target) before it is requested.
/// Names are checked again on the addresses they resolve to ([`crate::resolve`]);
/// here IP literals are judged directly, since they are never resolved.
pub fn check(url: &Url, own: &Origins) -> Result<(), ImageError> {
    if !matches!(url.scheme(), "http" | "https") {
        return Err(ImageError::NotHttp);
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(ImageError::BadUrl("credentials in the URL".into()));
    }
    if own.contains(url) {
        return Ok(());
    }
    match url.host() {
        None => Err(ImageError::BadUrl("no host".into())),
        Some(url::Host::Ipv4(ip)) if !is_public(IpAddr::V4(ip)) => {
            Err(ImageError::NotPublic(ip.to_string()))
        }
        Some(url::Host::Ipv6(ip)) if !is_public(IpAddr::V6(ip)) => {
            Err(ImageError::NotPublic(ip.to_string()))
        }
        // An account's host on another port: the resolver lets that name through
        // unfiltered (it cannot see ports), so it is refused here.
        Some(url::Host::Domain(d)) if own.has_host(d) => Err(ImageError::NotPublic(format!(
            "{d}:{} (not the account's port)",
            url.port_or_known_default().unwrap_or(0)
        ))),
        Some(_) => Ok(()),
    }
}

/// Whether an address is on the public internet (globally routable unicast).
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => is_public_v4(v4),
        IpAddr::V6(v6) => is_public_v6(v6),
    }
}

fn is_public_v4(ip: Ipv4Addr) -> bool {
    let [a, b, c, _] = ip.octets();
    !(ip.is_unspecified()
        || ip.is_loopback()
        || ip.is_private()
        || ip.is_link_local()
        || ip.is_broadcast()
        || ip.is_multicast()
        || ip.is_documentation()
        || a == 0 // "this network"
        || (a == 100 && (64..128).contains(&b)) // shared address space (CGNAT)
        || (a == 192 && b == 0 && c == 0) // IETF protocol assignments
        || (a == 198 && (b == 18 || b == 19)) // benchmarking
        || a >= 240) // reserved
}

fn is_public_v6(ip: Ipv6Addr) -> bool {
    // IPv4 carried in IPv6 (mapped, NAT64) is judged as the IPv4 address it is.
    if let Some(v4) = ip.to_ipv4_mapped() {
        return is_public_v4(v4);
    }
    let seg = ip.segments();
    if seg[0] == 0x64 && seg[1] == 0xff9b && seg[2..6] == [0, 0, 0, 0] {
        let [a, b] = seg[6].to_be_bytes();
        let [c, d] = seg[7].to_be_bytes();
        return is_public_v4(Ipv4Addr::new(a, b, c, d));
    }
    !(ip.is_unspecified()
        || ip.is_loopback()
        || ip.is_multicast()
        || (seg[0] & 0xfe00) == 0xfc00 // unique local
        || (seg[0] & 0xffc0) == 0xfe80 // link local
        || (seg[0] & 0xffc0) == 0xfec0 // site local (deprecated)
        || (seg[0] == 0x2001 && seg[1] == 0x0db8) // documentation
        || (seg[0] == 0x2002) // 6to4: may embed a private IPv4
        || seg[..6] == [0, 0, 0, 0, 0, 0]) // IPv4-compatible (deprecated)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(s: &str) -> Url {
        Url::parse(s).unwrap()
    }

    #[test]
    fn public_web_images_pass() {
        let none = Origins::default();
        for ok in [
            "https://static-api.blinger.io/files/a.png",
            "http://93.184.216.34/x.jpg",
            "https://[2606:4700::1111]/x.png",
        ] {
            assert_eq!(check(&url(ok), &none), Ok(()), "{ok}");
        }
    }

    #[test]
    fn other_schemes_and_credentials_are_refused() {
        let none = Origins::default();
        for bad in [
            "file:///etc/passwd",
            "ftp://example.com/a.png",
            "data:image/png;base64,AA",
        ] {
            assert_eq!(check(&url(bad), &none), Err(ImageError::NotHttp), "{bad}");
        }
        assert!(matches!(
            check(&url("https://user:pw@example.com/a.png"), &none),
            Err(ImageError::BadUrl(_))
        ));
    }

    #[test]
    fn the_lan_and_this_machine_are_refused_as_literals() {
        let none = Origins::default();
        for bad in [
            "http://127.0.0.1/x.png",
            "http://127.1/x.png",
            "http://2130706433/x.png",
            "http://0x7f000001/x.png",
            "http://10.0.0.8/x.png",
            "http://172.20.1.1/x.png",
            "http://192.168.1.1/router.png",
            "http://169.254.169.254/latest/meta-data",
            "http://100.64.0.1/x.png",
            "http://0.0.0.0/x.png",
            "http://[::1]/x.png",
            "http://[fd00::1]/x.png",
            "http://[fe80::1]/x.png",
            "http://[::ffff:192.168.0.1]/x.png",
            "http://[64:ff9b::a00:1]/x.png",
        ] {
            assert!(
                matches!(check(&url(bad), &none), Err(ImageError::NotPublic(_))),
                "{bad}: {:?}",
                check(&url(bad), &none)
            );
        }
    }

    #[test]
    fn an_accounts_own_origin_is_allowed_on_its_port_only() {
        let own = Origins::from_urls([
            "http://127.0.0.1:8765/api",
            "https://chat.lan/api",
            "not a url",
        ]);
        assert_eq!(
            check(&url("http://127.0.0.1:8765/files/a.png"), &own),
            Ok(())
        );
        assert_eq!(check(&url("https://CHAT.lan./media/a.png"), &own), Ok(()));
        assert!(matches!(
            check(&url("http://127.0.0.1:22/a.png"), &own),
            Err(ImageError::NotPublic(_))
        ));
        assert!(matches!(
            check(&url("http://chat.lan:8080/a.png"), &own),
            Err(ImageError::NotPublic(_))
        ));
    }
}
