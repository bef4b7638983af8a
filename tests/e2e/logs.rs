//! The app's log folder: files rotated by size with the oldest dropped, the
//! folder and the files of the app owner-only, and Settings opening the folder
//! in the system's file manager.

use crate::harness::*;
use crate::page;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

/// The log plugin names the file after the product.
const ACTIVE: &str = "Deskbell.log";

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .permissions()
        .mode()
        & 0o777
}

fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[tokio::test]
async fn logs_rotate_app_files_are_owner_only_and_settings_open_the_folder() {
    let sim = Sim::start(SimOptions::demo());
    // A file manager that writes down what it was asked to open.
    let bin = tempfile::tempdir().unwrap();
    let opener = bin.path().join("xdg-open");
    let opened = bin.path().join("opened.txt");
    std::fs::write(
        &opener,
        format!(
            "#!/bin/sh\nprintf '%s\\n' \"$@\" >> '{}'\n",
            opened.display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&opener, std::fs::Permissions::from_mode(0o755)).unwrap();
    let path = format!(
        "{}:{}",
        bin.path().display(),
        std::env::var("PATH").unwrap()
    );
    let desk = Desk::new().env("PATH", &path);
    desk.add_account(&sim.account("Support"));

    // As an older version left it: a readable folder, six set-aside logs and
    // a current one past the size limit.
    let logs = desk.home().join(".local/share/io.deskbell.desk/logs");
    std::fs::create_dir_all(&logs).unwrap();
    for day in 1..=6 {
        std::fs::write(
            logs.join(format!("Deskbell_2020-01-0{day}_00-00-00.log")),
            "old\n",
        )
        .unwrap();
    }
    std::fs::write(logs.join(ACTIVE), "x".repeat(1_500_000)).unwrap();
    for dir in [&logs, &desk.home().join(".local/share/io.deskbell.desk")] {
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o755)).unwrap();
    }

    let app = desk.launch(&[]).await;
    app.wait_for(page::INBOX_LIST, secs(20)).await;

    // KeepSome(4): the big file set aside, the three newest old ones kept.
    let names = names_in(&logs);
    let old: Vec<&String> = names
        .iter()
        .filter(|n| n.starts_with("Deskbell_"))
        .collect();
    assert_eq!(old.len(), 4, "{names:?}");
    for gone in ["01", "02", "03"] {
        assert!(
            !names.iter().any(|n| n.contains(&format!("2020-01-{gone}"))),
            "{names:?}"
        );
    }
    let set_aside = old
        .iter()
        .find(|n| !n.contains("2020-01"))
        .expect("today's file");
    assert_eq!(
        std::fs::metadata(logs.join(set_aside)).unwrap().len(),
        1_500_000
    );
    assert!(std::fs::metadata(logs.join(ACTIVE)).unwrap().len() < 1024 * 1024);

    // Owner-only: what the app made and what it found.
    let config = desk.config_dir();
    for dir in [&logs, &logs.parent().unwrap().to_path_buf(), &config] {
        assert_eq!(mode(dir), 0o700, "{}", dir.display());
    }
    for name in &names {
        assert_eq!(mode(&logs.join(name)), 0o600, "{name}");
    }
    assert_eq!(mode(&config.join("settings.json")), 0o600);

    page::click_button(&app, "rail", "Settings").await;
    app.wait_for("dialog[open]", TIMEOUT).await;
    let clicked = app
        .eval(
            "const b = [...document.querySelectorAll('dialog[open] button')]\
               .find((b) => b.textContent.trim() === 'Open logs folder');\
             if (b) b.click(); return !!b;",
        )
        .await;
    assert_eq!(
        clicked,
        serde_json::Value::Bool(true),
        "no Open logs folder button"
    );
    let asked = wait_until(
        TIMEOUT,
        "the file manager is asked to open the logs",
        || async { std::fs::read_to_string(&opened).ok() },
    )
    .await;
    assert_eq!(asked.trim(), logs.display().to_string());
    app.quit().await;
}
