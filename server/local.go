package server

import (
	"bufio"
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"duban/i18n"
)

// The local endpoint. While duban serve holds the database file, the
// command line on the same machine (duban export, import, backup, check,
// log, user …) runs through the server instead of opening the file: the
// client finds a unix socket beside the database (duban.sock, mode 0600)
// and proves it may use it with the key in duban_local.key (mode 0600,
// new at every start), which only the OS user running the server (and
// root) can read. A command through the endpoint acts as it would on the
// file itself: as the local administrator, or as --user.
//
// The protocol is frames both ways: one byte of kind, four bytes of
// length (big-endian), the data. The client sends a JSON header frame
// ('h'), its stdin ('i' frames) and an end frame ('z'); the server sends
// stdout ('o'), stderr ('e') and the exit status ('x', four bytes). Input
// that stops without its end frame (the client was killed) reads as an
// error, so an import cut off half-way writes nothing.

// LocalSocketPath is the local endpoint of the database at dbPath.
func LocalSocketPath(dbPath string) string { return besideDB(dbPath, ".sock") }

// LocalKeyPath is the local endpoint's key of the database at dbPath.
func LocalKeyPath(dbPath string) string { return besideDB(dbPath, "_local.key") }

func besideDB(dbPath, suffix string) string {
	base := strings.TrimSuffix(filepath.Base(dbPath), filepath.Ext(dbPath))
	return filepath.Join(filepath.Dir(dbPath), base+suffix)
}

// header is the first frame of a local request.
type header struct {
	Key  string   `json:"key"`
	Args []string `json:"args"`
	Dir  string   `json:"dir"`
	Lang string   `json:"lang"`
}

const maxFrame = 1 << 20

func writeFrame(w io.Writer, kind byte, data []byte) error {
	var h [5]byte
	h[0] = kind
	binary.BigEndian.PutUint32(h[1:], uint32(len(data)))
	if _, err := w.Write(h[:]); err != nil {
		return err
	}
	_, err := w.Write(data)
	return err
}

func readFrame(r io.Reader) (byte, []byte, error) {
	var h [5]byte
	if _, err := io.ReadFull(r, h[:]); err != nil {
		return 0, nil, err
	}
	n := binary.BigEndian.Uint32(h[1:])
	if n > maxFrame {
		return 0, nil, errors.New("frame too large")
	}
	data := make([]byte, n)
	if _, err := io.ReadFull(r, data); err != nil {
		return 0, nil, err
	}
	return h[0], data, nil
}

// frameWriter sends what is written as frames of one kind.
type frameWriter struct {
	mu   *sync.Mutex
	w    io.Writer
	kind byte
}

func (f frameWriter) Write(p []byte) (int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for off := 0; off < len(p); off += maxFrame {
		end := min(off+maxFrame, len(p))
		if err := writeFrame(f.w, f.kind, p[off:end]); err != nil {
			return off, err
		}
	}
	return len(p), nil
}

// frameReader is the input of a local request: 'i' frames up to 'z'.
type frameReader struct {
	r    io.Reader
	buf  []byte
	done bool
	err  error
}

func (f *frameReader) Read(p []byte) (int, error) {
	for len(f.buf) == 0 {
		if f.done {
			return 0, io.EOF
		}
		if f.err != nil {
			return 0, f.err
		}
		kind, data, err := readFrame(f.r)
		switch {
		case err != nil:
			f.err = errCutOff
		case kind == 'z':
			f.done = true
		case kind == 'i':
			f.buf = data
		default:
			f.err = errCutOff
		}
	}
	n := copy(p, f.buf)
	f.buf = f.buf[n:]
	return n, nil
}

// listenLocal opens the local endpoint, replacing a socket a killed
// server left, and writes a fresh key.
func (s *Server) listenLocal() error {
	sock, keyPath := LocalSocketPath(s.st.Path()), LocalKeyPath(s.st.Path())
	key := make([]byte, 32)
	if _, err := rand.Read(key); err != nil {
		return err
	}
	s.localKey = hex.EncodeToString(key)
	tmp := keyPath + ".tmp"
	if err := os.WriteFile(tmp, []byte(s.localKey+"\n"), 0o600); err != nil {
		return err
	}
	if err := os.Rename(tmp, keyPath); err != nil {
		os.Remove(tmp)
		return err
	}
	if fi, err := os.Lstat(sock); err == nil && fi.Mode()&os.ModeSocket != 0 {
		os.Remove(sock) // the file is ours (we hold the database): a killed server's
	}
	ln, err := net.Listen("unix", sock)
	if err != nil {
		os.Remove(keyPath)
		return err
	}
	if err := os.Chmod(sock, 0o600); err != nil {
		ln.Close()
		os.Remove(keyPath)
		return err
	}
	s.local = ln
	return nil
}

// serveLocal accepts local requests until the listener closes.
func (s *Server) serveLocal() {
	for {
		c, err := s.local.Accept()
		if err != nil {
			return
		}
		go s.handleLocal(c)
	}
}

