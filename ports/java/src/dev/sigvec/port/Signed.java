package dev.sigvec.port;

import java.util.Map;

/**
 * What each scheme's {@code sign} returns: the intermediates in step order (strings, or lists of
 * strings where a step has one value per chunk) and the output
 * (string values, plus a {@code headers} map where the scheme sends headers).
 */
public record Signed(Map<String, ?> intermediates, Map<String, Object> output) {}
