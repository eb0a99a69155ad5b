package server

import (
	"net"
	"syscall"
)

// quickAck sets TCP_QUICKACK on c: the segments read so far, and the next
// ones until the kernel decides otherwise, are acknowledged at once.
func quickAck(c *net.TCPConn) {
	rc, err := c.SyscallConn()
	if err != nil {
		return
	}
	_ = rc.Control(func(fd uintptr) {
		_ = syscall.SetsockoptInt(int(fd), syscall.IPPROTO_TCP, syscall.TCP_QUICKACK, 1)
	})
}
