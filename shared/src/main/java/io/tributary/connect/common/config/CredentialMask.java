package io.tributary.connect.common.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hides the credentials a connection URL may carry before the URL is logged or reported: the password
 * of a {@code user:password@host} user-info part (and Oracle's {@code user/password@host}), and the value
 * of any parameter whose name says it is secret ({@code password}, {@code sslpassword}, {@code pwd},
 * {@code secret}, {@code token}, {@code apikey}...), in {@code ?a=b&c=d} and {@code ;a=b;c=d} forms.
 */
public final class CredentialMask {
    public static final String MASK = "****";

    /** The user-info of {@code scheme://user:password@host}: the password runs up to the last '@' before the path. */
    private static final Pattern USER_INFO = Pattern.compile("(//[^/?#;@:]*:)([^/?#]*)(@)");
    /** Oracle's thin form, {@code jdbc:oracle:thin:user/password@host}. */
    private static final Pattern ORACLE_THIN = Pattern.compile("(:thin:[^/@:]+/)([^@]*)(@)");
    private static final Pattern PARAMETER = Pattern.compile("([?&;:]\\s*)([^=?&;:/\\s]+)(\\s*=\\s*)([^&;]*)");

    private CredentialMask() {
    }

    /** The URL with every credential replaced by {@value #MASK}; null stays null. */
    public static String url(String url) {
        if (url == null) {
            return null;
        }
        String masked = USER_INFO.matcher(url).replaceAll("$1" + MASK + "$3");
        masked = ORACLE_THIN.matcher(masked).replaceAll("$1" + MASK + "$3");
        Matcher m = PARAMETER.matcher(masked);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = isSecretName(m.group(2)) && !m.group(4).isEmpty() ? MASK : m.group(4);
            m.appendReplacement(out, Matcher.quoteReplacement(m.group(1) + m.group(2) + m.group(3) + value));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** Hides every occurrence of {@code url}'s credentials in {@code text} (a driver's message that quotes it). */
    public static String in(String text, String url) {
        if (text == null || url == null || url.isEmpty()) {
            return text;
        }
        return text.replace(url, url(url));
    }

    static boolean isSecretName(String name) {
        String n = name.toLowerCase(Locale.ROOT).replace("_", "").replace("-", "").replace(".", "");
        return n.contains("password") || n.contains("passwd") || n.equals("pwd") || n.endsWith("pwd")
                || n.contains("secret") || n.contains("token") || n.contains("apikey") || n.contains("accesskey")
                || n.contains("credential") || n.equals("sig") || n.equals("signature");
    }
}
