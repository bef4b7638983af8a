//! A named pipe whose access list grants the current user alone (not the
//! "Everyone: read" of a pipe's default one), closed to other machines.

use super::Stream;
use crate::endpoint::{Address, Endpoint};
use std::ffi::c_void;
use std::io;
use std::time::Duration;
use tokio::net::windows::named_pipe::{ClientOptions, NamedPipeServer, ServerOptions};
use windows_sys::Win32::Foundation::{CloseHandle, LocalFree, HANDLE};
use windows_sys::Win32::Security::Authorization::{
    ConvertSidToStringSidW, ConvertStringSecurityDescriptorToSecurityDescriptorW, SDDL_REVISION_1,
};
use windows_sys::Win32::Security::{
    GetTokenInformation, TokenUser, SECURITY_ATTRIBUTES, TOKEN_QUERY, TOKEN_USER,
};
use windows_sys::Win32::System::Threading::{GetCurrentProcess, OpenProcessToken};

/// All pipe instances are busy: wait this long between tries.
const BUSY_RETRY: Duration = Duration::from_millis(20);
const ERROR_PIPE_BUSY: i32 = 231;

pub struct Inner {
    name: String,
    access: OwnerOnly,
    next: NamedPipeServer,
}

fn pipe_name(endpoint: &Endpoint) -> io::Result<&str> {
    match &endpoint.address {
        Address::Pipe(name) => Ok(name),
        Address::Socket(_) => Err(io::Error::new(
            io::ErrorKind::Unsupported,
            "a socket on Windows",
        )),
    }
}

impl Inner {
    pub fn bind(endpoint: &Endpoint) -> io::Result<Inner> {
        let name = pipe_name(endpoint)?.to_owned();
        let access = OwnerOnly::new()?;
        // first_pipe_instance: fails if anyone (a squatter) created this pipe first.
        let next = access.create(&name, true)?;
        Ok(Inner { name, access, next })
    }

    pub async fn accept(&mut self) -> io::Result<Stream> {
        self.next.connect().await?;
        // A fresh instance for the next client before handing this one out.
        let fresh = self.access.create(&self.name, false)?;
        Ok(Box::new(std::mem::replace(&mut self.next, fresh)))
    }
}

pub async fn connect(endpoint: &Endpoint) -> io::Result<Stream> {
    let name = pipe_name(endpoint)?;
    for _ in 0..50 {
        match ClientOptions::new().open(name) {
            Ok(client) => return Ok(Box::new(client)),
            Err(e) if e.raw_os_error() == Some(ERROR_PIPE_BUSY) => {
                tokio::time::sleep(BUSY_RETRY).await
            }
            Err(e) => return Err(e),
        }
    }
    Err(io::Error::new(
        io::ErrorKind::TimedOut,
        "the agent's pipe stays busy",
    ))
}

/// A security descriptor "D:P(A;;GA;;;<the user's SID>)": a protected access
/// list with one entry, full access for this user.
struct OwnerOnly {
    descriptor: *mut c_void,
}

// The descriptor is read-only once built; Windows copies it into each pipe.
unsafe impl Send for OwnerOnly {}
unsafe impl Sync for OwnerOnly {}

impl OwnerOnly {
    fn new() -> io::Result<OwnerOnly> {
        let sid = current_user_sid()?;
        let sddl: Vec<u16> = format!("D:P(A;;GA;;;{sid})\0").encode_utf16().collect();
        let mut descriptor = std::ptr::null_mut();
        // SAFETY: a NUL-terminated string and a valid out-pointer; the result is
        // freed with LocalFree in Drop.
        let ok = unsafe {
            ConvertStringSecurityDescriptorToSecurityDescriptorW(
                sddl.as_ptr(),
                SDDL_REVISION_1,
                &mut descriptor,
                std::ptr::null_mut(),
            )
        };
        if ok == 0 {
            return Err(io::Error::last_os_error());
        }
        Ok(OwnerOnly { descriptor })
    }

    fn create(&self, name: &str, first: bool) -> io::Result<NamedPipeServer> {
        let mut attributes = SECURITY_ATTRIBUTES {
            nLength: std::mem::size_of::<SECURITY_ATTRIBUTES>() as u32,
            lpSecurityDescriptor: self.descriptor,
            bInheritHandle: 0,
        };
        // SAFETY: the attributes and the descriptor they point to outlive the call.
        unsafe {
            ServerOptions::new()
                .first_pipe_instance(first)
                .reject_remote_clients(true)
                .create_with_security_attributes_raw(
                    name,
                    &mut attributes as *mut SECURITY_ATTRIBUTES as *mut c_void,
                )
        }
    }
}

impl Drop for OwnerOnly {
    fn drop(&mut self) {
        // SAFETY: allocated by ConvertStringSecurityDescriptorToSecurityDescriptorW.
        unsafe { LocalFree(self.descriptor) };
    }
}

/// The SID of the user this process runs as, as a string ("S-1-5-21-…").
fn current_user_sid() -> io::Result<String> {
    let mut token: HANDLE = std::ptr::null_mut();
    // SAFETY: the pseudo-handle needs no closing; the token handle is closed below.
    if unsafe { OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &mut token) } == 0 {
        return Err(io::Error::last_os_error());
    }
    let result = (|| {
        let mut needed = 0u32;
        // SAFETY: asking for the size only.
        unsafe { GetTokenInformation(token, TokenUser, std::ptr::null_mut(), 0, &mut needed) };
        // u64s: TOKEN_USER holds pointers, so the buffer must be pointer-aligned.
        let mut buffer = vec![0u64; (needed as usize).div_ceil(8)];
        // SAFETY: the buffer is `needed` bytes or more, and aligned.
        let ok = unsafe {
            GetTokenInformation(
                token,
                TokenUser,
                buffer.as_mut_ptr() as *mut c_void,
                (buffer.len() * 8) as u32,
                &mut needed,
            )
        };
        if ok == 0 {
            return Err(io::Error::last_os_error());
        }
        // SAFETY: GetTokenInformation(TokenUser) filled the buffer with a TOKEN_USER.
        let sid = unsafe { (*(buffer.as_ptr() as *const TOKEN_USER)).User.Sid };
        let mut text = std::ptr::null_mut();
        // SAFETY: a valid SID from the token; the string is freed with LocalFree.
        if unsafe { ConvertSidToStringSidW(sid, &mut text) } == 0 {
            return Err(io::Error::last_os_error());
        }
        // SAFETY: a NUL-terminated UTF-16 string from the call above.
        let len = (0..).take_while(|&i| unsafe { *text.add(i) } != 0).count();
        let sid = String::from_utf16_lossy(unsafe { std::slice::from_raw_parts(text, len) });
        unsafe { LocalFree(text as *mut c_void) };
        Ok(sid)
    })();
    // SAFETY: opened above.
    unsafe { CloseHandle(token) };
    result
}
