using VNetEmu.Engine.Devices;
using VNetEmu.Engine.Namespaces;
using VNetEmu.Scripting.Runtime;
using VNetEmu.Wire;

namespace VNetEmu.Scripting.Commands.Ip;

/// <summary>One `ip` invocation: the namespace, options, the words after the object, and the output.</summary>
public sealed class IpContext(CommandContext command, IpOptions options, List<string> args)
{
    public CommandContext Command { get; } = command;
    public NetNamespace Ns => Command.Namespace;
    public Emulator Emulator => Command.Emulator;
    public IpOptions Options { get; } = options;
    public List<string> Args { get; } = args;
    public TextWriter Out { get; set; } = TextWriter.Null;

    public NetDevice Device(string name)
    {
        if (!Ns.TryGetDevice(name, out NetDevice device))
        {
            CommandException.Throw($"Cannot find device \"{name}\"", 1);
        }
        return device;
    }

    /// <summary>The word after <paramref name="i"/>, or iproute2's "Command line is not complete".</summary>
    public string Next(ref int i)
    {
        if (i + 1 >= Args.Count)
        {
            CommandException.Throw("Command line is not complete. Try option \"help\"", 255);
        }
        return Args[++i];
    }

    public static MacAddress ParseMac(string text)
    {
        if (!MacAddress.TryParse(text, out MacAddress mac))
        {
            CommandException.Throw($"\"{text}\" is invalid lladdr.", 255);
        }
        return mac;
    }

    public static Ipv4Prefix ParsePrefix(string text, string what = "inet prefix")
    {
        if (!Ipv4Prefix.TryParse(text, out Ipv4Prefix prefix))
        {
            CommandException.Throw($"Error: {what} is expected rather than \"{text}\".", 1);
        }
        return prefix;
    }

    public static Ipv4Address ParseAddress(string text, string what = "inet address")
    {
        if (!Ipv4Address.TryParse(text, out Ipv4Address address))
        {
            CommandException.Throw($"Error: {what} is expected rather than \"{text}\".", 1);
        }
        return address;
    }

    public static int ParseInt(string text, string what)
    {
        if (!int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int value))
        {
            CommandException.Throw($"Error: argument \"{text}\" is wrong: {what}", 255);
        }
        return value;
    }
}
