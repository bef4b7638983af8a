use super::*;

const NOW: i64 = 1_700_000_000;
const DAY: i64 = 86_400;

fn ids(list: &[Named]) -> Vec<&str> {
    list.iter().map(|n| n.id.as_str()).collect()
}

#[test]
fn a_sighting_adds_and_completes_but_never_erases() {
    let mut r = AccountRoster::default();
    r.see_operator(18, None, None, NOW);
    r.see_operator(18, Some("op@x.io"), None, NOW);
    r.see_operator(18, None, Some("Olga"), NOW);
    r.see_operator(18, None, None, NOW);
    let olga = &r.operators["18"];
    assert_eq!(olga.email.as_deref(), Some("op@x.io"));
    assert_eq!(olga.name.as_deref(), Some("Olga"));
    r.see_group(0, NOW);
    r.see_operator(-3, None, None, NOW);
    assert!(r.groups.is_empty() && r.operators.len() == 1);
}

#[test]
fn only_news_is_worth_saving() {
    let mut roster = Roster::default();
    assert!(!roster.take_changed());
    roster.account_mut("a").see_group(4, NOW);
    assert!(roster.take_changed());
    // The same group every poll: nothing to write.
    roster.account_mut("a").see_group(4, NOW + 60);
    assert!(!roster.take_changed());
    roster.account_mut("a").see_group(4, NOW + 2 * DAY);
    assert!(roster.take_changed(), "its time moves once a day");
    roster
        .account_mut("a")
        .see_operator(4, Some("x@y.z"), None, NOW + 2 * DAY);
    assert!(roster.take_changed());
    roster.forget("a");
    assert!(roster.take_changed());
    assert!(roster.account("a").is_none());
    roster.account_mut("b").see_group(1, NOW);
    roster.take_changed();
    roster.retain(&["b"]);
    assert!(!roster.take_changed());
    roster.retain(&[]);
    assert!(roster.take_changed() && roster.accounts().is_empty());
}

#[test]
fn hostile_answers_are_cut_down_to_size() {
    let mut r = AccountRoster::default();
    for bad in ["", " ", "1 2", "<img src=x>", "../x", &"9".repeat(65), "٣"] {
        r.see(Kind::Operator, bad, None, None, NOW);
    }
    assert!(r.operators.is_empty(), "{:?}", r.operators);
    let long = "é".repeat(500);
    r.see(
        Kind::Agent,
        "3f0c9a52-1b7e-4d1e-9a55-5d5f3c0e1a77",
        Some("a\nb@c.d"),
        Some(&format!("<b>Vadim</b>\u{7}\t{long}")),
        NOW,
    );
    let agent = &r.agents["3f0c9a52-1b7e-4d1e-9a55-5d5f3c0e1a77"];
    assert_eq!(agent.email.as_deref(), Some("a b@c.d"));
    let name = agent.name.as_deref().unwrap();
    assert!(name.starts_with("<b>Vadim</b> éé"), "kept as text: {name}");
    assert_eq!(name.chars().count(), MAX_TEXT_CHARS);
    r.see(Kind::Agent, "x", Some(" \u{200b} "), Some("\n"), NOW);
    assert_eq!(
        r.agents["x"],
        Seen {
            seen_at: NOW,
            ..Seen::default()
        }
    );
}

#[test]
fn a_full_account_lets_the_longest_unseen_go() {
    let mut r = AccountRoster::default();
    for id in 1..=MAX_ENTRIES as i64 {
        r.see_operator(id, None, None, NOW + id * 2 * DAY);
    }
    // Operator 1 is seen again: 2 is now the longest unseen.
    r.see_operator(1, None, None, NOW + 4000 * DAY);
    r.see_operator(9999, None, None, NOW + 4001 * DAY);
    assert_eq!(r.operators.len(), MAX_ENTRIES);
    assert!(r.operators.contains_key("1") && r.operators.contains_key("9999"));
    assert!(!r.operators.contains_key("2"));
}

