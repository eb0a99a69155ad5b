package store

import (
	"time"

	"duban/model"
)

// SnapshotAt is Snapshot cut to what evaluating the plan at a few dates
// needs, for the commands that only evaluate (list, export): each task's
// history holds just its latest update on or before each of the dates
// (model.LatestAsOf, with its latest review), and no notes are read. So
// model.Snapshot.Evaluate at any of the dates gives exactly the rows of
// a full snapshot, while the other updates are stepped over in their
// digests undecoded (gathered.decodeDigests). dates is called inside
// the read transaction with the plan, for the dates (the as-of date is
// usually worked out from the plan); its error is returned.
//
// On the 2-core machine, 10,000 tasks of 3 updates each: BenchmarkSnapshot
// 19–20 ms (34–35 cpu-ms), 16.4 MB per op against BenchmarkSnapshotAt
// 18–21 ms (31–37 cpu-ms), 10.8 MB.
func (s *Store) SnapshotAt(dates func(model.Plan) ([]time.Time, error)) (*model.Snapshot, error) {
	return s.snapshot(dates, false)
}
