namespace VNetEmu.Scripting.Runtime;

/// <summary>What the C library's strerror says for a failed file operation, so that messages read like a Linux
/// tool's ("No such file or directory", "Is a directory") rather than .NET's exception texts.</summary>
public static class OsError
{
    public static string Text(Exception e, string path) => e switch
    {
        FileNotFoundException or DirectoryNotFoundException => "No such file or directory",
        UnauthorizedAccessException when Directory.Exists(path) => "Is a directory",
        UnauthorizedAccessException => "Permission denied",
        PathTooLongException => "File name too long",
        _ => e.Message.ReplaceLineEndings(" ").Trim(),
    };
}
