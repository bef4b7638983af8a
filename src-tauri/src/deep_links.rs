//! `deskbell://conversation/<account>/<id>` links given to the window program:
//! on its command line when a link starts it (Windows, Linux), from a second
//! launch through the single-instance plugin, or from the system while it runs
//! (macOS sends links as events). Each goes to the agent, which checks it and
//! opens the conversation as a notification click does (`Desk::open_link`).
//! The schemes are registered by the installers from `tauri.conf.json`
//! (`plugins.deep-link`).

use crate::agent_link::AgentLink;
use deskbell_desk::ConvKey;
use deskbell_runtime::deep_link;
use serde_json::json;
use std::sync::Arc;
use tauri::AppHandle;
use tauri_plugin_deep_link::DeepLinkExt;

/// Forwards the link this program was started with, if any, and every later one.
pub fn listen(app: &AppHandle, link: Arc<AgentLink>) {
    let args: Vec<String> = std::env::args().collect();
    if let Some(url) = deep_link::in_args(&args) {
        forward(link.clone(), url.to_owned());
    }
    app.deep_link().on_open_url(move |event| {
        for url in event.urls() {
            forward(link.clone(), url.to_string());
        }
    });
}

fn forward(link: Arc<AgentLink>, url: String) {
    tauri::async_runtime::spawn(async move {
        let opened = link
            .call::<ConvKey>("open_link", json!({ "link": url }))
            .await;
        match opened.map(|answer| serde_json::from_value::<ConvKey>(answer.into_value())) {
            Ok(Ok(key)) => log::info!(
                "a deskbell:// link opened {}/{}",
                key.account.0,
                key.conversation
            ),
            Ok(Err(e)) => log::warn!("a deskbell:// link: unexpected answer: {e}"),
            Err(e) => log::warn!("a deskbell:// link was not opened: {}", e.message),
        }
    });
}
