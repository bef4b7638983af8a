//! Steps on the page that several tests take: finding inbox rows, tabs and
//! buttons by what a screen reader would announce (ARIA roles, labels and
//! visible button text), and reading the whole virtual list.
//!
//! The inbox list only keeps the rows in view in the DOM, so "every row of this
//! tab" means scrolling through it ([`all_row_labels`]).

use crate::harness::{wait_until, App, TIMEOUT};
use fantoccini::elements::Element;
use fantoccini::Locator;
use serde_json::Value;
use std::time::Duration;

/// The inbox list (the composer's canned-reply list is a listbox too).
pub const INBOX_LIST: &str = "#inbox [role=listbox]";
/// The composer's text box in reply mode and in note mode.
pub const REPLY_BOX: &str = "textarea[aria-label='Reply to the customer']";
pub const NOTE_BOX: &str = "textarea[aria-label='Private note (operators only)']";

/// `s` as a CSS string literal.
fn css_string(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

/// `s` as an XPath 1.0 string literal (which has no escapes: quotes need concat()).
fn xpath_string(s: &str) -> String {
    if !s.contains('\'') {
        return format!("'{s}'");
    }
    if !s.contains('"') {
        return format!("\"{s}\"");
    }
    let parts: Vec<String> = s.split('\'').map(|p| format!("'{p}'")).collect();
    format!("concat({})", parts.join(", \"'\", "))
}

/// The inbox row of customer `name`: rows are labelled "Name, Channel[, N unread]".
pub fn row(name: &str) -> String {
    format!(
        "{INBOX_LIST} [role=option][aria-label^={}]",
        css_string(&format!("{name}, "))
    )
}

/// Whether `label` is the row label of customer `name`.
pub fn is_row_of(label: &str, name: &str) -> bool {
    label
        .strip_prefix(name)
        .is_some_and(|rest| rest.starts_with(", "))
}

/// Waits for an element found by `xpath`.
async fn find_xpath(app: &App<'_>, xpath: &str, what: &str) -> Element {
    let found = app
        .client()
        .wait()
        .at_most(TIMEOUT)
        .every(Duration::from_millis(100))
        .for_element(Locator::XPath(xpath))
        .await;
    found.unwrap_or_else(|e| panic!("no {what} after {TIMEOUT:?} ({xpath}): {e}"))
}

/// Clicks the button whose visible text is `text`, inside the element with id `within`.
pub async fn click_button(app: &App<'_>, within: &str, text: &str) {
    let xpath = format!(
        "//*[@id={}]//button[normalize-space(.)={}]",
        xpath_string(within),
        xpath_string(text)
    );
    let button = find_xpath(app, &xpath, &format!("button {text:?} in #{within}")).await;
    button
        .click()
        .await
        .unwrap_or_else(|e| panic!("cannot click the button {text:?}: {e}"));
}

/// Selects the inbox tab labelled `label` ("Unassigned", "Unread", "Recent"…)
/// and waits until it is the selected one.
pub async fn open_tab(app: &App<'_>, label: &str) {
    let xpath = format!(
        "//*[@role='tablist']//*[@role='tab'][.//*[normalize-space(text())={}]]",
        xpath_string(label)
    );
    let tab = find_xpath(app, &xpath, &format!("tab {label:?}")).await;
    tab.click()
        .await
        .unwrap_or_else(|e| panic!("cannot click the tab {label:?}: {e}"));
    let selected = format!("{xpath}[@aria-selected='true']");
    find_xpath(app, &selected, &format!("selected tab {label:?}")).await;
}

/// Shows the inbox of account `name` only (the rail's account switcher), or of
/// every account with "All accounts".
pub async fn scope(app: &App<'_>, name: &str) {
    let xpath = format!(
        "//ul[@aria-label='Accounts']//button[.//*[contains(@class,'nav-label') and normalize-space(text())={}]]",
        xpath_string(name)
    );
    let button = find_xpath(app, &xpath, &format!("account {name:?} in the rail")).await;
    button
        .click()
        .await
        .unwrap_or_else(|e| panic!("cannot click the account {name:?}: {e}"));
    find_xpath(
        app,
        &format!("{xpath}[@aria-current='true']"),
        "the account chosen",
    )
    .await;
}

/// Labels of every row of the current tab, in list order, scrolling the virtual
/// list from top to bottom (and back to where it was).
pub async fn all_row_labels(app: &App<'_>) -> Vec<String> {
    let script = r#"
        const done = arguments[arguments.length - 1];
        const list = document.querySelector(arguments[0]);
        if (!list) return done(null);
        const frame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
        (async () => {
          const seen = new Map();
          const was = list.scrollTop;
          list.scrollTop = 0;
          await frame();
          for (let guard = 0; guard < 1000; guard++) {
            for (const o of list.querySelectorAll('[role=option]')) {
              seen.set(Number(o.getAttribute('aria-posinset')), o.getAttribute('aria-label'));
            }
            if (list.scrollTop + list.clientHeight >= list.scrollHeight - 1) break;
            list.scrollTop += Math.max(1, list.clientHeight - 100);
            await frame();
          }
          list.scrollTop = was;
          done([...seen.entries()].sort((a, b) => a[0] - b[0]).map((e) => e[1]));
        })();
    "#;
    let value = app
        .client()
        .execute_async(script, vec![Value::from(INBOX_LIST)])
        .await
        .unwrap_or_else(|e| panic!("cannot read the inbox rows: {e}"));
    match value {
        Value::Array(labels) => labels
            .into_iter()
            .map(|l| l.as_str().unwrap_or_default().to_string())
            .collect(),
        other => panic!("the inbox list is missing ({other})"),
    }
}

/// Waits until the current tab lists exactly `expected` customers (as a
/// multiset, in any order); returns the labels.
pub async fn wait_for_rows(app: &App<'_>, expected: &[String]) -> Vec<String> {
    let mut last = Vec::new();
    let mut wanted: Vec<&String> = expected.iter().collect();
    wanted.sort();
    let matched = tokio::time::timeout(Duration::from_secs(20), async {
        loop {
            last = all_row_labels(app).await;
            if rows_match(&last, &wanted) {
                return;
            }
            tokio::time::sleep(Duration::from_millis(250)).await;
        }
    })
    .await;
    assert!(
        matched.is_ok(),
        "the tab does not list exactly {wanted:?}; it lists {last:?}"
    );
    last
}

fn rows_match(labels: &[String], wanted: &[&String]) -> bool {
    if labels.len() != wanted.len() {
        return false;
    }
    let mut left: Vec<&String> = wanted.to_vec();
    labels.iter().all(|label| {
        // Longest name first, so "Ann" does not take the row of "Ann, Jr".
        let best = left
            .iter()
            .enumerate()
            .filter(|(_, n)| is_row_of(label, n))
            .max_by_key(|(_, n)| n.len())
            .map(|(i, _)| i);
        best.map(|i| left.remove(i)).is_some()
    })
}

/// Waits until every row the tab renders shows a non-empty preview and time.
pub async fn every_row_has_a_preview_and_a_time(app: &App<'_>, tab: &str) {
    let script = format!(
        "return [...document.querySelectorAll({:?})].map((o) => [\
           o.getAttribute('aria-label'),\
           o.querySelector('.row-preview')?.textContent || '',\
           o.querySelector('.row-time')?.textContent || '']);",
        format!("{} [role=option]", INBOX_LIST)
    );
    let mut last = Value::Null;
    let filled = tokio::time::timeout(TIMEOUT, async {
        loop {
            last = app.eval(&script).await;
            let rows = last.as_array().cloned().unwrap_or_default();
            let full =
                |r: &Value| (1..3).all(|i| r[i].as_str().is_some_and(|s| !s.trim().is_empty()));
            if !rows.is_empty() && rows.iter().all(full) {
                return;
            }
            tokio::time::sleep(Duration::from_millis(250)).await;
        }
    })
    .await;
    assert!(
        filled.is_ok(),
        "{tab}: rows without a preview or a time: {last:#}"
    );
}

/// Waits until the row of customer `name` shows `text` (e.g. a new preview).
pub async fn wait_for_row_text(app: &App<'_>, name: &str, text: &str, timeout: Duration) {
    let css = row(name);
    wait_until(
        timeout,
        &format!("the row of {name} shows {text:?}"),
        || {
            let css = css.clone();
            async move {
                let texts = app.texts_of(&css).await;
                texts.iter().any(|t| t.contains(text)).then_some(())
            }
        },
    )
    .await;
}

/// Opens the conversation of customer `name` from the list and waits for its
/// header and composer.
pub async fn open_conversation(app: &App<'_>, name: &str) {
    app.click(&row(name)).await;
    app.wait_for_text("#conv-name", name, TIMEOUT).await;
    app.wait_for(REPLY_BOX, TIMEOUT).await;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literals_survive_quotes() {
        assert_eq!(xpath_string("Send"), "'Send'");
        assert_eq!(xpath_string("O'Hara"), "\"O'Hara\"");
        assert_eq!(
            xpath_string("a'b\"c"),
            "concat('a', \"'\", 'b\"c')".to_string()
        );
        assert_eq!(css_string("Liam \"L\""), "\"Liam \\\"L\\\"\"");
    }

    #[test]
    fn rows_match_names_as_a_multiset() {
        let labels = vec![
            "Ann, Telegram, 2 unread".to_string(),
            "Ann, Jr, WhatsApp".to_string(),
        ];
        let ann = "Ann".to_string();
        let jr = "Ann, Jr".to_string();
        assert!(rows_match(&labels, &[&jr, &ann]));
        assert!(!rows_match(&labels, &[&ann]));
        assert!(!rows_match(&labels, &[&jr, &jr]));
    }
}
