package io.jetway.gateway.limits;

import java.math.BigDecimal;

/**
 * One subject's limits; a null member is no limit.
 *
 * @param requestsPerMinute admitted requests per clock minute (UTC)
 * @param tokensPerMinute   tokens (input and output) per clock minute: reserved at admission, settled from the usage
 * @param dailyBudgetUsd    cost per UTC day, in US dollars
 * @param monthlyBudgetUsd  cost per UTC calendar month, in US dollars
 */
public record Limits(
        Long requestsPerMinute, Long tokensPerMinute, BigDecimal dailyBudgetUsd, BigDecimal monthlyBudgetUsd) {

    public static final Limits NONE = new Limits(null, null, null, null);

    public Limits {
        if (requestsPerMinute != null && requestsPerMinute < 0
                || tokensPerMinute != null && tokensPerMinute < 0
                || dailyBudgetUsd != null && dailyBudgetUsd.signum() < 0
                || monthlyBudgetUsd != null && monthlyBudgetUsd.signum() < 0) {
            throw new IllegalArgumentException("limits are never negative");
        }
    }

    public boolean none() {
        return requestsPerMinute == null
                && tokensPerMinute == null
                && dailyBudgetUsd == null
                && monthlyBudgetUsd == null;
    }
}
