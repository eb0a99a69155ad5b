#!/bin/bash
# adversarial.sh: the whole-process hostile tests of issue 15, against a
# built binary. Each part prints one summary line of figures.
#
#   scripts/adversarial.sh [-o DIR] PART…     PART: kills[=N] serve[=N] badfiles
#                                             flips[=N] tamper hostile ssh  (or all)
#
#   kills=N    N runs of update / import (a filled template) / backup, each
#              SIGKILLed 0–KILL_MS ms after start (default 60; a run takes
#              about 20–40 ms, so some finish first); after each, check must pass and
#              an acknowledged write (exit 0) must be there (default 1300)
#   serve=N    serve SIGKILLed N times while 3 SSH clients save updates; check
#              passes and every acknowledged update is in the log (default 13)
#   badfiles   20 kinds of bad database file (scripts/badfiles) × 8 commands,
#              then 768 truncations × check and update: each refused with one
#              line, non-zero exit, no panic, the file byte-for-byte untouched
#   flips=N    N random single-byte flips in the pages in use: refused,
#              reported by check, or harmless (everything shown is the same);
#              "silent" counts the rest (default 250)
#   tamper     each kind of scripts/tamper (the digest one too), then check must fail
#   hostile    a 925 KB xlsx inflating to 900 MB, a 48 MB 1,000,000-row plan,
#              a template of 1,000,000 and 199,990 bad rows: time, max RSS,
#              exit code, the file untouched
#   ssh        real OpenSSH against serve: login name not matching the key,
#              1,000 connections that never authenticate, ssh -N (idle
#              timeout), an 8000x8000 terminal and a 1,500-resize storm in
#              tmux (serve's RSS), the user removed while connected
#
# Needs: go, python3, ssh and ssh-keygen (OpenSSH), tmux, /usr/bin/time.
# Work files go under DIR (default a new temporary directory; hostile and
# badfiles need about 300 MB). Ports 23302–23303 must be free.
set -u
out=
if [ "${1:-}" = -o ]; then out=$2; shift 2; fi
out=${out:-$(mktemp -d)}
mkdir -p "$out"; out=$(cd "$out" && pwd)
root=$(cd "$(dirname "$0")/.." && pwd)
(cd "$root" && go build -o "$out/duban" . && go build -o "$out/badfiles" ./scripts/badfiles && go build -o "$out/tamper" ./scripts/tamper) || exit 1
D=$out/duban
[ $# -eq 0 ] && set -- all
[ "$1" = all ] && set -- kills serve badfiles flips tamper hostile ssh

# real makes $out/real.db: the 2019 plan, a user, updates and an import.
real() {
	[ -e "$out/real.db" ] && return
	$D init --db "$out/real.db" >/dev/null
	$D --db "$out/real.db" user add admin --role admin --key "$(ssh-keygen -y -f "$(key admin)")" >/dev/null
	for i in 1 2 3 4 5; do
		$D --db "$out/real.db" --user admin update 5.3.0$i $((i * 10)) --as-of 2019-0$((i + 1))-28 --note 第$i次 --problems p --next x --confirm >/dev/null
	done
	template "$out/real.db" "$out/t.csv"
	fill "$out/t.csv" 50 10 real >"$out/real-import.csv"
	$D --db "$out/real.db" --user admin import "$out/real-import.csv" --as-of 2019-06-30 --accept-warnings >/dev/null
}

# key NAME is the path of an ed25519 key made on first use.
key() {
	[ -e "$out/$1" ] || ssh-keygen -q -t ed25519 -N '' -f "$out/$1"
	echo "$out/$1"
}

template() { $D --db "$1" export --template --format csv --dept 市交通运输局 --as-of 2019-06-30 -o "$2" >/dev/null 2>&1; }

# fill TEMPLATE PERCENT COUNT NOTE: the template with every row filled in.
fill() {
	awk -F, -v OFS=, -v pv="$2" -v cv="$3" -v n="$4" \
		'NR>3 && $1 ~ /^[0-9]/ {$7=($4=="%")?pv:cv; $8="2019-06-30"; $9=n; $10="问题"; $11="措施"} {print}' "$1"
}

kills() {
	local n=${1:-1300} w=$out/kills i mode rc v ms killed=0 acked=0 lost=0 bad=0
	rm -rf "$w"; mkdir -p "$w"; cd "$w" || return
	$D init --db k.db >/dev/null
	template k.db t.csv
	for i in $(seq 1 "$n"); do
		mode=$((RANDOM % 3))
		case $mode in
		0) v=$((100 + i)); cmd=(update 5.3.05 $v --as-of 2019-06-30 --note upd-$i --problems p --next x) ;;
		1) fill t.csv $((1 + i % 99)) $((1 + i % 500)) imp-$i >imp.csv; cmd=(import imp.csv --as-of 2019-06-30 --accept-warnings) ;;
		2) rm -f bk.db; cmd=(backup bk.db) ;;
		esac
		$D --db k.db --user admin "${cmd[@]}" >o 2>e &
		local pid=$!
		ms=$((RANDOM % ${KILL_MS:-60}))
		sleep "0.$(printf %03d $ms)"
		kill -9 $pid 2>/dev/null
		wait $pid 2>/dev/null; rc=$?
		[ $rc -eq 137 ] && killed=$((killed + 1))
		$D --db k.db check >chk 2>&1 || { bad=$((bad + 1)); echo "run $i: check fails: $(head -1 chk)"; }
		[ $rc -eq 0 ] || continue
		acked=$((acked + 1))
		case $mode in
		0) $D --db k.db export --format csv --as-of 2019-06-30 | grep -q "^5\.3\.05,.*,upd-$i," || { lost=$((lost + 1)); echo "run $i: acknowledged update lost"; }
		   echo $v >>acked ;;
		1) grep -q 已导入 o || continue
		   $D --db k.db export --format csv --as-of 2019-06-30 | grep -q "^5\.3\.07,.*,imp-$i," || { lost=$((lost + 1)); echo "run $i: acknowledged import lost"; } ;;
		2) $D --db bk.db check >/dev/null 2>&1 || { lost=$((lost + 1)); echo "run $i: acknowledged backup fails check"; } ;;
		esac
	done
	$D --db k.db log >log.txt
	while read -r v; do grep -q "update  5.3.05  $v 个" log.txt || { lost=$((lost + 1)); echo "update $v not in the log"; }; done < <(cat acked 2>/dev/null)
	echo "kills: runs=$n killed=$killed acknowledged=$acked check_failed=$bad lost_acknowledged=$lost temporary_files_left=$(ls -A | grep -c '\.tmp-\|\.new-')"
}

