package io.tributary.connect.http;

import io.tributary.connect.common.config.ConfigErrors;
import io.tributary.connect.common.tls.TlsConfig;
import io.tributary.connect.http.HttpSourceConfig.Method;
import io.tributary.connect.http.HttpSourceConfig.PaginationStyle;
import io.tributary.connect.http.client.HttpClientConfig;
import io.tributary.connect.http.source.EndpointSettings;
import org.apache.kafka.common.config.ConfigValue;

import java.util.List;
import java.util.Map;

/**
 * Checks between keys of the HTTP source: per endpoint, the paging keys its pagination needs and those it
 * ignores, ${offset} without an offset to fill it, a body without POST; then authentication, proxy and TLS.
 */
final class HttpSourceConfigValidator {
    private final Map<String, String> props;
    private final List<ConfigValue> values;

    HttpSourceConfigValidator(Map<String, String> props, List<ConfigValue> values) {
        this.props = props;
        this.values = values;
    }

    void validate() {
        HttpClientConfig.problems(props).forEach((key, message) -> ConfigErrors.add(values, key, message));
        if (ConfigErrors.any(values)) {
            return;
        }
        HttpSourceConfig config = new HttpSourceConfig(props);
        boolean anyHttps = false;
        for (String name : config.endpointNames()) {
            checkPagination(config, name);
            checkRequest(config, name);
            anyHttps |= config.getString(HttpSourceConfig.key(name, HttpSourceConfig.URL)).trim()
                    .regionMatches(true, 0, "https://", 0, 8);
        }
        checkTls(config, anyHttps);
    }

    private void checkPagination(HttpSourceConfig config, String name) {
        PaginationStyle style = config.paginationStyle(name);
        String pagination = HttpSourceConfig.key(name, HttpSourceConfig.PAGINATION);
        if (style == PaginationStyle.CURSOR) {
            requirePointer(name, HttpSourceConfig.PAGINATION_CURSOR_POINTER, "pagination=cursor reads the next page's "
                    + "cursor from the body; set it to the cursor's JSON pointer, as /meta/next_cursor");
        }
        if (style == PaginationStyle.NEXT_URL) {
            requirePointer(name, HttpSourceConfig.PAGINATION_NEXT_URL_POINTER, "pagination=next_url reads the next "
                    + "page's URL from the body; set it to the URL's JSON pointer, as /links/next");
        }
        checkOnlyWith(name, style, PaginationStyle.OFFSET_LIMIT, HttpSourceConfig.PAGINATION_OFFSET_PARAMETER,
                HttpSourceConfig.PAGINATION_LIMIT_PARAMETER, HttpSourceConfig.PAGINATION_LIMIT);
        checkOnlyWith(name, style, PaginationStyle.PAGE_NUMBER, HttpSourceConfig.PAGINATION_PAGE_PARAMETER,
                HttpSourceConfig.PAGINATION_FIRST_PAGE, HttpSourceConfig.PAGINATION_PAGE_SIZE);
        checkOnlyWith(name, style, PaginationStyle.CURSOR, HttpSourceConfig.PAGINATION_CURSOR_POINTER,
                HttpSourceConfig.PAGINATION_CURSOR_PARAMETER);
        checkOnlyWith(name, style, PaginationStyle.NEXT_URL, HttpSourceConfig.PAGINATION_NEXT_URL_POINTER);
        if (style == PaginationStyle.NONE && props.containsKey(HttpSourceConfig.key(name, HttpSourceConfig.PAGINATION_MAX_PAGES))) {
            ConfigErrors.add(values, HttpSourceConfig.key(name, HttpSourceConfig.PAGINATION_MAX_PAGES), pagination
                    + "=none reads one page per pass; set a pagination style or remove this key");
        }
    }

    private void requirePointer(String name, String suffix, String message) {
        String key = HttpSourceConfig.key(name, suffix);
        if (props.getOrDefault(key, "").isBlank()) {
            ConfigErrors.add(values, key, message);
        }
    }

    /** Keys of one paging style set while the endpoint pages another way: a mistake, not a no-op. */
    private void checkOnlyWith(String name, PaginationStyle style, PaginationStyle owner, String... suffixes) {
        if (style == owner) {
            return;
        }
        for (String suffix : suffixes) {
            String key = HttpSourceConfig.key(name, suffix);
            if (props.containsKey(key)) {
                ConfigErrors.add(values, key, "applies only with " + HttpSourceConfig.key(name, HttpSourceConfig.PAGINATION)
                        + "=" + owner.configValue() + "; set that pagination or remove this key");
            }
        }
    }

    private void checkRequest(HttpSourceConfig config, String name) {
        EndpointSettings endpoint = config.endpoint(name);
        boolean usesOffset = endpoint.url().roots().contains(EndpointSettings.OFFSET_ROOT)
                || (endpoint.body() != null && endpoint.body().roots().contains(EndpointSettings.OFFSET_ROOT))
                || endpoint.headers().stream().anyMatch(h -> h.getValue().roots().contains(EndpointSettings.OFFSET_ROOT));
        if (usesOffset && !endpoint.incremental()) {
            ConfigErrors.add(values, HttpSourceConfig.key(name, HttpSourceConfig.OFFSET_POINTER), "the requests use "
                    + "${offset} but nothing fills it; set this to the JSON pointer of the value to keep (as /id or "
                    + "/updated_at), or take ${offset} out of the url, headers and body");
        }
        if (endpoint.body() != null && !Method.POST.name().equals(endpoint.method())) {
            ConfigErrors.add(values, HttpSourceConfig.key(name, HttpSourceConfig.BODY), "a " + endpoint.method()
                    + " request carries no body; set " + HttpSourceConfig.key(name, HttpSourceConfig.METHOD)
                    + "=POST or remove the body");
        }
    }

    private void checkTls(HttpSourceConfig config, boolean anyHttps) {
        TlsConfig.Problem problem = HttpClientConfig.tlsProblem(props, config, anyHttps, null);
        if (problem != null) {
            ConfigErrors.add(values, problem.key(), problem.message());
        }
    }
}
