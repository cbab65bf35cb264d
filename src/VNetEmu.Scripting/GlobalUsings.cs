global using VNetEmu.Host;
