/**
 * AWS Signature Version 4, written from AWS's specification (no AWS SDK): the canonical request,
 * the string to sign, the derived signing key and the {@code Authorization} header. Verified
 * against AWS's SigV4 test suite and against botocore for Bedrock-shaped requests.
 * Spec: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html
 */
package io.jetway.gateway.provider.bedrock.sigv4;
