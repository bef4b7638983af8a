//! Sample people for the UI tests: a Blinger account's operators and groups, named
//! in Settings or by the server, and what `directory` makes of them.

use deskbell_desk::roster::Kind;
use deskbell_desk::{Directory, Named};
use deskbell_runtime::settings::Names;

/// The names the sample Blinger account's operator gave its people (Settings).
pub fn names() -> Names {
    let mut names = Names::default();
    for (kind, id, name) in [
        (Kind::Operator, "8", "Pavel"),
        (Kind::Group, "1", "Support L1"),
        (Kind::Group, "2", "Billing"),
        (Kind::Group, "4", "VIP"),
    ] {
        names.set(kind, id, name).expect("a valid name");
    }
    names
}

/// A Blinger account's people as `directory` lists them: the names given in
/// Settings (`custom`), the server's, emails the lists carried; and the Chatwoot
/// account's agents, teams and inboxes.
pub fn directory() -> Directory {
    let named = Named::new;
    let with_email = |id: &str, name: &str, email: &str| Named {
        email: Some(email.into()),
        ..Named::new(id, name)
    };
    // As named in `names()`.
    let custom = |id: &str, name: &str| Named {
        custom: true,
        ..Named::new(id, name)
    };
    Directory {
        operators: vec![
            with_email("7", "Kate (you)", "kate@shop.example"),
            custom("8", "Pavel"),
            with_email("9", "Irina", "irina@shop.example"),
            named("12", ""),
        ],
        groups: vec![
            custom("1", "Support L1"),
            custom("2", "Billing"),
            custom("4", "VIP"),
        ],
        agents: vec![named("21", "Dana"), named("22", "Omer")],
        teams: vec![named("31", "Sales")],
        inboxes: vec![named("5", "Website")],
    }
}
