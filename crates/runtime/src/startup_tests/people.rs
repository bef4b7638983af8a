//! The directory of people across a restart: the names the operator gave (in the
//! settings, under each account) and what the servers said (`directory.json` in the
//! cache folder). A damaged directory file is set aside and costs no name.

use super::corpus::{StateFile, NOW};
use super::{load_from, Paths, Startup};
use crate::settings::{new_account_id, Account, AccountKind, Names, Settings};
use crate::startup::DIRECTORY;
use deskbell_desk::roster::{self, Kind, Roster};

/// Names that look like the file's own syntax, for the corpus's Blinger accounts.
pub fn with_names(mut accounts: Vec<Account>) -> Vec<Account> {
    for (i, a) in accounts.iter_mut().enumerate() {
        if matches!(a.kind, AccountKind::Blinger { .. }) && !a.id.is_empty() {
            a.names = names(&format!("\"}}], {{\"names\": {i}"));
        }
    }
    accounts
}

fn names(tail: &str) -> Names {
    let mut names = Names::default();
    names
        .set(Kind::Operator, "7", &format!("Kate {tail}"))
        .unwrap();
    names.set(Kind::Group, "2", "Billing «ночь»").unwrap();
    names
}

/// What the servers of the corpus's accounts said, and of one removed since.
pub fn directory_file(accounts: &[Account]) -> StateFile {
    let mut roster = Roster::default();
    for id in [accounts[0].id.as_str(), &accounts[2].id, "removed-account"] {
        let r = roster.account_mut(id);
        r.see_operator(7, Some("kate@shop.example"), Some("Kate"), NOW);
        r.see_group(2, NOW);
    }
    let bytes = encoded(&roster);
    let at = bytes
        .windows(11)
        .position(|w| w == br#""version":1"#)
        .unwrap();
    let future = [&bytes[..at], &br#""version":99"#[..], &bytes[at + 11..]].concat();
    StateFile {
        name: DIRECTORY,
        label: roster::file::LABEL,
        in_cache: true,
        bytes,
        records: Vec::new(),
        array_name: 0..0,
        future,
    }
}

fn encoded(roster: &Roster) -> Vec<u8> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(DIRECTORY);
    roster::file::save(&path, roster).unwrap();
    std::fs::read(path).unwrap()
}

fn account(name: &str) -> Account {
    Account {
        id: new_account_id(),
        name: name.into(),
        insecure: false,
        kind: AccountKind::Blinger {
            api_url: "https://app.blinger.io/api".into(),
            operator_id: Some(7),
            group_ids: vec![2],
            widget_url: None,
        },
        names: names("(day)"),
    }
}

fn start(paths: &Paths) -> Startup {
    load_from(paths, NOW, &[], |_, _| Ok(()))
}

fn folders() -> (tempfile::TempDir, Paths) {
    let dir = tempfile::tempdir().unwrap();
    let paths = Paths {
        config: dir.path().join("config"),
        cache: dir.path().join("cache"),
    };
    (dir, paths)
}

/// The app's folders with a settings file of one named Blinger account.
fn folders_with_an_account() -> (tempfile::TempDir, Paths, Account) {
    let (dir, paths) = folders();
    let support = account("Support");
    let settings = Settings {
        accounts: vec![support.clone()],
        ..Settings::default()
    };
    settings
        .save_to(&paths.config.join(crate::startup::SETTINGS))
        .unwrap();
    (dir, paths, support)
}

#[test]
fn names_and_what_the_server_said_survive_a_restart() {
    let (_dir, paths, support) = folders_with_an_account();
    let mut roster = Roster::default();
    roster
        .account_mut(&support.id)
        .see_operator(18, Some("olga@x.io"), None, NOW);
    roster.account_mut("gone").see_group(3, NOW);
    roster::file::save(&paths.cache.join(DIRECTORY), &roster).unwrap();

    let first = start(&paths);
    assert!(first.notices.is_empty(), "{:?}", first.notices);
    assert_eq!(first.settings.accounts[0].names, support.names);
    let seen = first.roster.account(&support.id).unwrap();
    assert_eq!(seen.operators["18"].email.as_deref(), Some("olga@x.io"));
    assert!(
        first.roster.account("gone").is_none(),
        "a removed account's people are not kept"
    );
    let written = std::fs::read_to_string(paths.config.join("settings.json")).unwrap();
    assert!(written.contains("Billing «ночь»"), "{written}");
}

/// Settings written before names existed load, and are written back without any.
#[test]
fn settings_from_before_names_load_as_they_were() {
    let (_dir, paths) = folders();
    std::fs::create_dir_all(&paths.config).unwrap();
    std::fs::write(
        paths.config.join("settings.json"),
        br#"{"accounts":[{"id":"a1","name":"Support","provider":"blinger",
            "api_url":"https://app.blinger.io/api","operator_id":7}]}"#,
    )
    .unwrap();
    let startup = start(&paths);
    assert!(startup.notices.is_empty(), "{:?}", startup.notices);
    assert!(startup.settings.accounts[0].names.is_empty());
    let again = serde_json::to_string(&startup.settings).unwrap();
    assert!(!again.contains("names"), "{again}");
}

#[test]
fn a_damaged_directory_is_set_aside_and_costs_no_name() {
    for damage in [
        &b"{\"version\":1,\"accounts\":{\"x\":"[..],
        b"\x00\xff",
        b"",
    ] {
        let (_dir, paths, support) = folders_with_an_account();
        std::fs::create_dir_all(&paths.cache).unwrap();
        std::fs::write(paths.cache.join(DIRECTORY), damage).unwrap();

        let startup = start(&paths);
        let [notice] = startup.notices.as_slice() else {
            panic!("one notice: {:?}", startup.notices)
        };
        assert_eq!(notice.file, "directory");
        assert!(notice.problem.contains("damaged"), "{}", notice.problem);
        let kept = notice.kept_as.as_ref().expect("kept aside");
        assert_eq!(std::fs::read(kept).unwrap(), damage);
        assert!(startup.roster.accounts().is_empty());
        assert_eq!(startup.settings.accounts, [support], "no name lost");
        // The next start is clean: the damaged file is out of the way.
        assert!(start(&paths).notices.is_empty());
    }
}
