//! Starting the other program: the window starts the agent when none answers,
//! the agent starts the window when one is asked for and none is connected.
//! Both are installed side by side (the bundles carry both), so each finds the
//! other beside its own executable; an environment variable can name another.

use std::io;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The tray agent's program name (without `.exe`), and its override.
pub const AGENT: Program = Program {
    name: "deskbell-agent",
    env: "DESKBELL_AGENT_BIN",
};
/// The window's program name (without `.exe`), and its override.
pub const WINDOW: Program = Program {
    name: "deskbell",
    env: "DESKBELL_WINDOW_BIN",
};

#[derive(Debug, Clone, Copy)]
pub struct Program {
    pub name: &'static str,
    pub env: &'static str,
}

impl Program {
    /// Where this program is: the override if set, else beside `current_exe`.
    pub fn path(&self, current_exe: &Path, env: Option<PathBuf>) -> PathBuf {
        if let Some(path) = env.filter(|p| !p.as_os_str().is_empty()) {
            return path;
        }
        let file = format!("{}{}", self.name, std::env::consts::EXE_SUFFIX);
        current_exe
            .parent()
            .map(|dir| dir.join(&file))
            .unwrap_or_else(|| PathBuf::from(file))
    }

    /// Starts the program detached from this one: its own process group (a
    /// signal to the window's group, or the window's end, does not reach the
    /// agent), no console on Windows, no inherited standard streams.
    pub fn start(&self, args: &[&str]) -> io::Result<u32> {
        let exe = std::env::current_exe()?;
        let path = self.path(&exe, std::env::var_os(self.env).map(PathBuf::from));
        let mut cmd = Command::new(&path);
        cmd.args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        detach(&mut cmd);
        let mut child = cmd
            .spawn()
            .map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", path.display())))?;
        let pid = child.id();
        // Reaped when it ends, or it would linger as a zombie while this runs.
        std::thread::Builder::new()
            .name(format!("wait-{}", self.name))
            .stack_size(64 * 1024)
            .spawn(move || child.wait())?;
        Ok(pid)
    }
}

#[cfg(unix)]
fn detach(cmd: &mut Command) {
    use std::os::unix::process::CommandExt;
    cmd.process_group(0);
}

#[cfg(windows)]
fn detach(cmd: &mut Command) {
    use std::os::windows::process::CommandExt;
    use windows_sys::Win32::System::Threading::{CREATE_NEW_PROCESS_GROUP, CREATE_NO_WINDOW};
    cmd.creation_flags(CREATE_NEW_PROCESS_GROUP | CREATE_NO_WINDOW);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_program_is_found_beside_the_other_unless_named() {
        let exe = Path::new("/opt/deskbell/deskbell");
        let beside = AGENT.path(exe, None);
        assert_eq!(beside.parent(), Some(Path::new("/opt/deskbell")));
        assert_eq!(
            beside.file_name().and_then(|f| f.to_str()),
            Some(format!("deskbell-agent{}", std::env::consts::EXE_SUFFIX).as_str())
        );
        assert_eq!(
            WINDOW.path(Path::new("/usr/lib/deskbell/deskbell-agent"), None),
            PathBuf::from(format!(
                "/usr/lib/deskbell/deskbell{}",
                std::env::consts::EXE_SUFFIX
            ))
        );
        assert_eq!(
            AGENT.path(exe, Some(PathBuf::from("/tmp/other-agent"))),
            PathBuf::from("/tmp/other-agent")
        );
        // An empty override is no override.
        assert_eq!(AGENT.path(exe, Some(PathBuf::new())), beside);
    }
}
