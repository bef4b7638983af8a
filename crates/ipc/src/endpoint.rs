//! Where the agent listens, per system and per user. Chosen by a pure function of
//! the system and its environment, so each system's choice is tested on every
//! system.
//!
//! - Linux and the BSDs: `$XDG_RUNTIME_DIR/io.deskbell.desk/` (a per-user tmpfs the
//!   session manager creates 0700 and removes at logout); without it,
//!   `/tmp/io.deskbell.desk-<uid>/`, created 0700 and refused if someone else owns it.
//! - macOS: `~/Library/Caches/io.deskbell.desk/` (`$TMPDIR` is per user too, but the
//!   system empties it of files unused for days — a long-running agent's socket).
//! - Windows: the named pipe `\\.\pipe\io.deskbell.desk-agent-<user>`, its lock
//!   file in `%LOCALAPPDATA%\io.deskbell.desk\`.
//!
//! `DESKBELL_AGENT_DIR` overrides the folder (tests, and two desks side by side).

pub use deskbell_platform::System;
use std::ffi::OsString;
use std::path::PathBuf;

const APP_ID: &str = "io.deskbell.desk";
/// sockaddr_un's sun_path: 108 bytes on Linux, 104 on macOS, with the final NUL.
const MAX_SOCKET_PATH: usize = 103;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    /// Owner-only folder of the lock file (and, on Unix, the socket).
    pub dir: PathBuf,
    /// Held by the running agent: a second agent finds it taken.
    pub lock: PathBuf,
    /// What clients connect to: a socket path, or a pipe name on Windows.
    pub address: Address,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Address {
    Socket(PathBuf),
    Pipe(String),
}

/// What [`resolve`] reads of the machine.
pub struct Host<'a> {
    pub var: &'a dyn Fn(&str) -> Option<OsString>,
    pub home: Option<PathBuf>,
    pub uid: u32,
}

impl Endpoint {
    /// This user's endpoint on this machine.
    pub fn current() -> Endpoint {
        #[cfg(unix)]
        let uid = current_uid();
        #[cfg(not(unix))]
        let uid = 0;
        resolve(
            System::current(),
            &Host {
                var: &|k| std::env::var_os(k),
                home: dirs::home_dir(),
                uid,
            },
        )
    }
}

/// The effective user id of this process.
#[cfg(unix)]
pub fn current_uid() -> u32 {
    // SAFETY: geteuid has no preconditions and cannot fail.
    unsafe { libc::geteuid() }
}

pub fn resolve(system: System, host: &Host) -> Endpoint {
    let var = |k: &str| (host.var)(k).filter(|v| !v.is_empty());
    let overridden = var("DESKBELL_AGENT_DIR").map(PathBuf::from);
    let dir = overridden.clone().unwrap_or_else(|| match system {
        System::Linux => match var("XDG_RUNTIME_DIR") {
            Some(run) => PathBuf::from(run).join(APP_ID),
            None => PathBuf::from(format!("/tmp/{APP_ID}-{}", host.uid)),
        },
        System::MacOs => host
            .home
            .clone()
            .unwrap_or_else(|| PathBuf::from("/tmp"))
            .join("Library/Caches")
            .join(APP_ID),
        System::Windows => match var("LOCALAPPDATA") {
            Some(local) => PathBuf::from(local).join(APP_ID),
            None => std::env::temp_dir().join(APP_ID),
        },
    });
    let address = match system {
        System::Windows => Address::Pipe(pipe_name(
            &var("USERNAME")
                .map(|u| u.to_string_lossy().into_owned())
                .unwrap_or_default(),
            overridden.is_some().then_some(&dir),
        )),
        _ => {
            let socket = dir.join("agent.sock");
            if socket.as_os_str().len() <= MAX_SOCKET_PATH {
                Address::Socket(socket)
            } else {
                // A deep home or runtime folder: a socket path the kernel cannot
                // take. The user's own folder in /tmp (0700, checked like the
                // main one), one socket per folder: two folders, two agents.
                Address::Socket(
                    PathBuf::from(format!("/tmp/{APP_ID}-{}", host.uid))
                        .join(format!("agent-{:016x}.sock", fnv1a(&dir))),
                )
            }
        }
    };
    Endpoint {
        lock: dir.join("agent.lock"),
        dir,
        address,
    }
}

