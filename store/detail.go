package store

import (
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"syscall"

	"duban/i18n"
)

// detail is what is wrong with a file, as bbolt or the open-time probe
// (probe.go) says it in English: said in Chinese from the table below,
// in English as it is. So "文件只有 4096 字节" rather than "file size too
// small 4096" inside a Chinese sentence.
type detail string

func (d detail) Error() string { return string(d) }

// Text says the detail in l (i18n.Localized).
func (d detail) Text(l i18n.Lang) string {
	s := string(d)
	if l == i18n.En {
		return s
	}
	var n int
	var name string
	switch {
	case scan(s, "file size too small %d", &n):
		return l.T("store.detail.small", n)
	case scan(s, "no current plan %s", &name):
		return l.T("store.detail.plan", name)
	case s == "no current plan":
		return l.T("store.detail.plan", "")
	case strings.HasPrefix(s, "no ") && strings.HasSuffix(s, " bucket"):
		return l.T("store.detail.bucket", strings.TrimSuffix(strings.TrimPrefix(s, "no "), " bucket"))
	case strings.HasPrefix(s, "plan record"):
		return l.T("store.detail.planrec")
	case strings.Contains(s, "invalid database"):
		return l.T("store.detail.invalid")
	case strings.Contains(s, "version mismatch"):
		return l.T("store.detail.version")
	case strings.Contains(s, "checksum"):
		return l.T("store.detail.checksum")
	case strings.Contains(s, "meta page") || strings.Contains(s, "first page"):
		return l.T("store.detail.meta")
	case strings.Contains(s, "freelist"):
		return l.T("store.detail.freelist")
	}
	return l.T("store.detail.other")
}

// scan reports whether s is format with its one verb filled in.
func scan(s, format string, arg any) bool {
	n, err := fmt.Sscanf(s, format, arg)
	return err == nil && n == 1
}

// detailOf is the detail of an error from bbolt: a system error is said as
// one (i18n.Sys), anything else as a detail.
func detailOf(err error) error {
	var pe *panicked
	if errors.As(err, &pe) {
		err = pe.err
	}
	var errno syscall.Errno
	if errors.As(err, &errno) || errors.As(err, new(*fs.PathError)) {
		return cause(err)
	}
	var se *Error
	if errors.As(err, &se) {
		return se
	}
	return detail(err.Error())
}
