package store

import (
	"os"
	"strconv"
	"strings"
	"syscall"
)

// lockHolder finds the process holding a lock on the file in /proc/locks,
// whose lines read
//
//	1: FLOCK  ADVISORY  WRITE 8172 fe:00:10053310 0 EOF
//
// (the last but two field being major:minor:inode, in hex, hex and
// decimal). Waiters ("1: -> FLOCK …") are skipped. It returns 0 when the
// holder cannot be told. The inode decides; the device only breaks ties,
// because overlay file systems report a different device to stat.
func lockHolder(fi os.FileInfo) int {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return 0
	}
	data, err := os.ReadFile("/proc/locks")
	if err != nil {
		return 0
	}
	dev := uint64(st.Dev)
	major := (dev>>8)&0xfff | (dev>>32)&^0xfff
	minor := dev&0xff | (dev>>12)&^0xff
	candidate := 0
	for _, line := range strings.Split(string(data), "\n") {
		f := strings.Fields(line)
		if len(f) < 8 || f[1] == "->" || f[1] != "FLOCK" {
			continue
		}
		id := strings.Split(f[5], ":")
		if len(id) != 3 {
			continue
		}
		ino, err1 := strconv.ParseUint(id[2], 10, 64)
		pid, err2 := strconv.Atoi(f[4])
		if err1 != nil || err2 != nil || ino != uint64(st.Ino) || pid <= 0 {
			continue
		}
		maj, _ := strconv.ParseUint(id[0], 16, 64)
		mnr, _ := strconv.ParseUint(id[1], 16, 64)
		if maj == major && mnr == minor {
			return pid
		}
		if candidate == 0 {
			candidate = pid
		}
	}
	return candidate
}
