//! The directory of people in the real window: a group the account has seen is
//! named in Settings, the name lands in settings.json under the account, the
//! Group picker shows it, and picking it by its name assigns that group on the
//! simulator.

use crate::actions::{
    dialog, header_button, open_unassigned, picker_input, wait_dialog_gone, wait_for_conversation,
    wait_options_loaded, ME,
};
use crate::harness::*;
use crate::{page, sim_view};
use fantoccini::key::Key;
use fantoccini::Locator;

#[tokio::test]
async fn a_group_named_in_settings_is_offered_and_assigned_by_its_name() {
    let sim = Sim::start(SimOptions::demo());
    let desk = Desk::new();
    desk.add_account(&sim.account("Support").operator(ME));
    let app = desk.launch(&[]).await;
    // Rows on screen: the first poll has answered, and named the groups of the
    // unassigned conversations.
    let (conv, _) = open_unassigned(&sim, &app).await;
    let state = sim.state().await;
    let was = sim.conversation(conv).await["group_id"].as_i64();
    let group = sim_view::unassigned(&state)
        .iter()
        .filter_map(|(id, _)| {
            let all = state["conversations"].as_object()?;
            all.values().find(|c| c["id"].as_i64() == Some(*id))?["group_id"].as_i64()
        })
        .find(|&g| Some(g) != was)
        .expect("an unassigned conversation of another group");
    let name = format!("Night shift {}", &random_hex()[..6]);

    // Settings → People and groups: the group is listed; name it.
    page::click_button(&app, "rail", "Settings").await;
    let field = format!("dialog[open] input[aria-label='Name of group {group}']");
    app.fill(&field, &name).await;
    app.type_into(&field, &char::from(Key::Tab).to_string())
        .await;
    let account = desk.account_id("Support");
    wait_until(TIMEOUT, "the name is in settings.json", || async {
        let settings = desk.settings();
        let saved = settings["accounts"]
            .as_array()?
            .iter()
            .find(|a| a["id"] == account.as_str())?["names"]["groups"][group.to_string()]
        .clone();
        (saved == name.as_str()).then_some(())
    })
    .await;
    app.screenshot("directory-settings").await;
    app.click("dialog.dlg-settings button.dlg-x").await;
    wait_dialog_gone(&app, "Settings").await;

    // The Group picker lists it by name, with its id.
    let picker = "Assign to a group";
    header_button(&app, "Group").await;
    wait_options_loaded(&app, picker).await;
    let row = format!(
        "{}//li[@role='option'][.//*[contains(@class,'pick-name')][normalize-space(.)='{name}']]\
         [.//*[contains(@class,'pick-id')][normalize-space(.)='#{group}']]",
        dialog(picker)
    );
    app.client()
        .find(Locator::XPath(&row))
        .await
        .unwrap_or_else(|e| panic!("no row named {name:?} with #{group}: {e}"));
    app.screenshot("directory-picker").await;

    // Picked by its name, typed: the server assigns that group.
    app.type_into(
        &picker_input("group"),
        &format!("{}{}", &name[..9], char::from(Key::Enter)),
    )
    .await;
    wait_dialog_gone(&app, picker).await;
    wait_for_conversation(&sim, conv, "the named group is assigned", |c| {
        c["group_id"] == group
    })
    .await;
    app.quit().await;
}
