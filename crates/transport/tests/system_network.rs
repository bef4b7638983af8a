//! Corporate desks: the OS certificate store and the OS proxy settings are
//! honoured by the clients' HTTP client (`HttpConfig::build_client`).
//!
//! - A self-hosted server whose certificate a company CA signed: refused while the
//!   CA is in no store the client reads, trusted once the system's store has it.
//!   On Linux the store is OpenSSL's (`/etc/ssl/certs`), which `SSL_CERT_FILE`
//!   points elsewhere, as it does for every OpenSSL program; Windows and macOS
//!   read their own stores (Certificate Manager, Keychain).
//! - A proxy named by `HTTP_PROXY` carries the requests (on Windows and macOS the
//!   system's proxy settings are read as well).
//!
//! One test, run in order: both parts change the process's environment.

use deskbell_transport::HttpConfig;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use std::sync::Arc;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

struct CompanyServer {
    url: String,
    ca_pem: String,
}

/// An HTTPS server on loopback, its certificate signed by a private CA.
async fn company_server() -> CompanyServer {
    let ca_key = rcgen::KeyPair::generate().unwrap();
    let mut ca = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
    ca.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
    ca.distinguished_name
        .push(rcgen::DnType::CommonName, "Example Company Inspection CA");
    let ca_cert = ca.self_signed(&ca_key).unwrap();
    let issuer = rcgen::Issuer::new(ca, ca_key);
    let key = rcgen::KeyPair::generate().unwrap();
    let cert = rcgen::CertificateParams::new(vec!["localhost".to_string()])
        .unwrap()
        .signed_by(&key, &issuer)
        .unwrap();

    let config = rustls::ServerConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .unwrap()
    .with_no_client_auth()
    .with_single_cert(
        vec![CertificateDer::from(cert.der().to_vec())],
        PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key.serialize_der())),
    )
    .unwrap();
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move {
        loop {
            let Ok((tcp, _)) = listener.accept().await else {
                return;
            };
            let acceptor = acceptor.clone();
            tokio::spawn(async move {
                // A refused handshake is what the first request is for.
                if let Ok(mut tls) = acceptor.accept(tcp).await {
                    let mut buf = [0u8; 4096];
                    let _ = tls.read(&mut buf).await;
                    let body = "company server";
                    let answer = format!(
                        "HTTP/1.1 200 OK\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                        body.len()
                    );
                    let _ = tls.write_all(answer.as_bytes()).await;
                    let _ = tls.shutdown().await;
                }
            });
        }
    });
    CompanyServer {
        url: format!("https://localhost:{port}/api/v1/profile"),
        ca_pem: ca_cert.pem(),
    }
}

/// A forward proxy on loopback that answers every request itself, and says what
/// it was asked.
async fn proxy() -> (String, tokio::sync::mpsc::UnboundedReceiver<String>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
    tokio::spawn(async move {
        while let Ok((mut tcp, _)) = listener.accept().await {
            let mut buf = vec![0u8; 4096];
            let n = tcp.read(&mut buf).await.unwrap_or(0);
            let head = String::from_utf8_lossy(&buf[..n]);
            let _ = tx.send(head.lines().next().unwrap_or("").to_owned());
            let body = "via the proxy";
            let answer = format!(
                "HTTP/1.1 200 OK\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                body.len()
            );
            let _ = tcp.write_all(answer.as_bytes()).await;
        }
    });
    (format!("http://{addr}"), rx)
}

#[tokio::test]
async fn the_systems_certificates_and_proxy_are_honoured() {
    for var in [
        "HTTP_PROXY",
        "http_proxy",
        "HTTPS_PROXY",
        "https_proxy",
        "ALL_PROXY",
        "all_proxy",
    ] {
        std::env::remove_var(var);
    }
    std::env::set_var("NO_PROXY", "localhost,127.0.0.1");

    // 1. The company CA: unknown to the client at first, then in the system's store.
    let server = company_server().await;
    let client = HttpConfig::default().build_client().unwrap();
    let refused = client.get(&server.url).send().await.unwrap_err();
    let why = format!("{refused:?}");
    assert!(
        why.contains("UnknownIssuer") || why.contains("certificate"),
        "{why}"
    );

    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("company-ca.pem");
    std::fs::write(&store, &server.ca_pem).unwrap();
    std::env::set_var("SSL_CERT_FILE", &store);
    let client = HttpConfig::default().build_client().unwrap();
    let answer = client.get(&server.url).send().await.unwrap();
    assert_eq!(answer.status(), 200);
    assert_eq!(answer.text().await.unwrap(), "company server");
    std::env::remove_var("SSL_CERT_FILE");

    // 2. The proxy the system names carries a request to a host it alone can reach.
    let (proxy_url, mut asked) = proxy().await;
    std::env::set_var("HTTP_PROXY", &proxy_url);
    std::env::remove_var("NO_PROXY");
    let client = HttpConfig::default().build_client().unwrap();
    let answer = client
        .get("http://chat.intranet.example/api/v1/profile")
        .send()
        .await
        .unwrap();
    assert_eq!(answer.text().await.unwrap(), "via the proxy");
    assert_eq!(
        asked.recv().await.unwrap(),
        "GET http://chat.intranet.example/api/v1/profile HTTP/1.1"
    );
    std::env::remove_var("HTTP_PROXY");
}
