//! The sockets and files this process holds, as Linux shows them.

/// Raises this process's soft limit of open files towards `want` (never above
/// the hard limit); returns the limit now in force.
pub fn raise_fd_limit(want: u64) -> u64 {
    let mut limit = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: plain syscalls on a local struct.
    unsafe {
        if libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) != 0 {
            return 0;
        }
        if limit.rlim_cur < want {
            limit.rlim_cur = want.min(limit.rlim_max);
            libc::setrlimit(libc::RLIMIT_NOFILE, &limit);
        }
        libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit);
    }
    limit.rlim_cur
}

/// File descriptors of this process open on sockets whose *local* port is
/// `port`: the receiver's listener and the connections it accepted, not the
/// test's own client ends (which have other local ports). Asked of each
/// descriptor itself (`getsockname`): the kernel's socket table is too slow to
/// read while thousands of connections come and go.
pub fn server_sockets(port: u16) -> usize {
    let Ok(dir) = std::fs::read_dir("/proc/self/fd") else {
        return 0;
    };
    dir.filter_map(|e| e.ok()?.file_name().to_str()?.parse::<i32>().ok())
        .filter(|&fd| local_port(fd) == Some(port))
        .count()
}

fn local_port(fd: i32) -> Option<u16> {
    // SAFETY: getsockname writes at most `len` bytes into the local buffer; on a
    // descriptor that is not a socket (or no longer open) it fails harmlessly.
    unsafe {
        let mut addr: libc::sockaddr_storage = std::mem::zeroed();
        let mut len = std::mem::size_of::<libc::sockaddr_storage>() as libc::socklen_t;
        if libc::getsockname(fd, &mut addr as *mut _ as *mut libc::sockaddr, &mut len) != 0 {
            return None;
        }
        match addr.ss_family as i32 {
            libc::AF_INET => {
                let v4 = &*(&addr as *const _ as *const libc::sockaddr_in);
                Some(u16::from_be(v4.sin_port))
            }
            libc::AF_INET6 => {
                let v6 = &*(&addr as *const _ as *const libc::sockaddr_in6);
                Some(u16::from_be(v6.sin6_port))
            }
            _ => None,
        }
    }
}

/// Every file descriptor this process has open.
pub fn open_fds() -> usize {
    std::fs::read_dir("/proc/self/fd")
        .map(|d| d.count())
        .unwrap_or(0)
}
