//! The agent's end and a window's end over the real local channel (a Unix socket
//! here; a named pipe in the Windows build).

use deskbell_ipc::endpoint::{resolve, Host, System};
use deskbell_ipc::frame;
use deskbell_ipc::listener::connect;
use deskbell_ipc::server::Answer;
use deskbell_ipc::{
    ask_to_show, Bound, Client, Endpoint, Failure, Handler, Incoming, Listener, Server, ToAgent,
    ToWindow, PROTOCOL,
};
use serde_json::{json, Value};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

fn endpoint_in(dir: &std::path::Path) -> Endpoint {
    let dir = dir.as_os_str().to_owned();
    resolve(
        System::current(),
        &Host {
            var: &|k| (k == "DESKBELL_AGENT_DIR").then(|| dir.clone()),
            home: None,
            uid: 0,
        },
    )
}

#[derive(Default)]
struct Desk {
    shown: AtomicUsize,
}

impl Handler for Desk {
    fn call(&self, verb: String, args: Value) -> Answer {
        Box::pin(async move {
            match verb.as_str() {
                "echo" => Ok(args),
                "slow" => {
                    tokio::time::sleep(Duration::from_millis(400)).await;
                    Ok(json!("slow done"))
                }
                "hang" => std::future::pending().await,
                _ => Err(Failure::new("not_found", format!("no verb {verb}"))),
            }
        })
    }

    fn show(&self) {
        self.shown.fetch_add(1, Ordering::SeqCst);
    }
}

fn bind(endpoint: &Endpoint) -> Listener {
    match Listener::bind(endpoint).unwrap() {
        Bound::Listening(l) => l,
        Bound::Taken => panic!("the endpoint is taken"),
    }
}

/// An agent serving a test desk at `endpoint`, until the handle is aborted.
fn start_agent(endpoint: &Endpoint) -> (Arc<Server>, tokio::task::JoinHandle<()>) {
    let listener = bind(endpoint);
    let server = Arc::new(Server::default());
    let running = {
        let server = server.clone();
        tokio::spawn(async move { server.run(listener, Arc::new(Desk::default())).await })
    };
    (server, running)
}

