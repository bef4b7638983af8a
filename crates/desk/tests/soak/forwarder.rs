//! A TCP forwarder in front of the simulator that can make it unreachable: while
//! down, its port is closed (a connect is refused, as with a server that is gone)
//! and every connection it carried is dropped; up again, it listens on the same port.

use std::net::SocketAddr;
use std::sync::Mutex;
use std::time::Duration;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::oneshot;
use tokio::task::{JoinHandle, JoinSet};

pub struct Forwarder {
    addr: SocketAddr,
    target: SocketAddr,
    running: Mutex<Option<(oneshot::Sender<()>, JoinHandle<()>)>>,
}

impl Forwarder {
    /// Forwards a fresh loopback port to `target`.
    pub async fn start(target: SocketAddr) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let forwarder = Forwarder {
            addr: listener.local_addr().unwrap(),
            target,
            running: Mutex::new(None),
        };
        forwarder.serve(listener);
        forwarder
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The Conversation API through the forwarder.
    pub fn api_url(&self) -> String {
        format!("http://{}/api", self.addr)
    }

    /// Closes the port and drops every connection; returns once both are done.
    pub async fn down(&self) {
        let running = self.running.lock().unwrap().take();
        if let Some((stop, task)) = running {
            let _ = stop.send(());
            task.await.unwrap();
        }
    }

    /// Listens on the same port again.
    pub async fn up(&self) {
        let mut tries = 0;
        let listener = loop {
            match TcpListener::bind(self.addr).await {
                Ok(l) => break l,
                Err(e) if tries < 50 => {
                    tries += 1;
                    tracing::warn!("rebinding {}: {e}", self.addr);
                    tokio::time::sleep(Duration::from_millis(20)).await;
                }
                Err(e) => panic!("cannot listen on {} again: {e}", self.addr),
            }
        };
        self.serve(listener);
    }

    fn serve(&self, listener: TcpListener) {
        let (stop, stopped) = oneshot::channel();
        let task = tokio::spawn(forward(listener, self.target, stopped));
        *self.running.lock().unwrap() = Some((stop, task));
    }
}

async fn forward(listener: TcpListener, target: SocketAddr, mut stop: oneshot::Receiver<()>) {
    let mut links = JoinSet::new();
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                if let Ok((client, _)) = accepted {
                    links.spawn(link(client, target));
                }
            }
            Some(_) = links.join_next(), if !links.is_empty() => {}
            _ = &mut stop => break,
        }
    }
    drop(listener);
    links.shutdown().await;
}

async fn link(mut client: TcpStream, target: SocketAddr) {
    if let Ok(mut server) = TcpStream::connect(target).await {
        let _ = tokio::io::copy_bidirectional(&mut client, &mut server).await;
    }
}
