/**
 * A decoder for AWS's binary {@code application/vnd.amazon.eventstream} framing, which Bedrock's
 * {@code ConverseStream} answers in: prelude, typed headers, payload, and both CRC32 checks.
 * Spec: https://smithy.io/2.0/aws/amazon-eventstream.html
 */
package io.jetway.gateway.provider.bedrock.eventstream;
