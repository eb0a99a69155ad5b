package server

import (
	"bytes"
	"crypto/subtle"
	"errors"
	"os"
	"path/filepath"
	"strings"

	gossh "golang.org/x/crypto/ssh"

	"duban/i18n"
	"duban/model"
)

// ParseKeys reads SSH public keys from arg, which is either the key text in
// authorized_keys form (ssh-ed25519 AAAA… comment) or the path of a file of
// such lines (an id_ed25519.pub, an authorized_keys). Each key comes back
// normalised: type, base64 and comment, one line.
func ParseKeys(arg string) ([]string, error) {
	arg = strings.TrimSpace(arg)
	if k, err := parseKey([]byte(arg)); err == nil {
		return []string{k}, nil
	}
	path := arg
	if rest, ok := strings.CutPrefix(path, "~/"); ok {
		if home, err := os.UserHomeDir(); err == nil {
			path = filepath.Join(home, rest)
		}
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, i18n.E("err.user.key", short(arg))
	}
	if bytes.Contains(data, []byte("PRIVATE KEY-----")) {
		return nil, i18n.E("err.user.key.private", arg)
	}
	var keys []string
	for i, line := range bytes.Split(data, []byte("\n")) {
		line = bytes.TrimSpace(line)
		if len(line) == 0 || line[0] == '#' {
			continue
		}
		k, err := parseKey(line)
		if err != nil {
			return nil, i18n.E("err.user.key.file", arg, i+1)
		}
		keys = append(keys, k)
	}
	if len(keys) == 0 {
		return nil, i18n.E("err.user.key.empty", arg)
	}
	return keys, nil
}

// parseKey parses one authorized_keys line and renders it back, comment
// kept, options dropped.
func parseKey(line []byte) (string, error) {
	pk, comment, _, rest, err := gossh.ParseAuthorizedKey(line)
	if err != nil {
		return "", err
	}
	if len(bytes.TrimSpace(rest)) > 0 {
		return "", errors.New("more than one key")
	}
	s := strings.TrimSpace(string(gossh.MarshalAuthorizedKey(pk)))
	if comment != "" {
		s += " " + comment
	}
	return s, nil
}

// short shortens a long argument for an error sentence.
func short(s string) string {
	if r := []rune(s); len(r) > 40 {
		return string(r[:37]) + "…"
	}
	return s
}

// Fingerprint is the SHA256 fingerprint of an authorized_keys line, as
// ssh-keygen -l shows it, or "?" when the line is not a key.
func Fingerprint(key string) string {
	pk, _, _, _, err := gossh.ParseAuthorizedKey([]byte(key))
	if err != nil {
		return "?"
	}
	return gossh.FingerprintSHA256(pk)
}

// SameKey reports whether two authorized_keys lines hold the same key,
// whatever their comments.
func SameKey(a, b string) bool { return model.SameKey(a, b) }

// KeyOwner returns the user holding key, if any.
func KeyOwner(users []model.User, key string) (model.User, bool) {
	for _, u := range users {
		for _, k := range u.Keys {
			if SameKey(k, key) {
				return u, true
			}
		}
	}
	return model.User{}, false
}

// identify finds the user a public key belongs to. A key is expected to
// belong to one user (duban user add refuses a key already taken); should
// the file hold it twice anyway, the SSH login name picks among them, and
// without a match the login is refused rather than guessed.
func identify(users []model.User, key gossh.PublicKey, login string) (model.User, bool) {
	want := key.Marshal()
	var found []model.User
	for _, u := range users {
		for _, k := range u.Keys {
			pk, _, _, _, err := gossh.ParseAuthorizedKey([]byte(k))
			if err != nil {
				continue
			}
			// Constant time, as charm.land/ssh's KeysEqual.
			if m := pk.Marshal(); len(m) == len(want) && subtle.ConstantTimeCompare(m, want) == 1 {
				found = append(found, u)
				break
			}
		}
	}
	switch len(found) {
	case 0:
		return model.User{}, false
	case 1:
		return found[0], true
	}
	for _, u := range found {
		if u.Name == login {
			return u, true
		}
	}
	return model.User{}, false
}
