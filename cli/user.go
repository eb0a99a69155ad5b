package cli

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"duban/i18n"
	"duban/model"
	"duban/server"
	"duban/store"
)

// userCmd is duban user: the people who may log in to duban serve, their
// roles, departments and public keys. Changes need an administrator (the
// person at the terminal, or --user naming one), and the store decides it
// and every rule of a user's record (model.CheckUser, model.CheckKeys,
// departments the plan knows).
func (e *env) userCmd() *cobra.Command {
	l := e.lang
	cmd := &cobra.Command{
		Use:   "user",
		Short: l.T("cli.user.short"),
		Long:  l.T("cli.user.long"),
		Args:  cobra.NoArgs,
	}
	key := &cobra.Command{Use: "key", Short: l.T("cli.user.key.short"), Args: cobra.NoArgs}
	key.AddCommand(e.userKeyAddCmd(), e.userKeyRemoveCmd())
	cmd.AddCommand(e.userAddCmd(), e.userListCmd(), e.userRemoveCmd(), key)
	return cmd
}

func (e *env) userAddCmd() *cobra.Command {
	l := e.lang
	var role string
	var depts, keyArgs []string
	cmd := &cobra.Command{
		Use:   "add NAME",
		Short: l.T("cli.user.add.short"),
		Example: "  duban user add zhangsan --role staff --dept 市城市管理和综合执法局 --key ~/.ssh/id_ed25519.pub\n" +
			"  duban user add duchashi --role supervisor --key \"ssh-ed25519 AAAAC3… duchashi@office\"\n" +
			"  duban user add admin --role admin --key admin.pub",
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			u := model.User{Name: args[0], Role: model.Role(strings.ToLower(strings.TrimSpace(role)))}
			if !u.Role.Valid() {
				return usageError{i18n.E("err.user.role", role)}
			}
			for _, d := range depts {
				for _, d := range model.SplitList(d) {
					if d = strings.TrimSpace(d); d != "" && !slices.Contains(u.Depts, d) {
						u.Depts = append(u.Depts, d)
					}
				}
			}
			if u.Role == model.RoleStaff && len(u.Depts) == 0 {
				return usageError{i18n.E("err.user.dept")}
			}
			if len(keyArgs) == 0 {
				return usageError{i18n.E("err.user.nokey")}
			}
			for _, a := range keyArgs {
				ks, err := e.parseKeys(a)
				if err != nil {
					return err
				}
				for _, k := range ks {
					if !slices.ContainsFunc(u.Keys, func(x string) bool { return server.SameKey(x, k) }) {
						u.Keys = append(u.Keys, k)
					}
				}
			}
			return e.changeUsers(func(b *server.Backend) error {
				if _, err := b.User(u.Name); err == nil {
					return i18n.E("err.user.exists", u.Name)
				}
				if err := b.PutUser(u); err != nil {
					return err
				}
				_, err := fmt.Fprintln(e.stdout, l.T("cli.user.added", u.Name, roleText(l, u.Role), len(u.Keys)))
				return err
			})
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&role, "role", "", l.T("cli.flag.user.role"))
	fl.StringArrayVar(&depts, "dept", nil, l.T("cli.flag.user.dept"))
	fl.StringArrayVar(&keyArgs, "key", nil, l.T("cli.flag.user.key"))
	_ = cmd.MarkFlagRequired("role")
	return cmd
}

func (e *env) userListCmd() *cobra.Command {
	l := e.lang
	return &cobra.Command{
		Use:   "list",
		Short: l.T("cli.user.list.short"),
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			s, err := e.open(true)
			if err != nil {
				return e.lockedErr(err)
			}
			defer e.release(s)
			users, err := s.Users()
			if err != nil {
				return err
			}
			if len(users) == 0 {
				_, err := fmt.Fprintln(e.stdout, l.T("cli.user.none"))
				return err
			}
			t := &table{header: []string{l.T("cli.user.name"), l.T("cli.user.role"), l.T("cli.user.depts"), l.T("cli.user.keys")}}
			for _, u := range users {
				keys := make([]string, len(u.Keys))
				for i, k := range u.Keys {
					keys[i] = keyText(k)
				}
				t.add(u.Name, roleText(l, u.Role), model.JoinList(u.Depts), strings.Join(keys, ", "))
			}
			return t.write(e.stdout)
		},
	}
}

