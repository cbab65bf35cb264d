using VNetEmu.Scripting.Runtime;
using VNetEmu.Wire;

namespace VNetEmu.Scripting.Commands;

public sealed partial class NcProcess
{
    private void StartTcpClient(Ipv4Address host)
    {
        Err("nc: TCP is not available in this build of vnetemu");
        Exit(1);
        _ = host;
    }

    private void StartTcpListener(Ipv4Address host)
    {
        Err("nc: TCP is not available in this build of vnetemu");
        Exit(1);
        _ = host;
    }

    private void CloseTcp()
    {
    }
}
