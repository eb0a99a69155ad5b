// Package seed carries duban's built-in plan: the key tasks (重点工作) of the
// Zhuzhou municipal government's 2019 work report (株洲市2019年政府工作报告),
// together with the report itself.
//
// PlanCSV is the plan as RFC 4180 CSV with the header
//
//	id,chapter,section,name,kind,target,unit,qualifier,baseline,lead,partners,due,source,pacing,release
//
// One row is one task taken from section 二 (2019 年形势和任务, the five
// 主要预期目标, chapter 0) or section 三 (2019 年重点工作, chapters 1–5) of
// the report. Ids are C.S.II: chapter, paragraph within the chapter, item
// within the paragraph, in document order. kind is one of count, growth,
// level, ceiling or milestone; milestones have target 100 and unit %. target
// and unit are the figure exactly as the report writes it (5 and 万人 for
// "5 万人", no 万 multiplication). source is the verbatim clause the task comes
// from, so every row can be checked against Report; lead and partners are
// sensible default departments by remit, not part of the report; so are
// pacing (what 序时进度 means for the task: one-off for awards and
// designations, seasonal for dry-season works, a node plan for the large
// buildings) and release (the statistics bureau's cadence for figures
// that come from official statistics).
//
// Leads that needed a decision rather than a reading of the remit:
//   - 5.6.07 株洲读书月: 市委宣传部, which runs 全民阅读 since the 2018
//     institutional reform moved press and publication under the party's
//     propaganda departments.
//   - 2.3.16 善治示范村: the clause ("健全自治、法治、德治相结合的乡村治理体系，
//     打造 100 个善治示范村", under 大力实施乡村振兴战略) is rural governance as
//     part of rural revitalisation. Since the 2018 reform that is the remit of
//     the party's rural work office (市委农办), seated in 市农业农村局, which
//     also runs the national 乡村治理示范村镇 creation with 组织, 宣传, 民政
//     and 司法. So 市农业农村局 leads; the three pillars are the partners'
//     work: 自治 and 四议两公开 (市民政局), 法治 (市司法局), 德治 and 文明乡风
//     (市委宣传部), with 市委组织部 for the village party branches that lead
//     them. 市民政局 alone would cover 自治 only.
//
// Report is the full text of the work report the plan was extracted from,
// embedded so the tests (and users) can verify that nothing was invented.
//
// This package holds data only; package model parses PlanCSV.
package seed

import _ "embed"

// PlanCSV is the 2019 Zhuzhou plan as CSV (UTF-8, no BOM).
//
//go:embed zhuzhou-2019.csv
var PlanCSV []byte

// Report is the text of the Zhuzhou municipal government's 2019 work report.
//
//go:embed zhuzhou-2019-government-work-report.txt
var Report string

const (
	// PlanID identifies the embedded plan.
	PlanID = "zhuzhou-2019"
	// PlanTitle is the plan's display title.
	PlanTitle = "株洲市2019年政府工作报告重点工作"
	// PeriodStart is the first day of the plan period (YYYY-MM-DD).
	PeriodStart = "2019-01-01"
	// PeriodEnd is the last day of the plan period (YYYY-MM-DD).
	PeriodEnd = "2019-12-31"
)
