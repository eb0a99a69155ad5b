package i18n

// Labels and error sentences of serving over SSH (package server, the
// serve and user commands) and of the access rules (model/access.go).
// Arguments are documented by their verbs; keep both languages one
// sentence each.
func init() {
	later(func() map[string][2]string {
		return map[string][2]string{
			// Roles, as shown to people.
			"access.role.staff":      {"填报员", "staff"},
			"access.role.supervisor": {"督查室", "supervisor"},
			"access.role.admin":      {"管理员", "admin"},

			// Access refusals (model.Can*). The first argument is always the user's name.
			"err.access.update.supervisor": {"%s 是督查室用户，只能审核和督办，不能修改数值。", "%s is a supervisor and may review and urge but not change values."},
			"err.access.update.dept":       {"%s 不能填报任务 %s：它由%s牵头，而你的部门是%s。", "%s cannot report on task %s: it is led by %s, and your department is %s."},
			"err.access.note.supervisor":   {"%s 是督查室用户，请通过审核意见或督办留言。", "%s is a supervisor; comment through a review or an urge instead."},
			"err.access.note.dept":         {"%s 不能在任务 %s 上留言：你的部门%s不是它的牵头或配合单位。", "%s cannot add a note to task %s: your department %s neither leads nor partners it."},
			"err.access.nodept":            {"填报员 %s 还没有分配部门，请管理员为其指定部门。", "Staff user %s has no department yet; ask an administrator to assign one."},
			"err.access.review":            {"%s 是填报员，不能审核填报。", "%s is staff and cannot review updates."},
			"err.access.urge":              {"%s 是填报员，不能督办任务。", "%s is staff and cannot urge tasks."},
			"err.access.admin":             {"%s 不是管理员，不能管理用户、部门和计划。", "%s is not an administrator and cannot manage users, departments or plans."},
			"err.access.role":              {"用户 %s 的角色 %q 无效，不能进行任何操作。", "User %s has an unknown role %q and may do nothing."},

			// Commands inside the server: over SSH and through the local endpoint.
			"server.err.local":      {"无法打开本机通道 %s：%s。", "Cannot open the local endpoint %s: %s."},
			"server.err.local.key":  {"服务器正在运行，但本机凭据不符：只有能读取 %s 的系统用户才能通过它运行命令。", "The server is running, but the local credential does not match: only the OS user who can read %s may run commands through it."},
			"server.err.local.lost": {"与正在运行的服务器的连接中断，命令结果未知，请用 duban log 查看。", "The connection to the running server was lost; the command's outcome is unknown, so look at duban log."},
			"server.err.backupdir":  {"无法使用备份目录 %s：%s。", "Cannot use the backup directory %s: %s."},
			"cli.err.remote.admin":  {"%s 不是管理员，不能运行 %s。", "%s is not an administrator and cannot run %s."},
			"cli.err.remote.cmd":    {"%s 不能通过 SSH 运行。", "%s cannot be run over SSH."},
			"cli.err.remote.flag":   {"通过 SSH 运行时不能使用 %s。", "%s cannot be used over SSH."},
			"cli.err.remote.path":   {"通过 SSH 运行时不能指定服务器上的文件 %s：文件从标准输入读入、写到标准输出（< 文件、> 文件）。", "Over SSH no file on the server can be named (%s): files come on stdin and go to stdout (< file, > file)."},
			"cli.err.remote.user":   {"通过 SSH 运行时只能以自己（%s）的身份操作。", "Over SSH you act only as yourself (%s)."},
			"cli.err.served.cmd":    {"服务器正在运行，%s 不能经由它运行；请用 ssh -p 端口 用户名@本机 打开界面。", "The server is running and %s cannot be run through it; open the screens with ssh -p PORT NAME@localhost."},
			"cli.err.stdin.tty":     {"请指定要导入的文件，或通过管道从标准输入提供（< 文件）。", "Name the file to import, or give it on stdin (< file)."},
			"cli.err.backup.tty":    {"备份是二进制文件，请指定目标文件，或重定向标准输出（> 文件）。", "A backup is a binary file; name the target file, or redirect stdout (> file)."},
			"cli.backup.streamed":   {"已备份到标准输出。", "Backed up to stdout."},

			// Sessions.
			"server.noterm":              {"duban 需要交互式终端，请用 ssh -t 登录。", "duban needs an interactive terminal; log in with ssh -t."},
			"server.user.removed":        {"用户 %s 已被删除，连接已断开。", "The user %s has been removed, so the connection is closed."},
			"server.stopping":            {"duban 服务器正在停止，已保存的内容都在，请稍后重新连接。", "The duban server is stopping; everything saved is kept, so reconnect later."},
			"server.err.stopping":        {"服务器正在停止，这项修改没有保存。", "The server is stopping, so this change was not saved."},
			"server.err.user.gone":       {"用户 %s 已被删除，不能再做修改。", "The user %s has been removed and can no longer make changes."},
			"server.err.listen":          {"无法在 %s 上监听：%s。", "Cannot listen on %s: %s."},
			"server.err.hostkey":         {"无法读取或生成主机密钥 %s：%s。", "Cannot read or create the host key %s: %s."},
			"server.err.nousers":         {"数据库中还没有用户，没有人能登录；请先用 duban user add 添加用户。", "The database has no users yet, so nobody can log in; add one with duban user add first."},
			"server.listening":           {"duban 正在 %s 上提供服务，主机密钥 %s（%s），按 Ctrl+C 停止。", "duban is serving on %s with host key %s (%s); press Ctrl+C to stop."},
			"server.stopped":             {"服务已停止，数据库已关闭。", "The server has stopped and the database is closed."},
			"cli.serve.short":            {"通过 SSH 向多个用户提供界面", "serve the interface to many users over SSH"},
			"cli.serve.long":             {"启动一个拥有数据库文件的进程，通过 SSH 向已登记的用户提供同一界面：只接受公钥登录，每个会话以其用户的身份和权限操作，任何人的保存都会实时显示在其他会话中。主机密钥在首次启动时生成并保存在数据库旁边。", "Start one process that owns the database file and serves the same interface over SSH to the registered users: public-key login only, each session acts with its user's identity and rights, and anyone's save shows live in every other session. The host key is created on first start and kept beside the database."},
			"cli.flag.serve.listen":      {"监听地址", "address to listen on"},
			"cli.flag.serve.backupdir":   {"定时备份的目录（每份备份都会重新打开并检查）", "directory of scheduled backups (each is reopened and checked)"},
			"cli.flag.serve.backupevery": {"定时备份的间隔", "interval of scheduled backups"},
			"cli.flag.serve.backupkeep":  {"保留最新备份的份数", "how many of the newest backups to keep"},
			"cli.err.served.running":     {"duban serve 已在使用 %s。", "duban serve is already serving %s."},
			"cli.flag.serve.hostkey":     {"主机密钥文件（默认在数据库旁边）", "host key file (default: beside the database)"},
			"cli.user.short":             {"管理用户：角色、部门和公钥", "manage users: roles, departments and keys"},
			"cli.user.long":              {"管理可以登录 duban serve 的用户。请在服务器停止时运行，或在管理员的界面中操作。", "Manage the users who may log in to duban serve. Run these while the server is stopped, or use the administrator's screen."},
			"cli.user.add.short":         {"添加用户", "add a user"},
			"cli.user.list.short":        {"列出用户", "list the users"},
			"cli.user.remove.short":      {"删除用户", "remove a user"},
			"cli.user.key.short":         {"添加或删除用户的公钥", "add or remove a user's public key"},
			"cli.user.keyadd.short":      {"为用户添加公钥", "add a public key to a user"},
			"cli.user.keyrm.short":       {"删除用户的公钥", "remove a public key from a user"},
			"cli.flag.user.role":         {"角色：staff（填报员）、supervisor（督查室）或 admin（管理员）", "role: staff, supervisor or admin"},
			"cli.flag.user.dept":         {"填报员所在部门（可重复）", "department the staff user reports for (repeatable)"},
			"cli.flag.user.key":          {"SSH 公钥：公钥文件或公钥文本（可重复）", "SSH public key: a key file or the key text (repeatable)"},
			"cli.user.added":             {"已添加用户 %s（%s，%d 个公钥）。", "Added user %s (%s, %d keys)."},
			"cli.user.removed":           {"已删除用户 %s。", "Removed user %s."},
			"cli.user.keyadded":          {"已为用户 %s 添加公钥 %s。", "User %s: added the key %s."},
			"cli.user.keyremoved":        {"已删除用户 %s 的公钥 %s。", "User %s: removed the key %s."},
			"cli.user.none":              {"还没有用户；用 duban user add 添加。", "There are no users yet; add one with duban user add."},
			"cli.user.name":              {"用户", "User"},
			"cli.user.role":              {"角色", "Role"},
			"cli.user.depts":             {"部门", "Departments"},
			"cli.user.keys":              {"公钥", "Keys"},
			"cli.user.warn.nokeys":       {"注意：用户 %s 已没有公钥，无法再通过 SSH 登录。", "Note: user %s has no keys left and can no longer log in over SSH."},

			// The user commands' refusals.
			"err.user.exists":      {"用户 %s 已存在。", "The user %s already exists."},
			"err.user.role":        {"角色 %q 无效，可选 staff（填报员）、supervisor（督查室）或 admin（管理员）。", "The role %q is not valid; use staff, supervisor or admin."},
			"err.user.dept":        {"填报员须用 --dept 指定至少一个部门。", "A staff user needs at least one department, given with --dept."},
			"err.user.nokey":       {"请用 --key 指定至少一个 SSH 公钥。", "Give at least one SSH public key with --key."},
			"err.user.key":         {"%s 既不是 SSH 公钥（如 ssh-ed25519 AAAA…），也不是可读的公钥文件。", "%s is neither an SSH public key (such as ssh-ed25519 AAAA…) nor a readable key file."},
			"err.user.key.file":    {"公钥文件 %s 第 %d 行不是有效的 SSH 公钥。", "The key file %s has no valid SSH public key on line %d."},
			"err.user.key.empty":   {"公钥文件 %s 中没有公钥。", "The key file %s holds no key."},
			"err.user.key.private": {"%s 是私钥，请改用对应的公钥（.pub 文件）。", "%s is a private key; give the matching public key (the .pub file) instead."},
			"err.user.key.taken":   {"公钥 %s 已属于用户 %s，每个公钥只能对应一个用户。", "The key %s already belongs to user %s, and a key can belong to one user only."},
			"err.user.key.has":     {"用户 %s 已有公钥 %s。", "User %s already has the key %s."},
			"err.user.key.missing": {"用户 %s 没有公钥 %s。", "User %s has no key %s."},
			"err.user.running":     {"数据库正被另一个 duban 进程（通常是 duban serve）使用；请先停止它，或在管理员界面中管理用户。", "The database is in use by another duban process (usually duban serve); stop it first, or manage users from the administrator's screen."},
		}
	})
}
