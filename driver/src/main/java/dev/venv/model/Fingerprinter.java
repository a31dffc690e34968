package dev.venv.model;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Computes each model's fingerprints from its own definition digest and its parents' data
 * fingerprints (SPEC §4), walking the graph parents first, so an upstream change reaches every
 * descendant and nothing else.
 */
final class Fingerprinter {
  private Fingerprinter() {}

  static Map<String, ModelFingerprint> fingerprint(Map<String, ModelDefinition> models, ModelGraph graph,
      Map<String, String> definitionDigests) {
    Map<String, ModelFingerprint> result = new HashMap<>();
    for (String name : graph.dependencyOrder()) {
      ModelDefinition model = models.get(name);
      String definition = definitionDigests.get(name);
      Sha256 data = new Sha256().field(definition);
      for (String parent : graph.parents(name)) { // sorted by name
        data.field(parent).field(result.get(parent).data());
      }
      String dataHex = data.hex();
      Sha256 metadata = new Sha256();
      new TreeMap<>(model.metadata()).forEach((k, v) -> metadata.field(k).field(v));
      String metadataHex = metadata.hex();
      String fingerprint = new Sha256().field(dataHex).field(metadataHex).hex();
      result.put(name, new ModelFingerprint(definition, dataHex, metadataHex, fingerprint, dataHex.substring(0, 16)));
    }
    return result;
  }
}
