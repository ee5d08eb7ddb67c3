using System.Diagnostics;
using OpenTelemetry;

namespace OrdersAspire.Bench.Pipeline;

/// <summary>An OpenTelemetry processor that only counts ended spans: proves tracing was really on (spans sampled and
/// recorded by the SDK) without an exporter's cost.</summary>
public sealed class SpanCounter : BaseProcessor<Activity>
{
    private long _ended;

    public long Ended => Interlocked.Read(ref _ended);

    public override void OnEnd(Activity data) => Interlocked.Increment(ref _ended);
}