#[test]
fn names_are_the_operators_words_checked() {
    let mut names = Names::default();
    names.set(Kind::Group, " 4 ", "  VIP  ").unwrap();
    names.set(Kind::Operator, "18", "Olga").unwrap();
    assert_eq!(names.groups["4"], "VIP");
    assert!(names.set(Kind::Group, "4", &"x".repeat(65)).is_err());
    assert!(names.set(Kind::Group, "4", "two\nlines").is_err());
    assert!(names.set(Kind::Group, "4 5", "x").is_err());
    assert!(names.set(Kind::Agent, "a", "x").is_err());
    assert_eq!(names.groups["4"], "VIP", "a refused name changes nothing");
    names.set(Kind::Group, "4", " ").unwrap();
    assert!(names.groups.is_empty());
    assert!(!names.is_empty());
    names.set(Kind::Operator, "18", "").unwrap();
    assert!(names.is_empty());
    // Old settings files have no names; empty ones are not written.
    assert_eq!(serde_json::to_string(&names).unwrap(), "{}");
    let read: Names = serde_json::from_str(r#"{"groups":{"2":"Billing"}}"#).unwrap();
    assert_eq!(read.groups["2"], "Billing");
}

#[test]
fn the_listing_joins_what_was_seen_named_and_configured() {
    let mut r = AccountRoster::default();
    r.see_operator(18, Some("olga@x.io"), None, NOW);
    r.see_operator(11, Some("ta4@tut.by"), Some("Supervisor"), NOW);
    r.see_operator(9, None, None, NOW);
    r.see_operator(100, None, None, NOW);
    r.see_group(21, NOW);
    // Written by hand into the file: not an id, not offered.
    r.operators.insert("<b>1</b>".into(), Seen::default());
    let mut names = Names::default();
    names.operators.insert(" 2".into(), "Spaced".into());
    names.set(Kind::Operator, "18", "Olga").unwrap();
    names.set(Kind::Group, "5", "Night shift").unwrap();
    let me = ["7".to_string(), "not an id!".to_string()];

    let operators = listing(Kind::Operator, Some(&r), &names, &me);
    assert_eq!(ids(&operators), ["18", "11", "7", "9", "100"]);
    assert_eq!(
        operators[0],
        Named {
            id: "18".into(),
            name: "Olga".into(),
            email: Some("olga@x.io".into()),
            custom: true,
        }
    );
    assert_eq!(operators[1].name, "Supervisor");
    assert!(!operators[1].custom, "the server's name");
    assert_eq!(operators[2], Named::new("7", ""));

    let groups = listing(Kind::Group, Some(&r), &names, &[]);
    assert_eq!(ids(&groups), ["5", "21"]);
    assert!(groups[0].custom && groups[0].name == "Night shift");
    assert!(listing(Kind::Agent, None, &names, &[]).is_empty());
}

#[test]
fn the_file_survives_a_restart_and_damage_is_set_aside() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("directory.json");
    let (empty, notice) = file::load(&path, NOW);
    assert!(empty.accounts().is_empty() && notice.is_none());

    let mut roster = Roster::default();
    roster
        .account_mut("acc-1")
        .see_operator(18, Some("olga@x.io"), Some("Olga"), NOW);
    roster.account_mut("acc-1").see_group(21, NOW);
    roster
        .account_mut("acc-2")
        .see(Kind::Agent, "u-1", None, None, NOW);
    file::save(&path, &roster).unwrap();
    let (read, notice) = file::load(&path, NOW);
    assert!(notice.is_none());
    assert_eq!(read.accounts(), roster.accounts());
    // The fuzzer's seed is such a file.
    let seed = file::decode(include_bytes!(
        "../../../../fuzz/seeds/desk_directory_file/directory.json"
    ))
    .unwrap();
    let people = seed.accounts().values().next().unwrap();
    assert_eq!(people.operators["11"].name.as_deref(), Some("Supervisor"));

    let whole = std::fs::read(&path).unwrap();
    for (damaged, problem) in [
        (whole[..whole.len() / 2].to_vec(), "is damaged"),
        (br#"{"accounts":{}}"#.to_vec(), "is damaged (no version"),
        (
            br#"{"version":2,"accounts":{}}"#.to_vec(),
            "was written by a newer version (2)",
        ),
        (
            br#"{"version":1,"accounts":{"a":{"operators":[1]}}}"#.to_vec(),
            "is damaged",
        ),
    ] {
        std::fs::write(&path, &damaged).unwrap();
        let (read, notice) = file::load(&path, NOW);
        assert!(read.accounts().is_empty());
        let notice = notice.expect("a notice");
        assert_eq!(notice.file, "directory");
        assert!(notice.problem.starts_with(problem), "{}", notice.problem);
        let kept = notice.kept_as.expect("kept aside");
        assert_eq!(std::fs::read(&kept).unwrap(), damaged, "kept byte for byte");
        assert!(!path.exists());
        std::fs::remove_file(kept).unwrap();
    }
}
