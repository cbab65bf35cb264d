using VNetEmu.Netfilter.Matches;

namespace VNetEmu.Netfilter.Runtime;

/// <summary>Per-rule state of the stateful matches: the limit token bucket and the nth counter.</summary>
public sealed class RuleState
{
    private bool _primed;
    private long _credit;
    private long _last;
    private uint _count;

    /// <summary>xt_limit: one packet costs Average/10000 s of credit; the bucket holds Burst packets.</summary>
    public bool Limit(LimitMatch m, long now)
    {
        long cost = (long)m.Average * 1_000_000_000L / LimitMatch.Scale;
        long cap = cost * Math.Max(1u, m.Burst);
        if (!_primed)
        {
            _primed = true;
            _credit = cap;
            _last = now;
        }
        _credit = Math.Min(cap, _credit + (now - _last));
        _last = now;
        if (_credit >= cost)
        {
            _credit -= cost;
            return true;
        }
        return false;
    }

    /// <summary>xt_statistic nth mode: a counter 0..every that matches when it reaches packet.</summary>
    public bool Nth(StatisticMatch m)
    {
        _count = _count == m.Every ? 0 : _count + 1;
        return _count == m.Packet;
    }
}
