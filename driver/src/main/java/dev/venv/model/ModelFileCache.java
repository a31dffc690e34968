package dev.venv.model;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.venv.sql.SqlDialect;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * Parsed model files and seed digests, kept while a file's mtime and size stay the same, so that
 * reloading a repository re-reads only what changed (a warm load is a directory walk). Each runtime
 * keeps one ({@link ModelRepository#load(Path, SqlDialect, ModelFileCache)}).
 */
public final class ModelFileCache {
  private static final long MAXIMUM_FILES = 200_000;

  /**
   * A parsed file; its digest of everything in its data definition but the seed's bytes; its
   * metadata fingerprint.
   */
  record ParsedFile(long modified, long size, ModelFileParser.Parsed parsed, String ownDigest,
      String metadataDigest) {}

  /** The references a query makes, valid for one set of model names. */
  record References(long modified, long size, long namesKey, Set<String> models) {}

  private record Key(Path file, String relativePath, SqlDialect dialect) {}

  private record SeedDigest(long modified, long size, String sha256) {}

  private final Cache<Key, ParsedFile> files;
  private final Cache<Key, References> references;
  private final Cache<Path, SeedDigest> seeds;

  public ModelFileCache() {
    this(MAXIMUM_FILES);
  }

  ModelFileCache(long maximumFiles) {
    // Upkeep on the calling thread: the common pool's threads would outlive a closed runtime.
    files = Caffeine.newBuilder().maximumSize(maximumFiles).executor(Runnable::run).build();
    references = Caffeine.newBuilder().maximumSize(maximumFiles).executor(Runnable::run).build();
    seeds = Caffeine.newBuilder().maximumSize(maximumFiles).executor(Runnable::run).build();
  }

  ParsedFile parse(Path file, String relativePath, BasicFileAttributes attributes, SqlDialect dialect) {
    Key key = new Key(file, relativePath, dialect);
    long modified = attributes.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS);
    long size = attributes.size();
    ParsedFile cached = files.getIfPresent(key);
    if (cached != null && cached.modified() == modified && cached.size() == size) {
      return cached;
    }
    ParsedFile parsed = read(file, relativePath, modified, size, dialect);
    files.put(key, parsed);
    return parsed;
  }

  private static ParsedFile read(Path file, String relativePath, long modified, long size, SqlDialect dialect) {
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file)))
          .toString();
    } catch (CharacterCodingException e) {
      return failed(relativePath, modified, size, "not valid UTF-8");
    } catch (IOException e) {
      return failed(relativePath, modified, size, "cannot be read: " + e.getMessage());
    }
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1); // editors on Windows start UTF-8 files with a byte-order mark
    }
    ModelFileParser.Parsed parsed = ModelFileParser.parse(file, relativePath, text, dialect);
    if (parsed.model() == null) {
      return new ParsedFile(modified, size, parsed, null, null);
    }
    ModelDefinition m = parsed.model();
    String ownDigest = new Sha256().field(m.kind().name()).field(m.seedPath()).field(parsed.canonicalQuery())
        .field(m.columns()).hex();
    Sha256 metadata = new Sha256();
    parsed.canonicalMetadata().forEach((k, v) -> metadata.field(k).field(v)); // sorted by property
    return new ParsedFile(modified, size, parsed, ownDigest, metadata.hex());
  }

  private static ParsedFile failed(String relativePath, long modified, long size, String message) {
    return new ParsedFile(modified, size, new ModelFileParser.Parsed(
        null, null, java.util.Map.of(), List.of(new ModelProblem(relativePath, 0, message)), List.of()), null, null);
  }

  /** The cached references of a file's query under this set of model names, or {@code null}. */
  Set<String> references(Path file, String relativePath, SqlDialect dialect, ParsedFile parsed, long namesKey) {
    References cached = references.getIfPresent(new Key(file, relativePath, dialect));
    if (cached != null && cached.namesKey() == namesKey && cached.modified() == parsed.modified()
        && cached.size() == parsed.size()) {
      return cached.models();
    }
    return null;
  }

  void putReferences(Path file, String relativePath, SqlDialect dialect, ParsedFile parsed, long namesKey,
      Set<String> models) {
    references.put(new Key(file, relativePath, dialect),
        new References(parsed.modified(), parsed.size(), namesKey, Set.copyOf(models)));
  }

  /** SHA-256 of a seed CSV's bytes, or {@code null} when it is not a readable file. */
  String seedDigest(Path csv) {
    BasicFileAttributes attributes;
    try {
      attributes = Files.readAttributes(csv, BasicFileAttributes.class);
    } catch (IOException e) {
      return null;
    }
    if (!attributes.isRegularFile()) {
      return null;
    }
    long modified = attributes.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS);
    SeedDigest cached = seeds.getIfPresent(csv);
    if (cached != null && cached.modified() == modified && cached.size() == attributes.size()) {
      return cached.sha256();
    }
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      try (var in = Files.newInputStream(csv)) {
        byte[] buffer = new byte[64 * 1024];
        for (int n; (n = in.read(buffer)) > 0; ) {
          sha.update(buffer, 0, n);
        }
      }
      String hex = HexFormat.of().formatHex(sha.digest());
      seeds.put(csv, new SeedDigest(modified, attributes.size(), hex));
      return hex;
    } catch (IOException e) {
      return null;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JRE", e);
    }
  }
}
