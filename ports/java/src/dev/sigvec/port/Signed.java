package dev.sigvec.port;

import java.util.Map;

/**
 * What each scheme's {@code sign} returns: the intermediates in step order and the output
 * (string values, plus a {@code headers} map where the scheme sends headers).
 */
public record Signed(Map<String, String> intermediates, Map<String, Object> output) {}
