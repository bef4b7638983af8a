//! The proxy against a real HTTP server on loopback. Loopback is not public, so
//! every test names the server as the account's own origin — except the tests
//! that show what happens when it is not.

mod support;

use deskbell_images::{ImageError, ImageProxy, Origins, ProxyConfig};
use std::time::Duration;
use support::{Server, PNG};

fn proxy_for(server: &Server) -> ImageProxy {
    let proxy = ImageProxy::new(ProxyConfig::default()).unwrap();
    proxy.set_own_origins(Origins::from_urls([server.base.as_str()]));
    proxy
}

#[tokio::test]
async fn a_picture_from_the_accounts_server_is_served_with_its_real_type() {
    let server = Server::start().await;
    let proxy = proxy_for(&server);
    let image = proxy.get(&server.url("/a.png")).await.unwrap();
    assert_eq!(image.content_type, "image/png");
    assert_eq!(&image.bytes[..], PNG);
    // The header said JPEG; the bytes are PNG, and the bytes win.
    let image = proxy.get(&server.url("/mislabelled.jpg")).await.unwrap();
    assert_eq!(image.content_type, "image/png");
}

#[tokio::test]
async fn no_cookie_and_no_referrer_leave_the_app() {
    let server = Server::start().await;
    let proxy = proxy_for(&server);
    proxy.get(&server.url("/set-cookie.png")).await.unwrap();
    proxy.get(&server.url("/redirect?to=/b.png")).await.unwrap();
    let heads = server.requests();
    let followed = heads
        .iter()
        .find(|r| r.starts_with("GET /b.png"))
        .expect("the redirect was followed");
    let lower = followed.to_ascii_lowercase();
    assert!(!lower.contains("\r\nreferer:"), "{followed}");
    assert!(!lower.contains("\r\ncookie:"), "{followed}");
    assert!(lower.contains("\r\naccept: image/"), "{followed}");
}

#[tokio::test]
async fn pages_scripts_and_svg_are_not_pictures() {
    let server = Server::start().await;
    let proxy = proxy_for(&server);
    for path in [
        "/page.html",
        "/svg",
        "/html-as-png.png",
        "/tiny",
        "/endless-page.png",
    ] {
        let got = proxy.get(&server.url(path)).await;
        assert!(
            matches!(got, Err(ImageError::NotAnImage(_))),
            "{path}: {got:?}"
        );
    }
    // Judged by its first bytes: the endless page was dropped early.
    let sent = server.bytes_sent("/endless-page.png");
    assert!(sent < 512 * 1024, "{sent} bytes sent");
}

#[tokio::test]
async fn the_size_cap_holds_with_and_without_a_content_length() {
    let server = Server::start().await;
    let proxy = ImageProxy::new(ProxyConfig {
        max_bytes: 64 * 1024,
        ..ProxyConfig::default()
    })
    .unwrap();
    proxy.set_own_origins(Origins::from_urls([server.base.as_str()]));
    for path in [
        "/big-declared.png",
        "/big-chunked.png",
        "/big-unbounded.png",
    ] {
        let got = proxy.get(&server.url(path)).await;
        assert_eq!(
            got,
            Err(ImageError::TooLarge { limit: 64 * 1024 }),
            "{path}"
        );
    }
    // The endless ones were cut off: far less than their 1 MB was read.
    for path in ["/big-chunked.png", "/big-unbounded.png"] {
        let sent = server.bytes_sent(path);
        assert!(sent < 512 * 1024, "{path}: {sent} bytes sent");
    }
}

#[tokio::test]
async fn a_slow_server_times_out() {
    let server = Server::start().await;
    let proxy = ImageProxy::new(ProxyConfig {
        timeout: Duration::from_millis(300),
        ..ProxyConfig::default()
    })
    .unwrap();
    proxy.set_own_origins(Origins::from_urls([server.base.as_str()]));
    assert_eq!(
        proxy.get(&server.url("/slow.png")).await,
        Err(ImageError::Timeout)
    );
}

#[tokio::test]
async fn errors_from_the_server_are_errors() {
    let server = Server::start().await;
    let proxy = proxy_for(&server);
    assert_eq!(
        proxy.get(&server.url("/missing.png")).await,
        Err(ImageError::Status(404))
    );
}

#[tokio::test]
async fn loopback_that_is_not_an_account_is_never_contacted() {
    let server = Server::start().await;
    let proxy = ImageProxy::new(ProxyConfig::default()).unwrap();
    // No account there: the literal address is refused…
    let got = proxy.get(&server.url("/a.png")).await;
    assert!(matches!(got, Err(ImageError::NotPublic(_))), "{got:?}");
    // …and so is a name that resolves to it.
    let by_name = server.url("/a.png").replace("127.0.0.1", "localhost");
    let got = proxy.get(&by_name).await;
    assert!(matches!(got, Err(ImageError::NotPublic(_))), "{got:?}");
    assert!(server.requests().is_empty(), "{:?}", server.requests());
}

#[tokio::test]
async fn a_redirect_cannot_lead_into_the_lan() {
    let server = Server::start().await;
    let other = Server::start().await;
    let proxy = proxy_for(&server);
    // To another loopback port (a literal address)…
    let hop = other.url("/a.png");
    let got = proxy.get(&server.url(&format!("/redirect?to={hop}"))).await;
    assert!(matches!(got, Err(ImageError::NotPublic(_))), "{got:?}");
    // …and to a name that resolves to loopback, on the account's own port.
    let hop = server.url("/a.png").replace("127.0.0.1", "localhost");
    let got = proxy.get(&server.url(&format!("/redirect?to={hop}"))).await;
    assert!(matches!(got, Err(ImageError::NotPublic(_))), "{got:?}");
    assert!(other.requests().is_empty());
    assert!(!server
        .requests()
        .iter()
        .any(|r| r.starts_with("GET /a.png")));
}

#[tokio::test]
async fn only_http_and_https_urls_are_fetched() {
    let proxy = ImageProxy::new(ProxyConfig::default()).unwrap();
    for raw in [
        "file:///etc/hostname",
        "ftp://example.com/a.png",
        "javascript:1",
    ] {
        assert_eq!(proxy.get(raw).await, Err(ImageError::NotHttp), "{raw}");
    }
    assert!(matches!(
        proxy.get("not a url").await,
        Err(ImageError::BadUrl(_))
    ));
}

#[tokio::test]
async fn a_picture_seen_once_is_served_from_memory() {
    let server = Server::start().await;
    let proxy = proxy_for(&server);
    for _ in 0..3 {
        proxy.get(&server.url("/a.png")).await.unwrap();
    }
    let fetched = server
        .requests()
        .iter()
        .filter(|r| r.starts_with("GET /a.png"))
        .count();
    assert_eq!(fetched, 1);
}
