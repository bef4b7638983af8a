//! The app's tray icon as other programs see it: a StatusNotifierItem with a
//! com.canonical.dbusmenu menu, exported by libayatana-appindicator on the app's
//! own bus connection. The test desktop has no tray host, so instead of asking a
//! StatusNotifierWatcher we look at the app's connections directly.
//!
//! On Linux, Tauri's `TrayIcon::set_title` shows up as `XAyatanaLabel` (the text
//! beside the icon), not as the SNI `Title`, which stays the app name.

use super::bus;
use serde_json::Value;

/// Where the StatusNotifierItem spec puts the item.
const SNI_PATH: &str = "/StatusNotifierItem";
const SNI: &str = "org.kde.StatusNotifierItem";
const DBUSMENU: &str = "com.canonical.dbusmenu";
/// Where libayatana-appindicator exports items: `/org/ayatana/NotificationItem/<id>`.
const AYATANA_ROOT: &str = "/org/ayatana/NotificationItem";

#[derive(Debug, Clone, PartialEq)]
pub struct MenuEntry {
    pub id: i32,
    /// As shown, with dbusmenu's `_` mnemonic markers removed.
    pub label: String,
    pub enabled: bool,
    pub visible: bool,
    pub separator: bool,
    /// Check and radio items: whether ticked.
    pub checked: Option<bool>,
    pub children: Vec<MenuEntry>,
}

#[derive(Debug, Clone)]
pub struct TrayItem {
    pub bus_name: String,
    pub path: String,
    pub id: String,
    pub title: String,
    /// `Active`, `Passive` or `NeedsAttention`.
    pub status: String,
    /// The text beside the icon (Tauri's tray title), if any.
    pub label: Option<String>,
    pub icon_name: String,
    pub menu_path: String,
    pub menu: Vec<MenuEntry>,
}

impl TrayItem {
    /// Labels of all visible, non-separator menu entries, depth first.
    pub fn labels(&self) -> Vec<String> {
        fn walk(entries: &[MenuEntry], out: &mut Vec<String>) {
            for e in entries.iter().filter(|e| e.visible) {
                if !e.separator {
                    out.push(e.label.clone());
                }
                walk(&e.children, out);
            }
        }
        let mut out = Vec::new();
        walk(&self.menu, &mut out);
        out
    }

    /// The first visible menu entry whose label contains `text`.
    pub fn entry(&self, text: &str) -> Option<&MenuEntry> {
        fn find<'a>(entries: &'a [MenuEntry], text: &str) -> Option<&'a MenuEntry> {
            entries.iter().filter(|e| e.visible).find_map(|e| {
                if !e.separator && e.label.contains(text) {
                    Some(e)
                } else {
                    find(&e.children, text)
                }
            })
        }
        find(&self.menu, text)
    }

    /// Clicks the menu entry whose label contains `text`, as a tray host would.
    pub fn click(&self, text: &str) {
        let entry = self.entry(text).unwrap_or_else(|| {
            panic!(
                "no tray menu entry contains {text:?}; entries: {:?}",
                self.labels()
            )
        });
        let id = entry.id.to_string();
        bus::call(
            &self.bus_name,
            &self.menu_path,
            DBUSMENU,
            "Event",
            "isvu",
            &[&id, "clicked", "s", "", "0"],
        )
        .unwrap_or_else(|e| panic!("clicking tray entry {text:?}: {e}"));
    }
}

pub struct Tray;

impl Tray {
    /// The tray item exported by process `pid`, or `None` if there is none (yet).
    pub fn read(pid: u32) -> Option<TrayItem> {
        // The app has several connections and some never answer (each costs a
        // timeout), so ask them all at once.
        let lookups: Vec<_> = bus::names_of_pid(pid)
            .into_iter()
            .map(|name| std::thread::spawn(move || find_item(&name).map(|path| (name, path))))
            .collect();
        let (bus_name, path) = lookups
            .into_iter()
            .filter_map(|h| h.join().ok().flatten())
            .next()?;
        read_item(bus_name, path)
    }
}