func (e *env) userRemoveCmd() *cobra.Command {
	l := e.lang
	return &cobra.Command{
		Use:     "remove NAME",
		Aliases: []string{"rm"},
		Short:   l.T("cli.user.remove.short"),
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return e.changeUsers(func(b *server.Backend) error {
				if err := b.DeleteUser(args[0]); err != nil {
					return err
				}
				_, err := fmt.Fprintln(e.stdout, l.T("cli.user.removed", args[0]))
				return err
			})
		},
	}
}

func (e *env) userKeyAddCmd() *cobra.Command {
	l := e.lang
	return &cobra.Command{
		Use:     "add NAME PUBKEY",
		Short:   l.T("cli.user.keyadd.short"),
		Example: "  duban user key add zhangsan ~/.ssh/id_ed25519.pub",
		Args:    cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			keys, err := e.parseKeys(args[1])
			if err != nil {
				return err
			}
			return e.changeUsers(func(b *server.Backend) error {
				u, err := b.User(args[0])
				if err != nil {
					return err
				}
				u.Keys = append(u.Keys, keys...)
				if err := b.PutUser(u); err != nil {
					return err
				}
				for _, k := range keys {
					fmt.Fprintln(e.stdout, l.T("cli.user.keyadded", u.Name, server.Fingerprint(k)))
				}
				return nil
			})
		},
	}
}

func (e *env) userKeyRemoveCmd() *cobra.Command {
	l := e.lang
	return &cobra.Command{
		Use:     "remove NAME PUBKEY",
		Aliases: []string{"rm"},
		Short:   l.T("cli.user.keyrm.short"),
		Example: "  duban user key remove zhangsan ~/.ssh/old_key.pub\n" +
			"  duban user key remove zhangsan SHA256:uU0f6S1zS2k…    (as duban user list shows it)",
		Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			// The key to remove may also be given by its fingerprint, as
			// user list shows it, since the key itself may be long gone.
			match := func(k string) bool { return server.Fingerprint(k) == args[1] }
			if !strings.HasPrefix(args[1], "SHA256:") {
				keys, err := e.parseKeys(args[1])
				if err != nil {
					return err
				}
				match = func(k string) bool {
					return slices.ContainsFunc(keys, func(x string) bool { return server.SameKey(x, k) })
				}
			}
			return e.changeUsers(func(b *server.Backend) error {
				u, err := b.User(args[0])
				if err != nil {
					return err
				}
				var gone []string
				u.Keys = slices.DeleteFunc(u.Keys, func(k string) bool {
					if match(k) {
						gone = append(gone, k)
						return true
					}
					return false
				})
				if len(gone) == 0 {
					return i18n.E("err.user.key.missing", u.Name, args[1])
				}
				if err := b.PutUser(u); err != nil {
					return err
				}
				for _, k := range gone {
					fmt.Fprintln(e.stdout, l.T("cli.user.keyremoved", u.Name, server.Fingerprint(k)))
				}
				if len(u.Keys) == 0 {
					fmt.Fprintln(e.stderr, l.T("cli.user.warn.nokeys", u.Name))
				}
				return nil
			})
		},
	}
}

// changeUsers opens the store for writing and runs fn on it as the
// command's actor.
func (e *env) changeUsers(fn func(b *server.Backend) error) error {
	s, err := e.open(false)
	if err != nil {
		return e.lockedErr(err)
	}
	defer e.release(s)
	if err := fn(e.backend(s)); err != nil {
		return err
	}
	return e.release(s)
}

// lockedErr explains a locked file the way a user command meets it: most
// likely duban serve holds it.
func (e *env) lockedErr(err error) error {
	if errors.Is(err, store.ErrLocked) {
		return i18n.E("err.user.running")
	}
	return err
}

// roleText is a role as people call it.
func roleText(l i18n.Lang, r model.Role) string {
	if !r.Valid() {
		return string(r)
	}
	return l.T("access.role." + string(r))
}

// keyText shows a key in a list: its fingerprint and comment.
func keyText(k string) string {
	s := server.Fingerprint(k)
	if f := strings.Fields(k); len(f) > 2 {
		s += " " + strings.Join(f[2:], " ")
	}
	return s
}
