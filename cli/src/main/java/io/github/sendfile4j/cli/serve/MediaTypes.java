package io.github.sendfile4j.cli.serve;

import java.nio.file.Path;
import java.util.Locale;

/** The Content-Type of a served file, by its extension; anything unknown is a download. */
final class MediaTypes {
    private MediaTypes() {
    }

    static String of(Path p) {
        String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
        String ext = name.lastIndexOf('.') >= 0 ? name.substring(name.lastIndexOf('.') + 1) : "";
        switch (ext) {
            case "html":
            case "htm":
                return "text/html; charset=utf-8";
            case "txt":
                return "text/plain; charset=utf-8";
            case "css":
                return "text/css";
            case "js":
                return "text/javascript";
            case "json":
                return "application/json";
            case "png":
                return "image/png";
            case "jpg":
            case "jpeg":
                return "image/jpeg";
            case "gif":
                return "image/gif";
            case "svg":
                return "image/svg+xml";
            case "pdf":
                return "application/pdf";
            default:
                return "application/octet-stream";
        }
    }
}
