'use strict';
/** Reading fields of a vector-shaped input object, with the schema's defaults and clear errors. */

const { InputError } = require('./encoding');

/**
 * @param {Record<string, unknown>} input
 * @param {string} name
 * @param {string} [fallback] used when the field is absent; without it the field is required
 * @returns {string}
 */
function str(input, name, fallback) {
  const value = input[name];
  if (value === undefined) {
    if (fallback === undefined) throw new InputError(name, 'required field is missing');
    return fallback;
  }
  if (typeof value !== 'string') throw new InputError(name, `expected a string, got ${JSON.stringify(value)}`);
  return value;
}

/**
 * @param {Record<string, unknown>} input
 * @param {string} name
 * @param {boolean} fallback
 * @returns {boolean}
 */
function bool(input, name, fallback) {
  const value = input[name];
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw new InputError(name, `expected true or false, got ${JSON.stringify(value)}`);
  return value;
}

/**
 * @param {Record<string, unknown>} input
 * @param {string} name
 * @param {number} [fallback] used when the field is absent; without it the field is required
 * @returns {number}
 */
function int(input, name, fallback) {
  const value = input[name];
  if (value === undefined) {
    if (fallback === undefined) throw new InputError(name, 'required field is missing');
    return fallback;
  }
  if (!Number.isSafeInteger(value)) throw new InputError(name, `expected an integer, got ${JSON.stringify(value)}`);
  return /** @type {number} */ (value);
}

/**
 * A list of [name, value] string pairs (headers, trailers), in the order given.
 * @param {Record<string, unknown>} input
 * @param {string} name
 * @returns {Array<[string, string]>}
 */
function pairs(input, name) {
  const value = input[name];
  if (value === undefined) throw new InputError(name, 'required field is missing');
  if (!Array.isArray(value)) throw new InputError(name, 'expected a list of [name, value] pairs');
  return value.map((pair, i) => {
    if (!Array.isArray(pair) || pair.length !== 2 || typeof pair[0] !== 'string' || typeof pair[1] !== 'string') {
      throw new InputError(`${name}.${i}`, 'expected a [name, value] pair of strings');
    }
    return [pair[0], pair[1]];
  });
}

/**
 * @param {unknown} input
 * @returns {Record<string, unknown>}
 */
function object(input) {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    throw new InputError('', 'expected a JSON object');
  }
  return /** @type {Record<string, unknown>} */ (input);
}

module.exports = { str, bool, int, object, pairs };
