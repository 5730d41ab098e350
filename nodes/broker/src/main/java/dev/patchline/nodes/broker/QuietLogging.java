package dev.patchline.nodes.broker;

import java.lang.reflect.Method;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

/**
 * Keeps HiveMQ's start-up chatter (banner, listener and extension lines at INFO) out of the user's
 * console. Patchline logs through SLF4J and does not know the binding at compile time, so the levels
 * are set reflectively when the binding is Logback, and only for loggers the user's own configuration
 * left unset: an explicit {@code <logger name="com.hivemq" level="DEBUG"/>} still wins.
 */
final class QuietLogging {

    /** Logger names and the level they get unless configured. */
    private static final String[][] LEVELS = {
        {"com.hivemq", "WARN"},
        {"jetbrains.exodus", "WARN"},
        {"migrations", "WARN"},
        {"oshi", "ERROR"},
        {"org.jctools", "WARN"},
    };

    private static volatile boolean applied;

    private QuietLogging() {}

    /** Applies the quiet defaults once per process; harmless with any other binding. */
    static void apply() {
        if (applied) {
            return;
        }
        applied = true;
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        if (!factory.getClass().getName().equals("ch.qos.logback.classic.LoggerContext")) {
            return; // slf4j-simple reads its levels from system properties; nop needs nothing
        }
        try {
            Class<?> levelType = Class.forName(
                    "ch.qos.logback.classic.Level", true, factory.getClass().getClassLoader());
            Method toLevel = levelType.getMethod("toLevel", String.class);
            Method getLogger = factory.getClass().getMethod("getLogger", String.class);
            for (String[] entry : LEVELS) {
                Object logger = getLogger.invoke(factory, entry[0]);
                Method getLevel = logger.getClass().getMethod("getLevel");
                if (getLevel.invoke(logger) == null) {
                    logger.getClass().getMethod("setLevel", levelType).invoke(logger, toLevel.invoke(null, entry[1]));
                }
            }
        } catch (ReflectiveOperationException | LinkageError e) {
            // A Logback we do not know: leave logging as configured rather than fail the broker.
            LoggerFactory.getLogger(QuietLogging.class).debug("could not lower HiveMQ log levels", e);
        }
    }
}
