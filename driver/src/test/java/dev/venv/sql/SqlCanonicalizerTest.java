package dev.venv.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SqlCanonicalizerTest {

  private static final String QUERY = "SELECT c.customer_id, SUM(o.amount) AS revenue\n"
      + "FROM staging.orders AS o JOIN raw.customers AS c USING (customer_id)\n"
      + "WHERE o.status = 'Paid' AND o.amount >= 10.5\n"
      + "GROUP BY 1";

  @ParameterizedTest
  @EnumSource(SqlDialect.class)
  void canonicalFormIsTheTokensJoinedBySpaces(SqlDialect dialect) {
    assertEquals("select c . customer_id , sum ( o . amount ) as revenue from staging . orders as o "
            + "join raw . customers as c using ( customer_id ) where o . status = 'Paid' and "
            + "o . amount >= 10.5 group by 1",
        SqlCanonicalizer.canonical(QUERY, dialect));
  }

  @ParameterizedTest
  @EnumSource(SqlDialect.class)
  void reformattingCommentsAndCaseDoNotCount(SqlDialect dialect) {
    String variant = "-- revenue per customer\n"
        + "select C.Customer_Id,sum(O.AMOUNT) as REVENUE /* the /* nested */ total */\n"
        + "  from STAGING.Orders as o\n"
        + "  join Raw . Customers as C using(Customer_ID)\r\n"
        + "\twhere o.status='Paid' and o.amount>=10.5 group   by 1 ; ;\n-- trailing";
    assertEquals(SqlCanonicalizer.canonical(QUERY, dialect), SqlCanonicalizer.canonical(variant, dialect));
  }

  @ParameterizedTest
  @EnumSource(SqlDialect.class)
  void literalsAndQuotedIdentifiersCount(SqlDialect dialect) {
    String canonical = SqlCanonicalizer.canonical(QUERY, dialect);
    assertNotEquals(canonical, SqlCanonicalizer.canonical(QUERY.replace("'Paid'", "'paid'"), dialect));
    assertNotEquals(canonical, SqlCanonicalizer.canonical(QUERY.replace("'Paid'", "'Paid '"), dialect));
    assertNotEquals(canonical, SqlCanonicalizer.canonical(QUERY.replace("10.5", "10.50"), dialect));
    assertNotEquals(SqlCanonicalizer.canonical("SELECT \"Amount\" FROM t", dialect),
        SqlCanonicalizer.canonical("SELECT \"amount\" FROM t", dialect));
    assertNotEquals(SqlCanonicalizer.canonical("SELECT $$a b$$", dialect),
        SqlCanonicalizer.canonical("SELECT $$a  b$$", dialect));
  }

  @ParameterizedTest
  @EnumSource(SqlDialect.class)
  void onlyTrailingSemicolonsAreDropped(SqlDialect dialect) {
    assertEquals("select 1", SqlCanonicalizer.canonical("SELECT 1;", dialect));
    assertEquals("select 1", SqlCanonicalizer.canonical("SELECT 1 ; ; -- done\n", dialect));
    assertEquals("select 1 ; select 2", SqlCanonicalizer.canonical("SELECT 1; SELECT 2;", dialect));
    assertEquals("", SqlCanonicalizer.canonical(" -- nothing\n;", dialect));
  }

  @ParameterizedTest
  @EnumSource(SqlDialect.class)
  void wordsLowerCaseWithTheRootLocale(SqlDialect dialect) {
    // Locale.ROOT, not the JVM's default locale: in a Turkish locale "ID" would become "ıd".
    assertEquals("select grösse , id , i\u0307d", SqlCanonicalizer.canonical("SELECT GRÖSSE, ID, İD", dialect));
  }

  @ParameterizedTest
  @EnumSource(SqlDialect.class)
  void tokensAreKeptWhole(SqlDialect dialect) {
    assertEquals("select x :: int , e'a\\'b' , ? , $1 , a ->> 'k'",
        SqlCanonicalizer.canonical("SELECT x::INT, e'a\\'b', ?, $1, a->>'k'", dialect));
    assertEquals("select E'a'", SqlCanonicalizer.canonical("SELECT E'a'", dialect));
  }
}