serve() {
	local rounds=${1:-13} w=$out/serve r k sp lost=0 bad=0
	rm -rf "$w"; mkdir -p "$w"; cd "$w" || return
	$D init --db s.db >/dev/null
	$D --db s.db user add admin --role admin --key "$(ssh-keygen -y -f "$(key admin)")" >/dev/null
	local S="ssh -p 23302 -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR -o BatchMode=yes -o ConnectTimeout=5 -i $(key admin) admin@127.0.0.1"
	local tasks=(5.3.05 5.3.07 5.3.10)
	: >acked
	writer() {
		local t=${tasks[$1]} n=0
		[ -e c$1 ] && n=$(cat c$1)
		while [ -e running ]; do
			n=$((n + 1)); echo $n >c$1
			$S update "$t" $n --as-of 2019-06-30 --problems p --next x --confirm >/dev/null 2>&1 && echo "$t $n" >>acked
		done
	}
	for r in $(seq 1 "$rounds"); do
		$D --db s.db serve --listen 127.0.0.1:23302 >serve-$r.log 2>&1 &
		sp=$!
		for _ in 1 2 3 4 5 6 7 8 9 10; do sleep 0.3; $S plan list >/dev/null 2>&1 && break; done
		touch running
		for k in 0 1 2; do writer $k & done
		sleep "$((2 + RANDOM % 4)).$((RANDOM % 10))"
		kill -9 $sp; wait $sp 2>/dev/null
		rm -f running; wait
		$D --db s.db check >chk 2>&1 || { bad=$((bad + 1)); echo "round $r: check fails: $(head -1 chk)"; }
		$D --db s.db log >log.txt
		while read -r t n; do grep -q "update  $t  $n " log.txt || { lost=$((lost + 1)); echo "round $r: acknowledged $t $n lost"; }; done <acked
	done
	echo "serve: kills=$rounds acknowledged_updates=$(wc -l <acked) check_failed=$bad lost_acknowledged=$lost"
}

