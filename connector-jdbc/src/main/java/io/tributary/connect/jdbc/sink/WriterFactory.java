package io.tributary.connect.jdbc.sink;

import io.tributary.connect.jdbc.JdbcSinkConfig;
import io.tributary.connect.jdbc.JdbcSinkConfig.InsertMode;
import io.tributary.connect.jdbc.JdbcSinkConfig.PkMode;
import io.tributary.connect.jdbc.JdbcSinkConfig.WriteMethod;
import io.tributary.connect.jdbc.dialect.Dialect;

/** Picks the fastest writer the dialect and {@code write.method} allow. */
public final class WriterFactory {
    private WriterFactory() {
    }

    public static RowWriter create(JdbcSinkConfig config, Dialect dialect, JdbcSinkMetrics metrics) {
        InsertMode mode = config.insertMode();
        // Insert mode keyed by Kafka coordinates skips re-delivered rows instead of failing on them.
        boolean ignoreDuplicates = mode == InsertMode.INSERT && config.pkMode() == PkMode.KAFKA;
        WriteMethod method = config.writeMethod();
        if (method == WriteMethod.AUTO) {
            if (dialect.supportsCopy()) {
                method = WriteMethod.COPY;
            } else if (dialect.supportsUpsert()) {
                method = WriteMethod.MULTI_ROW;
            } else {
                method = WriteMethod.BATCH;
            }
        }
        switch (method) {
            case COPY:
                return new PostgresCopyWriter(dialect, mode, ignoreDuplicates, config.timeZone(), metrics);
            case MULTI_ROW:
                return new MultiRowWriter(dialect, mode, ignoreDuplicates, config.timeZone(), metrics);
            default:
                return new StatementBatchWriter(dialect, mode, ignoreDuplicates, config.timeZone(), metrics);
        }
    }
}
