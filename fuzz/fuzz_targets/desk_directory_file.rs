//! The directory file (the people each account's answers named): unusable contents
//! are refused with a reason, never a crash; what is read lists, and survives being
//! saved and read again unchanged.
#![no_main]

use deskbell_desk::roster::{file, listing, Kind, Names};

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Ok(roster) = file::decode(data) else {
        return;
    };
    for people in roster.accounts().values() {
        for kind in [Kind::Operator, Kind::Group, Kind::Agent] {
            for named in listing(kind, Some(people), &Names::default(), &[]) {
                serde_json::to_string(&named).expect("entries serialize");
            }
        }
    }
    let again = file::decode(&file::encode(&roster).expect("encodes")).expect("decodes");
    assert_eq!(again.accounts(), roster.accounts(), "the file round-trips");
});
