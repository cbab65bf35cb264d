namespace VNetEmu.Host.Apps.Http;

/// <summary>Which real server an <see cref="HttpServerApp"/> imitates: its headers, default pages and log format.</summary>
public enum HttpPreset
{
    /// <summary>nginx 1.27 (the official image): the "Welcome to nginx!" page, combined log with X-Forwarded-For.</summary>
    Nginx,

    /// <summary>Apache httpd 2.4 (the official image): "It works!", common log format.</summary>
    Httpd,

    /// <summary>A Flask app under Werkzeug's development server: "Hello, World!", Werkzeug's log line.</summary>
    Flask,

    /// <summary>busybox httpd -f -v: serves one body, logs "[::ffff:ADDR]:PORT: response:CODE".</summary>
    BusyboxHttpd,

    /// <summary>A fixed body with minimal headers.</summary>
    Static,

    /// <summary>A reverse proxy to a backend URL (nginx proxy_pass style), 502 when the backend fails.</summary>
    Proxy,
}
