//! Notifications on Linux: the freedesktop Notifications interface, spoken over
//! one session-bus connection on the desk's runtime. One listener serves every
//! notification's click, however many stay on screen (GNOME keeps them until the
//! operator dismisses them): no thread, no connection per notification.

use crate::clicks::{Clicks, OnOpen};
use crate::Dressed;
use deskbell_runtime::{lock, Alert};
use futures_util::StreamExt;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use tokio::runtime::Handle;
use zbus::message::Type;
use zbus::zvariant::Value;
use zbus::{Connection, MatchRule, MessageStream};

const DEST: &str = "org.freedesktop.Notifications";
const PATH: &str = "/org/freedesktop/Notifications";
const IFACE: &str = "org.freedesktop.Notifications";

#[derive(Clone)]
pub struct Freedesktop {
    rt: Handle,
    /// Made at the first notification; dropped when a call finds it broken.
    conn: Arc<tokio::sync::Mutex<Option<Connection>>>,
    clicks: Arc<Mutex<Clicks>>,
}

impl Freedesktop {
    pub fn new(rt: Handle) -> Self {
        Freedesktop {
            rt,
            conn: Arc::default(),
            clicks: Arc::default(),
        }
    }

    /// Shows `dressed` without blocking the caller; `on_open` runs on a click.
    pub fn show(&self, dressed: Dressed, alert: Alert, on_open: OnOpen) {
        let this = self.clone();
        self.rt.spawn(async move {
            match this.send(&dressed).await {
                Ok(id) => lock(&this.clicks).insert(id, alert, on_open),
                Err(e) => log::warn!("notification not shown: {e}"),
            }
        });
    }

    async fn send(&self, n: &Dressed) -> zbus::Result<u32> {
        let conn = self.connection().await?;
        let mut hints: HashMap<&str, Value> = HashMap::new();
        if let Some(sound) = n.sound {
            hints.insert("sound-name", Value::from(sound));
        }
        if let Some(category) = n.category {
            hints.insert("category", Value::from(category));
        }
        let body = (
            n.app_name,
            0u32, // replaces no earlier notification
            n.icon.unwrap_or(""),
            n.summary.as_str(),
            n.body.as_str(),
            ["default", "Open"].as_slice(),
            hints,
            -1i32, // the server's own timeout
        );
        let answer = conn
            .call_method(Some(DEST), PATH, Some(IFACE), "Notify", &body)
            .await;
        match answer {
            Ok(reply) => reply.body().deserialize::<u32>(),
            // The server answered (say, none is running yet): the connection is fine.
            Err(e @ zbus::Error::MethodError(..)) => Err(e),
            Err(e) => {
                *self.conn.lock().await = None;
                Err(e)
            }
        }
    }

    /// The connection, made (and its listener started) on first use.
    async fn connection(&self) -> zbus::Result<Connection> {
        let mut held = self.conn.lock().await;
        if let Some(conn) = held.as_ref() {
            return Ok(conn.clone());
        }
        let conn = Connection::session().await?;
        // Subscribed before the first Notify, so no click can come before we listen.
        let rule = MatchRule::builder()
            .msg_type(Type::Signal)
            .interface(IFACE)?
            .path(PATH)?
            .build();
        let signals = MessageStream::for_match_rule(rule, &conn, Some(256)).await?;
        self.rt.spawn(listen(signals, self.clicks.clone()));
        *held = Some(conn.clone());
        Ok(conn)
    }
}

/// Hands clicks to their notification's `on_open`; forgets closed notifications.
async fn listen(mut signals: MessageStream, clicks: Arc<Mutex<Clicks>>) {
    while let Some(Ok(msg)) = signals.next().await {
        let header = msg.header();
        match header.member().map(|m| m.as_str()) {
            Some("ActionInvoked") => {
                let Ok((id, action)) = msg.body().deserialize::<(u32, String)>() else {
                    continue;
                };
                let clicked = lock(&clicks).take_action(id, &action);
                if let Some((alert, on_open)) = clicked {
                    on_open(alert);
                }
            }
            Some("NotificationClosed") => {
                if let Ok((id, _reason)) = msg.body().deserialize::<(u32, u32)>() {
                    lock(&clicks).closed(id);
                }
            }
            _ => {}
        }
    }
}
