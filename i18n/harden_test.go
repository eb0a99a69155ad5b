package i18n

import (
	"fmt"
	"io/fs"
	"syscall"
	"testing"
)

// System errors inside a sentence are said in the sentence's language
// (issue 15 §7): no "permission denied" in a Chinese sentence.
func TestSysErrorsTranslated(t *testing.T) {
	for errno, zh := range map[syscall.Errno]string{
		syscall.EACCES: "权限不足",
		syscall.ELOOP:  "符号链接层数过多（可能成环）",
		syscall.ENOSPC: "磁盘空间不足",
	} {
		err := &fs.PathError{Op: "open", Path: "/x/y.db", Err: errno}
		msg := E("cli.err.write", "/x/y.db", Sys(err))
		if got, want := Message(Zh, msg), fmt.Sprintf("无法写入 /x/y.db：%s。", zh); got != want {
			t.Errorf("%v: %q, want %q", errno, got, want)
		}
		if got := Message(En, msg); got != "Cannot write /x/y.db: "+En.T(sysKey(errno))+"." {
			t.Errorf("%v in English: %q", errno, got)
		}
	}
	other := Sys(fmt.Errorf("file size too small 4096"))
	if got := Message(Zh, other); got != "file size too small 4096" {
		t.Errorf("an unknown error: %q", got)
	}
}

func sysKey(e syscall.Errno) string {
	for _, k := range sysErrors {
		if k.errno == e {
			return k.key
		}
	}
	return ""
}

// A cause that is one of duban's own sentences is given in the language
// asked for, inside another sentence (a damaged record's).
func TestSysLocalizedCause(t *testing.T) {
	err := E("err.store.digest.bad")
	if got := Sys(err).(Localized).Text(Zh); got != Zh.T("err.store.digest.bad") {
		t.Errorf("zh: %q", got)
	}
	if got := Sys(err).Error(); got != En.T("err.store.digest.bad") {
		t.Errorf("en: %q", got)
	}
}
