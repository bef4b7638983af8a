/* Wine 8 has no bcryptprimitives.dll, whose ProcessPrng Rust's standard library
 * calls for random bytes on Windows. This stand-in exports it over RtlGenRandom
 * (advapi32's SystemFunction036), which Wine has. Windows itself never needs it. */
#include <windows.h>
#include <ntsecapi.h>

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len)
{
    while (len > 0) {
        ULONG chunk = len > 0x10000000 ? 0x10000000 : (ULONG)len;
        if (!RtlGenRandom(data, chunk))
            return FALSE;
        data += chunk;
        len -= chunk;
    }
    return TRUE;
}
