//! Length-prefixed JSON: a 4-byte big-endian length, then that many bytes of one
//! JSON message. A length over [`MAX_FRAME`] ends the connection: the peer is
//! broken or hostile, and the reader must not allocate what it asks for.

use serde::de::DeserializeOwned;
use serde::Serialize;
use std::io;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};

/// A thread of a few thousand messages is a few MB of JSON; nothing legitimate
/// comes near this.
pub const MAX_FRAME: usize = 32 * 1024 * 1024;

/// One message as the bytes of a whole frame (so an event serialized once can be
/// written to every window).
pub fn encode<T: Serialize>(message: &T) -> io::Result<Vec<u8>> {
    let body = serde_json::to_vec(message)?;
    if body.len() > MAX_FRAME {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            format!("message of {} bytes is over the limit", body.len()),
        ));
    }
    let mut frame = Vec::with_capacity(4 + body.len());
    frame.extend_from_slice(&(body.len() as u32).to_be_bytes());
    frame.extend_from_slice(&body);
    Ok(frame)
}

pub async fn write<W: AsyncWrite + Unpin, T: Serialize>(w: &mut W, message: &T) -> io::Result<()> {
    w.write_all(&encode(message)?).await?;
    w.flush().await
}

/// The next message, or `None` when the peer closed the connection between frames.
pub async fn read<R: AsyncRead + Unpin, T: DeserializeOwned>(r: &mut R) -> io::Result<Option<T>> {
    let mut len = [0u8; 4];
    match r.read_exact(&mut len).await {
        Ok(_) => {}
        Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => return Ok(None),
        Err(e) => return Err(e),
    }
    let len = u32::from_be_bytes(len) as usize;
    if len > MAX_FRAME {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            format!("a frame of {len} bytes is over the limit"),
        ));
    }
    let mut body = vec![0u8; len];
    r.read_exact(&mut body).await?;
    serde_json::from_slice(&body)
        .map(Some)
        .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, format!("not a message: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};

    #[tokio::test]
    async fn messages_come_back_as_they_went() {
        let (mut a, mut b) = tokio::io::duplex(64);
        let sent = json!({"text": "שלום — привет <script>", "n": [1, 2, 3]});
        let writer = tokio::spawn(async move {
            write(&mut a, &sent).await.unwrap();
            write(&mut a, &json!(null)).await.unwrap();
        });
        let first: Value = read(&mut b).await.unwrap().unwrap();
        assert_eq!(first["text"], "שלום — привет <script>");
        let second: Value = read(&mut b).await.unwrap().unwrap();
        assert!(second.is_null());
        writer.await.unwrap();
        assert!(read::<_, Value>(&mut b).await.unwrap().is_none(), "closed");
    }

    #[tokio::test]
    async fn a_huge_length_is_refused_without_allocating_it() {
        let (mut a, mut b) = tokio::io::duplex(64);
        a.write_all(&u32::MAX.to_be_bytes()).await.unwrap();
        let err = read::<_, Value>(&mut b).await.unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::InvalidData);
    }

    #[tokio::test]
    async fn garbage_and_a_cut_frame_are_errors() {
        let (mut a, mut b) = tokio::io::duplex(64);
        a.write_all(&3u32.to_be_bytes()).await.unwrap();
        a.write_all(b"{{{").await.unwrap();
        assert_eq!(
            read::<_, Value>(&mut b).await.unwrap_err().kind(),
            io::ErrorKind::InvalidData
        );
        a.write_all(&10u32.to_be_bytes()).await.unwrap();
        a.write_all(b"{}").await.unwrap();
        drop(a);
        assert_eq!(
            read::<_, Value>(&mut b).await.unwrap_err().kind(),
            io::ErrorKind::UnexpectedEof
        );
    }
}
