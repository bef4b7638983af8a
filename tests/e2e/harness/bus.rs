//! The private D-Bus session, read with `busctl --json=short`: its JSON output
//! is unambiguous, unlike `dbus-monitor`, which prints strings unescaped (a body
//! holding a newline and `string "…"` looks like two arguments), and `gdbus`,
//! whose GVariant text would need a parser of its own.

use serde_json::Value;
use std::process::Command;

/// Runs `busctl --user --json=short ARGS…` and returns one JSON value per output
/// line. `--user` means the session bus of `DBUS_SESSION_BUS_ADDRESS`.
pub(crate) fn busctl(args: &[&str]) -> Result<Vec<Value>, String> {
    let out = Command::new("busctl")
        .args(["--user", "--json=short", "--timeout=2"])
        .args(args)
        .output()
        .map_err(|e| {
            format!("cannot run busctl ({e}): install systemd (scripts/install-deps.sh --test)")
        })?;
    if !out.status.success() {
        return Err(format!(
            "busctl {}: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr).trim()
        ));
    }
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).map_err(|e| format!("busctl printed non-JSON ({e}): {l}")))
        .collect()
}

/// `busctl call`: the reply's arguments (the `data` array), e.g.
/// `call(dest, path, iface, "GetLayout", "iias", &["0", "-1", "0"])`.
pub(crate) fn call(
    dest: &str,
    path: &str,
    interface: &str,
    method: &str,
    signature: &str,
    args: &[&str],
) -> Result<Vec<Value>, String> {
    let mut argv = vec!["call", dest, path, interface, method];
    if !signature.is_empty() {
        // "--" so that arguments like -1 are not taken for options.
        argv.push("--");
        argv.push(signature);
        argv.extend_from_slice(args);
    }
    let mut lines = busctl(&argv)?;
    match lines.pop() {
        Some(mut reply) => match reply["data"].take() {
            Value::Array(data) => Ok(data),
            other => Ok(vec![other]),
        },
        None => Ok(Vec::new()),
    }
}

/// A property's value (`data` of busctl's `{"type":…,"data":…}`).
pub(crate) fn property(
    dest: &str,
    path: &str,
    interface: &str,
    name: &str,
) -> Result<Value, String> {
    let mut lines = busctl(&["get-property", dest, path, interface, name])?;
    Ok(lines
        .pop()
        .map(|mut v| v["data"].take())
        .unwrap_or(Value::Null))
}

/// Connections (unique names like `:1.7`) owned by process `pid`.
pub(crate) fn names_of_pid(pid: u32) -> Vec<String> {
    let Ok(lines) = busctl(&["list", "--unique"]) else {
        return Vec::new();
    };
    // One JSON array of {name, pid, process, …}.
    lines
        .into_iter()
        .flat_map(|v| v.as_array().cloned().unwrap_or_default())
        .filter(|n| n["pid"].as_u64() == Some(u64::from(pid)))
        .filter_map(|n| n["name"].as_str().map(String::from))
        .collect()
}

/// Whether some connection owns the well-known `name`.
pub(crate) fn has_owner(name: &str) -> bool {
    call(
        "org.freedesktop.DBus",
        "/org/freedesktop/DBus",
        "org.freedesktop.DBus",
        "NameHasOwner",
        "s",
        &[name],
    )
    .ok()
    .and_then(|d| d.first().and_then(Value::as_bool))
    .unwrap_or(false)
}
