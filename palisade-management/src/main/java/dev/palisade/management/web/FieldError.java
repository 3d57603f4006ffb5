package dev.palisade.management.web;

/** A validation error of the configuration model shown beside the form: JSON path and reason. */
public record FieldError(String path, String reason) {
}
