//! A Unix socket, 0600 in a 0700 folder; each side checks that the other runs as
//! the same user (SO_PEERCRED / getpeereid), whatever the file modes say.

use super::Stream;
use crate::endpoint::{Address, Endpoint};
use std::io;
use std::os::unix::fs::PermissionsExt;
use std::path::PathBuf;
use tokio::net::{UnixListener, UnixStream};

pub struct Inner {
    listener: UnixListener,
    path: PathBuf,
}

fn socket_path(endpoint: &Endpoint) -> io::Result<&PathBuf> {
    match &endpoint.address {
        Address::Socket(p) => Ok(p),
        Address::Pipe(_) => Err(io::Error::new(io::ErrorKind::Unsupported, "a pipe on Unix")),
    }
}

impl Inner {
    pub fn bind(endpoint: &Endpoint) -> io::Result<Inner> {
        let path = socket_path(endpoint)?.clone();
        // The lock is ours, so a socket file left here is a dead agent's.
        match std::fs::remove_file(&path) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e),
            _ => {}
        }
        let listener = UnixListener::bind(&path)?;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600))?;
        Ok(Inner { listener, path })
    }

    pub async fn accept(&mut self) -> io::Result<Stream> {
        loop {
            let (stream, _) = self.listener.accept().await?;
            match same_user(&stream) {
                Ok(()) => return Ok(Box::new(stream)),
                Err(e) => log::warn!("a connection refused: {e}"),
            }
        }
    }
}

impl Drop for Inner {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

pub async fn connect(endpoint: &Endpoint) -> io::Result<Stream> {
    let stream = UnixStream::connect(socket_path(endpoint)?).await?;
    same_user(&stream)?;
    Ok(Box::new(stream))
}

fn same_user(stream: &UnixStream) -> io::Result<()> {
    let peer = stream.peer_cred()?.uid();
    let me = crate::endpoint::current_uid();
    if peer == me {
        Ok(())
    } else {
        Err(io::Error::new(
            io::ErrorKind::PermissionDenied,
            format!("the other end runs as user {peer}, not {me}"),
        ))
    }
}
