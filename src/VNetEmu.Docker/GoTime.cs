using System.Globalization;

namespace VNetEmu.Docker;

/// <summary>Times as Docker prints them: RFC 3339 with trailing-zero-trimmed nanoseconds (Go's RFC3339Nano), and
/// the human durations of `docker ps` (go-units HumanDuration).</summary>
public static class GoTime
{
    public static string Rfc3339Nano(DateTimeOffset t)
    {
        DateTimeOffset u = t.ToUniversalTime();
        long ticks = u.Ticks % TimeSpan.TicksPerSecond;
        string frac = ticks == 0 ? "" : "." + (ticks * 100).ToString("D9", CultureInfo.InvariantCulture).TrimEnd('0');
        return u.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture) + frac + "Z";
    }

    /// <summary>go-units HumanDuration: "Less than a second", "3 seconds", "About a minute", "5 minutes", "About an hour"…</summary>
    public static string HumanDuration(TimeSpan d)
    {
        double seconds = d.TotalSeconds;
        if (seconds < 1)
        {
            return "Less than a second";
        }
        if (seconds < 2)
        {
            return "1 second";
        }
        if (seconds < 60)
        {
            return $"{(int)seconds} seconds";
        }
        double minutes = d.TotalMinutes;
        if ((int)minutes == 1)
        {
            return "About a minute";
        }
        if (minutes < 60)
        {
            return $"{(int)minutes} minutes";
        }
        double hours = Math.Round(d.TotalHours);
        if ((int)hours == 1)
        {
            return "About an hour";
        }
        if (hours < 48)
        {
            return $"{(int)hours} hours";
        }
        if (hours < 24 * 7 * 2)
        {
            return $"{(int)(hours / 24)} days";
        }
        if (hours < 24 * 30 * 2)
        {
            return $"{(int)(hours / 24 / 7)} weeks";
        }
        if (hours < 24 * 365 * 2)
        {
            return $"{(int)(hours / 24 / 30)} months";
        }
        return $"{(int)(hours / 24 / 365)} years";
    }
}
