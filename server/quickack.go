package server

import "net"

// quickAckListener hands out connections that acknowledge every segment
// they read at once. OpenSSH's client leaves Nagle's algorithm on for a
// command without a terminal (`ssh host export …`), so in the handshake
// it holds a small packet until the previous one is acknowledged, and
// Linux delays that acknowledgement by up to 40 ms: a bare `ssh … show ID`
// took 60–105 ms, two of those stalls (strace of the client, 2026-12-02).
// Asking for a quick acknowledgement after each read removes them; where
// the system has no such option (quickAck is a no-op) nothing changes.
type quickAckListener struct{ net.Listener }

func (l quickAckListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	if tc, ok := c.(*net.TCPConn); ok {
		return &quickAckConn{TCPConn: tc}, nil
	}
	return c, nil
}

// quickAckConn is a TCP connection that asks for a quick acknowledgement
// after every read (Linux clears the mode again as it sees fit).
type quickAckConn struct{ *net.TCPConn }

func (c *quickAckConn) Read(b []byte) (int, error) {
	n, err := c.TCPConn.Read(b)
	if n > 0 {
		quickAck(c.TCPConn)
	}
	return n, err
}
