package dev.venv.testing;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

/**
 * Another copy of venv's classes in this JVM, as two web applications each with the thin jar in
 * their own {@code WEB-INF/lib} have, over the one DuckDB (or PostgreSQL) driver their container
 * shares: venv's classes, and so its static fields, are the copy's own; every other class is the
 * one this JVM already loaded.
 */
public final class SecondCopyOfVenv extends URLClassLoader {
  private static final String VENV = "dev.venv.";

  public SecondCopyOfVenv() {
    super(venvClasses(), SecondCopyOfVenv.class.getClassLoader());
  }

  /** Runs the copy's command line, as {@code venv args…} would; its exit code. */
  public int cli(String... args) throws ReflectiveOperationException {
    try {
      return (int) loadClass("dev.venv.cli.VenvCli").getMethod("run", String[].class).invoke(null, (Object) args);
    } catch (InvocationTargetException e) {
      throw new AssertionError("the second copy's CLI threw", e.getCause());
    }
  }

  /**
   * Takes the copy's lock {@code key} of {@code database} ({@code StateLock.inProcess}) and lets it
   * go: null, or why it could not be had in {@code timeout}.
   */
  public SQLException takeLock(String database, String key, Duration timeout) {
    try {
      Class<?> sqlWork = loadClass("dev.venv.state.SqlWork");
      Object lock = loadClass("dev.venv.state.StateLock").getMethod("inProcess", String.class).invoke(null, database);
      Object nothing = Proxy.newProxyInstance(this, new Class<?>[] {sqlWork}, (proxy, method, args) -> null);
      loadClass("dev.venv.state.StateLock")
          .getMethod("withLock", Connection.class, String.class, Duration.class, sqlWork)
          .invoke(lock, null, key, timeout, nothing);
      return null;
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof SQLException refused) {
        return refused;
      }
      throw new AssertionError("the second copy's lock threw", e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new AssertionError("the second copy has no StateLock.inProcess(String)", e);
    }
  }

  @Override
  protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
    if (!name.startsWith(VENV)) {
      return super.loadClass(name, resolve);
    }
    synchronized (getClassLoadingLock(name)) {
      Class<?> loaded = findLoadedClass(name);
      if (loaded == null) {
        loaded = findClass(name); // never the parent's: this copy's own
      }
      if (resolve) {
        resolveClass(loaded);
      }
      return loaded;
    }
  }

  /** Where this JVM found venv's driver and state classes (target/classes or the jars). */
  private static URL[] venvClasses() {
    try {
      return new URL[] {
          Class.forName("dev.venv.cli.VenvCli").getProtectionDomain().getCodeSource().getLocation().toURI().toURL(),
          Class.forName("dev.venv.state.StateStore").getProtectionDomain().getCodeSource().getLocation().toURI().toURL()};
    } catch (ReflectiveOperationException | URISyntaxException | java.net.MalformedURLException e) {
      throw new IllegalStateException("venv's classes not found on the class path", e);
    }
  }
}
