//! Demo mode: the built-in Blinger simulator on loopback, with live customers, so a
//! first run shows a working inbox and real notifications before any setup.

use crate::settings::{Account, AccountKind};
use blinger_sim::{LiveConfig, SimConfig, SimHandle};
use deskbell_transport::Token;
use std::path::PathBuf;

/// The demo account's id and name.
pub const DEMO_ACCOUNT: &str = "demo";
const DEMO_NAME: &str = "Demo";
/// The demo operator: `start`/assignments are attributed to them.
pub const DEMO_OPERATOR: i64 = 1;

pub struct Demo {
    /// Held for its lifetime: dropping the handle stops the demo server.
    _server: SimHandle,
    pub account: Account,
    pub token: Token,
    pub widget_token: Token,
}

/// Starts the simulator with demo data; `messages_per_minute` sets how busy the
/// customers are. Its state lives in `state_file`: a new app start deals fresh demo
/// data, a restart that `carries_on` (the app's tray-mode restart) continues with
/// what the operator did.
pub async fn start(
    messages_per_minute: f64,
    state_file: PathBuf,
    carries_on: bool,
) -> std::io::Result<Demo> {
    if !carries_on {
        let _ = std::fs::remove_file(&state_file);
    }
    // Tokens are random per run: nothing else on the machine can drive the demo server.
    let token = format!("demo-{}", uuid::Uuid::new_v4());
    let widget_token = format!("demo-widget-{}", uuid::Uuid::new_v4());
    let config = SimConfig {
        token: token.clone(),
        widget_token: widget_token.clone(),
        demo: true,
        live: (messages_per_minute > 0.0).then(|| LiveConfig::with_rate(messages_per_minute)),
        state_file: Some(state_file),
        ..SimConfig::default()
    };
    let sim = blinger_sim::start("127.0.0.1:0".parse().expect("loopback address"), config).await?;
    let account = Account {
        id: DEMO_ACCOUNT.into(),
        name: DEMO_NAME.into(),
        insecure: false,
        kind: AccountKind::Blinger {
            api_url: sim.api_base_url(),
            operator_id: Some(DEMO_OPERATOR),
            group_ids: Vec::new(),
            widget_url: Some(sim.widget_base_url()),
        },
        names: Default::default(),
    };
    Ok(Demo {
        _server: sim,
        account,
        token: Token::new(token),
        widget_token: Token::new(widget_token),
    })
}

impl Demo {
    /// Stops the demo server once its state is saved.
    pub async fn stop(self) {
        self._server.shutdown().await;
    }
}

impl crate::Desk {
    /// Starts the demo server and its account (first run, or `--demo`).
    pub fn start_demo(self: &std::sync::Arc<Self>, messages_per_minute: f64, carries_on: bool) {
        let desk = self.clone();
        self.spawn(async move {
            let state_file = crate::settings::cache_dir().join("demo-server.json");
            match start(messages_per_minute, state_file, carries_on).await {
                Ok(d) => {
                    let tokens = Some((d.token.clone(), Some(d.widget_token.clone())));
                    match crate::providers::build(&d.account, tokens, &desk.roster).await {
                        Ok(provider) => desk.start_account(d.account.clone(), provider, true),
                        Err(e) => log::error!("demo account not started: {e}"),
                    }
                    *crate::lock(&desk.demo) = Some(d);
                }
                Err(e) => log::error!("demo server not started: {e}"),
            }
        });
    }

    /// A real account replaces the demo: its server and its rows go away.
    pub fn stop_demo(&self) {
        if crate::lock(&self.demo).take().is_some() {
            self.stop_account(DEMO_ACCOUNT);
        }
    }
}
