package io.tributary.connect.jdbc.sink;

import java.sql.SQLException;

/** A write failed for a reason that may pass (connection lost, database restarting); the rows stay buffered. */
public final class TransientWriteException extends Exception {
    public TransientWriteException(String message, SQLException cause) {
        super(message, cause);
    }
}
