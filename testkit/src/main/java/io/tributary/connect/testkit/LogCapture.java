package io.tributary.connect.testkit;

import org.apache.log4j.Appender;
import org.apache.log4j.AppenderSkeleton;
import org.apache.log4j.Level;
import org.apache.log4j.Logger;
import org.apache.log4j.spi.LoggingEvent;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything logged at INFO and above in this JVM while it is open, as an operator's log file would
 * hold it (messages and the text of logged exceptions): the embedded workers run in the test's JVM,
 * so what a connector or the worker logs lands here. The console keeps showing warnings only.
 */
public final class LogCapture implements AutoCloseable {
    private final List<String> lines = new ArrayList<>();
    private final AppenderSkeleton appender = new AppenderSkeleton() {
        @Override
        protected void append(LoggingEvent event) {
            StringBuilder line = new StringBuilder(event.getLoggerName()).append(' ').append(event.getRenderedMessage());
            String[] thrown = event.getThrowableStrRep();
            if (thrown != null) {
                for (String s : thrown) {
                    line.append('\n').append(s);
                }
            }
            synchronized (lines) {
                lines.add(line.toString());
            }
        }

        @Override
        public void close() {
        }

        @Override
        public boolean requiresLayout() {
            return false;
        }
    };

    private final Level rootLevel;
    private final Map<AppenderSkeleton, org.apache.log4j.Priority> thresholds = new HashMap<>();

    private LogCapture() {
        Logger root = Logger.getRootLogger();
        rootLevel = root.getLevel();
        for (Object a : Collections.list(root.getAllAppenders())) {
            if (a instanceof AppenderSkeleton) {
                AppenderSkeleton console = (AppenderSkeleton) a;
                thresholds.put(console, console.getThreshold());
                console.setThreshold(Level.WARN);
            }
        }
        root.setLevel(Level.INFO);
        root.addAppender(appender);
    }

    /** Starts capturing; close it to stop. */
    public static LogCapture start() {
        return new LogCapture();
    }

    /** The lines captured so far. */
    public List<String> lines() {
        synchronized (lines) {
            return new ArrayList<>(lines);
        }
    }

    /** The captured lines that contain {@code text}. */
    public List<String> linesContaining(String text) {
        return lines().stream().filter(l -> l.contains(text)).toList();
    }

    @Override
    public void close() {
        Logger root = Logger.getRootLogger();
        root.removeAppender((Appender) appender);
        root.setLevel(rootLevel);
        thresholds.forEach(AppenderSkeleton::setThreshold);
    }
}
