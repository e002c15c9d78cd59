package io.promptstream.topology.cli;

import picocli.CommandLine.IVersionProvider;

/** Reports the version recorded in the launcher jar's manifest. */
final class VersionProvider implements IVersionProvider {

  @Override
  public String[] getVersion() {
    String version = PromptstreamCli.class.getPackage().getImplementationVersion();
    return new String[] {"promptstream " + (version == null ? "(development build)" : version)};
  }
}
