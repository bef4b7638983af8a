//! What saving an account does to those already configured: which id it gets, which
//! accounts it replaces, and whether their unsent replies stand in the way. Ids key
//! the outbox, so this decides where queued replies can go: an id is kept only for
//! the same name on the same server, never handed to another server.

use crate::settings::Account;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SavePlan {
    /// The id the saved account gets: that of the account it saves again (same name,
    /// same server), which keeps its queued replies; else its own new one.
    pub id: String,
    /// Accounts of the same name on another server: they go, with their tokens and
    /// (the operator having said so) their unsent replies.
    pub replaces: Vec<String>,
}

/// Unsent replies of the accounts a save would replace: the operator is asked first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingReplies(pub usize);

/// Plans saving `saved` (which carries a new id) among `existing`. `pending(id)` is
/// how many replies to account `id` are not sent yet.
pub fn plan_save(
    existing: &[Account],
    saved: &Account,
    pending: impl Fn(&str) -> usize,
    discard_pending: bool,
) -> Result<SavePlan, PendingReplies> {
    let id = existing
        .iter()
        .find(|a| a.name == saved.name && a.same_server(saved))
        .map_or_else(|| saved.id.clone(), |a| a.id.clone());
    let replaces: Vec<String> = existing
        .iter()
        .filter(|a| a.name == saved.name && a.id != id)
        .map(|a| a.id.clone())
        .collect();
    let waiting: usize = replaces.iter().map(|r| pending(r)).sum();
    if waiting > 0 && !discard_pending {
        return Err(PendingReplies(waiting));
    }
    Ok(SavePlan { id, replaces })
}

impl SavePlan {
    /// The accounts after the save: those it replaces and its own old entry go,
    /// `saved` (under the planned id) comes last, with the names the operator gave
    /// its people (the account form does not carry them).
    pub fn apply(&self, accounts: &mut Vec<Account>, mut saved: Account) {
        saved.id = self.id.clone();
        if let Some(old) = accounts.iter().find(|a| a.id == self.id) {
            saved.names = old.names.clone();
        }
        accounts.retain(|a| a.id != self.id && !self.replaces.contains(&a.id));
        accounts.push(saved);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::settings::{new_account_id, AccountKind};

    fn blinger(name: &str, url: &str) -> Account {
        Account {
            id: new_account_id(),
            name: name.into(),
            insecure: false,
            kind: AccountKind::Blinger {
                api_url: url.into(),
                operator_id: Some(7),
                group_ids: Vec::new(),
                widget_url: None,
            },
            names: Default::default(),
        }
    }

    fn chatwoot(name: &str, account_id: i64) -> Account {
        Account {
            id: new_account_id(),
            name: name.into(),
            insecure: false,
            kind: AccountKind::Chatwoot {
                api_url: "https://online.99digital.co.il".into(),
                account_id,
                inbox_id: None,
            },
            names: Default::default(),
        }
    }

    const ONE: &str = "https://one.example/api";
    const TWO: &str = "https://two.example/api";

    /// Every account has `n` unsent replies.
    fn each(n: usize) -> impl Fn(&str) -> usize {
        move |_| n
    }

    #[test]
    fn saving_again_on_the_same_server_keeps_the_id_and_its_replies() {
        let mut a = blinger("Support", ONE);
        a.names
            .set(deskbell_desk::roster::Kind::Group, "2", "Billing")
            .unwrap();
        let mut again = blinger("Support", ONE);
        again.kind = AccountKind::Blinger {
            api_url: ONE.into(),
            operator_id: Some(9),
            group_ids: vec![2],
            widget_url: None,
        };
        // Its own replies never block: they stay with it.
        let plan = plan_save(std::slice::from_ref(&a), &again, each(5), false).unwrap();
        assert_eq!(plan.id, a.id);
        assert!(plan.replaces.is_empty());
        let mut accounts = vec![a.clone()];
        plan.apply(&mut accounts, again);
        assert_eq!(accounts.len(), 1);
        assert_eq!(accounts[0].id, a.id);
        assert_eq!(accounts[0].names, a.names, "the names stay");
        assert!(matches!(
            accounts[0].kind,
            AccountKind::Blinger {
                operator_id: Some(9),
                ..
            }
        ));
    }

    #[test]
    fn the_same_name_on_another_server_is_a_new_account_that_replaces_the_old() {
        let a = blinger("Support", ONE);
        let b = blinger("Support", TWO);
        let existing = [a.clone()];
        assert_eq!(
            plan_save(&existing, &b, each(3), false),
            Err(PendingReplies(3))
        );
        for (pending, discard) in [(0, false), (3, true)] {
            let plan = plan_save(&existing, &b, each(pending), discard).unwrap();
            assert_eq!(plan.id, b.id);
            assert_ne!(plan.id, a.id);
            assert_eq!(plan.replaces, [a.id.as_str()]);
            let mut accounts = existing.to_vec();
            plan.apply(&mut accounts, b.clone());
            assert_eq!(accounts, std::slice::from_ref(&b));
        }
    }

    #[test]
    fn a_server_is_the_url_and_for_chatwoot_the_account_too() {
        let a = chatwoot("99digital", 3);
        let other = chatwoot("99digital", 4);
        let plan = plan_save(std::slice::from_ref(&a), &other, each(0), false).unwrap();
        assert_eq!(plan.id, other.id);
        assert_eq!(plan.replaces, [a.id.as_str()]);
        let same = chatwoot("99digital", 3);
        assert_eq!(
            plan_save(std::slice::from_ref(&a), &same, each(1), false)
                .unwrap()
                .id,
            a.id
        );
        // Blinger and Chatwoot at one URL are not one server.
        let blinger_there = blinger("99digital", "https://online.99digital.co.il");
        assert_eq!(
            plan_save(&[a], &blinger_there, each(1), false),
            Err(PendingReplies(1))
        );
    }

    #[test]
    fn another_name_on_the_same_server_is_another_account_beside_it() {
        let a = blinger("Support", ONE);
        let b = blinger("Sales", ONE);
        let plan = plan_save(std::slice::from_ref(&a), &b, each(4), false).unwrap();
        assert_eq!(
            plan,
            SavePlan {
                id: b.id.clone(),
                replaces: Vec::new()
            }
        );
        let mut accounts = vec![a.clone()];
        plan.apply(&mut accounts, b.clone());
        assert_eq!(accounts, [a, b]);
    }

    #[test]
    fn of_two_accounts_of_one_name_the_one_on_the_same_server_is_kept() {
        // Two of one name: a file edited by hand, or salvaged from a damaged one.
        let elsewhere = blinger("Support", TWO);
        let here = blinger("Support", ONE);
        let saved = blinger("Support", ONE);
        let pending = |id: &str| usize::from(id == elsewhere.id) * 2;
        let existing = [elsewhere.clone(), here.clone()];
        assert_eq!(
            plan_save(&existing, &saved, pending, false),
            Err(PendingReplies(2))
        );
        let plan = plan_save(&existing, &saved, pending, true).unwrap();
        assert_eq!(plan.id, here.id);
        assert_eq!(plan.replaces, [elsewhere.id.as_str()]);
    }

    #[test]
    fn an_account_added_again_after_removal_gets_a_new_id() {
        let a = blinger("Support", ONE);
        let mut accounts = vec![a.clone()];
        accounts.retain(|x| x.id != a.id);
        let again = blinger("Support", ONE);
        let plan = plan_save(&accounts, &again, each(7), false).unwrap();
        assert_eq!(plan.id, again.id);
        assert_ne!(plan.id, a.id);
    }
}
