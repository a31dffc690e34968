package dev.venv.forwarding;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Asks for the forwarding base of a hand-written {@code java.sql} wrapper, so that the wrapper
 * holds only behaviour. On {@code VenvResultSet extends ForwardingResultSet}, annotated
 * {@code @Forwarding(ResultSet.class)}, the build writes {@code ForwardingResultSet} into the
 * wrapper's package: an abstract class implementing the interface, whose every method calls the
 * same method of its field {@code delegate} and passes an {@link java.sql.SQLException} through
 * the package's {@code SqlStates.ensure}. Plain calls, no reflection at run time.
 *
 * <p>Two kinds of methods are left abstract, so that the compiler makes the wrapper write them:
 * the ones returning a JDBC object ({@code Connection}, {@code Statement} and its subtypes,
 * {@code ResultSet}, {@code DatabaseMetaData}, {@code ResultSetMetaData}), which must hand out
 * venv's wrapper and never the backend's object, and the ones named in {@link #wrapped()} (those
 * that take SQL, say). {@code unwrap} and {@code isWrapperFor} call the package's {@code Wrappers}.
 */
@Retention(RetentionPolicy.SOURCE)
@Target(ElementType.TYPE)
public @interface Forwarding {
  /** The {@code java.sql} interface to forward. */
  Class<?> value();

  /**
   * The class the base extends instead of {@code Object}: a wrapper of the interface's parent
   * ({@code VenvStatement} for {@code PreparedStatement}). The base then forwards only the methods
   * the interface adds, through the parent's {@code delegate} cast to the interface, and has the
   * parent's constructors.
   */
  Class<?> extending() default Object.class;

  /** Names of methods the base leaves abstract: the wrapper must implement them itself. */
  String[] wrapped() default {};
}
