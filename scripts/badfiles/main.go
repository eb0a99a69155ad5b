// Command badfiles writes hostile database files made from a real duban file,
// for scripts/adversarial.sh: kinds of damage, a wrong page size, a newer
// schema, a foreign bbolt file, and truncations evenly spaced over the
// pages in use.
//
//	go run ./scripts/badfiles -src real.db -o DIR [-truncations 768]
package main

import (
	"archive/zip"
	"crypto/rand"
	"encoding/binary"
	"flag"
	"fmt"
	"hash/fnv"
	"os"
	"path/filepath"

	bolt "go.etcd.io/bbolt"
)

func main() {
	src := flag.String("src", "", "a real duban database file")
	out := flag.String("o", "", "directory to write the files into")
	cuts := flag.Int("truncations", 768, "number of evenly spaced truncation lengths")
	flag.Parse()
	if *src == "" || *out == "" {
		flag.Usage()
		os.Exit(2)
	}
	if err := run(*src, *out, *cuts); err != nil {
		fmt.Fprintln(os.Stderr, "badfiles:", err)
		os.Exit(1)
	}
}

func run(src, out string, cuts int) error {
	real, err := os.ReadFile(src)
	if err != nil {
		return err
	}
	if len(real) < 3*4096 {
		return fmt.Errorf("%s: too small", src)
	}
	kinds := filepath.Join(out, "kinds")
	trunc := filepath.Join(out, "trunc")
	for _, d := range []string{kinds, trunc} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return err
		}
	}
	write := func(name string, b []byte) error {
		return os.WriteFile(filepath.Join(kinds, name), b, 0o600)
	}
	random := make([]byte, 64*1024)
	if _, err := rand.Read(random); err != nil {
		return err
	}
	half := len(real) / 2
	files := map[string][]byte{
		"01-empty.db":              {},
		"02-one-byte.db":           {0},
		"03-cut-100.db":            real[:100],
		"04-cut-one-page.db":       real[:4096],
		"05-cut-meta-pages.db":     real[:8192],
		"06-cut-half.db":           real[:half],
		"07-cut-last-used-page.db": real[:highWater(real)-4096],
		"08-random.db":             random,
		"09-text.db":               []byte("编号,任务\n5.3.05,新增停车位\nthis is a text file, not a database\n"),
		"11-metas-zeroed.db":       zeroMetas(real),
		"12-meta-checksums.db":     badChecksums(real),
		"13-wrong-page-size.db":    pageSize(real, 8192),
		"14-page-size-1024.db":     pageSize(real, 1024),
		"15-duban-gzip-ish.db":     append([]byte{0x1f, 0x8b, 8, 0}, real[:4096]...),
	}
	for name, b := range files {
		if err := write(name, b); err != nil {
			return err
		}
	}
	if err := zipOf(filepath.Join(kinds, "10-zip.db"), real); err != nil {
		return err
	}
	if err := foreignBolt(filepath.Join(kinds, "16-foreign-bbolt.db")); err != nil {
		return err
	}
	if err := copyThen(real, filepath.Join(kinds, "17-newer-schema.db"), func(tx *bolt.Tx) error {
		return tx.Bucket([]byte("meta")).Put([]byte("schema"), []byte("99"))
	}); err != nil {
		return err
	}
	if err := copyThen(real, filepath.Join(kinds, "18-schema-garbage.db"), func(tx *bolt.Tx) error {
		return tx.Bucket([]byte("meta")).Put([]byte("schema"), []byte("two"))
	}); err != nil {
		return err
	}
	if err := copyThen(real, filepath.Join(kinds, "19-no-plans-bucket.db"), func(tx *bolt.Tx) error {
		return tx.DeleteBucket([]byte("plans"))
	}); err != nil {
		return err
	}
	if err := os.Mkdir(filepath.Join(kinds, "20-directory.db"), 0o755); err != nil && !os.IsExist(err) {
		return err
	}
	hw := highWater(real) // a cut after it leaves every page in use
	for k := 0; k < cuts; k++ {
		n := hw * k / cuts
		if err := os.WriteFile(filepath.Join(trunc, fmt.Sprintf("cut-%07d.db", n)), real[:n], 0o600); err != nil {
			return err
		}
	}
	return nil
}

// highWater is the end of the pages in use (the meta's pgid field, the
// larger of the two): a file cut only in the free tail after it is intact.
func highWater(real []byte) int {
	hw := uint64(0)
	for i := 0; i < 2; i++ {
		hw = max(hw, binary.LittleEndian.Uint64(real[metaAt(i)+16+40:]))
	}
	return int(hw) * 4096
}

func clone(b []byte) []byte { return append([]byte(nil), b...) }

// metaAt is the offset of meta page i in a file of 4096-byte pages.
func metaAt(i int) int { return i * 4096 }

func zeroMetas(real []byte) []byte {
	b := clone(real)
	for i := 0; i < 2; i++ {
		clear(b[metaAt(i) : metaAt(i)+4096])
	}
	return b
}

func badChecksums(real []byte) []byte {
	b := clone(real)
	for i := 0; i < 2; i++ {
		b[metaAt(i)+16+56] ^= 0xff // the checksum field
	}
	return b
}

// pageSize claims size in both meta pages and fixes their checksums, so
// bbolt reads the file with the wrong page size.
func pageSize(real []byte, size uint32) []byte {
	b := clone(real)
	for i := 0; i < 2; i++ {
		m := b[metaAt(i)+16:]
		binary.LittleEndian.PutUint32(m[8:], size)
		h := fnv.New64a()
		h.Write(m[:56]) // the meta fields before the checksum
		binary.LittleEndian.PutUint64(m[56:], h.Sum64())
	}
	return b
}

func zipOf(path string, real []byte) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	z := zip.NewWriter(f)
	w, err := z.Create("duban.db")
	if err == nil {
		_, err = w.Write(real)
	}
	if err == nil {
		err = z.Close()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

func foreignBolt(path string) error {
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		return err
	}
	err = db.Update(func(tx *bolt.Tx) error {
		b, err := tx.CreateBucket([]byte("settings"))
		if err != nil {
			return err
		}
		return b.Put([]byte("theme"), []byte("dark"))
	})
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	return err
}

func copyThen(real []byte, path string, fn func(*bolt.Tx) error) error {
	if err := os.WriteFile(path, real, 0o600); err != nil {
		return err
	}
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		return err
	}
	err = db.Update(fn)
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	return err
}
