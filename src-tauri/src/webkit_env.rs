//! How WebKitGTK should draw this window, chosen before GTK starts (Linux only).
//!
//! On X11 the page needs no GL: it is lists and text. With GTK's GL off, Mesa is
//! never set up for GTK itself, and with WebKit's DMA-BUF renderer off the web
//! process hands its frames over shared memory instead of GPU buffers the window
//! would have to import. GTK without GL saved ~100 MB with the window open, the
//! renderer's switch ~8 MB more (docs/benchmarks.md). Wayland needs GL for its surfaces, and a variable
//! the user set is the user's choice.

/// The variables to set, given how the environment reads now.
pub fn choose(
    linux: bool,
    var: impl Fn(&str) -> Option<String>,
) -> Vec<(&'static str, &'static str)> {
    let wayland =
        var("WAYLAND_DISPLAY").is_some() || var("XDG_SESSION_TYPE").is_some_and(|t| t == "wayland");
    if !linux || wayland {
        return Vec::new();
    }
    [
        ("GDK_GL", "disable"),
        ("WEBKIT_DISABLE_DMABUF_RENDERER", "1"),
    ]
    .into_iter()
    .filter(|(name, _)| var(name).is_none())
    .collect()
}

/// Sets them in this process (and so in WebKit's helper processes, which inherit it).
pub fn apply() {
    for (name, value) in choose(cfg!(target_os = "linux"), |n| std::env::var(n).ok()) {
        std::env::set_var(name, value);
    }
}

#[cfg(test)]
mod tests {
    use super::choose;
    use std::collections::HashMap;

    fn with(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let env: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |name| env.get(name).cloned()
    }

    #[test]
    fn x11_draws_without_gl_and_without_dmabuf() {
        let set = choose(
            true,
            with(&[("DISPLAY", ":0"), ("XDG_SESSION_TYPE", "x11")]),
        );
        assert_eq!(
            set,
            [
                ("GDK_GL", "disable"),
                ("WEBKIT_DISABLE_DMABUF_RENDERER", "1")
            ]
        );
    }

    #[test]
    fn wayland_keeps_gl() {
        assert!(choose(true, with(&[("WAYLAND_DISPLAY", "wayland-0")])).is_empty());
        assert!(choose(true, with(&[("XDG_SESSION_TYPE", "wayland")])).is_empty());
    }

    #[test]
    fn the_users_own_setting_wins() {
        let set = choose(true, with(&[("GDK_GL", "always")]));
        assert_eq!(set, [("WEBKIT_DISABLE_DMABUF_RENDERER", "1")]);
        let set = choose(true, with(&[("WEBKIT_DISABLE_DMABUF_RENDERER", "0")]));
        assert_eq!(set, [("GDK_GL", "disable")]);
    }

    #[test]
    fn windows_and_macos_are_left_alone() {
        assert!(choose(false, with(&[])).is_empty());
    }
}
