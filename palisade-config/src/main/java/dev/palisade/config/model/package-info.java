/**
 * The typed, immutable model of the gateway configuration document: what the data plane and the
 * management plane read. Records here hold validated values only; parsing, defaults and
 * validation live in {@code dev.palisade.config}.
 */
package dev.palisade.config.model;
