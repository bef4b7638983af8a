//! The system Deskbell runs on, as a plain value. Code that behaves differently
//! per system takes a [`System`] and is a pure function of it, so each system's
//! choice is unit-tested on every system; only [`System::current`] reads `cfg`.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum System {
    /// Linux and the other freedesktop systems.
    Linux,
    MacOs,
    Windows,
}

impl System {
    pub const ALL: [System; 3] = [System::Linux, System::MacOs, System::Windows];

    pub const fn current() -> System {
        if cfg!(windows) {
            System::Windows
        } else if cfg!(target_os = "macos") {
            System::MacOs
        } else {
            System::Linux
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn this_build_knows_its_system() {
        let expected = if cfg!(windows) {
            super::System::Windows
        } else if cfg!(target_os = "macos") {
            super::System::MacOs
        } else {
            super::System::Linux
        };
        assert_eq!(super::System::current(), expected);
    }
}
