package main

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"path/filepath"
	"time"

	_ "modernc.org/sqlite" // the SQLite driver FerretDB itself uses
)

// FerretDB v1.24's SQLite backend finds a document by _id with the expression
// `_ferretdb_sjson->'$._id'`, but its unique _id index is on `_ferretdb_sjson->"_id"`. SQLite
// uses an expression index only for the very same expression, so every lookup, update and
// delete by _id scanned the whole table (EXPLAIN QUERY PLAN: SCAN) and each write held the
// database lock for that long. An index on the expression the queries use turns them into
// index searches. Collections and databases appear while the app runs, so this looks again
// every few seconds; it opens each file afresh (mode=rw never creates a dropped database).
func indexIDs(ctx context.Context, dir string, logger *slog.Logger) {
	for {
		files, _ := filepath.Glob(filepath.Join(dir, "*.sqlite"))
		for _, file := range files {
			if err := indexFile(ctx, file); err != nil {
				logger.Debug("_id path indexes not created (yet)", "file", file, "err", err)
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(3 * time.Second):
		}
	}
}

// indexFile creates the missing _id path indexes of one database file.
func indexFile(ctx context.Context, file string) error {
	db, err := sql.Open("sqlite", "file:"+file+"?mode=rw&_pragma=busy_timeout(10000)")
	if err != nil {
		return err
	}
	defer db.Close()
	rows, err := db.QueryContext(ctx, `SELECT table_name FROM _ferretdb_collections c WHERE NOT EXISTS
		(SELECT 1 FROM sqlite_master m WHERE m.type = 'index' AND m.name = c.table_name || '__id_path')`)
	if err != nil {
		return err
	}
	var missing []string
	for rows.Next() {
		var table string
		if err = rows.Scan(&table); err != nil {
			_ = rows.Close()
			return err
		}
		missing = append(missing, table)
	}
	if err = rows.Close(); err != nil {
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
