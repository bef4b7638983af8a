/// Why an image was not served. Each maps to the HTTP status the page's `<img>`
/// receives (it only sees that the load failed; the log gets the reason).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImageError {
    #[error("not an http(s) URL")]
    NotHttp,
    #[error("not a URL the app fetches: {0}")]
    BadUrl(String),
    #[error("{0} is not on the public internet")]
    NotPublic(String),
    #[error("larger than {limit} bytes")]
    TooLarge { limit: usize },
    #[error("not a picture ({0})")]
    NotAnImage(String),
    #[error("the server answered {0}")]
    Status(u16),
    #[error("no answer in time")]
    Timeout,
    #[error("cannot reach the server: {0}")]
    Connect(String),
}

impl ImageError {
    /// The status the custom protocol answers with.
    pub fn http_status(&self) -> u16 {
        match self {
            ImageError::NotHttp | ImageError::BadUrl(_) => 400,
            ImageError::NotPublic(_) => 403,
            ImageError::TooLarge { .. } => 413,
            ImageError::NotAnImage(_) => 415,
            ImageError::Status(_) | ImageError::Connect(_) => 502,
            ImageError::Timeout => 504,
        }
    }
}