func (s *Server) closeLocal() {
	if s.local == nil {
		return
	}
	s.local.Close()
	os.Remove(LocalKeyPath(s.st.Path()))
	// net.UnixListener removes the socket file on Close.
}

func (s *Server) handleLocal(c net.Conn) {
	defer c.Close()
	br := bufio.NewReader(c)
	var mu sync.Mutex
	bw := bufio.NewWriter(c)
	out := frameWriter{&mu, bw, 'o'}
	errw := frameWriter{&mu, bw, 'e'}
	finish := func(code int) {
		var b [4]byte
		binary.BigEndian.PutUint32(b[:], uint32(code))
		mu.Lock()
		_ = writeFrame(bw, 'x', b[:])
		_ = bw.Flush()
		mu.Unlock()
	}
	_ = c.SetReadDeadline(time.Now().Add(handshakeTimeout))
	kind, data, err := readFrame(br)
	var h header
	if err != nil || kind != 'h' || json.Unmarshal(data, &h) != nil {
		return
	}
	_ = c.SetReadDeadline(time.Time{})
	lang := s.o.Lang
	if l, err := i18n.ParseLang(h.Lang); err == nil {
		lang = l
	}
	if subtle.ConstantTimeCompare([]byte(h.Key), []byte(s.localKey)) != 1 || s.localKey == "" {
		s.log.Warn("local command refused: wrong key")
		_, _ = errw.Write([]byte(lang.T("server.err.local.key", LocalKeyPath(s.st.Path())) + "\n"))
		finish(1)
		return
	}
	if len(h.Args) == 0 || s.o.Exec == nil {
		finish(2)
		return
	}
	if !s.admit(&s.sessions) {
		_, _ = errw.Write([]byte(lang.T("server.stopping") + "\n"))
		finish(1)
		return
	}
	defer s.sessions.Done()
	s.execs.Add(1)
	defer s.execs.Add(-1)
	// A flushing writer per frame keeps output flowing to the client.
	code := s.o.Exec(s.apps, Request{
		Args:   h.Args,
		Stdin:  &frameReader{r: br},
		Stdout: flushing{out, bw, &mu},
		Stderr: flushing{errw, bw, &mu},
		Dir:    h.Dir,
		Lang:   lang,
	})
	s.log.Info("local command", "command", h.Args[0], "exit", code)
	finish(code)
}

// flushing flushes the connection after each write.
type flushing struct {
	w  frameWriter
	bw *bufio.Writer
	mu *sync.Mutex
}

func (f flushing) Write(p []byte) (int, error) {
	n, err := f.w.Write(p)
	if err == nil {
		f.mu.Lock()
		err = f.bw.Flush()
		f.mu.Unlock()
	}
	return n, err
}

// Forward runs a command through the server holding the database at
// dbPath, when one is running: ok is false when there is no local
// endpoint to reach (no server, or a stale socket), and the caller then
// opens the file itself. stdinTerminal says stdin is a terminal, which is
// then not read.
func Forward(ctx context.Context, dbPath string, args []string, dir string, lang i18n.Lang,
	stdin io.Reader, stdinTerminal bool, stdout, stderr io.Writer) (code int, ok bool) {
	c, err := net.Dial("unix", LocalSocketPath(dbPath))
	if err != nil {
		return 0, false
	}
	defer c.Close()
	key, _ := os.ReadFile(LocalKeyPath(dbPath)) // unreadable: the server refuses
	h, _ := json.Marshal(header{Key: strings.TrimSpace(string(key)), Args: args, Dir: dir, Lang: string(lang)})
	var wmu sync.Mutex
	send := func(kind byte, data []byte) error {
		wmu.Lock()
		defer wmu.Unlock()
		return writeFrame(c, kind, data)
	}
	if err := send('h', h); err != nil {
		return 0, false
	}
	go func() {
		if !stdinTerminal && stdin != nil {
			buf := make([]byte, 64<<10)
			for {
				n, err := stdin.Read(buf)
				if n > 0 && send('i', buf[:n]) != nil {
					return
				}
				if err != nil {
					if !errors.Is(err, io.EOF) {
						return // no end frame: the server treats the input as cut off
					}
					break
				}
			}
		}
		_ = send('z', nil)
	}()
	br := bufio.NewReader(c)
	for {
		kind, data, err := readFrame(br)
		if err != nil {
			_, _ = io.WriteString(stderr, lang.T("cli.error", lang.T("server.err.local.lost"))+"\n")
			return 1, true
		}
		switch kind {
		case 'o':
			if _, err := stdout.Write(data); err != nil {
				return 1, true
			}
		case 'e':
			_, _ = stderr.Write(data)
		case 'x':
			if len(data) == 4 {
				return int(binary.BigEndian.Uint32(data)), true
			}
			return 1, true
		}
	}
}
