//! Start-up against damaged state files: every file cut short at every kind of
//! place, bit-flipped, written by a newer version, replaced by a folder, unreadable.
//! Start-up must never fail, must keep each damaged file byte for byte, and must give
//! back every reply and account whose record the damage left whole.

mod corpus;
mod people;
mod webhooks;

use super::{load_from, Paths, Startup, RECOVERED};
use crate::settings::migrated_account_id;
use corpus::{Corpus, Mutation, StateFile, LEGACY, NOW};
use deskbell_desk::outbox::EntryState;
use deskbell_desk::state_file::utc_stamp;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;

/// Mutations of each state file; `STARTUP_MUTATIONS` asks for more.
fn per_file() -> usize {
    std::env::var("STARTUP_MUTATIONS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(200)
}

#[derive(Default, Debug)]
struct Tally {
    cases: usize,
    crashes: usize,
    set_aside: usize,
    replies_whole: usize,
    replies_back: usize,
    accounts_whole: usize,
    accounts_back: usize,
    problems: Vec<String>,
}

/// Whether a mode-000 file can still be read: as root on Unix, and always on
/// Windows, where Unix modes do not exist (there `NoPermission` is a plain copy).
fn modes_do_not_bind() -> bool {
    #[cfg(unix)]
    // SAFETY: geteuid has no preconditions and cannot fail.
    return unsafe { libc::geteuid() == 0 };
    #[cfg(not(unix))]
    return true;
}

/// Sets a Unix mode; nothing elsewhere.
pub(crate) fn set_mode(path: &Path, mode: u32) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))
    }
    #[cfg(not(unix))]
    {
        let _ = (path, mode);
        Ok(())
    }
}

#[test]
fn damaged_state_files_never_stop_start_up_nor_lose_a_reply() {
    let corpus = corpus::build();
    let mut report = Vec::new();
    let mut problems = Vec::new();
    for (i, file) in corpus.files.iter().enumerate() {
        let mut tally = Tally::default();
        for mutation in corpus::mutations(file, per_file(), 7 + i as u64) {
            run_case(&corpus, file, mutation, &mut tally);
        }
        report.push(format!(
            "{:<20} {} cases, {} crashes, {} set aside; replies whole {} back {}; accounts whole {} back {}",
            file.name,
            tally.cases,
            tally.crashes,
            tally.set_aside,
            tally.replies_whole,
            tally.replies_back,
            tally.accounts_whole,
            tally.accounts_back,
        ));
        problems.extend(tally.problems);
    }
    if modes_do_not_bind() {
        report.push(
            "a mode-000 file is still readable here (root, or no Unix modes): it loads as it is"
                .into(),
        );
    }
    println!("{}", report.join("\n"));
    assert!(
        problems.is_empty(),
        "{} problems, the first:\n{}",
        problems.len(),
        problems[..problems.len().min(15)].join("\n")
    );
}

fn run_case(corpus: &Corpus, target: &StateFile, mutation: Mutation, tally: &mut Tally) {
    tally.cases += 1;
    let dir = tempfile::tempdir().unwrap();
    let paths = Paths {
        config: dir.path().join("config"),
        cache: dir.path().join("cache"),
    };
    std::fs::create_dir_all(&paths.config).unwrap();
    std::fs::create_dir_all(&paths.cache).unwrap();
    let path_of = |f: &StateFile| {
        let dir = if f.in_cache {
            &paths.cache
        } else {
            &paths.config
        };
        dir.join(f.name)
    };
    for file in corpus.files.iter().filter(|f| f.name != target.name) {
        std::fs::write(path_of(file), &file.bytes).unwrap();
    }
    let damaged = mutation.apply(target, &path_of(target));

    let mut moved = Vec::new();
    let loaded = catch_unwind(AssertUnwindSafe(|| {
        load_from(&paths, NOW, &[], |name: &str, id: &str| {
            moved.push((name.to_string(), id.to_string()));
            Ok(())
        })
    }));
    let case = format!("{} {mutation:?}", target.name);
    let Ok(startup) = loaded else {
        tally.crashes += 1;
        return tally.problems.push(format!("{case}: start-up panicked"));
    };
    let mut found = Vec::new();
    let mut problem = |what: String| found.push(format!("{case}: {what}"));

    // The damaged file, and only it, is set aside, byte for byte.
    for notice in &startup.notices {
        if notice.file != target.label {
            problem(format!("an intact file was set aside: {notice:?}"));
        }
    }
    let notice = startup.notices.iter().find(|n| n.file == target.label);
    if notice.is_some() {
        tally.set_aside += 1;
    }
    match (notice, &damaged) {
        (Some(notice), _) => match &notice.kept_as {
            Some(kept) => check_kept(target, kept, damaged.as_deref(), &mut problem),
            None => problem("set aside but not kept".into()),
        },
        (None, None) => problem("a folder in place of the file went unnoticed".into()),
        (None, Some(_)) if matches!(mutation, Mutation::Truncate(_)) => {
            problem("a file cut short was taken as whole".into())
        }
        (None, Some(_)) if mutation == Mutation::NoPermission && !modes_do_not_bind() => {
            problem("an unreadable file went unnoticed".into())
        }
        (None, Some(_)) => {}
    }
    let kept_files = count_damaged(&paths.config) + count_damaged(&paths.cache);
    if kept_files != startup.notices.len() {
        problem(format!(
            "{kept_files} damaged copies for {} notices",
            startup.notices.len()
        ));
    }

    let keeps = |file: &str, i: usize| {
        let f = corpus.file(file);
        f.name != target.name || mutation.keeps(&f.records[i])
    };
    check_accounts(corpus, &startup, &moved, &keeps, tally, &mut problem);
    check_replies(
        corpus,
        &startup,
        target,
        mutation,
        &keeps,
        tally,
        &mut problem,
    );
    tally.problems.extend(found);
}

