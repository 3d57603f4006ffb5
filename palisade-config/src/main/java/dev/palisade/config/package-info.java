/**
 * The configuration document: reading it strictly, completing it with the values of a freshly
 * installed gateway, validating every documented constraint with JSON paths, binding it to the
 * typed model of {@code dev.palisade.config.model}, and writing it back without losing keys this
 * code does not know. {@link dev.palisade.config.ConfigDocument} is the entry point; the binders
 * behind it are package-private, one per section of the document. The reference of every key,
 * default and constraint is {@code docs/configuration.md}.
 */
package dev.palisade.config;
