package io.tributary.connect.http.source;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PaginationTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final URI ENDPOINT = URI.create("https://api.example.com/v1/prices?store=berlin%20mitte");

    private static Page page(URI uri, String body, int records) throws Exception {
        return new Page(uri, Map.of(), body == null ? null : JSON.readTree(body), records);
    }

    @Test
    void offsetAndLimitAdvanceByTheRecordsReadAndStopAtAShortPage() throws Exception {
        Pagination p = new Pagination.OffsetLimit("offset", "limit", 100, 0);
        URI first = p.first(ENDPOINT);
        assertEquals("https://api.example.com/v1/prices?store=berlin%20mitte&offset=0&limit=100", first.toString());
        URI second = p.next(page(first, "[]", 100));
        assertEquals("https://api.example.com/v1/prices?store=berlin%20mitte&limit=100&offset=100", second.toString());
        assertNull(p.next(page(second, "[]", 40)), "a short page is the last");
    }

    @Test
    void pageNumbersCountUpUntilAnEmptyOrShortPage() throws Exception {
        Pagination p = new Pagination.PageNumber("page", 1, 50);
        URI first = p.first(ENDPOINT);
        URI second = p.next(page(first, "[]", 50));
        assertEquals("2", QueryValues.value(second, "page"));
        assertNull(p.next(page(second, "[]", 0)));
        assertNull(new Pagination.PageNumber("page", 1, 0).next(page(second, "[]", 0)), "no page size: an empty page ends");
    }

    @Test
    void aCursorFromTheBodyGoesBackAsAParameterAndARepeatedOneIsRefused() throws Exception {
        Pagination p = new Pagination.Cursor(JsonPointer.compile("/meta/next_cursor"), "cursor");
        URI first = p.first(ENDPOINT);
        URI second = p.next(page(first, "{\"meta\":{\"next_cursor\":\"abc/+1\"},\"items\":[1]}", 1));
        assertEquals("abc/+1", QueryValues.value(second, "cursor"));
        assertNull(p.next(page(second, "{\"meta\":{\"next_cursor\":null},\"items\":[]}", 0)), "a null cursor ends");
        assertNull(p.next(page(second, "{\"items\":[]}", 0)), "a missing cursor ends");
        PagingException loop = assertThrows(PagingException.class,
                () -> p.next(page(second, "{\"meta\":{\"next_cursor\":\"abc/+1\"}}", 1)));
        assertTrue(loop.getMessage().contains("forever"), loop.getMessage());
    }

    @Test
    void aNextUrlFromTheBodyIsFollowedRelativeOrAbsolute() throws Exception {
        Pagination p = new Pagination.NextUrl(JsonPointer.compile("/next"));
        URI second = p.next(page(ENDPOINT, "{\"next\":\"/v1/prices?page=2\"}", 10));
        assertEquals("https://api.example.com/v1/prices?page=2", second.toString());
        assertEquals("https://other.example.com/p3", p.next(page(second, "{\"next\":\"https://other.example.com/p3\"}", 10)).toString());
        assertNull(p.next(page(second, "{\"next\":\"\"}", 10)));
        assertThrows(PagingException.class, () -> p.next(page(second, "{\"next\":\"/v1/prices?page=2\"}", 10)));
    }

    @Test
    void theLinkHeadersNextRelationIsFollowed() throws Exception {
        Pagination p = new Pagination.LinkHeader();
        Page withLinks = new Page(ENDPOINT, Map.of("link", List.of(
                "<https://api.example.com/v1/prices?page=1>; rel=\"prev\", <https://api.example.com/v1/prices?page=3>; "
                        + "rel=\"next\", <https://api.example.com/v1/prices?page=9>; rel=\"last\"")), null, 30);
        assertEquals("https://api.example.com/v1/prices?page=3", p.next(withLinks).toString());
        Page last = new Page(ENDPOINT, Map.of("link", List.of("<https://api.example.com/v1/prices?page=1>; rel=\"first\"")),
                null, 30);
        assertNull(p.next(last));
        assertNull(p.next(new Page(ENDPOINT, Map.of(), null, 30)));
    }

    @Test
    void withoutPagingOnePageIsAll() throws Exception {
        assertEquals(ENDPOINT, Pagination.NONE.first(ENDPOINT));
        JsonNode body = JSON.readTree("[1,2]");
        assertNull(Pagination.NONE.next(new Page(ENDPOINT, Map.of(), body, 2)));
    }
}