fn check_kept(
    target: &StateFile,
    kept: &Path,
    damaged: Option<&[u8]>,
    problem: &mut impl FnMut(String),
) {
    let want = format!("{}.damaged-{}", target.name, utc_stamp(NOW));
    if kept.file_name().and_then(|n| n.to_str()) != Some(want.as_str()) {
        problem(format!("kept as {}, not {want}", kept.display()));
    }
    match damaged {
        None if !kept.join("inside").is_file() => problem("the folder was not kept whole".into()),
        None => {}
        Some(bytes) => {
            // A copy kept unreadable (mode 000, not as root) is still the operator's:
            // make it readable to compare.
            let _ = set_mode(kept, 0o600);
            if std::fs::read(kept).ok().as_deref() != Some(bytes) {
                problem("the kept copy differs from the damaged file".into());
            }
        }
    }
}

fn count_damaged(dir: &Path) -> usize {
    std::fs::read_dir(dir)
        .unwrap()
        .filter(|e| {
            let name = e.as_ref().unwrap().file_name();
            name.to_string_lossy().contains(".damaged-")
        })
        .count()
}

/// Every account whose record is whole is back, the legacy one under its migrated
/// id with its tokens moved there.
fn check_accounts(
    corpus: &Corpus,
    startup: &Startup,
    moved: &[(String, String)],
    keeps: &dyn Fn(&str, usize) -> bool,
    tally: &mut Tally,
    problem: &mut impl FnMut(String),
) {
    for (i, account) in corpus.accounts.iter().enumerate() {
        if !keeps("settings.json", i) {
            continue;
        }
        tally.accounts_whole += 1;
        let mut want = account.clone();
        if want.id.is_empty() {
            want.id = migrated_account_id(&want.name);
            if !moved.contains(&(want.name.clone(), want.id.clone())) {
                problem("the legacy account's tokens were not moved".into());
            }
        }
        if startup.settings.accounts.contains(&want) {
            tally.accounts_back += 1;
        } else {
            problem(format!("account \"{}\" lost", account.name));
        }
    }
}

/// Every reply whose record is whole is back in the outbox, unchanged, under its
/// account's id; a reply read back out of a damaged file waits for the operator.
fn check_replies(
    corpus: &Corpus,
    startup: &Startup,
    target: &StateFile,
    mutation: Mutation,
    keeps: &dyn Fn(&str, usize) -> bool,
    tally: &mut Tally,
    problem: &mut impl FnMut(String),
) {
    let legacy_id = migrated_account_id(LEGACY);
    let legacy_moved = startup.settings.account(&legacy_id).is_some();
    for (i, entry) in corpus.entries.iter().enumerate() {
        if !keeps("outbox.json", i) {
            continue;
        }
        tally.replies_whole += 1;
        let account = match entry.key.account.as_str() {
            LEGACY if legacy_moved => legacy_id.as_str(),
            other => other,
        };
        match startup.outbox.get(entry.id) {
            Some(e)
                if e.payload == entry.payload
                    && e.key.conversation == entry.key.conversation
                    && e.key.account.as_str() == account =>
            {
                tally.replies_back += 1
            }
            Some(e) => problem(format!("reply {i} changed: {e:?}")),
            None => problem(format!("reply {i} lost")),
        }
    }
    let outbox_set_aside = startup.notices.iter().any(|n| n.file == "outbox");
    let strangers = startup
        .outbox
        .entries()
        .iter()
        .filter(|e| !corpus.entries.iter().any(|c| c.id == e.id))
        .count();
    let hit_one = target.name == "outbox.json" && matches!(mutation, Mutation::Flip(..));
    if strangers > usize::from(hit_one) {
        problem(format!("{strangers} replies that were never queued"));
    }
    for e in startup.outbox.entries() {
        let recovered = matches!(&e.state, EntryState::Failed { kind, .. } if kind == RECOVERED);
        if outbox_set_aside && !recovered {
            problem(format!(
                "a recovered reply does not wait for the operator: {e:?}"
            ));
        }
    }
}
