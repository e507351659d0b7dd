package io.tributary.connect.http.source;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.connect.http.client.HttpUrls;

import java.net.URI;

/**
 * How an endpoint's pages follow one another: one small strategy per style, each with its own rule for the last
 * page. {@link #first} gives the first page's URL from the endpoint's rendered URL; {@link #next} the one after a
 * page, or null when that page was the last.
 */
public interface Pagination {
    URI first(URI endpoint);

    /** The next page's URL, or null when {@code page} was the last; throws when the API would page forever. */
    URI next(Page page);

    /** A single response, no pages. */
    Pagination NONE = new Pagination() {
        @Override
        public URI first(URI endpoint) {
            return endpoint;
        }

        @Override
        public URI next(Page page) {
            return null;
        }
    };

    /**
     * {@code offset} and {@code limit} query parameters: the next offset is this one plus the records read; a page
     * with fewer records than the limit is the last.
     */
    record OffsetLimit(String offsetParameter, String limitParameter, int limit, long initialOffset) implements Pagination {
        @Override
        public URI first(URI endpoint) {
            return HttpUrls.withQueryParameter(HttpUrls.withQueryParameter(endpoint, offsetParameter,
                    Long.toString(initialOffset)), limitParameter, Integer.toString(limit));
        }

        @Override
        public URI next(Page page) {
            if (page.records() < limit) {
                return null;
            }
            long offset = QueryValues.longValue(page.uri(), offsetParameter, initialOffset);
            return HttpUrls.withQueryParameter(page.uri(), offsetParameter, Long.toString(offset + page.records()));
        }
    }

    /** A page number query parameter from {@code firstPage}; an empty page, or one short of {@code pageSize}, is the last. */
    record PageNumber(String pageParameter, long firstPage, int pageSize) implements Pagination {
        @Override
        public URI first(URI endpoint) {
            return HttpUrls.withQueryParameter(endpoint, pageParameter, Long.toString(firstPage));
        }

        @Override
        public URI next(Page page) {
            if (page.records() == 0 || (pageSize > 0 && page.records() < pageSize)) {
                return null;
            }
            long current = QueryValues.longValue(page.uri(), pageParameter, firstPage);
            return HttpUrls.withQueryParameter(page.uri(), pageParameter, Long.toString(current + 1));
        }
    }

    /**
     * A cursor (next token) read from the body at a JSON pointer and sent back in a query parameter; a missing,
     * null or empty cursor ends the pages, and one equal to the cursor just sent is an API paging forever.
     */
    record Cursor(JsonPointer pointer, String cursorParameter) implements Pagination {
        @Override
        public URI first(URI endpoint) {
            return endpoint;
        }

        @Override
        public URI next(Page page) {
            String cursor = text(page.body() == null ? null : page.body().at(pointer));
            if (cursor == null) {
                return null;
            }
            if (cursor.equals(QueryValues.value(page.uri(), cursorParameter))) {
                throw new PagingException("the cursor at " + pointer + " is '" + cursor + "' again, the one this page was "
                        + "asked with: the API would return this page forever");
            }
            return HttpUrls.withQueryParameter(page.uri(), cursorParameter, cursor);
        }
    }

    /** The next page's URL read from the body at a JSON pointer, relative ones resolved against the page's. */
    record NextUrl(JsonPointer pointer) implements Pagination {
        @Override
        public URI first(URI endpoint) {
            return endpoint;
        }

        @Override
        public URI next(Page page) {
            String next = text(page.body() == null ? null : page.body().at(pointer));
            return next == null ? null : following(page, next, "the next URL at " + pointer);
        }
    }

    /** The {@code Link} header's {@code rel="next"} target (RFC 8288), as GitHub's and many other APIs page. */
    record LinkHeader() implements Pagination {
        @Override
        public URI first(URI endpoint) {
            return endpoint;
        }

        @Override
        public URI next(Page page) {
            String next = LinkHeaders.next(page.header("Link"));
            return next == null ? null : following(page, next, "the Link header's next");
        }
    }

    /** The URL {@code next} names, resolved against the page's; the page's own URL again is an API paging forever. */
    private static URI following(Page page, String next, String what) {
        URI uri;
        try {
            uri = page.uri().resolve(next);
        } catch (IllegalArgumentException e) {
            throw new PagingException(what + " is '" + next + "', which is not a URL");
        }
        if (uri.equals(page.uri())) {
            throw new PagingException(what + " is this page's own URL: the API would return it forever");
        }
        return uri;
    }

    private static String text(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return null;
        }
        String text = node.isValueNode() ? node.asText() : node.toString();
        return text.isEmpty() ? null : text;
    }
}
