package io.tributary.connect.common.config;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class CredentialMaskTest {
    @Test
    void masksPasswordParametersInQueryAndSemicolonForms() {
        assertEquals("jdbc:postgresql://db:5432/shop?user=app&password=****&ssl=true",
                CredentialMask.url("jdbc:postgresql://db:5432/shop?user=app&password=s3cr&t&ssl=true".replace("s3cr&t", "s3cret")));
        assertEquals("jdbc:mariadb://db/shop?password=****", CredentialMask.url("jdbc:mariadb://db/shop?password=x=y"));
        assertEquals("jdbc:sqlserver://db:1433;databaseName=shop;user=app;Password=****;encrypt=true",
                CredentialMask.url("jdbc:sqlserver://db:1433;databaseName=shop;user=app;Password=Pa55;encrypt=true"));
        assertEquals("jdbc:postgresql://db/shop?sslpassword=****&sslkey=/keys/client.pk8",
                CredentialMask.url("jdbc:postgresql://db/shop?sslpassword=k3y&sslkey=/keys/client.pk8"));
        assertEquals("https://api.example.com/v1?api_key=****&page=2&access_token=****",
                CredentialMask.url("https://api.example.com/v1?api_key=abc&page=2&access_token=t0k"));
    }

    @Test
    void masksTheUserInfoPasswordAndOraclesThinForm() {
        assertEquals("jdbc:mysql://app:****@db:3306/shop", CredentialMask.url("jdbc:mysql://app:p@ss:w0rd@db:3306/shop"));
        assertEquals("tcp://sensor:****@broker:1883", CredentialMask.url("tcp://sensor:secret@broker:1883"));
        assertEquals("jdbc:oracle:thin:scott/****@db:1521/orcl", CredentialMask.url("jdbc:oracle:thin:scott/tiger@db:1521/orcl"));
    }

    @Test
    void leavesUrlsWithoutCredentialsAsTheyAre() {
        for (String url : new String[]{"jdbc:postgresql://db:5432/shop", "jdbc:postgresql://db/shop?user=app&ApplicationName=x",
                "jdbc:sqlite:/var/data/sink.db", "jdbc:mariadb://db:3306/shop?password=", "tcp://broker:1883"}) {
            assertEquals(url, CredentialMask.url(url));
        }
        assertNull(CredentialMask.url(null));
        assertEquals("cannot reach jdbc:mariadb://db/x?password=****: refused",
                CredentialMask.in("cannot reach jdbc:mariadb://db/x?password=pw: refused", "jdbc:mariadb://db/x?password=pw"));
    }
}