# refused DIR CMD…: run each command on each file of DIR; print what breaks
# the rule (one line, non-zero, no panic, untouched, nothing written).
refused() {
	local dir=$1 f c rc before after n=0 runs=0 bad=0 why
	shift
	for f in "$dir"/*; do
		n=$((n + 1))
		for c in "$@"; do
			runs=$((runs + 1)); rm -f "$out/out.db"
			before=$( [ -f "$f" ] && sha256sum <"$f"); local lsb; lsb=$(ls -a "$dir" | wc -l)
			timeout 20 $D --db "$f" --user admin $c >"$out/o" 2>"$out/e"; rc=$?
			after=$( [ -f "$f" ] && sha256sum <"$f")
			why=
			[ $rc -eq 0 ] && why="$why exit-0"
			[ $rc -ge 124 ] && why="$why rc-$rc"
			[ "$(wc -l <"$out/e")" -ne 1 ] && why="$why not-one-line"
			grep -qE 'panic|goroutine' "$out/e" && why="$why PANIC"
			[ "$before" != "$after" ] && why="$why CHANGED"
			[ "$lsb" != "$(ls -a "$dir" | wc -l)" ] && why="$why new-files"
			[ -e "$out/out.db" ] && why="$why wrote-backup"
			[ -n "$why" ] && { bad=$((bad + 1)); echo "$(basename "$f") [$c]:$why: $(head -c 200 "$out/e")"; }
		done
	done
	echo "$(basename "$dir"): files=$n runs=$runs problems=$bad"
}

badfiles() {
	real
	rm -rf "$out/bad"
	"$out/badfiles" -src "$out/real.db" -o "$out/bad" || return
	for f in "$out"/bad/kinds/*; do echo "  $(basename "$f"): $($D --db "$f" check 2>&1 | head -1)"; done
	refused "$out/bad/kinds" check "list --as-of 2019-06-30" "show 5.3.05 --as-of 2019-06-30" log "export --format json" \
		"backup $out/out.db" "update 5.3.05 100 --as-of 2019-06-30 --problems p --next x" "plan list"
	refused "$out/bad/trunc" check "update 5.3.05 100 --as-of 2019-06-30 --problems p --next x"
	rm -rf "$out/bad/trunc"
}

# shown DB: everything the commands show of a file.
shown() {
	local c
	for c in "export --format json --as-of 2019-06-30" "export --format csv --as-of 2019-06-30" log "user list" "plan list" \
		"show 5.3.01 --as-of 2019-06-30" "show 5.3.07 --as-of 2019-06-30"; do
		echo "== $c"; $D --db "$1" $c 2>&1 | grep -v '^审计链头'
	done
}

flips() {
	local n=${1:-250} w=$out/flips i off refused=0 reported=0 harmless=0 silent=0
	real
	rm -rf "$w"; mkdir -p "$w"; cd "$w" || return
	cp "$out/real.db" base.db
	shown base.db >base.txt
	local hw
	hw=$(python3 -c "import struct;b=open('base.db','rb').read();print(max(struct.unpack_from('<Q',b,i*4096+56)[0] for i in (0,1))*4096)")
	for i in $(seq 1 "$n"); do
		cp base.db f.db
		off=$(python3 -c "import random;print(random.randrange($hw))")
		python3 -c "import random;f=open('f.db','r+b');f.seek($off);b=f.read(1)[0];f.seek($off);f.write(bytes([b^random.randrange(1,256)]))"
		if ! $D --db f.db check >chk 2>&1; then
			if grep -q '已损坏\|不是 duban' chk; then refused=$((refused + 1)); else reported=$((reported + 1)); fi
		elif shown f.db | cmp -s base.txt -; then harmless=$((harmless + 1))
		else silent=$((silent + 1)); cp f.db "silent-$off.db"; echo "flip at $off changed what is shown while check passed"
		fi
	done
	echo "flips: $n in the $hw bytes in use: refused=$refused reported_by_check=$reported harmless=$harmless silent=$silent"
}

tamper() {
	local k caught=0
	real
	for k in value target digest drop chain head; do
		cp "$out/real.db" "$out/tamper-$k.db"
		"$out/tamper" -kind $k "$out/tamper-$k.db" >/dev/null || return
		if $D --db "$out/tamper-$k.db" check >"$out/o" 2>&1; then echo "  $k: NOT reported"
		else caught=$((caught + 1)); echo "  $k: $(head -1 "$out/o")"; fi
	done
	echo "tamper: kinds=6 reported=$caught"
}

hostile() {
	local w=$out/hostile f rc
	real
	rm -rf "$w"; mkdir -p "$w"; cd "$w" || return
	template "$out/real.db" t.csv
	$D --db "$out/real.db" export --template --dept 市交通运输局 --as-of 2019-06-30 -o t.xlsx >/dev/null 2>&1
	python3 - <<'PY'
import zipfile
src = zipfile.ZipFile('t.xlsx')
sheet = src.read('xl/worksheets/sheet1.xml').decode()
i = sheet.index('<sheetData>') + len('<sheetData>')
with zipfile.ZipFile('bomb.xlsx', 'w', zipfile.ZIP_DEFLATED, compresslevel=9) as z:
    for n in src.namelist():
        if n != 'xl/worksheets/sheet1.xml':
            z.writestr(n, src.read(n))
    with z.open('xl/worksheets/sheet1.xml', 'w', force_zip64=True) as w:
        w.write(sheet[:i].encode())
        for _ in range(225):  # 900 MB of blanks between the elements
            w.write(b' ' * (4 << 20))
        w.write(sheet[i:].encode())
with open('plan1m.csv', 'w', encoding='utf-8') as f:
    f.write('id,chapter,section,name,kind,target,unit,qualifier,baseline,lead,partners,due,source,pacing,release\n')
    for i in range(1000000):
        f.write(f'{i // 10000 + 1}.{i // 100 % 100 + 1}.{i % 100 + 1:02d},c,s,任务{i},count,15,个,,,d,,,,,\n')
head = open('t.csv', encoding='utf-8-sig').read().splitlines()[:3]
for name, n in (('bad1m.csv', 1000000), ('bad200k.csv', 199990)):
    with open(name, 'w', encoding='utf-8') as f:
        f.write('\n'.join(head) + '\n')
        for i in range(n):
            f.write(f'9.9.{i},不存在的任务{i},100,%,,,abc,2019-06-30,,,\n')
PY
	cp "$out/real.db" p.db
	for f in bomb.xlsx plan1m.csv bad1m.csv bad200k.csv; do
		local before; before=$(sha256sum <p.db)
		/usr/bin/time -f '%e s %M KB' -o tv $D --db p.db --user admin import $f --as-of 2019-06-30 >o 2>e; rc=$?
		[ "$before" = "$(sha256sum <p.db)" ] && local same=untouched || local same=CHANGED
		echo "  $f ($(du -k $f | cut -f1) KB): rc=$rc $(tail -1 tv) $same, $(wc -l <e) lines: $(tail -1 e)"
	done
	rm -f plan1m.csv bad1m.csv
}

ssh_() {
	local w=$out/ssh sp S rss pane tty sshp t0
	rm -rf "$w"; mkdir -p "$w"; cd "$w" || return
	$D init --db s.db >/dev/null
	$D --db s.db user add admin --role admin --key "$(ssh-keygen -y -f "$(key admin)")" >/dev/null
	$D --db s.db user add alice --role staff --dept 市交通运输局 --key "$(ssh-keygen -y -f "$(key alice)")" >/dev/null
	$D --db s.db user add bob --role supervisor --key "$(ssh-keygen -y -f "$(key bob)")" >/dev/null
	$D --db s.db serve --listen 127.0.0.1:23303 >serve.log 2>&1 &
	sp=$!
	sleep 2
	S="ssh -p 23303 -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR -o BatchMode=yes"
	$S -i "$(key alice)" bob@127.0.0.1 list >/dev/null 2>&1
	echo "  alice's key as bob: ssh exit $? (255: refused at authentication)"
	python3 - <<'PY'
import selectors, socket, time
sel, opened, closed = selectors.DefaultSelector(), {}, []
for _ in range(1000):
    s = socket.create_connection(("127.0.0.1", 23303))
    s.sendall(b"SSH-2.0-OpenSSH_9.0\r\n")
    s.setblocking(False); sel.register(s, selectors.EVENT_READ); opened[s] = time.time()
t0 = time.time()
while opened and time.time() - t0 < 120:
    for k, _ in sel.select(timeout=1):
        s = k.fileobj
        try: d = s.recv(65536)
        except OSError: d = b""
        if not d:
            closed.append(time.time() - opened.pop(s)); sel.unregister(s); s.close()
closed.sort()
print(f"  1000 never-authenticating connections: {len(closed)} closed, after {closed[0]:.1f}-{closed[-1]:.1f} s; {len(opened)} still open")
PY
	t0=$(date +%s.%N)
	$S -N -i "$(key bob)" bob@127.0.0.1 2>/dev/null
	echo "  ssh -N closed after $(python3 -c "import time;print(round(time.time()-$t0,1))") s"
	tmux kill-session -t adversarial 2>/dev/null
	tmux new -d -s adversarial -x 200 -y 50
	tmux send-keys -t adversarial "stty cols 8000 rows 8000; ssh -tt -p 23303 -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR -i $(key alice) alice@127.0.0.1" Enter
	sleep 6
	pane=$(tmux display -p -t adversarial '#{pane_pid}'); tty=$(tmux display -p -t adversarial '#{pane_tty}'); sshp=$(pgrep -P "$pane" ssh)
	echo "  8000x8000 terminal: serve RSS $(awk '/VmRSS/{print $2}' /proc/$sp/status) KB"
	for i in $(seq 1 1500); do
		if [ $((i % 3)) = 0 ]; then stty -F "$tty" cols 8000 rows 8000; else stty -F "$tty" cols $((RANDOM % 8000 + 1)) rows $((RANDOM % 8000 + 1)); fi
		kill -WINCH "$sshp"
	done
	sleep 2
	echo "  after 1,500 resizes: serve RSS $(awk '/VmRSS/{print $2}' /proc/$sp/status) KB, peak $(awk '/VmHWM/{print $2}' /proc/$sp/status) KB"
	$S -i "$(key admin)" admin@127.0.0.1 user remove alice >/dev/null
	sleep 3
	if pgrep -P "$pane" ssh >/dev/null; then echo "  alice removed: STILL CONNECTED"; else echo "  alice removed: disconnected: $(tmux capture-pane -p -t adversarial | grep 已被删除)"; fi
	tmux kill-session -t adversarial
	kill $sp; wait $sp 2>/dev/null
}

for part in "$@"; do
	name=${part%%=*} arg=
	[ "$part" != "$name" ] && arg=${part#*=}
	case $name in
	kills | serve | badfiles | flips | tamper | hostile) $name $arg ;;
	ssh) ssh_ ;;
	*) echo "adversarial.sh: unknown part $part" >&2; exit 2 ;;
	esac
done
echo "work files: $out"
