package io.tributary.connect.common.config;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigReferenceTest {
    @Test
    void rendersGroupsInOrderWithDefaultsAndHidesPasswords() {
        ConfigDef def = new ConfigDefBuilder()
                .group("Connection")
                .defineRequired("url", ConfigDef.Type.STRING, Validators.nonBlank("set it"), ConfigDef.Importance.HIGH, "Where.", "URL")
                .define("password", ConfigDef.Type.PASSWORD, "secret", null, ConfigDef.Importance.HIGH, "Secret.", "Password")
                .group("Writes")
                .define("mode", ConfigDef.Type.STRING, "insert", Validators.oneOfIgnoreCase("insert", "upsert"), ConfigDef.Importance.HIGH, "Mode.", "Mode")
                .build();
        String md = ConfigReference.markdown("Ref", "Intro.", def);
        assertTrue(md.indexOf("## Connection") < md.indexOf("### `url`"));
        assertTrue(md.indexOf("### `password`") < md.indexOf("## Writes"));
        assertTrue(md.contains("none (required)"));
        assertTrue(md.contains("[hidden]") && !md.contains("secret"), md);
        assertTrue(md.contains("[insert, upsert]"), md);
    }

    @Test
    void validatorMessagesNameTheKeyAndTheFix() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> Validators.oneOfIgnoreCase("a", "b").ensureValid("insert.mode", "c"));
        assertTrue(e.getMessage().contains("insert.mode") && e.getMessage().contains("one of a, b"), e.getMessage());
        Validators.oneOfIgnoreCase("a", "b").ensureValid("insert.mode", "B");
        assertThrows(ConfigException.class, () -> Validators.timeZone().ensureValid("db.timezone", "Mars/Base"));
    }
}
