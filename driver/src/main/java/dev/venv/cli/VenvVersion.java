package dev.venv.cli;

import picocli.CommandLine;

/** The version from the jar's manifest, so {@code --version} never disagrees with the build. */
final class VenvVersion implements CommandLine.IVersionProvider {
  @Override
  public String[] getVersion() {
    String version = VenvVersion.class.getPackage().getImplementationVersion();
    return new String[] {"venv-jdbc " + (version == null ? "(development build)" : version)};
  }
}
