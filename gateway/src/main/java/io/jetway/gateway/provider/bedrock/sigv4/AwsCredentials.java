package io.jetway.gateway.provider.bedrock.sigv4;

import java.util.Objects;

/**
 * An AWS access key pair, with the session token of temporary credentials (or null).
 * {@link #toString()} never shows the secret or the token.
 */
public record AwsCredentials(String accessKeyId, String secretAccessKey, String sessionToken) {

    public AwsCredentials {
        Objects.requireNonNull(accessKeyId, "accessKeyId");
        Objects.requireNonNull(secretAccessKey, "secretAccessKey");
    }

    @Override
    public String toString() {
        return "AwsCredentials[accessKeyId=" + accessKeyId + ", secretAccessKey=***"
                + (sessionToken == null ? "" : ", sessionToken=***") + "]";
    }
}
