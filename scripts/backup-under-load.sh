#!/bin/sh
# Issue 9's speed goals as whole processes: `ssh … export --format json`
# within 1.5x of the local command, and a backup of a TASKS-task file while
# 50 sessions save with no save waiting longer than 100 ms.
#
# It generates a plan (scripts/genplan), registers an admin with a fresh
# key, starts `duban serve`, times `ssh … export --format json` against the
# local `duban export` (median of 9 each, alternating, then the local one
# again with the server stopped, at the end), and runs three rounds of SECS seconds each:
# 50 SSH sessions (scripts/servedload) saving `update` execs at ~150 a
# second with no backup, then the same while OpenSSH runs
# `ssh … backup > copy.db` back to back, then the same while the local
# `duban backup FILE` (through the running server) runs back to back. Each
# round prints the saves acknowledged and the slowest, p99 and median
# save round trip; the last copy of each backup round must pass
# `duban check`.
#
#   scripts/backup-under-load.sh [TASKS [SECS]]     # default 10000 20
#
# Needs go, ssh and ssh-keygen (OpenSSH). Run it from the repository's root.
set -eu
N=${1:-10000}
SECS=${2:-20}
PORT=${PORT:-23391}
W=$(mktemp -d)
SP=
trap '[ -n "$SP" ] && kill "$SP" 2>/dev/null; rm -rf "$W"' EXIT
go build -o "$W/duban" .
go build -o "$W/genplan" ./scripts/genplan
go build -o "$W/servedload" ./scripts/servedload
"$W/genplan" -o "$W/load.db" -tasks "$N" -reports 3
ssh-keygen -q -t ed25519 -N '' -f "$W/key"
D="$W/duban --db $W/load.db"
$D user add admin --role admin --key "$(cat "$W/key.pub")" >/dev/null
$D serve --listen "127.0.0.1:$PORT" >"$W/serve.log" 2>&1 &
SP=$!
S="ssh -p $PORT -i $W/key -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR -o BatchMode=yes admin@127.0.0.1"
for _ in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
	$S plan list >/dev/null 2>&1 && break
	sleep 0.3
done
# 50 count tasks spread over the plan (a count's value only grows here).
IDS=$($D list --as-of 2019-06-30 --format json | awk -F'"' '$2 == "id" { id = $4 } $2 == "kind" && $4 == "count" { print id }' | awk 'NR % 37 == 1' | head -50 | paste -sd, -)
# load ROUND: one round of saves; each round saves higher values than the last.
load() {
	"$W/servedload" -addr "127.0.0.1:$PORT" -user admin -key "$W/key" -ids "$IDS" -n 50 -for "${SECS}s" -from "$(($1 * 1000000))"
}

# median CMD…: the median wall time in ms of 9 runs of CMD, output discarded.
median() {
	: >"$W/t"
	for _ in 1 2 3 4 5 6 7 8 9; do
		t0=$(date +%s%N)
		"$@" >/dev/null
		t1=$(date +%s%N)
		echo $(((t1 - t0) / 100000)) >>"$W/t"
	done
	sort -n "$W/t" | sed -n 5p | awk '{ printf "%.1f", $1 / 10 }'
}
E="export --format json --as-of 2019-06-30"
# shellcheck disable=SC2086
echo "ssh … $E: $(median $S $E) ms; the local command (through the server): $(median $D $E) ms"

echo "plan: $N tasks; 50 sessions saving for $SECS s a round"
printf '%-34s %s\n' "no backup:" "$(load 1)"

# backups ROUND RUN: run the backup command RUN (which writes $W/copy.db) back to
# back until the load round ends; count them; check the last copy.
backups() {
	: >"$W/count"
	touch "$W/running"
	(while [ -e "$W/running" ]; do rm -f "$W/copy.db"; eval "$2" && echo >>"$W/count"; done) &
	bp=$!
	r=$(load "$1")
	rm -f "$W/running"
	wait "$bp"
	$W/duban --db "$W/copy.db" check >"$W/check" 2>&1 || { echo "the last backup fails check: $(head -1 "$W/check")" >&2; exit 1; }
	echo "$r backups=$(wc -l <"$W/count") last_copy_checked=ok"
}
printf '%-34s %s\n' "ssh backup > copy.db:" "$(backups 2 "$S backup >$W/copy.db")"
printf '%-34s %s\n' "duban backup copy.db (local):" "$(backups 3 "$D backup $W/copy.db >/dev/null")"
kill "$SP"
wait "$SP" 2>/dev/null || true
SP=
# shellcheck disable=SC2086
echo "the local command with no server running: $(median $D $E) ms"
