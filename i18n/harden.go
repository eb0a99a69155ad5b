package i18n

import (
	"errors"
	"io/fs"
	"os"
	"strings"
	"syscall"
)

// Sentences of the hardening rules: output paths, databases that must
// already exist, standard output, bounded input.
func init() {
	later(func() map[string][2]string {
		return map[string][2]string{
			"err.out.self":        {"%s 就是数据库文件本身，不能写到它上面。", "%s is the database file itself and cannot be written over."},
			"err.out.special":     {"%s 已存在但不是普通文件（如设备、目录或管道），不会替换它。", "%s exists but is not a regular file (a device, directory or pipe), so it is not replaced."},
			"err.out.database":    {"%s 是一个数据库文件，导出不会覆盖它，请换一个文件名。", "%s is a database file; an export does not overwrite it, so choose another name."},
			"err.out.nodir":       {"无法写入 %s：目录 %s 不存在。", "Cannot write %s: the directory %s does not exist."},
			"err.out.write":       {"无法写入 %s：%s。", "Cannot write %s: %s."},
			"err.stdout":          {"写入标准输出失败：%s。", "Writing to standard output failed: %s."},
			"err.db.missing":      {"数据库 %s 不存在；要新建并载入2019年计划，请运行 duban init。", "The database %s does not exist; run duban init to create it with the 2019 plan."},
			"report.err.rows":     {"文件超过 %d 行，超出计划或填报模板的上限，未导入。", "The file has over %d rows, more than a plan or template may have; nothing was imported."},
			"report.err.cell":     {"第 %d 行第 %d 列的文字超过 %d 个字符，未导入。", "Row %d, column %d holds over %d characters; nothing was imported."},
			"report.err.inflate":  {"Excel 文件解压后超过 %d MB，超出上限，未读取。", "The Excel file would unpack to over %d MB, past the limit; it was not read."},
			"report.err.ratio":    {"Excel 文件解压后膨胀约 %d 倍，疑似压缩炸弹，未读取。", "The Excel file would inflate about %d times, like a zip bomb; it was not read."},
			"err.text.long":       {"%s超过 %d 个字符，请精简后再提交。", "%s is over %d characters; shorten it."},
			"report.err.formula":  {"这一格是公式但没有计算结果，请在 Excel 或 WPS 中打开并保存后再导入。", "The cell holds a formula with no calculated value; open and save the file in Excel or WPS, then import it."},
			"err.anchor.mismatch": {"审计日志第 %d 条的哈希值与锚点不符，说明此前的历史被改写过。", "Audit entry %d does not carry the anchor's hash, so the history before it was rewritten."},
			"err.anchor.missing":  {"审计日志中没有锚点所指的第 %d 条，说明记录被删除，或这是更早的文件。", "The audit log has no entry %d, the anchor's; entries were removed, or this is an older file."},
			"err.anchor.syntax":   {"锚点 %q 无效，应为 序号:哈希值，如 check 所印的 12:3fa4…。", "The anchor %q is not valid; give SEQ:HASH as check prints it, e.g. 12:3fa4…."},
			"cli.check.head":      {"审计链头：%d:%s", "Audit chain head: %d:%s"},
			"cli.check.anchor":    {"锚点 %d:%s 相符：此前的历史未被改写。", "The anchor %d:%s matches: the history before it was not rewritten."},
			"cli.flag.anchor":     {"验证文件仍含此前记下的审计链头（序号:哈希值）", "verify the file still holds an audit chain head noted earlier (SEQ:HASH)"},
			"cli.import.more":     {"另有 %d 个问题。", "%d more problems."},
			"cli.init.short":      {"新建数据库并载入2019年计划（已存在则不改动）", "create the database with the 2019 plan (an existing one is left unchanged)"},
			"cli.init.done":       {"已新建数据库 %s，载入计划 %d 项任务。", "Created the database %s with a plan of %d tasks."},
			"cli.init.exists":     {"数据库 %s 已存在（%d 项任务），未做任何改动。", "The database %s already exists (%d tasks); nothing was changed."},
		}
	})
}

// sysErr is an operating-system error said in the interface language.
type sysErr struct{ err error }

// Sys wraps an operating-system error (permission denied, no space left,
// too many levels of symbolic links, …) so that it is said in the
// interface language inside a sentence: errors that are not among the
// known system errors keep their own text, without the path (the sentence
// around it names the file).
func Sys(err error) error {
	if err == nil {
		return nil
	}
	return sysErr{err}
}

func (e sysErr) Error() string { return e.Text(En) }
func (e sysErr) Unwrap() error { return e.err }

func (e sysErr) Text(l Lang) string {
	for _, k := range sysErrors {
		if errors.Is(e.err, k.errno) {
			return l.T(k.key)
		}
	}
	if loc, ok := e.err.(Localized); ok { // a sentence of duban's own
		return strings.TrimRight(loc.Text(l), ".。")
	}
	err := e.err
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	var le *os.LinkError
	if errors.As(err, &le) {
		err = le.Err
	}
	return strings.TrimSuffix(err.Error(), ".")
}

var sysErrors = []struct {
	errno syscall.Errno
	key   string
}{
	{syscall.EACCES, "sys.perm"},
	{syscall.EPERM, "sys.perm"},
	{syscall.ENOENT, "sys.noent"},
	{syscall.ELOOP, "sys.loop"},
	{syscall.ENOSPC, "sys.nospace"},
	{syscall.EROFS, "sys.rofs"},
	{syscall.EISDIR, "sys.isdir"},
	{syscall.ENOTDIR, "sys.notdir"},
	{syscall.ENAMETOOLONG, "sys.toolong"},
	{syscall.EIO, "sys.io"},
	{syscall.EPIPE, "sys.pipe"},
	{syscall.EXDEV, "sys.xdev"},
	{syscall.EEXIST, "sys.exist"},
}

func init() {
	later(func() map[string][2]string {
		return map[string][2]string{
			"sys.perm":    {"权限不足", "permission denied"},
			"sys.noent":   {"文件或目录不存在", "no such file or directory"},
			"sys.loop":    {"符号链接层数过多（可能成环）", "too many levels of symbolic links"},
			"sys.nospace": {"磁盘空间不足", "no space left on the device"},
			"sys.rofs":    {"文件系统是只读的", "the file system is read-only"},
			"sys.isdir":   {"这是一个目录", "it is a directory"},
			"sys.notdir":  {"路径中有一部分不是目录", "part of the path is not a directory"},
			"sys.toolong": {"文件名过长", "the file name is too long"},
			"sys.io":      {"输入输出错误", "input/output error"},
			"sys.pipe":    {"管道已被关闭", "the pipe was closed"},
			"sys.xdev":    {"不能跨文件系统移动", "cannot move across file systems"},
			"sys.exist":   {"文件已存在", "the file already exists"},
		}
	})
}
