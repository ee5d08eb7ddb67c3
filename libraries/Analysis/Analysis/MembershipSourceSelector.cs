using OrdersAspire.Analysis.Configuration;

namespace OrdersAspire.Analysis;

/// <summary>Chooses, per group and per sample, where the group's members come from: the broker (DescribeConsumerGroups)
/// or the consumers' reports. With <c>auto</c> a group asks the broker until a call fails; it then uses the reports and
/// asks the broker again after a back-off (one sample, doubling up to <see cref="MaxBackoff"/>), so a broker that
/// answers again is used again. One group's failure never changes another group's choice. No I/O, time from the
/// caller; not thread-safe (the sampler owns it).</summary>
public sealed class MembershipSourceSelector(string mode, TimeSpan sampleInterval)
{
    public static readonly TimeSpan MaxBackoff = TimeSpan.FromMinutes(1);

    private readonly Dictionary<string, (int Failures, DateTimeOffset RetryAt)> _failed = new(StringComparer.Ordinal);

    /// <summary>Whether this sample of <paramref name="group"/> should ask the broker to describe it.</summary>
    public bool ShouldAskBroker(string group, DateTimeOffset now) => mode switch
    {
        MembershipSources.Reports => false,
        MembershipSources.Admin => true,
        _ => !_failed.TryGetValue(group, out var f) || now >= f.RetryAt,
    };

    /// <summary>Records this sample's outcome (<paramref name="brokerAnswered"/> null when the broker was not asked)
    /// and returns the source the sample uses: <c>admin</c> when the broker described the group, <c>reports</c>
    /// otherwise.</summary>
    public string Record(string group, bool? brokerAnswered, DateTimeOffset now)
    {
        switch (brokerAnswered)
        {
            case true:
                _failed.Remove(group);
                return MembershipSources.Admin;
            case false:
                var failures = _failed.TryGetValue(group, out var f) ? f.Failures + 1 : 1;
                var backoff = TimeSpan.FromTicks(Math.Min(MaxBackoff.Ticks, sampleInterval.Ticks * (1L << Math.Min(failures - 1, 20))));
                _failed[group] = (failures, now + backoff);
                return MembershipSources.Reports;
            default:
                return MembershipSources.Reports;
        }
    }
}
