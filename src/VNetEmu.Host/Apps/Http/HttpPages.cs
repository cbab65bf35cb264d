namespace VNetEmu.Host.Apps.Http;

/// <summary>The default pages of the emulated images, byte for byte.</summary>
public static class HttpPages
{
    public const string NginxVersion = "nginx/1.27.3";

    /// <summary>/usr/share/nginx/html/index.html of nginx 1.27 (615 bytes).</summary>
    public const string NginxIndex = "<!DOCTYPE html>\n<html>\n<head>\n<title>Welcome to nginx!</title>\n<style>\nhtml { color-scheme: light dark; }\nbody { width: 35em; margin: 0 auto;\nfont-family: Tahoma, Verdana, Arial, sans-serif; }\n</style>\n</head>\n<body>\n<h1>Welcome to nginx!</h1>\n<p>If you see this page, the nginx web server is successfully installed and\nworking. Further configuration is required.</p>\n\n<p>For online documentation and support please refer to\n<a href=\"http://nginx.org/\">nginx.org</a>.<br/>\nCommercial support is available at\n<a href=\"http://nginx.com/\">nginx.com</a>.</p>\n\n<p><em>Thank you for using nginx.</em></p>\n</body>\n</html>\n";

    public static string NginxError(int code, string reason) =>
        $"<html>\r\n<head><title>{code} {reason}</title></head>\r\n<body>\r\n<center><h1>{code} {reason}</h1></center>\r\n<hr><center>{NginxVersion}</center>\r\n</body>\r\n</html>\r\n";

    /// <summary>htdocs/index.html of httpd 2.4 (45 bytes).</summary>
    public const string HttpdIndex = "<html><body><h1>It works!</h1></body></html>\n";

    public const string HttpdServer = "Apache/2.4.62 (Unix)";

    public const string FlaskBody = "Hello, World!";

    public const string WerkzeugServer = "Werkzeug/3.0.6 Python/3.12.8";
}