/// Pipe names are one namespace for the whole machine: the user's name keeps two
/// users' agents apart (the pipe's access list keeps them out of each other's),
/// and an overridden folder gets a pipe of its own.
fn pipe_name(user: &str, dir: Option<&PathBuf>) -> String {
    let clean = |s: &str| -> String {
        s.chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' || c == '.' {
                    c
                } else {
                    '_'
                }
            })
            .take(64)
            .collect()
    };
    let mut name = format!(r"\\.\pipe\{APP_ID}-agent-{}", clean(user));
    if let Some(dir) = dir {
        name.push_str(&format!("-{:016x}", fnv1a(dir)));
    }
    name
}

/// FNV-1a of a folder's path: short, stable across builds, no dependency.
fn fnv1a(dir: &std::path::Path) -> u64 {
    dir.to_string_lossy()
        .bytes()
        .fold(0xcbf29ce484222325u64, |h, b| {
            (h ^ b as u64).wrapping_mul(0x100000001b3)
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn at(system: System, vars: &[(&str, &str)], home: &str) -> Endpoint {
        let vars: HashMap<String, OsString> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), OsString::from(v)))
            .collect();
        resolve(
            system,
            &Host {
                var: &|k| vars.get(k).cloned(),
                home: Some(PathBuf::from(home)),
                uid: 1000,
            },
        )
    }

    #[test]
    fn linux_uses_the_session_runtime_folder() {
        let e = at(
            System::Linux,
            &[("XDG_RUNTIME_DIR", "/run/user/1000")],
            "/home/olga",
        );
        assert_eq!(e.dir, PathBuf::from("/run/user/1000/io.deskbell.desk"));
        assert_eq!(
            e.address,
            Address::Socket("/run/user/1000/io.deskbell.desk/agent.sock".into())
        );
        assert_eq!(
            e.lock,
            PathBuf::from("/run/user/1000/io.deskbell.desk/agent.lock")
        );
    }

    #[test]
    fn linux_without_a_runtime_folder_uses_a_per_user_tmp_folder() {
        let e = at(System::Linux, &[("XDG_RUNTIME_DIR", "")], "/home/olga");
        assert_eq!(e.dir, PathBuf::from("/tmp/io.deskbell.desk-1000"));
    }

    #[test]
    fn macos_uses_the_caches_folder_not_tmpdir() {
        let e = at(
            System::MacOs,
            &[("TMPDIR", "/var/folders/x/T/")],
            "/Users/olga",
        );
        assert_eq!(
            e.address,
            Address::Socket("/Users/olga/Library/Caches/io.deskbell.desk/agent.sock".into())
        );
    }

    #[test]
    fn windows_uses_a_pipe_named_after_the_user() {
        let e = at(
            System::Windows,
            &[
                ("LOCALAPPDATA", r"C:\Users\Olga\AppData\Local"),
                ("USERNAME", "Olga K"),
            ],
            r"C:\Users\Olga",
        );
        assert_eq!(
            e.address,
            Address::Pipe(r"\\.\pipe\io.deskbell.desk-agent-Olga_K".into())
        );
        assert!(e.lock.starts_with(r"C:\Users\Olga\AppData\Local"));
    }

    #[test]
    fn an_overridden_folder_gets_its_own_pipe_and_socket() {
        let a = at(
            System::Windows,
            &[("DESKBELL_AGENT_DIR", "/x/a"), ("USERNAME", "o")],
            "/",
        );
        let b = at(
            System::Windows,
            &[("DESKBELL_AGENT_DIR", "/x/b"), ("USERNAME", "o")],
            "/",
        );
        assert_ne!(a.address, b.address);
        let l = at(System::Linux, &[("DESKBELL_AGENT_DIR", "/x/a")], "/");
        assert_eq!(l.address, Address::Socket("/x/a/agent.sock".into()));
    }

    #[test]
    fn a_socket_path_too_long_for_the_kernel_falls_back_to_tmp() {
        let deep = format!("/run/user/1000/{}", "d".repeat(120));
        let e = at(System::Linux, &[("XDG_RUNTIME_DIR", &deep)], "/home/olga");
        let Address::Socket(socket) = &e.address else {
            panic!("{:?}", e.address)
        };
        assert_eq!(
            socket.parent(),
            Some(std::path::Path::new("/tmp/io.deskbell.desk-1000"))
        );
        assert!(socket.as_os_str().len() <= MAX_SOCKET_PATH);
        // Two deep folders (two agents, each with its lock) never share a socket.
        let other = format!("/run/user/1000/{}", "e".repeat(120));
        let o = at(System::Linux, &[("XDG_RUNTIME_DIR", &other)], "/home/olga");
        assert_ne!(o.address, e.address);
        let again = at(System::Linux, &[("XDG_RUNTIME_DIR", &deep)], "/home/olga");
        assert_eq!(again.address, e.address, "stable");
    }
}
