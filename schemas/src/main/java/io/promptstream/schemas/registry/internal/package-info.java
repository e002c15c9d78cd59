/** Implementation details of the registry client and embedded registry; not API. */
package io.promptstream.schemas.registry.internal;
