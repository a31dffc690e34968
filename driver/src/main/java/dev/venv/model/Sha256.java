package dev.venv.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 over a sequence of fields, each length-prefixed so that field boundaries count. */
final class Sha256 {
  private final MessageDigest digest;

  Sha256() {
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JRE", e);
    }
  }

  Sha256 field(String value) {
    if (value == null) {
      digest.update((byte) 0);
      return this;
    }
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    digest.update((byte) 1);
    int n = bytes.length;
    digest.update(new byte[] {(byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n});
    digest.update(bytes);
    return this;
  }

  Sha256 bytes(byte[] value) {
    digest.update(value);
    return this;
  }

  String hex() {
    return HexFormat.of().formatHex(digest.digest());
  }
}
