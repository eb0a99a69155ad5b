package store

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"

	jsonv2 "github.com/go-json-experiment/json"

	"duban/model"
)

// codecRecords are the records of a 10,000-task plan with 100,000
// updates, as the store writes them.
func codecRecords(b *testing.B) (tasks, updates [][]byte) {
	_, ts, _ := bigPlan(benchTasks)()
	for i, t := range ts {
		t.Rev = 11
		if i%10 == 0 {
			t.Urged = &model.Urge{By: "李督查", At: time.Now(), Comment: "请加快进度", ReplyBy: time.Date(2019, 7, 15, 0, 0, 0, 0, time.UTC)}
		}
		v, err := encodeTask(t)
		if err != nil {
			b.Fatal(err)
		}
		tasks = append(tasks, v)
		for j := range 10 {
			u := model.Update{Seq: uint64(i*10 + j + 1), TaskID: t.ID, Value: dec(fmt.Sprint(10 * j)),
				AsOf: time.Date(2019, time.Month(j+1), 28, 0, 0, 0, 0, time.UTC),
				Note: "已完成新建停车场两处，新增泊位三百个，智慧停车系统完成招标", Problems: "用地指标紧张",
				Next: "加快推进第二批项目建设", By: "张三", At: time.Now()}
			v, err := encodeUpdate(u)
			if err != nil {
				b.Fatal(err)
			}
			updates = append(updates, v)
		}
	}
	return tasks, updates
}

// BenchmarkDecodeRecords decodes every record of a 10,000-task,
// 100,000-update plan into the record types, with each codec (the figures
// are quoted at the top of fastjson.go).
func BenchmarkDecodeRecords(b *testing.B) {
	tasks, updates := codecRecords(b)
	var size int
	for _, v := range tasks {
		size += len(v)
	}
	for _, v := range updates {
		size += len(v)
	}
	codecs := []struct {
		name   string
		task   func([]byte, *taskRecord) error
		update func([]byte, *updateRecord) error
	}{
		{"fastjson", func(v []byte, r *taskRecord) error {
			if !fastTask(string(v), r) {
				return fmt.Errorf("fast reader gave up")
			}
			return nil
		}, func(v []byte, r *updateRecord) error {
			if !fastUpdate(string(v), r) {
				return fmt.Errorf("fast reader gave up")
			}
			return nil
		}},
		{"encoding_json", func(v []byte, r *taskRecord) error { return json.Unmarshal(v, r) },
			func(v []byte, r *updateRecord) error { return json.Unmarshal(v, r) }},
		{"json_v2", func(v []byte, r *taskRecord) error { return jsonv2.Unmarshal(v, r, jsonv2.RejectUnknownMembers(true)) },
			func(v []byte, r *updateRecord) error {
				return jsonv2.Unmarshal(v, r, jsonv2.RejectUnknownMembers(true))
			}},
	}
	for _, c := range codecs {
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(int64(size))
			b.ReportAllocs()
			for b.Loop() {
				for _, v := range tasks {
					var r taskRecord
					if err := c.task(v, &r); err != nil {
						b.Fatal(err)
					}
				}
				for _, v := range updates {
					var r updateRecord
					if err := c.update(v, &r); err != nil {
						b.Fatal(err)
					}
				}
			}
		})
	}
}
