package dev.venv.model;

import java.util.HashMap;
import java.util.Map;

/**
 * Computes each model's fingerprints from its own digests and its parents' data fingerprints
 * (SPEC §4), walking the graph parents first, so an upstream change reaches every descendant and
 * nothing else. The per-file digests come from the file cache, so this is a few hashes per model.
 */
final class Fingerprinter {
  private Fingerprinter() {}

  static Map<String, ModelFingerprint> fingerprint(ModelGraph graph, Map<String, String> definitionDigests,
      Map<String, String> metadataDigests) {
    Map<String, ModelFingerprint> result = new HashMap<>();
    for (String name : graph.dependencyOrder()) {
      String definition = definitionDigests.get(name);
      Sha256 data = new Sha256().field(definition);
      for (String parent : graph.parents(name)) { // sorted by name
        data.field(parent).field(result.get(parent).data());
      }
      String dataHex = data.hex();
      String metadata = metadataDigests.get(name);
      String fingerprint = new Sha256().field(dataHex).field(metadata).hex();
      result.put(name, new ModelFingerprint(definition, dataHex, metadata, fingerprint, dataHex.substring(0, 16)));
    }
    return result;
  }
}
