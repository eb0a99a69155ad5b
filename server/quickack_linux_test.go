package server

import (
	"net"
	"syscall"
	"testing"
)

// TestQuickAck: a connection the server accepts acknowledges what it has
// read at once (TCP_QUICKACK is set again after every read), so a client
// with Nagle's algorithm on never waits out a delayed acknowledgement.
func TestQuickAck(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	l := quickAckListener{ln}
	defer l.Close()
	c, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	sc, err := l.Accept()
	if err != nil {
		t.Fatal(err)
	}
	defer sc.Close()
	qc, ok := sc.(*quickAckConn)
	if !ok {
		t.Fatalf("accepted a %T, want a *quickAckConn", sc)
	}
	// A request and reply back and forth, as in a handshake: Linux then
	// takes the connection for an interactive one and delays its
	// acknowledgements (TCP_QUICKACK reads 0 without the reset).
	buf := make([]byte, 16)
	for i := range 3 {
		if _, err := qc.Write([]byte("SSH-2.0-server\r\n")); err != nil {
			t.Fatal(err)
		}
		if _, err := c.Read(buf); err != nil {
			t.Fatal(err)
		}
		if _, err := c.Write([]byte("SSH-2.0-test\r\n")); err != nil {
			t.Fatal(err)
		}
		if _, err := qc.Read(buf); err != nil {
			t.Fatal(err)
		}
		if got := quickAckOf(t, qc.TCPConn); got != 1 {
			t.Fatalf("read %d: TCP_QUICKACK is %d after the read, want 1", i+1, got)
		}
	}
}

func quickAckOf(t *testing.T, c *net.TCPConn) int {
	rc, err := c.SyscallConn()
	if err != nil {
		t.Fatal(err)
	}
	v, gerr := -1, error(nil)
	if err := rc.Control(func(fd uintptr) {
		v, gerr = syscall.GetsockoptInt(int(fd), syscall.IPPROTO_TCP, syscall.TCP_QUICKACK)
	}); err != nil || gerr != nil {
		t.Fatal(err, gerr)
	}
	return v
}
