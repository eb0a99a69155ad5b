package store

import "syscall"

// mmapFlags pre-faults the mapping of the store's file. bbolt advises the
// kernel that reads are random (MADV_RANDOM), which turns off fault-around,
// so a snapshot's first pass over a freshly opened file would otherwise
// take one page fault per 4 KiB page. etcd maps its bbolt file the same way.
const mmapFlags = syscall.MAP_POPULATE
