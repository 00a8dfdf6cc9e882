package io.redline.alerts.brief;

/**
 * One brief as it is delivered for one subscription: the id receivers see ({@code webhook-id}, the e-mail header),
 * and the subscription it was made for.
 *
 * @param id               {@code brf_} and a hash of the claim (subscription and local date, or a send-now)
 * @param subscriptionId   the subscription
 * @param subscriptionName its name when the brief was made
 * @param timeZone         the subscription's time zone (how the channels show times)
 * @param brief            the brief
 */
public record BriefMessage(String id, String subscriptionId, String subscriptionName, String timeZone, Brief brief) {}
