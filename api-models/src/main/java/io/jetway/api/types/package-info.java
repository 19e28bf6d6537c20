/**
 * Hand-written Java types for the spec's string-or-array and string-or-object unions
 * ({@code content}, {@code stop}, {@code tool_choice}, {@code function_call}), which the generator
 * cannot express. The spec maps those schemas here with {@code schemaMappings}; each type reads
 * and writes exactly the JSON shape the caller used, so a request forwarded after parsing keeps
 * its form (a string stays a string, an array an array).
 */
package io.jetway.api.types;
