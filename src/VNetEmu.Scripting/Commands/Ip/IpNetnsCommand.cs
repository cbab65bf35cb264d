using VNetEmu.Engine.Namespaces;
using VNetEmu.Scripting.Runtime;

namespace VNetEmu.Scripting.Commands.Ip;

/// <summary>`ip netns add|del|list|exec`.</summary>
public static class IpNetnsCommand
{
    public static ScriptProcess Run(IpContext ip, Func<CommandContext, ScriptProcess> dispatch)
    {
        List<string> a = ip.Args;
        string sub = a.Count > 0 ? a[0] : "list";
        var emulator = ip.Emulator;
        if (a.Count > 1 && InvalidName(a[1]))
        {
            // ip/ipnetns.c do_netns: checked before any subcommand, exit(-1).
            return Fail($"Invalid netns name \"{CString(a[1])}\"", 255);
        }
        if (sub == "exec")
        {
            if (a.Count < 2)
            {
                return Fail("No netns name specified", 255);
            }
            NetNamespace? ns = emulator.FindNamespace(a[1]);
            if (ns is null)
            {
                return Fail($"Cannot open network namespace \"{a[1]}\": No such file or directory", 255);
            }
            if (a.Count < 3)
            {
                return Fail("No command specified", 255);
            }
            return dispatch(ip.Command with { Namespace = ns, Args = a.Skip(2).ToList() });
        }
        return new InstantProcess((stdout, stderr) =>
        {
            switch (sub)
            {
                case "add":
                    if (a.Count < 2)
                    {
                        stderr.Write("No netns name specified\n");
                        return 255;
                    }
                    if (emulator.FindNamespace(a[1]) is not null)
                    {
                        stderr.Write($"Cannot create namespace file \"/var/run/netns/{a[1]}\": File exists\n");
                        return 1;
                    }
                    emulator.World.AddNamespace(a[1]);
                    return 0;
                case "del" or "delete":
                    if (a.Count < 2)
                    {
                        stderr.Write("No netns name specified\n");
                        return 255;
                    }
                    if (emulator.DetachNamespace(a[1]))
                    {
                        return 0; // an attached name: only the name goes
                    }
                    NetNamespace? ns = emulator.FindNamespace(a[1]);
                    if (ns is null)
                    {
                        stderr.Write($"Cannot remove namespace file \"/var/run/netns/{a[1]}\": No such file or directory\n");
                        return 1;
                    }
                    emulator.World.RemoveNamespace(ns);
                    return 0;
                case "attach":
                    if (a.Count != 3 || !int.TryParse(a[2], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int pid))
                    {
                        stderr.Write("Usage: ip netns attach NAME PID\n");
                        return 255;
                    }
                    NetNamespace? target = emulator.Processes.Find(pid)?.Namespace;
                    if (target is null)
                    {
                        stderr.Write($"Cannot open network namespace of pid {pid}: No such file or directory\n");
                        return 1;
                    }
                    if (!emulator.AttachNamespace(a[1], target))
                    {
                        stderr.Write($"Cannot create namespace file \"/var/run/netns/{a[1]}\": File exists\n");
                        return 1;
                    }
                    return 0;
                case "list" or "show" or "ls":
                    foreach (string attached in emulator.AttachedNamespaces.Keys.Reverse())
                    {
                        stdout.Write(attached + "\n");
                    }
                    foreach (NetNamespace listed in emulator.World.Namespaces.Values.Reverse())
                    {
                        if (!listed.Hidden)
                        {
                            stdout.Write(listed.Name + "\n");
                        }
                    }
                    return 0;
                default:
                    stderr.Write($"Command \"{sub}\" is unknown, try \"ip netns help\".\n");
                    return 255;
            }
        });
    }

    /// <summary>iproute2's invalid_name(): empty, longer than NAME_MAX (255 bytes), a '/', "." or "..". A NUL byte
    /// cannot reach a real program's argv; here it is refused as well rather than silently cutting the name.</summary>
    public static bool InvalidName(string name) =>
        name.Length == 0 || name.Contains('\0') || System.Text.Encoding.UTF8.GetByteCount(name) > 255
        || name.Contains('/') || name is "." or "..";

    /// <summary>The name as printf("%s") shows it: up to its first NUL.</summary>
    private static string CString(string s) => s.IndexOf('\0') is int i and >= 0 ? s[..i] : s;

    private static ScriptProcess Fail(string message, int code) => new InstantProcess((_, err) =>
    {
        err.Write(message + "\n");
        return code;
    });
}
