//! A desk set up under the app's first identifier (`io.deskbell.app`, folders in
//! `~/.config`, `~/.cache`, `~/.local/share`) keeps its accounts and files when
//! this version starts: the real agent program moves each folder to the current
//! identifier's name before it reads anything. Linux folders (the `dirs` crate
//! follows `HOME` there); the move itself is unit-tested in `legacy_dirs`.
#![cfg(target_os = "linux")]

use std::path::Path;
use std::process::Command;

const AGENT: &str = env!("CARGO_BIN_EXE_deskbell-agent");
const OLD: &str = "io.deskbell.app";
const NEW: &str = "io.deskbell.desk";

fn agent(home: &Path) -> Command {
    let mut cmd = Command::new(AGENT);
    cmd.env("HOME", home)
        .env_remove("XDG_CONFIG_HOME")
        .env_remove("XDG_CACHE_HOME")
        .env_remove("XDG_DATA_HOME")
        .env_remove("DESKBELL_CONFIG_DIR")
        .env_remove("DESKBELL_CACHE_DIR")
        .env("DESKBELL_AGENT_DIR", home.join("agent"))
        // No keyring here: the listing says so instead of showing the token state.
        .env("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent");
    cmd
}

#[test]
fn accounts_and_files_of_the_old_identifier_are_found_under_the_new_one() {
    let home = tempfile::tempdir().unwrap();
    let old_config = home.path().join(".config").join(OLD);
    let old_cache = home.path().join(".cache").join(OLD);
    std::fs::create_dir_all(old_config.join("drafts")).unwrap();
    std::fs::create_dir_all(&old_cache).unwrap();
    std::fs::write(
        old_config.join("settings.json"),
        br#"{"accounts":[{"id":"a1","name":"Night shift","provider":"blinger",
            "api_url":"https://app.blinger.io/api","operator_id":7}]}"#,
    )
    .unwrap();
    std::fs::write(old_config.join("drafts/a1-42.json"), b"half a reply").unwrap();
    std::fs::write(old_cache.join("kept.bin"), b"cached").unwrap();

    let out = agent(home.path())
        .args(["account", "list"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("Night shift\tblinger"), "{stdout}");
    assert!(stdout.trim_end().ends_with("\tid=a1"), "{stdout}");

    let new_config = home.path().join(".config").join(NEW);
    assert!(!old_config.exists(), "the old config folder is still there");
    assert!(!old_cache.exists(), "the old cache folder is still there");
    assert_eq!(
        std::fs::read(new_config.join("drafts/a1-42.json")).unwrap(),
        b"half a reply"
    );
    assert_eq!(
        std::fs::read(home.path().join(".cache").join(NEW).join("kept.bin")).unwrap(),
        b"cached"
    );

    // A second start finds nothing to move and changes nothing.
    let again = agent(home.path())
        .args(["account", "list"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&again.stdout).contains("Night shift"));
    assert!(!old_config.exists());
}
