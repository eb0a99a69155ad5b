package model

import (
	"strings"

	"duban/i18n"
)

// Returned reports whether the report e rests on was returned (已退回): its
// figure still counts, but a supervisor asked for a correction, so its
// status is never shown without the mark.
func (e Eval) Returned() bool { return e.Latest != nil && e.Latest.Review == ReviewReturned }

// StatusLabel is an evaluation's status as every surface shows it: the
// status's label (i18n.Status), marked 已退回 where its report was returned.
func StatusLabel(l i18n.Lang, e Eval) string {
	return MarkReturned(l, i18n.Status(l, e.Status), e.Returned())
}

// MarkReturned is how every list and export shows a status label resting
// on a returned report: 正常（已退回）.
func MarkReturned(l i18n.Lang, label string, returned bool) string {
	if !returned {
		return label
	}
	return l.T("mark.returned", label)
}

// ReturnedText is the sentence listing the rows whose report was returned
// ("" when none), for the summaries: 其中 N 项任务的最近填报已被退回待更正：….
func ReturnedText(l i18n.Lang, rows []Row) string {
	var ids []string
	for _, r := range rows {
		if r.Eval.Returned() {
			ids = append(ids, r.Task.ID+" "+r.Task.Name)
		}
	}
	if len(ids) == 0 {
		return ""
	}
	return l.T("mark.returned.rows", len(ids), strings.Join(ids, l.T("mark.returned.sep")))
}