/// The object path of a StatusNotifierItem on connection `name`: the spec's
/// `/StatusNotifierItem` (the agent's, ksni), else a libappindicator child node.
fn find_item(name: &str) -> Option<String> {
    if bus::property(name, SNI_PATH, SNI, "Id").is_ok() {
        return Some(SNI_PATH.to_owned());
    }
    let xml = bus::call(
        name,
        AYATANA_ROOT,
        "org.freedesktop.DBus.Introspectable",
        "Introspect",
        "",
        &[],
    )
    .ok()?
    .first()?
    .as_str()?
    .to_string();
    // Child nodes look like `<node name="tray_icon_tray_app_deskbell"/>`.
    xml.split("<node name=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .map(|child| format!("{AYATANA_ROOT}/{child}"))
        .find(|path| bus::property(name, path, SNI, "Id").is_ok())
}

fn read_item(bus_name: String, path: String) -> Option<TrayItem> {
    let prop = |name: &str| bus::property(&bus_name, &path, SNI, name).ok();
    let text = |name: &str| {
        prop(name)
            .and_then(|v| v.as_str().map(String::from))
            .unwrap_or_default()
    };
    let menu_path = text("Menu");
    let menu = read_menu(&bus_name, &menu_path);
    Some(TrayItem {
        id: text("Id"),
        title: text("Title"),
        status: text("Status"),
        label: prop("XAyatanaLabel").and_then(|v| v.as_str().map(String::from)),
        icon_name: text("IconName"),
        menu,
        menu_path,
        bus_name,
        path,
    })
}

/// `GetLayout(0, -1, [])`: the whole menu tree.
fn read_menu(bus_name: &str, menu_path: &str) -> Vec<MenuEntry> {
    if menu_path.is_empty() {
        return Vec::new();
    }
    // Reply `u(ia{sv}av)`: revision, then the root entry, whose children are the menu.
    let reply = bus::call(
        bus_name,
        menu_path,
        DBUSMENU,
        "GetLayout",
        "iias",
        &["0", "-1", "0"],
    );
    match reply.ok().as_deref() {
        Some([_, root]) => parse_entry(root).map(|r| r.children).unwrap_or_default(),
        _ => Vec::new(),
    }
}

/// One `(ia{sv}av)` layout node; children come wrapped in variants.
fn parse_entry(node: &Value) -> Option<MenuEntry> {
    let node = node.get("data").unwrap_or(node); // unwrap a variant
    let [id, props, children] = node.as_array()?.as_slice() else {
        return None;
    };
    let p = |k: &str| props.get(k).map(|v| &v["data"]);
    let checked = match p("toggle-type").and_then(Value::as_str) {
        Some("checkmark") | Some("radio") => {
            Some(p("toggle-state").and_then(Value::as_i64) == Some(1))
        }
        _ => None,
    };
    Some(MenuEntry {
        id: id.as_i64()? as i32,
        label: strip_mnemonics(p("label").and_then(Value::as_str).unwrap_or_default()),
        enabled: p("enabled").and_then(Value::as_bool).unwrap_or(true),
        visible: p("visible").and_then(Value::as_bool).unwrap_or(true),
        separator: p("type").and_then(Value::as_str) == Some("separator"),
        checked,
        children: children
            .as_array()?
            .iter()
            .filter_map(parse_entry)
            .collect(),
    })
}

/// dbusmenu marks mnemonics with `_` and writes a literal underscore as `__`.
fn strip_mnemonics(label: &str) -> String {
    let mut out = String::with_capacity(label.len());
    let mut chars = label.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '_' {
            if chars.peek() == Some(&'_') {
                out.push('_');
                chars.next();
            }
        } else {
            out.push(c);
        }
    }
    out
}
