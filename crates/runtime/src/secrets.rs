//! API tokens in the OS keyring (Secret Service, macOS Keychain, Windows Credential
//! Manager) and nowhere else. Tokens are read here and handed straight to the
//! client crates; no command returns one to the web page.
//!
//! Account tokens are filed under the account's stable id (`<id>/api-token`), never
//! its name; the app's own secrets live in a service of
//! their own, so no account, whatever it is called, can collide with them.
//! The webhook path secrets are those: one per Blinger account (`webhook:<id>`).

use deskbell_transport::Token;

// The first identifier's name, kept when the identifier changed: a label in
// the keyring, not a folder (see `legacy_dirs`).
const SERVICE: &str = "io.deskbell.app";
const INTERNAL_SERVICE: &str = "io.deskbell.app.internal";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot {
    /// The account's main API token.
    Api,
    /// The Blinger Widget API token.
    Widget,
}

impl Slot {
    fn suffix(self) -> &'static str {
        match self {
            Slot::Api => "api-token",
            Slot::Widget => "widget-token",
        }
    }
}

fn entry(service: &str, user: &str) -> Result<keyring::Entry, String> {
    keyring::Entry::new(service, user).map_err(|e| format!("keyring unavailable: {e}"))
}

fn account_entry(account_id: &str, slot: Slot) -> Result<keyring::Entry, String> {
    entry(SERVICE, &format!("{account_id}/{}", slot.suffix()))
}

fn set(entry: keyring::Entry, token: &Token) -> Result<(), String> {
    entry
        .set_password(token.expose())
        .map_err(|e| format!("cannot save the token in the keyring: {e}"))
}

fn get(entry: keyring::Entry) -> Result<Option<Token>, String> {
    match entry.get_password() {
        Ok(value) => Ok(Some(Token::new(value))),
        Err(keyring::Error::NoEntry) => Ok(None),
        Err(e) => Err(format!("cannot read the token from the keyring: {e}")),
    }
}

fn remove(entry: keyring::Entry) -> Result<(), String> {
    match entry.delete_credential() {
        Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
        Err(e) => Err(format!("cannot remove the token from the keyring: {e}")),
    }
}

pub fn store(account_id: &str, slot: Slot, token: &Token) -> Result<(), String> {
    set(account_entry(account_id, slot)?, token)
}

pub fn load(account_id: &str, slot: Slot) -> Result<Option<Token>, String> {
    get(account_entry(account_id, slot)?)
}

pub fn delete(account_id: &str, slot: Slot) -> Result<(), String> {
    remove(account_entry(account_id, slot)?)
}

/// The app's own secret `name` (not an account's).
pub fn load_internal(name: &str) -> Result<Option<Token>, String> {
    get(entry(INTERNAL_SERVICE, name)?)
}

pub fn store_internal(name: &str, value: &Token) -> Result<(), String> {
    set(entry(INTERNAL_SERVICE, name)?, value)
}

pub fn delete_internal(name: &str) -> Result<(), String> {
    remove(entry(INTERNAL_SERVICE, name)?)
}

/// Moves an account's tokens from where they were filed by name to its id. Copies
/// first, then deletes, so an interruption leaves a token in one place or both.
pub fn move_to_id(name: &str, id: &str) -> Result<(), String> {
    for slot in [Slot::Api, Slot::Widget] {
        if let Some(token) = load(name, slot)? {
            if load(id, slot)?.is_none() {
                store(id, slot, &token)?;
            }
            delete(name, slot)?;
        }
    }
    Ok(())
}

/// Moves an internal secret that was once filed as an account's token.
pub fn move_to_internal(old_account: &str, name: &str) -> Result<(), String> {
    if let Some(secret) = load(old_account, Slot::Api)? {
        if load_internal(name)?.is_none() {
            store_internal(name, &secret)?;
        }
        delete(old_account, Slot::Api)?;
    }
    Ok(())
}
