//! API tokens in the OS keyring (Secret Service, macOS Keychain, Windows Credential
//! Manager) and nowhere else. Tokens are read here and handed straight to the
//! client crates; no command returns one to the web page.

use deskbell_transport::Token;

const SERVICE: &str = "io.deskbell.app";

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

fn entry(account: &str, slot: Slot) -> Result<keyring::Entry, String> {
    keyring::Entry::new(SERVICE, &format!("{account}/{}", slot.suffix()))
        .map_err(|e| format!("keyring unavailable: {e}"))
}

pub fn store(account: &str, slot: Slot, token: &Token) -> Result<(), String> {
    entry(account, slot)?
        .set_password(token.expose())
        .map_err(|e| format!("cannot save the token in the keyring: {e}"))
}

pub fn load(account: &str, slot: Slot) -> Result<Option<Token>, String> {
    match entry(account, slot)?.get_password() {
        Ok(value) => Ok(Some(Token::new(value))),
        Err(keyring::Error::NoEntry) => Ok(None),
        Err(e) => Err(format!("cannot read the token from the keyring: {e}")),
    }
}

pub fn delete(account: &str, slot: Slot) -> Result<(), String> {
    match entry(account, slot)?.delete_credential() {
        Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
        Err(e) => Err(format!("cannot remove the token from the keyring: {e}")),
    }
}
