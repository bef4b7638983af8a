//! What a body really is, from its first bytes: the `Content-Type` header of a
//! customer-chosen host is a claim, not a fact.

/// The raster formats the window shows, by signature. SVG is not among them: it is
/// an XML document that can reference other resources.
pub fn image_type(bytes: &[u8]) -> Option<&'static str> {
    let starts = |sig: &[u8]| bytes.starts_with(sig);
    if starts(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else if starts(b"\xFF\xD8\xFF") {
        Some("image/jpeg")
    } else if starts(b"GIF87a") || starts(b"GIF89a") {
        Some("image/gif")
    } else if bytes.len() >= 12 && starts(b"RIFF") && &bytes[8..12] == b"WEBP" {
        Some("image/webp")
    } else if bytes.len() >= 12 && &bytes[4..8] == b"ftyp" && is_avif_brand(&bytes[8..12]) {
        Some("image/avif")
    } else if starts(b"BM") && bytes.len() >= 14 {
        Some("image/bmp")
    } else if starts(b"\x00\x00\x01\x00") {
        Some("image/x-icon")
    } else {
        None
    }
}

fn is_avif_brand(brand: &[u8]) -> bool {
    brand == b"avif" || brand == b"avis"
}

/// Whether a `Content-Type` header allows the body to be a picture: `image/*`,
/// or the generic types object stores often send for uploads.
pub fn header_allows_image(content_type: Option<&str>) -> bool {
    let Some(value) = content_type else {
        return true;
    };
    let essence = value
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    essence.starts_with("image/")
        || essence == "application/octet-stream"
        || essence == "binary/octet-stream"
        || essence.is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raster_formats_are_recognised_by_their_bytes() {
        assert_eq!(image_type(b"\x89PNG\r\n\x1a\n...."), Some("image/png"));
        assert_eq!(image_type(b"\xFF\xD8\xFF\xE0..JFIF"), Some("image/jpeg"));
        assert_eq!(image_type(b"GIF89a...."), Some("image/gif"));
        assert_eq!(image_type(b"RIFF\x10\0\0\0WEBPVP8 "), Some("image/webp"));
        assert_eq!(
            image_type(b"\0\0\0\x1cftypavif\0\0\0\0"),
            Some("image/avif")
        );
        assert_eq!(
            image_type(b"BM\x36\0\0\0\0\0\0\0\x36\0\0\0"),
            Some("image/bmp")
        );
    }

    #[test]
    fn documents_and_scripts_are_not_pictures() {
        for body in [
            &b"<svg xmlns='http://www.w3.org/2000/svg'><script>x</script></svg>"[..],
            b"<!doctype html><html>",
            b"%PDF-1.7",
            b"alert(1)",
            b"RIFF\x10\0\0\0WAVEfmt ",
            b"",
            b"\x89PN",
        ] {
            assert_eq!(
                image_type(body),
                None,
                "{:?}",
                String::from_utf8_lossy(body)
            );
        }
    }

    #[test]
    fn the_header_must_not_claim_something_else() {
        assert!(header_allows_image(Some("image/png")));
        assert!(header_allows_image(Some("IMAGE/JPEG; charset=binary")));
        assert!(header_allows_image(Some("application/octet-stream")));
        assert!(header_allows_image(None));
        assert!(!header_allows_image(Some("text/html; charset=utf-8")));
        assert!(!header_allows_image(Some("application/javascript")));
    }
}
