using System.Security.Cryptography;
using System.Text;
using VNetEmu.Host;

namespace VNetEmu.Docker;

/// <summary>The images `docker run` knows: the real ones tutorials use, emulated by their networking behaviour
/// (what serves on which port, which tools answer inside), and user-defined ones. Tags are accepted and kept.</summary>
public sealed class ImageCatalog
{
    private readonly Dictionary<string, Image> _custom = new(StringComparer.Ordinal);

    /// <summary>The image for a reference such as `nginx`, `nginx:1.27`, `library/alpine:3.20`, or null.</summary>
    public Image? Find(string reference)
    {
        string name = reference;
        int at = name.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            name = name[..at];
        }
        int colon = name.LastIndexOf(':');
        if (colon > name.LastIndexOf('/'))
        {
            name = name[..colon];
        }
        if (name.StartsWith("docker.io/", StringComparison.Ordinal))
        {
            name = name["docker.io/".Length..];
        }
        if (name.StartsWith("library/", StringComparison.Ordinal))
        {
            name = name["library/".Length..];
        }
        if (_custom.TryGetValue(name, out Image? custom))
        {
            return custom with { Name = reference };
        }
        Image? image = name switch
        {
            "nginx" => new Image(reference, ToolFamily.Gnu, ["nginx", "-g", "daemon off;"], ["80/tcp"]),
            "httpd" => new Image(reference, ToolFamily.Gnu, ["httpd-foreground"], ["80/tcp"]),
            "redis" => new Image(reference, ToolFamily.Gnu, ["redis-server"], ["6379/tcp"]),
            "postgres" => new Image(reference, ToolFamily.Gnu, ["postgres"], ["5432/tcp"]),
            "mysql" or "mariadb" => new Image(reference, ToolFamily.Gnu, ["mysqld"], ["3306/tcp", "33060/tcp"]),
            "training/webapp" or "flask" or "tiangolo/uwsgi-nginx-flask" => new Image(reference, ToolFamily.Gnu, ["python", "app.py"], ["5000/tcp"]),
            "alpine" => new Image(reference, ToolFamily.Busybox, ["/bin/sh"], []),
            "busybox" => new Image(reference, ToolFamily.Busybox, ["sh"], []),
            // The goldens' images (docker-goldens/README.md): busybox 1.35 with a page to serve; bbx adds EXPOSEs.
            "bb" => new Image(reference, ToolFamily.Busybox, ["sh"], []) { Files = s_bbFiles },
            "bbx" => new Image(reference, ToolFamily.Busybox, ["sh"], ["53/udp", "80/tcp"]) { Files = s_bbFiles },
            "ubuntu" or "debian" => new Image(reference, ToolFamily.Gnu, ["/bin/bash"], []),
            "nicolaka/netshoot" => new Image(reference, ToolFamily.Gnu, ["zsh"], []),
            _ => null,
        };
        return image is null ? null : image with { Id = IdOf(name) };
    }

    private static readonly Dictionary<string, string> s_bbFiles = new(StringComparer.Ordinal) { ["/var/www/index.html"] = "hello from bb\n" };

    /// <summary>`vnet image NAME …`: a busybox image whose default command serves <paramref name="app"/>'s HTTP
    /// (or is `sh` without one), EXPOSEing its HTTP port and the others given. A later definition replaces it, as
    /// `docker build -t NAME` retags; it also hides a catalog image of the same name.</summary>
    public Image Define(string name, AppSpec app)
    {
        var exposed = new SortedSet<string>(StringComparer.Ordinal);
        if (app.HttpPort is { } port)
        {
            exposed.Add(port.ToString(System.Globalization.CultureInfo.InvariantCulture) + "/tcp");
        }
        exposed.UnionWith(app.Expose);
        string spec = $"{app.HttpPort}|{app.Body}|{app.ProxyUrl}|{string.Join(',', exposed)}";
        var image = new Image(name, ToolFamily.Busybox, app.HttpPort is null ? ["sh"] : [UserAppCommand], [.. exposed])
        {
            App = app,
            Id = IdOf(name + "\n" + spec),
        };
        _custom[name] = image;
        return image;
    }

    /// <summary>The default command of a user-defined image that serves HTTP (what `docker inspect` shows as Cmd).</summary>
    public const string UserAppCommand = "vnet-app";

    private static string IdOf(string name) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("image:" + name)));
}
