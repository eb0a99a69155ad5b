// Command genplan writes a generated duban file for measurements:
//
//	go run ./scripts/genplan -o /tmp/big.db -tasks 10000 -reports 3 [-plans 2] [-tw tw.json]
//
// -plans 2 puts one other plan of the same size before the current one;
// -tw also writes the same tasks as a Taskwarrior import file.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"

	"duban/internal/genplan"
)

func main() {
	out := flag.String("o", "", "the duban file to create (must not exist)")
	n := flag.Int("tasks", 10000, "tasks in the plan")
	reports := flag.Int("reports", 3, "reports per task")
	plans := flag.Int("plans", 1, "plans in the file (the last is current)")
	tw := flag.String("tw", "", "also write a Taskwarrior import file of the same tasks")
	flag.Parse()
	if *out == "" {
		fmt.Fprintln(os.Stderr, "genplan: -o FILE is required")
		os.Exit(2)
	}
	if _, err := os.Stat(*out); err == nil {
		fmt.Fprintln(os.Stderr, "genplan:", *out, "exists")
		os.Exit(1)
	}
	if err := genplan.Build(*out, *n, *reports, *plans-1); err != nil {
		fmt.Fprintln(os.Stderr, "genplan:", err)
		os.Exit(1)
	}
	if *tw != "" {
		if err := writeTW(*tw, *n); err != nil {
			fmt.Fprintln(os.Stderr, "genplan:", err)
			os.Exit(1)
		}
	}
}

// writeTW writes the plan's tasks as Taskwarrior's import format, one
// JSON object a line: the same names, project (chapter), department tag
// and due date, and an annotation per report's note.
func writeTW(path string, n int) error {
	p, tasks := genplan.Plan("tw", n)
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	enc := json.NewEncoder(f)
	for i, t := range tasks {
		r := genplan.Report(t, 1)
		rec := map[string]any{
			"uuid":        fmt.Sprintf("%08x-0000-4000-8000-%012x", i, i),
			"status":      "pending",
			"entry":       "20190101T000000Z",
			"description": t.Name + " " + t.Source,
			"project":     fmt.Sprintf("ch%d.s%d", i/2000+1, i/40%50+1),
			"tags":        []string{fmt.Sprintf("dept%d", i%40)},
			"due":         p.End.Format("20060102T150405Z"),
			"annotations": []map[string]string{{"entry": "20190131T000000Z", "description": r.Note}},
		}
		if err := enc.Encode(rec); err != nil {
			f.Close()
			return err
		}
	}
	return f.Close()
}
