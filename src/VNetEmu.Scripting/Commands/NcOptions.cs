using System.Globalization;
using VNetEmu.Scripting.Runtime;
using VNetEmu.Wire;

namespace VNetEmu.Scripting.Commands;

/// <summary>OpenBSD netcat (1.219) options that scenarios use.</summary>
public sealed class NcOptions
{
    public bool Listen { get; private set; }
    public bool Udp { get; private set; }
    public bool ZeroIo { get; private set; }
    public bool Verbose { get; private set; }
    public bool ShutdownOnEof { get; private set; }
    public bool KeepListening { get; private set; }
    public double? Timeout { get; private set; }
    public ushort SourcePort { get; private set; }
    public Ipv4Address Source { get; private set; }
    public string? Host { get; private set; }
    public ushort Port { get; private set; }
    public string PortText { get; private set; } = "";

    public static NcOptions Parse(IReadOnlyList<string> a)
    {
        var o = new NcOptions();
        var positional = new List<string>();
        for (int i = 1; i < a.Count; i++)
        {
            string w = a[i];
            if (w.Length < 2 || w[0] != '-')
            {
                positional.Add(w);
                continue;
            }
            for (int j = 1; j < w.Length; j++)
            {
                char c = w[j];
                string Value()
                {
                    if (j + 1 < w.Length)
                    {
                        string rest = w[(j + 1)..];
                        j = w.Length;
                        return rest;
                    }
                    if (i + 1 >= a.Count)
                    {
                        throw new CommandException($"nc: option requires an argument -- {c}\n" + Usage, 1);
                    }
                    return a[++i];
                }
                switch (c)
                {
                    case 'l':
                        o.Listen = true;
                        break;
                    case 'u':
                        o.Udp = true;
                        break;
                    case 'z':
                        o.ZeroIo = true;
                        break;
                    case 'v':
                        o.Verbose = true;
                        break;
                    case 'N':
                        o.ShutdownOnEof = true;
                        break;
                    case 'k':
                        o.KeepListening = true;
                        break;
                    case 'n' or 'd' or '4' or 'D':
                        break;
                    case 'w':
                        string t = Value();
                        if (!double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out double timeout) || timeout <= 0)
                        {
                            throw new CommandException($"nc: timeout invalid: {t}", 1);
                        }
                        o.Timeout = timeout;
                        break;
                    case 'p':
                        string p = Value();
                        if (!ushort.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out ushort sp) || sp == 0)
                        {
                            throw new CommandException($"nc: port number invalid: {p}", 1);
                        }
                        o.SourcePort = sp;
                        break;
                    case 's':
                        string s = Value();
                        if (!Ipv4Address.TryParse(s, out Ipv4Address src))
                        {
                            throw new CommandException($"nc: getaddrinfo: Name or service not known", 1);
                        }
                        o.Source = src;
                        break;
                    case 'q' or 'i' or 'T' or 'X' or 'x':
                        Value();
                        break;
                    default:
                        throw new CommandException($"nc: invalid option -- '{c}'\n" + Usage, 1);
                }
            }
        }
        if (o.Listen)
        {
            if (positional.Count == 1 && o.SourcePort == 0)
            {
                o.PortText = positional[0];
            }
            else if (positional.Count == 0 && o.SourcePort != 0)
            {
                o.PortText = o.SourcePort.ToString(CultureInfo.InvariantCulture);
            }
            else if (positional.Count == 2)
            {
                o.Host = positional[0];
                o.PortText = positional[1];
            }
            else
            {
                throw new CommandException(Usage, 1);
            }
        }
        else
        {
            if (positional.Count != 2)
            {
                throw new CommandException(Usage, 1);
            }
            o.Host = positional[0];
            o.PortText = positional[1];
        }
        if (!ushort.TryParse(o.PortText, NumberStyles.None, CultureInfo.InvariantCulture, out ushort port) || port == 0)
        {
            throw new CommandException($"nc: port number invalid: {o.PortText}", 1);
        }
        o.Port = port;
        return o;
    }

    public const string Usage = "usage: nc [-46CDdFhklNnrStUuvZz] [-I length] [-i interval] [-M ttl]\n\t  [-m minttl] [-O length] [-P proxy_username] [-p source_port]\n\t  [-q seconds] [-s sourceaddr] [-T keyword] [-V rtable] [-W recvlimit]\n\t  [-w timeout] [-X proxy_protocol] [-x proxy_address[:port]]\n\t  [destination] [port]";
}
