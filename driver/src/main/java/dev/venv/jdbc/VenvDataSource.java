package dev.venv.jdbc;

import dev.venv.engine.Engine;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A {@link DataSource} over the venv driver, configured by bean properties — usable as HikariCP's
 * {@code dataSourceClassName} ({@code dataSource.url}, {@code dataSource.models}, ...) and as a
 * Spring {@code DataSource} bean.
 *
 * <p>Each data source keeps its own pools, open databases and caches; {@link #close()} releases
 * them (Spring calls it as the bean's destroy method; a redeployed web app leaves no thread behind).
 */
public class VenvDataSource implements DataSource, AutoCloseable {
  private final VenvDriver driver = new VenvDriver();
  private final Properties properties = new Properties();
  private String url;
  private int loginTimeout;
  private PrintWriter logWriter;

  /** The venv URL, e.g. {@code jdbc:venv:dev:duckdb:/data/w.db}. */
  public String getUrl() {
    return url;
  }

  public void setUrl(String url) {
    this.url = url;
  }

  /** Also accepted under the name some tools use. */
  public void setJdbcUrl(String url) {
    this.url = url;
  }

  public void setUser(String user) {
    set("user", user);
  }

  public void setPassword(String password) {
    set("password", password);
  }

  /** Option {@code env}: the environment when the URL does not name one. */
  public void setEnv(String env) {
    set(VenvOption.ENV.key(), env);
  }

  /** Option {@code models}: the model repository, to create a missing environment on connect. */
  public void setModels(String models) {
    set(VenvOption.MODELS.key(), models);
  }

  /** Option {@code from}: the source environment of a new one. */
  public void setFrom(String from) {
    set(VenvOption.FROM.key(), from);
  }

  /** Option {@code create}: {@code lazy} or {@code never}. */
  public void setCreate(String create) {
    set(VenvOption.CREATE.key(), create);
  }

  /** Option {@code ttl}: e.g. {@code 7d} or {@code never}. */
  public void setTtl(String ttl) {
    set(VenvOption.TTL.key(), ttl);
  }

  /**
   * Option {@code refresh}: {@code auto} moves an existing environment to the repository's current
   * models on connect when they changed; {@code never} (the default) uses it as it is.
   */
  public void setRefresh(String refresh) {
    set(VenvOption.REFRESH.key(), refresh);
  }

  /**
   * Option {@code progress}: {@code log} (the default) reports a creation's build progress through
   * java.util.logging, {@code stderr} prints it on standard error.
   */
  public void setProgress(String progress) {
    set(VenvOption.PROGRESS.key(), progress);
  }

  /**
   * Option {@code owner_user}: the PostgreSQL role that owns venv's objects and does venv's work;
   * {@code user} stays the client's role.
   */
  public void setOwnerUser(String ownerUser) {
    set(VenvOption.OWNER_USER.key(), ownerUser);
  }

  /** Option {@code owner_password}: the password of {@code ownerUser}. */
  public void setOwnerPassword(String ownerPassword) {
    set(VenvOption.OWNER_PASSWORD.key(), ownerPassword);
  }

  /**
   * Option {@code state}: the PostgreSQL database venv keeps its state and locks in,
   * {@code postgresql://host[:port]/database}; by default the backend itself (Trino needs one).
   */
  public void setState(String state) {
    set(VenvOption.STATE.key(), state);
  }

  /** Option {@code state_user}: the user of the state database. */
  public void setStateUser(String stateUser) {
    set(VenvOption.STATE_USER.key(), stateUser);
  }

  /** Option {@code state_password}: the password of {@code stateUser}. */
  public void setStatePassword(String statePassword) {
    set(VenvOption.STATE_PASSWORD.key(), statePassword);
  }

  /** Any other property, passed to the backend driver. */
  public void setProperty(String key, String value) {
    set(key, value);
  }

  private void set(String key, String value) {
    if (value == null) {
      properties.remove(key);
    } else {
      properties.setProperty(key, value);
    }
  }

  @Override
  public Connection getConnection() throws SQLException {
    requireVenvUrl();
    return driver.connect(url, connectionProperties());
  }

  /** A data source never answers null, as a driver does for another driver's URL. */
  private void requireVenvUrl() throws SQLException {
    if (url == null) {
      throw new SQLException("VenvDataSource has no url: set it, e.g. jdbc:venv:dev:duckdb:/data/w.db", "08001");
    }
    if (!driver.acceptsURL(url)) {
      throw new SQLException("VenvDataSource's url must start with jdbc:venv:, e.g. jdbc:venv:dev:duckdb:/data/w.db;"
          + " it is " + dev.venv.engine.Urls.redact(url), "08001");
    }
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    requireVenvUrl();
    Properties copy = connectionProperties();
    String named = username == null ? null : Engine.userNamedIn(VenvUrl.parse(url, copy).backendUrl());
    if (named != null && !named.equals(username)) {
      // The backend would take the URL's user and quietly connect as it, not as the one asked for.
      throw new SQLException("VenvDataSource's url names user " + named + ", which the backend would use instead of "
          + username + "; take user and password out of the url to choose them per getConnection", "28000");
    }
    if (username != null) {
      copy.setProperty("user", username);
    }
    if (password != null) {
      copy.setProperty("password", password);
    }
    return driver.connect(url, copy);
  }

  /** What a connect hands the driver: the properties set so far (a copy: a later set must not change it). */
  Properties connectionProperties() {
    Properties copy = new Properties();
    copy.putAll(properties);
    return copy;
  }

  /**
   * Closes the connections of this data source still open, then its pools, databases and caches.
   * Until then nothing needs closing: the backends are opened on the first connect.
   */
  @Override
  public void close() throws SQLException {
    driver.close();
  }

  @Override
  public PrintWriter getLogWriter() {
    return logWriter;
  }

  @Override
  public void setLogWriter(PrintWriter out) {
    this.logWriter = out;
  }

  @Override
  public void setLoginTimeout(int seconds) {
    this.loginTimeout = seconds;
  }

  @Override
  public int getLoginTimeout() {
    return loginTimeout;
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    return driver.getParentLogger();
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    if (iface.isInstance(this)) {
      return iface.cast(this);
    }
    throw new SQLException("VenvDataSource does not wrap " + iface.getName(), "HY000");
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) {
    return iface.isInstance(this);
  }
}
