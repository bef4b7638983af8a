//! Preferences: what the operator changes in Settings and in the tray.

use crate::error::{CmdError, CmdResult};
use crate::events::DeskEvent;
use crate::settings::Settings;
use crate::{lock, Desk};
use serde::{Deserialize, Serialize};

/// Only the preferences; accounts change through add/remove_account.
#[derive(Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SettingsPatch {
    poll_interval_secs: Option<u64>,
    do_not_disturb: Option<bool>,
    notification_sound: Option<bool>,
    start_at_login: Option<bool>,
    enter_sends: Option<bool>,
    theme: Option<String>,
}

impl Desk {
    /// Changes the preferences the patch names. `start_at_login` is the front end's
    /// to carry out (the system's login items); the setting changes only if it did.
    pub fn set_settings(
        &self,
        patch: SettingsPatch,
        start_at_login: impl FnOnce(bool) -> Result<(), String>,
    ) -> CmdResult<Settings> {
        let updated = {
            let mut s = lock(&self.settings);
            if let Some(v) = patch.poll_interval_secs {
                s.poll_interval_secs = v.clamp(5, 600);
            }
            if let Some(v) = patch.do_not_disturb {
                s.do_not_disturb = v;
            }
            if let Some(v) = patch.notification_sound {
                s.notification_sound = v;
            }
            if let Some(v) = patch.enter_sends {
                s.enter_sends = v;
            }
            if let Some(v) = patch.theme {
                if !["system", "light", "dark"].contains(&v.as_str()) {
                    return Err(CmdError::invalid("theme is system, light or dark"));
                }
                s.theme = v;
            }
            if let Some(v) = patch.start_at_login {
                start_at_login(v)
                    .map_err(|e| CmdError::config(format!("cannot change start at login: {e}")))?;
                s.start_at_login = v;
            }
            s.save().map_err(CmdError::config)?;
            s.clone()
        };
        self.settings_changed(updated.clone());
        Ok(updated)
    }

    /// The tray's switch: do-not-disturb on or off, saved and shown everywhere.
    pub fn toggle_do_not_disturb(&self) {
        let updated = {
            let mut s = lock(&self.settings);
            s.do_not_disturb = !s.do_not_disturb;
            if let Err(e) = s.save() {
                log::warn!("{e}");
            }
            s.clone()
        };
        self.settings_changed(updated);
    }

    fn settings_changed(&self, settings: Settings) {
        lock(&self.policy).set_do_not_disturb(settings.do_not_disturb);
        self.refresh_tray();
        self.emit(DeskEvent::SettingsChanged { settings });
    }
}
