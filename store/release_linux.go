package store

import "golang.org/x/sys/unix"

// dropMapped drops the pages of [addr, addr+size) from the process's page
// tables (madvise MADV_DONTNEED). addr is the start of bbolt's mapping,
// hence page-aligned.
func dropMapped(addr uintptr, size int64) error {
	if size <= 0 {
		return nil
	}
	// The raw system call, with the address as bbolt gives it (an
	// uintptr): unix.Madvise wants a []byte, which would mean making a
	// pointer out of an integer.
	if _, _, errno := unix.Syscall(unix.SYS_MADVISE, addr, uintptr(size), unix.MADV_DONTNEED); errno != 0 {
		return errno
	}
	return nil
}
