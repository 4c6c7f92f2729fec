package main

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"path/filepath"
	"strings"
	"time"

	_ "modernc.org/sqlite" // the SQLite driver FerretDB itself uses
)

// versionGuard keeps a numeric field of a collection's documents from going down: an update
// that would store a smaller value leaves the document as it was. FerretDB v1 has no atomic
// conditional update (it reads, then writes), and a filter on anything but a lone _id reads
// the whole table; so Ijro writes its versioned rows by _id and the store refuses, atomically
// within the UPDATE, a write older than what it holds.
type versionGuard struct{ collection, field string }

func parseGuards(list string) ([]versionGuard, error) {
	var guards []versionGuard
	for _, item := range strings.Split(list, ",") {
		if item = strings.TrimSpace(item); item == "" {
			continue
		}
		collection, field, ok := strings.Cut(item, ".")
		if !ok || collection == "" || field == "" || strings.ContainsAny(field, "'\"") {
			return nil, fmt.Errorf("-version-guard %q: want collection.field", item)
		}
		guards = append(guards, versionGuard{collection, field})
	}
	return guards, nil
}

// keepSchema adds what FerretDB's own tables lack, in every database file: the _id path
// indexes and the version guards. Collections and databases appear while the app runs, so it
// looks again every second; it opens each file afresh (mode=rw never creates a dropped one).
func keepSchema(ctx context.Context, dir string, guards []versionGuard, logger *slog.Logger) {
	for {
		files, _ := filepath.Glob(filepath.Join(dir, "*.sqlite"))
		for _, file := range files {
			if err := schemaFile(ctx, file, guards); err != nil {
				logger.Debug("schema additions not made (yet)", "file", file, "err", err)
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(time.Second):
		}
	}
}

func schemaFile(ctx context.Context, file string, guards []versionGuard) error {
	db, err := sql.Open("sqlite", "file:"+file+"?mode=rw&_pragma=busy_timeout(10000)")
	if err != nil {
		return err
	}
	defer db.Close()
	if err = indexIDs(ctx, db); err != nil {
		return err
	}
	return addGuards(ctx, db, guards)
}

// FerretDB v1.24's SQLite backend finds a document by _id with the expression
// `_ferretdb_sjson->'$._id'`, but its unique _id index is on `_ferretdb_sjson->"_id"`. SQLite
// uses an expression index only for the very same expression, so every lookup, update and
// delete by _id scanned the whole table (EXPLAIN QUERY PLAN: SCAN) and each write held the
// database lock for that long. An index on the expression the queries use turns them into
// index searches.
func indexIDs(ctx context.Context, db *sql.DB) error {
	missing, err := firstColumn(ctx, db, `SELECT table_name FROM _ferretdb_collections c WHERE NOT EXISTS
		(SELECT 1 FROM sqlite_master m WHERE m.type = 'index' AND m.name = c.table_name || '__id_path')`)
	if err != nil {
		return err
	}
	for _, table := range missing {
		q := fmt.Sprintf(`CREATE INDEX IF NOT EXISTS %q ON %q (_ferretdb_sjson->'$._id')`, table+"__id_path", table)
		if _, err = db.ExecContext(ctx, q); err != nil {
			return err
		}
	}
	return nil
}

func addGuards(ctx context.Context, db *sql.DB, guards []versionGuard) error {
	for _, g := range guards {
		trigger := "__" + g.field + "_guard"
		tables, err := firstColumn(ctx, db, `SELECT table_name FROM _ferretdb_collections c WHERE c.name = ? AND NOT EXISTS
			(SELECT 1 FROM sqlite_master m WHERE m.type = 'trigger' AND m.name = c.table_name || ?)`, g.collection, trigger)
		if err != nil {
			return err
		}
		for _, table := range tables {
			path := "'$." + g.field + "'"
			q := fmt.Sprintf(`CREATE TRIGGER IF NOT EXISTS %q BEFORE UPDATE ON %q
				WHEN (NEW._ferretdb_sjson->>%[3]s) < (OLD._ferretdb_sjson->>%[3]s)
				BEGIN SELECT RAISE(IGNORE); END`, table+trigger, table, path)
			if _, err = db.ExecContext(ctx, q); err != nil {
				return err
			}
		}
	}
	return nil
}

// firstColumn answers the first column of a query's rows.
func firstColumn(ctx context.Context, db *sql.DB, q string, args ...any) ([]string, error) {
	rows, err := db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err = rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}
