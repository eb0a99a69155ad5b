#!/usr/bin/env bash
# Time to the TUI's first frame with data, and its resident memory, as a
# whole process in tmux: scripts/tui-first-frame.sh FILE [DUBAN] [RUNS]
#   go run ./scripts/genplan -o /tmp/big.db -tasks 100000 -reports 3
#   go build -o /tmp/duban . && scripts/tui-first-frame.sh /tmp/big.db /tmp/duban 3
# Prints per run the seconds until the overview's data is on screen, the
# resident memory then (VmRSS: of it RssAnon, the process's own, and
# RssFile, the database file's pages mapped by bbolt, which the kernel
# shares and may drop) and the peak (VmHWM); with SETTLE=N, the RSS again
# N seconds later, once idle. Needs tmux.
set -euo pipefail
db=${1:?usage: $0 FILE [DUBAN] [RUNS]}
bin=${2:-duban}
runs=${3:-3}
marker=${MARKER:-序时进度} # a label the overview shows once the data is in
for r in $(seq "$runs"); do
	s=ff$$_$r
	tmux new -d -s "$s" -x 120 -y 40
	start=$(date +%s.%N)
	tmux send-keys -t "$s" "exec $bin --db $db --as-of 2019-06-30" Enter
	until tmux capture-pane -p -t "$s" | grep -q "$marker"; do sleep 0.02; done
	end=$(date +%s.%N)
	pid=$(tmux list-panes -t "$s" -F '#{pane_pid}')
	rss=$(awk '/VmRSS/{print $2}' /proc/"$pid"/status)
	hwm=$(awk '/VmHWM/{print $2}' /proc/"$pid"/status)
	anon=$(awk '/RssAnon/{print $2}' /proc/"$pid"/status)
	file=$(awk '/RssFile/{print $2}' /proc/"$pid"/status)
	printf 'first frame %.2f s, RSS %d MB (anon %d, file %d), peak %d MB' "$(echo "$end - $start" | bc)" \
		$((rss / 1024)) $((anon / 1024)) $((file / 1024)) $((hwm / 1024))
	if [ "${SETTLE:-0}" != 0 ]; then # and again once idle, SETTLE seconds later
		sleep "$SETTLE"
		rss=$(awk '/VmRSS/{print $2}' /proc/"$pid"/status)
		anon=$(awk '/RssAnon/{print $2}' /proc/"$pid"/status)
		printf '; %s s later RSS %d MB (anon %d)' "$SETTLE" $((rss / 1024)) $((anon / 1024))
	fi
	echo
	tmux kill-session -t "$s"
done
