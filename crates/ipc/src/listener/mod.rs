//! Binding the agent's end (one agent per user: a lock file decides) and
//! connecting to it, on each system's own local channel.

#[cfg(unix)]
mod unix;
#[cfg(windows)]
mod windows;

use crate::endpoint::Endpoint;
use std::fs::File;
use std::io;
use tokio::io::{AsyncRead, AsyncWrite};

/// A connection, whatever carries it.
pub trait Duplex: AsyncRead + AsyncWrite + Unpin + Send + 'static {}
impl<T: AsyncRead + AsyncWrite + Unpin + Send + 'static> Duplex for T {}
pub type Stream = Box<dyn Duplex>;

pub enum Bound {
    Listening(Listener),
    /// Another agent of this user holds the lock: connect to it instead.
    Taken,
}

pub struct Listener {
    #[cfg(unix)]
    inner: unix::Inner,
    #[cfg(windows)]
    inner: windows::Inner,
    /// Held for the agent's life; the system releases it when the process ends,
    /// however it ends, so a crashed agent leaves nothing that blocks the next.
    _lock: File,
}

impl Listener {
    /// Takes this user's agent endpoint, unless another agent holds it. Call it
    /// inside a tokio runtime.
    pub fn bind(endpoint: &Endpoint) -> io::Result<Bound> {
        make_private_dir(&endpoint.dir)?;
        // A socket that had to move to a shorter path lives in a folder of its own.
        #[cfg(unix)]
        if let crate::endpoint::Address::Socket(socket) = &endpoint.address {
            if let Some(parent) = socket.parent().filter(|p| *p != endpoint.dir) {
                make_private_dir(parent)?;
            }
        }
        let mut options = File::options();
        options.create(true).truncate(false).write(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let lock = options.open(&endpoint.lock)?;
        match lock.try_lock() {
            Ok(()) => {}
            Err(std::fs::TryLockError::WouldBlock) => return Ok(Bound::Taken),
            Err(std::fs::TryLockError::Error(e)) => return Err(e),
        }
        Ok(Bound::Listening(Listener {
            #[cfg(unix)]
            inner: unix::Inner::bind(endpoint)?,
            #[cfg(windows)]
            inner: windows::Inner::bind(endpoint)?,
            _lock: lock,
        }))
    }

    /// The next connection from a process of this user (others are turned away).
    pub async fn accept(&mut self) -> io::Result<Stream> {
        self.inner.accept().await
    }
}

/// Connects to this user's agent. Fails (NotFound / ConnectionRefused) when none runs.
pub async fn connect(endpoint: &Endpoint) -> io::Result<Stream> {
    #[cfg(unix)]
    return unix::connect(endpoint).await;
    #[cfg(windows)]
    return windows::connect(endpoint).await;
}

/// The endpoint's folder, created owner-only; on Unix an existing one must be
/// this user's (a folder another user made in /tmp is a trap) and is made 0700.
fn make_private_dir(dir: &std::path::Path) -> io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::{DirBuilderExt, MetadataExt, PermissionsExt};
        builder.mode(0o700);
        builder.create(dir)?;
        let meta = std::fs::symlink_metadata(dir)?;
        if !meta.is_dir() || meta.uid() != crate::endpoint::current_uid() {
            return Err(io::Error::new(
                io::ErrorKind::PermissionDenied,
                format!("{} is not a folder of this user's", dir.display()),
            ));
        }
        if meta.mode() & 0o077 != 0 {
            std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))?;
        }
        Ok(())
    }
    #[cfg(not(unix))]
    builder.create(dir)
}
