use crate::cache::Cache;
use crate::resolve::{NotPublicName, PublicOnly};
use crate::{sniff, target, ImageError, Origins};
use bytes::{Bytes, BytesMut};
use reqwest::{header, redirect, Url};
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;
use tokio::sync::Semaphore;

/// The largest image served: a phone photo is 2–6 MB.
pub const MAX_BYTES: usize = 10 * 1024 * 1024;

/// Enough bytes to recognise every format [`sniff::image_type`] knows.
const SNIFF_BYTES: usize = 16;

#[derive(Debug, Clone)]
pub struct ProxyConfig {
    /// Whole request, redirects and body included.
    pub timeout: Duration,
    pub connect_timeout: Duration,
    pub max_bytes: usize,
    pub max_redirects: usize,
    /// Memory kept for images already served.
    pub cache_bytes: usize,
    /// Fetches at once; more wait (a thread full of pictures must not open
    /// dozens of connections).
    pub concurrent: usize,
}

impl Default for ProxyConfig {
    fn default() -> Self {
        ProxyConfig {
            timeout: Duration::from_secs(20),
            connect_timeout: Duration::from_secs(8),
            max_bytes: MAX_BYTES,
            max_redirects: 5,
            cache_bytes: 24 * 1024 * 1024,
            concurrent: 4,
        }
    }
}

/// A picture ready to hand to the webview, with the type its bytes show.
#[derive(Debug, Clone, PartialEq)]
pub struct Image {
    pub content_type: &'static str,
    pub bytes: Bytes,
}

pub struct ImageProxy {
    client: reqwest::Client,
    own: Arc<RwLock<Origins>>,
    cache: Mutex<Cache<Image>>,
    slots: Semaphore,
    max_bytes: usize,
}

impl ImageProxy {
    pub fn new(config: ProxyConfig) -> Result<ImageProxy, ImageError> {
        let own = Arc::new(RwLock::new(Origins::default()));
        let hops = own.clone();
        let max_redirects = config.max_redirects;
        let client = reqwest::Client::builder()
            .timeout(config.timeout)
            .connect_timeout(config.connect_timeout)
            .user_agent(concat!("Deskbell/", env!("CARGO_PKG_VERSION")))
            // Who read the thread is nobody's business: no referrer on redirects,
            // no cookies (reqwest keeps none unless given a store).
            .referer(false)
            // A proxy would connect to whatever the name means on its side of the
            // network, past the public-address check.
            .no_proxy()
            .dns_resolver(Arc::new(PublicOnly { own: own.clone() }))
            .redirect(redirect::Policy::custom(move |attempt| {
                if attempt.previous().len() > max_redirects {
                    return attempt.error(ImageError::BadUrl("too many redirects".into()));
                }
                let own = hops.read().unwrap_or_else(|p| p.into_inner()).clone();
                match target::check(attempt.url(), &own) {
                    Ok(()) => attempt.follow(),
                    Err(e) => attempt.error(e),
                }
            }))
            .build()
            .map_err(|e| ImageError::Connect(format!("cannot build the HTTP client: {e}")))?;
        Ok(ImageProxy {
            client,
            own,
            cache: Mutex::new(Cache::new(config.cache_bytes)),
            slots: Semaphore::new(config.concurrent.max(1)),
            max_bytes: config.max_bytes,
        })
    }

    /// The operator's own servers (see [`Origins`]); set before each request, from
    /// the accounts as they are then.
    pub fn set_own_origins(&self, origins: Origins) {
        let mut own = self.own.write().unwrap_or_else(|p| p.into_inner());
        if *own != origins {
            *own = origins;
        }
    }

    /// The image at `raw`, from the cache or fetched.
    pub async fn get(&self, raw: &str) -> Result<Image, ImageError> {
        let url = target::parse(raw)?;
        let own = self.own.read().unwrap_or_else(|p| p.into_inner()).clone();
        target::check(&url, &own)?;
        if let Some(hit) = self.cached(url.as_str()) {
            return Ok(hit);
        }
        let _slot = self
            .slots
            .acquire()
            .await
            .map_err(|_| ImageError::Timeout)?;
        // Another request may have fetched it while this one waited.
        if let Some(hit) = self.cached(url.as_str()) {
            return Ok(hit);
        }
        let image = self.fetch(url.clone()).await?;
        self.cache.lock().unwrap_or_else(|p| p.into_inner()).put(
            url.into(),
            image.clone(),
            image.bytes.len(),
        );
        Ok(image)
    }

    fn cached(&self, key: &str) -> Option<Image> {
        self.cache
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(key)
    }

    async fn fetch(&self, url: Url) -> Result<Image, ImageError> {
        let mut response = self
            .client
            .get(url)
            .header(
                header::ACCEPT,
                "image/avif,image/webp,image/png,image/jpeg,image/gif,image/*;q=0.8",
            )
            .send()
            .await
            .map_err(classify)?;
        if !response.status().is_success() {
            return Err(ImageError::Status(response.status().as_u16()));
        }
        let declared = response
            .headers()
            .get(header::CONTENT_TYPE)
            .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
        if !sniff::header_allows_image(declared.as_deref()) {
            return Err(ImageError::NotAnImage(declared.unwrap_or_default()));
        }
        let limit = self.max_bytes;
        if response.content_length().is_some_and(|n| n > limit as u64) {
            return Err(ImageError::TooLarge { limit });
        }
        let mut body = BytesMut::new();
        let mut kind = None;
        while let Some(chunk) = response.chunk().await.map_err(classify)? {
            if body.len() + chunk.len() > limit {
                return Err(ImageError::TooLarge { limit });
            }
            body.extend_from_slice(&chunk);
            // Judge the bytes as soon as there are enough of them: a page or a
            // script is dropped before the rest of it is read.
            if kind.is_none() && body.len() >= SNIFF_BYTES {
                kind = Some(sniffed(&body)?);
            }
        }
        let content_type = match kind {
            Some(k) => k,
            None => sniffed(&body)?,
        };
        Ok(Image {
            content_type,
            bytes: body.freeze(),
        })
    }
}

fn sniffed(body: &[u8]) -> Result<&'static str, ImageError> {
    sniff::image_type(body).ok_or_else(|| ImageError::NotAnImage("unknown format".into()))
}

/// A failed send, by what it means: our own refusals (public-address check, a
/// redirect hop) come back wrapped in reqwest's error and are found again here.
fn classify(e: reqwest::Error) -> ImageError {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(&e);
    while let Some(err) = source {
        if let Some(ours) = err.downcast_ref::<ImageError>() {
            return ours.clone();
        }
        if let Some(name) = err.downcast_ref::<NotPublicName>() {
            return ImageError::NotPublic(name.0.clone());
        }
        source = err.source();
    }
    if e.is_timeout() {
        return ImageError::Timeout;
    }
    let mut root: &dyn std::error::Error = &e;
    while let Some(next) = root.source() {
        root = next;
    }
    ImageError::Connect(root.to_string())
}
