//! Each Blinger account's path secret: the part of its webhook URL that tells the
//! receiver the call is Blinger's, and for which account. Kept among the app's own
//! secrets in the keyring as `webhook:<account id>`; made on first use, kept while
//! the account's webhooks are off (so its URL stays the same when they come back
//! on), deleted with the account.

use crate::secrets;
use crate::settings::Account;
use deskbell_webhooks::PathSecret;

/// The one secret of the receiver before webhooks were per account.
const SINGLE: &str = "webhook-receiver";

fn name(account: &str) -> String {
    format!("webhook:{account}")
}

/// The account's secret, if it has one.
pub fn load(account: &str) -> Result<Option<PathSecret>, String> {
    Ok(secrets::load_internal(&name(account))?.and_then(|s| PathSecret::from_saved(s.expose())))
}

/// The account's secret, made and stored if it has none (or one too short to be safe).
pub fn load_or_create(account: &str) -> Result<PathSecret, String> {
    if let Some(secret) = load(account)? {
        return Ok(secret);
    }
    let secret = PathSecret::generate();
    // Stored as a Token: its value is then masked in every log line too.
    secrets::store_internal(&name(account), &secret.expose().into())?;
    Ok(secret)
}

pub fn delete(account: &str) -> Result<(), String> {
    secrets::delete_internal(&name(account))
}

/// The receiver's single secret of earlier versions goes to the first Blinger
/// account without one of its own, so the URL Blinger was given keeps working
/// (for that account). Copied first, then deleted: an interruption leaves it in
/// one place or both, never in none.
pub fn adopt_single(blinger_accounts: &[&Account]) -> Result<(), String> {
    // Older still: filed like an account's token, where an account of that name collided.
    secrets::move_to_internal(SINGLE, SINGLE)?;
    let Some(single) = secrets::load_internal(SINGLE)? else {
        return Ok(());
    };
    for account in blinger_accounts {
        if load(&account.id)?.is_none() {
            secrets::store_internal(&name(&account.id), &single)?;
            log::info!(
                "the webhook secret of earlier versions now belongs to \"{}\"",
                account.name
            );
            return secrets::delete_internal(SINGLE);
        }
    }
    Ok(())
}
