//! Settings files and webhooks: files from before webhooks were per account (one
//! switch for all), and from before webhooks existed, load; the switch becomes one
//! per Blinger account, and the file says so from then on.

use super::super::{load_from, Paths};
use crate::settings::Settings;

fn start_with(settings: &str) -> (Settings, Settings) {
    let dir = tempfile::tempdir().unwrap();
    let paths = Paths {
        config: dir.path().join("config"),
        cache: dir.path().join("cache"),
    };
    std::fs::create_dir_all(&paths.config).unwrap();
    let file = paths.config.join("settings.json");
    std::fs::write(&file, settings).unwrap();
    let startup = load_from(&paths, 1_764_652_440, &[], |_, _| Ok(()));
    assert!(startup.notices.is_empty(), "{:?}", startup.notices);
    let saved = Settings::load_from(&file).unwrap();
    (startup.settings, saved)
}

const ACCOUNTS: &str = r#"[
    {"id": "a1", "name": "Support", "provider": "blinger", "api_url": "https://app.blinger.io/api"},
    {"id": "c1", "name": "99digital", "provider": "chatwoot", "api_url": "https://online.99digital.co.il", "account_id": 3},
    {"id": "a2", "name": "Sales", "provider": "blinger", "api_url": "https://sales.blinger.io/api"}
]"#;

#[test]
fn the_single_switch_of_older_files_turns_on_every_blinger_account() {
    let file = format!(
        r#"{{"accounts": {ACCOUNTS}, "webhook": {{"enabled": true, "listen": "127.0.0.1:9911",
            "allow_remote": false, "max_body_bytes": 65536}}}}"#
    );
    let (settings, saved) = start_with(&file);
    let w = &settings.webhook;
    assert!(w.is_on("a1") && w.is_on("a2"), "{w:?}");
    assert!(!w.is_on("c1"), "webhooks are Blinger's");
    assert!(!w.enabled, "the single switch is gone");
    assert_eq!(
        (w.listen.as_str(), w.max_body_bytes),
        ("127.0.0.1:9911", 65536)
    );
    assert_eq!(saved, settings, "the file was written in the new form");
    let text = serde_json::to_value(&saved).unwrap();
    assert!(text["webhook"].get("enabled").is_none(), "{text}");
}

#[test]
fn files_without_webhooks_or_with_them_off_load_with_every_account_off() {
    for file in [
        format!(r#"{{"accounts": {ACCOUNTS}}}"#),
        format!(r#"{{"accounts": {ACCOUNTS}, "webhook": {{"enabled": false}}}}"#),
    ] {
        let (settings, _) = start_with(&file);
        assert!(settings.webhook.by_account.is_empty(), "{file}");
        assert_eq!(settings.webhook.listen, "127.0.0.1:8787");
        assert!(!settings.webhook.allow_remote);
    }
}

#[test]
fn per_account_switches_round_trip() {
    let file = format!(
        r#"{{"accounts": {ACCOUNTS}, "webhook": {{"listen": "127.0.0.1:8787",
            "by_account": {{"a2": {{"enabled": true}}, "a1": {{"enabled": false}}, "gone": {{}}}}}}}}"#
    );
    let (settings, _) = start_with(&file);
    let w = &settings.webhook;
    assert!(w.is_on("a2") && !w.is_on("a1") && !w.is_on("gone"));
    let on: Vec<&str> = w
        .enabled_accounts(&settings.accounts)
        .iter()
        .map(|a| a.name.as_str())
        .collect();
    assert_eq!(on, ["Sales"]);
}
