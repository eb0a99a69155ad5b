#!/bin/sh
# Side-by-side: duban against Taskwarrior on the same machine in the same
# run (issue 14). It generates a plan of TASKS tasks with 3 reports each
# (scripts/genplan) and the same tasks as a Taskwarrior database, then runs
# each command RUNS times under /usr/bin/time -v and prints the median wall
# time, the median CPU time (user+sys) and the largest resident set.
#
#   scripts/vs-taskwarrior.sh [TASKS [RUNS]]     # default 10000 9
#
# Two floors are measured beside them: scripts/boltbare (a bare bbolt
# process's one-record write, against update) and scripts/boltwalk (a
# bare bbolt process copying the plan's records out undecoded, against
# export and list).
#
# With BIG=100000 (the default; BIG=0 skips it) the one-task commands also
# run on a plan of that many tasks, beside the figures at 100 tasks.
#
# Needs go, GNU time (/usr/bin/time) and Taskwarrior (`task`; Debian:
# apt-get install taskwarrior). Run it from the repository's root. On a
# shared machine compare the ratios of one run, not figures across runs.
set -eu
N=${1:-10000}
RUNS=${2:-9}
BIG=${BIG:-100000}
command -v task >/dev/null || { echo "vs-taskwarrior: Taskwarrior (task) is not installed" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "vs-taskwarrior: /usr/bin/time (GNU time) is not installed" >&2; exit 1; }
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
go build -o "$W/duban" .
go build -o "$W/genplan" ./scripts/genplan
go build -o "$W/boltbare" ./scripts/boltbare
go build -o "$W/boltwalk" ./scripts/boltwalk
"$W/genplan" -o "$W/duban.db" -tasks "$N" -reports 3 -tw "$W/tw.json"
"$W/genplan" -o "$W/small.db" -tasks 100 -reports 3
"$W/genplan" -o "$W/two.db" -tasks "$N" -reports 3 -plans 2
[ "$BIG" -gt 0 ] && "$W/genplan" -o "$W/big.db" -tasks "$BIG" -reports 3

export TASKRC="$W/taskrc" TASKDATA="$W/task"
mkdir -p "$TASKDATA"
printf 'data.location=%s\nconfirmation=off\nverbose=nothing\nrecurrence=off\ngc=off\nhooks=off\n' "$TASKDATA" >"$TASKRC"
task import "$W/tw.json" >/dev/null 2>&1
echo "Taskwarrior: $(task rc.verbose=nothing count) tasks; duban: $N tasks, $((N * 3)) reports"

# measure LABEL CMD: RUNS runs of CMD (split on spaces; @I is replaced by
# the run's number, 01, 02, …; @N by 1, 2, …). Prints the median wall time of one run
# (date +%s%N around it), the CPU time (user+sys) of one run, averaged
# over all of them (GNU time's resolution is 10 ms, too coarse for one
# run), and the largest resident set of any run (GNU time -v).
measure() {
	label=$1
	cmd=$2
	: >"$W/walls"
	: >"$W/rss"
	: >"$W/loop"
	i=1
	while [ "$i" -le "$RUNS" ]; do
		n=$(printf %02d "$i")
		c=$(printf '%s\n' "$cmd" | sed "s/@I/$n/g; s/@N/$i/g")
		printf '%s >/dev/null\n' "$c" >>"$W/loop"
		t0=$(date +%s%N)
		# shellcheck disable=SC2086
		/usr/bin/time -v $c >/dev/null 2>"$W/t" </dev/null || { cat "$W/t" >&2; exit 1; }
		t1=$(date +%s%N)
		echo $(((t1 - t0) / 1000)) >>"$W/walls"
		awk -F': ' '/Maximum resident/ { print $2 }' "$W/t" >>"$W/rss"
		i=$((i + 1))
	done
	# The same runs again, for their CPU time (state-changing ones repeat
	# on tasks already changed: the same work).
	/usr/bin/time -f '%U %S' -o "$W/cpu" sh "$W/loop" </dev/null >/dev/null 2>&1 || true
	wall=$(sort -n "$W/walls" | awk '{ w[NR] = $1 } END { printf "%.1f", w[int((NR + 1) / 2)] / 1000 }')
	cpu=$(awk -v n="$RUNS" '{ printf "%.1f", ($1 + $2) * 1000 / n }' "$W/cpu")
	rss=$(sort -n "$W/rss" | awk '{ r = $1 } END { printf "%.1f", r / 1024 }')
	printf '%-48s %8s %8s %8s\n' "$label" "$wall" "$cpu" "$rss"
}

D="$W/duban --as-of 2019-06-30"
printf '%-48s %8s %8s %8s\n' "command ($N tasks unless said)" "wall ms" "cpu ms" "RSS MB"
measure "duban --version" "$W/duban --version"
measure "bare bbolt: open, one 300-byte put, close" "$W/boltbare $W/bare.db"
measure "duban show ID (100 tasks)" "$D --db $W/small.db show 1.1.@I"
measure "duban show ID" "$D --db $W/duban.db show 1.1.@I"
measure "duban update ID V (100 tasks)" "$D --db $W/small.db update 1.1.@I 60 --problems 征地滞后 --next 加快进度"
measure "duban update ID V" "$D --db $W/duban.db update 1.1.@I 60 --problems 征地滞后 --next 加快进度"
measure "duban log ID" "$D --db $W/duban.db log 1.1.@I"
if [ "$BIG" -gt 0 ]; then
	measure "duban show ID ($BIG tasks)" "$D --db $W/big.db show 1.1.@I"
	measure "duban update ID V ($BIG tasks)" "$D --db $W/big.db update 1.1.@I 60 --problems 征地滞后 --next 加快进度"
	measure "duban log ID ($BIG tasks)" "$D --db $W/big.db log 1.1.@I"
fi
measure "bare bbolt: copy every task digest out" "$W/boltwalk $W/duban.db"
measure "duban export --format json" "$D --db $W/duban.db export --format json"
measure "duban export --format json (beside a 2nd plan)" "$D --db $W/two.db export --format json"
measure "duban list" "$D --db $W/duban.db list"
measure "task export" "task export"
measure "task list" "task list"
measure "task ID modify" "task @N modify +urged"
