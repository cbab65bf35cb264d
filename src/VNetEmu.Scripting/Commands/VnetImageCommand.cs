using System.Globalization;
using System.Text.RegularExpressions;
using VNetEmu.Docker;
using VNetEmu.Host.Apps.Http;
using VNetEmu.Scripting.Runtime;

namespace VNetEmu.Scripting.Commands;

/// <summary>`vnet image NAME [--http PORT] [--body TEXT] [--proxy URL] [--expose PORT[/udp]]…`: defines an image for
/// `docker run` (in the Docker daemon's catalog, starting the daemon if it has not started). Its main process serves
/// HTTP on PORT: TEXT and a newline (as `echo TEXT > index.html` would write it; without --body, "hello from
/// HOSTNAME"), or every request proxied to URL, whose host is resolved per request through the container's own
/// resolver (Docker's embedded DNS on a user network, the host's nameservers on the default bridge), with a 502 Bad
/// Gateway page when the backend cannot be reached. Without --http the image is a busybox shell. Each error is one
/// line saying what was expected, exit 2.</summary>
public static partial class VnetImageCommand
{
    private const string Usage = "NAME [--http PORT] [--body TEXT] [--proxy URL] [--expose PORT[/udp]]…";

    public static int Run(CommandContext ctx, TextWriter stderr)
    {
        if (!TryParse(ctx.Args.Skip(2).ToList(), out string name, out AppSpec? spec, out string error))
        {
            stderr.Write("vnet image: " + error + "\n");
            return 2;
        }
        Docker.DockerCommand.Daemon(ctx).Images.Define(name, spec!);
        return 0;
    }

    /// <summary>Parses the words after `vnet image`.</summary>
    public static bool TryParse(IReadOnlyList<string> args, out string name, out AppSpec? spec, out string error)
    {
        name = "";
        spec = null;
        ushort? port = null;
        string? body = null, proxy = null;
        var expose = new List<string>();
        for (int i = 0; i < args.Count; i++)
        {
            string w = args[i];
            if (w is "--http" or "--body" or "--proxy" or "--expose")
            {
                if (i + 1 >= args.Count)
                {
                    error = $"{w} expects {(w == "--http" ? "a PORT" : w == "--body" ? "a TEXT" : w == "--proxy" ? "a URL" : "a PORT[/udp]")}";
                    return false;
                }
                string v = args[++i];
                switch (w)
                {
                    case "--http":
                        if (!TryPort(v, out ushort p))
                        {
                            error = $"--http expects a port 1-65535, got '{v}'";
                            return false;
                        }
                        port = p;
                        break;
                    case "--body":
                        body = v.EndsWith('\n') ? v : v + "\n";
                        break;
                    case "--proxy":
                        if (!v.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || !HttpFetch.TryParseUrl(v, out _, out _, out _))
                        {
                            error = $"--proxy expects an http://HOST[:PORT][/PATH] URL, got '{v}'";
                            return false;
                        }
                        proxy = v;
                        break;
                    default:
                        string[] pp = v.Split('/');
                        if (pp.Length > 2 || !TryPort(pp[0], out ushort e) || (pp.Length == 2 && pp[1] is not ("tcp" or "udp")))
                        {
                            error = $"--expose expects PORT[/tcp|/udp], got '{v}'";
                            return false;
                        }
                        expose.Add(e.ToString(CultureInfo.InvariantCulture) + "/" + (pp.Length == 2 ? pp[1] : "tcp"));
                        break;
                }
            }
            else if (w.StartsWith('-'))
            {
                error = $"unknown option '{w}', expected --http, --body, --proxy or --expose";
                return false;
            }
            else if (name.Length > 0)
            {
                error = $"expected one NAME, got '{name}' and '{w}'";
                return false;
            }
            else if (!NamePattern().IsMatch(w))
            {
                error = $"invalid image name '{w}': expected lowercase letters, digits and separators (. _ - /), no tag";
                return false;
            }
            else
            {
                name = w;
            }
        }
        if (name.Length == 0)
        {
            error = "expected " + Usage;
            return false;
        }
        if (body is not null && proxy is not null)
        {
            error = "expected --body or --proxy, not both";
            return false;
        }
        if ((body is not null || proxy is not null) && port is null)
        {
            error = $"{(body is not null ? "--body" : "--proxy")} needs --http PORT";
            return false;
        }
        spec = new AppSpec(port, body, proxy, expose);
        error = "";
        return true;
    }

    private static bool TryPort(string s, out ushort port) =>
        ushort.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out port) && port > 0;

    /// <summary>A repository path as the distribution reference grammar allows it (components of lowercase
    /// alphanumerics joined by `.`, `_`, `__` or dashes, separated by `/`).</summary>
    [GeneratedRegex("^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$")]
    private static partial Regex NamePattern();
}
