import GRDB

/// The tracker's schema, as append-only named migrations with literal names (a shipped migration never changes).
enum Schema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("Create tracker") { db in
            try db.create(table: "issue") { t in
                t.primaryKey("id", .integer)
                t.column("title", .text).notNull()
                t.column("status", .text).notNull()
                t.column("severity", .text).notNull()
                t.column("subsystem", .text)
                t.column("kind", .text)
                t.column("confidence", .text)
                t.column("fixTime", .integer)
                t.column("fixVersion", .text)
                t.column("rootCauseConfirmed", .boolean).notNull().defaults(to: false)
                // The free-text fields, as JSON (IssueDetails).
                t.column("details", .text).notNull()
                // Fields set by hand (JSON array of IssueField), which scans leave alone.
                t.column("editedFields", .text).notNull().defaults(to: "[]")
                t.column("createdAt", .integer).notNull()
                t.column("updatedAt", .integer).notNull()
            }
            try db.create(table: "signature") { t in
                t.primaryKey("id", .text)
                t.belongsTo("issue", onDelete: .cascade).notNull()
                t.column("position", .integer).notNull()
                t.column("template", .text).notNull()
                t.column("level", .integer)
                t.column("count", .integer).notNull().defaults(to: 0)
                t.column("firstSeen", .integer)
                t.column("lastSeen", .integer)
                t.column("reason", .text)
                t.column("logger", .text)
                t.column("samples", .text).notNull().defaults(to: "[]")
                t.column("symptoms", .text).notNull().defaults(to: "[]")
            }
            try db.create(table: "occurrenceBucket") { t in
                t.autoIncrementedPrimaryKey("id")
                t.belongsTo("signature", onDelete: .cascade, onUpdate: .cascade).notNull()
                t.column("start", .integer).notNull()
                t.column("count", .integer).notNull()
                t.uniqueKey(["signatureId", "start"])
            }
            try db.create(table: "source") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("path", .text).notNull()
                t.column("fingerprint", .text).notNull()
                t.column("fingerprintLength", .integer).notNull()
                t.column("offset", .integer).notNull()
                t.column("lines", .integer).notNull()
                t.column("scannedAt", .integer).notNull()
            }
            try db.create(table: "minerState") { t in
                t.primaryKey("id", .integer).check { $0 == 1 }
                t.column("state", .blob).notNull()
            }
            try db.create(table: "updateLog") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("time", .integer).notNull()
                t.column("date", .text).notNull()
                t.column("text", .text).notNull()
            }
            try db.create(table: "document") { t in
                t.primaryKey("id", .integer).check { $0 == 1 }
                t.column("body", .text).notNull()
            }
        }
        // An issue merged away keeps its number: the update log and other issues' notes still name it.
        migrator.registerMigration("Issue numbers are never reused") { db in
            try db.create(table: "issueNumber") { t in
                t.primaryKey("id", .integer).check { $0 == 1 }
                t.column("highest", .integer).notNull()
            }
            try db.execute(sql: "INSERT INTO issueNumber (id, highest) SELECT 1, COALESCE(MAX(id), 0) FROM issue")
            try db.execute(
                sql: """
                    CREATE TRIGGER issueNumberOnInsert AFTER INSERT ON issue BEGIN
                        UPDATE issueNumber SET highest = MAX(highest, NEW.id) WHERE id = 1;
                    END
                    """)
        }
        // Severity counts exceptions; samples are only the first three records.
        migrator.registerMigration("Signature exception count") { db in
            try db.alter(table: "signature") { t in
                t.add(column: "exceptions", .integer).notNull().defaults(to: 0)
            }
        }
        // Analysis: where each signature comes from, which signatures follow which, and the source tree.
        migrator.registerMigration("Analysis facts and timelines") { db in
            try db.alter(table: "signature") { t in
                t.add(column: "facts", .text).notNull().defaults(to: #"{"exceptionTypes":[],"frames":[]}"#)
                t.add(column: "episodes", .integer).notNull().defaults(to: 0)
                t.add(column: "coveredMs", .integer).notNull().defaults(to: 0)
            }
            // `toId`'s episodes that began during one of `fromId`'s (CooccurrenceTracker).
            try db.create(table: "follow") { t in
                t.column("fromId", .text).notNull().references("signature", onDelete: .cascade, onUpdate: .cascade)
                t.column("toId", .text).notNull().references("signature", onDelete: .cascade, onUpdate: .cascade)
                t.column("count", .integer).notNull()
                t.column("totalLag", .integer).notNull()
                t.column("maxLag", .integer).notNull()
                t.column("sameRequest", .integer).notNull()
                t.primaryKey(["fromId", "toId"])
            }
            try db.create(table: "setting") { t in
                t.primaryKey("key", .text)
                t.column("value", .text).notNull()
            }
        }
        return migrator
    }
}
