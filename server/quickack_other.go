//go:build !linux

package server

import "net"

// quickAck does nothing where the system has no TCP_QUICKACK.
func quickAck(*net.TCPConn) {}