async fn eventually(what: &str, mut ok: impl FnMut() -> bool) {
    let start = Instant::now();
    while !ok() {
        assert!(start.elapsed() < Duration::from_secs(5), "never: {what}");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

#[tokio::test]
async fn one_agent_per_endpoint_and_a_second_launch_asks_it_to_show() {
    let dir = tempfile::tempdir().unwrap();
    let endpoint = endpoint_in(dir.path());
    let listener = bind(&endpoint);
    assert!(matches!(Listener::bind(&endpoint).unwrap(), Bound::Taken));

    let server = Arc::new(Server::default());
    let desk = Arc::new(Desk::default());
    let running = {
        let (server, desk) = (server.clone(), desk.clone());
        tokio::spawn(async move { server.run(listener, desk).await })
    };
    ask_to_show(&endpoint).await.unwrap();
    eventually("the agent was asked to show", || {
        desk.shown.load(Ordering::SeqCst) == 1
    })
    .await;
    assert_eq!(server.windows(), 0, "a second launch is not a window");

    // The agent ends (as a crash would): its endpoint is free for the next one.
    running.abort();
    let _ = running.await;
    assert!(matches!(
        Listener::bind(&endpoint).unwrap(),
        Bound::Listening(_)
    ));
}

#[tokio::test]
async fn calls_are_answered_by_id_and_events_reach_every_window() {
    let dir = tempfile::tempdir().unwrap();
    let endpoint = endpoint_in(dir.path());
    let (server, running) = start_agent(&endpoint);
    let (window, mut heard) = Client::connect(&endpoint).await.unwrap();
    let (other, mut other_heard) = Client::connect(&endpoint).await.unwrap();
    assert_eq!(window.agent_pid(), std::process::id());
    eventually("two windows", || server.windows() == 2).await;

    // A slow verb does not hold up a quick one behind it.
    let window = Arc::new(window);
    let slow = tokio::spawn({
        let window = window.clone();
        async move { window.call("slow", json!({})).await }
    });
    tokio::time::sleep(Duration::from_millis(50)).await;
    let started = Instant::now();
    let text = "<img src=x onerror=alert(1)> שלום";
    assert_eq!(
        window.call("echo", json!({"text": text})).await.unwrap()["text"],
        text
    );
    assert!(
        started.elapsed() < Duration::from_millis(300),
        "waited for the slow call"
    );
    assert!(!slow.is_finished());
    assert_eq!(slow.await.unwrap().unwrap(), json!("slow done"));
    let err = window.call("format_disk", json!({})).await.unwrap_err();
    assert_eq!(err.kind, "not_found");

    server.publish(&json!({"type": "connectivity", "online": false}));
    for heard in [&mut heard, &mut other_heard] {
        let got = tokio::time::timeout(Duration::from_secs(5), heard.recv())
            .await
            .unwrap();
        assert_eq!(
            got,
            Some(Incoming::Event(
                json!({"type": "connectivity", "online": false})
            ))
        );
    }
    assert!(server.show_windows());
    assert_eq!(heard.recv().await, Some(Incoming::Show));

    drop(other);
    drop(other_heard);
    // The agent goes away with a call still out: the call fails at once, the
    // window hears that the connection closed.
    let hanging = tokio::spawn({
        let window = window.clone();
        async move { window.call("hang", json!({})).await }
    });
    tokio::time::sleep(Duration::from_millis(50)).await;
    running.abort();
    let _ = running.await;
    drop(server);
    let failed = tokio::time::timeout(Duration::from_secs(5), hanging)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(failed.unwrap_err(), Failure::agent_gone());
    loop {
        match tokio::time::timeout(Duration::from_secs(5), heard.recv())
            .await
            .unwrap()
        {
            Some(Incoming::Closed) => break,
            Some(_) => continue,
            None => panic!("the channel ended without Closed"),
        }
    }
    assert_eq!(
        window.call("echo", json!(1)).await.unwrap_err(),
        Failure::agent_gone()
    );
}

#[tokio::test]
async fn a_window_that_stops_reading_never_blocks_the_desk_and_is_told_to_resync() {
    let dir = tempfile::tempdir().unwrap();
    let endpoint = endpoint_in(dir.path());
    let (server, _running) = start_agent(&endpoint);
    // A raw window: says hello, then reads nothing for a while.
    let mut stream = connect(&endpoint).await.unwrap();
    frame::write(
        &mut stream,
        &ToAgent::Hello {
            protocol: PROTOCOL,
            window: true,
        },
    )
    .await
    .unwrap();
    eventually("the window counted", || server.windows() == 1).await;
    // 3 MB: more than the backlog (1024 events) and the channel's buffer hold.
    let started = Instant::now();
    let pad = "x".repeat(1024);
    for n in 0..3000 {
        server.publish(&json!({"n": n, "pad": pad}));
    }
    let took = started.elapsed();
    println!("3000 events published in {took:?} to a window that reads nothing");
    assert!(
        took < Duration::from_secs(3),
        "publishing waited for the window"
    );

    let mut saw_resync = false;
    let mut last = None;
    while let Ok(Ok(Some(m))) = tokio::time::timeout(
        Duration::from_secs(2),
        frame::read::<_, ToWindow>(&mut stream),
    )
    .await
    {
        match m {
            ToWindow::Resync => saw_resync = true,
            ToWindow::Event { event } => last = event["n"].as_u64(),
            _ => {}
        }
    }
    assert!(saw_resync, "the window was not told it missed events");
    assert_eq!(
        last,
        Some(2999),
        "the newest events still arrive after the gap"
    );
}

#[tokio::test]
async fn garbage_on_the_channel_ends_that_connection_only() {
    let dir = tempfile::tempdir().unwrap();
    let endpoint = endpoint_in(dir.path());
    let (_server, _running) = start_agent(&endpoint);
    let mut bad = connect(&endpoint).await.unwrap();
    use tokio::io::AsyncWriteExt;
    bad.write_all(&u32::MAX.to_be_bytes()).await.unwrap();
    let (good, _heard) = Client::connect(&endpoint).await.unwrap();
    assert_eq!(
        good.call("echo", json!("still here")).await.unwrap(),
        json!("still here")
    );
}

#[cfg(unix)]
#[tokio::test]
async fn the_socket_is_the_users_alone() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let agent_dir = dir.path().join("agent");
    std::fs::create_dir(&agent_dir).unwrap();
    std::fs::set_permissions(&agent_dir, std::fs::Permissions::from_mode(0o755)).unwrap();
    let endpoint = endpoint_in(&agent_dir);
    let _listener = bind(&endpoint);
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&agent_dir), 0o700, "an existing folder is tightened");
    let deskbell_ipc::endpoint::Address::Socket(socket) = &endpoint.address else {
        panic!("a socket on Unix")
    };
    assert_eq!(mode(socket), 0o600);
}
