package dev.pitapat.webhook;

import tools.jackson.databind.JsonNode;

/** A delivery as a handler sees it: its payload parsed. */
record WebhookEvent(String deliveryId, String event, String action, String repo, JsonNode payload) {}
