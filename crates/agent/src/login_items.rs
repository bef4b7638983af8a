//! Start at login: the system's own mechanism (an XDG autostart entry on Linux, a
//! LaunchAgent on macOS, the Run key on Windows) pointing at this program, the
//! one that should be running from login on.

use auto_launch::{AutoLaunchBuilder, MacOSLaunchMode};

/// The entry's name, as the system's settings show it.
const NAME: &str = "Deskbell";

pub fn set(on: bool) -> Result<(), String> {
    let exe = std::env::current_exe().map_err(|e| format!("cannot find this program: {e}"))?;
    let launcher = AutoLaunchBuilder::new()
        .set_app_name(NAME)
        .set_app_path(&exe.to_string_lossy())
        .set_macos_launch_mode(MacOSLaunchMode::LaunchAgent)
        .build()
        .map_err(|e| e.to_string())?;
    let done = if on {
        launcher.enable()
    } else if launcher.is_enabled().unwrap_or(true) {
        launcher.disable()
    } else {
        Ok(())
    };
    done.map_err(|e| e.to_string())
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    /// The only test here that touches HOME: the entry lands in a private one.
    #[test]
    fn an_autostart_entry_runs_this_program_and_goes_away_when_turned_off() {
        let home = tempfile::tempdir().unwrap();
        std::env::set_var("HOME", home.path());
        let entry = home.path().join(".config/autostart/Deskbell.desktop");
        super::set(true).unwrap();
        let text = std::fs::read_to_string(&entry).unwrap();
        let exe = std::env::current_exe().unwrap();
        assert!(
            text.contains(&format!("Exec=\"{}\"", exe.display()))
                || text.contains(&format!("Exec={}", exe.display())),
            "{text}"
        );
        super::set(false).unwrap();
        assert!(!entry.exists());
        super::set(false).unwrap();
    }
}
