package io.docusigncamel;

import java.util.Optional;
import java.util.function.Function;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * Property look-up exactly as the running service sees it (Camel's properties component: the configured locations,
 * environment variables overriding them), for code that runs before or without the service's Camel context.
 */
public final class PropertySource {

    private PropertySource() {
    }

    /** Look-up through {@code context}'s properties component. */
    public static Function<String, Optional<String>> of(CamelContext context) {
        return key -> context.getPropertiesComponent().resolveProperty(key);
    }

    /** Look-up through a throw-away properties component reading {@code locations}. */
    public static Function<String, Optional<String>> fromLocations(String locations) {
        CamelContext context = new DefaultCamelContext(false);
        context.getPropertiesComponent().setLocation(locations);
        return of(context);
    }
}
