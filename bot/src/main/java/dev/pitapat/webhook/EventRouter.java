package dev.pitapat.webhook;

import dev.pitapat.store.Delivery;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;
import tools.jackson.databind.ObjectMapper;

/** Sends each delivery to the one handler of its event. Events without a handler are ignored at intake. */
@Component
class EventRouter {

    private final Map<String, WebhookHandler> handlers;
    private final ObjectMapper mapper;

    EventRouter(List<WebhookHandler> handlers, ObjectMapper mapper) {
        this.handlers =
                handlers.stream().collect(Collectors.toUnmodifiableMap(WebhookHandler::event, Function.identity()));
        this.mapper = mapper;
    }

    boolean routes(String event) {
        return handlers.containsKey(event);
    }

    /** Whether the delivery's handler reads or answers GitHub. */
    boolean needsGitHub(Delivery delivery) {
        WebhookHandler handler = handlers.get(delivery.event());
        return handler != null && handler.needsGitHub();
    }

    /** Whether the delivery's handler is about the one repository its payload's {@code repository} names. */
    boolean namesItsRepository(Delivery delivery) {
        WebhookHandler handler = handlers.get(delivery.event());
        return handler == null || handler.namesItsRepository();
    }

    void route(Delivery delivery) throws Exception {
        WebhookHandler handler = handlers.get(delivery.event());
        if (handler == null) {
            return; // stored before a handler for it was removed: nothing to do
        }
        handler.handle(new WebhookEvent(
                delivery.id(),
                delivery.event(),
                delivery.action(),
                delivery.repo(),
                mapper.readTree(delivery.payload())));
    }
}
