package io.promptstream.runtime.adapter;

/** Loads a head that is not in the {@link HeadCache}, e.g. from the adapter store. */
@FunctionalInterface
public interface HeadLoader {

  /**
   * Loads a head onto the device the model runs on.
   *
   * @param id the head to load
   * @return the loaded head, whose {@link AdapterHead#id()} must equal {@code id}; the cache takes
   *     over its owner reference
   * @throws Exception when the head cannot be loaded; the cache reports it to every waiting caller
   */
  AdapterHead load(HeadId id) throws Exception;
}
